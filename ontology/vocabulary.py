"""Defines the controlled vocabularies (SKOS schemes in ontology/vocab/*.ttl) as lookups.

Every code or Chinese label that a user, a rule file or a loader gives for a sanction,
domain, role, agency kind, severity or policy kind is resolved here, against the Turtle
files, so that the graph and every lookup share one source of truth:
`concept("sanctions", "公开通报批评").code == "public-criticism"`. `agency_kind_of` reads
an agency's kind from its name by the same scheme, for the loaders (names in a text) and
the rules (the agency an event names) alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.errors import UnknownLabel
from policykg.ontology.namespaces import PKG

# scheme name -> (file in ontology/vocab/, scheme node, field name used in error messages)
SCHEMES: dict[str, tuple[str, URIRef, str]] = {
    "sanctions": ("sanctions.ttl", PKG.Sanctions, "sanction"),
    "domains": ("domains.ttl", PKG.Domains, "domain"),
    "roles": ("roles.ttl", PKG.Roles, "role"),
    "agency-kinds": ("agency-kinds.ttl", PKG.AgencyKinds, "agency_kind"),
    "severities": ("severities.ttl", PKG.Severities, "severity"),
    "policy-kinds": ("policy-kinds.ttl", PKG.PolicyKinds, "policy_kind"),
}
_TARGET_KINDS = {PKG.Organisation: "organisation", PKG.Person: "person"}


@dataclass(frozen=True)
class Concept:
    """One concept of a scheme: its API code, labels and IRI."""

    scheme: str  # e.g. sanctions
    code: str  # skos:notation, ASCII kebab, e.g. public-criticism
    label_zh: str  # skos:prefLabel@zh, e.g. 公开通报批评
    label_en: str  # skos:prefLabel@en
    iri: URIRef
    alt_labels: tuple[str, ...] = ()  # skos:altLabel@zh: wordings found in the policies
    target_kind: str | None = None  # sanctions only: organisation or person


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise UnknownLabel(f"unknown vocabulary {scheme!r}; accepted: {', '.join(SCHEMES)}", field="scheme")


@lru_cache(maxsize=None)
def scheme_graph(scheme: str) -> Graph:
    """The Turtle of one scheme, parsed once per process."""
    _check_scheme(scheme)
    filename = SCHEMES[scheme][0]
    graph = Graph()
    graph.parse(data=files("policykg.ontology").joinpath("vocab", filename).read_text(encoding="utf-8"), format="turtle")
    return graph


def _literal(graph: Graph, subject: URIRef, predicate: URIRef, language: str | None) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate)
                  if isinstance(o, Literal) and o.language == language)


@lru_cache(maxsize=None)
def concepts(scheme: str) -> list[Concept]:
    """The concepts of `scheme`, ordered by code (callers must not mutate the list)."""
    graph = scheme_graph(scheme)
    scheme_node = SCHEMES[scheme][1]
    found = []
    for iri in graph.subjects(SKOS.inScheme, scheme_node):
        if (iri, RDF.type, SKOS.Concept) not in graph:
            continue
        target = graph.value(iri, PKG.targetKind)
        found.append(Concept(
            scheme=scheme,
            code=str(graph.value(iri, SKOS.notation)),
            label_zh=_literal(graph, iri, SKOS.prefLabel, "zh")[0],
            label_en=_literal(graph, iri, SKOS.prefLabel, "en")[0],
            iri=iri,
            alt_labels=tuple(_literal(graph, iri, SKOS.altLabel, "zh")),
            target_kind=_TARGET_KINDS.get(target) if target is not None else None,
        ))
    return sorted(found, key=lambda c: c.code)


@lru_cache(maxsize=None)
def _index(scheme: str) -> dict[str, Concept]:
    """code, prefLabel@zh and every altLabel@zh -> concept."""
    index: dict[str, Concept] = {}
    for item in concepts(scheme):
        for key in (item.code, item.label_zh, *item.alt_labels):
            index.setdefault(key, item)
    return index


def concept(scheme: str, code_or_label: str, *, field: str | None = None) -> Concept:
    """The concept of `scheme` named by its code, its Chinese prefLabel or an altLabel.

    Raises UnknownLabel naming the value, the field and the accepted labels:
    "unknown severity '很严重'; accepted: 一般 (general), 严重 (serious)".
    """
    _check_scheme(scheme)
    found = _index(scheme).get(str(code_or_label).strip())
    if found is None:
        noun = SCHEMES[scheme][2]
        accepted = ", ".join(f"{c.label_zh} ({c.code})" for c in concepts(scheme))
        raise UnknownLabel(f"unknown {noun.replace('_', ' ')} {code_or_label!r}; accepted: {accepted}",
                           field=field or noun)
    return found


@lru_cache(maxsize=1)
def _agency_kind_keywords() -> tuple[tuple[str, Concept], ...]:
    """(keyword, kind): each kind's prefLabel@zh and altLabels@zh, longest keyword first."""
    pairs = [(label, item) for item in concepts("agency-kinds") if item.code != "collective"
             for label in (item.label_zh, *item.alt_labels)]
    return tuple(sorted(pairs, key=lambda pair: len(pair[0]), reverse=True))


@lru_cache(maxsize=8192)
def agency_kind_of(name: str) -> Concept | None:
    """The agency kind a name says it is, by agency-kinds.ttl; None when no keyword occurs (省保密局).

    A list entry that names a group (it starts with 各, or holds an altLabel of `collective`
    such as 有关部门, 各部门, 成员单位) is `collective`. Otherwise the longest keyword found
    in the name decides: 区政府办公室 is general-office (政府办公室 outranks 政府), 西宁市财政局
    is finance.
    """
    collective = concept("agency-kinds", "collective")
    if name.startswith("各") or any(marker in name for marker in collective.alt_labels):
        return collective
    for keyword, kind in _agency_kind_keywords():
        if keyword in name:
            return kind
    return None
