"""Asks the embedded store: an Oxigraph database (pyoxigraph, RocksDB on disk) under
POLICYKG_HOME, queried with the named SPARQL files in queries/sparql/.

On disk:

    manifest.json               format, generation, the database folder, the count of loaded policies,
                                the documents (source -> policy id, sha256)
    generations/<gen>/          the Oxigraph database of one generation, never written once published
    generations/<gen>.evaluation.json  the rows the rule engine's facts are built from (Store.evaluation_rows)
    events/journal/<n>.json     dishonesty records, append-only (queries/journal.py)

Inside a generation's database, each graph has a name (GRAPHS below): one per document (what
document_to_graph produced), the documents' union after link_citations (asserted), the OWL 2
RL closure's inferred triples, and the ontology with its SKOS vocabularies (the labels and
codes answers show). Queries read the union of asserted, inferred and ontology.

Why a folder per generation: a RocksDB database has one read-write opener, and opening it
read-only while another process writes is undefined behaviour (pyoxigraph 0.5 has no
secondary opening). So a writer (under the exclusive lock `.lock`) checkpoints the published
generation into a new folder (hard links: constant time in the store's size), changes only
the graphs that differ, closes it and then replaces manifest.json (temp file, fsync,
rename): the manifest is the commit point, so a crash leaves the previous generation whole.
Readers, in any number of processes, open the generation the manifest names read-only
(constant time in its size), notice a newer manifest on their next read and move to it;
every query sees one committed generation from start to end. A process forked from one
that opened the store (a pre-loading server's workers) opens its own handle on first read,
since a RocksDB handle does not survive a fork. The generation before the
current one is kept for readers still on it; older ones are removed.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from policykg.errors import Conflict, StoreError, StoreUnavailable
from policykg.ontology.graphs import load_tbox, load_vocabularies
from policykg.queries.durable import remove_orphaned_temporaries, write_durably
from policykg.queries.events import EVENT_STEMS, EventReads, EventRecord, Transition, event_graph
from policykg.queries.journal import EventJournal
from policykg.queries.named import named_query
from policykg.queries.store import DocumentRecord, EvaluationRows, NamedQueryStore, Row, Snapshot

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
EVALUATION_SUFFIX = ".evaluation.json"  # generations/<gen>.evaluation.json: the rows the engine's facts come from
FORMAT_VERSION = 2
_GRAPH = "https://w3id.org/policykg/store/graph/"
GRAPHS = {
    "asserted": ox.NamedNode(_GRAPH + "asserted"),
    "inferred": ox.NamedNode(_GRAPH + "inferred"),
    "ontology": ox.NamedNode(_GRAPH + "ontology"),
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_QUERIED = [GRAPHS["asserted"], GRAPHS["inferred"], GRAPHS["ontology"]]


def document_graph_name(policy_id: str) -> ox.NamedNode:
    return ox.NamedNode(_GRAPH + "document/" + policy_id)


@dataclass(frozen=True)
class _Generation:
    """One committed generation, opened read-only, and the manifest that named it."""

    number: int
    documents: dict[str, DocumentRecord]  # by source
    policies: int | None  # loaded policies, counted when the generation was written
    database: ox.Store
    stamp: tuple[int, int] | None  # (inode, mtime_ns) of the manifest it came from
    pid: int  # the process that opened the database: a forked server worker opens its own


class EmbeddedStore(EventReads, NamedQueryStore):
    kind = "embedded"

    def __init__(self, home: Path) -> None:
        self.home = home
        self._lock = threading.Lock()  # guards only the swap to a newer generation and its cache
        self._evaluation: dict[int, EvaluationRows] = {}
        self._generation = self._open_published()
        self.journal = EventJournal(home)
        self._events = _EventsDatabase()

    @classmethod
    def open(cls, home: Path) -> "EmbeddedStore":
        """Open (creating if needed) the store under `home`."""
        try:
            (home / "generations").mkdir(parents=True, exist_ok=True)
            # left by writes killed before their rename: the manifest, the generations, the journal
            remove_orphaned_temporaries(home, home / "generations", EventJournal(home).folder)
        except OSError as error:
            raise StoreUnavailable(f"cannot create the store under {home}: {error.strerror}", field="POLICYKG_HOME")
        return cls(home)

    # --- reading -----------------------------------------------------------------------

    def generation(self) -> int:
        return self._current().number

    def documents(self) -> dict[str, DocumentRecord]:
        return dict(self._current().documents)

    def policy_count(self) -> int:
        """The count the manifest keeps (GET /api/health asks on every probe)."""
        current = self._current()
        return current.policies if current.policies is not None else NamedQueryStore.policy_count(self)

    def snapshot(self) -> Snapshot:
        """The whole generation as rdflib graphs (for the ingest pipeline and exports)."""
        current = self._current()
        return Snapshot(
            generation=current.number,
            documents=dict(current.documents),
            document_graphs={
                source: _graph(current.database, document_graph_name(record.policy_id))
                for source, record in current.documents.items()
            },
            asserted=_graph(current.database, GRAPHS["asserted"]),
            inferred=_graph(current.database, GRAPHS["inferred"]),
        )

    def rows(self, stem: str, **params: URIRef | str | None) -> list[Row]:
        query = named_query(stem, "sparql")
        if stem in EVENT_STEMS:  # records live apart from the policy generations (queries/journal.py)
            return _rows(self._events.current(self.journal.records()), stem, params)
        return _rows(self._current().database, stem, params)

    def evaluation_rows(self) -> EvaluationRows:
        """As persisted with the generation when it was written (no query at start-up)."""
        current = self._current()
        with self._lock:
            cached = self._evaluation.get(current.number)
        if cached is None:
            cached = self._read_evaluation_rows(current)
            with self._lock:
                self._evaluation = {current.number: cached}
        return cached

    def _read_evaluation_rows(self, current: _Generation) -> EvaluationRows:
        if current.number == 0:
            return _evaluation_rows(current.database)
        path = self.home / f"generations/{current.number}{EVALUATION_SUFFIX}"
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:  # written before evaluation rows were persisted
            return _evaluation_rows(current.database)
        except (OSError, ValueError) as error:
            raise StoreError(f"cannot read the evaluation rows of generation {current.number}, {path}: {error}")
        return EvaluationRows(**data)

    def save_event(self, record: EventRecord) -> EventRecord:
        """Record a new dishonesty event; Conflict if its id is taken."""
        self.journal.record(record)
        return self.event(record.id)

    def record_transition(self, event_id: str, transition: Transition, corrected: EventRecord | None = None) -> EventRecord:
        """Append a status change (and the correction it carries) to the record."""
        self.journal.transition(event_id, transition, corrected)
        return self.event(event_id)

    def close(self) -> None:
        """Nothing stays open for writing between calls: every write is complete when it returns."""

    def _current(self) -> _Generation:
        """The open generation, after moving to a newer one if another process committed it."""
        current = self._generation
        if self._manifest_stamp() == current.stamp and current.pid == os.getpid():
            return current
        with self._lock:
            if self._manifest_stamp() != self._generation.stamp or self._generation.pid != os.getpid():
                self._generation = self._open_published()
            return self._generation

    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            stat = (self.home / MANIFEST).stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)  # os.replace gives every commit a new inode

    def _open_published(self) -> _Generation:
        stamp = self._manifest_stamp()
        manifest = self._read_manifest()
        if manifest is None:
            return _Generation(0, {}, None, _ontology_only(), stamp, os.getpid())
        path = self.home / manifest["database"]
        try:
            database = ox.Store.read_only(str(path))
        except OSError as error:
            raise StoreError(f"the store manifest names the database {path}, which cannot be opened: {error}")
        documents = {
            entry["source"]: DocumentRecord(
                entry["source"], entry["policy_id"], entry["sha256"], entry["title"], tuple(entry["warnings"])
            )
            for entry in manifest["documents"]
        }
        return _Generation(manifest["generation"], documents, manifest.get("policies"), database, stamp, os.getpid())

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
                f"{path} has format {manifest.get('format')!r}; this policykg reads format {FORMAT_VERSION} "
                f"(move {self.home} aside and ingest the documents again)",
                field="POLICYKG_HOME",
            )
        return manifest

    # --- writing -----------------------------------------------------------------------

    def replace_graph(self, snapshot: Snapshot) -> None:
        """Publish `snapshot` as the next generation; only the graphs that differ from the
        published generation are written."""
        with self._write_lock():
            on_disk = self._read_manifest()
            generation = on_disk["generation"] if on_disk else 0
            if generation != snapshot.generation:
                raise Conflict(
                    f"the store under {self.home} changed while this ingest ran "
                    f"(generation {snapshot.generation} -> {generation}); run it again"
                )
            folder = f"generations/{generation + 1}"
            try:
                evaluation, policies = self._write_generation(on_disk, snapshot, self.home / folder)
                write_durably(self.home / (folder + EVALUATION_SUFFIX),
                              json.dumps(asdict(evaluation), ensure_ascii=False, default=str).encode("utf-8"), replace=True)
                manifest = {
                    "format": FORMAT_VERSION, "generation": generation + 1, "database": folder, "policies": policies,
                    "documents": [
                        {"source": source, "policy_id": record.policy_id, "sha256": record.sha256,
                         "title": record.title, "warnings": list(record.warnings)}
                        for source, record in sorted(snapshot.documents.items())
                    ],
                }
                write_durably(self.home / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"),
                              replace=True)
            except OSError as error:
                raise StoreError(f"cannot write the store under {self.home}: {error.strerror or error}")
            kept = {folder, on_disk["database"] if on_disk else folder}
            self._remove_unreferenced(keep=kept | {name + EVALUATION_SUFFIX for name in kept})
        with self._lock:
            self._generation = self._open_published()

    def _write_generation(self, previous: dict[str, Any] | None, snapshot: Snapshot, folder: Path) -> tuple[EvaluationRows, int]:
        """Build the next generation's database in `folder`: a checkpoint of the published
        one with the changed graphs replaced, flushed and closed before the commit. Returns
        its evaluation rows and its count of loaded policies, kept beside it so that no
        reader queries them at start or on a health probe."""
        shutil.rmtree(folder, ignore_errors=True)  # what a crashed writer left
        old_documents: dict[str, str] = {}
        if previous is None:
            database = ox.Store(str(folder))
        else:
            ox.Store.read_only(str(self.home / previous["database"])).backup(str(folder))
            database = ox.Store(str(folder))
            old_documents = {entry["source"]: entry["sha256"] for entry in previous["documents"]}
            old_ids = {entry["source"]: entry["policy_id"] for entry in previous["documents"]}
            for source, sha in old_documents.items():
                record = snapshot.documents.get(source)
                if record is None or record.sha256 != sha or record.policy_id != old_ids[source]:
                    database.remove_graph(document_graph_name(old_ids[source]))
        for source, record in snapshot.documents.items():
            if old_documents.get(source) != record.sha256 or not database.contains_named_graph(
                document_graph_name(record.policy_id)
            ):
                _put(database, document_graph_name(record.policy_id), snapshot.document_graphs[source])
        _put(database, GRAPHS["asserted"], snapshot.asserted)
        _put(database, GRAPHS["inferred"], snapshot.inferred)
        _put(database, GRAPHS["ontology"], _ontology_graph())
        evaluation = _evaluation_rows(database)
        policies = int(_rows(database, "policy_count", {})[0]["policies"])
        database.flush()
        del database  # closes the database: the folder is complete before the manifest names it
        return evaluation, policies

    def _remove_unreferenced(self, keep: set[str]) -> None:
        for path in (self.home / "generations").iterdir():
            if f"generations/{path.name}" in keep:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
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


class _EventsDatabase:
    """The records in an in-memory Oxigraph database, beside the vocabularies (role labels),
    updated record by record as the journal grows; queries read it without a lock."""

    def __init__(self) -> None:
        self.database = ox.Store()
        _put(self.database, GRAPHS["ontology"], load_vocabularies())
        self._applied: dict[str, EventRecord] = {}
        self._lock = threading.Lock()  # one updater at a time

    def current(self, records: dict[str, EventRecord]) -> ox.Store:
        with self._lock:
            for event_id, record in records.items():
                applied = self._applied.get(event_id)
                if applied is record:
                    continue
                if applied is not None:
                    for quad in _quads(event_graph(applied), GRAPHS["asserted"]):
                        self.database.remove(quad)
                self.database.extend(_quads(event_graph(record), GRAPHS["asserted"]))
                self._applied[event_id] = record
        return self.database


def _ontology_graph() -> Graph:
    """The TBox and the SKOS vocabularies: the labels, codes and target kinds that answers
    show next to the instance data."""
    return load_tbox() + load_vocabularies()


def _ontology_only() -> ox.Store:
    """An in-memory database holding only the ontology: what an empty store answers from."""
    database = ox.Store()
    _put(database, GRAPHS["ontology"], _ontology_graph())
    return database


def _quads(graph: Graph, name: ox.NamedNode) -> list[ox.Quad]:
    """The triples of an rdflib graph (no blank nodes) as quads of the graph `name`."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)]


