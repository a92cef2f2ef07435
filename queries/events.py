"""Asks the stores about dishonesty records: the record model, its RDF form, and the reads
both stores share.

A record is written once (`recorded`) and then only ever gains transitions (objection,
review, correction, revocation, credit repair); nothing is deleted. `event_graph(record)`
is the one RDF form of a record: the embedded store queries it with SPARQL, the Neo4j store
writes it through the same mapping as the policy graph (queries/sync.py). `EventReads`
turns the rows of the named queries `events`, `event_persons` and `event_transitions` into
records, once for both stores.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, XSD

from policykg.errors import Conflict, NotFound
from policykg.ontology.identifiers import agency_id, agency_iri, id_iri
from policykg.ontology.namespaces import ID, PKG, ROLE
from policykg.queries.store import Row, _iso

# Named queries that read records (the embedded store runs them on its events graph).
EVENT_STEMS = frozenset({"events", "event_persons", "event_transitions"})


@dataclass(frozen=True)
class EventPerson:
    """An official named on the event, in the post (role) they held in the agency."""

    name: str
    role: str  # Chinese label, 法定代表人
    role_code: str  # legal-representative


@dataclass(frozen=True)
class Transition:
    step: int  # from 1, in the order made
    from_status: str
    to_status: str
    actor: str
    reason: str
    at: str  # ISO 8601 UTC timestamp
    data: dict[str, Any] | None = None  # for a correction: the version of the event it replaced
    # The clauses the move rests on: {policy_id, clause_id, path, quote} each (api/lifecycle.py);
    # empty for a procedural step (under-review, upheld) or where no applicable text provides it.
    basis: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class EventRecord:
    """A stored dishonesty event: the event as posted (`data`), what the store indexes it by,
    and its history."""

    id: str
    data: dict[str, Any]  # the event in the API's format, re-evaluated on every read
    occurred_on: date
    recognised_on: date
    jurisdiction_code: str  # adcode
    subject_kind: str  # agency | government | official
    subject_name: str
    agency_name: str | None  # canonical name; None for an official's own record
    recorded_at: str
    recorded_by: str
    status: str = "recorded"
    persons: tuple[EventPerson, ...] = ()
    transitions: tuple[Transition, ...] = field(default=())

    @property
    def agency_id(self) -> str | None:
        return agency_id(self.agency_name) if self.agency_name else None

    def corrected(self, record: "EventRecord") -> "EventRecord":
        """This record with the event fields of `record` (a correction), history kept."""
        return replace(record, id=self.id, recorded_at=self.recorded_at, recorded_by=self.recorded_by,
                       status=self.status, transitions=self.transitions)


# --- the journal's JSON form ------------------------------------------------------------


def record_to_json(record: EventRecord) -> dict[str, Any]:
    body = asdict(record)
    body["occurred_on"] = record.occurred_on.isoformat()
    body["recognised_on"] = record.recognised_on.isoformat()
    del body["status"], body["transitions"]  # they follow from the journal's transitions
    return body


def record_from_json(body: dict[str, Any]) -> EventRecord:
    return EventRecord(
        **{**body, "occurred_on": date.fromisoformat(body["occurred_on"]),
           "recognised_on": date.fromisoformat(body["recognised_on"]),
           "persons": tuple(EventPerson(**person) for person in body["persons"])}
    )


def check_unmoved(current: EventRecord, transition: Transition) -> None:
    """Conflict (field `step`) unless `current` is where `transition` was made from: at its
    from_status, after step - 1 transitions."""
    if current.status != transition.from_status or len(current.transitions) != transition.step - 1:
        raise Conflict(
            f"event {current.id!r} moved meanwhile: it is {current.status} after {len(current.transitions)} "
            f"transition(s), not {transition.from_status} after {transition.step - 1}; reload it and try again",
            field="step",
        )


def apply_transition(record: EventRecord, transition: Transition, corrected: EventRecord | None) -> EventRecord:
    """The record after `transition` (and the correction it carries, if any)."""
    base = record.corrected(corrected) if corrected is not None else record
    return replace(base, status=transition.to_status, transitions=(*record.transitions, transition))


# --- RDF ------------------------------------------------------------------------------------


def event_iri(event_id: str) -> URIRef:
    return id_iri("event", event_id)


def event_graph(record: EventRecord) -> Graph:
    """The record as RDF (ontology/README.md, "Dishonesty records"). Only the nodes the
    record owns are typed; the agency and the role concepts are referenced by IRI, so that
    writing a record never changes what the policy graph says about them."""
    graph = Graph()
    event = event_iri(record.id)
    agency = agency_iri(record.agency_id) if record.agency_id else None
    for predicate, value in (
        (RDF.type, PKG.DishonestyEvent), (DCTERMS.identifier, Literal(record.id)),
        (PKG.occurredOn, Literal(record.occurred_on, datatype=XSD.date)),
        (PKG.recognisedOn, Literal(record.recognised_on, datatype=XSD.date)),
        (PKG.jurisdictionCode, Literal(record.jurisdiction_code)), (PKG.subjectKind, Literal(record.subject_kind)),
        (PKG.subjectName, Literal(record.subject_name)), (PKG.recordStatus, Literal(record.status)),
        (PKG.recordedAt, Literal(record.recorded_at)), (PKG.actor, Literal(record.recorded_by)),
        (PKG.eventData, Literal(_json(record.data))),
    ):
        graph.add((event, predicate, value))
    if agency is not None:
        graph.add((event, PKG.agencyName, Literal(record.agency_name)))
        graph.add((event, PROV.wasAssociatedWith, agency))
    for step, person in enumerate(record.persons, start=1):
        official, post = ID[f"event/{record.id}/official/{step}"], ID[f"event/{record.id}/post/{step}"]
        graph.add((event, PROV.wasAssociatedWith, official))
        graph.add((official, RDF.type, PKG.Official))
        graph.add((official, PKG.personName, Literal(person.name)))
        graph.add((official, PKG.step, Literal(step)))
        graph.add((official, ORG.holds, post))
        graph.add((post, RDF.type, PKG.Post))
        graph.add((post, ORG.role, ROLE[person.role_code]))
        if agency is not None:
            graph.add((post, ORG.postIn, agency))
    for transition in record.transitions:
        _add_transition(graph, event, record.id, transition)
    return graph


def _add_transition(graph: Graph, event: URIRef, event_id: str, transition: Transition) -> None:
    node = ID[f"event/{event_id}/transition/{transition.step}"]
    graph.add((event, PKG.hasTransition, node))
    graph.add((node, RDF.type, PKG.RecordTransition))
    graph.add((node, DCTERMS.identifier, Literal(f"{event_id}/{transition.step}")))
    for predicate, value in (
        (PKG.step, Literal(transition.step)), (PKG.fromStatus, Literal(transition.from_status)),
        (PKG.toStatus, Literal(transition.to_status)), (PKG.actor, Literal(transition.actor)),
        (PKG.reason, Literal(transition.reason)), (PKG.recordedAt, Literal(transition.at)),
    ):
        graph.add((node, predicate, value))
    if transition.data is not None:
        graph.add((node, PKG.eventData, Literal(_json(transition.data))))
    graph.add((node, PKG.transitionBasis, Literal(json.dumps(list(transition.basis), ensure_ascii=False))))


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


# --- rows to records, once for every store ----------------------------------------------------


class EventReads:
    """The read side of the record store, mixed into a store class that runs named queries
    with `rows(stem, **params)` (NamedQueryStore's contract)."""

    rows: Callable[..., list[Row]]

    def events(self) -> list[EventRecord]:
        """Every record, in the order recorded."""
        return self._records(None)

    def event(self, event_id: str) -> EventRecord:
        found = self._records(event_iri(event_id))
        if not found:
            raise NotFound(f"no event with id {event_id!r}", field="event_id")
        return found[0]

    def events_of_official(self, name: str) -> list[EventRecord]:
        """Every record that names a person called `name` (exactly), in the order recorded."""
        ids = {row["event_id"] for row in self.rows("event_persons", event=None, name=name)}
        return [record for record in self._records(None) if record.id in ids]

    def _records(self, event: URIRef | None) -> list[EventRecord]:
        persons: dict[str, list[EventPerson]] = {}
        for row in self.rows("event_persons", event=event, name=None):
            persons.setdefault(row["event_id"], []).append(EventPerson(row["name"], row["role"], row["role_code"]))
        transitions: dict[str, list[Transition]] = {}
        for row in self.rows("event_transitions", event=event):
            transitions.setdefault(row["event_id"], []).append(_transition(row))
        return [_record(row, persons.get(row["event_id"], []), transitions.get(row["event_id"], []))
                for row in self.rows("events", event=event)]


def _record(row: Row, persons: list[EventPerson], transitions: list[Transition]) -> EventRecord:
    return EventRecord(
        id=row["event_id"],
        data=json.loads(row["data"]),
        occurred_on=date.fromisoformat(_iso(row["occurred_on"])),
        recognised_on=date.fromisoformat(_iso(row["recognised_on"])),
        jurisdiction_code=row["jurisdiction_code"],
        subject_kind=row["subject_kind"],
        subject_name=row["subject_name"],
        agency_name=row["agency_name"],
        recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
        status=row["status"],
        persons=tuple(persons),
        transitions=tuple(transitions),
    )


def _transition(row: Row) -> Transition:
    return Transition(
        step=int(row["step"]), from_status=row["from_status"], to_status=row["to_status"], actor=row["actor"],
        reason=row["reason"], at=row["at"], data=json.loads(row["data"]) if row["data"] else None,
        basis=tuple(json.loads(row["basis"])) if row["basis"] else (),
    )


def transition_from_json(body: dict[str, Any]) -> Transition:
    """A transition as the journal keeps it (entries written before transitions carried
    their basis have none)."""
    return Transition(**{**body, "basis": tuple(body.get("basis") or ())})
