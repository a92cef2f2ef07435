"""The OWL 2 RL closure: the compiled fast path gives exactly owlrl's inferred triples about
the data, and those are the ones the ontology promises (inverses, transitive containment
and implementation, sub-class and sub-property entailments)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from policykg.ontology.namespaces import ELI, ID, ORG, PKG
from policykg.ontology.reasoning import close_graph, close_graph_reference, compile_tbox

ZHANQIAN = ID["policy/zhanqian-2024"]
QINGHAI = ID["policy/qinghai-2017"]


@pytest.fixture(scope="module")
def reference_inferred(seed_graph, tbox) -> Graph:
    """owlrl's closure of the seed graph (about ten seconds: computed once)."""
    return close_graph_reference(seed_graph, tbox)


def test_close_graph_matches_owlrl_on_the_seed_graph(seed_inferred, reference_inferred):
    fast, reference = set(seed_inferred), set(reference_inferred)
    missing, extra = sorted(reference - fast)[:5], sorted(fast - reference)[:5]
    assert fast == reference, f"owlrl only: {missing}; fast path only: {extra}"


def test_close_graph_reference_leaves_out_what_says_nothing_about_the_data(reference_inferred, tbox):
    schema_terms = {term for triple in tbox for term in triple}
    for subject, predicate, obj in reference_inferred:
        assert isinstance(subject, URIRef) and subject not in schema_terms
        assert predicate != OWL.sameAs and obj != OWL.Thing


def test_close_graph_returns_only_inferred_triples(seed_graph, seed_inferred):
    assert len(seed_inferred) > 0
    assert not any(triple in seed_graph for triple in seed_inferred)


def test_close_graph_adds_the_inverse_of_every_agency_role(seed_graph, seed_inferred):
    roles = {PKG.leadAgency: PKG.leads, PKG.cooperatingAgency: PKG.cooperatesIn, PKG.responsibleAgency: PKG.responsibleFor}
    for role, inverse in roles.items():
        pairs = list(seed_graph.subject_objects(role))
        assert pairs, f"the seeds name agencies in role {role}"
        for clause, agency in pairs:
            assert (agency, inverse, clause) in seed_inferred
            assert (clause, PKG.involvesAgency, agency) in seed_inferred


def test_close_graph_makes_every_clause_part_of_its_policy(seed_graph, seed_inferred):
    for policy in (ZHANQIAN, QINGHAI):
        clauses = set(seed_graph.subjects(PKG.inPolicy, policy))
        assert set(seed_inferred.objects(policy, PKG.hasPart)) == clauses
        assert all((clause, PKG.partOf, policy) in seed_inferred for clause in clauses)


def test_close_graph_places_a_district_within_its_province_and_the_country(seed_inferred):
    district = ID["jurisdiction/210802"]
    assert {ID["jurisdiction/210000"], ID["jurisdiction/100000"]} <= set(seed_inferred.objects(district, PKG.within))


def test_close_graph_types_a_government_as_an_agency_and_organisation(seed_graph, seed_inferred):
    issuer = seed_graph.value(ZHANQIAN, PKG.issuer)
    assert (issuer, RDF.type, PKG.Government) in seed_graph
    assert (issuer, RDF.type, PKG.Agency) in seed_graph + seed_inferred
    assert {PKG.Organisation, ORG.Organization} <= set(seed_inferred.objects(issuer, RDF.type))


def test_close_graph_reads_policies_in_eli_terms(seed_graph, seed_inferred):
    assert (ZHANQIAN, RDF.type, ELI.LegalResource) in seed_inferred
    assert (ZHANQIAN, ELI.title, seed_graph.value(ZHANQIAN, PKG.title)) in seed_inferred
    cited = next(iter(seed_graph.objects(ZHANQIAN, PKG.implements)))
    assert (ZHANQIAN, PKG.cites, cited) in seed_inferred
    assert (cited, PKG.implementedBy, ZHANQIAN) in seed_inferred


def test_close_graph_follows_implements_through_a_loaded_policy(tbox):
    # zhanqian-2024 implements the Yingkou opinion (营政发〔2022〕16号); were that loaded and
    # implementing the Liaoning decision (辽政发〔2019〕24号), zhanqian implements both.
    yingkou, liaoning = ID["policy/yingkou-2022"], ID["policy/liaoning-2019"]
    asserted = Graph()
    asserted.add((ZHANQIAN, PKG.implements, yingkou))
    asserted.add((yingkou, PKG.implements, liaoning))
    inferred = close_graph(asserted, tbox)
    assert (ZHANQIAN, PKG.implements, liaoning) in inferred
    assert (liaoning, PKG.implementedBy, ZHANQIAN) in inferred
    assert (ZHANQIAN, PKG.cites, liaoning) in inferred
    assert set(inferred) == set(close_graph_reference(asserted, tbox))


def test_compile_tbox_refuses_an_axiom_the_fast_path_cannot_apply(tbox):
    extended = Graph()
    extended += tbox
    extended.add((PKG.cites, RDF.type, OWL.SymmetricProperty))
    with pytest.raises(ValueError, match="SymmetricProperty"):
        compile_tbox(extended)


def test_compile_tbox_reads_the_declared_transitive_properties(tbox):
    assert compile_tbox(tbox).transitive == {PKG.within, PKG.hasPart, PKG.implements}


def test_close_graph_types_no_literal(seed_inferred):
    assert not any(isinstance(subject, Literal) for subject in seed_inferred.subjects())