def _put(database: ox.Store, name: ox.NamedNode, graph: Graph) -> None:
    """Replace the graph `name` in `database` with `graph`."""
    database.clear_graph(name)
    database.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=name)


def _graph(database: ox.Store, name: ox.NamedNode) -> Graph:
    """The graph `name` of `database` as an rdflib graph."""
    data = database.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
    return Graph().parse(data=data.decode("utf-8") if data else "", format="nt")


def _rows(database: ox.Store, stem: str, params: dict[str, URIRef | str | None]) -> list[Row]:
    query = named_query(stem, "sparql")
    substitutions = {ox.Variable(name): _term(value) for name, value in params.items() if value is not None}
    solutions = database.query(query.text, default_graph=_QUERIED, substitutions=substitutions)
    return [{column: _python(solution[column]) for column in query.returns} for solution in solutions]


def _evaluation_rows(database: ox.Store) -> EvaluationRows:
    return EvaluationRows(
        policies=_rows(database, "evaluation_policies", {}),
        references=_rows(database, "policy_references", {"policy": None}),
        clauses=_rows(database, "evaluation_clauses", {}),
        obligations=_rows(database, "evaluation_obligations", {}),
    )


def _term(value: URIRef | str) -> ox.NamedNode | ox.Literal:
    return ox.NamedNode(str(value)) if isinstance(value, URIRef) else ox.Literal(value)


def _python(term: Any) -> Any:
    """A query solution's term as a plain Python value (as rdflib's toPython gives it); IRIs as strings."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.language is not None or term.datatype.value == _XSD_STRING:  # most values: no conversion
            return term.value
        return Literal(term.value, datatype=URIRef(term.datatype.value)).toPython()
    return term.value
