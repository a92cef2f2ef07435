"""Serves the auditor's page at `/audit`: stored records with their sanctions and a drawn
responsibility chain. The page holds no data of its own: it asks /api/events with the
token the auditor types (kept in the page's memory only), and without one it shows what
the public sees."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("audit", __name__)


@bp.get("/audit")
def audit():
    return render_template("audit.html")
