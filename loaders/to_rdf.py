"""Reads a Document into RDF against the ontology's term list (ontology/README.md), links
citations across documents, and writes graphs out as Turtle or JSON-LD.

`document_to_graph` and `link_citations` are pure: a graph in or a document in, a new
graph out. Every node gets `dcterms:identifier` = the id the API shows for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from policykg.errors import InvalidRequest
from policykg.loaders.document import AgencyMention, Citation, Clause, Document
from policykg.loaders.references import PolicyName, resolve_references
from policykg.ontology.gazetteer import Jurisdiction, ancestors, find_jurisdiction
from policykg.ontology.identifiers import (
    agency_id,
    agency_iri,
    clause_id,
    clause_iri,
    jurisdiction_iri,
    policy_iri,
    referenced_policy_id,
)
from policykg.ontology.namespaces import AGENCY_KIND, ID, PKG, POLICY_KIND, PREFIXES, SANCTION, bind_prefixes
from policykg.ontology.vocabulary import agency_kind_of

__all__ = ["EXPORT_FORMATS", "document_to_graph", "link_citations", "serialize_graph"]

EXPORT_FORMATS = ("turtle", "json-ld")

_ROLE_PROPERTIES = {"lead": PKG.leadAgency, "cooperating": PKG.cooperatingAgency, "responsible": PKG.responsibleAgency}
_MODALITY_CLASSES = {"obligation": PKG.Obligation, "prohibition": PKG.Prohibition}
# Predicates whose object is a policy a citation points at; link_citations repoints them.
_CITING = (PKG.cites, PKG.implements)


def document_to_graph(doc: Document) -> Graph:
    """The RDF of one loaded policy: its metadata, issuer, jurisdiction chain, clause tree,
    agencies by role, sanction mentions, obligations and citations."""
    graph = bind_prefixes(Graph())
    policy = policy_iri(doc.id)
    _add_policy(graph, doc, policy)
    for citation in doc.citations:
        _add_citation(graph, policy, policy, citation)
    identifiers = clause_identifiers(doc)
    for ordinal, (clause, parent) in enumerate(_clauses_with_parents(doc), start=1):
        parent_node = policy if parent is None else clause_iri(identifiers[id(parent)])
        _add_clause(graph, doc, policy, clause, (identifiers[id(clause)], parent_node), ordinal)
    return graph


def clause_identifiers(doc: Document) -> dict[int, str]:
    """id(clause) -> its clause id, one per clause. A clause's id is its path in digits
    (三.(二).3 -> 3.2.3), but a fragment that starts mid-list (3., 4., then 二、 三、) has a
    top-level 3 as well as 三, and a text may print a number twice: the clauses under
    regular numbering get the plain ids first (rule files cite them), and every later
    claimant of a taken id a -2, -3 … suffix, so that no two clauses share a node."""
    ordered = [clause for top in doc.clauses if top.level == 1 for clause in top.walk()]
    ordered += [clause for top in doc.clauses if top.level != 1 for clause in top.walk()]
    identifiers: dict[int, str] = {}
    taken: set[str] = set()
    for clause in ordered:
        plain = clause_id(doc.id, clause.path)
        identifier, copy = plain, 1
        while identifier in taken:
            copy += 1
            identifier = f"{plain}-{copy}"
        taken.add(identifier)
        identifiers[id(clause)] = identifier
    return identifiers


def _add_policy(graph: Graph, doc: Document, policy: URIRef) -> None:
    graph.add((policy, RDF.type, PKG.Policy))
    graph.add((policy, DCTERMS.identifier, Literal(doc.id)))
    graph.add((policy, PKG.title, Literal(doc.title)))
    graph.add((policy, PKG.loaded, Literal(True)))
    graph.add((policy, PKG.sourceFile, Literal(doc.source)))
    for copy in doc.copies:  # another file holding the same policy (loaders/identity.py)
        graph.add((policy, DCTERMS.source, Literal(copy)))
    graph.add((policy, PKG.sha256, Literal(doc.sha256)))
    graph.add((policy, PKG.policyKind, POLICY_KIND[doc.kind]))
    if doc.doc_number:
        graph.add((policy, PKG.docNumber, Literal(doc.doc_number)))
    for predicate, day in (
        (PKG.issuedOn, doc.issued_on), (PKG.effectiveFrom, doc.effective_from), (PKG.effectiveUntil, doc.effective_until)
    ):
        if day is not None:
            graph.add((policy, predicate, Literal(day.isoformat(), datatype=XSD.date)))
    for addressee in doc.addressees:
        graph.add((policy, PKG.addressee, Literal(addressee)))
    for warning in doc.warnings:
        graph.add((policy, PKG.warning, Literal(warning)))
    if doc.jurisdiction is not None:
        graph.add((policy, PKG.appliesIn, _add_jurisdiction(graph, doc.jurisdiction)))
    if doc.issuer:
        # the issuer's kind by the same keywords as any agency: 青海省人民政府 and 江苏省政府 are
        # `government`, 深圳市社会信用体系建设统筹小组办公室 `credit-office`
        kind = agency_kind_of(doc.issuer)
        issuer = _add_agency(graph, doc.issuer, doc.issuer, kind=kind and kind.code, jurisdiction=doc.jurisdiction)
        graph.add((policy, PKG.issuer, issuer))


def _add_jurisdiction(graph: Graph, jurisdiction: Jurisdiction) -> URIRef:
    """The division and the chain of divisions above it, each linked to its parent."""
    chain = [jurisdiction, *ancestors(jurisdiction.adcode)]
    for division, parent in zip(chain, chain[1:] + [None]):
        node = jurisdiction_iri(division.adcode)
        if (node, RDF.type, PKG.Jurisdiction) in graph:
            break  # written for an earlier agency, with everything above it
        graph.add((node, RDF.type, PKG.Jurisdiction))
        graph.add((node, DCTERMS.identifier, Literal(division.adcode)))
        graph.add((node, PKG.adcode, Literal(division.adcode)))
        graph.add((node, SKOS.prefLabel, Literal(division.name)))
        graph.add((node, PKG.fullName, Literal(division.full_name)))
        graph.add((node, PKG.level, Literal(division.level)))
        if parent is not None:
            graph.add((node, PKG.parentJurisdiction, jurisdiction_iri(parent.adcode)))
    return jurisdiction_iri(jurisdiction.adcode)


def _add_agency(
    graph: Graph, name: str, surface: str, *, kind: str | None, jurisdiction: Jurisdiction | None
) -> URIRef:
    identifier = _agency_id(name)
    node = agency_iri(identifier)
    if surface != name:
        graph.add((node, SKOS.altLabel, Literal(surface)))
    if kind is not None:
        graph.add((node, PKG.agencyKind, AGENCY_KIND[kind]))
    if (node, RDF.type, PKG.Agency) in graph:
        return node  # named before in this document, with the same name and jurisdiction
    graph.add((node, RDF.type, PKG.Agency))
    if name.endswith("政府"):  # 人民政府, and 江苏省政府 as seed 003 writes it
        graph.add((node, RDF.type, PKG.Government))
    graph.add((node, DCTERMS.identifier, Literal(identifier)))
    graph.add((node, SKOS.prefLabel, Literal(name)))
    if jurisdiction is not None:
        graph.add((node, PKG.inJurisdiction, _add_jurisdiction(graph, jurisdiction)))
    return node


# Pinyin of a name costs about a millisecond, and the same agencies recur in every clause.
_agency_id = lru_cache(maxsize=8192)(agency_id)


def _add_mentioned_agency(graph: Graph, mention: AgencyMention) -> URIRef:
    # The jurisdiction is read from the canonical name (营口市站前区财政局 -> 站前区); a
    # name that names no division (各有关部门) gets none rather than a guessed one.
    return _add_agency(
        graph, mention.name, mention.surface, kind=mention.kind, jurisdiction=_jurisdiction_named(mention.name)
    )


@lru_cache(maxsize=8192)
def _jurisdiction_named(name: str) -> Jurisdiction | None:
    return find_jurisdiction(name)


def _clauses_with_parents(doc: Document) -> Iterator[tuple[Clause, Clause | None]]:
    """Every clause with its parent (None at the top), in document order."""

    def walk(clause: Clause, parent: Clause | None):
        yield clause, parent
        for child in clause.children:
            yield from walk(child, clause)

    for top in doc.clauses:
        yield from walk(top, None)


def _add_clause(
    graph: Graph, doc: Document, policy: URIRef, clause: Clause, ids: tuple[str, URIRef], ordinal: int
) -> None:
    identifier, parent_node = ids
    node = clause_iri(identifier)
    graph.add((node, RDF.type, PKG.Clause))
    graph.add((node, DCTERMS.identifier, Literal(identifier)))
    graph.add((node, PKG.inPolicy, policy))
    graph.add((parent_node, PKG.hasClause, node))
    graph.add((node, PKG.path, Literal(clause.path)))
    graph.add((node, PKG.number, Literal(clause.number)))
    graph.add((node, PKG.level, Literal(clause.level)))
    graph.add((node, PKG.ordinal, Literal(ordinal)))
    if clause.heading:
        graph.add((node, PKG.heading, Literal(clause.heading)))
    graph.add((node, PKG.text, Literal(clause.text)))
    _add_offsets(graph, node, clause.span.start, clause.span.end)
    for mention in clause.agencies:
        graph.add((node, _ROLE_PROPERTIES[mention.role], _add_mentioned_agency(graph, mention)))
    for n, sanction in enumerate(clause.sanctions, start=1):
        mention_node = _add_mention(graph, node, f"sanction-mention/{identifier}/{n}", PKG.SanctionMention)
        graph.add((node, PKG.hasSanctionMention, mention_node))
        graph.add((mention_node, PKG.sanction, SANCTION[sanction.code]))
        graph.add((mention_node, PKG.quote, Literal(sanction.sentence)))
        _add_offsets(graph, mention_node, sanction.span.start, sanction.span.end)
    for n, obligation in enumerate(clause.obligations, start=1):
        duty = _add_mention(graph, node, f"obligation/{identifier}/{n}", _MODALITY_CLASSES[obligation.modality])
        graph.add((node, PKG.hasObligation, duty))
        graph.add((duty, PKG.quote, Literal(obligation.sentence)))
        _add_offsets(graph, duty, obligation.span.start, obligation.span.end)
    for citation in clause.citations:
        _add_citation(graph, policy, node, citation)


def _add_mention(graph: Graph, clause: URIRef, local: str, cls: URIRef) -> URIRef:
    node = ID[local]
    graph.add((node, RDF.type, cls))
    graph.add((node, DCTERMS.identifier, Literal(local.split("/", 1)[1])))
    return node


def _add_offsets(graph: Graph, node: URIRef, start: int, end: int) -> None:
    graph.add((node, PKG.startOffset, Literal(start)))
    graph.add((node, PKG.endOffset, Literal(end)))


def _add_citation(graph: Graph, policy: URIRef, citing: URIRef, citation: Citation) -> None:
    """A cited-only policy node, cited by the clause (or the policy, outside clauses).
    When the text says it implements the cited policy, the policy itself implements it."""
    identifier = referenced_policy_id(citation.title, citation.doc_number)
    cited = policy_iri(identifier)
    graph.add((cited, RDF.type, PKG.Policy))
    graph.add((cited, DCTERMS.identifier, Literal(identifier)))
    graph.add((cited, PKG.title, Literal(citation.title)))
    graph.add((cited, PKG.loaded, Literal(False)))
    if citation.doc_number:
        graph.add((cited, PKG.docNumber, Literal(citation.doc_number)))
    if citation.relation == "implements":
        graph.add((policy, PKG.implements, cited))
    if citation.relation == "cites" or citing != policy:
        graph.add((citing, PKG.cites, cited))


def link_citations(graph: Graph) -> Graph:
    """A copy of `graph` (the union of several documents' graphs) in which every citation of
    a cited-only policy points at the loaded policy it names (by document number, title, or
    the plan a notice issues: loaders/references.py); the cited-only node is then dropped. A
    citation that ends up pointing at its own policy (a notice citing the text it wraps)
    is dropped too."""
    linked = bind_prefixes(Graph())
    linked += graph
    for stub, target in _stub_targets(graph).items():
        for subject, predicate in list(linked.subject_predicates(stub)):
            linked.remove((subject, predicate, stub))
            linked.add((subject, predicate, target))
        linked.remove((stub, None, None))
    _drop_self_citations(linked)
    return linked


def _stub_targets(graph: Graph) -> dict[URIRef, URIRef]:
    """Cited-only policy -> the one loaded policy it names (loaders/references.py decides)."""

    def named(flag: bool) -> dict[str, URIRef]:
        return {str(node): node for node in graph.subjects(PKG.loaded, Literal(flag))}

    def name(node: URIRef) -> PolicyName:
        number = graph.value(node, PKG.docNumber)
        return PolicyName(str(node), str(graph.value(node, PKG.title) or ""), str(number) if number is not None else None)

    stubs, loaded = named(False), named(True)
    targets = resolve_references((name(node) for node in stubs.values()), (name(node) for node in loaded.values()))
    return {stubs[stub]: loaded[target] for stub, target in targets.items()}


def _drop_self_citations(graph: Graph) -> None:
    for predicate in _CITING:
        for subject, cited in list(graph.subject_objects(predicate)):
            if cited == subject or (subject, PKG.inPolicy, cited) in graph:
                graph.remove((subject, predicate, cited))


def serialize_graph(graph: Graph, fmt: str) -> str:
    """The graph as Turtle or JSON-LD text, with the project's prefixes (pkg:, id:,
    sanction: …) bound in Turtle and as the JSON-LD @context."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidRequest(f"unknown export format {fmt!r}; accepted: {', '.join(EXPORT_FORMATS)}", field="format")
    output = bind_prefixes(Graph())
    output += graph
    if fmt == "turtle":
        return output.serialize(format="turtle")
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return output.serialize(format="json-ld", context=context, auto_compact=True)
