"""Reads cross-references: `《title》` with an optional `(doc number)`, and whether the
citing text implements the cited policy or merely cites it.

- A title may quote another inside `<…>` (seed 002: 《辽宁省人民政府办公厅关于印发<辽宁省政务
  严重失信行为联合惩戒实施办法(试行)>的通知》); it stays one title, verbatim.
- Titles in a row each stand alone; a doc number belongs to the title right before it
  (seed 002: 《辽宁省社会信用条例》《辽宁省惩戒严重失信行为规定》《…决定》(辽政发〔2019〕24号)).
- implements: outside the numbered clauses, in a sentence that opens with 为(全面/深入)贯彻落实,
  根据, 按照 or 依据 and closes the cited titles with 精神 or 要求 (seed 000:
  为全面贯彻落实《国务院关于加强政务诚信建设的指导意见》(国发〔2016〕76号)精神). Everything
  else, and every title inside a clause, is `cites`.
- Not a citation: the document's own title (the cover notice of seeds 001, 002, 004 names
  it), the notice issuing it (a page's 《…关于印发X的通知》 above X), a title with its own
  document number, a short name it defines (以下简称《意见》) and 本《实施意见》 (this opinion itself).
- Not a citation either: a work the text asks to produce, a 《…》 right after 编制, 制定,
  制订, 出台, 起草 or 形成 (研究制定, 汇总形成 …): seed 004 二.(四).1 汇总形成《漳州市自然人公共
  信用信息征集指导目录》 is a catalogue still to be compiled. After 已 (已制定《…》) or with
  了 (制定了《…》) the work exists, and is cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policykg.loaders.document import Citation, Span
from policykg.loaders.references import issued_title, normalized_doc_number, normalized_title

_TITLE = re.compile(r"《([^《》\n]{1,200})》")
_DOC_NUMBER = re.compile(r"\s*[(（]\s*([^\s()（）《》]{1,20}?[〔\[［]\d{4}[〕\]］]\s*第?\d{1,5}号)\s*[)）]")
_ABBREVIATION = re.compile(r"(?:以下简称|下称|简称)\s*《([^《》\n]{1,40})》")
_SENTENCE_BREAKS = "。；;！？!?\n"
_IMPLEMENT_OPENING = re.compile(r"贯彻落实|贯彻|落实|根据|按照|依据|依照")
_IMPLEMENT_CLOSING = re.compile(r"[^。；;！？!?\n]*?(精神|要求)")
_TO_PRODUCE = re.compile(r"(?<!已)(?<!已经)(?:编制|制定|制订|出台|起草|形成)$")


def defined_abbreviations(text: str) -> frozenset[str]:
    """Short names a text defines for a policy: (以下简称《意见》) -> {意见}."""
    return frozenset(match.group(1) for match in _ABBREVIATION.finditer(text))


def find_citations(text: str, start: int, end: int, *, in_clause: bool,
                   not_citations: Iterable[str] = (), own_number: str | None = None) -> list[Citation]:
    """Citations in text[start:end], with spans into `text`.

    `not_citations`: titles that name the document itself (its title, its abbreviations);
    `own_number`: its document number, which a citation of itself carries.
    """
    own = [title for title in not_citations if title]
    found = []
    for match in _TITLE.finditer(text, start, end):
        title = match.group(1).strip()
        number = _DOC_NUMBER.match(text, match.end(), end)
        if _names_itself(text, match, title, own) or _to_be_produced(text, match.start()):
            continue
        if own_number and number and normalized_doc_number(number.group(1)) == normalized_doc_number(own_number):
            continue
        span_end = number.end() if number else match.end()
        relation = "cites" if in_clause else _relation(text, match.start(), span_end)
        found.append(Citation(title, number.group(1) if number else None, relation, Span(match.start(), span_end)))
    return found


def _names_itself(text: str, match: re.Match, title: str, own: list[str]) -> bool:
    if match.start() > 0 and text[match.start() - 1] == "本":
        return True
    # a cover notice names what it issues: 关于印发<X>的通知 contains X; and a page names the
    # notice issuing the text it carries (《…关于印发X的通知》 above X itself)
    normal, own_normal = normalized_title(title), {normalized_title(name) for name in own}
    return (normal in own_normal or issued_title(title) in own_normal
            or any(len(title) >= 8 and title in name for name in own))


def _to_be_produced(text: str, start: int) -> bool:
    """The 《…》 at `start` is the object of a verb of making: a work to come, not one in force."""
    return _TO_PRODUCE.search(text[max(start - 4, 0):start]) is not None


def _relation(text: str, start: int, end: int) -> str:
    """implements when an opening phrase precedes and 精神/要求 follows within the sentence."""
    sentence_start = max(text.rfind(char, 0, start) for char in _SENTENCE_BREAKS) + 1
    opened = _IMPLEMENT_OPENING.search(text, sentence_start, start) is not None
    closed = _IMPLEMENT_CLOSING.match(text, end) is not None
    return "implements" if opened and closed else "cites"
