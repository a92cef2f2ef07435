"""Serves what describes the service itself: its health and its OpenAPI description."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml
from flask import Blueprint

from policykg.api.context import current_store

bp = Blueprint("health", __name__)


@bp.get("/api/health")
def health():
    store = current_store()
    return {"status": "ok", "store": store.kind, "policies": store.policy_count()}


@bp.get("/api/openapi.json")
def openapi():
    return openapi_document()


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    """api/openapi.yaml, the contract, parsed once."""
    return yaml.safe_load(files("policykg.api").joinpath("openapi.yaml").read_text(encoding="utf-8"))
