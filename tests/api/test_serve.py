"""`policykg serve` answers over HTTP, from the store it finds under POLICYKG_HOME."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

POLICYKG = Path(sys.executable).parent / "policykg"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(url: str, deadline: float):
    """GET url, retrying while the server starts; the deadline only bounds a hung start."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def server(seed_home_copy, tmp_path):
    port = _free_port()
    env = {**os.environ, "POLICYKG_HOME": str(seed_home_copy), "POLICYKG_STORE": "embedded"}
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen([str(POLICYKG), "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
        yield f"http://127.0.0.1:{port}"
        process.terminate()
        process.wait(timeout=30)


def test_serve_answers_health_and_policies_from_the_store(server):
    base = server
    assert _get_json(f"{base}/api/health", time.monotonic() + 120) == {"status": "ok", "store": "embedded", "policies": 5}
    policies = _get_json(f"{base}/api/policies", time.monotonic() + 5)
    assert "zhanqian-2024" in {p["id"] for p in policies}


def test_serve_on_a_taken_port_is_one_line(seed_home_copy):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "POLICYKG_HOME": str(seed_home_copy)}
        result = subprocess.run(
            [str(POLICYKG), "serve", "--port", str(port)], env=env, capture_output=True, text=True, timeout=300
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"policykg: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in result.stderr
