"""The contract is the server: schemathesis generates requests from api/openapi.yaml, valid
and invalid, and sends them to a live `policykg serve` (a subprocess, as a user runs it), on
each store. Every answer must be a documented status, never a 5xx, in the documented
content type, matching its schema; a request the description forbids (a missing required
field, a value out of bounds) must be refused with a 4xx, so the description cannot promise
less than the server enforces.

The number of examples per operation is bounded (CONTRACT_EXAMPLES, default 25) so that the
run stays in the suite; set it higher to probe harder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance, negative_data_rejection, not_a_server_error, response_schema_conformance,
    status_code_conformance,
)

from policykg.api.health import openapi_document

POLICYKG = Path(sys.executable).parent / "policykg"
TOKEN = "contract-7f3c-token"
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def contract_server(request, seed_home, tmp_path_factory, free_port, get_json_when_up):
    """`policykg serve` over a copy of the seed store, on the store of the parameter."""
    home = tmp_path_factory.mktemp(f"contract-{request.param}") / "home"
    shutil.copytree(seed_home, home)
    port = free_port()
    env = {**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_STORE": request.param, "POLICYKG_API_TOKEN": TOKEN}
    log = (home.parent / "serve.log").open("wb")
    process = subprocess.Popen([str(POLICYKG), "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            get_json_when_up(f"{base}/api/health", process=process)
        except AssertionError as exited:  # NEO4J_* names no server this run can reach
            if request.param != "neo4j" or os.environ.get("CI") == "true":
                raise
            pytest.skip(f"no Neo4j to test against (scripts/test.sh starts one): {exited}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


# The description the server serves at /api/openapi.json is this file, parsed (api/health.py).
schema = schemathesis.openapi.from_dict(openapi_document())


def test_the_server_serves_this_description(contract_server, get_json_when_up):
    assert get_json_when_up(f"{contract_server}/api/openapi.json") == openapi_document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_answer_keeps_the_contract(case, contract_server):
    """With the token, so that the write operations are reached; a missing or wrong token is
    tested by hand in test_events.py."""
    case.call_and_validate(base_url=contract_server, headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)
