"""The typed document model: what the loaders extract from one policy text.

Every extracted fact carries a `Span` into `Document.text` (the normalised, simplified
text), and `Document.offset_map` maps those offsets back to the original characters, so
a reader can always check a fact against the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from policykg.ontology.gazetteer import Jurisdiction

AgencyRoleName = Literal["lead", "cooperating", "responsible"]
CitationRelation = Literal["implements", "cites"]
Modality = Literal["obligation", "prohibition"]
__all__ = [
    "AgencyMention", "Citation", "Clause", "Document", "Jurisdiction", "ObligationMention",
    "SanctionMention", "Span",
]

PolicyKind = Literal[
    "implementation-opinion", "guidance", "task-division-plan", "implementation-plan", "work-plan", "news-summary",
    "notice", "other",
]


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) in the normalised text."""

    start: int
    end: int


@dataclass(frozen=True)
class AgencyMention:
    """An agency named in a clause, in one role."""

    name: str  # canonical name, e.g. 营口市站前区财政局
    surface: str  # as written, e.g. 区财政局
    role: AgencyRoleName
    kind: str | None  # agency-kind code, e.g. finance; None when no kind fits
    span: Span


@dataclass(frozen=True)
class Citation:
    """A cross-reference 《title》(doc number) to another policy or law."""

    title: str
    doc_number: str | None
    relation: CitationRelation  # implements: this text says it implements/carries out the cited one
    span: Span


@dataclass(frozen=True)
class SanctionMention:
    """A sanction from the controlled vocabulary, found in a sentence of a clause."""

    code: str  # skos:notation, e.g. public-criticism
    label: str  # skos:prefLabel@zh, e.g. 公开通报批评
    surface: str  # the words as written
    sentence: str  # the whole sentence, verbatim from the normalised text
    span: Span  # of the surface words


@dataclass(frozen=True)
class ObligationMention:
    """A sentence, or the part of one under a single modal, that obliges (要/应/必须) or
    prohibits (不准/不得/严禁): 政府采购要依法公开透明,不准… gives one of each."""

    modality: Modality
    sentence: str  # the sentence or its part, verbatim from the normalised text
    span: Span


@dataclass
class Clause:
    """A numbered part of a policy: 一、 / (一) / 1. / (1)."""

    path: str  # as printed, joined with dots: 三.(二).3
    number: str  # this level's numeral as printed: (二)
    level: int  # 1 for 一、, 2 for (一), 3 for 1., 4 for (1)
    heading: str | None  # the heading sentence when the clause has one
    text: str  # the clause's own text, heading included, children excluded
    span: Span
    children: list["Clause"] = field(default_factory=list)
    agencies: list[AgencyMention] = field(default_factory=list)
    sanctions: list[SanctionMention] = field(default_factory=list)
    obligations: list[ObligationMention] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    def walk(self):
        """This clause and its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document:
    """One policy text as the loaders read it."""

    id: str  # stable slug, <place>-<year>, e.g. zhanqian-2024
    source: str  # file name as given
    sha256: str  # of the original bytes
    encoding: str  # e.g. utf-8, gb18030
    title: str
    doc_number: str | None  # e.g. 青政〔2017〕47号
    issuer: str | None  # e.g. 青海省人民政府
    jurisdiction: Jurisdiction | None
    issued_on: date | None
    effective_from: date | None
    effective_until: date | None
    kind: PolicyKind
    addressees: list[str]
    clauses: list[Clause]  # top level, in document order
    citations: list[Citation]  # in the preamble and anywhere outside numbered clauses
    text: str  # normalised simplified text
    original_text: str  # decoded text before normalisation
    offset_map: list[int]  # offset_map[i] = index in original_text of text[i]
    warnings: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)  # files holding another copy of this policy (loaders/identity.py)

    def walk(self):
        """Every clause, in document order."""
        for clause in self.clauses:
            yield from clause.walk()

    def original_span(self, span: Span) -> Span:
        """Where a span of the normalised text lies in the original text."""
        if span.start >= len(self.offset_map):
            end = len(self.original_text)
            return Span(end, end)
        start = self.offset_map[span.start]
        end = self.offset_map[span.end - 1] + 1 if span.end > span.start else start
        return Span(start, end)
