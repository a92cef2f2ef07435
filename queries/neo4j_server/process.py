"""Runs, finds and ends the server's JVM: a detached process recorded in a pid file.

A pid is trusted only while /proc shows it still running Neo4j's entry point for this home
directory, so a stale pid file (after a reboot, or a reused pid) never leads `stop` to signal
some other process.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

from policykg.errors import StoreError
from policykg.queries.neo4j_server.layout import ENTRY_POINT, ServerLayout


def spawn(command: list[str], log: Path, env: dict[str, str]) -> int:
    """Starts `command` in its own session (so a terminal's Ctrl-C does not reach it), output to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawn(command[0], command, env, file_actions=actions, setsid=True)


def read_pid(layout: ServerLayout) -> int | None:
    try:
        return int(layout.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def write_pid(layout: ServerLayout, pid: int) -> None:
    layout.pid_file.parent.mkdir(parents=True, exist_ok=True)
    layout.pid_file.write_text(f"{pid}\n")


def clear_pid(layout: ServerLayout) -> None:
    layout.pid_file.unlink(missing_ok=True)


def running_pid(layout: ServerLayout) -> int | None:
    """The pid of this home's server if it is running; removes a stale pid file."""
    pid = read_pid(layout)
    if pid is None:
        return None
    if is_alive(pid) and _runs_server_of(pid, layout):
        return pid
    clear_pid(layout)
    return None


def is_alive(pid: int) -> bool:
    """True while `pid` runs; reaps it first if it is our own exited child (a test or `start` caller)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _proc_state(pid) not in {"Z", "X"}


def _proc_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _runs_server_of(pid: int, layout: ServerLayout) -> bool:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no /proc (macOS): trust the pid file
    except OSError:
        return False
    return ENTRY_POINT.encode() in argv and f"--home-dir={layout.root}".encode() in argv


def terminate(pid: int, grace_s: float) -> None:
    """SIGTERM (Neo4j checkpoints and stops cleanly), then SIGKILL if it is still there after `grace_s`."""
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, 10.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        if wait_gone(pid, wait_s):
            return
    raise StoreError(f"Neo4j server pid {pid} survived SIGKILL; it may belong to another user")


def wait_gone(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while is_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True if something accepts connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def wait_port_free(port: int, timeout_s: float, host: str = "127.0.0.1") -> bool:
    """True once nothing accepts connections on host:port, False if something still does after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while port_in_use(port, host):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
