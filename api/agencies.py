"""Serves the agencies: search by name or alias, and the obligations an agency carries."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, request

from policykg.api.context import current_store
from policykg.api.paging import page
from policykg.errors import InvalidRequest

bp = Blueprint("agencies", __name__)
MAX_QUERY_CHARS = 100


@bp.get("/api/agencies")
def search_agencies():
    q = request.args.get("q", "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise InvalidRequest(f"q has {len(q)} characters; at most {MAX_QUERY_CHARS} are accepted", field="q")
    agencies, headers = page(current_store().agencies(q), key=lambda agency: (agency.name, agency.id))
    return [asdict(agency) for agency in agencies], headers


@bp.get("/api/agencies/<agency_id>/obligations")
def agency_obligations(agency_id: str):
    return asdict(current_store().obligations_of(agency_id))
