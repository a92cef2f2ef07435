"""A stored policy's graph with another copy merged in: the Fujian plan saved from two sites
(tests/loaders/pages: fujian-tw.txt traditional with glosses and without its number, fujian.txt
simplified with 闽政〔2017〕40号), the traditional one stored first."""

from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS

from policykg.loaders import parse_document
from policykg.loaders.copies import policy_head, with_copy
from policykg.loaders.to_rdf import document_to_graph
from policykg.ontology.identifiers import policy_iri
from policykg.ontology.namespaces import PKG

PAGES = Path(__file__).resolve().parent / "pages"


@pytest.fixture(scope="module")
def fujian():
    first, second = (parse_document((PAGES / name).read_bytes(), source=name) for name in ("fujian-tw.txt", "fujian.txt"))
    return first, second, document_to_graph(first)


def test_the_head_read_back_from_the_graph_has_what_identity_decides_on(fujian):
    first, _, graph = fujian
    head = policy_head(graph, first.id)
    assert (head.title, head.doc_number, head.issuer, head.jurisdiction, head.issued_on, head.source) == (
        first.title, first.doc_number, first.issuer, first.jurisdiction, first.issued_on, first.source)


def test_the_copy_adds_its_file_and_the_number_the_first_lacked_and_nothing_else(fujian):
    first, second, graph = fujian
    merged, warnings = with_copy(graph, first.id, second)
    policy = policy_iri(first.id)
    assert first.doc_number is None
    assert merged.value(policy, PKG.docNumber) == Literal("闽政〔2017〕40号")
    assert (policy, DCTERMS.source, Literal("fujian.txt")) in merged
    assert merged.value(policy, PKG.sourceFile) == Literal("fujian-tw.txt")  # the first copy stays the policy
    assert len(graph - merged) == 0  # nothing of the first copy is lost
    assert {p for _, p, _ in merged - graph} == {PKG.docNumber, DCTERMS.source}
    assert warnings == ()


def test_a_copy_stating_another_issuer_is_a_warning_naming_both_files_and_values(fujian):
    first, second, graph = fujian
    merged, warnings = with_copy(graph, first.id, replace(second, issuer="福建省发展和改革委员会"))
    assert len(warnings) == 1
    assert all(part in warnings[0] for part in ("fujian-tw.txt", "fujian.txt", first.issuer, "福建省发展和改革委员会"))
    assert merged.value(policy_iri(first.id), PKG.issuer) == graph.value(policy_iri(first.id), PKG.issuer)
    assert Literal(warnings[0]) in set(merged.objects(policy_iri(first.id), PKG.warning))
