"""The project's own Neo4j server: starts on first use, answers Cypher, serves the Browser, stops cleanly.

The server under test runs in a temporary POLICYKG_HOME on free ports, so it never disturbs
the server scripts/test.sh started for the other suites. With CI=true a server that cannot
start fails these tests; elsewhere a missing JDK or Maven skips them with the reason.
"""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from policykg.errors import ConfigurationError, StoreUnavailable
from policykg.queries.neo4j_server import ServerConfig, ServerInfo, start, status, stop
from policykg.queries.neo4j_server.cli import neo4j_server
from policykg.queries.neo4j_server.layout import read_ports, render_conf
from policykg.queries.neo4j_server.process import is_alive



@pytest.fixture(scope="module")
def server(tmp_path_factory, free_port) -> Iterator[tuple[Path, ServerInfo]]:
    home = tmp_path_factory.mktemp("policykg-home")
    try:
        info = start(home, ServerConfig(bolt_port=free_port(), http_port=free_port()))
    except ConfigurationError as error:  # no JDK 17/21 or no Maven on this machine
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"cannot run the project's Neo4j here: {error.message}")
    yield home, info
    stop(home)


def test_render_conf_listens_on_loopback_ports_that_status_reads_back():
    conf = render_conf(ServerConfig(bolt_port=17687, http_port=17474))
    assert read_ports(conf) == {"bolt": 17687, "http": 17474}
    assert "server.default_listen_address=127.0.0.1" in conf.splitlines()
    assert "dbms.security.auth_enabled=true" in conf.splitlines()


@pytest.mark.neo4j
def test_start_runs_cypher_over_bolt_with_the_dev_password(server):
    _, info = server
    assert (info.uri, info.user, info.password) == (f"bolt://127.0.0.1:{info.bolt_port}", "neo4j", "policykg-dev")
    with neo4j.GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query(
            "CREATE (p:Policy {title: $title}) RETURN p.title AS title",
            title="营口市站前区人民政府关于加强诚信政府建设的实施意见",
        )
    assert records[0]["title"] == "营口市站前区人民政府关于加强诚信政府建设的实施意见"


@pytest.mark.neo4j
def test_routing_uri_reaches_the_server_on_its_own_port(server):
    # neo4j:// follows the routing table, which names the advertised address: a wrong one
    # would send reads to the default port 7687 (another server, or nothing).
    _, info = server
    uri = f"neo4j://127.0.0.1:{info.bolt_port}"
    with neo4j.GraphDatabase.driver(uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", routing_=neo4j.RoutingControl.READ)
    assert records[0]["one"] == 1
    with urllib.request.urlopen(f"http://127.0.0.1:{info.http_port}/", timeout=30) as response:
        discovery = json.load(response)
    assert discovery["bolt_direct"] == info.uri


@pytest.mark.neo4j
def test_wrong_password_is_refused(server):
    _, info = server
    with neo4j.GraphDatabase.driver(info.uri, auth=(info.user, "not-the-password")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()


@pytest.mark.neo4j
def test_data_and_logs_live_under_policykg_home(server):
    home, info = server
    assert info.root == home.resolve() / "neo4j"
    assert (info.root / "data" / "databases" / "neo4j").is_dir()
    assert "Started." in (info.root / "logs" / "neo4j.log").read_text()


@pytest.mark.neo4j
def test_status_names_pid_and_ports(server):
    home, info = server
    current = status(home)
    assert (current.running, current.pid, current.bolt_port, current.http_port) == (
        True, info.pid, info.bolt_port, info.http_port,
    )
    result = CliRunner().invoke(neo4j_server, ["status"], env={"POLICYKG_HOME": str(home)})
    assert result.exit_code == 0
    assert f"running pid={info.pid} bolt=127.0.0.1:{info.bolt_port} http=127.0.0.1:{info.http_port}" in result.output


@pytest.mark.neo4j
def test_second_start_finds_the_running_server_and_prints_shell_lines(server):
    home, info = server
    args = ["start", "--bolt-port", str(info.bolt_port), "--http-port", str(info.http_port)]
    env = {"POLICYKG_HOME": str(home), "NEO4J_USER": None, "NEO4J_PASSWORD": None}
    result = CliRunner().invoke(neo4j_server, args, env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"NEO4J_URI=bolt://127.0.0.1:{info.bolt_port}",
        "NEO4J_USER=neo4j",
        "NEO4J_PASSWORD=policykg-dev",
    ]
    assert f"already running, pid {info.pid}" in result.stderr
    assert status(home).pid == info.pid


@pytest.mark.neo4j
def test_server_serves_neo4j_browser(server):
    _, info = server
    with urllib.request.urlopen(info.browser_url, timeout=30) as response:
        assert response.status == 200
        assert "<title>Neo4j Browser</title>" in response.read().decode("utf-8")


def test_start_names_a_port_taken_by_another_process(tmp_path, free_port):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with pytest.raises(StoreUnavailable, match=f"Bolt port 127.0.0.1:{taken} is taken"):
            start(tmp_path, ServerConfig(bolt_port=taken, http_port=free_port()))
        result = CliRunner().invoke(
            neo4j_server, ["start", "--bolt-port", str(taken)], env={"POLICYKG_HOME": str(tmp_path)}
        )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: Bolt port 127.0.0.1:{taken} is taken by another process (not this POLICYKG_HOME's server); "
        "stop it, or start on other ports"
    ]
    assert result.stdout == ""


def test_start_names_a_java_home_without_java(tmp_path, free_port):
    environ = {"JAVA_HOME": str(tmp_path / "no-jdk"), "PATH": os.environ.get("PATH", "")}
    with pytest.raises(ConfigurationError, match=f"JAVA_HOME={tmp_path / 'no-jdk'} has no bin/java"):
        start(tmp_path / "home", ServerConfig(bolt_port=free_port(), http_port=free_port()), environ=environ)


def test_status_of_a_home_without_a_server_says_stopped(tmp_path):
    result = CliRunner().invoke(neo4j_server, ["status"], env={"POLICYKG_HOME": str(tmp_path)})
    assert result.exit_code == 3
    assert result.output.startswith("stopped")


# Runs last in this module: it stops the module's server.
@pytest.mark.neo4j
def test_stop_leaves_no_process_behind(server):
    home, info = server
    assert stop(home) == info.pid
    assert not is_alive(info.pid)
    assert not (info.root / "run" / "neo4j.pid").exists()
    assert not status(home).running
    assert stop(home) is None
