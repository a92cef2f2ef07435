"""Asks Neo4j: the same named queries as the embedded store, in Cypher (queries/cypher/),
through the official driver.

POLICYKG_HOME stays the source of truth. The documents, the asserted and the inferred
graphs live in the embedded store's files there; Neo4j holds their projection as a
property graph (queries/sync.py, docs/neo4j-mapping.md), which `sync` makes equal to the
snapshot. So an ingest with `--store neo4j` runs the same pipeline, commits to
POLICYKG_HOME, and ends in a sync; reads go to Neo4j only.

Reads run with `routing_=RoutingControl.READ`, so with a `neo4j://` URI a cluster or Aura
serves them from a reader; writes run in `session.execute_write`, which retries transient
failures on the leader.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

import neo4j
from neo4j import GraphDatabase, NotificationMinimumSeverity, RoutingControl
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from rdflib import URIRef

from policykg.errors import ConfigurationError, StoreError, StoreUnavailable
from policykg.ontology.graphs import load_vocabularies
from policykg.queries.embedded import EmbeddedStore
from policykg.queries.events import EventReads, EventRecord, Transition, event_graph, event_iri
from policykg.queries.named import named_query
from policykg.queries.store import DocumentRecord, NamedQueryStore, Row, Snapshot
from policykg.queries.sync import GraphRows, SyncReport, graph_to_rows, sync_graph, write_digest
from policykg.settings import Neo4jSettings, Settings

log = logging.getLogger(__name__)


class Neo4jStore(EventReads, NamedQueryStore):
    kind = "neo4j"

    def __init__(self, driver: neo4j.Driver, settings: Neo4jSettings, source: EmbeddedStore) -> None:
        self.driver = driver
        self.settings = settings
        self.source = source  # the snapshot behind the graph (POLICYKG_HOME)

    @classmethod
    def connect(cls, settings: Settings) -> "Neo4jStore":
        """Connect to NEO4J_URI and check that it answers; raises StoreUnavailable naming
        the URI (not running, unreachable) or the user (wrong password)."""
        config = settings.neo4j
        try:
            # Notifications off: a query naming a property no node has yet (effectiveUntil
            # before any policy ends) is expected here, not a mistake to log on every read.
            driver = GraphDatabase.driver(
                config.uri, auth=(config.user, config.password),
                notifications_min_severity=NotificationMinimumSeverity.OFF,
            )
        except (ValueError, DriverError) as error:  # a malformed URI
            raise StoreUnavailable(f"NEO4J_URI={config.uri!r} is not a Neo4j URI: {error}", field="NEO4J_URI")
        try:
            driver.verify_connectivity()
        except (Neo4jError, DriverError) as error:
            driver.close()
            raise _unavailable(error, config) from None
        return cls(driver, config, EmbeddedStore.open(settings.home))

    # --- reading -----------------------------------------------------------------------

    def generation(self) -> int:
        return self.source.generation()

    def documents(self) -> dict[str, DocumentRecord]:
        return self.source.documents()

    def snapshot(self) -> Snapshot:
        return self.source.snapshot()

    def rows(self, stem: str, **params: URIRef | str | None) -> list[Row]:
        query = named_query(stem, "cypher")
        values = {name: None if value is None else str(value) for name, value in params.items()}
        try:
            records, _, _ = self.driver.execute_query(
                query.text, values, routing_=RoutingControl.READ, database_=self.settings.database
            )
        except (Neo4jError, DriverError) as error:
            raise _unavailable(error, self.settings) from None
        return [{column: _python(record[column]) for column in query.returns} for record in records]

    # --- writing -----------------------------------------------------------------------

    def replace_graph(self, snapshot: Snapshot) -> None:
        """Commit `snapshot` to POLICYKG_HOME (all or nothing, as the embedded store does),
        then bring Neo4j up to it."""
        self.source.replace_graph(snapshot)
        report = self.sync()
        log.info("neo4j sync: %s", report.summary())

    def sync(self, *, dry_run: bool = False, verify: bool = False) -> SyncReport:
        """Make the graph in Neo4j equal to POLICYKG_HOME's snapshot (or, with dry_run,
        report what that would write); `verify` compares with the graph read back even when
        the digest of the last sync says nothing changed."""
        snapshot = self.source.snapshot()
        if not snapshot.documents:  # an empty home would empty the graph: surely not meant
            raise ConfigurationError(
                f"POLICYKG_HOME={self.source.home} holds no documents, so there is nothing to sync; "
                "policykg ingest PATH... adds some (policykg serve loads the seed corpus)",
                field="POLICYKG_HOME",
            )
        rows = snapshot_rows(snapshot, self.source.journal.records().values())
        return self.write_rows(rows, dry_run=dry_run, verify=verify)

    def write_rows(self, rows: GraphRows, *, dry_run: bool = False, verify: bool = False) -> SyncReport:
        try:
            return sync_graph(self.driver, self.settings.database, rows, dry_run=dry_run, verify=verify)
        except (Neo4jError, DriverError) as error:
            raise _unavailable(error, self.settings) from None

    # --- dishonesty records: the journal in POLICYKG_HOME, then their projection here ------

    def save_event(self, record: EventRecord) -> EventRecord:
        self._write_event(self.source.journal.record(record), "recorded")
        return self.event(record.id)

    def record_transition(self, event_id: str, transition: Transition, corrected: EventRecord | None = None) -> EventRecord:
        self._write_event(self.source.journal.transition(event_id, transition, corrected),
                          f"moved to {transition.to_status} (step {transition.step})")
        return self.event(event_id)

    def _write_event(self, record: EventRecord, what: str) -> None:
        """Project one record, committed to the journal already. If Neo4j fails here the
        write stands in the journal, and the error says so: the next sync completes it."""
        rows = graph_to_rows(event_graph(record))
        owned = [row.as_parameter() for row in rows.nodes.values() if row.labels]
        referenced = [row.uri for row in rows.nodes.values() if not row.labels]
        relationships = [row.as_parameter() for row in rows.relationships.values()]

        def write(tx) -> None:
            write_digest(tx, None)  # the graph now differs from what the last sync wrote
            tx.run(named_query("event_clear", "cypher").text, event=str(event_iri(record.id))).consume()
            tx.run(named_query("event_write", "cypher").text, references=referenced, nodes=owned,
                   relationships=relationships).consume()

        try:
            with self.driver.session(database=self.settings.database) as session:
                session.execute_write(write)
        except (Neo4jError, DriverError) as error:
            raise RecordPendingSync(_unavailable(error, self.settings), record.id, what) from None

    def close(self) -> None:
        self.driver.close()


class RecordPendingSync(StoreUnavailable):
    """A record write that the event journal kept but Neo4j did not take: the write stands
    (posting it again is a 409), and Neo4j shows it after the next `policykg sync`."""

    code = "record-pending-sync"

    def __init__(self, cause: StoreUnavailable | StoreError, event_id: str, what: str) -> None:
        super().__init__(
            f"event {event_id!r} was {what} and kept in the event journal under POLICYKG_HOME, but Neo4j did not take it: "
            f"{cause.message}. Do not send it again; once Neo4j answers, `policykg sync` writes it there "
            "(until then Neo4j does not show it)",
            field=cause.field,
        )
        self.event_id = event_id

    def to_json(self) -> dict:
        answer = super().to_json()
        answer["error"] |= {"event_id": self.event_id, "kept_in_journal": True}
        return answer


def snapshot_rows(snapshot: Snapshot, records: Iterable[EventRecord] = ()) -> GraphRows:
    """What a sync writes for `snapshot`: its asserted graph with the SKOS vocabularies
    (labels, codes and target kinds the queries show), the records of the event journal,
    and its inferred graph."""
    asserted = snapshot.asserted + load_vocabularies()
    for record in records:
        asserted += event_graph(record)
    return graph_to_rows(asserted, snapshot.inferred)


def _python(value: Any) -> Any:
    """A Cypher value as the embedded store gives it: neo4j Date -> datetime.date."""
    return value.to_native() if hasattr(value, "to_native") else value


def _unavailable(error: Neo4jError | DriverError, config: Neo4jSettings) -> StoreUnavailable | StoreError:
    """A driver error as the policykg error a user can act on."""
    if isinstance(error, AuthError):
        return StoreUnavailable(
            f"Neo4j at {config.uri} rejected user {config.user!r}: check NEO4J_USER and NEO4J_PASSWORD",
            field="NEO4J_PASSWORD",
        )
    if isinstance(error, (ServiceUnavailable, SessionExpired)):
        return StoreUnavailable(
            f"Neo4j at NEO4J_URI={config.uri} is not reachable; is it running? "
            "(policykg neo4j-server start starts the project's own)",
            field="NEO4J_URI",
        )
    if isinstance(error, ClientError) and "database" in (error.message or "").lower():
        return StoreUnavailable(
            f"Neo4j at {config.uri} has no database NEO4J_DATABASE={config.database!r}: {error.message}",
            field="NEO4J_DATABASE",
        )
    if isinstance(error, Neo4jError):
        return StoreError(f"Neo4j at {config.uri} refused a query: {error.message}")
    return StoreUnavailable(f"Neo4j at NEO4J_URI={config.uri}: {error}", field="NEO4J_URI")
