"""The sanction vocabulary with the clauses prescribing each, the same from every store."""

from __future__ import annotations

from rdflib.namespace import SKOS

from policykg.ontology.graphs import load_vocabularies
from policykg.ontology.namespaces import PKG


def test_sanctions_list_the_vocabulary_with_prescribing_clauses(api):
    sanctions = {s["code"]: s for s in api.get("/api/sanctions")}
    criticism = sanctions["public-criticism"]
    assert (criticism["label"], criticism["target"]) == ("公开通报批评", "organisation")
    assert "zhanqian-2024/5.2" in {p["clause_id"] for p in criticism["prescribed_by"]}
    for prescription in criticism["prescribed_by"]:
        assert prescription["quote"] in api.get(f"/api/clauses/{prescription['clause_id']}")["text"]


def test_sanctions_list_each_concept_of_the_vocabulary_once(api):
    vocabulary = load_vocabularies()
    codes = {str(vocabulary.value(concept, SKOS.notation)) for concept in vocabulary.subjects(SKOS.inScheme, PKG.Sanctions)}
    assert sorted(s["code"] for s in api.get("/api/sanctions")) == sorted(codes)
