"""Defines the facts the engine decides on: what a store knows about the loaded policies.

The engine never reads a store. A store (or a test) builds `Facts` once from its graph:
the policies with their dates, jurisdictions and references, their clause texts, and the
obligations that clauses give agencies (lead, cooperating, responsible). Both stores
build the same `Facts`, so the engine gives the same answers on both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    # name or kind -> policy id -> (position in `obligations`, obligation): an event's lookup
    # reads only its applicable policies, not every policy that names a 县财政局.
    _by_name: dict[str, dict[str, tuple[tuple[int, Obligation], ...]]] = field(init=False, repr=False, compare=False)
    _by_kind: dict[str, dict[str, tuple[tuple[int, Obligation], ...]]] = field(init=False, repr=False, compare=False)
    _kinds_by_name: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

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
        by_name: dict[str, dict[str, list[tuple[int, Obligation]]]] = {}
        by_kind: dict[str, dict[str, list[tuple[int, Obligation]]]] = {}
        kinds_by_name: dict[str, set[str]] = {}
        for position, obligation in enumerate(self.obligations):
            entry = (position, obligation)
            for name in {obligation.agency, *obligation.aliases}:
                by_name.setdefault(name, {}).setdefault(obligation.policy_id, []).append(entry)
                if obligation.agency_kind:
                    kinds_by_name.setdefault(name, set()).add(obligation.agency_kind)
            if obligation.agency_kind:
                by_kind.setdefault(obligation.agency_kind, {}).setdefault(obligation.policy_id, []).append(entry)
        freeze = lambda index: {k: {p: tuple(v) for p, v in by_policy.items()} for k, by_policy in index.items()}  # noqa: E731
        object.__setattr__(self, "_by_name", freeze(by_name))
        object.__setattr__(self, "_by_kind", freeze(by_kind))
        object.__setattr__(self, "_kinds_by_name", {k: tuple(sorted(v)) for k, v in kinds_by_name.items()})

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

    def obligations_named(self, name: str, policy_ids: Iterable[str] | None = None) -> tuple[Obligation, ...]:
        """Obligations of the agency whose canonical name or alias is `name`, in the policies
        `policy_ids` (all when None), in the order of `obligations`."""
        return _gathered(self._by_name.get(name, {}), policy_ids)

    def obligations_of_kind(self, agency_kind: str, policy_ids: Iterable[str] | None = None) -> tuple[Obligation, ...]:
        """Obligations of agencies of this kind, in the policies `policy_ids` (all when None)."""
        return _gathered(self._by_kind.get(agency_kind, {}), policy_ids)

    def kinds_named(self, name: str) -> tuple[str, ...]:
        """The agency kinds that loaded texts give the agency named (or aliased) `name`, sorted."""
        return self._kinds_by_name.get(name, ())


def _gathered(by_policy: Mapping[str, tuple[tuple[int, Obligation], ...]], policy_ids: Iterable[str] | None) -> tuple[Obligation, ...]:
    chosen = by_policy.values() if policy_ids is None else (by_policy[p] for p in policy_ids if p in by_policy)
    return tuple(obligation for _, obligation in sorted((entry for entries in chosen for entry in entries), key=lambda e: e[0]))
