"""Serves the sanction vocabulary, each sanction with the clauses that prescribe it."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint

from policykg.api.context import current_store
from policykg.api.paging import page

bp = Blueprint("sanctions", __name__)


@bp.get("/api/sanctions")
def list_sanctions():
    entries, headers = page(current_store().sanctions(), key=lambda entry: (entry.code,))
    return [asdict(entry) for entry in entries], headers
