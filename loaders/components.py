"""Reads sanctions and modal verbs in a sentence: the spaCy components of the loaders' pipeline.

Two registered factories, each driven by a pattern file in loaders/patterns/ (data, not code):

- `sanction_mentions` (patterns/sanctions.jsonl): one regular expression per wording of a
  sanction. The seeds put words between the parts of a sanction (取消其参加当年各类荣誉评选资格,
  追究有关人员的责任), and token boundaries add nothing here, so these are character-level
  regexes over the sentence (PERFORMANCE.md: regex is ~15x faster than segmentation).
  Matches are kept as exact character offsets (`doc._.sanction_matches`), because a
  token-aligned span could widen the surface beyond the words as written.
- `obligation_modality` (patterns/obligations.jsonl): a token Matcher over jieba's words. Here
  segmentation matters: 要 and 应 oblige, but 重要, 主要, 要求, 应用 and 相应 do not, and jieba
  gives those as words of their own. Modal words inside a sanction (年终考核不得评为优秀等次)
  do not make the sentence a prohibition.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from policykg.errors import ConfigurationError
from policykg.ontology.vocabulary import concept

# seed 003: 经认定符合容错纠错情形和条件的,可不纳入政务失信记录 names a sanction to rule it out
_NEGATION_BEFORE = ("不", "未")


@dataclass(frozen=True)
class SanctionMatch:
    code: str
    start: int  # character offsets into doc.text
    end: int


@dataclass(frozen=True)
class ModalMatch:
    modality: str  # obligation | prohibition
    start: int
    end: int


@dataclass(frozen=True)
class SanctionPattern:
    code: str
    pattern: re.Pattern
    requires: re.Pattern | None  # the sentence must also match this (context), e.g. 失信


def read_patterns(filename: str) -> list[dict]:
    """The JSON lines of loaders/patterns/<filename>; ConfigurationError names file and line."""
    text = files("policykg.loaders").joinpath("patterns", filename).read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise ConfigurationError(f"loaders/patterns/{filename}:{number}: not JSON ({error.msg})",
                                     field="patterns") from error
    return rows


@lru_cache(maxsize=1)
def sanction_patterns() -> tuple[SanctionPattern, ...]:
    """patterns/sanctions.jsonl, each code checked against the sanctions vocabulary."""
    found = []
    for row in read_patterns("sanctions.jsonl"):
        code = concept("sanctions", row["code"], field="patterns/sanctions.jsonl code").code
        requires = re.compile(row["requires"]) if "requires" in row else None
        found.append(SanctionPattern(code, re.compile(row["pattern"]), requires))
    return tuple(found)


@lru_cache(maxsize=1)
def sanction_prefilter() -> re.Pattern:
    """One alternation of every sanction wording: a cheap test before segmentation."""
    return re.compile("|".join(f"(?:{p.pattern.pattern})" for p in sanction_patterns()))


def find_sanctions(text: str) -> list[SanctionMatch]:
    """Sanction wordings in one sentence, in text order; a wording right after 不/未 is skipped."""
    found = []
    for item in sanction_patterns():
        if item.requires is not None and not item.requires.search(text):
            continue
        for match in item.pattern.finditer(text):
            if match.start() > 0 and text[match.start() - 1] in _NEGATION_BEFORE:
                continue
            found.append(SanctionMatch(item.code, match.start(), match.end()))
    return _without_overlaps(found)


def _without_overlaps(matches: list[SanctionMatch]) -> list[SanctionMatch]:
    """Keep the longest of overlapping matches of one code (公开通报批评 over 通报批评)."""
    kept: list[SanctionMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if any(k.code == match.code and k.start < match.end and match.start < k.end for k in kept):
            continue
        kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.code))


if not Doc.has_extension("sanction_matches"):
    Doc.set_extension("sanction_matches", default=None)
if not Doc.has_extension("modal_matches"):
    Doc.set_extension("modal_matches", default=None)


class SanctionMentions:
    """Sets doc._.sanction_matches: the sanction wordings of the sentence."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.sanction_matches = find_sanctions(doc.text)
        return doc


class ObligationModality:
    """Sets doc._.modal_matches: the words that oblige or forbid, outside sanction wordings."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        for row in read_patterns("obligations.jsonl"):
            if row["label"] not in ("obligation", "prohibition"):
                raise ConfigurationError(
                    f"loaders/patterns/obligations.jsonl: label {row['label']!r}; accepted: obligation, prohibition",
                    field="label",
                )
            self.matcher.add(row["label"], [row["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        sanctions = doc._.sanction_matches or []
        found = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            if any(s.start < span.end_char and span.start_char < s.end for s in sanctions):
                continue
            found.append(ModalMatch(doc.vocab.strings[match_id], span.start_char, span.end_char))
        doc._.modal_matches = sorted(found, key=lambda m: m.start)
        return doc


@Language.factory("sanction_mentions", assigns=["doc._.sanction_matches"])
def make_sanction_mentions(nlp: Language, name: str) -> SanctionMentions:
    return SanctionMentions()


@Language.factory("obligation_modality", requires=["doc._.sanction_matches"], assigns=["doc._.modal_matches"])
def make_obligation_modality(nlp: Language, name: str) -> ObligationModality:
    return ObligationModality(nlp)
