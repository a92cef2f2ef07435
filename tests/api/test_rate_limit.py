"""POLICYKG_PUBLIC_RATE_LIMIT: unauthenticated callers limited, in the JSON error format;
the token holder never; no limit unless it is set."""

from __future__ import annotations

import pytest

from policykg.api.app import create_app
from policykg.errors import ConfigurationError
from policykg.settings import Settings

TOKEN = "limit-7f3c-token"


def client_with(seed_home, seed_store, **env):
    settings = Settings.from_env({"POLICYKG_HOME": str(seed_home), "POLICYKG_API_TOKEN": TOKEN, **env})
    return create_app(settings, seed_store).test_client()


def test_a_public_caller_over_the_limit_gets_a_json_429_with_retry_after(seed_home, seed_store):
    client = client_with(seed_home, seed_store, POLICYKG_PUBLIC_RATE_LIMIT="3/minute")
    # one budget over every endpoint together, not one per endpoint
    assert [client.get(path).status_code for path in ("/api/health", "/api/policies", "/api/sanctions")] == [200] * 3
    response = client.get("/api/health")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "too-many-requests"
    assert int(response.headers["Retry-After"]) > 0


def test_the_token_holder_is_not_limited_and_a_wrong_token_is_public(seed_home, seed_store):
    client = client_with(seed_home, seed_store, POLICYKG_PUBLIC_RATE_LIMIT="2/minute")
    authorised = {"Authorization": f"Bearer {TOKEN}"}
    assert {client.get("/api/events", headers=authorised).status_code for _ in range(6)} == {200}
    wrong = {"Authorization": "Bearer guessed"}
    assert [client.get("/api/health", headers=wrong).status_code for _ in range(3)] == [200, 200, 429]


def test_without_the_setting_nothing_is_limited(seed_home, seed_store):
    client = client_with(seed_home, seed_store)
    assert {client.get("/api/health").status_code for _ in range(200)} == {200}


def test_a_rate_that_is_not_one_is_a_configuration_error_naming_the_variable():
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env({"POLICYKG_PUBLIC_RATE_LIMIT": "lots"})
    assert raised.value.field == "POLICYKG_PUBLIC_RATE_LIMIT"
