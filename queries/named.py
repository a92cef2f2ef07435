"""Reads the named queries: one file per query per dialect, `sparql/<stem>.rq` and
`cypher/<stem>.cypher`, with the same stem and the same returned columns.

This is the one place where query text enters the program, and it comes only from the
package's own files, never from input: parameters are always passed separately
(`initBindings` for SPARQL, `$params` for Cypher).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal, LiteralString, cast

from policykg.errors import PolicykgError

Dialect = Literal["sparql", "cypher"]
_SUFFIX = {"sparql": "rq", "cypher": "cypher"}
_STEM = re.compile(r"^[a-z][a-z0-9_]*$")


class UnknownQuery(PolicykgError):
    """A named query that no file in queries/ defines (a programming error, hence 500)."""

    code, http_status = "unknown-query", 500


@dataclass(frozen=True)
class NamedQuery:
    stem: str
    dialect: Dialect
    text: LiteralString
    params: tuple[str, ...]  # from the `params:` header line
    returns: tuple[str, ...]  # from the `returns:` header line


def query_stems(dialect: Dialect) -> list[str]:
    """Every stem that has a file in the dialect's folder, sorted."""
    folder = files("policykg.queries").joinpath(dialect)
    suffix = "." + _SUFFIX[dialect]
    return sorted(p.name[: -len(suffix)] for p in folder.iterdir() if p.name.endswith(suffix))


@lru_cache(maxsize=None)
def named_query(stem: str, dialect: Dialect) -> NamedQuery:
    """The query `stem` in `dialect`, with the parameters and columns its header declares."""
    if not _STEM.match(stem):
        raise UnknownQuery(f"{stem!r} is not a query name", field="stem")
    path = files("policykg.queries").joinpath(dialect, f"{stem}.{_SUFFIX[dialect]}")
    if not path.is_file():
        raise UnknownQuery(f"no {dialect} query named {stem!r} in queries/{dialect}/", field="stem")
    # Package file, not input: the one sanctioned str -> LiteralString step.
    text = cast(LiteralString, path.read_text(encoding="utf-8"))
    return NamedQuery(stem, dialect, text, _header_list(text, "params"), _header_list(text, "returns"))


def _header_list(text: str, key: str) -> tuple[str, ...]:
    """Names listed after `# key:` (SPARQL) or `// key:` (Cypher); `-` means none."""
    match = re.search(rf"^(?:#|//)\s*{key}:\s*(.*)$", text, re.MULTILINE)
    if match is None:
        raise UnknownQuery(f"query header has no '{key}:' line", field=key)
    value = match.group(1).split("(")[0]
    names = [name.strip().lstrip("?$") for name in value.split(",")]
    return tuple(name for name in names if name and name != "-")
