"""Keeps dishonesty records on disk: an append-only journal under POLICYKG_HOME/events/.

    events/journal/0000000001.json   {"kind": "recorded", "record": {...}}
    events/journal/0000000002.json   {"kind": "transition", "event_id": ..., "transition": {...}, "corrected": {...} | null}

Each entry is its own file, written whole (temp file, fsync, rename) and never rewritten
or removed, so a crash leaves every earlier entry intact and no half entry visible. Writers
hold an exclusive lock on events/.lock while they check the journal (duplicate id, the
status and step a transition starts from) and append. The journal is apart from the policy
generations (manifest.json): recording an event never touches the policy graph or re-runs
its closure.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from policykg.errors import Conflict, NotFound, StoreError
from policykg.queries.durable import write_durably
from policykg.queries.events import (
    EventRecord, Transition, apply_transition, check_unmoved, record_from_json, record_to_json, transition_from_json,
)

_ENTRY = re.compile(r"^(\d{10})\.json$")


class EventJournal:
    """The records of one POLICYKG_HOME, replayed from its journal and kept current."""

    def __init__(self, home: Path) -> None:
        self.folder = home / "events" / "journal"
        self._lock = threading.Lock()
        self._seen: list[str] = []  # entry file names replayed so far, in order
        self._records: dict[str, EventRecord] = {}

    def records(self) -> dict[str, EventRecord]:
        """Every record by id, in the order recorded, after replaying new entries."""
        with self._lock:
            self._catch_up()
            return dict(self._records)

    def record(self, record: EventRecord) -> EventRecord:
        """Append `record` as a new record; Conflict if its id is taken."""
        def check(records: dict[str, EventRecord]) -> dict[str, Any]:
            if record.id in records:
                raise Conflict(f"an event with id {record.id!r} is already recorded", field="id")
            return {"kind": "recorded", "record": record_to_json(record)}
        self._append(check)
        return self.records()[record.id]

    def transition(self, event_id: str, transition: Transition, corrected: EventRecord | None) -> EventRecord:
        """Append `transition` to the record; Conflict unless the record is still where the
        transition was made from: its status transition.from_status and its last step
        transition.step - 1 (optimistic concurrency: a writer that read the record before
        someone else moved it, even back to the same status, is refused)."""
        def check(records: dict[str, EventRecord]) -> dict[str, Any]:
            if event_id not in records:
                raise NotFound(f"no event with id {event_id!r}", field="event_id")
            check_unmoved(records[event_id], transition)
            return {"kind": "transition", "event_id": event_id, "transition": asdict(transition),
                    "corrected": record_to_json(corrected) if corrected is not None else None}
        self._append(check)
        return self.records()[event_id]

    def _append(self, make_entry) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(self.folder.parent / ".lock", "a") as lock_file:
                fcntl.flock(lock_file, fcntl.LOCK_EX)
                try:
                    with self._lock:
                        self._catch_up()
                        entry = make_entry(self._records)
                        number = len(self._seen) + 1
                        data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
                        write_durably(self.folder / f"{number:010d}.json", data, replace=False)
                        self._catch_up()
                finally:
                    fcntl.flock(lock_file, fcntl.LOCK_UN)
        except OSError as error:
            raise StoreError(f"cannot write the event journal under {self.folder}: {error.strerror or error}")

    def _catch_up(self) -> None:
        """Replay the entries written since the last call (by this process or another)."""
        try:
            names = sorted(name for name in os.listdir(self.folder) if _ENTRY.match(name))
        except FileNotFoundError:
            return
        if names[: len(self._seen)] != self._seen:
            raise StoreError(f"the event journal {self.folder} lost entries; it is append-only")
        for name in names[len(self._seen):]:
            self._apply(name, _read(self.folder / name))
            self._seen.append(name)

    def _apply(self, name: str, entry: dict[str, Any]) -> None:
        if entry["kind"] == "recorded":
            record = record_from_json(entry["record"])
            self._records[record.id] = record
            return
        transition = transition_from_json(entry["transition"])
        corrected = record_from_json(entry["corrected"]) if entry["corrected"] else None
        self._records[entry["event_id"]] = apply_transition(self._records[entry["event_id"]], transition, corrected)


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"cannot read the event journal entry {path}: {error}")


