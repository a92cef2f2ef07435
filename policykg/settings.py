"""Settings read from the environment, once, at the edge.

`Settings.from_env(environ)` takes the mapping as an argument so tests pass a dict
instead of patching `os.environ`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from limits import parse_many

from policykg.errors import ConfigurationError

STORE_KINDS = ("embedded", "neo4j")
# The seeds require a display period for dishonesty records (zhangzhou-2018: 公共信用信息主管部门
# 应明确各类公共信用信息展示期限) but none states its length; docs/events.md explains the default.
DISPLAY_PERIOD_DAYS = 3 * 365


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
    display_period_days: int = DISPLAY_PERIOD_DAYS  # POLICYKG_DISPLAY_PERIOD_DAYS
    public_rate_limit: str | None = None  # POLICYKG_PUBLIC_RATE_LIMIT, e.g. "120/minute"; None: no limit

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
        return cls(home=home, store=store, api_token=env.get("POLICYKG_API_TOKEN") or None, neo4j=neo4j,
                   display_period_days=_days(env.get("POLICYKG_DISPLAY_PERIOD_DAYS")),
                   public_rate_limit=_rate_limit(env.get("POLICYKG_PUBLIC_RATE_LIMIT")))

    def with_store(self, store: str) -> "Settings":
        if store not in STORE_KINDS:
            raise ConfigurationError(
                f"--store {store!r} is not a store; choose one of {', '.join(STORE_KINDS)}", field="store"
            )
        return replace(self, store=store)


def _days(value: str | None) -> int:
    if value is None or value == "":
        return DISPLAY_PERIOD_DAYS
    if not value.isdigit():
        raise ConfigurationError(
            f"POLICYKG_DISPLAY_PERIOD_DAYS={value!r} is not a number of days", field="POLICYKG_DISPLAY_PERIOD_DAYS"
        )
    return int(value)


def _rate_limit(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parse_many(value)
    except ValueError:
        raise ConfigurationError(
            f"POLICYKG_PUBLIC_RATE_LIMIT={value!r} is not a rate such as 120/minute or 10/second;1000/hour",
            field="POLICYKG_PUBLIC_RATE_LIMIT",
        ) from None
    return value
