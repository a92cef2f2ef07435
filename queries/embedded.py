"""Asks the embedded store: rdflib graphs kept on disk under POLICYKG_HOME, queried with the
named SPARQL files in queries/sparql/.

On disk (all N-Triples, UTF-8):

    manifest.json                  generation, the documents (source -> policy id, sha256), file names
    documents/<policy>.<sha>.nt    one per document: what document_to_graph produced
    graphs/asserted-<gen>.nt       the documents' union after link_citations
    graphs/inferred-<gen>.nt       the OWL 2 RL closure's inferred triples, kept apart
    events/journal/<n>.json        dishonesty records, append-only (queries/journal.py)

A write puts every new file in place first (temp file, fsync, rename) and then replaces
manifest.json the same way; the manifest is the commit point, so a crash at any moment
leaves the previous generation intact and readable. Files no manifest names are removed
after the commit. Writers hold an exclusive lock on `.lock`; readers notice a newer
manifest (another process ingested) and reload before answering.
"""

from __future__ import annotations

import fcntl
import json
import logging
import threading
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.parsers.ntriples import ParseError
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from policykg.errors import Conflict, StoreError, StoreUnavailable
from policykg.ontology.graphs import load_tbox, load_vocabularies
from policykg.queries.events import EVENT_STEMS, EventReads, EventRecord, Transition, event_graph
from policykg.queries.journal import EventJournal
from policykg.queries.durable import remove_orphaned_temporaries, write_durably
from policykg.queries.named import named_query
from policykg.queries.store import DocumentRecord, NamedQueryStore, Row, Snapshot

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class _Loaded:
    """One generation as read from disk, and the graph the queries run on."""

    snapshot: Snapshot
    queryable: Graph  # asserted + inferred + the ontology and its vocabularies
    stamp: tuple[int, int] | None  # (inode, mtime_ns) of the manifest it came from


