"""Serves dishonesty records: recording events, listing and reading them with their current
evaluation, their responsibility chain, their lifecycle, and an official's records.

Writes and the audit views need `Authorization: Bearer <POLICYKG_API_TOKEN>` (api/auth.py).
The public sees records on display only (api/lifecycle.py) with officials' names masked
(api/masking.py): a public answer is built from the record with its names pseudonymised,
then each stand-in becomes the name's mask. Nothing here logs a request body or a name,
and no filter of GET /api/events matches a person's name (names travel only in the body
of POST /api/officials/search).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any, Callable

from flask import Blueprint, current_app, request

from policykg.api.auth import caller_authorised, require_token
from policykg.api.chain import build_chain
from policykg.api.context import current_store
from policykg.api.bodies import json_body
from policykg.api.evaluate import current_contexts
from policykg.api.evaluation import EvaluationContext
from policykg.api.lifecycle import (
    PROCEDURAL, STATUS_LABELS, allowed_moves, check_transition, display_of, evaluation_in_status, lifecycle_basis,
    transition_basis,
)
from policykg.api.masking import Pseudonyms
from policykg.api.records import new_record, new_transition
from policykg.errors import InvalidRequest, NotFound
from policykg.ontology.gazetteer import contains, jurisdiction_by_adcode, resolve_jurisdiction
from policykg.queries.events import EventRecord, check_unmoved
from policykg.rules import Evaluation, evaluate_event, parse_event
from policykg.rules.applicability import decide_policies
from policykg.rules.event import iso_date

bp = Blueprint("events", __name__)


@bp.post("/api/events")
def record_event():
    require_token()  # before the body is even read: a refused request writes nothing
    record = current_store().save_event(new_record(json_body(), _now()))
    return _detail(record, authorised=True), 201, {"Location": f"/api/events/{record.id}"}


@bp.get("/api/events")
def list_events():
    authorised = caller_authorised()
    keep = _filter(request.args)
    records = [r for r in current_store().events() if keep(r) and (authorised or _display(r).displayed)]
    return [_answer(record, authorised, _summary) for record in records]


@bp.get("/api/events/<event_id>")
def get_event(event_id: str):
    authorised = caller_authorised()
    return _detail(_visible(event_id, authorised), authorised)


@bp.get("/api/events/<event_id>/chain")
def get_chain(event_id: str):
    authorised = caller_authorised()
    record = _visible(event_id, authorised)
    store = current_store()
    context = current_contexts().current()

    def agencies_of(clause_id: str) -> list[tuple[str, str]]:
        return [(agency.role, agency.name) for agency in store.clause_agencies(clause_id)]

    def chain(view: EventRecord) -> dict[str, Any]:
        return build_chain(view, _evaluation(view, context), agencies_of, _served_in_obligations(view, context))

    return _answer(record, authorised, chain)


@bp.post("/api/events/<event_id>/transitions")
def transition_event(event_id: str):
    require_token()
    store = current_store()
    record = store.event(event_id)
    transition, corrected = new_transition(json_body(), record, _now())
    check_unmoved(record, transition)  # a client's `step` against the record as read; the journal checks again
    context = current_contexts().current()
    applicable = _applicable(record, context)
    repair_basis = transition_basis(context.facts, applicable, record.subject_kind, "repaired")
    check_transition(record, transition.to_status, allowed_moves(record, repair_basis))
    basis = transition_basis(context.facts, applicable, record.subject_kind, transition.to_status)
    transition = replace(transition, basis=tuple(basis))
    return _detail(store.record_transition(event_id, transition, corrected), authorised=True), 201


@bp.post("/api/officials/search")
def search_officials():
    """By POST, so that a name never appears in a URL (and so in no access log)."""
    require_token()
    body = json_body()
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip() or len(name) > 500:
        raise InvalidRequest("name: the official's name as recorded (1 to 500 characters)", field="name")
    context = current_contexts().current()
    return [_accountability(record, name, context) for record in current_store().events_of_official(name)]


# --- answers ---------------------------------------------------------------------------------


def _answer(record: EventRecord, authorised: bool, build: Callable[[EventRecord], dict[str, Any]]) -> dict[str, Any]:
    """`build(record)` for an authorised caller; for the public, built from the record with
    its names pseudonymised, each stand-in then shown as the name's mask (api/masking.py)."""
    if authorised:
        return build(record)
    pseudonyms = Pseudonyms(record)
    return pseudonyms.reveal(build(pseudonyms.record(record)))


def _summary(record: EventRecord) -> dict[str, Any]:
    display = _display(record)
    place = jurisdiction_by_adcode(record.jurisdiction_code)
    return {
        "id": record.id, "status": record.status, "status_label": STATUS_LABELS[record.status],
        "occurred_on": record.occurred_on.isoformat(), "recognised_on": record.recognised_on.isoformat(),
        "jurisdiction": place.full_name, "jurisdiction_code": place.adcode, "jurisdiction_path": list(place.path),
        "subject": {"kind": record.subject_kind, "name": record.subject_name},
        "agency": {"id": record.agency_id, "name": record.agency_name} if record.agency_name else None,
        "persons": [{"name": p.name, "role": p.role, "role_code": p.role_code} for p in record.persons],
        "displayed": display.displayed, "display_until": display.until.isoformat(), "hidden_because": display.reason,
        "recorded_at": record.recorded_at,
    }


