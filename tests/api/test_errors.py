"""Every failure the API can give is JSON `{"error": {code, message, field}}` with its status."""

from __future__ import annotations

import logging

import pytest

from policykg.api.app import create_app


@pytest.fixture
def client(mini_store, settings):
    return create_app(settings, mini_store).test_client()


def _error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.is_json
    return response.get_json()["error"]


def test_unknown_policy_is_404_json_naming_the_id(client):
    error = _error(client.get("/api/policies/nowhere-1999"), 404)
    assert error["code"] == "not-found"
    assert "nowhere-1999" in error["message"]
    assert error["field"] == "policy_id"


def test_unknown_clause_is_404_json(client):
    error = _error(client.get("/api/clauses/zhanqian-2024/9.9"), 404)
    assert "zhanqian-2024/9.9" in error["message"]


def test_unknown_agency_is_404_json(client):
    assert _error(client.get("/api/agencies/no-such-agency/obligations"), 404)["field"] == "agency_id"


@pytest.mark.parametrize("path, field", [
    ("/api/policies/a b", "policy_id"), ("/api/clauses/<x>/1", "clause_id"),
    ("/api/agencies/{x}/obligations", "agency_id"), ('/api/policies/"zhanqian-2024"', "policy_id"),
])
def test_an_id_no_iri_can_hold_is_a_quiet_404(client, caplog, path, field):
    with caplog.at_level(logging.WARNING):
        assert _error(client.get(path), 404)["field"] == field
    assert caplog.records == []  # rdflib used to warn of an invalid URI on every such request


def test_unknown_route_is_404_json(client):
    error = _error(client.get("/api/nothing-here"), 404)
    assert "/api/nothing-here" in error["message"]


def test_wrong_method_is_405_json_listing_the_allowed_ones(client):
    response = client.post("/api/policies")
    error = _error(response, 405)
    assert "GET" in error["message"]
    assert "GET" in response.headers["Allow"]


def test_overlong_agency_query_is_400_naming_the_field(client):
    assert _error(client.get("/api/agencies", query_string={"q": "局" * 101}), 400)["field"] == "q"


def test_an_unexpected_exception_is_logged_and_answered_500_json(mini_store, settings, caplog):
    app = create_app(settings, mini_store)

    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/api/broken", view_func=broken)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/api/broken")
    error = _error(response, 500)
    assert error["code"] == "internal-error"
    assert "boom" not in error["message"]  # internals stay in the log
    assert "boom" in caplog.text
