"""Writes the knowledge graph into Neo4j as a property graph, and keeps it equal to the
embedded store's snapshot.

    graph_to_rows(asserted, inferred)   RDF -> node and relationship rows (pure)
    plan_sync(desired, current)         what to create, update and delete (pure)
    write_rows(tx, stem, rows)          one UNWIND batch in a managed transaction (the edge)
    sync_graph(driver, database, rows)  schema, then the plan in batches; a SyncReport

The mapping follows neosemantics (n10s): every IRI becomes a node with the `:Resource`
label and a unique `uri`; rdf:type becomes labels; literals become properties named after
the RDF term; IRI-valued properties become relationships. Unlike n10s's
`applyNeo4jNaming`, which would turn pkg:hasClause into HASCLAUSE, names come from the
explicit tables below (docs/neo4j-mapping.md shows them), and only the names in these
tables ever reach a query: labels and relationship types travel as `$(...)` parameters
of the fixed .cypher files in queries/cypher/, never as query text.

A sync makes the `:Resource` part of the database equal to the snapshot: it reads what is
there, writes only the differences, and removes the nodes the snapshot no longer holds
(a replaced document's old clauses, a removed document). Each batch is its own
transaction, so a sync interrupted at any point is completed by running it again.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, LiteralString, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS

from policykg.errors import StoreError
from policykg.ontology.namespaces import PKG
from policykg.queries.named import named_query

RESOURCE = "Resource"  # n10s: every node that stands for an IRI
BATCH_SIZE = 5000
PARALLEL_WRITES = 2

# rdf:type -> label. Classes of other vocabularies the closure adds (eli:LegalResource,
# org:Organization, odrl:Duty, prov:Person ...) are left out: each restates a pkg class.
CLASS_LABELS: dict[URIRef, str] = {
    PKG.Policy: "Policy",
    PKG.Clause: "Clause",
    PKG.Organisation: "Organisation",
    PKG.Person: "Person",
    PKG.Agency: "Agency",
    PKG.Government: "Government",
    PKG.Jurisdiction: "Jurisdiction",
    PKG.Official: "Official",
    PKG.Post: "Post",
    PKG.DishonestyEvent: "DishonestyEvent",
    PKG.RecordTransition: "RecordTransition",
    PKG.SanctionMention: "SanctionMention",
    PKG.Obligation: "Obligation",
    PKG.Prohibition: "Prohibition",
    SKOS.Concept: "Concept",
    SKOS.ConceptScheme: "ConceptScheme",
}

# IRI-valued property -> relationship type (UPPER_SNAKE of the local name).
RELATIONSHIP_TYPES: dict[URIRef, str] = {
    PKG.issuer: "ISSUER",
    PKG.policyKind: "POLICY_KIND",
    PKG.appliesIn: "APPLIES_IN",
    PKG.cites: "CITES",
    PKG.implements: "IMPLEMENTS",
    PKG.implementedBy: "IMPLEMENTED_BY",
    PKG.hasPart: "HAS_PART",
    PKG.partOf: "PART_OF",
    PKG.hasClause: "HAS_CLAUSE",
    PKG.inPolicy: "IN_POLICY",
    PKG.involvesAgency: "INVOLVES_AGENCY",
    PKG.leadAgency: "LEAD_AGENCY",
    PKG.cooperatingAgency: "COOPERATING_AGENCY",
    PKG.responsibleAgency: "RESPONSIBLE_AGENCY",
    PKG.leads: "LEADS",
    PKG.cooperatesIn: "COOPERATES_IN",
    PKG.responsibleFor: "RESPONSIBLE_FOR",
    PKG.agencyKind: "AGENCY_KIND",
    PKG.inJurisdiction: "IN_JURISDICTION",
    PKG.hasSanctionMention: "HAS_SANCTION_MENTION",
    PKG.sanction: "SANCTION",
    PKG.hasObligation: "HAS_OBLIGATION",
    PKG.targetKind: "TARGET_KIND",
    PKG.within: "WITHIN",
    PKG.parentJurisdiction: "PARENT_JURISDICTION",
    SKOS.inScheme: "IN_SCHEME",
    # Events (DESIGN: W3C ORG for posts, PROV for activities): an official holds a post in
    # an agency; the event is associated with the agency and the officials it names.
    ORG.holds: "HOLDS",
    ORG.postIn: "POST_IN",
    ORG.role: "ROLE",
    PROV.wasAssociatedWith: "WAS_ASSOCIATED_WITH",
    PKG.hasTransition: "HAS_TRANSITION",
}

# Literal-valued property -> node property (the RDF local name; dcterms:identifier is `id`).
PROPERTY_NAMES: dict[URIRef, str] = {
    DCTERMS.identifier: "id",
    PKG.title: "title",
    PKG.docNumber: "docNumber",
    PKG.issuedOn: "issuedOn",
    PKG.effectiveFrom: "effectiveFrom",
    PKG.effectiveUntil: "effectiveUntil",
    PKG.addressee: "addressee",
    PKG.loaded: "loaded",
    PKG.sourceFile: "sourceFile",
    PKG.sha256: "sha256",
    PKG.warning: "warning",
    PKG.path: "path",
    PKG.number: "number",
    PKG.level: "level",
    PKG.ordinal: "ordinal",
    PKG.heading: "heading",
    PKG.text: "text",
    PKG.startOffset: "startOffset",
    PKG.endOffset: "endOffset",
    PKG.quote: "quote",
    PKG.fullName: "fullName",
    PKG.adcode: "adcode",
    SKOS.prefLabel: "prefLabel",
    SKOS.altLabel: "altLabel",
    SKOS.notation: "notation",
    SKOS.definition: "definition",
    SKOS.scopeNote: "scopeNote",
    # Dishonesty records (queries/events.py)
    PKG.occurredOn: "occurredOn",
    PKG.recognisedOn: "recognisedOn",
    PKG.jurisdictionCode: "jurisdictionCode",
    PKG.subjectKind: "subjectKind",
    PKG.subjectName: "subjectName",
    PKG.agencyName: "agencyName",
    PKG.recordStatus: "recordStatus",
    PKG.recordedAt: "recordedAt",
    PKG.actor: "actor",
    PKG.eventData: "eventData",
    PKG.personName: "personName",
    PKG.step: "step",
    PKG.fromStatus: "fromStatus",
    PKG.toStatus: "toStatus",
    PKG.reason: "reason",
    PKG.transitionBasis: "transitionBasis",
}

# Properties that hold every value as a sorted list (n10s handleMultival ARRAY); any other
# property with two values in one node is refused, since a query would read only one.
LIST_PROPERTIES = frozenset({"addressee", "warning", "altLabel"})

# Literals tagged @zh, or untagged, fill the property itself; other languages get a suffix:
# skos:prefLabel "公开通报批评"@zh -> prefLabel, "public criticism"@en -> prefLabel_en.
HOME_LANGUAGES = (None, "zh")


# --- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeRow:
    uri: str
    labels: tuple[str, ...]  # sorted, without Resource
    properties: dict[str, Any]  # includes uri

    def as_parameter(self, stale_labels: Iterable[str] = ()) -> dict[str, Any]:
        return {"uri": self.uri, "labels": list(self.labels), "stale": sorted(stale_labels),
                "properties": self.properties}


@dataclass(frozen=True)
class RelationshipRow:
    start: str
    type: str
    end: str
    inferred: bool  # added by the OWL 2 RL closure, not asserted by a document

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.start, self.type, self.end)

    def as_parameter(self) -> dict[str, Any]:
        return {"start": self.start, "type": self.type, "end": self.end, "inferred": self.inferred}


@dataclass
class GraphRows:
    nodes: dict[str, NodeRow]
    relationships: dict[tuple[str, str, str], RelationshipRow]
    skipped: Counter[str] = field(default_factory=Counter)  # unmapped predicate or class -> triples


def graph_to_rows(asserted: Graph, inferred: Graph | None = None) -> GraphRows:
    """The property-graph rows for `asserted` plus `inferred` (relationships from the
    latter are marked inferred unless `asserted` holds the same triple)."""
    labels: dict[str, set[str]] = {}
    values: dict[str, dict[str, list[Any]]] = {}
    relationships: dict[tuple[str, str, str], RelationshipRow] = {}
    skipped: Counter[str] = Counter()

    def node(term: URIRef) -> str:
        uri = str(term)
        labels.setdefault(uri, set())
        values.setdefault(uri, {})
        return uri

    sources = [(asserted, False)] + ([(inferred, True)] if inferred is not None else [])
    for graph, from_closure in sources:
        for subject, predicate, obj in graph:
            if isinstance(subject, BNode) or isinstance(obj, BNode):
                skipped["blank node"] += 1
            elif predicate == RDF.type:
                if obj in CLASS_LABELS:
                    labels[node(subject)].add(CLASS_LABELS[obj])
                else:
                    skipped[str(obj)] += 1
            elif isinstance(obj, Literal) and predicate in PROPERTY_NAMES:
                name = _property_name(PROPERTY_NAMES[predicate], obj.language)
                values[node(subject)].setdefault(name, []).append(_value(obj))
            elif isinstance(obj, URIRef) and predicate in RELATIONSHIP_TYPES:
                row = RelationshipRow(node(subject), RELATIONSHIP_TYPES[predicate], node(obj), from_closure)
                relationships.setdefault(row.key, row)  # an asserted triple wins over its inference
            else:
                skipped[str(predicate)] += 1
    nodes = {uri: NodeRow(uri, tuple(sorted(labels[uri])), _properties(uri, values[uri])) for uri in labels}
    return GraphRows(nodes, relationships, skipped)


def _property_name(name: str, language: str | None) -> str:
    return name if language in HOME_LANGUAGES else f"{name}_{language.lower().replace('-', '_')}"


def _value(literal: Literal) -> Any:
    """The literal as a value the driver stores natively (dates as Neo4j Date)."""
    value = literal.toPython()
    if isinstance(value, (str, bool, int, float, date)) and not isinstance(value, datetime):
        return value
    return str(literal)


def _properties(uri: str, values: dict[str, list[Any]]) -> dict[str, Any]:
    properties: dict[str, Any] = {"uri": uri}
    for name, found in sorted(values.items()):
        distinct = sorted(set(found), key=repr)
        if name in LIST_PROPERTIES:
            properties[name] = distinct
        elif len(distinct) == 1:
            properties[name] = distinct[0]
        else:
            raise StoreError(
                f"cannot map <{uri}> to Neo4j: property {name!r} has {len(distinct)} values "
                f"({', '.join(map(repr, distinct[:3]))}) and is single-valued in the mapping"
            )
    return properties


# --- the plan -------------------------------------------------------------------------------


@dataclass
class GraphState:
    """What the database holds under :Resource, as read back."""

    nodes: dict[str, tuple[frozenset[str], dict[str, Any]]]  # uri -> (labels without Resource, properties)
    relationships: Counter[tuple[str, str, str]]  # (start uri, type, end uri) -> how many
    inferred: dict[tuple[str, str, str], bool | None]


@dataclass
class SyncPlan:
    """The batches to write, and how many nodes and relationships they touch."""

    create_nodes: list[dict[str, Any]] = field(default_factory=list)
    merge_nodes: list[dict[str, Any]] = field(default_factory=list)
    delete_nodes: list[dict[str, Any]] = field(default_factory=list)
    create_relationships: list[dict[str, Any]] = field(default_factory=list)
    update_relationships: list[dict[str, Any]] = field(default_factory=list)
    delete_relationships: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # nodes_created, relationships_deleted ...


@dataclass(frozen=True)
class SyncReport:
    nodes: int  # in the snapshot
    relationships: int
    nodes_created: int
    nodes_updated: int
    nodes_deleted: int
    relationships_created: int
    relationships_updated: int
    relationships_deleted: int
    skipped_triples: int  # unmapped terms, see GraphRows.skipped
    dry_run: bool

    @property
    def changed(self) -> bool:
        return any((self.nodes_created, self.nodes_updated, self.nodes_deleted, self.relationships_created,
                    self.relationships_updated, self.relationships_deleted))

    def summary(self) -> str:
        verb = "would write" if self.dry_run else "wrote"
        return (
            f"{self.nodes} nodes, {self.relationships} relationships in the graph; {verb}: "
            f"nodes {self.nodes_created} created, {self.nodes_updated} updated, {self.nodes_deleted} deleted; "
            f"relationships {self.relationships_created} created, {self.relationships_updated} updated, "
            f"{self.relationships_deleted} deleted"
        )


def plan_sync(desired: GraphRows, current: GraphState) -> SyncPlan:
    """The writes that turn `current` into `desired`, and nothing else."""
    plan = SyncPlan()
    for uri, row in desired.nodes.items():
        held = current.nodes.get(uri)
        if held is None:
            plan.counts["nodes_created"] += 1
            plan.create_nodes.append(row.as_parameter())
        elif held[0] != frozenset(row.labels) or held[1] != row.properties:
            plan.counts["nodes_updated"] += 1
            plan.merge_nodes.append(row.as_parameter(held[0] - set(row.labels)))
    plan.delete_nodes = [{"uri": uri} for uri in current.nodes if uri not in desired.nodes]
    plan.counts["nodes_deleted"] = len(plan.delete_nodes)

    for key, row in desired.relationships.items():
        count = current.relationships.get(key, 0)
        if count == 0:
            plan.counts["relationships_created"] += 1
            plan.create_relationships.append(row.as_parameter())
        elif count > 1:  # duplicates written by someone else: drop them all, write one
            plan.counts["relationships_deleted"] += count - 1
            plan.delete_relationships.append(_relationship_key(key))
            plan.create_relationships.append(row.as_parameter())
        elif current.inferred.get(key) != row.inferred:
            plan.counts["relationships_updated"] += 1
            plan.update_relationships.append(row.as_parameter())
    for key, count in current.relationships.items():
        if key in desired.relationships:
            continue
        plan.counts["relationships_deleted"] += count
        # Also those of nodes about to go: a DETACH DELETE of a dense node (an agency kind
        # bound to thousands of clauses) would otherwise be one huge transaction.
        plan.delete_relationships.append(_relationship_key(key))
    return plan


def _relationship_key(key: tuple[str, str, str]) -> dict[str, str]:
    return {"start": key[0], "type": key[1], "end": key[2]}


def report_of(desired: GraphRows, plan: SyncPlan, *, dry_run: bool) -> SyncReport:
    counts = plan.counts
    return SyncReport(
        nodes=len(desired.nodes),
        relationships=len(desired.relationships),
        nodes_created=counts["nodes_created"],
        nodes_updated=counts["nodes_updated"],
        nodes_deleted=counts["nodes_deleted"],
        relationships_created=counts["relationships_created"],
        relationships_updated=counts["relationships_updated"],
        relationships_deleted=counts["relationships_deleted"],
        skipped_triples=sum(desired.skipped.values()),
        dry_run=dry_run,
    )


# --- the edge: reading and writing Neo4j ------------------------------------------------------


def schema_statements() -> list[LiteralString]:
    """The statements of cypher/schema.cypher (constraints and indexes, IF NOT EXISTS)."""
    text = named_query("schema", "cypher").text
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [cast(LiteralString, part.strip()) for part in body.split(";") if part.strip()]


def read_state(driver, database: str) -> GraphState:
    nodes = {}
    for record in driver.execute_query(named_query("sync_nodes", "cypher").text, database_=database).records:
        labels = frozenset(label for label in record["labels"] if label != RESOURCE)
        nodes[record["uri"]] = (labels, {name: _native(value) for name, value in record["properties"].items()})
    relationships: Counter[tuple[str, str, str]] = Counter()
    inferred: dict[tuple[str, str, str], bool | None] = {}
    for record in driver.execute_query(named_query("sync_relationships", "cypher").text, database_=database).records:
        key = (record["start"], record["type"], record["end"])
        relationships[key] += 1
        inferred[key] = record["inferred"]
    return GraphState(nodes, relationships, inferred)


def _native(value: Any) -> Any:
    """A property as read back, in the form graph_to_rows produces (neo4j Date -> date)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


