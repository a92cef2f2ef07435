"""Serves the web page at `/`: describe an event, see what sanctions apply and why."""

from __future__ import annotations

from flask import Blueprint, render_template

from policykg.api.context import current_store

bp = Blueprint("page", __name__)  # templates/ and static/ are the app's own folders


@bp.get("/")
def index():
    return render_template("index.html", policy_count=current_store().policy_count())
