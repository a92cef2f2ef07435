"""Reads what each clause says: agencies with roles, sanction mentions, obligation and
prohibition sentences, and cross-references; and the cross-references outside the clauses.

Sentences end at 。；;！？ and at line ends, and at an ASCII ! or ? only where a blank, a line
end or a closing quote or bracket follows it: glued between characters, an ASCII ? is what a
lossy conversion writes for a character it lost (seed 000's bytes: 信用青?!本W站 for 信用青海”
网站, 挽回?fù)p失), not the end of a question. Only sentences that may hold a sanction or a
modal word (a cheap regex test) go through the spaCy pipeline, because jieba's segmentation
is most of the cost (PERFORMANCE.md). Every mention keeps its span in `Document.text` and
its sentence verbatim.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from policykg.loaders.agencies import find_agencies
from policykg.loaders.citations import defined_abbreviations, find_citations
from policykg.loaders.components import BLANKS, read_patterns, sanction_prefilter
from policykg.loaders.document import Clause, Document, ObligationMention, SanctionMention, Span
from policykg.loaders.nlp import build_nlp
from policykg.ontology.vocabulary import concept

_SENTENCE_ENDS = frozenset("。；;！？\n")
_ASCII_ENDS = frozenset("!?")
_AFTER_ASCII_END = frozenset(BLANKS + "\n”’」』)）】》\"'")
# the clause's own numeral is not part of its first sentence: 1.建立… -> 建立…
_NUMBERING = re.compile(r"\s*(?:[一二三四五六七八九十]+[、，,]|[(（][一二三四五六七八九十0-9０-９]+[)）]、?"
                        r"|[0-9０-９]{1,3}(?:[.．]|、))\s*")


def annotate_document(doc: Document) -> Document:
    """The document with agencies, sanctions, obligations and citations filled in.

    Pure: returns new Clause objects and a new Document; `doc` is left as it was.
    """
    not_citations = {doc.title, *defined_abbreviations(doc.text)}
    clauses = list(doc.walk())
    sentences = {id(clause): clause_sentences(doc.text, clause) for clause in clauses}
    readings = _read_sentences(doc.text, [span for spans in sentences.values() for span in spans])
    annotated = {}
    for clause in clauses:
        sanctions, obligations = [], []
        for span in sentences[id(clause)]:
            found_sanctions, found_obligations = readings.get(span, ((), ()))
            sanctions.extend(found_sanctions)
            obligations.extend(found_obligations)
        annotated[id(clause)] = {
            "agencies": find_agencies(clause.text, clause.span.start, doc.jurisdiction),
            "sanctions": sanctions,
            "obligations": obligations,
            "citations": find_citations(doc.text, clause.span.start, clause.span.end, in_clause=True,
                                        not_citations=not_citations, own_number=doc.doc_number),
        }
    outside = [citation for start, end in _outside_clauses(doc)
               for citation in find_citations(doc.text, start, end, in_clause=False, not_citations=not_citations,
                                               own_number=doc.doc_number)]
    return replace(doc, clauses=[_rebuild(clause, annotated) for clause in doc.clauses], citations=outside)


def _rebuild(clause: Clause, annotated: dict[int, dict]) -> Clause:
    children = [_rebuild(child, annotated) for child in clause.children]
    return replace(clause, children=children, **annotated[id(clause)])


def clause_sentences(text: str, clause: Clause) -> list[Span]:
    """The sentences of a clause's own text, trimmed of blanks, its leading numeral left out."""
    start = clause.span.start
    numbering = _NUMBERING.match(text, start, clause.span.end)
    return sentence_spans(text, numbering.end() if numbering else start, clause.span.end)


def sentence_spans(text: str, start: int, end: int) -> list[Span]:
    """Sentences of text[start:end]: each ends with its 。；;！？!? (kept) or a line end (dropped)."""
    spans, sentence_start = [], start
    for position in range(start, end + 1):
        if position == end or _ends_sentence(text, position, end):
            stop = position + 1 if position < end and text[position] != "\n" else position
            span = _trimmed(text, sentence_start, stop)
            if span is not None:
                spans.append(span)
            sentence_start = position + 1
    return spans


def _ends_sentence(text: str, position: int, end: int) -> bool:
    char = text[position]
    if char in _ASCII_ENDS:
        return position + 1 == end or text[position + 1] in _AFTER_ASCII_END
    return char in _SENTENCE_ENDS


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in BLANKS:
        start += 1
    while end > start and text[end - 1] in BLANKS:
        end -= 1
    return Span(start, end) if end > start else None


# Words that jieba keeps whole and that hold a one-character modal without being one; the
# prefilter skips them, so 重要 and 要求 alone do not send a sentence to segmentation.
_NOT_MODAL_WORDS = ("重要", "主要", "需要", "只要", "纪要", "要求", "要点", "要素", "要件",
                    "相应", "响应", "供应", "适应", "反应", "应用", "应急")


@lru_cache(maxsize=1)
def _candidate_test() -> re.Pattern:
    """A sentence worth segmenting names a sanction or holds a modal word (要, 不得 …)."""
    words = set()
    for row in read_patterns("obligations.jsonl"):
        orth = row["pattern"][0]["ORTH"]
        words.update(orth["IN"] if isinstance(orth, dict) else [orth])
    modal = "|".join(_modal_alternative(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(f"{sanction_prefilter().pattern}|{modal}")


def _modal_alternative(word: str) -> str:
    """要 -> (?<![重主需只纪])要(?![求点素件]): the word, unless it sits inside a _NOT_MODAL_WORDS entry."""
    if len(word) != 1:
        return re.escape(word)
    before = "".join(w[0] for w in _NOT_MODAL_WORDS if w[1] == word)
    after = "".join(w[1] for w in _NOT_MODAL_WORDS if w[0] == word)
    return (f"(?<![{before}])" if before else "") + re.escape(word) + (f"(?![{after}])" if after else "")


def _read_sentences(text: str, spans: list[Span]) -> dict[Span, tuple[list, list]]:
    """Sanction and obligation mentions of each candidate sentence, keyed by its span."""
    test = _candidate_test()
    candidates = [span for span in spans if test.search(text, span.start, span.end)]
    sentences = [text[s.start:s.end] for s in candidates]
    readings = {}
    # the sentence strings, not parsed.text, which spaCy rebuilds token by token
    for span, sentence, parsed in zip(candidates, sentences, build_nlp().pipe(sentences)):
        sanctions = [
            SanctionMention(match.code, concept("sanctions", match.code).label_zh, sentence[match.start:match.end],
                            sentence, Span(span.start + match.start, span.start + match.end))
            for match in parsed._.sanction_matches
        ]
        obligations = [
            ObligationMention(part.modality, sentence[part.start:part.end],
                              Span(span.start + part.start, span.start + part.end))
            for part in parsed._.modal_parts
        ]
        readings[span] = (sanctions, obligations)
    return readings


def _outside_clauses(doc: Document) -> list[tuple[int, int]]:
    """The stretches of the text that no clause covers: preamble, cover notice, closing."""
    stretches, position = [], 0
    for span in sorted((c.span for c in doc.walk()), key=lambda s: (s.start, s.end)):
        if span.start > position:
            stretches.append((position, span.start))
        position = max(position, span.end)
    if position < len(doc.text):
        stretches.append((position, len(doc.text)))
    return stretches

