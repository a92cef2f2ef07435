"""Asks a store for what the API needs: the `Store` protocol, the answers it gives, and
`open_store(settings)`.

Two implementations share it: `EmbeddedStore` (Oxigraph, no server, under POLICYKG_HOME) and,
later, a Neo4j store. Both answer through the same named queries (queries/sparql/<stem>.rq,
queries/cypher/<stem>.cypher, same columns), and `NamedQueryStore` turns those rows into
answers once, so the two stores cannot disagree about how rows become JSON.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Graph, URIRef

from policykg.errors import ConfigurationError, NotFound
from policykg.ontology.identifiers import agency_iri, clause_iri, policy_iri
from policykg.settings import Settings

if TYPE_CHECKING:
    from policykg.queries.events import EventRecord, Transition

Row = dict[str, Any]
ROLES = ("lead", "cooperating", "responsible")


# --- what a store holds -------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRecord:
    """One ingested source file: the manifest entry behind a loaded policy."""

    source: str  # file name as given, the identity of a document across re-ingests
    policy_id: str
    sha256: str  # of the file's bytes
    title: str
    warnings: tuple[str, ...] = ()


@dataclass
class Snapshot:
    """Everything a store holds, as of one generation; replaced as a whole."""

    generation: int
    documents: dict[str, DocumentRecord]  # by source
    document_graphs: dict[str, Graph]  # by source: document_to_graph output, before linking
    asserted: Graph  # the union of the document graphs after link_citations
    inferred: Graph  # close_graph(asserted): the inferred triples only


# --- what a store answers (the API contract's shapes) -------------------------------------


@dataclass(frozen=True)
class Reference:
    title: str
    doc_number: str | None
    policy_id: str
    relation: str  # implements | cites


@dataclass(frozen=True)
class PolicySummary:
    id: str
    title: str
    doc_number: str | None
    issuer: str | None
    jurisdiction: str | None
    issued_on: str | None  # ISO YYYY-MM-DD
    effective_from: str | None
    effective_until: str | None
    kind: str | None
    loaded: bool
    source_file: str | None
    references: list[Reference]


@dataclass(frozen=True)
class AgencyRef:
    id: str
    name: str
    role: str
    kind: str | None


@dataclass(frozen=True)
class SanctionRef:
    code: str
    label: str
    quote: str


@dataclass(frozen=True)
class ObligationRef:
    modality: str  # obligation | prohibition
    text: str


@dataclass
class ClauseDetail:
    id: str
    policy_id: str
    parent_id: str | None
    path: str
    number: str
    level: int
    heading: str | None
    text: str
    lead_agencies: list[str] = field(default_factory=list)
    cooperating_agencies: list[str] = field(default_factory=list)
    responsible_agencies: list[str] = field(default_factory=list)
    agencies: list[AgencyRef] = field(default_factory=list)
    sanctions: list[SanctionRef] = field(default_factory=list)
    obligations: list[ObligationRef] = field(default_factory=list)
    children: list["ClauseDetail"] = field(default_factory=list)


@dataclass(frozen=True)
class PolicyDetail:
    policy: PolicySummary
    clauses: list[ClauseDetail]  # the top level; each clause carries its children


@dataclass(frozen=True)
class AgencySummary:
    id: str
    name: str
    aliases: list[str]
    kind: str | None
    jurisdiction: str | None


@dataclass(frozen=True)
class Basis:
    policy_id: str
    clause_id: str
    path: str
    quote: str  # verbatim clause text


@dataclass(frozen=True)
class Obligation:
    agency_id: str
    agency: str  # canonical name
    role: str  # lead | cooperating | responsible
    policy_id: str
    policy_title: str
    clause_id: str
    path: str
    heading: str | None
    basis: Basis


@dataclass(frozen=True)
class AgencyObligations:
    agency: AgencySummary
    obligations: list[Obligation]  # clauses binding this agency
    same_kind: list[Obligation]  # clauses binding other agencies of the same kind


@dataclass(frozen=True)
class Prescription:
    policy_id: str
    policy_title: str
    clause_id: str
    path: str
    quote: str


@dataclass(frozen=True)
class SanctionEntry:
    code: str
    label: str
    label_en: str | None
    target: str | None  # organisation | person
    prescribed_by: list[Prescription]


@dataclass(frozen=True)
class EvaluationRows:
    """What the rule engine's Facts are built from (api/evaluation.py): the rows of the
    named queries evaluation_policies, policy_references (every policy),
    evaluation_clauses and evaluation_obligations, with plain values."""

    policies: list[Row]
    references: list[Row]
    clauses: list[Row]
    obligations: list[Row]


# --- the protocol ------------------------------------------------------------------------


class Store(Protocol):
    """What the API and the ingest pipeline need from a graph store, and nothing more.

    A later conformance suite runs the same assertions against every implementation; an
    answer that differs between them is a bug in one of them.
    """

    kind: str  # "embedded" | "neo4j", shown by /api/health

    def generation(self) -> int: ...  # the published generation; 0 before the first write

    def documents(self) -> dict[str, DocumentRecord]: ...  # by source, without their graphs

    def snapshot(self) -> Snapshot:
        """The whole generation with its graphs: costs the store's size (ingest, export, sync)."""

    def replace_graph(self, snapshot: Snapshot) -> None:
        """Publish `snapshot` as generation snapshot.generation + 1, all or nothing.
        Raises Conflict when the store moved past snapshot.generation meanwhile."""

    def policy_count(self) -> int: ...

    def policies(self) -> list[PolicySummary]: ...

    def policy(self, policy_id: str) -> PolicyDetail: ...  # raises NotFound

    def clause(self, clause_id: str) -> ClauseDetail:
        rows = self.rows("clause", clause=clause_iri(clause_id))
        if not rows:
            raise NotFound(f"no clause with id {clause_id!r}", field="clause_id")
        policy = policy_iri(rows[0]["policy_id"])
        nodes = self._clause_nodes(policy)
        subtree = {node.id: node for node in _walk(nodes[clause_id])}
        # A leaf (most clauses) is annotated by its own rows; a subtree by its policy's.
        if len(subtree) == 1:
            self._annotate(subtree, policy=None, clause=clause_iri(clause_id))
        else:
            self._annotate(subtree, policy=policy, clause=None)
        return nodes[clause_id]

    def clause_agencies(self, clause_id: str) -> list[AgencyRef]: ...  # lead, cooperating, responsible

    def agencies(self, q: str = "") -> list[AgencySummary]: ...

    def obligations_of(self, agency_id: str) -> AgencyObligations: ...  # raises NotFound

    def sanctions(self) -> list[SanctionEntry]: ...

    def evaluation_rows(self) -> EvaluationRows:
        """What the engine's facts are built from, for the current generation."""

    # Dishonesty records (queries/events.py): written apart from the policy generations.

    def events(self) -> list["EventRecord"]: ...  # in the order recorded

    def event(self, event_id: str) -> "EventRecord": ...  # raises NotFound

    def events_of_official(self, name: str) -> list["EventRecord"]: ...

    def save_event(self, record: "EventRecord") -> "EventRecord":
        """Record a new event; raises Conflict when its id is taken."""

    def record_transition(
        self, event_id: str, transition: "Transition", corrected: "EventRecord | None" = None
    ) -> "EventRecord":
        """Append a status change; raises Conflict when the record is no longer in
        transition.from_status, NotFound when there is no such record."""

    def close(self) -> None: ...


