"""Fixtures for driving the real web page: a live server and headless Chromium.

Chromium is Debian's (`scripts/install-system-deps.sh` installs it), driven by Playwright
with `executable_path`, since no browser can be downloaded here. With CI=true a missing
browser fails the run; elsewhere the browser tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true needs headless Chromium: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium browser for the session."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _unavailable("no chromium on PATH; run scripts/install-system-deps.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def live_server(seed_home, seed_store):
    """The app over the seed store, served on a free loopback port for the session."""
    from policykg.api.app import create_app
    from policykg.settings import Settings

    app = create_app(Settings.from_env({"POLICYKG_HOME": str(seed_home)}), seed_store)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
