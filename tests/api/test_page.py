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


def test_page_trace_is_one_click_away(page, live_server):
    page.goto(live_server + "/")
    page.wait_for_selector("#persons .person")
    fill_event(page, jurisdiction="营口市站前区", subject="区财政局", occurred_on="2024-06-01")
    page.click("#evaluate")
    page.wait_for_selector("#trace")
    assert not page.locator("#trace ol").is_visible()
    page.click("#trace summary")
    assert "zhanqian-2024/5.2" in page.locator("#trace ol").inner_text()


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
