"""Reads sanctions and modal verbs in a sentence: the spaCy components of the loaders' pipeline.

Two registered factories, each driven by a pattern file in loaders/patterns/ (data, not code):

- `sanction_mentions` (patterns/sanctions.jsonl): one regular expression per wording of a
  sanction. The seeds put words between the parts of a sanction (取消其参加当年各类荣誉评选资格,
  追究有关人员的责任), and token boundaries add nothing here, so these are character-level
  regexes over the sentence (PERFORMANCE.md: regex is ~15x faster than segmentation).
  Matches are kept as exact character offsets (`doc._.sanction_matches`), because a
  token-aligned span could widen the surface beyond the words as written. A pattern's
  `requires` is a context the sentence must also hold: the generic acts on information
  (向社会公开, 推送/归集至…信用信息平台, 差别化服务) are sanctions only in a sentence about
  government dishonesty: it says 失信 and names 政务, 公务员 or 政府及其部门, since seed 004's
  part 二 uses the same words for the records of students, professions and individuals. A
  blacklist is a sanction where someone is put on it (纳入/列入…黑名单), not where one is set
  up (seed 000 三.(三).3, a blacklist of bidders).
- `obligation_modality` (patterns/obligations.jsonl): a token Matcher over jieba's words. Here
  segmentation matters: 要 and 应 oblige, but 重要, 主要, 要求, 应用 and 相应 do not, and jieba
  gives those as words of their own. A modal word counts only where it is the sentence's
  own: not inside a sanction (年终考核不得评为优秀等次), not inside a principle the sentence
  quotes (patterns/quoted_principles.jsonl: 法定职责必须为、法无授权不可为, seeds 000, 001,
  003), and not inside an exception part (除…应当保密或禁止采集外, seed 000 三.(二).4),
  whose modal words belong to the other rules it refers to.

  One mention per modal scope (`doc._.modal_parts`, see `modal_parts`): a sentence whose
  modal words all oblige, or all forbid, is one mention. Where the modal changes at a
  clause-level comma (seed 002 四.(二) 政府采购要依法公开透明,不准在项目资金支付环节过程中违约。)
  the sentence is read in parts, each with its own words and span, so nothing is counted
  twice over the same words. Within one comma part a prohibition word rules: 必须严禁拖欠
  forbids arrears.
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

BLANKS = " \t\r\u3000\u00a0"  # what trims a sentence or a part of one
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
class ModalPart:
    """A stretch of a sentence that one modal governs: [start, end) in doc.text, trimmed."""

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


@lru_cache(maxsize=1)
def quoted_principle_pattern() -> re.Pattern:
    """patterns/quoted_principles.jsonl as one alternation: set phrases whose modal words are not the sentence's."""
    phrases = sorted((row["phrase"] for row in read_patterns("quoted_principles.jsonl")), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))


_PART_BREAKS = "，,"
_SENTENCE_STOPS = "。；;！？!?"
_OPENERS, _CLOSERS = "(（“‘「『《【", ")）”’」』》】"
# 除…外 / 除…以外 (seed 000: 除法律法规另有规定应当保密或禁止采集外) and …的除外: the part
# names the exceptions other rules make, so its modal words are theirs, not the sentence's
_EXCEPTION_PART = re.compile(r"除.*外|.*除外")


def comma_parts(text: str) -> list[tuple[int, int]]:
    """[start, end) of each part of a sentence between clause-level commas (not inside brackets or quotes)."""
    parts, depth, start = [], 0, 0
    for position, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and char in _PART_BREAKS:
            parts.append((start, position))
            start = position + 1
    parts.append((start, len(text)))
    return parts


def modal_parts(text: str, matches: list[ModalMatch]) -> list[ModalPart]:
    """The sentence's modal scopes: one per run of comma parts under the same modal.

    A part is a prohibition if it holds a prohibition word, else an obligation if it holds
    an obligation word; an exception part (除…外) and a part without a modal word are in the
    scope of the modal before it, and parts before the first modal (a subject or a
    condition: 政府部门存在政务失信记录的,) in the scope of the first.
    """
    readings = []
    for start, end in comma_parts(text):
        inside = {m.modality for m in matches if start <= m.start and m.end <= end}
        if _EXCEPTION_PART.fullmatch(text[start:end].strip(BLANKS + _SENTENCE_STOPS)):
            inside = set()
        readings.append(("prohibition" if "prohibition" in inside else "obligation" if inside else None, start, end))
    current = next((modality for modality, _, _ in readings if modality), None)
    if current is None:
        return []
    scopes: list[ModalPart] = []
    for modality, start, end in readings:
        current = modality or current
        if scopes and scopes[-1].modality == current:
            scopes[-1] = ModalPart(current, scopes[-1].start, end)
        else:
            scopes.append(ModalPart(current, start, end))
    return [_trimmed(text, scope) for scope in scopes]


def _trimmed(text: str, part: ModalPart) -> ModalPart:
    """Without blanks around it, nor the comma that closes it."""
    start, end = part.start, part.end
    while start < end and text[start] in BLANKS:
        start += 1
    while end > start and text[end - 1] in BLANKS + _PART_BREAKS:
        end -= 1
    return ModalPart(part.modality, start, end)


if not Doc.has_extension("sanction_matches"):
    Doc.set_extension("sanction_matches", default=None)
if not Doc.has_extension("modal_parts"):
    Doc.set_extension("modal_parts", default=None)


class SanctionMentions:
    """Sets doc._.sanction_matches: the sanction wordings of the sentence."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.sanction_matches = find_sanctions(doc.text)
        return doc


class ObligationModality:
    """Sets doc._.modal_parts: the sentence's modal scopes, read from its own modal words."""

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
        # words that are not the sentence's own modal: a sanction's, a quoted principle's
        taken = [(s.start, s.end) for s in doc._.sanction_matches or []]
        taken += [m.span() for m in quoted_principle_pattern().finditer(doc.text)]
        found = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            if any(t_start < span.end_char and span.start_char < t_end for t_start, t_end in taken):
                continue
            found.append(ModalMatch(doc.vocab.strings[match_id], span.start_char, span.end_char))
        doc._.modal_parts = modal_parts(doc.text, found)
        return doc


@Language.factory("sanction_mentions", assigns=["doc._.sanction_matches"])
def make_sanction_mentions(nlp: Language, name: str) -> SanctionMentions:
    return SanctionMentions()


@Language.factory("obligation_modality", requires=["doc._.sanction_matches"], assigns=["doc._.modal_parts"])
def make_obligation_modality(nlp: Language, name: str) -> ObligationModality:
    return ObligationModality(nlp)
