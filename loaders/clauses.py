"""Reads clause numbering (一、/(一)/1./(1), half- and full-width) into a clause tree whose
paths match what a reader sees, such as 三.(二).3.

A clause starts where a line starts with a numeral and runs to the next numbered line, so
its text excludes its children. Levels come from the numbering style, not from counting,
so a text that skips a level (一、 then 1.) nests 1. under 一、, and tasks numbered on
across sections (seed 001, Shenzhen, 1 to 15) keep their printed numbers. Text before
the first numbered line is the preamble; the signature, date and commencement lines after
the last clause are the closing, and belong to no clause.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from policykg.loaders.document import Clause, Span
from policykg.ontology.identifiers import WHOLE_TEXT_PATH, chinese_numeral_value

# (level, pattern): level 1 一、, 2 (一), 3 1. / 1、, 4 (1). A digit after the dot is a
# decimal or a date (2017.8.1), not a clause number.
_NUMBERINGS: tuple[tuple[int, re.Pattern], ...] = (
    (1, re.compile(r"([一二三四五六七八九十]+)[、，,]")),
    (2, re.compile(r"[(（]([一二三四五六七八九十]+)[)）]、?")),
    (3, re.compile(r"([0-9０-９]{1,3})(?:[.．](?![0-9０-９])|、)")),
    (4, re.compile(r"[(（]([0-9０-９]{1,3})[)）]、?")),
)
_SENTENCE_END = "。；;！？!?"
_HEADING_BREAKS = re.compile(r"[,，;；:：]")
HEADING_MAX_CHARS = 25  # the seeds' longest run-in heading is 22; longer first sentences are text

_DATE_LINE = re.compile(r"[(（]?(\d{4}|[〇零一二三四五六七八九]{4})年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日[)）]?")
_COMMENCEMENT_LINE = re.compile(r"本.{0,20}(自|从).{0,40}(施行|执行|实施|生效)。?")
_ORGANISATION_SUFFIX = re.compile(r"(政府|办公室|办公厅|委员会|小组|局|厅|委|中心|部|院|会|处|办)$")
_PUBLICATION_NOTE = re.compile(r"[(（]此件.{0,12}[)）]")


@dataclass(frozen=True)
class ClauseStructure:
    clauses: list[Clause]  # top level, in document order
    body_start: int  # where the first numbered line starts; len(text) when there is none
    closing_start: int  # where the closing lines (signature, date) start; len(text) if none
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # exclusive, before the newline
    text: str


def structure_clauses(text: str) -> ClauseStructure:
    """The clause tree of a normalised text, with where its preamble ends and closing starts."""
    lines = _lines(text)
    closing_index = _closing_index(lines)
    closing_start = lines[closing_index].start if closing_index < len(lines) else len(text)
    starts = [(index, numbering) for index, line in enumerate(lines[:closing_index])
              if (numbering := _numbering(line.text)) is not None]
    if not starts:
        return ClauseStructure(_whole_text_clause(text, closing_start), len(text), closing_start, (NO_NUMBERING,))
    clauses, warnings = _build_tree(text, lines, starts, closing_index)
    first_level, first_part, _ = starts[0][1]
    if chinese_numeral_value(re.sub(r"[()（）]", "", first_part)) != 1:
        warnings.insert(0, FRAGMENT.format(part=first_part))
    return ClauseStructure(clauses, lines[starts[0][0]].start, closing_start, tuple(warnings))


FRAGMENT = ("文本从第 {part} 项开始,前面的条款缺失,按片段读取到结尾 / the text starts in the middle of a list, at "
            "{part}: the clauses before it are missing, and it is read as a fragment as far as it goes")


NO_NUMBERING = "no numbered clauses (一、 (一) 1. (1)) found; the whole text is one clause, 全文"


def _whole_text_clause(text: str, closing_start: int) -> list[Clause]:
    """A text without numbering (seed 003, a news summary) is one clause, 全文, so that what
    it says about agencies and sanctions still has a clause to cite."""
    start, end = 0, closing_start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return []
    return [Clause(path=WHOLE_TEXT_PATH, number=WHOLE_TEXT_PATH, level=1, heading=None,
                   text=text[start:end], span=Span(start, end))]


def _lines(text: str) -> list[_Line]:
    lines = []
    start = 0
    for line in text.split("\n"):
        lines.append(_Line(start, start + len(line), line))
        start += len(line) + 1
    return lines


def _numbering(line: str) -> tuple[int, str, int] | None:
    """(level, numeral as a path part, length of the marker) when the line starts a clause."""
    for level, pattern in _NUMBERINGS:
        match = pattern.match(line)
        if match is not None:
            numeral = unicodedata.normalize("NFKC", match.group(1))
            part = f"({numeral})" if level in (2, 4) else numeral
            return level, part, match.end()
    return None


def without_numbering(line: str) -> str:
    """The line after its clause numerals: 一、总体要求 -> 总体要求, (一)1. -> '', 二、 -> ''."""
    while (numbering := _numbering(line)) is not None:
        line = line[numbering[2]:].lstrip()
    return line


def _closing_index(lines: list[_Line]) -> int:
    """Index of the first of the trailing lines that close a document: commencement
    sentence, signature, date, (此件公开发布). Seed 000 ends 本实施意见自2017年8月31日起施行。
    / 青海省人民政府 / 2017年8月1日."""
    index = len(lines)
    while index > 0 and _is_closing_line(lines[index - 1].text):
        index -= 1
    return index


def _is_closing_line(line: str) -> bool:
    if _numbering(line) is not None:
        return False
    if _DATE_LINE.fullmatch(line) or _COMMENCEMENT_LINE.fullmatch(line) or _PUBLICATION_NOTE.fullmatch(line):
        return True
    return len(line) <= 30 and not re.search(r"[，。,;；:：]", line) and _ORGANISATION_SUFFIX.search(line) is not None


def _build_tree(text: str, lines: list[_Line], starts: list, closing_index: int) -> tuple[list[Clause], list[str]]:
    top: list[Clause] = []
    stack: list[Clause] = []
    seen_paths: set[str] = set()
    warnings: list[str] = []
    for position, (line_index, (level, part, marker_length)) in enumerate(starts):
        next_index = starts[position + 1][0] if position + 1 < len(starts) else closing_index
        first = lines[line_index]
        body_start = first.start + marker_length
        while body_start < first.end and text[body_start] == " ":
            body_start += 1
        body_end = lines[next_index - 1].end
        while stack and stack[-1].level >= level:
            stack.pop()
        path = f"{stack[-1].path}.{part}" if stack else part
        if path in seen_paths:
            warnings.append(f"clause path {path} occurs twice (again at offset {first.start}); the later clause's id gets a "
                            "-2 suffix")
        seen_paths.add(path)
        own_text = text[body_start:body_end]
        clause = Clause(path=path, number=part, level=level, heading=clause_heading(own_text),
                        text=own_text, span=Span(body_start, body_end))
        (stack[-1].children if stack else top).append(clause)
        stack.append(clause)
    return top, warnings


def clause_heading(own_text: str) -> str | None:
    """The heading of a clause: a first line that is not a sentence (二、总体要求,
    1.建立政务诚信专项督导机制), or a short first sentence that runs straight into the text
    ((一)加快法规制度建设。根据…). None when the first sentence is long or has commas."""
    first_line = own_text.split("\n", 1)[0]
    end = next((i for i, char in enumerate(first_line) if char in _SENTENCE_END), None)
    candidate = first_line if end is None else first_line[:end]
    if not candidate or len(candidate) > HEADING_MAX_CHARS or _HEADING_BREAKS.search(candidate):
        return None
    return candidate
