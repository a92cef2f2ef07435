"""Shared fixtures: settings for a temporary POLICYKG_HOME, the seed corpus, stores, the app."""

from __future__ import annotations

import shutil
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


@pytest.fixture
def seed_client(seed_home, seed_store):
    """A Flask test client over the seed store."""
    from policykg.api.app import create_app

    settings = Settings.from_env({"POLICYKG_HOME": str(seed_home)})
    return create_app(settings, seed_store).test_client()
