"""Writes files whole or not at all, and durably: what both on-disk stores (the embedded
graph generations and the event journal) rest on.

A temporary file in the target's folder is written and fsynced, then either renamed over
the target (`replace=True`: readers see the old file or the new one, never half) or linked
as a new entry (`replace=False`: FileExistsError if the entry exists, so two writers can
never both take one journal number); the folder is fsynced so the name itself survives a
crash.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_durably(path: Path, data: bytes, *, replace: bool) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