def open_store(settings: Settings) -> Store:
    """The store `settings.store` names, opened (implementations imported lazily)."""
    if settings.store == "embedded":
        from policykg.queries.embedded import EmbeddedStore

        return EmbeddedStore.open(settings.home)
    if settings.store == "neo4j":
        from policykg.queries.neo4j_store import Neo4jStore

        return Neo4jStore.connect(settings)
    raise ConfigurationError(
        f"store {settings.store!r} is not a store; choose embedded or neo4j", field="store"
    )


# --- rows to answers, once for every store -------------------------------------------------


class NamedQueryStore(ABC):
    """The read side of `Store`, written once over `rows(stem, **params)`.

    A subclass runs the named query `stem` in its dialect and returns one dict per row,
    keyed by the columns of the query's `returns:` header, with Python values (str, int,
    bool, datetime.date, None). Parameters are IRIs (URIRef) or strings; None leaves a
    parameter unbound.
    """

    @abstractmethod
    def rows(self, stem: str, **params: URIRef | str | None) -> list[Row]: ...

    def policy_count(self) -> int:
        rows = self.rows("policy_count")
        return int(rows[0]["policies"]) if rows else 0

    def policies(self) -> list[PolicySummary]:
        references = _references_by_policy(self.rows("policy_references", policy=None))
        return [_policy(row, references) for row in self.rows("policies")]

    def policy(self, policy_id: str) -> PolicyDetail:
        iri = policy_iri(policy_id)
        rows = self.rows("policy", policy=iri)
        if not rows:
            raise NotFound(f"no policy with id {policy_id!r}", field="policy_id")
        references = _references_by_policy(self.rows("policy_references", policy=iri))
        return PolicyDetail(_policy(rows[0], references), self._clause_tree(iri))

    def clause(self, clause_id: str) -> ClauseDetail:
        rows = self.rows("clause", clause=clause_iri(clause_id))
        if not rows:
            raise NotFound(f"no clause with id {clause_id!r}", field="clause_id")
        tree = self._clause_tree(policy_iri(rows[0]["policy_id"]))
        return next(node for top in tree for node in _walk(top) if node.id == clause_id)

    def clause_agencies(self, clause_id: str) -> list[AgencyRef]:
        return [AgencyRef(row["agency_id"], row["name"], row["role"], row["kind"])
                for row in self.rows("clause_agencies", policy=None, clause=clause_iri(clause_id))]

    def agencies(self, q: str = "") -> list[AgencySummary]:
        return _agencies(self.rows("agencies", q=q))

    def evaluation_rows(self) -> EvaluationRows:
        return EvaluationRows(
            policies=self.rows("evaluation_policies"),
            references=self.rows("policy_references", policy=None),
            clauses=self.rows("evaluation_clauses"),
            obligations=self.rows("evaluation_obligations"),
        )

    def obligations_of(self, agency_id: str) -> AgencyObligations:
        iri = agency_iri(agency_id)
        found = _agencies(self.rows("agency", agency=iri))
        if not found:
            raise NotFound(f"no agency with id {agency_id!r}", field="agency_id")
        return AgencyObligations(
            agency=found[0],
            obligations=[_obligation(row) for row in self.rows("agency_obligations", agency=iri)],
            same_kind=[_obligation(row) for row in self.rows("same_kind_obligations", agency=iri)],
        )

    def sanctions(self) -> list[SanctionEntry]:
        entries: dict[str, SanctionEntry] = {}
        for row in self.rows("sanctions"):
            entry = entries.setdefault(
                row["code"], SanctionEntry(row["code"], row["label"], row["label_en"], row["target"], [])
            )
            if row["clause_id"] is not None:
                entry.prescribed_by.append(
                    Prescription(row["policy_id"], row["policy_title"], row["clause_id"], row["path"], row["quote"])
                )
        return list(entries.values())

    def _clause_tree(self, policy: URIRef) -> list[ClauseDetail]:
        """The policy's top-level clauses, each with its descendants, agencies, sanctions
        and obligations, in document order."""
        nodes = self._clause_nodes(policy)
        self._annotate(nodes, policy=policy, clause=None)
        return [node for node in nodes.values() if node.parent_id not in nodes]

    def _clause_nodes(self, policy: URIRef) -> dict[str, ClauseDetail]:
        """Every clause of the policy by id, linked to its children, not yet annotated."""
        nodes = {row["clause_id"]: _clause(row) for row in self.rows("policy_clauses", policy=policy)}
        for node in nodes.values():  # rows come in document order, so children do too
            if node.parent_id in nodes:
                nodes[node.parent_id].children.append(node)
        return nodes

    def _annotate(self, nodes: dict[str, ClauseDetail], *, policy: URIRef | None, clause: URIRef | None) -> None:
        """Add agencies, sanctions and obligations to `nodes` from the rows of one policy or
        one clause (rows about other clauses are not asked for or are skipped)."""
        for row in self.rows("clause_agencies", policy=policy, clause=clause):
            if (node := nodes.get(row["clause_id"])) is not None:
                getattr(node, f"{row['role']}_agencies").append(row["name"])
                node.agencies.append(AgencyRef(row["agency_id"], row["name"], row["role"], row["kind"]))
        for row in self.rows("clause_sanctions", policy=policy, clause=clause):
            if (node := nodes.get(row["clause_id"])) is not None:
                node.sanctions.append(SanctionRef(row["code"], row["label"], row["quote"]))
        for row in self.rows("clause_obligations", policy=policy, clause=clause):
            if (node := nodes.get(row["clause_id"])) is not None:
                node.obligations.append(ObligationRef(row["modality"], row["text"]))


