"""document_to_graph, link_citations and serialize_graph, on hand-made documents that quote
seed 002 (zhanqian-2024) verbatim, so that these tests pin the term list (ontology/README.md)
independently of the NLP annotation."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from policykg.errors import InvalidRequest
from policykg.loaders.document import (
    AgencyMention,
    Citation,
    Clause,
    Document,
    ObligationMention,
    SanctionMention,
    Span,
)
from policykg.loaders.to_rdf import document_to_graph, link_citations, serialize_graph
from policykg.ontology.gazetteer import jurisdiction_by_adcode
from policykg.ontology.identifiers import agency_id, agency_iri, jurisdiction_iri, policy_iri, referenced_policy_id
from policykg.ontology.namespaces import AGENCY_KIND, ID, PKG, POLICY_KIND, SANCTION

# Seed 002, verbatim (simplified text as the loaders give it).
HEADING_5 = "五、建立政府信用管理体系"
CLAUSE_5_2 = (
    "(二)严格信用失信责任追究。政府各部门发生严重失信行为的,有关机关根据《辽宁省惩戒严重失信行为规定》"
    "和《辽宁省政务严重失信行为联合惩戒实施办法(试行)》有关规定,及时进行相应处理。政务严重失信主体应对具体失信"
    "行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。经认定的政务严重失信行为涉及的"
    "法定代表人、主要负责人和直接责任人,由公职人员任免机关、单位按照管理权限依法给予处分。涉嫌职务违法、职务犯罪的,"
    "应将问题线索移送监察机关,由监察机关按照法定职责程序予以处置。(牵头单位:区纪委监委、区委组织部等有关部门;"
    "配合单位:区直各部门,各街道办事处)"
)
SENTENCE = "政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。"
REFERRAL = "涉嫌职务违法、职务犯罪的,应将问题线索移送监察机关,由监察机关按照法定职责程序予以处置。"
TEXT = HEADING_5 + "\n" + CLAUSE_5_2
YINGKOU_TITLE = "营口市人民政府关于加强诚信政府建设的实施意见"
YINGKOU_NUMBER = "营政发〔2022〕16号"


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def _zhanqian() -> Document:
    child_start = TEXT.index(CLAUSE_5_2)
    lead = AgencyMention(
        name="营口市站前区纪律检查委员会监察委员会", surface="区纪委监委", role="lead",
        kind="discipline-inspection-and-supervision", span=_span(TEXT, "区纪委监委"),
    )
    clause_5_2 = Clause(
        path="五.(二)", number="(二)", level=2, heading="严格信用失信责任追究", text=CLAUSE_5_2,
        span=Span(child_start, len(TEXT)),
        agencies=[lead],
        sanctions=[
            SanctionMention("rectification-deadline", "限期整改", "限期加以整改", SENTENCE, _span(TEXT, "限期加以整改")),
            SanctionMention("public-criticism", "公开通报批评", "公开通报批评", SENTENCE, _span(TEXT, "公开通报批评")),
        ],
        obligations=[ObligationMention("obligation", REFERRAL, _span(TEXT, REFERRAL))],
        citations=[Citation("辽宁省惩戒严重失信行为规定", None, "cites", _span(TEXT, "《辽宁省惩戒严重失信行为规定》"))],
    )
    clause_5 = Clause(
        path="五", number="五", level=1, heading="建立政府信用管理体系", text=HEADING_5,
        span=Span(0, len(HEADING_5)), children=[clause_5_2],
    )
    return Document(
        id="zhanqian-2024", source="002_2c9410718cd0a972.txt", sha256="5a737e9d" * 8, encoding="utf-8",
        title="营口市站前区人民政府关于加强诚信政府建设的实施意见", doc_number=None,
        issuer="营口市站前区人民政府", jurisdiction=jurisdiction_by_adcode("210802"),
        issued_on=date(2024, 2, 22), effective_from=date(2024, 2, 22), effective_until=None,
        kind="implementation-opinion", addressees=["各办事处", "政府各部门", "直属中心"],
        clauses=[clause_5],
        citations=[Citation(YINGKOU_TITLE, YINGKOU_NUMBER, "implements", Span(0, 0))],
        text=TEXT, original_text=TEXT, offset_map=list(range(len(TEXT))),
    )


def _loaded(doc_id: str, title: str, doc_number: str | None, issuer: str, adcode: str) -> Document:
    """A loaded policy with no clause tree, as the loaders give a text without numbering."""
    return Document(
        id=doc_id, source=f"{doc_id}.txt", sha256="0" * 64, encoding="utf-8", title=title, doc_number=doc_number,
        issuer=issuer, jurisdiction=jurisdiction_by_adcode(adcode), issued_on=None, effective_from=None,
        effective_until=None, kind="implementation-opinion", addressees=[], clauses=[], citations=[],
        text=title, original_text=title, offset_map=list(range(len(title))),
        warnings=["no numbered clauses (一、 (一) 1. (1)) found; the whole text is one clause, 全文"],
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    return document_to_graph(_zhanqian())


POLICY = policy_iri("zhanqian-2024")
CLAUSE = ID["clause/zhanqian-2024/5.2"]


def test_document_to_graph_policy_metadata(graph):
    assert (POLICY, RDF.type, PKG.Policy) in graph
    assert graph.value(POLICY, DCTERMS.identifier) == Literal("zhanqian-2024")
    assert graph.value(POLICY, PKG.title) == Literal("营口市站前区人民政府关于加强诚信政府建设的实施意见")
    assert graph.value(POLICY, PKG.issuedOn) == Literal("2024-02-22", datatype=XSD.date)
    assert graph.value(POLICY, PKG.effectiveUntil) is None
    assert graph.value(POLICY, PKG.policyKind) == POLICY_KIND["implementation-opinion"]
    assert graph.value(POLICY, PKG.loaded) == Literal(True)
    assert graph.value(POLICY, PKG.sourceFile) == Literal("002_2c9410718cd0a972.txt")
    assert set(graph.objects(POLICY, PKG.addressee)) == {Literal("各办事处"), Literal("政府各部门"), Literal("直属中心")}
    assert graph.value(POLICY, PKG.docNumber) is None  # the seed prints none; nothing invented


def test_document_to_graph_issuer_is_a_government_in_its_jurisdiction(graph):
    issuer = graph.value(POLICY, PKG.issuer)
    assert issuer == agency_iri(agency_id("营口市站前区人民政府"))
    assert {PKG.Agency, PKG.Government} <= set(graph.objects(issuer, RDF.type))
    assert graph.value(issuer, PKG.inJurisdiction) == jurisdiction_iri("210802")
    assert graph.value(issuer, PKG.agencyKind) == AGENCY_KIND["government"]  # was left without a kind


def test_document_to_graph_jurisdiction_chain_up_to_the_country(graph):
    assert graph.value(POLICY, PKG.appliesIn) == jurisdiction_iri("210802")
    chain, node = [], jurisdiction_iri("210802")
    while node is not None:
        chain.append((str(graph.value(node, PKG.adcode)), str(graph.value(node, SKOS.prefLabel))))
        node = graph.value(node, PKG.parentJurisdiction)
    assert chain == [("210802", "站前区"), ("210800", "营口市"), ("210000", "辽宁省"), ("100000", "中国")]
    assert graph.value(jurisdiction_iri("210802"), PKG.fullName) == Literal("营口市站前区")


def test_document_to_graph_clause_tree_with_paths_and_offsets(graph):
    top = ID["clause/zhanqian-2024/5"]
    assert list(graph.objects(POLICY, PKG.hasClause)) == [top]
    assert list(graph.objects(top, PKG.hasClause)) == [CLAUSE]
    assert graph.value(CLAUSE, PKG.inPolicy) == POLICY  # at every depth, not only the top
    assert graph.value(CLAUSE, DCTERMS.identifier) == Literal("zhanqian-2024/5.2")
    assert graph.value(CLAUSE, PKG.path) == Literal("五.(二)")
    assert graph.value(CLAUSE, PKG.number) == Literal("(二)")
    assert (graph.value(top, PKG.ordinal), graph.value(CLAUSE, PKG.ordinal)) == (Literal(1), Literal(2))
    assert graph.value(CLAUSE, PKG.level) == Literal(2)
    assert graph.value(CLAUSE, PKG.heading) == Literal("严格信用失信责任追究")
    start, end = graph.value(CLAUSE, PKG.startOffset).toPython(), graph.value(CLAUSE, PKG.endOffset).toPython()
    assert TEXT[start:end] == str(graph.value(CLAUSE, PKG.text)) == CLAUSE_5_2


def test_document_to_graph_agency_by_role_with_alias_kind_and_jurisdiction(graph):
    agency = graph.value(CLAUSE, PKG.leadAgency)
    assert graph.value(agency, SKOS.prefLabel) == Literal("营口市站前区纪律检查委员会监察委员会")
    assert graph.value(agency, SKOS.altLabel) == Literal("区纪委监委")
    assert graph.value(agency, PKG.agencyKind) == AGENCY_KIND["discipline-inspection-and-supervision"]
    assert graph.value(agency, PKG.inJurisdiction) == jurisdiction_iri("210802")
    assert (agency, RDF.type, PKG.Government) not in graph
    assert graph.value(agency, DCTERMS.identifier) == Literal(agency_id("营口市站前区纪律检查委员会监察委员会"))


def test_document_to_graph_sanction_mentions_quote_their_sentence(graph):
    mentions = sorted(graph.objects(CLAUSE, PKG.hasSanctionMention))
    assert mentions == [ID["sanction-mention/zhanqian-2024/5.2/1"], ID["sanction-mention/zhanqian-2024/5.2/2"]]
    first = mentions[0]
    assert (first, RDF.type, PKG.SanctionMention) in graph
    assert graph.value(first, PKG.sanction) == SANCTION["rectification-deadline"]
    assert graph.value(first, PKG.quote) == Literal(SENTENCE)
    start, end = graph.value(first, PKG.startOffset).toPython(), graph.value(first, PKG.endOffset).toPython()
    assert TEXT[start:end] == "限期加以整改"


def test_document_to_graph_obligation_node_with_quote(graph):
    duty = graph.value(CLAUSE, PKG.hasObligation)
    assert duty == ID["obligation/zhanqian-2024/5.2/1"]
    assert (duty, RDF.type, PKG.Obligation) in graph
    assert graph.value(duty, PKG.quote) == Literal(REFERRAL)


def test_document_to_graph_cited_policies_are_nodes_marked_not_loaded(graph):
    yingkou = policy_iri(referenced_policy_id(YINGKOU_TITLE, YINGKOU_NUMBER))
    assert (POLICY, PKG.implements, yingkou) in graph
    assert graph.value(yingkou, PKG.loaded) == Literal(False)
    assert graph.value(yingkou, PKG.title) == Literal(YINGKOU_TITLE)
    assert graph.value(yingkou, PKG.docNumber) == Literal(YINGKOU_NUMBER)
    rule = policy_iri(referenced_policy_id("辽宁省惩戒严重失信行为规定", None))
    assert (CLAUSE, PKG.cites, rule) in graph  # cited where the clause cites it
    assert (POLICY, PKG.implements, rule) not in graph


def test_link_citations_points_at_the_loaded_policy_with_the_doc_number():
    yingkou = _loaded("yingkou-2022", YINGKOU_TITLE, YINGKOU_NUMBER, "营口市人民政府", "210800")
    linked = link_citations(document_to_graph(_zhanqian()) + document_to_graph(yingkou))
    stub = policy_iri(referenced_policy_id(YINGKOU_TITLE, YINGKOU_NUMBER))
    assert (POLICY, PKG.implements, policy_iri("yingkou-2022")) in linked
    assert (stub, None, None) not in linked and (None, None, stub) not in linked
    assert linked.value(policy_iri("yingkou-2022"), PKG.loaded) == Literal(True)


def test_link_citations_falls_back_to_the_title_when_a_number_is_missing():
    rule = _loaded("liaoning-rule", "辽宁省惩戒严重失信行为规定", None, "辽宁省人民政府", "210000")
    linked = link_citations(document_to_graph(_zhanqian()) + document_to_graph(rule))
    assert (CLAUSE, PKG.cites, policy_iri("liaoning-rule")) in linked


def test_link_citations_keeps_a_stub_whose_number_differs_from_the_same_titled_policy():
    other = _loaded("yingkou-other", YINGKOU_TITLE, "营政发〔2019〕3号", "营口市人民政府", "210800")
    linked = link_citations(document_to_graph(_zhanqian()) + document_to_graph(other))
    stub = policy_iri(referenced_policy_id(YINGKOU_TITLE, YINGKOU_NUMBER))
    assert (POLICY, PKG.implements, stub) in linked
    assert linked.value(stub, PKG.loaded) == Literal(False)


def test_link_citations_drops_a_policy_citing_itself():
    # Seed 001's cover notice cites the opinion it issues, which is the loaded text itself.
    title = "关于深入推进政务诚信建设打造一流营商环境的指导意见"
    doc = _loaded("shenzhen-2020", title, None, "深圳市社会信用体系建设统筹小组办公室", "440300")
    doc.citations = [Citation(title, None, "cites", Span(0, len(title)))]
    linked = link_citations(document_to_graph(doc))
    assert list(linked.objects(policy_iri("shenzhen-2020"), PKG.cites)) == []
    assert len(list(linked.subjects(RDF.type, PKG.Policy))) == 1


def test_link_citations_leaves_its_input_unchanged(graph):
    before = len(graph)
    link_citations(graph)
    assert len(graph) == before


# rdflib's own JSON-LD parser still builds a ConjunctiveGraph, which rdflib 7 deprecates.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("json-ld", "json-ld")])
def test_serialize_graph_round_trips(graph, fmt, rdflib_format):
    text = serialize_graph(graph, fmt)
    assert "营口市站前区" in text  # Chinese stays readable, not \u-escaped
    assert isomorphic(Graph().parse(data=text, format=rdflib_format), graph)


def test_serialize_graph_binds_the_project_prefixes(graph):
    assert "@prefix pkg: <https://w3id.org/policykg/ontology#> ." in serialize_graph(graph, "turtle")
    context = json.loads(serialize_graph(graph, "json-ld"))["@context"]
    assert context["pkg"] == "https://w3id.org/policykg/ontology#"
    assert context["sanction"] == "https://w3id.org/policykg/vocab/sanction/"


def test_serialize_graph_refuses_an_unknown_format(graph):
    with pytest.raises(InvalidRequest, match="accepted: turtle, json-ld"):
        serialize_graph(graph, "rdf/xml")


@pytest.fixture(scope="module")
def seed_documents(seed_paths):
    from policykg.loaders import load_document

    return [load_document(path) for path in seed_paths]


def test_each_seed_becomes_a_graph_that_passes_the_gate(seed_documents):
    from policykg.ontology.graphs import load_tbox
    from policykg.ontology.reasoning import close_graph
    from policykg.ontology.validation import validate_graph

    tbox = load_tbox()
    for doc in seed_documents:
        asserted = link_citations(document_to_graph(doc))
        validate_graph(asserted + close_graph(asserted, tbox))


def test_each_seed_clause_is_one_node_quoting_its_own_text(seed_documents):
    for doc in seed_documents:
        graph = document_to_graph(doc)
        clauses = list(doc.walk())
        nodes = set(graph.subjects(PKG.inPolicy, policy_iri(doc.id)))
        assert len(nodes) == len(clauses), f"{doc.source}: two clauses share an id"
        for node in nodes:
            text = str(graph.value(node, PKG.text))
            start, end = graph.value(node, PKG.startOffset).toPython(), graph.value(node, PKG.endOffset).toPython()
            assert doc.text[start:end] == text, f"{doc.source} {node}: offsets do not give the clause text"
            mentions = [*graph.objects(node, PKG.hasSanctionMention), *graph.objects(node, PKG.hasObligation)]
            for mention in mentions:
                assert str(graph.value(mention, PKG.quote)) in text, f"{doc.source} {mention}: quote not in its clause"


def test_document_to_graph_gives_every_seed_agency_a_kind(parsed_seeds):
    # 青海省扶贫局, 青海省综治办, 青海省考核办 and the issuing governments were kind-less
    expected = {"青海省扶贫局": "rural-revitalisation", "青海省综治办": "political-legal-affairs",
                "青海省考核办": "performance-appraisal", "青海省人民政府": "government", "江苏省政府": "government",
                "营口市站前区人民政府": "government", "漳州市人民政府": "government",
                "深圳市社会信用体系建设统筹小组办公室": "credit-office"}
    kinds = {}
    for document in parsed_seeds.values():
        graph = document_to_graph(document)
        for agency in graph.subjects(RDF.type, PKG.Agency):
            kind = graph.value(agency, PKG.agencyKind)
            kinds[str(graph.value(agency, SKOS.prefLabel))] = kind and str(kind).rsplit("/", 1)[-1]
    assert [name for name, kind in kinds.items() if kind is None] == []
    assert {name: kinds[name] for name in expected} == expected
