"""Serves one clause: its text, the agencies it names by role, its sanctions and obligations."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint

from policykg.api.context import current_store

bp = Blueprint("clauses", __name__)


# Clause ids contain a slash (zhanqian-2024/5.2), hence the path converter.
@bp.get("/api/clauses/<path:clause_id>")
def show_clause(clause_id: str):
    return asdict(current_store().clause(clause_id))
