"""Shared fixtures: settings for a temporary POLICYKG_HOME, the seed corpus, stores, the app."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import Graph

from policykg.queries.embedded import EmbeddedStore
from policykg.queries.store import Snapshot
from policykg.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The five bundled seed texts, bytes unchanged, in file-name order."""
    corpus = Path(str(files("policykg.loaders").joinpath("corpus")))
    return sorted(corpus.glob("*.txt"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for an empty POLICYKG_HOME of this test's own."""
    return Settings.from_env({"POLICYKG_HOME": str(tmp_path / "home")})


@pytest.fixture(scope="session")
def mini_store(tmp_path_factory) -> EmbeddedStore:
    """An embedded store holding tests/fixtures/mini.ttl as its asserted graph."""
    store = EmbeddedStore.open(tmp_path_factory.mktemp("mini") / "home")
    asserted = Graph().parse(FIXTURES / "mini.ttl", format="turtle")
    store.replace_graph(Snapshot(0, {}, {}, asserted, Graph()))
    return store


@pytest.fixture(scope="session")
def seed_home(tmp_path_factory, seed_paths) -> Path:
    """A POLICYKG_HOME holding the five seeds, ingested once through the real pipeline
    (closure included, hence session-scoped). Tests that write copy it: `seed_home_copy`."""
    from policykg.api.pipeline import ingest_paths

    home = tmp_path_factory.mktemp("seeds") / "home"
    report = ingest_paths(EmbeddedStore.open(home), seed_paths)
    assert not report.failures, report.failures
    return home


@pytest.fixture(scope="session")
def seed_store(seed_home) -> EmbeddedStore:
    """The seed store, opened once; read-only by convention."""
    return EmbeddedStore.open(seed_home)


@pytest.fixture
def seed_home_copy(seed_home, tmp_path) -> Path:
    """A private copy of the seed store's files, for tests that ingest or break things."""
    copy = tmp_path / "home"
    shutil.copytree(seed_home, copy)
    return copy


@pytest.fixture(scope="module")
def seed_home_module_copy(seed_home, tmp_path_factory) -> Path:
    """A copy of the seed store's files for one test module, whose tests write to it in turn."""
    copy = tmp_path_factory.mktemp("module") / "home"
    shutil.copytree(seed_home, copy)
    return copy


@pytest.fixture
def seed_client(seed_home, seed_store):
    """A Flask test client over the seed store."""
    from policykg.api.app import create_app

    settings = Settings.from_env({"POLICYKG_HOME": str(seed_home)})
    return create_app(settings, seed_store).test_client()


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def free_port():
    """A function giving a loopback TCP port that nothing listens on now (for servers a test starts)."""
    return _free_loopback_port


def _get_json_when_up(url: str, *, timeout_s: float = 120, process: subprocess.Popen | None = None):
    """GET url, retrying while a server starts; fails at once (with its stderr) if `process` exited."""
    deadline = time.monotonic() + timeout_s
    while True:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server exited ({process.returncode}): {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="session")
def get_json_when_up():
    """A function GETting JSON from a server that may still be starting (see _get_json_when_up)."""
    return _get_json_when_up
