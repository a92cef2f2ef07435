"""`policykg neo4j-server start|stop|status`: the project's own Neo4j from the command line.

`start` prints shell-style lines on stdout, so `eval "$(policykg neo4j-server start)"` sets
NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD; what it has to say to a person goes to stderr.
"""

from __future__ import annotations

from functools import wraps

import click

from policykg.errors import PolicykgError
from policykg.queries.neo4j_server.layout import ServerConfig
from policykg.queries.neo4j_server.lifecycle import START_TIMEOUT_S, STOP_GRACE_S, start, status, stop
from policykg.settings import Settings

# `status` exit code when the server is not running (LSB init-script convention).
NOT_RUNNING = 3


def _one_line_errors(command):
    """A PolicykgError becomes one `Error: …` line and exit status 1, never a traceback."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PolicykgError as error:
            raise click.ClickException(error.message) from None

    return run


@click.group(name="neo4j-server")
def neo4j_server() -> None:
    """The project's own Neo4j Community server (data under $POLICYKG_HOME/neo4j)."""


@neo4j_server.command(name="start")
@click.option("--bolt-port", default=ServerConfig.bolt_port, show_default=True, type=click.IntRange(1, 65535))
@click.option("--http-port", default=ServerConfig.http_port, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", "timeout_s", default=START_TIMEOUT_S, show_default=True, help="seconds to wait for Bolt")
@_one_line_errors
def start_command(bolt_port: int, http_port: int, timeout_s: float) -> None:
    """Start the server (first use downloads Neo4j with Maven) and print NEO4J_* lines."""
    settings = Settings.from_env()
    config = ServerConfig(
        bolt_port=bolt_port, http_port=http_port, user=settings.neo4j.user, password=settings.neo4j.password
    )
    info = start(settings.home, config, timeout_s=timeout_s)
    state = "already running" if info.already_running else "started"
    click.echo(f"Neo4j {info.version} {state}, pid {info.pid}; Browser at {info.browser_url}", err=True)
    for line in info.env_lines():
        click.echo(line)


@neo4j_server.command(name="stop")
@click.option("--grace", "grace_s", default=STOP_GRACE_S, show_default=True, help="seconds before SIGKILL")
@_one_line_errors
def stop_command(grace_s: float) -> None:
    """Stop the server and wait until its process is gone."""
    home = Settings.from_env().home
    pid = stop(home, grace_s=grace_s)
    click.echo(f"Neo4j stopped (pid {pid})" if pid else f"Neo4j was not running (home {home / 'neo4j'})")


@neo4j_server.command(name="status")
@_one_line_errors
def status_command() -> None:
    """Say whether the server runs, with its pid and ports; exit 3 if it does not."""
    current = status(Settings.from_env().home)
    click.echo(current.describe())
    if not current.running:
        raise SystemExit(NOT_RUNNING)
