"""Resolves references to loaded policies by what they name: a pure function over policy
metadata (title and document number), no graph and no store.

A reference (《title》 with an optional number) matches a loaded policy

1. by document number (闽政〔2017〕40号, brackets and 第 normalised);
2. else by title, compared normalised (traditional or simplified, pinyin glosses, blanks,
   quotation marks and punctuation ignored), and only where the numbers do not disagree;
3. else by the plan a notice issues: 《福建省人民政府关于印发<福建省加强政务诚信建设实施方案>
   的通知》 names the loaded 《福建省加强政务诚信建设实施方案》, and a loaded notice is named by
   the plan it issues.

A reference that fits more than one loaded policy at the first step that finds any links to
none (an ambiguous name is not guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from policykg.loaders.metadata import ISSUING_NOTICE
from policykg.loaders.normalize import strip_pinyin_glosses, to_simplified

__all__ = ["PolicyName", "issued_title", "normalized_doc_number", "normalized_title", "resolve_references"]

_IGNORED = re.compile(r"[\s《》<>〈〉＜＞“”\"'‘’「」『』、，,。.:：;；·•\-—_()（）\[\]［］【】〔〕]")


@dataclass(frozen=True)
class PolicyName:
    """What a policy is known by: its id, its title and its document number if any."""

    id: str
    title: str
    doc_number: str | None = None


@lru_cache(maxsize=4096)
def normalized_title(title: str) -> str:
    """The title as compared: glosses out, simplified, blanks, quotation marks and punctuation
    out: 《關(guān)於加強政務誠信建設的實施意見》 and 关于加强政务诚信建设的实施意见 compare equal."""
    plain, offsets = strip_pinyin_glosses(title)
    simplified, _ = to_simplified(plain, offsets)
    return _IGNORED.sub("", simplified)


def normalized_doc_number(doc_number: str | None) -> str | None:
    """闽政[2017]40号, 闽政（2017）第40号 and 闽政〔2017〕40号 are one number."""
    if not doc_number:
        return None
    plain = re.sub(r"\s", "", doc_number)
    plain = re.sub(r"[\]］)）】]", "〕", re.sub(r"[\[［(（【]", "〔", plain)).replace("〕第", "〕")
    return to_simplified(plain, list(range(len(plain))))[0]


def issued_title(title: str) -> str | None:
    """The normalised title of the plan a notice issues (关于印发《X》的通知 -> X), else None."""
    match = ISSUING_NOTICE.match(normalized_title(title))
    return match.group("inner") if match else None


def resolve_references(references: Iterable[PolicyName], loaded: Iterable[PolicyName]) -> dict[str, str]:
    """reference id -> id of the one loaded policy it names, for the references that name one."""
    loaded = list(loaded)
    by_number: dict[str, set[str]] = {}
    by_title: dict[str, set[str]] = {}
    by_issued: dict[str, set[str]] = {}
    numbers: dict[str, str | None] = {}
    for policy in loaded:
        numbers[policy.id] = normalized_doc_number(policy.doc_number)
        if numbers[policy.id]:
            by_number.setdefault(numbers[policy.id], set()).add(policy.id)
        by_title.setdefault(normalized_title(policy.title), set()).add(policy.id)
        if (inner := issued_title(policy.title)) is not None:
            by_issued.setdefault(inner, set()).add(policy.id)
    targets = {}
    for reference in references:
        number = normalized_doc_number(reference.doc_number)
        title = normalized_title(reference.title)
        inner = issued_title(reference.title)

        def unnumbered_or_same(ids: set[str]) -> set[str]:
            # a title decides only where the numbers cannot: two numbered texts with the same
            # title and different numbers are different policies
            return {i for i in ids if number is None or numbers[i] is None or numbers[i] == number}

        steps = (
            by_number.get(number, set()) if number else set(),
            unnumbered_or_same(by_title.get(title, set())),
            unnumbered_or_same(by_title.get(inner, set()) if inner else set()),
            unnumbered_or_same(by_issued.get(title, set()) | (by_issued.get(inner, set()) if inner else set())),
        )
        candidates = next((step for step in steps if step), set())
        if len(candidates) == 1:
            targets[reference.id] = next(iter(candidates))
    return targets