def _detail(record: EventRecord, authorised: bool) -> dict[str, Any]:
    context = current_contexts().current()

    def detail(view: EventRecord) -> dict[str, Any]:
        evaluation = _evaluation(view, context)
        applicable = [policy.id for policy in evaluation.applicable_policies]
        answer = _summary(view) | {"event": view.data, "evaluation": evaluation.model_dump(mode="json")}
        answer["lifecycle_basis"] = lifecycle_basis(context.facts, applicable, view.subject_kind)
        if authorised:
            repair_basis = transition_basis(context.facts, applicable, view.subject_kind, "repaired")
            answer["recorded_by"] = view.recorded_by
            answer["allowed_transitions"] = list(allowed_moves(view, repair_basis))
            answer["transitions"] = [
                {"step": t.step, "from": t.from_status, "to": t.to_status, "actor": t.actor, "reason": t.reason,
                 "at": t.at, "replaced_event": t.data, "basis": list(t.basis), "procedural": t.to_status in PROCEDURAL}
                for t in view.transitions
            ]
        return answer

    return _answer(record, authorised, detail)


def _accountability(record: EventRecord, name: str, context: EvaluationContext) -> dict[str, Any]:
    evaluation = _evaluation(record, context)
    return _summary(record) | {
        "accountable_as": [p.model_dump(mode="json") for p in evaluation.accountable_persons if p.name == name],
        "sanctions": [s.model_dump(mode="json") for s in evaluation.sanctions if s.target.name == name],
    }


def _evaluation(record: EventRecord, context: EvaluationContext) -> Evaluation:
    return evaluation_in_status(evaluate_event(parse_event(record.data), context.rulebook, context.facts), record)


def _applicable(record: EventRecord, context: EvaluationContext) -> list[str]:
    """Ids of the loaded policies that apply to the record's event (where and when), decided
    as the engine decides them, without evaluating the event's rules."""
    event = parse_event(record.data)
    decided = decide_policies(context.facts, event.jurisdiction, event.occurred_on, list_unrelated=False)
    return [policy.id for policy, _ in decided.applicable]


def _served_in_obligations(record: EventRecord, context: EvaluationContext) -> list | None:
    """For an official's own record that names the agency they serve in, the clauses that
    bind that agency, matched as the engine matches an agency subject; None otherwise."""
    if record.subject_kind != "official" or record.agency_name is None:
        return None
    as_agency = parse_event({**record.data, "subject": {"kind": "agency", "name": record.agency_name}})
    return evaluate_event(as_agency, context.rulebook, context.facts).obligations


# --- visibility and filters ----------------------------------------------------------------------


def _visible(event_id: str, authorised: bool) -> EventRecord:
    """The record, if this caller may see it; the public gets the same 404 whether a record
    is hidden or absent, so hiding one discloses nothing."""
    try:
        record = current_store().event(event_id)
    except NotFound:
        if authorised:
            raise
        record = None
    if record is None or not (authorised or _display(record).displayed):
        raise NotFound(f"no event with id {event_id!r} is on public display", field="event_id")
    return record


def _display(record: EventRecord):
    return display_of(record, _now().date(), current_app.config["POLICYKG_SETTINGS"].display_period_days)


def _filter(args) -> Any:
    place = resolve_jurisdiction(args["jurisdiction"]) if args.get("jurisdiction") else None
    agency = args.get("agency") or None
    start, end = _date_arg(args, "from"), _date_arg(args, "to")
    status = args.get("status")
    if status is not None and status not in STATUS_LABELS:
        raise InvalidRequest(f"status: one of {', '.join(STATUS_LABELS)}", field="status")

    def keep(record: EventRecord) -> bool:
        return (
            (place is None or contains(place.adcode, record.jurisdiction_code))
            and (agency is None or _agency_matches(agency, record))
            and (start is None or record.occurred_on >= start)
            and (end is None or record.occurred_on <= end)
            and (status is None or record.status == status)
        )

    return keep


def _agency_matches(text: str, record: EventRecord) -> bool:
    """The `agency` filter: the agency's canonical name, or the subject as written when the
    subject is an agency or a government. Never a person's name (the subject of an
    official's own record is one), for any caller: a public filter that matched names would
    confirm a masked name to whoever guesses it, and put the name in the access log.
    Officials are found by POST /api/officials/search."""
    if record.agency_name is not None and text in record.agency_name:
        return True
    return record.subject_kind != "official" and text in record.subject_name


def _date_arg(args, name: str) -> date | None:
    """The parameter as a date; absent is None, anything but YYYY-MM-DD (an empty value too) a 400."""
    value = args.get(name)
    if value is None:
        return None
    day = iso_date(value)
    if day is None:
        raise InvalidRequest(f"{name}：须为 YYYY-MM-DD 格式的日期", field=name)
    return day


def _now() -> datetime:
    return datetime.now(timezone.utc)
