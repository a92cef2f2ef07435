"""The conformance suite's fixtures: one `store` per store kind, loaded with the five seeds,
and an `api` that asks it over HTTP and holds every answer against the embedded store's.

Every test here runs once per kind (rdflib's and fsspec's pattern: the shared suite is the
interface). The Neo4j half uses NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (scripts/test.sh
starts the project's server and exports them). When that server cannot be reached it
fails under CI=true and skips with the reason elsewhere.

An answer that differs between the stores is a bug in one of them. `Api.get` and
`Api.post` compare each answer with the embedded store's full JSON, so a test that asks a
question also checks conformance; the assertions in the tests check what the answer says.
Evaluation scenarios: ask `api.post("/api/evaluate", event)`; the comparison comes free.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from policykg.api.app import create_app
from policykg.errors import StoreUnavailable
from policykg.settings import Settings

STORE_KINDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def neo4j_settings(home: Path) -> Settings:
    """Settings for `home` with the Neo4j connection of this environment (NEO4J_*)."""
    return Settings.from_env({**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_STORE": "neo4j"})


def connect_or_skip(settings: Settings):
    """A Neo4jStore for `settings`; under CI=true an unreachable server fails the test."""
    from policykg.queries.neo4j_store import Neo4jStore

    try:
        return Neo4jStore.connect(settings)
    except StoreUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and Neo4j is not usable: {error.message}")
        pytest.skip(f"no Neo4j to test against: {error.message} (scripts/test.sh starts one)")


@pytest.fixture(scope="session")
def neo4j_seed_store(seed_home):
    store = connect_or_skip(neo4j_settings(seed_home))
    yield store
    store.close()


@pytest.fixture(scope="module", params=STORE_KINDS)
def store(request, seed_store):
    """The five seeds in a store of each kind. The Neo4j database is shared with other test
    modules, so it is synced again for each module (a no-op when nothing changed)."""
    if request.param == "embedded":
        return seed_store
    neo4j_store = request.getfixturevalue("neo4j_seed_store")
    neo4j_store.sync()
    return neo4j_store


@dataclass
class Api:
    """The API over one store; each answer is checked against the embedded store's."""

    kind: str
    client: FlaskClient
    reference: FlaskClient | None  # the embedded store's client; None when this is it

    def get(self, path: str, *, status: int = 200, **query: str) -> Any:
        return self._check(path, self.client.get(path, query_string=query),
                           lambda: self.reference.get(path, query_string=query), status)

    def post(self, path: str, body: Any, *, status: int = 200) -> Any:
        return self._check(path, self.client.post(path, json=body),
                           lambda: self.reference.post(path, json=body), status)

    def _check(self, path, response, ask_reference, status: int) -> Any:
        answer = response.get_json()
        assert response.status_code == status, (path, answer)
        if self.reference is not None:
            expected = ask_reference()
            assert (response.status_code, _comparable(path, answer)) == (
                expected.status_code, _comparable(path, expected.get_json())
            ), f"{path}: the {self.kind} store answers differently from the embedded store"
        return answer


def _comparable(path: str, answer: Any) -> Any:
    """The answer without /api/health's `store`, the one field meant to differ."""
    if path == "/api/health":
        return {key: value for key, value in answer.items() if key != "store"}
    return answer


@pytest.fixture(scope="module")
def embedded_client(seed_home, seed_store) -> FlaskClient:
    return create_app(Settings.from_env({"POLICYKG_HOME": str(seed_home)}), seed_store).test_client()


@pytest.fixture(scope="module")
def api(store, seed_home, embedded_client) -> Api:
    if store.kind == "embedded":
        return Api(store.kind, embedded_client, None)
    settings = neo4j_settings(seed_home)
    return Api(store.kind, create_app(settings, store).test_client(), embedded_client)