def write_rows(tx, stem: str, rows: list[dict[str, Any]]):
    """Run the write query `stem` over `rows` (one UNWIND) in the managed transaction `tx`."""
    return tx.run(named_query(stem, "cypher").text, rows=rows).consume().counters


def rows_digest(rows: GraphRows) -> str:
    """A digest of every node and relationship row, whatever their order (a sum of 128-bit
    row hashes): what a sync keeps beside the graph, to know next time that nothing changed."""
    total = 0
    for node in rows.nodes.values():
        total += _row_hash((node.uri, node.labels, node.properties))
    for relationship in rows.relationships.values():
        total += _row_hash((relationship.key, relationship.inferred))
    return f"{total % 2**128:032x}"


def _row_hash(row: tuple) -> int:
    return int.from_bytes(hashlib.blake2b(repr(row).encode(), digest_size=16).digest(), "big")


def read_digest(driver, database: str) -> str | None:
    records = driver.execute_query(named_query("sync_digest", "cypher").text, database_=database).records
    return records[0]["digest"] if records else None


def write_digest(tx, digest: str | None, rows: GraphRows | None = None) -> None:
    """Record `digest` as the graph's, or (None) forget it: to be done before anything else
    writes the :Resource graph, so that no later sync trusts a digest the graph has left."""
    tx.run(named_query("sync_write_digest", "cypher").text, digest=digest,
           nodes=None if rows is None else len(rows.nodes),
           relationships=None if rows is None else len(rows.relationships)).consume()


