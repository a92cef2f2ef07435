"""Starts, stops and reports the project's own Neo4j server under `$POLICYKG_HOME/neo4j/`.

`start` returns only once Bolt answers `RETURN 1` with the configured password, so whatever
runs next (tests, `policykg sync`, the demo) can connect at once.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

from policykg.errors import StoreError, StoreUnavailable
from policykg.queries.neo4j_server import process
from policykg.queries.neo4j_server.layout import (
    LOOPBACK,
    POM,
    ServerConfig,
    ServerLayout,
    neo4j_version,
    read_ports,
    render_conf,
    server_command,
    set_password_command,
)
from policykg.queries.neo4j_server.toolchain import find_java, neo4j_classpath

START_TIMEOUT_S = 180.0
STOP_GRACE_S = 60.0
PORT_GRACE_S = 5.0
DEFAULT_CONFIG = ServerConfig()


@dataclass(frozen=True)
class ServerInfo:
    """A running server and how to reach it."""

    pid: int
    uri: str
    user: str
    password: str
    bolt_port: int
    http_port: int
    root: Path
    version: str
    already_running: bool

    @property
    def browser_url(self) -> str:
        return f"http://{LOOPBACK}:{self.http_port}/browser/"

    def env_lines(self) -> list[str]:
        """`NAME=value` lines a shell can `eval`; the same variables Settings.from_env reads."""
        values = {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}
        return [f"{name}={shlex.quote(value)}" for name, value in values.items()]


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_port: int
    http_port: int
    root: Path

    def describe(self) -> str:
        if not self.running:
            return f"stopped (home {self.root})"
        return (
            f"running pid={self.pid} bolt={LOOPBACK}:{self.bolt_port} "
            f"http={LOOPBACK}:{self.http_port} home={self.root}"
        )


def start(
    home: Path,
    config: ServerConfig = DEFAULT_CONFIG,
    *,
    environ: Mapping[str, str] | None = None,
    timeout_s: float = START_TIMEOUT_S,
) -> ServerInfo:
    """Starts the server (resolving its jars with Maven on first use), or finds it already running."""
    env = dict(os.environ if environ is None else environ)
    layout = ServerLayout.under(home)
    version = neo4j_version(POM.read_text())
    pid = process.running_pid(layout)
    if pid is not None:
        config = _running_config(layout, config)
        _wait_for_bolt(config, pid, layout, timeout_s)
        return _info(pid, config, layout, version, already_running=True)
    _check_ports_free(config)
    java = find_java(env)
    classpath = neo4j_classpath(layout.classpath_file, env)
    _prepare_home(layout, config, java, classpath, env)
    pid = process.spawn(server_command(java, classpath, layout, config), layout.console_log, env)
    process.write_pid(layout, pid)
    try:
        _wait_for_bolt(config, pid, layout, timeout_s)
    except BaseException:
        # Leave nothing half-started behind: the next start begins from a clean slate.
        process.terminate(pid, STOP_GRACE_S)
        process.clear_pid(layout)
        raise
    return _info(pid, config, layout, version, already_running=False)


def stop(home: Path, *, grace_s: float = STOP_GRACE_S) -> int | None:
    """Stops the server; returns the pid it stopped, or None if none was running."""
    layout = ServerLayout.under(home)
    pid = process.running_pid(layout)
    if pid is None:
        return None
    process.terminate(pid, grace_s)
    process.clear_pid(layout)
    return pid


def status(home: Path) -> ServerStatus:
    layout = ServerLayout.under(home)
    config = _running_config(layout, DEFAULT_CONFIG)
    pid = process.running_pid(layout)
    return ServerStatus(pid is not None, pid, config.bolt_port, config.http_port, layout.root)


def _running_config(layout: ServerLayout, wanted: ServerConfig) -> ServerConfig:
    """`wanted` with the ports of the neo4j.conf the server was last started with."""
    try:
        ports = read_ports(layout.conf_file.read_text())
    except OSError:
        return wanted
    return replace(wanted, bolt_port=ports.get("bolt", wanted.bolt_port), http_port=ports.get("http", wanted.http_port))


def _check_ports_free(config: ServerConfig) -> None:
    for kind, port in (("Bolt", config.bolt_port), ("HTTP", config.http_port)):
        # A server that was just killed still holds its sockets while the kernel tears down its
        # heap, and its pid may already be unverifiable (/proc/<pid>/cmdline empties first).
        if not process.wait_port_free(port, PORT_GRACE_S):
            raise StoreUnavailable(
                f"{kind} port {LOOPBACK}:{port} is taken by another process (not this POLICYKG_HOME's server); "
                "stop it, or start on other ports"
            )


def _prepare_home(layout: ServerLayout, config: ServerConfig, java: Path, classpath: list[Path], env: dict) -> None:
    for folder in (layout.conf_dir, layout.data_dir, layout.logs_dir):
        folder.mkdir(parents=True, exist_ok=True)
    layout.conf_file.write_text(render_conf(config))
    if layout.auth_file.exists():
        return
    admin_env = {**env, "NEO4J_HOME": str(layout.root), "NEO4J_CONF": str(layout.conf_dir)}
    result = subprocess.run(
        set_password_command(java, classpath, config), capture_output=True, text=True, env=admin_env, timeout=300
    )
    if result.returncode != 0:
        raise StoreError(f"neo4j-admin could not set the initial password under {layout.root}: {_first_line(result)}")


def _first_line(result: subprocess.CompletedProcess[str]) -> str:
    """The Java exception message, not its stack trace."""
    lines = (result.stderr + result.stdout).strip().splitlines()
    return lines[0] if lines else f"exit status {result.returncode}"


def _wait_for_bolt(config: ServerConfig, pid: int, layout: ServerLayout, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    with neo4j.GraphDatabase.driver(config.uri, auth=(config.user, config.password), connection_timeout=2.0) as driver:
        while True:
            if not process.is_alive(pid):
                raise StoreUnavailable(f"Neo4j exited while starting; see {layout.user_log} and {layout.console_log}")
            try:
                with driver.session() as session:
                    session.run("RETURN 1").consume()
                return
            except AuthError:
                raise StoreUnavailable(
                    f"Neo4j at {config.uri} rejected the password of user {config.user!r}: the database under "
                    f"{layout.data_dir} was initialised with another one; use that NEO4J_PASSWORD or delete "
                    f"{layout.data_dir} to start afresh"
                ) from None
            except (ServiceUnavailable, SessionExpired, TransientError, OSError):
                pass
            if time.monotonic() > deadline:
                raise StoreUnavailable(
                    f"Neo4j did not accept Bolt queries on {config.uri} within {timeout_s:.0f} s; see {layout.user_log}"
                )
            time.sleep(0.5)


def _info(pid: int, config: ServerConfig, layout: ServerLayout, version: str, *, already_running: bool) -> ServerInfo:
    return ServerInfo(
        pid=pid,
        uri=config.uri,
        user=config.user,
        password=config.password,
        bolt_port=config.bolt_port,
        http_port=config.http_port,
        root=layout.root,
        version=version,
        already_running=already_running,
    )
