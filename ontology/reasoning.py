"""Reasons over the graph: the OWL 2 RL closure of the asserted triples under the TBox,
returned as the inferred triples only, so that every triple shown to a user can be told
apart as quoted from a clause or derived by the ontology.

Two implementations give the same inferred triples about individuals:

* `close_graph_reference` runs owlrl's OWL 2 RL closure (`DeductiveClosure(OWLRL_Semantics)`)
  on a copy. It is the reference, and slow: about 10 s on the five seeds on two cores.
* `close_graph`, used at ingest, compiles the TBox once into tables and applies the OWL 2 RL
  rules that those tables can fire (spec names, OWL 2 Profiles §4.3): prp-spo1 (sub-property),
  prp-inv1/2 (inverses), prp-trp (transitivity), prp-dom / prp-rng (domain, range) and
  cax-sco (sub-class). The TBox uses no other constructs; `compile_tbox` refuses one that
  does, so a TBox edit that would need more rules fails loudly instead of drifting from
  owlrl. tests/ontology/test_reasoning.py holds the two to the same output.

What owlrl derives that says nothing about the data is left out of both: triples about
the TBox's own terms (`pkg:Policy owl:equivalentClass pkg:Policy`), reflexive `owl:sameAs`,
`rdf:type owl:Thing`, and typings of literals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from policykg.ontology.namespaces import bind_prefixes

__all__ = ["CompiledTBox", "close_graph", "close_graph_reference", "compile_tbox"]

_SCHEMA_NAMESPACES = tuple(str(ns) for ns in (OWL, RDF, RDFS, XSD))
_NOT_ABOUT_DATA = {OWL.Thing, RDFS.Resource}
# What compile_tbox understands. Annotations are read past; anything else is refused.
_DECLARATIONS = {
    OWL.Ontology, OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
    OWL.AnnotationProperty, RDF.Property, OWL.TransitiveProperty,
}
_AXIOMS = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf, RDFS.domain, RDFS.range}
_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, SKOS.definition,
                SKOS.note, SKOS.scopeNote, DCTERMS.description, DCTERMS.source}


@dataclass(frozen=True)
class CompiledTBox:
    """The TBox as lookup tables; super_* maps are reflexive and transitive."""

    super_classes: dict[URIRef, frozenset[URIRef]]
    super_properties: dict[URIRef, frozenset[URIRef]]
    inverses: dict[URIRef, frozenset[URIRef]]  # symmetric: p -> every q with p inverseOf q or q inverseOf p
    transitive: frozenset[URIRef]
    domains: dict[URIRef, frozenset[URIRef]]
    ranges: dict[URIRef, frozenset[URIRef]]

    def supers_of_class(self, cls: URIRef) -> frozenset[URIRef]:
        return self.super_classes.get(cls, frozenset((cls,)))

    def supers_of_property(self, prop: URIRef) -> frozenset[URIRef]:
        return self.super_properties.get(prop, frozenset((prop,)))


def compile_tbox(tbox: Graph) -> CompiledTBox:
    """Lookup tables for the TBox; ValueError names the first triple it cannot compile."""
    return _compile(frozenset(tbox))


@lru_cache(maxsize=4)
def _compile(triples: frozenset) -> CompiledTBox:
    sub_class, sub_property = defaultdict(set), defaultdict(set)
    inverses, domains, ranges = defaultdict(set), defaultdict(set), defaultdict(set)
    transitive = set()
    for s, p, o in triples:
        _check_compilable(s, p, o)
        if p == RDFS.subClassOf:
            sub_class[s].add(o)
        elif p == RDFS.subPropertyOf:
            sub_property[s].add(o)
        elif p == OWL.inverseOf:
            inverses[s].add(o)
            inverses[o].add(s)
        elif p == RDFS.domain:
            domains[s].add(o)
        elif p == RDFS.range:
            ranges[s].add(o)
        elif p == RDF.type and o == OWL.TransitiveProperty:
            transitive.add(s)
    return CompiledTBox(
        super_classes=_reflexive_transitive(sub_class),
        super_properties=_reflexive_transitive(sub_property),
        inverses={p: frozenset(qs) for p, qs in inverses.items()},
        transitive=frozenset(transitive),
        domains={p: frozenset(cs) for p, cs in domains.items()},
        ranges={p: frozenset(cs) for p, cs in ranges.items()},
    )


def _check_compilable(s, p, o) -> None:
    if p == RDF.type and o in _DECLARATIONS or p in _ANNOTATIONS:
        return
    if p in _AXIOMS and isinstance(s, URIRef) and isinstance(o, URIRef):
        return
    raise ValueError(
        f"ontology/policykg.ttl: the fast closure cannot compile ({s.n3()} {p.n3()} {o.n3()}); "
        "teach ontology/reasoning.py the OWL 2 RL rules it needs, or use close_graph_reference"
    )


def _reflexive_transitive(direct: dict[URIRef, set[URIRef]]) -> dict[URIRef, frozenset[URIRef]]:
    closed = {}
    for start in direct:
        seen, stack = {start}, [start]
        while stack:
            for above in direct.get(stack.pop(), ()):
                if above not in seen:
                    seen.add(above)
                    stack.append(above)
        closed[start] = frozenset(seen)
    return closed


def close_graph(asserted: Graph, tbox: Graph) -> Graph:
    """The triples OWL 2 RL adds to `asserted` under `tbox`, without the asserted ones.

    Property rules run to a fixpoint first (a sub-property triple may feed a transitive
    property whose closure feeds an inverse); class rules then run once, since no axiom
    here derives a property from a class.
    """
    compiled = compile_tbox(tbox)
    edges, types = _index(asserted)
    _close_properties(edges, compiled)
    _close_types(edges, types, compiled)
    inferred = bind_prefixes(Graph())
    for prop, pairs in edges.items():
        for subject, obj in pairs:
            if (subject, prop, obj) not in asserted:
                inferred.add((subject, prop, obj))
    for node, classes in types.items():
        for cls in classes:
            if (node, RDF.type, cls) not in asserted:
                inferred.add((node, RDF.type, cls))
    return inferred


def _index(asserted: Graph) -> tuple[dict[URIRef, set], dict[URIRef, set]]:
    edges, types = defaultdict(set), defaultdict(set)
    for subject, prop, obj in asserted:
        if prop == RDF.type:
            types[subject].add(obj)
        else:
            edges[prop].add((subject, obj))
    return edges, types


def _close_properties(edges: dict[URIRef, set], compiled: CompiledTBox) -> None:
    """prp-spo1, prp-inv1/2 and prp-trp until nothing new is derived."""
    closed_size: dict[URIRef, int] = {}
    changed = True
    while changed:
        changed = False
        for prop in list(edges):
            pairs = edges[prop]
            for above in compiled.supers_of_property(prop) - {prop}:
                changed |= _add_all(edges[above], pairs)
            for inverse in compiled.inverses.get(prop, ()):
                changed |= _add_all(edges[inverse], {(o, s) for s, o in pairs if not isinstance(o, Literal)})
        for prop in compiled.transitive:
            if prop in edges and closed_size.get(prop) != len(edges[prop]):
                changed |= _add_all(edges[prop], _transitive_pairs(edges[prop]))
                closed_size[prop] = len(edges[prop])


def _add_all(target: set, pairs: set) -> bool:
    before = len(target)
    target |= pairs
    return len(target) != before


def _transitive_pairs(pairs: set) -> set:
    successors = defaultdict(set)
    for subject, obj in pairs:
        successors[subject].add(obj)
    closure = set()
    for start in successors:
        seen, stack = set(), list(successors[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(successors.get(node, ()))
        closure.update((start, reached) for reached in seen)
    return closure


def _close_types(edges: dict[URIRef, set], types: dict[URIRef, set], compiled: CompiledTBox) -> None:
    """prp-dom, prp-rng (on resources; typings of literals are not about the data), cax-sco."""
    for prop, pairs in edges.items():
        for cls in compiled.domains.get(prop, ()):
            for subject, _ in pairs:
                types[subject].add(cls)
        for cls in compiled.ranges.get(prop, ()):
            for _, obj in pairs:
                if not isinstance(obj, Literal):
                    types[obj].add(cls)
    for node, classes in types.items():
        classes.update(*(compiled.supers_of_class(cls) for cls in list(classes)))
        classes -= _NOT_ABOUT_DATA


def close_graph_reference(asserted: Graph, tbox: Graph) -> Graph:
    """The same inferred triples as `close_graph`, by owlrl's OWL 2 RL closure (slow)."""
    closed = Graph()
    closed += asserted
    closed += tbox
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    schema_terms = {term for triple in tbox for term in triple if isinstance(term, URIRef)}
    inferred = bind_prefixes(Graph())
    for triple in closed:
        if triple not in asserted and triple not in tbox and _about_data(triple, schema_terms):
            inferred.add(triple)
    return inferred


def _about_data(triple, schema_terms: set[URIRef]) -> bool:
    subject, prop, obj = triple
    if not isinstance(subject, URIRef) or subject in schema_terms or str(subject).startswith(_SCHEMA_NAMESPACES):
        return False
    if prop == OWL.sameAs and obj == subject:
        return False
    return not (prop == RDF.type and obj in _NOT_ABOUT_DATA)
