"""Serves dishonesty records: recording events, listing and reading them with their current
evaluation, their responsibility chain, their lifecycle, and an official's records.

Writes and the audit views need `Authorization: Bearer <POLICYKG_API_TOKEN>` (api/auth.py).
The public sees records on display only (api/lifecycle.py) with officials' names masked
(api/masking.py). Nothing here logs a request body or a name.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from flask import Blueprint, current_app, request

from policykg.api.auth import caller_authorised, require_token
from policykg.api.chain import build_chain
from policykg.api.context import current_store
from policykg.api.evaluate import current_contexts, json_body
from policykg.api.lifecycle import ALLOWED, STATUS_LABELS, check_transition, display_of, evaluation_in_status, lifecycle_basis
from policykg.api.masking import mask_names
from policykg.api.records import new_record, new_transition
from policykg.errors import InvalidRequest, NotFound
from policykg.ontology.gazetteer import contains, jurisdiction_by_adcode, resolve_jurisdiction
from policykg.ontology.identifiers import clause_iri
from policykg.queries.events import EventRecord
from policykg.rules import Evaluation, evaluate_event, parse_event

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
    return [_summary(record, authorised) for record in records]


@bp.get("/api/events/<event_id>")
def get_event(event_id: str):
    authorised = caller_authorised()
    return _detail(_visible(event_id, authorised), authorised)


@bp.get("/api/events/<event_id>/chain")
def get_chain(event_id: str):
    authorised = caller_authorised()
    record = _visible(event_id, authorised)
    store = current_store()

    def agencies_of(clause_id: str) -> list[tuple[str, str]]:
        return [(row["role"], row["name"]) for row in store.rows("clause_agencies", policy=None, clause=clause_iri(clause_id))]

    return _masked(build_chain(record, _evaluation(record), agencies_of), record, authorised)


@bp.post("/api/events/<event_id>/transitions")
def transition_event(event_id: str):
    require_token()
    store = current_store()
    record = store.event(event_id)
    transition, corrected = new_transition(json_body(), record, _now())
    remedied = parse_event((corrected or record).data).remedied
    check_transition(record, transition.to_status, remedied=remedied)
    return _detail(store.record_transition(event_id, transition, corrected), authorised=True), 201


@bp.post("/api/officials/search")
def search_officials():
    """By POST, so that a name never appears in a URL (and so in no access log)."""
    require_token()
    body = json_body()
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip() or len(name) > 500:
        raise InvalidRequest("name: the official's name as recorded (1 to 500 characters)", field="name")
    return [_accountability(record, name) for record in current_store().events_of_official(name)]


# --- answers ---------------------------------------------------------------------------------


def _summary(record: EventRecord, authorised: bool) -> dict[str, Any]:
    display = _display(record)
    place = jurisdiction_by_adcode(record.jurisdiction_code)
    summary = {
        "id": record.id, "status": record.status, "status_label": STATUS_LABELS[record.status],
        "occurred_on": record.occurred_on.isoformat(), "recognised_on": record.recognised_on.isoformat(),
        "jurisdiction": place.full_name, "jurisdiction_code": place.adcode, "jurisdiction_path": list(place.path),
        "subject": {"kind": record.subject_kind, "name": record.subject_name},
        "agency": {"id": record.agency_id, "name": record.agency_name} if record.agency_name else None,
        "persons": [{"name": p.name, "role": p.role, "role_code": p.role_code} for p in record.persons],
        "displayed": display.displayed, "display_until": display.until.isoformat(), "hidden_because": display.reason,
        "recorded_at": record.recorded_at,
    }
    return _masked(summary, record, authorised)


def _detail(record: EventRecord, authorised: bool) -> dict[str, Any]:
    detail = _summary(record, authorised=True) | {"event": record.data, "evaluation": _evaluation(record).model_dump(mode="json")}
    detail["lifecycle_basis"] = lifecycle_basis(current_contexts().current().facts)
    if authorised:
        detail["recorded_by"] = record.recorded_by
        detail["allowed_transitions"] = list(ALLOWED[record.status])
        detail["transitions"] = [
            {"step": t.step, "from": t.from_status, "to": t.to_status, "actor": t.actor, "reason": t.reason,
             "at": t.at, "replaced_event": t.data}
            for t in record.transitions
        ]
    return _masked(detail, record, authorised)


def _accountability(record: EventRecord, name: str) -> dict[str, Any]:
    evaluation = _evaluation(record)
    return _summary(record, authorised=True) | {
        "accountable_as": [p.model_dump(mode="json") for p in evaluation.accountable_persons if p.name == name],
        "sanctions": [s.model_dump(mode="json") for s in evaluation.sanctions if s.target.name == name],
    }


def _evaluation(record: EventRecord) -> Evaluation:
    context = current_contexts().current()
    return evaluation_in_status(evaluate_event(parse_event(record.data), context.rulebook, context.facts), record)


def _masked(answer: dict[str, Any], record: EventRecord, authorised: bool) -> dict[str, Any]:
    if authorised:
        return answer
    names = [person.name for person in record.persons]
    if record.subject_kind == "official":
        names.append(record.subject_name)
    return mask_names(answer, names)


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
    status = args.get("status") or None
    if status is not None and status not in STATUS_LABELS:
        raise InvalidRequest(f"status: one of {', '.join(STATUS_LABELS)}", field="status")

    def keep(record: EventRecord) -> bool:
        return (
            (place is None or contains(place.adcode, record.jurisdiction_code))
            and (agency is None or agency in record.subject_name or agency in (record.agency_name or ""))
            and (start is None or record.occurred_on >= start)
            and (end is None or record.occurred_on <= end)
            and (status is None or record.status == status)
        )

    return keep


def _date_arg(args, name: str) -> date | None:
    value = args.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidRequest(f"{name}: expected an ISO date YYYY-MM-DD", field=name) from None


def _now() -> datetime:
    return datetime.now(timezone.utc)
