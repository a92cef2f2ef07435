"""Serves the writing side of dishonesty records: request bodies checked field by field and
turned into records and transitions.

The body has passed api/bodies.py (size, depth, key counts, string lengths; lone
surrogates and control characters refused naming the field: they are not text). The
event itself is read by the rules' own `parse_event` (labels, dates, the gazetteer,
lengths of its texts, at most 50 persons, no day after today in China), and the record
keeps it normalised (`Event.as_posted`): keys the model does not know, at the top or
inside `subject` and `persons[]`, are dropped, not stored. Around it: an id that is safe
in a URL, who made the change. Odd but valid Unicode (emoji, right-to-left marks,
combining accents) and text that looks like SQL, Cypher or HTML are stored verbatim:
nothing here ever becomes a query or markup.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any

from policykg.errors import InvalidRequest, PolicykgError
from policykg.loaders.agencies import canonical_agency_name
from policykg.queries.events import EventPerson, EventRecord, Transition
from policykg.rules import parse_event
from policykg.rules.event import iso_date
from policykg.api.lifecycle import STATUS_LABELS

MAX_ACTOR = 100
MAX_REASON = 2000
MAX_AGENCY = 100
_EVENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
CHINA = timezone(timedelta(hours=8), "CST")  # the day an event occurs or is recognised on is China's


def new_record(body: Any, now: datetime, *, event_id: str | None = None, recognised_on: date | None = None) -> EventRecord:
    """The record a POST /api/events body asks for. A correction passes the record's id and
    its day of 认定, which the restated event keeps unless it gives another (it must still
    fall on or after the restated occurred_on).

    An official's own record may name the agency the official serves in
    (`subject.agency`, as the texts write agencies: 区财政局); the record's posts are then
    in that agency, and its chain reaches it. The event model ignores the field, so
    POST /api/evaluate is unchanged by it."""
    today = local_day(now)
    event = parse_event(body, today=today)
    event_id = event_id or _event_id(body.get("id"))
    recognised_on = _recognised_on(body.get("recognised_on"), event.occurred_on, today, recognised_on)
    data = event.as_posted() | {"id": event_id}
    if "recognised_on" in body:
        data["recognised_on"] = recognised_on.isoformat()
    served_in = _served_in(body["subject"], event.subject.kind)
    if served_in is not None:
        data["subject"]["agency"] = served_in
    agency = None
    if event.subject.kind != "official":
        agency, _ = canonical_agency_name(event.subject.name, event.jurisdiction)
    elif served_in is not None:
        agency, _ = canonical_agency_name(served_in, event.jurisdiction)
    return EventRecord(
        id=event_id, data=data, occurred_on=event.occurred_on, recognised_on=recognised_on,
        jurisdiction_code=event.jurisdiction.adcode, subject_kind=event.subject.kind, subject_name=event.subject.name,
        agency_name=agency, recorded_at=timestamp(now), recorded_by=_text(body, "recorded_by", MAX_ACTOR, "API token holder"),
        persons=tuple(EventPerson(p.name, p.role.label, p.role.code) for p in event.persons),
    )


def new_transition(body: Any, record: EventRecord, now: datetime) -> tuple[Transition, EventRecord | None]:
    """The transition a POST /api/events/<id>/transitions body asks for, and the corrected
    record when it is a correction that restates the event.

    Its step is the one after `record`'s last, or the body's `step` when the client says
    which step it means to make (it read the record at step - 1): the journal appends it
    only if the record is still there (optimistic concurrency), else 409."""
    if not isinstance(body, dict):
        raise InvalidRequest("a transition is a JSON object {to, reason, actor}", field="body")
    to = body.get("to")
    if not isinstance(to, str) or to not in STATUS_LABELS:
        raise InvalidRequest(f"to: one of {', '.join(STATUS_LABELS)}", field="to")
    step = body.get("step", len(record.transitions) + 1)
    if isinstance(step, bool) or not isinstance(step, int) or step < 1:
        raise InvalidRequest("step: the number this transition gets in the record's history (an integer from 1)",
                             field="step")
    corrected = None
    if body.get("event") is not None:
        if to != "corrected":
            raise InvalidRequest("event: only a correction (to: corrected) restates the event", field="event")
        try:
            corrected = new_record(body["event"], now, event_id=record.id, recognised_on=record.recognised_on)
        except PolicykgError as error:  # name the field inside the restated event
            error.field = f"event.{error.field}" if error.field and error.field != "body" else "event"
            raise
    transition = Transition(
        step=step, from_status=record.status, to_status=to,
        actor=_text(body, "actor", MAX_ACTOR), reason=_text(body, "reason", MAX_REASON), at=timestamp(now),
        data=record.data if corrected is not None else None,  # the version a correction replaces, kept
    )
    return transition, corrected


def timestamp(now: datetime) -> str:
    """ISO 8601 in UTC with microseconds, so that records sort in the order written."""
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_day(now: datetime) -> date:
    """The day it is in China at `now`."""
    return now.astimezone(CHINA).date()


def _event_id(value: Any) -> str:
    if value is None:
        return f"ev-{uuid.uuid4().hex}"
    if not isinstance(value, str) or not _EVENT_ID.fullmatch(value):
        raise InvalidRequest(
            "id: 1 to 100 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit (it becomes part of a URL)",
            field="id",
        )
    return value


def _recognised_on(value: Any, occurred_on: date, today: date, default: date | None) -> date:
    if value is None:
        if default is not None and default < occurred_on:  # a correction moving occurred_on past it
            raise InvalidRequest(
                f"recognised_on: the record was recognised (认定) on {default.isoformat()}, before the corrected "
                f"occurred_on {occurred_on.isoformat()}; give the correct recognised_on with the correction",
                field="recognised_on",
            )
        return default or today
    recognised = iso_date(value) if isinstance(value, str) else None
    if recognised is None:
        raise InvalidRequest("recognised_on: expected an ISO date YYYY-MM-DD", field="recognised_on")
    if not occurred_on <= recognised <= today:
        raise InvalidRequest("recognised_on: must fall between occurred_on and today", field="recognised_on")
    return recognised


def _served_in(subject: Any, kind: str) -> str | None:
    """`subject.agency`: the agency an official whose own record this is serves in."""
    value = subject.get("agency") if isinstance(subject, dict) else None
    if value is None:
        return None
    if kind != "official":
        raise InvalidRequest("subject.agency: only an official's own record names the agency they serve in; "
                             "for an agency or a government the subject is the agency", field="subject.agency")
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_AGENCY:
        raise InvalidRequest(f"subject.agency: the agency's name as the texts write it (1 to {MAX_AGENCY} characters)",
                             field="subject.agency")
    return value.strip()


def _text(body: dict, name: str, limit: int, default: str | None = None) -> str:
    value = body.get(name, default)
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequest(f"{name} is required: who made this change and why are recorded", field=name)
    if len(value) > limit:
        raise InvalidRequest(f"{name}: at most {limit} characters", field=name)
    return value
