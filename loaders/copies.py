"""Another copy of a stored policy, merged into the policy's graph.

The store keeps each policy's graph (document_to_graph's output), not its source text, so a
later ingest knows a stored policy only by that graph. `policy_head` reads back the metadata
loaders/identity.py decides on (title, number, issuer, jurisdiction, dates, sources, warnings)
as a Document without clauses; `with_copy` merges a new copy into that head (`merge_copies`)
and adds to the stored graph only the triples the merge adds: the copy's file, the fields it
fills, the conflict warnings. Neither the first copy's text nor its clauses are needed.
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

from policykg.loaders.document import Document
from policykg.loaders.identity import merge_copies
from policykg.loaders.to_rdf import document_to_graph
from policykg.ontology.gazetteer import jurisdiction_by_adcode
from policykg.ontology.identifiers import policy_iri
from policykg.ontology.namespaces import PKG, POLICY_KIND

__all__ = ["policy_head", "with_copy"]


def policy_head(graph: Graph, policy_id: str) -> Document:
    """The stored policy `policy_id` of `graph` as a Document without clauses or text."""
    policy = policy_iri(policy_id)

    def value(predicate):
        found = graph.value(policy, predicate)
        return found.toPython() if isinstance(found, Literal) else found

    def day(predicate) -> date | None:
        found = value(predicate)
        return found if isinstance(found, date) else None

    issuer, applies_in = graph.value(policy, PKG.issuer), graph.value(policy, PKG.appliesIn)
    adcode = graph.value(applies_in, PKG.adcode) if applies_in is not None else None
    kind = graph.value(policy, PKG.policyKind)
    return Document(
        id=policy_id, source=str(value(PKG.sourceFile)), sha256=str(value(PKG.sha256)), encoding="",
        title=str(value(PKG.title)), doc_number=value(PKG.docNumber),
        issuer=str(graph.value(issuer, SKOS.prefLabel)) if issuer is not None else None,
        jurisdiction=jurisdiction_by_adcode(str(adcode)) if adcode is not None else None,
        issued_on=day(PKG.issuedOn), effective_from=day(PKG.effectiveFrom), effective_until=day(PKG.effectiveUntil),
        kind=str(kind)[len(str(POLICY_KIND)):], addressees=[], clauses=[], citations=[], text="", original_text="",
        offset_map=[], warnings=sorted(str(w) for w in graph.objects(policy, PKG.warning)),
        copies=sorted(str(c) for c in graph.objects(policy, DCTERMS.source)),
    )


def with_copy(graph: Graph, policy_id: str, copy: Document) -> tuple[Graph, tuple[str, ...]]:
    """`graph` (the stored policy `policy_id`) with `copy` merged in, and the warnings the
    merge raised (the fields on which the two copies disagree)."""
    head = policy_head(graph, policy_id)
    merged = merge_copies(head, copy)
    added = document_to_graph(merged) - document_to_graph(head)
    return graph + added, tuple(merged.warnings[len(head.warnings):])