class EmbeddedStore(EventReads, NamedQueryStore):
    kind = "embedded"

    def __init__(self, home: Path) -> None:
        self.home = home
        self._lock = threading.Lock()
        self._loaded = self._load()
        self.journal = EventJournal(home)
        self._events = _EventsGraph()

    @classmethod
    def open(cls, home: Path) -> "EmbeddedStore":
        """Open (creating if needed) the store under `home`."""
        try:
            (home / "documents").mkdir(parents=True, exist_ok=True)
            (home / "graphs").mkdir(exist_ok=True)
            remove_orphaned_temporaries(home)  # left by writes killed before their rename
        except OSError as error:
            raise StoreUnavailable(f"cannot create the store under {home}: {error.strerror}", field="POLICYKG_HOME")
        return cls(home)

    # --- reading -----------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return self._current().snapshot

    def rows(self, stem: str, **params: URIRef | str | None) -> list[Row]:
        query = named_query(stem, "sparql")
        bindings = {name: _term(value) for name, value in params.items() if value is not None}
        # Records live apart from the policy generations (queries/journal.py), in a graph of their own.
        queryable = self._events.current(self.journal.records()) if stem in EVENT_STEMS else self._current().queryable
        # rdflib's SPARQL parser (pyparsing) is not thread-safe, and a threaded server asks
        # from several threads at once: parse and evaluate one query at a time.
        with _SPARQL_LOCK:
            result = queryable.query(_prepared(stem), initBindings=bindings)
            return [
                {column: _python(row[column]) for column in query.returns}
                for row in result  # type: ignore[union-attr]
            ]

    def save_event(self, record: EventRecord) -> EventRecord:
        """Record a new dishonesty event; Conflict if its id is taken."""
        self.journal.record(record)
        return self.event(record.id)

    def record_transition(self, event_id: str, transition: Transition, corrected: EventRecord | None = None) -> EventRecord:
        """Append a status change (and the correction it carries) to the record."""
        self.journal.transition(event_id, transition, corrected)
        return self.event(event_id)

    def close(self) -> None:
        """Nothing stays open between calls: every write is complete when it returns."""

    def _current(self) -> _Loaded:
        """The loaded generation, reloaded first if another process committed a newer one."""
        with self._lock:
            if self._manifest_stamp() != self._loaded.stamp:
                self._loaded = self._load()
            return self._loaded

    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            stat = (self.home / MANIFEST).stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)  # os.replace gives every commit a new inode

    def _load(self) -> _Loaded:
        stamp = self._manifest_stamp()
        manifest = self._read_manifest()
        if manifest is None:
            snapshot = Snapshot(0, {}, {}, Graph(), Graph())
        else:
            snapshot = self._read_snapshot(manifest)
        queryable = Graph()
        for part in (snapshot.asserted, snapshot.inferred, _ontology_graph()):
            queryable += part
        return _Loaded(snapshot, queryable, stamp)

    def _read_manifest(self) -> dict[str, Any] | None:
        path = self.home / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise StoreError(f"cannot read the store manifest {path}: {error}", field="POLICYKG_HOME")
        if manifest.get("format") != FORMAT_VERSION:
            raise StoreError(
                f"{path} has format {manifest.get('format')!r}; this policykg reads format {FORMAT_VERSION}",
                field="POLICYKG_HOME",
            )
        return manifest

    def _read_snapshot(self, manifest: dict[str, Any]) -> Snapshot:
        documents, graphs = {}, {}
        for entry in manifest["documents"]:
            record = DocumentRecord(
                entry["source"], entry["policy_id"], entry["sha256"], entry["title"], tuple(entry["warnings"])
            )
            documents[record.source] = record
            graphs[record.source] = self._read_graph(entry["graph"])
        return Snapshot(
            generation=manifest["generation"],
            documents=documents,
            document_graphs=graphs,
            asserted=self._read_graph(manifest["asserted"]),
            inferred=self._read_graph(manifest["inferred"]),
        )

    def _read_graph(self, name: str) -> Graph:
        path = self.home / name
        try:
            return Graph().parse(path, format="nt")
        except OSError as error:
            raise StoreError(f"the store manifest names {path}, which cannot be read: {error.strerror}")
        except ParseError as error:
            raise StoreError(f"{path} is not valid N-Triples: {error}")

    # --- writing -----------------------------------------------------------------------

    def replace_graph(self, snapshot: Snapshot) -> None:
        with self._write_lock():
            on_disk = self._read_manifest()
            generation = on_disk["generation"] if on_disk else 0
            if generation != snapshot.generation:
                raise Conflict(
                    f"the store under {self.home} changed while this ingest ran "
                    f"(generation {snapshot.generation} -> {generation}); run it again"
                )
            try:
                manifest = self._write_generation(snapshot, generation + 1)
                manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
                write_durably(self.home / MANIFEST, manifest_bytes, replace=True)
                self._remove_unreferenced(manifest)
            except OSError as error:
                raise StoreError(f"cannot write the store under {self.home}: {error.strerror or error}")
        with self._lock:
            self._loaded = self._load()

    def _write_generation(self, snapshot: Snapshot, generation: int) -> dict[str, Any]:
        """Write every graph file of the new generation; return the manifest naming them."""
        entries = []
        for source, record in sorted(snapshot.documents.items()):
            name = f"documents/{record.policy_id}.{record.sha256[:16]}.nt"
            if not (self.home / name).exists():  # same id and bytes: the file already holds this graph
                write_durably(self.home / name, _ntriples(snapshot.document_graphs[source]), replace=True)
            entries.append({
                "source": source, "policy_id": record.policy_id, "sha256": record.sha256,
                "title": record.title, "warnings": list(record.warnings), "graph": name,
            })
        asserted, inferred = f"graphs/asserted-{generation}.nt", f"graphs/inferred-{generation}.nt"
        write_durably(self.home / asserted, _ntriples(snapshot.asserted), replace=True)
        write_durably(self.home / inferred, _ntriples(snapshot.inferred), replace=True)
        return {
            "format": FORMAT_VERSION, "generation": generation,
            "asserted": asserted, "inferred": inferred, "documents": entries,
        }

    def _remove_unreferenced(self, manifest: dict[str, Any]) -> None:
        keep = {manifest["asserted"], manifest["inferred"], *(entry["graph"] for entry in manifest["documents"])}
        for folder in ("documents", "graphs"):
            for path in (self.home / folder).iterdir():
                if f"{folder}/{path.name}" not in keep:
                    path.unlink(missing_ok=True)
        for path in self.home.glob(f".{MANIFEST}.*.tmp"):  # a crashed writer's manifest
            path.unlink(missing_ok=True)

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        with open(self.home / ".lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


_SPARQL_LOCK = threading.Lock()


class _EventsGraph:
    """The records as one RDF graph with the vocabularies (role labels), updated record by
    record as the journal grows."""

    def __init__(self) -> None:
        self.graph = load_vocabularies()
        self._applied: dict[str, EventRecord] = {}

    def current(self, records: dict[str, EventRecord]) -> Graph:
        with _SPARQL_LOCK:  # no query reads the graph while it changes
            for event_id, record in records.items():
                applied = self._applied.get(event_id)
                if applied is record:
                    continue
                if applied is not None:
                    self.graph -= event_graph(applied)
                self.graph += event_graph(record)
                self._applied[event_id] = record
        return self.graph


@lru_cache(maxsize=None)
def _prepared(stem: str) -> Query:
    """The named query parsed and translated once per process (rdflib parses slowly)."""
    return prepareQuery(named_query(stem, "sparql").text)


def _ontology_graph() -> Graph:
    """The TBox and the SKOS vocabularies: the labels, codes and target kinds that answers
    show next to the instance data."""
    return load_tbox() + load_vocabularies()


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _term(value: URIRef | str) -> URIRef | Literal:
    return value if isinstance(value, URIRef) else Literal(value)


def _python(term: Any) -> Any:
    """A SPARQL result term as a plain Python value; IRIs as strings."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)
