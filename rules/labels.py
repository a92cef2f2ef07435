"""Decides which controlled concept a rule file or an event means: sanctions, roles, domains, severities.

Every lookup the rules package makes goes through `lookup`, which resolves codes, Chinese
prefLabels and altLabels against the SKOS schemes of ontology/vocab/ (policykg.ontology.vocabulary),
so rule files, events and the graph share one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from policykg.ontology.vocabulary import concept, concepts


@dataclass(frozen=True)
class Label:
    """A concept as the engine reports it: its API code and its Chinese prefLabel."""

    scheme: str
    code: str
    label: str


@lru_cache(maxsize=4096)
def lookup(scheme: str, code_or_label: str) -> Label:
    """The concept of `scheme` named by its code, prefLabel or an altLabel.

    Raises UnknownLabel naming the value and the accepted labels.
    """
    found = concept(scheme, str(code_or_label).strip())
    return Label(scheme, found.code, found.label_zh)


@lru_cache(maxsize=1)
def _kind_keywords() -> tuple[tuple[str, str, str], ...]:
    """(keyword, kind code, kind label) from agency-kinds.ttl's altLabels, longest keyword first."""
    pairs = [(keyword, item.code, item.label_zh) for item in concepts("agency-kinds") if item.code != "collective"
             for keyword in item.alt_labels]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=4096)
def agency_kind_of(name: str) -> Label | None:
    """The agency kind a name says it is (西宁市财政局 -> finance), by the scheme's keywords, longest first."""
    for keyword, code, label in _kind_keywords():
        if keyword in name:
            return Label("agency-kinds", code, label)
    return None