def _walk(node: ClauseDetail):
    yield node
    for child in node.children:
        yield from _walk(child)


def _iso(value: Any) -> str | None:
    """A store's date value (datetime.date, neo4j Date, or an ISO string) as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _policy(row: Row, references: dict[str, list[Reference]]) -> PolicySummary:
    return PolicySummary(
        id=row["id"],
        title=row["title"],
        doc_number=row["doc_number"],
        issuer=row["issuer"],
        jurisdiction=row["jurisdiction"],
        issued_on=_iso(row["issued_on"]),
        effective_from=_iso(row["effective_from"]),
        effective_until=_iso(row["effective_until"]),
        kind=row["kind"],
        loaded=bool(row["loaded"]),
        source_file=row["source_file"],
        references=references.get(row["id"], []),
    )


def _references_by_policy(rows: list[Row]) -> dict[str, list[Reference]]:
    by_policy: dict[str, list[Reference]] = defaultdict(list)
    for row in rows:
        by_policy[row["policy_id"]].append(
            Reference(row["title"], row["doc_number"], row["ref_policy_id"], row["relation"])
        )
    return by_policy


def _clause(row: Row) -> ClauseDetail:
    return ClauseDetail(
        id=row["clause_id"],
        policy_id=row["policy_id"],
        parent_id=row["parent_id"],
        path=row["path"],
        number=row["number"],
        level=int(row["level"]),
        heading=row["heading"],
        text=row["text"],
    )


def _agencies(rows: list[Row]) -> list[AgencySummary]:
    """Rows come one per alias; fold them into one summary per agency, in row order."""
    folded: dict[str, AgencySummary] = {}
    for row in rows:
        agency = folded.setdefault(
            row["id"], AgencySummary(row["id"], row["name"], [], row["kind"], row["jurisdiction"])
        )
        if row["alias"] is not None and row["alias"] not in agency.aliases:
            agency.aliases.append(row["alias"])
    return list(folded.values())


def _obligation(row: Row) -> Obligation:
    return Obligation(
        agency_id=row["agency_id"],
        agency=row["agency_name"],
        role=row["role"],
        policy_id=row["policy_id"],
        policy_title=row["policy_title"],
        clause_id=row["clause_id"],
        path=row["path"],
        heading=row["heading"],
        basis=Basis(row["policy_id"], row["clause_id"], row["path"], row["text"]),
    )
