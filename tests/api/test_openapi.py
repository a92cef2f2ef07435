"""The OpenAPI description and the URL map agree, both ways."""

from __future__ import annotations

import re

import pytest

from policykg.api.app import create_app

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def app(mini_store, settings):
    return create_app(settings, mini_store)


def _routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            routes |= {(path, method.lower()) for method in rule.methods if method.lower() in HTTP_METHODS}
    return routes


def _described(client) -> set[tuple[str, str]]:
    document = client.get("/api/openapi.json").get_json()
    return {
        (path, method)
        for path, operations in document["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def test_openapi_describes_every_api_route(app):
    missing = _routes(app) - _described(app.test_client())
    assert not missing, f"routes missing from api/openapi.yaml: {sorted(missing)}"


def test_openapi_describes_no_route_the_app_lacks(app):
    extra = _described(app.test_client()) - _routes(app)
    assert not extra, f"api/openapi.yaml describes routes the app does not serve: {sorted(extra)}"


def test_openapi_path_parameters_match_the_placeholders(app):
    document = app.test_client().get("/api/openapi.json").get_json()
    for path, operations in document["paths"].items():
        placeholders = set(re.findall(r"{([a-z_]+)}", path))
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == placeholders, f"{method.upper()} {path}"
