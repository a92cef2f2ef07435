"""Temporary files of interrupted writes: left by a write killed before its rename, removed
when a store next opens; a live writer's temporary file is never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from policykg.queries.durable import write_durably
from policykg.queries.embedded import EmbeddedStore

# A writer that stops inside write_durably, its temporary file written but not yet renamed:
# it is killed there, as a crash or a SIGKILL would stop it.
_STALLED_WRITER = """
import os, sys, time
from pathlib import Path
from policykg.queries.durable import write_durably

def stall(fd):
    print("written", flush=True)
    time.sleep(600)

os.fsync = stall
write_durably(Path(sys.argv[1]), b'{"kind": "recorded"}', replace=False)
"""


def _stalled_writer(target: Path) -> subprocess.Popen:
    writer = subprocess.Popen([sys.executable, "-c", _STALLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "written"
    return writer


def _temporaries(home: Path) -> list[Path]:
    return sorted(home.rglob(".*.tmp"))


def test_a_write_killed_before_its_rename_leaves_a_temporary_file_the_next_open_removes(tmp_path):
    home = tmp_path / "home"
    EmbeddedStore.open(home)
    target = home / "events" / "journal" / "0000000001.json"
    target.parent.mkdir(parents=True)
    writer = _stalled_writer(target)
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate()
    assert [p.parent for p in _temporaries(home)] == [target.parent]  # the orphan is there
    store = EmbeddedStore.open(home)
    assert _temporaries(home) == []
    assert not target.exists() and store.events() == []


def test_the_temporary_file_of_a_writer_still_running_is_kept(tmp_path):
    home = tmp_path / "home"
    EmbeddedStore.open(home)
    writer = _stalled_writer(home / "manifest.json")
    try:
        live = _temporaries(home)
        EmbeddedStore.open(home)
        assert _temporaries(home) == live and len(live) == 1
    finally:
        writer.kill()
        writer.communicate()


def test_temporary_files_named_before_the_pid_was_in_the_name_go_once_old(tmp_path):
    home = tmp_path / "home"
    EmbeddedStore.open(home)
    old, fresh = home / "generations" / ".3.evaluation.json.k2j4h5g6.tmp", home / ".manifest.json.a1b2c3d4.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    EmbeddedStore.open(home)
    assert _temporaries(home) == [fresh]


def test_a_completed_write_leaves_no_temporary_file(tmp_path):
    write_durably(tmp_path / "entry.json", b"{}", replace=False)
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]
