"""Neo4j Browser, as an analyst uses it: the project's server serves the Browser, a login
works, a favourite from queries/browser/ runs and shows the seeds' answer. The style sheet
gives every label of the mapping a colour and a caption.

Headless Chromium (/usr/bin/chromium, driven by Playwright) opens the Browser of the
project's server (the one `policykg neo4j-server start` runs for POLICYKG_HOME, which
scripts/test.sh starts). Without that server the test skips with the reason, and fails
under CI=true.
"""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path

import pytest

from policykg.queries.sync import CLASS_LABELS
from policykg.settings import Settings

BROWSER = Path(str(files("policykg.queries").joinpath("browser")))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _rules(grass: str) -> dict[str, dict[str, str]]:
    rules = {}
    for selector, body in re.findall(r"^([\w.]+) \{\n(.*?)\n\}", grass, re.MULTILINE | re.DOTALL):
        rules[selector] = dict(re.findall(r"([\w-]+):\s*([^;]+);", body))
    return rules


def test_style_gives_every_label_a_colour_and_a_caption_of_a_mapped_property():
    rules = _rules((BROWSER / "style.grass").read_text(encoding="utf-8"))
    for label in CLASS_LABELS.values():
        rule = rules[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]), label
        assert re.fullmatch(r'"\{(id|title|path|prefLabel|fullName|quote)\}"', rule["caption"]), label


def test_every_favourite_names_itself_and_says_which_parameter_to_set():
    favourites = sorted(BROWSER.glob("*.cypher"))
    assert [f.stem for f in favourites] == [
        "implementation_chain", "obligations_of_an_agency", "responsibility_chain", "sanctions_of_a_clause",
    ]
    for favourite in favourites:
        lines = favourite.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("// ") and not lines[0].startswith("// First")  # Browser shows it as the name
        parameter = re.search(r"^// First: :param (\w+) => ", "\n".join(lines), re.MULTILINE)
        assert parameter and f"${parameter.group(1)}" in "\n".join(lines), favourite.name


@pytest.fixture(scope="module")
def project_server(seed_home):
    """The running project's server, holding the five seeds."""
    from policykg.queries.neo4j_server import status
    from policykg.queries.neo4j_store import Neo4jStore

    server = status(Settings.from_env().home)
    if not server.running:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and the project's Neo4j server is not running (scripts/test.sh starts it)")
        pytest.skip("the project's Neo4j server is not running: eval \"$(policykg neo4j-server start)\"")
    uri = f"bolt://127.0.0.1:{server.bolt_port}"
    store = Neo4jStore.connect(Settings.from_env({**os.environ, "POLICYKG_HOME": str(seed_home), "NEO4J_URI": uri}))
    store.sync()
    yield server, store.settings
    store.close()


@pytest.mark.neo4j
@pytest.mark.chromium
def test_browser_logs_in_and_runs_the_obligations_favourite(project_server):
    from playwright.sync_api import expect, sync_playwright

    server, neo4j = project_server
    favourite = (BROWSER / "obligations_of_an_agency.cypher").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page()
            page.goto(f"http://127.0.0.1:{server.http_port}/browser/")
            page.get_by_test_id("boltaddress").fill(f"127.0.0.1:{server.bolt_port}")
            page.get_by_test_id("username").fill(neo4j.user)
            page.get_by_test_id("password").fill(neo4j.password)
            page.get_by_test_id("connect").click()
            expect(page.get_by_text("You are connected as user")).to_be_visible(timeout=30_000)
            for command, done in ((':param agency => "区财政局"', "help param"), (favourite, "completed after")):
                page.locator(".monaco-editor").first.click()
                page.keyboard.insert_text(command)
                page.keyboard.press("Control+Enter")
                expect(page.get_by_text(done).first).to_be_visible(timeout=30_000)
            # 四.(三) 政府债务 (牵头单位:区财政局): the Zhanqian finance bureau leads it.
            row = page.get_by_role("row").filter(has_text='"zhanqian-2024/4.3"')
            expect(row).to_be_visible(timeout=30_000)
            expect(row).to_contain_text('"营口市站前区财政局"')
            expect(row).to_contain_text('"lead"')
        finally:
            chromium.close()
