"""Writes files whole or not at all, and durably: what both on-disk stores (the embedded
graph generations and the event journal) rest on.

A temporary file in the target's folder is written and fsynced, then either renamed over
the target (`replace=True`: readers see the old file or the new one, never half) or linked
as a new entry (`replace=False`: FileExistsError if the entry exists, so two writers can
never both take one journal number); the folder is fsynced so the name itself survives a
crash.

A write killed before its rename leaves its temporary file behind: `.<name>.<pid>.<random>.tmp`.
`remove_orphaned_temporaries`, called when a store opens, deletes those whose writer is no
longer running. Deciding by the process id, not by a lock or the file's age, lets it run
beside live writers of other processes (gunicorn workers, `policykg ingest`) without
taking a lock they wait on; a temporary file of a live writer is never touched. (A reused
pid keeps an orphan until the next open after that process ends: harmless.) This assumes
every writer runs on this machine, as POLICYKG_HOME is a local folder.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

# mkstemp's random part is 8 characters of [a-z0-9_]; files written before the pid was part of
# the name have none, and are orphans once older than any write takes.
_TEMPORARY = re.compile(r"\..+?\.(?:(?P<pid>[0-9]+)\.)?[a-z0-9_]{8}\.tmp")
_PIDLESS_AGE_S = 600


def write_durably(path: Path, data: bytes, *, replace: bool) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)  # unlike rename, refuses to replace an entry that exists
    finally:
        Path(temp).unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def remove_orphaned_temporaries(*folders: Path) -> list[Path]:
    """Delete the temporary files in `folders` (not below them: opening stays cheap however
    large the store) that interrupted writes left; return them."""
    removed = []
    for path in (path for folder in folders for path in folder.glob(".*.tmp")):
        match = _TEMPORARY.fullmatch(path.name)
        if match is None or not _orphaned(path, match["pid"]):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _orphaned(path: Path, pid: str | None) -> bool:
    if pid is None:
        try:
            return time.time() - path.stat().st_mtime > _PIDLESS_AGE_S
        except FileNotFoundError:
            return False
    if int(pid) == os.getpid():
        return False  # this process writes it now (another thread)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False
