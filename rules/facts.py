"""Defines the facts the engine decides on: what a store knows about the loaded policies.

The engine never reads a store. A store (or a test) builds `Facts` once from its graph:
the policies with their dates, jurisdictions and references, their clause texts, and the
obligations that clauses give agencies (lead, cooperating, responsible). Both stores
build the same `Facts`, so the engine gives the same answers on both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

AgencyRole = Literal["lead", "cooperating", "responsible"]


@dataclass(frozen=True)
class Reference:
    """Another policy a policy implements or cites (DESIGN: `references`)."""

    title: str
    doc_number: str | None
    policy_id: str
    loaded: bool
    relation: Literal["implements", "cites"] = "implements"


@dataclass(frozen=True)
class PolicyFacts:
    """One loaded policy: what applicability needs."""

    id: str
    title: str
    doc_number: str | None
    kind: str  # policy-kind code, e.g. implementation-opinion, news-summary
    jurisdiction: str | None  # adcode of where it applies
    issued_on: date | None = None
    effective_from: date | None = None
    effective_until: date | None = None
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class ClauseFacts:
    """A clause as stored: its id, path as printed, and verbatim simplified text."""

    id: str
    policy_id: str
    path: str
    text: str


@dataclass(frozen=True)
class Obligation:
    """A clause naming an agency as lead, cooperating or responsible unit."""

    agency: str  # canonical name, e.g. 营口市站前区财政局
    agency_kind: str | None  # agency-kind code, e.g. finance
    role: AgencyRole
    policy_id: str
    clause_id: str
    path: str
    text: str  # the clause text, verbatim
    aliases: tuple[str, ...] = ()  # the agency as written in the texts, e.g. 区财政局


@dataclass(frozen=True)
class Facts:
    """Everything the engine needs from a store, indexed once."""

    policies: Mapping[str, PolicyFacts]
    clauses: tuple[ClauseFacts, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    _by_adcode: dict[str | None, tuple[PolicyFacts, ...]] = field(init=False, repr=False, compare=False)
    _by_prefix: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, tuple[Obligation, ...]] = field(init=False, repr=False, compare=False)
    _by_kind: dict[str, tuple[Obligation, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_adcode: dict[str | None, list[PolicyFacts]] = {}
        for policy in sorted(self.policies.values(), key=lambda p: p.id):
            by_adcode.setdefault(policy.jurisdiction, []).append(policy)
        object.__setattr__(self, "_by_adcode", {k: tuple(v) for k, v in by_adcode.items()})
        by_prefix: dict[str, list[str]] = {}
        for adcode in filter(None, by_adcode):
            for prefix in ("", adcode[:2], adcode[:4]):
                by_prefix.setdefault(prefix, []).append(adcode)
        object.__setattr__(self, "_by_prefix", {k: tuple(v) for k, v in by_prefix.items()})
        by_name: dict[str, list[Obligation]] = {}
        by_kind: dict[str, list[Obligation]] = {}
        for obligation in self.obligations:
            for name in {obligation.agency, *obligation.aliases}:
                by_name.setdefault(name, []).append(obligation)
            if obligation.agency_kind:
                by_kind.setdefault(obligation.agency_kind, []).append(obligation)
        object.__setattr__(self, "_by_name", {k: tuple(v) for k, v in by_name.items()})
        object.__setattr__(self, "_by_kind", {k: tuple(v) for k, v in by_kind.items()})

    def policies_in(self, adcode: str | None) -> tuple[PolicyFacts, ...]:
        """Policies that apply in exactly this division (None: those that name none), by id."""
        return self._by_adcode.get(adcode, ())

    @property
    def jurisdictions(self) -> tuple[str | None, ...]:
        """Every division some loaded policy applies in."""
        return tuple(self._by_adcode)

    def jurisdictions_starting(self, prefix: str) -> tuple[str, ...]:
        """Divisions with policies whose adcode starts with `prefix` ("", 2 or 4 digits)."""
        return self._by_prefix.get(prefix, ())

    def clause_texts(self) -> dict[str, dict[str, str]]:
        """policy id -> clause path -> text: what load_rulebook checks quotes against."""
        texts: dict[str, dict[str, str]] = {}
        for clause in self.clauses:
            texts.setdefault(clause.policy_id, {})[clause.path] = clause.text
        return texts

    def obligations_named(self, name: str) -> tuple[Obligation, ...]:
        """Obligations of the agency whose canonical name or alias is `name`."""
        return self._by_name.get(name, ())

    def obligations_of_kind(self, agency_kind: str) -> tuple[Obligation, ...]:
        return self._by_kind.get(agency_kind, ())
