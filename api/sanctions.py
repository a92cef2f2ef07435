"""Serves the sanction vocabulary, each sanction with the clauses that prescribe it."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint

from policykg.api.context import current_store

bp = Blueprint("sanctions", __name__)


@bp.get("/api/sanctions")
def list_sanctions():
    return [asdict(entry) for entry in current_store().sanctions()]
