"""Decides which controlled concept a rule file or an event means: sanctions, roles, domains, severities.

Every lookup the rules package makes goes through `lookup`, which resolves codes, Chinese
prefLabels and altLabels against the SKOS schemes of ontology/vocab/ (policykg.ontology.vocabulary),
so rule files, events and the graph share one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticCustomError

from policykg.errors import UnknownLabel
from policykg.ontology.vocabulary import concept


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


def validated_label(scheme: str, value: Any) -> Label:
    """`lookup` for pydantic validators: an unknown label is reported in pydantic's terms,
    so the error keeps its JSON path (persons[1].role) in events and rule files alike."""
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "expected a code or Chinese label as a string")
    try:
        return lookup(scheme, value)
    except UnknownLabel as error:
        raise PydanticCustomError("unknown_label", error.message) from None
