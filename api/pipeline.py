"""Serves ingestion: files in, a published knowledge graph out.

    read bytes -> parse_document -> document_to_graph        (per file)
    union of every document graph -> link_citations -> close_graph -> validate_graph
    -> store.replace_graph                                    (once per call, all or nothing)

`remove_policy` takes one document out the same way: the rest linked, closed, validated.

Each file is its own unit. A file that cannot be read, decoded or parsed is reported as
failed, with a message naming it, and nothing of it is written; the other files of the
same call still land. Documents are identified by file name: the same bytes again are
`unchanged` and nothing is written; different bytes under a known name `replace` the old
version; a new name is `added`. A new file that is another copy of a policy stored or
staged already (loaders/identity.py: same number, or same normalised title with compatible
issuer and date) is added as that policy's copy: it keeps its own DocumentRecord under the
policy's id (so re-ingesting either copy is `unchanged`), and the policy's graph gains what
the copy adds (loaders/copies.py: its file, the fields it fills, conflict warnings). When two
different policies would get the same id, the later one gets the first 8 hex digits of its
sha256 as a suffix (zhanqian-2024-5a737e9d), so ids never depend on anything but the files
and the order they were first ingested in.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path
from typing import Iterable, Literal

from rdflib import Graph

from policykg.errors import DocumentError, NotFound, ShapeViolation
from policykg.loaders import parse_document
from policykg.loaders.copies import policy_head, with_copy
from policykg.loaders.document import Document
from policykg.loaders.files import read_policy_file
from policykg.loaders.identity import same_policy
from policykg.loaders.to_rdf import document_to_graph, link_citations
from policykg.ontology.graphs import load_tbox
from policykg.ontology.reasoning import close_graph
from policykg.ontology.validation import validate_graph
from policykg.queries.store import DocumentRecord, Snapshot, Store
from policykg.rules.rulefile import check_rule_file

log = logging.getLogger(__name__)

Status = Literal["added", "replaced", "unchanged", "failed"]


@dataclass(frozen=True)
class FileOutcome:
    path: str  # as given
    status: Status
    policy_id: str | None = None
    message: str | None = None  # why it failed, or what it is the same as
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestReport:
    files: tuple[FileOutcome, ...]

    @property
    def failures(self) -> list[FileOutcome]:
        return [outcome for outcome in self.files if outcome.status == "failed"]

    @property
    def changed(self) -> bool:
        return any(outcome.status in ("added", "replaced") for outcome in self.files)


@dataclass(frozen=True)
class _Staged:
    """A parsed file waiting to be published."""

    path: str
    record: DocumentRecord
    graph: Graph
    status: Status


def ingest_paths(store: Store, paths: Iterable[Path | str]) -> IngestReport:
    """Add or replace the documents in `paths`; report what happened to each file."""
    snapshot = store.snapshot()
    staged: dict[str, _Staged] = {}
    outcomes: dict[str, FileOutcome] = {}
    for given in paths:
        path = Path(given)
        try:
            outcome = _stage(path, snapshot, staged)
        except DocumentError as error:
            outcome = FileOutcome(str(path), "failed", message=error.message)
        outcomes[str(path)] = outcome
    if staged:
        for path, message in _publish(store, snapshot, list(staged.values())).items():
            outcomes[path] = FileOutcome(path, "failed", message=message)
    return IngestReport(tuple(outcomes.values()))


def ensure_seed_corpus(store: Store) -> IngestReport | None:
    """Load the bundled seed corpus (loaders/corpus/*.txt) into an empty store; None when
    the store already holds documents."""
    if store.documents():
        return None
    report = ingest_paths(store, seed_corpus_paths())
    if report.failures:
        details = "; ".join(outcome.message or outcome.path for outcome in report.failures)
        raise DocumentError(f"the bundled seed corpus did not load: {details}")
    return report


def seed_corpus_paths() -> list[Path]:
    corpus = files("policykg.loaders").joinpath("corpus")
    return sorted(Path(str(corpus)).glob("*.txt"))


def _stage(path: Path, snapshot: Snapshot, staged: dict[str, _Staged]) -> FileOutcome:
    source = path.name
    raw = read_policy_file(path)
    sha256 = hashlib.sha256(raw).hexdigest()
    if source in staged:
        raise DocumentError(
            f"{path}: another file named {source} is in this ingest ({staged[source].path}); "
            "documents are identified by file name"
        )
    known = snapshot.documents.get(source)
    if known is not None and known.sha256 == sha256:
        return FileOutcome(str(path), "unchanged", known.policy_id)
    for record in snapshot.documents.values():
        if record.sha256 == sha256:
            return FileOutcome(str(path), "unchanged", record.policy_id, f"same bytes as {record.source}")
    document = parse_document(raw, source=source)
    copy = _stage_copy(path, document, snapshot, staged) if known is None else None
    if copy is not None:
        return copy
    if known is not None and not _same_policy(known.policy_id, document.id):
        raise DocumentError(
            f"{path}: a file named {source} is stored already as policy {known.policy_id}, and this text is another "
            f"policy ({document.id}, 《{document.title}》); files are identified by name, so rename this one to add it",
            field="file",
        )
    taken = {r.policy_id for s, r in snapshot.documents.items() if s != source}
    taken |= {entry.record.policy_id for entry in staged.values()}
    if document.id in taken:
        document = replace(document, id=f"{document.id}-{sha256[:8]}")
    record = DocumentRecord(source, document.id, sha256, document.title, tuple(document.warnings))
    status: Status = "added" if known is None else "replaced"
    staged[source] = _Staged(str(path), record, document_to_graph(document), status)
    return FileOutcome(str(path), status, document.id, warnings=record.warnings + _rule_file_warnings(document))


def _stage_copy(path: Path, document: Document, snapshot: Snapshot, staged: dict[str, _Staged]) -> FileOutcome | None:
    """Stage a new file as another copy of a policy stored or staged already (loaders/identity.py
    decides), the policy's graph merged with it; None when it is no other policy's copy."""
    for policy_id, graph in _policy_graphs(snapshot, staged).items():
        head = policy_head(graph, policy_id)
        if same_policy(head, document):
            merged, warnings = with_copy(graph, policy_id, document)
            record = DocumentRecord(document.source, policy_id, document.sha256, document.title, warnings)
            staged[document.source] = _Staged(str(path), record, merged, "added")
            return FileOutcome(str(path), "added", policy_id,
                               f"同一政策《{head.title}》({policy_id})的另一副本,已记为其来源", warnings=warnings)
    return None


def _policy_graphs(snapshot: Snapshot, staged: dict[str, _Staged]) -> dict[str, Graph]:
    """Each policy's latest graph: stored, or staged in this ingest."""
    graphs = {record.policy_id: snapshot.document_graphs[source] for source, record in snapshot.documents.items()}
    graphs.update({entry.record.policy_id: entry.graph for entry in staged.values()})
    return graphs


def _same_policy(stored_id: str, parsed_id: str) -> bool:
    """A changed file replaces its earlier version only when it is still the same policy (a
    revised text keeps its slug, or the slug its stored id was suffixed from)."""
    return stored_id == parsed_id or stored_id.startswith(parsed_id + "-")


def _rule_file_warnings(document) -> tuple[str, ...]:
    """A text that changed under its policy's rule file still loads (a changed file replaces its
    earlier version), but its rules no longer quote it: say so now, not at the first evaluation."""
    problem = check_rule_file(document.id, {clause.path: clause.text for clause in document.walk()})
    if problem is None:
        return ()
    return (f"the rule file of {document.id} does not fit this text, so its sanctions are set aside until it is updated: {problem}",)


def _publish(store: Store, snapshot: Snapshot, staged: list[_Staged]) -> dict[str, str]:
    """Publish every staged document that passes the SHACL gate; return path -> message
    for those that do not. Nothing is written when none passes."""
    tbox = load_tbox()
    try:
        store.replace_graph(_combine(snapshot, staged, tbox))
        return {}
    except ShapeViolation as error:
        if len(staged) == 1:
            return {staged[0].path: f"{staged[0].path}: {error.message}"}
    # Several new documents and their union fails: find which, one document at a time, so
    # that one bad file does not keep the others out. Only this failure path pays for it.
    failed, passing = {}, []
    for entry in staged:
        try:
            _combine(snapshot, [entry], tbox)
            passing.append(entry)
        except ShapeViolation as error:
            failed[entry.path] = f"{entry.path}: {error.message}"
    if passing:
        store.replace_graph(_combine(snapshot, passing, tbox))
    return failed


def remove_policy(store: Store, policy_id: str) -> DocumentRecord:
    """Take the loaded policy `policy_id` out of the store, with its document (policies it
    cited stay only if another document cites them; policies citing it see it cited-only
    again); returns the removed document. NotFound when no document holds that policy."""
    snapshot = store.snapshot()
    removed = next((record for record in snapshot.documents.values() if record.policy_id == policy_id), None)
    if removed is None:
        raise NotFound(f"no loaded policy with id {policy_id!r} (policykg ingest lists the ids it adds)", field="policy_id")
    # every copy of the policy goes with it
    documents = {source: record for source, record in snapshot.documents.items() if record.policy_id != policy_id}
    graphs = {source: graph for source, graph in snapshot.document_graphs.items() if source in documents}
    store.replace_graph(_closed(snapshot.generation, documents, graphs, load_tbox()))
    return removed


def _combine(snapshot: Snapshot, staged: list[_Staged], tbox: Graph) -> Snapshot:
    """The next snapshot: the stored documents with `staged` added or replacing, linked,
    closed and validated. Raises ShapeViolation when the result fails the gate."""
    documents = dict(snapshot.documents)
    graphs = dict(snapshot.document_graphs)
    for entry in staged:
        documents[entry.record.source] = entry.record
        graphs[entry.record.source] = entry.graph
    # Copies of one policy share its graph: the one staged last, merged with every copy.
    latest = {entry.record.policy_id: entry.graph for entry in staged}
    graphs = {source: latest.get(documents[source].policy_id, graph) for source, graph in graphs.items()}
    return _closed(snapshot.generation, documents, graphs, tbox)


def _closed(generation: int, documents: dict[str, DocumentRecord], graphs: dict[str, Graph], tbox: Graph) -> Snapshot:
    """The documents' union linked, closed and validated, as the snapshot to publish on top
    of `generation`. Raises ShapeViolation when it fails the gate."""
    union = Graph()
    for graph in graphs.values():
        union += graph
    asserted = link_citations(union)
    inferred = close_graph(asserted, tbox)
    validate_graph(asserted + inferred)
    return Snapshot(generation, documents, graphs, asserted, inferred)
