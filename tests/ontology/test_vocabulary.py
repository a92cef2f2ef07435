"""The SKOS schemes of ontology/vocab/ and the lookups over them (ontology/vocabulary.py)."""

import re

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from policykg.errors import UnknownLabel
from policykg.ontology.namespaces import PKG
from policykg.ontology.graphs import load_vocabularies
from policykg.ontology.vocabulary import SCHEMES, agency_kind_of, concept, concepts, scheme_graph

# the sanctions DESIGN.md names, as written there (纳入失信记录·黑名单 is two concepts)
DESIGN_SANCTIONS = [
    "书面说明原因", "限期整改", "取消荣誉评选资格", "公开通报批评", "追究责任", "依法给予处分", "移送监察机关",
    "年终考核不得评为优秀等次", "限制评先评优", "记入个人信用档案", "差别化服务", "纳入失信记录", "纳入黑名单",
    "向社会公开", "上传信用信息平台",
]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_vocabulary_every_concept_has_one_zh_and_one_en_label_and_an_ascii_notation(scheme):
    graph = scheme_graph(scheme)
    members = list(graph.subjects(SKOS.inScheme, SCHEMES[scheme][1]))
    assert members, f"{scheme} has no concepts"
    for member in members:
        assert (member, RDF.type, SKOS.Concept) in graph
        labels = list(graph.objects(member, SKOS.prefLabel))
        assert sorted(label.language for label in labels) == ["en", "zh"], member
        notations = list(graph.objects(member, SKOS.notation))
        assert len(notations) == 1 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(notations[0])), member
        assert str(member).endswith("/" + str(notations[0])), "the IRI ends with the code"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_vocabulary_scheme_node_is_declared_with_labels(scheme):
    graph = scheme_graph(scheme)
    node = SCHEMES[scheme][1]
    assert (node, RDF.type, SKOS.ConceptScheme) in graph
    assert {label.language for label in graph.objects(node, SKOS.prefLabel)} == {"zh", "en"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_vocabulary_codes_and_labels_are_unique_and_resolve_to_their_concept(scheme):
    items = concepts(scheme)
    assert len({c.code for c in items}) == len(items)
    owners: dict[str, str] = {}
    for item in items:
        for label in (item.code, item.label_zh, *item.alt_labels):
            assert owners.setdefault(label, item.code) == item.code, f"{label} names two concepts of {scheme}"
            assert concept(scheme, label).code == item.code


def test_vocabulary_sanctions_cover_design_and_each_has_a_target_kind():
    for label in DESIGN_SANCTIONS:
        assert concept("sanctions", label).label_zh == label
    assert {c.target_kind for c in concepts("sanctions")} == {"organisation", "person"}
    assert concept("sanctions", "依法给予处分").target_kind == "person"
    assert concept("sanctions", "限期整改").target_kind == "organisation"


def test_vocabulary_resolves_codes_labels_and_variant_wordings():
    assert concept("sanctions", "公开通报批评").code == "public-criticism"
    assert concept("sanctions", "public-criticism").label_en == "public criticism"
    assert concept("sanctions", "限期加以整改").code == "rectification-deadline"  # seed 000 and 002 wording
    assert concept("domains", "PPP").code == "ppp"
    assert concept("domains", "政府和社会资本合作").code == "ppp"
    assert concept("roles", " 法定代表人 ").code == "legal-representative"
    assert concept("agency-kinds", "发展和改革").code == "development-and-reform"
    assert concept("severities", "严重").code == "serious"
    assert concept("policy-kinds", "任务分工方案").code == "task-division-plan"


def test_vocabulary_unknown_label_names_field_and_accepted_values():
    with pytest.raises(UnknownLabel) as caught:
        concept("severities", "很严重")
    assert caught.value.field == "severity"
    assert "很严重" in caught.value.message
    assert "一般 (general)" in caught.value.message and "严重 (serious)" in caught.value.message
    with pytest.raises(UnknownLabel) as caught:
        concept("roles", "局长", field="persons[0].role")
    assert caught.value.field == "persons[0].role"


def test_vocabulary_unknown_scheme_is_refused():
    with pytest.raises(UnknownLabel) as caught:
        concept("penalties", "罚款")
    assert "sanctions" in caught.value.message


def test_vocabulary_graph_of_the_graph_layer_holds_every_concept_with_sanction_targets():
    graph = load_vocabularies()
    for scheme in SCHEMES:
        for item in concepts(scheme):
            assert (item.iri, SKOS.notation, Literal(item.code)) in graph
    assert (concept("sanctions", "移送监察机关").iri, PKG.targetKind, PKG.Person) in graph


def test_vocabulary_agency_kind_of_a_name_by_its_longest_keyword():
    def code(name):
        found = agency_kind_of(name)
        return found and found.code

    assert code("区政府办公室") == "general-office"  # 政府办公室 outranks 政府
    assert code("省人力资源社会保障厅") == "human-resources-and-social-security"
    assert code("漳州市发展和改革委员会") == "development-and-reform"
    assert code("西宁市财政局") == "finance"
    assert code("省政府法制办") == "justice"
    assert code("行政服务中心管委会") == "administrative-services"
    assert code("营口市人民代表大会常务委员会") == "peoples-congress"  # the prefLabel is a keyword too
    assert agency_kind_of("区财政局") is concept("agency-kinds", "finance")
    assert code("青海省人民政府") == code("江苏省政府") == "government"
    assert code("营口市站前区政府办公室") == "general-office"
    assert code("省扶贫局") == code("县乡村振兴局") == "rural-revitalisation"  # renamed in 2021
    assert code("省综治办") == code("区委政法委") == "political-legal-affairs"
    assert code("社会治安综合治理委员会办公室") == "political-legal-affairs"  # not general-office: the longer keyword wins
    assert code("省考核办") == "performance-appraisal"
    assert code("省社会信用体系建设领导小组") == "credit-office"
    assert code("省保密局") is None  # no keyword of the scheme occurs: no kind is guessed


def test_vocabulary_agency_kind_of_a_collective_entry():
    for name in ("各有关部门", "区直各部门", "各县(市、区)人民政府", "省社会信用体系建设领导小组其他成员单位"):
        assert agency_kind_of(name).code == "collective", name


def test_vocabulary_rectification_on_one_s_own_initiative_is_a_measure_of_its_own():
    # seed 004 一.(二).3 应主动整改 sets no deadline: a measure of its own, not 限期整改 (issue 9;
    # rules/policies/zhangzhou-2018.yaml prescribes it)
    assert concept("sanctions", "主动整改").code == "self-rectification"
    assert concept("sanctions", "限期整改").code == "rectification-deadline"