def sync_graph(driver, database: str, desired: GraphRows, *, dry_run: bool = False, verify: bool = False,
               batch_size: int = BATCH_SIZE, parallel: int = PARALLEL_WRITES) -> SyncReport:
    """Make the database's :Resource graph equal to `desired`; report what changed (or,
    with dry_run, what would).

    When the digest of `desired` is the one the last complete sync recorded, nothing is read
    back and nothing written. `verify` reads the graph back and compares whatever the digest
    says: for a database someone changed by hand."""
    digest = rows_digest(desired)
    if not verify and read_digest(driver, database) == digest:
        return report_of(desired, SyncPlan(), dry_run=dry_run)
    if not dry_run:
        for statement in schema_statements():
            driver.execute_query(statement, database_=database)
    current = read_state(driver, database)
    plan = plan_sync(desired, current)
    report = report_of(desired, plan, dry_run=dry_run)
    if dry_run:
        return report
    with driver.session(database=database) as session:
        session.execute_write(write_digest, None)  # a sync cut short leaves no digest behind
    # Relationships first, so that deleting a node never has to detach many at once.
    steps = (("sync_delete_relationships", plan.delete_relationships, 1), ("sync_delete_nodes", plan.delete_nodes, 1),
             ("sync_create_nodes", plan.create_nodes, parallel), ("sync_merge_nodes", plan.merge_nodes, parallel),
             ("sync_create_relationships", plan.create_relationships, parallel),
             ("sync_update_relationships", plan.update_relationships, 1))
    for stem, rows, threads in steps:
        _write_batches(driver, database, stem, rows, batch_size, threads)
    with driver.session(database=database) as session:
        session.execute_write(write_digest, digest, desired)
    return report


def _write_batches(driver, database: str, stem: str, rows: list[dict[str, Any]], batch_size: int, threads: int) -> None:
    """`rows` in batches of `batch_size`, each its own transaction, on `threads` sessions at once."""
    batches = [rows[start:start + batch_size] for start in range(0, len(rows), batch_size)]

    def write(batch: list[dict[str, Any]]) -> None:
        with driver.session(database=database) as session:
            session.execute_write(write_rows, stem, batch)

    if threads <= 1 or len(batches) <= 1:
        for batch in batches:
            write(batch)
        return
    with ThreadPoolExecutor(threads) as pool:
        for _ in pool.map(write, batches):  # re-raises the first failure
            pass
