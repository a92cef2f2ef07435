"""`policykg serve` answers over HTTP, from the store it finds under POLICYKG_HOME."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

POLICYKG = Path(sys.executable).parent / "policykg"


@pytest.fixture
def server(seed_home_copy, tmp_path, free_port):
    port = free_port()
    env = {**os.environ, "POLICYKG_HOME": str(seed_home_copy), "POLICYKG_STORE": "embedded"}
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen([str(POLICYKG), "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
        yield f"http://127.0.0.1:{port}"
        process.terminate()
        process.wait(timeout=30)


def test_serve_answers_health_and_policies_from_the_store(server, get_json_when_up):
    base = server
    assert get_json_when_up(f"{base}/api/health") == {"status": "ok", "store": "embedded", "policies": 5}
    policies = get_json_when_up(f"{base}/api/policies", timeout_s=5)
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
