"""References resolve by what they name: document number, then title, then the plan a
notice issues; and the implementation chain runs from a district to the State Council."""

from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import Graph

from policykg.loaders import parse_document
from policykg.loaders.references import PolicyName, issued_title, normalized_title, resolve_references
from policykg.loaders.to_rdf import document_to_graph, link_citations
from policykg.ontology.graphs import load_tbox
from policykg.ontology.namespaces import PKG
from policykg.ontology.reasoning import close_graph

PAGES = Path(__file__).resolve().parent / "pages"
CORPUS = files("policykg.loaders") / "corpus"

# The Fujian plan as loaded from a page that prints the plan's title, not the notice's number
# (tests/loaders/pages/fujian-tw.txt), and the reference a city plan makes to it (seed 004).
FUJIAN_PLAN = PolicyName("fujian-2017", "福建省加强政务诚信建设实施方案")
CITY_REFERENCE = PolicyName("ref-fujian", "福建省人民政府关于印发<福建省加强政务诚信建设实施方案>的通知", "闽政〔2017〕40号")


NOTICE = PolicyName("fujian-notice", "福建省人民政府关于印发福建省加强政务诚信建设实施方案的通知")
QINGHAI = PolicyName("qinghai-2017", "青海省人民政府关于青海省加强政务诚信建设的实施意见", "青政〔2017〕47号")
NATIONAL = PolicyName("national", "国务院关于加强政务诚信建设的指导意见")
TWINS = [PolicyName("a", "关于加强政务诚信建设的实施意见"), PolicyName("b", "关于加强政务诚信建设的实施意见")]


@pytest.mark.parametrize(("reference", "loaded", "target"), [
    # the reference names the notice; the plan it issues is loaded under the plan's title
    (CITY_REFERENCE, [FUJIAN_PLAN], "fujian-2017"),
    # the reference names the plan; the notice issuing it is loaded under its own title
    (PolicyName("ref", FUJIAN_PLAN.title), [NOTICE], "fujian-notice"),
    # the number decides before the title
    (CITY_REFERENCE, [FUJIAN_PLAN, PolicyName("numbered", "另一个标题", "闽政〔2017〕40号")], "numbered"),
    # other brackets and 第 write the same number
    (PolicyName("ref", "某标题", "青政[2017]第47号"), [QINGHAI], "qinghai-2017"),
    # seed 000's spelling of the State Council opinion: traditional script with glosses
    (PolicyName("ref", "國(guó)務(wù)院關(guān)於加強(qiáng)政務(wù)誠(chéng)信建設(shè)的指導(dǎo)意見"), [NATIONAL], "national"),
    # the same title under another number is another policy
    (PolicyName("ref", FUJIAN_PLAN.title, "闽政〔2021〕9号"), [replace(FUJIAN_PLAN, doc_number="闽政〔2017〕40号")], None),
    # a title two loaded policies share links nowhere
    (PolicyName("ref", TWINS[0].title), TWINS, None),
])
def test_a_reference_resolves_by_what_it_names(reference, loaded, target):
    expected = {reference.id: target} if target else {}
    assert resolve_references([reference], loaded) == expected


def test_normalised_titles_and_issued_plans():
    assert normalized_title("《关于 加强政务诚信建设的实施意见》") == "关于加强政务诚信建设的实施意见"
    assert issued_title("福建省人民政府关于印发<福建省加强政务诚信建设实施方案>的通知") == "福建省加强政务诚信建设实施方案"
    assert issued_title("福建省加强政务诚信建设实施方案") is None


NATIONAL_TEXT = "国务院关于加强政务诚信建设的指导意见\n国发〔2016〕76号\n一、总体要求\n加强政务诚信建设。\n国务院\n2016年12月22日"
# A district plan naming the city's task-division plan it carries out (seed 004's title and number).
DISTRICT_TEXT = ("漳州市芗城区加强政务诚信建设实施方案\n为贯彻落实《漳州市加强政务诚信和个人诚信体系建设任务分工方案》"
                 "(漳政综〔2018〕41号)精神,制定本方案。\n一、总体要求\n加强政务诚信建设。\n漳州市芗城区人民政府\n2018年6月1日")


@pytest.fixture(scope="module")
def chain_graph() -> Graph:
    documents = [
        parse_document(NATIONAL_TEXT.encode(), source="national.txt"),
        parse_document((PAGES / "fujian-tw.txt").read_bytes(), source="fujian-tw.txt"),
        parse_document((CORPUS / "004_084f9c06af8bc641.txt").read_bytes(), source="004_084f9c06af8bc641.txt"),
        parse_document(DISTRICT_TEXT.encode(), source="district.txt"),
    ]
    union = Graph()
    for document in documents:
        union += document_to_graph(document)
    linked = link_citations(union)
    return linked + close_graph(linked, load_tbox())


def test_the_implementation_chain_runs_from_the_district_to_the_state_council(chain_graph):
    ids = {str(chain_graph.value(node, PKG.sourceFile)): node for node in chain_graph.subjects(PKG.loaded, None)
           if chain_graph.value(node, PKG.sourceFile) is not None}
    district, city, province, national = (ids[name] for name in (
        "district.txt", "004_084f9c06af8bc641.txt", "fujian-tw.txt", "national.txt"))
    for lower, upper in ((district, city), (city, province), (province, national),
                         (district, province), (district, national)):
        assert (lower, PKG.implements, upper) in chain_graph


def test_no_loaded_policy_cites_itself(chain_graph):
    for predicate in (PKG.cites, PKG.implements):
        assert not [s for s, o in chain_graph.subject_objects(predicate) if s == o]


def test_the_resolved_reference_leaves_no_stub_behind(chain_graph):
    stub_titles = {str(chain_graph.value(node, PKG.title)) for node in chain_graph.subjects(PKG.loaded, None)
                   if chain_graph.value(node, PKG.sourceFile) is None}
    assert "福建省人民政府关于印发<福建省加强政务诚信建设实施方案>的通知" not in stub_titles
    assert "国务院关于加强政务诚信建设的指导意见" not in stub_titles
