"""Settings read from the environment, once, at the edge.

`Settings.from_env(environ)` takes the mapping as an argument so tests pass a dict
instead of patching `os.environ`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from policykg.errors import ConfigurationError

STORE_KINDS = ("embedded", "neo4j")


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str = "policykg-dev"
    database: str = "neo4j"


@dataclass(frozen=True)
class Settings:
    home: Path
    store: str = "embedded"
    api_token: str | None = None
    neo4j: Neo4jSettings = field(default_factory=Neo4jSettings)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        home = Path(env.get("POLICYKG_HOME") or Path.home() / ".policykg").expanduser()
        store = env.get("POLICYKG_STORE", "embedded")
        if store not in STORE_KINDS:
            raise ConfigurationError(
                f"POLICYKG_STORE={store!r} is not a store; choose one of {', '.join(STORE_KINDS)}",
                field="POLICYKG_STORE",
            )
        defaults = Neo4jSettings()
        neo4j = Neo4jSettings(
            uri=env.get("NEO4J_URI", defaults.uri),
            user=env.get("NEO4J_USER", defaults.user),
            password=env.get("NEO4J_PASSWORD", defaults.password),
            database=env.get("NEO4J_DATABASE", defaults.database),
        )
        return cls(home=home, store=store, api_token=env.get("POLICYKG_API_TOKEN") or None, neo4j=neo4j)

    def with_store(self, store: str) -> "Settings":
        if store not in STORE_KINDS:
            raise ConfigurationError(
                f"--store {store!r} is not a store; choose one of {', '.join(STORE_KINDS)}", field="store"
            )
        return Settings(home=self.home, store=store, api_token=self.api_token, neo4j=self.neo4j)
