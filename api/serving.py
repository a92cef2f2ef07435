"""Serves the app over HTTP for `policykg serve`: gunicorn sync workers by default (POSIX),
Werkzeug's development server with `--dev`.

The command binds the listening socket itself (a taken port is one policykg line) and
closes its own store before gunicorn forks: each worker builds the app, and so opens the
store through `open_store(settings)`, after the fork. No store handle, driver connection
or database lock crosses a fork, and a store that admits one writer and many read-only
openers (Oxigraph's RocksDB) is opened the way each worker needs.
"""

from __future__ import annotations

import os
import signal
import socket

import click

from policykg.api.bodies import SERVER_HEADER_FIELD_LIMIT
from policykg.errors import PolicykgError
from policykg.settings import Settings

# The first evaluation in a worker builds the store's evaluation facts; on a large corpus
# that outlasts gunicorn's default 30 s, after which the master would kill the worker.
WORKER_TIMEOUT_S = 300


def default_workers() -> int:
    """One sync worker per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def production_available() -> bool:
    return os.name == "posix"


def serve_production(settings: Settings, listening: socket.socket, workers: int, announcement: str) -> None:
    """Run gunicorn over `listening` (which it takes over) until SIGINT or SIGTERM."""
    master = os.getpid()
    server = _gunicorn_application(settings, listening.detach(), workers, announcement)
    try:
        server.run()
    except SystemExit as stop:
        # The arbiter ends with sys.exit(): 0 after a signal, 3 when a worker could not boot.
        # A forked worker unwinds through here too: its exit code is the arbiter's to read.
        if os.getpid() == master and stop.code not in (None, 0):
            raise PolicykgError("gunicorn 的工作进程未能启动，原因见上方日志") from None
        raise


def serve_development(settings: Settings, listening: socket.socket, announcement: str) -> None:
    """Werkzeug's threaded server: one process, for working on the code (`--dev`)."""
    from werkzeug.serving import make_server

    from policykg.api.app import create_app
    from policykg.api.errors import JsonErrorRequestHandler

    app = create_app(settings)
    host, port = listening.getsockname()[:2]
    server = make_server(host, port, app, threaded=True, fd=listening.fileno(),
                         request_handler=JsonErrorRequestHandler)  # a 431 in JSON too
    signal.signal(signal.SIGTERM, _interrupt)  # stop as on Ctrl-C, closing the store
    click.echo(announcement, err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        _close_store(app)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _gunicorn_application(settings: Settings, fd: int, workers: int, announcement: str):
    from gunicorn.app.base import BaseApplication
    from gunicorn.arbiter import Arbiter

    class PolicykgApplication(BaseApplication):
        """gunicorn with its options given here, never read from the command line or a file."""

        def load_config(self) -> None:
            options = {
                "bind": [f"fd://{fd}"],
                "workers": workers,
                "worker_class": "sync",
                # headers up to this size reach the app, which answers oversized ones in JSON
                "limit_request_field_size": SERVER_HEADER_FIELD_LIMIT,
                "timeout": WORKER_TIMEOUT_S,
                "preload_app": False,  # each worker opens the store after the fork
                "proc_name": "policykg",
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",  # the start-up line below, not gunicorn's own, says where it serves
                "when_ready": lambda arbiter: click.echo(announcement, err=True),
                # Ctrl-C reaches every worker of the terminal's process group: finish the
                # request in hand, as on SIGTERM, rather than gunicorn's exit mid-answer.
                "post_worker_init": lambda worker: signal.signal(signal.SIGINT, worker.handle_exit),
                "worker_exit": lambda arbiter, worker: _close_store(getattr(worker, "wsgi", None)),
            }
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self):
            from policykg.api.app import create_app

            return create_app(settings)

        def run(self) -> None:
            GracefulArbiter(self).run()

    class GracefulArbiter(Arbiter):
        def handle_int(self) -> None:
            self.handle_term()  # Ctrl-C stops as SIGTERM does: the answers in hand are sent first

    return PolicykgApplication()


def _close_store(app) -> None:
    from policykg.api.context import STORE_KEY

    store = app.extensions.get(STORE_KEY) if app is not None else None
    if store is not None:
        store.close()


def announce(host: str, port: int, policies: int, store_kind: str, workers: int | None) -> str:
    """The one start-up line: where it serves, what, and how it stops."""
    how = f"{workers} 个工作进程（gunicorn）" if workers else "开发服务器（Werkzeug，仅供开发）"
    address = f"[{host}]" if ":" in host else host
    return (f"policykg：正在 http://{address}:{port}/ 提供服务，{store_kind} 存储，{policies} 项政策，"
            f"{how}；按 Ctrl-C 停止")

