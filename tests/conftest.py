"""Shared fixtures: settings for a temporary POLICYKG_HOME, the seed corpus, stores, the app."""

from __future__ import annotations

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
