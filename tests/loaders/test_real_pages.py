"""Classes of real web pages the seeds do not show (issue 10): titles and dates, kinds,
jurisdiction, references to oneself. Excerpts in tests/loaders/pages/ (README: the pages);
every expectation below is read from the Chinese text."""

from datetime import date
from pathlib import Path

import pytest
from rdflib.namespace import DCTERMS

from policykg.loaders import parse_document
from policykg.loaders.metadata import labelled_dates, policy_kind
from policykg.loaders.to_rdf import document_to_graph, link_citations
from policykg.ontology.gazetteer import COUNTRY_ADCODE
from policykg.ontology.graphs import load_tbox
from policykg.ontology.namespaces import PKG
from policykg.ontology.reasoning import close_graph
from policykg.ontology.validation import validate_graph
from tests.loaders.test_metadata import metadata_of

PAGES = Path(__file__).resolve().parent / "pages"


def page_text(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed_pages():
    return {path.name: parse_document(path.read_bytes(), source=path.name) for path in PAGES.glob("*.txt")}


def test_a_bare_date_closing_the_cover_notice_is_not_glued_to_the_title():
    found = metadata_of(page_text("xinzheng.txt"))
    assert found.title == "新郑市加强政务诚信建设实施方案"
    assert found.issued_on == date(2017, 11, 1)
    assert found.kind == "implementation-plan"


def test_a_jurisdiction_read_from_the_title_is_said_to_be_inferred():
    found = metadata_of(page_text("xinzheng.txt"))
    assert found.issuer is None  # the page shows no issuer line, and the title names no government
    assert found.jurisdiction.full_name == "郑州市新郑市"
    assert any("由标题推断" in warning and "新郑市" in warning for warning in found.warnings)


def test_a_notice_issuing_a_plan_is_the_plan_with_the_notice_number_and_signature():
    found = metadata_of(page_text("fujian.txt"))
    assert (found.title, found.doc_number, found.issuer) == (
        "福建省加强政务诚信建设实施方案", "闽政〔2017〕40号", "福建省人民政府")
    assert (found.issued_on, found.kind, found.jurisdiction.name) == (date(2017, 9, 27), "implementation-plan", "福建省")


def test_the_traditional_copy_with_glosses_reads_the_same_but_has_no_number():
    found = metadata_of(page_text("fujian-tw.txt"))
    assert (found.title, found.doc_number, found.issuer, found.issued_on) == (
        "福建省加强政务诚信建设实施方案", None, "福建省人民政府", date(2017, 9, 27))


def test_a_page_repeating_the_notice_title_in_quotes_and_its_number():
    found = metadata_of(page_text("jilin.txt"))
    assert (found.title, found.doc_number, found.issuer, found.issued_on) == (
        "吉林省政务诚信建设实施方案", "吉政办发〔2017〕75号", "吉林省人民政府办公厅", date(2017, 11, 15))


def test_a_page_never_cites_the_notice_that_issues_it_or_its_own_number(parsed_pages):
    jilin = parsed_pages["jilin.txt"]
    titles = [citation.title for citation in jilin.citations] + [c.title for clause in jilin.walk() for c in clause.citations]
    assert all("关于印发吉林省政务诚信建设实施方案" not in title for title in titles)
    assert [c.doc_number for c in jilin.citations] == ["国发〔2014〕21号", "国发〔2016〕76号", "吉政发〔2014〕40号"]


def test_the_plan_cites_and_implements_what_its_preamble_names(parsed_pages):
    fujian = parsed_pages["fujian.txt"]
    assert [(c.doc_number, c.relation) for c in fujian.citations] == [
        ("国发〔2016〕76号", "implements"), ("发改办财金〔2017〕332号", "implements")]


def test_a_labelled_date_on_the_line_after_its_label():
    found = metadata_of(page_text("zhenba.txt"))
    assert (found.title, found.doc_number, found.issued_on) == ("镇巴县人民政府工作规则", "镇政发〔2024〕7号", date(2024, 4, 6))


@pytest.mark.parametrize(("lines", "expected"), [
    (["发布日期:2020-05-09"], {"published": date(2020, 5, 9)}),
    (["浏览量: 时间:2020-05-09 22:46:15"], {"published": date(2020, 5, 9)}),
    (["成文日期：2017年9月27日", "发布日期：2017年9月29日"], {"issued": date(2017, 9, 27), "published": date(2017, 9, 29)}),
    (["发文日期: 2019-01-23 生效时间: 2019-01-23", "废止时间: 2020-01-23"],
     {"issued": date(2019, 1, 23), "effective": date(2019, 1, 23)}),
    (["印发日期:", "2018年3月12日"], {"issued": date(2018, 3, 12)}),
])
def test_labelled_dates_by_what_they_date(lines, expected):
    assert labelled_dates(lines) == expected


def test_a_page_dated_only_by_its_publication_says_so():
    found = metadata_of("关于加强政务诚信建设的实施意见\n发布日期:2020-05-09\n一、总体要求\n加强政务诚信建设。")
    assert found.issued_on == date(2020, 5, 9)
    assert any("publication date" in warning for warning in found.warnings)


def test_a_breadcrumb_label_alone_on_its_line_takes_the_next_line_with_it():
    # the breadcrumb of http://www.nanxian.gov.cn/jc_nx/187/195/content_16189.html, broken after
    # its label as the issue's page broke it
    text = "位置:\n首页 > 公开领域 > 城乡规划\n福建省加强政务诚信建设实施方案\n一、总体要求\n加强政务诚信建设。"
    assert metadata_of(text).title == "福建省加强政务诚信建设实施方案"


def test_a_news_summary_with_the_time_first_gives_the_province_of_the_summarised_plan():
    text = ("我省出台政务诚信建设实施方案\n近日,省政府印发《福建省加强政务诚信建设实施方案》,结合我省实际,"
            "提出加强政务诚信建设。\n方案要求各地各部门加强政务诚信建设。")
    found = metadata_of(text)
    assert (found.title, found.kind, found.issuer) == ("福建省加强政务诚信建设实施方案", "news-summary", "省政府")
    assert found.jurisdiction.name == "福建省"
    assert any("新闻所概述政策的标题" in warning for warning in found.warnings)


@pytest.mark.parametrize(("text", "said"), [
    # 我省 with the page's source line
    ("关于加强政务诚信建设的实施意见\n来源:信用福建\n为加强我省政务诚信建设,制定本意见。\n一、总体要求\n加强政务诚信建设。",
     "本省/我省/本市"),
    # the addressees, last in trust: the one division directly above all of them
    ("关于加强政务诚信建设的实施意见\n漳州市人民政府,龙岩市人民政府:\n为加强政务诚信建设,制定本意见。\n一、总体要求\n"
     "加强政务诚信建设。", "主送机关"),
])
def test_a_province_inferred_without_the_issuer_is_said_to_be_inferred(text, said):
    found = metadata_of(text)
    assert found.jurisdiction.name == "福建省"
    assert any(said in warning for warning in found.warnings)


@pytest.mark.parametrize("issuer_line", ["国务院办公厅", "国家发展改革委", "财政部", "人力资源社会保障部"])
def test_documents_of_the_state_council_and_ministries_apply_across_the_country(issuer_line):
    text = f"关于加强政务诚信建设的通知\n一、总体要求\n加强政务诚信建设。\n{issuer_line}\n2017年5月3日"
    found = metadata_of(text)
    assert found.issuer == issuer_line
    assert found.jurisdiction.adcode == COUNTRY_ADCODE


def test_a_ministry_number_without_an_issuer_is_national():
    found = metadata_of("发改办财金〔2017〕332号\n重点任务分工及进度安排\n一、总体要求\n加强政务诚信建设。")
    assert found.jurisdiction.adcode == COUNTRY_ADCODE


@pytest.mark.parametrize(("title", "kind"), [
    ("福建省加强政务诚信建设实施方案", "implementation-plan"),
    ("许昌市政务诚信建设工作方案", "work-plan"),
    ("《国务院关于加强政务诚信建设的指导意见》重点任务分工", "task-division-plan"),
    ("福建省人民政府关于印发福建省加强政务诚信建设实施方案的通知", "implementation-plan"),
    ("关于印发《某县政务诚信建设工作方案》的通知", "work-plan"),
    ("关于开展专项治理的通知", "notice"),
])
def test_plans_and_the_notices_issuing_them_have_their_kind(title, kind):
    assert policy_kind(title) == kind


def test_a_news_page_under_a_two_line_breadcrumb_is_the_summarised_plan_of_its_province():
    found = metadata_of(page_text("henan-news.txt"))
    assert (found.title, found.kind, found.issuer) == ("河南省加强政务诚信建设实施方案", "news-summary", "省政府")
    assert (found.jurisdiction.name, found.issued_on) == ("河南省", date(2017, 7, 5))


@pytest.mark.parametrize(("name", "paths", "first"), [
    ("henan-fragment.txt", ["3"], "3"),
    ("xinyu-fragment.txt", ["(二)", "二", "二.(一)", "二.(一).1"], "(二)"),
])
def test_a_fragment_is_read_as_far_as_it_goes_and_passes_the_gate(parsed_pages, name, paths, first):
    document = parsed_pages[name]
    assert [clause.path for clause in document.walk()] == paths
    assert any(warning.startswith(f"文本从第 {first} 项开始") for warning in document.warnings)
    graph = link_citations(document_to_graph(document))
    validate_graph(graph + close_graph(graph, load_tbox()))  # raises ShapeViolation when refused


def test_an_orphan_clause_and_the_section_with_the_same_digits_are_two_clauses(parsed_pages):
    document = parsed_pages["xinyu-fragment.txt"]
    graph = document_to_graph(document)
    texts = {str(graph.value(node, PKG.path)): str(graph.value(node, PKG.text)) for node in graph.subjects(PKG.path, None)}
    assert texts["(二)"].startswith("工作目标")
    assert texts["二"] == "紧扣经济发展大局深化公开"
    # the section keeps the plain id rule files cite (二 -> 2); the orphan (二) gets a suffix
    identifiers = {str(graph.value(node, PKG.path)): str(graph.value(node, DCTERMS.identifier))
                   for node in graph.subjects(PKG.path, None)}
    assert identifiers["二"] == f"{document.id}/2" and identifiers["(二)"] == f"{document.id}/2-2"


def test_addressees_in_two_provinces_give_no_jurisdiction():
    text = "关于加强政务诚信建设的实施意见\n漳州市人民政府,西宁市人民政府:\n一、总体要求\n加强政务诚信建设。"
    assert metadata_of(text).jurisdiction is None


def test_a_numbered_policy_whose_preamble_reports_another_is_no_news_summary():
    text = ("漳州市加强政务诚信建设实施方案\n漳政综〔2018〕41号\n近日,省政府印发《福建省加强政务诚信建设实施方案》,"
            "为抓好贯彻落实,制定本方案。\n一、总体要求\n加强政务诚信建设。")
    found = metadata_of(text)
    assert (found.title, found.kind) == ("漳州市加强政务诚信建设实施方案", "implementation-plan")


@pytest.mark.parametrize("remark", ["(此件公开发布)", "（此件主动公开）", "(此件不公开)", "(本件依申请公开)"])
def test_a_publication_remark_below_the_cover_notice_is_not_glued_to_the_title(remark):
    text = (f"各县、区人民政府:\n现将《盘锦市加强诚信政府建设实施方案》印发给你们,请认真组织实施。\n盘锦市人民政府\n"
            f"2022年7月17日\n{remark}\n盘锦市加强诚信政府建设实施方案\n一、总体要求\n加强诚信政府建设。")
    assert metadata_of(text).title == "盘锦市加强诚信政府建设实施方案"


def test_a_news_page_headed_by_the_issuing_notice_takes_the_headline_over_the_body():
    text = ("广东省人民政府关于印发《广东省建立完善守信联合激励和失信联合惩戒制度实施方案》的通知\n"
            "日前,广东省人民政府印发《广东省建立完善守信联合激励和失信联合惩戒制度的实施方案》,作出部署。\n"
            "一是健全褒扬和激励诚信行为机制。")
    found = metadata_of(text)
    assert (found.title, found.issuer, found.kind) == (
        "广东省建立完善守信联合激励和失信联合惩戒制度实施方案", "广东省人民政府", "news-summary")


def test_a_report_without_headline_or_issuer_is_placed_by_its_lead_and_says_so():
    text = ("近年来,广东省委省政府高度重视社会信用体系建设工作。\n全省政务诚信建设取得积极进展。\n"
            "一是率先推行网上办事。\n二是深入推进政府信息公开。")
    found = metadata_of(text)
    assert found.jurisdiction.name == "广东省"
    assert any("导语" in warning and "广东省" in warning for warning in found.warnings)


def test_a_place_name_inside_a_word_past_the_lead_places_nothing():
    text = ("打造诚信政府实施方案\n为提高政府信誉度,决定开展创建诚信政府活动。\n一、指导思想\n"
            "以繁荣县域经济为目的,全县提高行政效率。")
    assert metadata_of(text).jurisdiction is None
