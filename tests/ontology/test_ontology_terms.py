"""policykg.ttl against its contract, ontology/README.md: every term the README lists is
declared, nothing undocumented is, and every declared term has Chinese and English labels."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS

from policykg.ontology.graphs import load_tbox
from policykg.ontology.namespaces import PKG

DECLARED_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
# Scheme nodes: declared by the SKOS vocabularies (ontology/vocab/*.ttl), not by the TBox.
SCHEMES = {"Sanctions", "Domains", "Roles", "AgencyKinds", "PolicyKinds", "Severities"}


def _declared(tbox):
    return {term for kind in DECLARED_KINDS for term in tbox.subjects(RDF.type, kind)}


def test_every_class_and_property_has_labels_in_chinese_and_english_and_a_comment():
    tbox = load_tbox()
    terms = _declared(tbox)
    assert len(terms) > 40
    for term in terms:
        labels = {label.language for label in tbox.objects(term, RDFS.label) if isinstance(label, Literal)}
        assert {"zh", "en"} <= labels, f"{term} lacks rdfs:label in {({'zh', 'en'} - labels)}"
        assert tbox.value(term, RDFS.comment) is not None, f"{term} lacks rdfs:comment"


def test_tbox_declares_exactly_the_terms_of_the_readme():
    readme = (files("policykg.ontology") / "README.md").read_text(encoding="utf-8")
    listed = {PKG[name] for name in re.findall(r"`pkg:(\w+)`", readme) if name not in SCHEMES}
    declared = {term for term in _declared(load_tbox()) if str(term).startswith(str(PKG))}
    assert listed - declared == set(), "listed in ontology/README.md but not declared in policykg.ttl"
    assert declared - listed == set(), "declared in policykg.ttl but not listed in ontology/README.md"


@pytest.mark.parametrize("prop, inverse", [
    ("implements", "implementedBy"), ("hasPart", "partOf"), ("leadAgency", "leads"),
    ("cooperatingAgency", "cooperatesIn"), ("responsibleAgency", "responsibleFor"),
])
def test_tbox_declares_the_inverse_pairs_of_the_readme(prop, inverse):
    assert (PKG[prop], OWL.inverseOf, PKG[inverse]) in load_tbox()


def test_tbox_declares_sub_properties_of_the_readme():
    tbox = load_tbox()
    for sub, sup in [("hasClause", "hasPart"), ("implements", "cites"), ("parentJurisdiction", "within"),
                     ("leadAgency", "involvesAgency"), ("cooperatingAgency", "involvesAgency"),
                     ("responsibleAgency", "involvesAgency")]:
        assert (PKG[sub], RDFS.subPropertyOf, PKG[sup]) in tbox
