"""The auditor's page at /audit in a real headless Chromium: the public view masks names,
the token unlocks them, a record shows its sanctions with their enforcers and a drawn
responsibility chain, and recorded text stays text."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from policykg.api.app import create_app
from policykg.queries.embedded import EmbeddedStore
from policykg.settings import Settings

pytestmark = pytest.mark.chromium

TOKEN = "page-audit-token"
HOSTILE = '<img src=x onerror="document.title=\'pwned\'">'


@pytest.fixture(scope="module")
def audit_server(seed_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("audit-page") / "home"
    shutil.copytree(seed_home, home)
    settings = Settings.from_env({"POLICYKG_HOME": str(home), "POLICYKG_API_TOKEN": TOKEN})
    app = create_app(settings, EmbeddedStore.open(home))
    event = {
        "id": "page-1", "occurred_on": "2024-06-01", "jurisdiction": "营口市站前区",
        "subject": {"kind": "agency", "name": "区财政局"}, "domain": "政府采购", "severity": "严重",
        "behaviour": HOSTILE, "persons": [{"name": "孙某", "role": "法定代表人"}],
    }
    response = app.test_client().post("/api/events", json=event, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.get_json()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_the_public_view_lists_records_with_names_masked(page, audit_server):
    page.goto(audit_server + "/audit")
    page.wait_for_selector("#events tbody tr")
    row = page.locator("#events tbody tr", has_text="page-1").inner_text()
    assert "孙*" in row and "孙某" not in row
    assert page.locator("#mode").inner_text() == "公开视图"


def test_a_wrong_token_is_refused_and_the_view_stays_public(page, audit_server):
    page.goto(audit_server + "/audit")
    page.wait_for_selector("#events tbody tr")
    page.fill("#token", "not-the-token")
    page.click("#unlock")
    page.wait_for_selector("#access-error:not([hidden])")
    assert "孙某" not in page.locator("#events").inner_text()


def test_the_token_shows_names_sanctions_enforcers_and_the_drawn_chain(page, audit_server):
    page.goto(audit_server + "/audit")
    page.wait_for_selector("#events tbody tr")
    page.fill("#token", TOKEN)
    page.click("#unlock")
    page.wait_for_selector("#events tbody tr:has-text('孙某')")
    page.click("#events tbody tr:has-text('page-1')")
    page.wait_for_selector("#chain svg g.node")

    labels = page.eval_on_selector_all("#chain svg g.node title", "titles => titles.map(t => t.textContent)")
    assert {"孙某", "法定代表人", "营口市站前区财政局", "营口市站前区", "辽宁省", "公职人员任免机关、单位"} <= set(labels)
    discipline = page.locator("#sanctions .sanction", has_text="依法给予处分").first
    assert "公职人员任免机关、单位" in discipline.locator(".enforcers").inner_text()
    assert "由公职人员任免机关、单位按照管理权限依法给予处分" in discipline.locator("blockquote").first.inner_text()


def test_recorded_text_is_shown_as_text_never_run(page, audit_server):
    page.goto(audit_server + "/audit")
    page.wait_for_selector("#events tbody tr")
    page.click("#events tbody tr:has-text('page-1')")
    page.wait_for_selector("#detail:not([hidden])")
    assert HOSTILE in page.locator("#detail-facts").inner_text()
    assert page.locator("#detail img").count() == 0
    assert page.title() != "pwned"
