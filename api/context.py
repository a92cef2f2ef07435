"""Serves each request with the store that `create_app` registered."""

from __future__ import annotations

from flask import current_app

from policykg.queries.store import Store

STORE_KEY = "policykg.store"


def current_store() -> Store:
    return current_app.extensions[STORE_KEY]
