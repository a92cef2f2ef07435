"""The page at / answers "what sanctions apply" in a real headless Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.chromium


def fill_event(page, *, jurisdiction: str, subject: str, occurred_on: str, severity: str = "严重"):
    page.fill("#occurred_on", occurred_on)
    page.fill("#jurisdiction", jurisdiction)
    page.select_option("#subject_kind", "agency")
    page.fill("#subject_name", subject)
    page.select_option("#severity", severity)


def test_page_shows_sanctions_with_their_clause_quoted(page, live_server):
    page.goto(live_server + "/")
    page.wait_for_selector("#persons .person")  # the vocabularies have loaded
    fill_event(page, jurisdiction="营口市站前区", subject="区财政局", occurred_on="2024-06-01")
    page.fill("#persons .person-name", "孙某")
    page.select_option("#persons .person-role", "法定代表人")
    page.click("#evaluate")
    page.wait_for_selector("#sanctions .sanction")

    names = page.locator("#sanctions .sanction .name").all_inner_texts()
    assert "公开通报批评" in names and "限期整改" in names
    criticism = page.locator("#sanctions .sanction", has_text="公开通报批评").first
    assert "政务严重失信主体应对具体失信行为限期加以整改" in criticism.locator("blockquote").first.inner_text()
    link = criticism.locator("a.clause-link").first
    assert link.get_attribute("href") == "/api/clauses/zhanqian-2024/5.2"
    assert "孙某" in page.locator("#accountable").inner_text()
    applicable = page.locator("#applicable li.policy").all_inner_texts()
    assert applicable == ["《营口市站前区人民政府关于加强诚信政府建设的实施意见》：适用于营口市站前区；自2024-02-22起施行"]


def test_page_shows_why_as_a_collapsible_tree_in_chinese(page, live_server):
    page.goto(live_server + "/")
    page.wait_for_selector("#persons .person")
    fill_event(page, jurisdiction="营口市站前区", subject="区财政局", occurred_on="2024-06-01")
    page.click("#evaluate")
    criticism = page.locator("#sanctions .sanction:has(.name:text-is('公开通报批评'))")
    criticism.wait_for()
    assert "必须执行（原文：“应”）" in criticism.locator(".binding").inner_text()
    tree = criticism.locator("details.why")
    assert not tree.locator("ul.tree").first.is_visible()
    tree.locator("summary").first.click()
    text = tree.locator("ul.tree").first.inner_text()
    assert "结论：区财政局（政府部门）：公开通报批评" in text
    assert "前提（事件事实）：失信程度为严重" in text
    assert "规则已经人工审核" in text
    assert "例外 五.(四)（可从轻或免于）：不适用" in text


def test_page_unfolds_a_chain_down_to_the_record(page, live_server):
    """Qinghai: the responsible civil servant of a procurement default is recorded (三.(三).1),
    and the measures for 存在政务失信记录的公务员 (三.(二).3) show that record as their premise."""
    page.goto(live_server + "/")
    page.wait_for_selector("#persons .person")
    fill_event(page, jurisdiction="青海省", subject="青海省卫生健康委员会", occurred_on="2019-03-01", severity="一般")
    page.select_option("#domain", "政府采购")
    page.fill("#persons .person-name", "王某")
    page.select_option("#persons .person-role", "直接责任人")
    page.click("#evaluate")
    appraisal = page.locator("#sanctions .sanction:has(.name:text-is('年终考核不得评为优秀等次'))")
    appraisal.wait_for()
    appraisal.locator("details.why > summary").click()
    premise = appraisal.locator("li.premise.derived details")
    assert "前提（由其他规则得出）：王某（直接责任人）已纳入失信记录" in premise.locator("summary").inner_text()
    premise.locator("summary").click()
    assert "qinghai-2017 三.(三).1" in premise.inner_text() and "所涉领域为政府采购" in premise.inner_text()
    not_fired = page.locator("#not-fired")
    assert not not_fired.locator("ul").is_visible()
    not_fired.locator("summary").click()
    assert "三.(二).2未适用：条款所指为人民政府、公务员，本事件主体是政府部门" in not_fired.inner_text()


def test_page_says_when_no_policy_applies(page, live_server):
    page.goto(live_server + "/")
    page.wait_for_selector("#persons .person")
    fill_event(page, jurisdiction="海南省", subject="省财政厅", occurred_on="2024-06-01")
    page.click("#evaluate")
    page.wait_for_selector("#applicable")
    assert page.locator("#sanctions .sanction").count() == 0
    assert "没有适用的惩戒措施" in page.locator("#sanctions").inner_text()


def test_page_names_the_field_of_a_bad_input(page, live_server):
    page.goto(live_server + "/")
    page.wait_for_selector("#persons .person")
    fill_event(page, jurisdiction="火星市", subject="区财政局", occurred_on="2024-06-01")
    page.click("#evaluate")
    error = page.wait_for_selector("#answer .error")
    assert "jurisdiction" in error.inner_text() and "火星市" in error.inner_text()


def test_page_suggests_jurisdictions(page, live_server):
    page.goto(live_server + "/")
    page.type("#jurisdiction", "站前")
    page.wait_for_function("document.querySelectorAll('#jurisdiction-suggestions option').length > 0")
    values = page.eval_on_selector_all("#jurisdiction-suggestions option", "els => els.map(e => e.value)")
    assert "营口市站前区" in values
