"""Defines the answer to an evaluated event, field for field as the API contract names it.

DESIGN, "The query API contract": `event`, `applicable_policies`, `not_applicable`,
`sanctions`, `accountable_persons`, `mitigations`, `obligations`, `trace`. Fields are only
ever added, never renamed; `Evaluation.model_dump(mode="json")` is the response body.
"""

from __future__ import annotations

from datetime import date

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Basis(_Answer):
    """Where an answer rests: a clause of a loaded policy, quoted verbatim (simplified text)."""

    policy_id: str
    clause_id: str
    path: str
    quote: str


class Reference(_Answer):
    """A policy that an applicable policy implements or cites, loaded or not."""

    title: str
    doc_number: str | None
    policy_id: str
    loaded: bool
    relation: str


class ApplicablePolicy(_Answer):
    id: str
    title: str
    doc_number: str | None
    kind: str
    why: str
    applies_in: str | None = None  # the policy's jurisdiction, e.g. 营口市站前区 (so a page can say why in Chinese)
    effective_from: date | None = None
    implements: list[Reference] = []


class NotApplicable(_Answer):
    id: str
    title: str
    reason: str


class Target(_Answer):
    """Who a sanction falls on: the subject itself, or a person in a role.

    `identified` is false when a clause names a role that no person on the event holds:
    the sanction is still reported, with `name` null.
    """

    kind: str  # agency | government | official | person
    name: str | None
    role: str | None = None
    role_code: str | None = None
    identified: bool = True


class BasisMitigation(_Answer):
    """A mitigation tied to the one basis of a sanction it reaches.

    A sanction prescribed alike by several policies is listed once with each policy's basis;
    an exception only ever reaches rules of its own policy, so a mitigation granted by one
    policy lightens that policy's basis, never another's identical sanction.
    """

    basis: Basis  # the sanction's basis it reaches (one of SanctionFinding.basis)
    rule: str  # the sanction rule of that basis
    effect: str  # as the granting clause words it, e.g. 从轻或者免于实施失信联合惩戒措施
    outcome: str  # mitigated (the texts say 可以 / 可: lighter or waived at discretion)
    exception: str  # the exception rule that grants it
    granted_by: Basis  # the clause that grants it, quoted


class SanctionFinding(_Answer):
    sanction: str  # Chinese label from the sanctions vocabulary
    code: str
    target: Target
    basis: list[Basis]
    condition: str | None  # a further finding the sanction depends on, in the text's words
    words: list[str]  # how the clause words the sanction, verbatim
    rules: list[str]
    # effects of the mitigations that reach some basis of this sanction, e.g. 从轻或者免于实施失信联合惩戒措施;
    # which basis each reaches is in mitigations_by_basis (a basis not named there is not mitigated)
    mitigations: list[str] = []
    mitigations_by_basis: list[BasisMitigation] = []


class AccountablePerson(_Answer):
    name: str | None
    role: str | None
    role_code: str | None
    identified: bool
    sanctions: list[str]
    basis: list[Basis]


class MitigationFinding(_Answer):
    effect: str  # as the text words it
    applies: bool
    basis: list[Basis]
    rule: str
    outcome: str  # mitigated: sanctions stay, lighter or waived at discretion; excluded: not recorded under this policy
    exception_to: list[str]
    reason: str


class ObligationFinding(_Answer):
    agency: str
    role: str  # lead | cooperating | responsible
    text: str
    basis: list[Basis]
    matched_by: str  # how the event's subject was matched to this agency


class Evaluation(_Answer):
    event: dict[str, Any]
    applicable_policies: list[ApplicablePolicy]
    not_applicable: list[NotApplicable]
    sanctions: list[SanctionFinding]
    accountable_persons: list[AccountablePerson]
    mitigations: list[MitigationFinding]
    obligations: list[ObligationFinding]
    trace: list[str]
    reason: str | None = None  # why nothing applies, when nothing does
    warnings: list[str] = []  # what makes the answer incomplete, e.g. an applicable policy's rule file set aside
