"""Defines the answer to an evaluated event, field for field as the API contract names it.

DESIGN, "The query API contract": `event`, `applicable_policies`, `not_applicable`,
`sanctions`, `accountable_persons`, `mitigations`, `obligations`, each finding with its
`review`, `binding` and `justification` (the tree of why: rule, premises, exceptions), and
`not_fired` (why the other rules of the applicable policies did not fire). The English
`trace` of earlier versions gave way to that tree, as the contract says. Otherwise fields
are only added, never renamed; `Evaluation.model_dump(mode="json")` is the response body.
"""

from __future__ import annotations

from datetime import date

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Basis(_Answer):
    """Where an answer rests: a clause of a loaded policy, quoted verbatim (simplified text)."""

    policy_id: str
    clause_id: str
    path: str
    quote: str


class Binding(_Answer):
    """How binding the text makes a measure: `mandatory` (应 / 要 / 予以 / 必须, or a plain
    statement), `discretionary` (可 / 可以 / 可不), `graded` (the enforcer chooses among the
    measures 根据…程度); `words` are the text's own, verbatim in the rule's quote."""

    level: Literal["mandatory", "discretionary", "graded"]
    words: str


class RuleRef(_Answer):
    """The rule a conclusion rests on, with its clause and whether a person checked it."""

    id: str
    basis: Basis
    review: Literal["reviewed", "drafted"]
    binding: Binding


class Premise(_Answer):
    """One thing a rule needed: a fact of the event (`event`) or a conclusion of another rule
    (`derived`, with the justification of each rule that drew it)."""

    kind: Literal["event", "derived"]
    fact: str  # subject.kind | severity | domain | remedied | fault_tolerance | the sanction code of a conclusion
    value: str | bool | None
    text: str  # the premise in Chinese
    justification: list["Justification"] = []


class ExceptionConsidered(_Answer):
    """An exception that reaches the rule (directly, or through the conclusion it presupposes), and whether it applied."""

    rule: RuleRef
    effect: str
    outcome: Literal["mitigated", "waivable", "excluded"]
    applies: bool
    text: str  # why it did or did not apply, in Chinese
    through: str | None = None  # the premise (sanction code) it reaches this conclusion through


class Justification(_Answer):
    """Why one conclusion holds: the rule that drew it, what it needed, the exceptions considered."""

    conclusion: str  # in Chinese: 城东区财政局：纳入失信记录
    code: str  # the sanction (or, for a mitigation, the exception's outcome)
    rule: RuleRef
    premises: list[Premise]
    exceptions: list[ExceptionConsidered] = []
    condition: str | None = None  # a further finding the conclusion depends on, in the text's words


class PremiseCondition(_Answer):
    """A condition a sanction inherits from the conclusion it presupposes (a record made
    only 因违法违规…被司法判决…): the sanction holds only where that record does."""

    condition: str
    rule: str  # the rule whose conclusion carries it
    basis: Basis


class NotFired(_Answer):
    """A rule of an applicable policy that drew nothing for this event, with the premise that failed."""

    rule: RuleRef
    failed: Premise
    text: str  # in Chinese


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
    outcome: str  # mitigated (可以 / 可: lighter or waived at discretion) | waivable (可不纳入: the record may be left out)
    exception: str  # the exception rule that grants it
    granted_by: Basis  # the clause that grants it, quoted
    through: str | None = None  # the presupposed conclusion (sanction code) a waiver reaches this sanction through


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
    waivable: bool = False  # every basis of it may be waived (可不纳入), directly or through its premise
    premise_conditions: list[PremiseCondition] = []  # conditions inherited from the conclusion it presupposes
    review: Literal["reviewed", "drafted"] = "reviewed"  # drafted when any rule behind it is
    binding: Binding  # the strongest binding among its bases (each basis's own is in its justification)
    justification: list[Justification]  # one per rule (and holder) that drew it


class AccountablePerson(_Answer):
    name: str | None
    role: str | None
    role_code: str | None
    identified: bool
    sanctions: list[str]
    basis: list[Basis]
    review: Literal["reviewed", "drafted"] = "reviewed"
    binding: Binding  # the strongest binding among the sanctions that fall on them
    justification: list[Justification]  # of each sanction that falls on them


class MitigationFinding(_Answer):
    effect: str  # as the text words it
    applies: bool
    basis: list[Basis]
    rule: str
    outcome: str  # mitigated: sanctions stay, lighter or waived at discretion; waivable: the record may be left out (可不纳入), sanctions stay, marked; excluded: not recorded under this policy
    exception_to: list[str]
    reason: str  # in Chinese
    review: Literal["reviewed", "drafted"] = "reviewed"
    binding: Binding
    justification: Justification


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
    not_fired: list[NotFired] = []  # rules of applicable policies that drew nothing, with the premise that failed
    reason: str | None = None  # why nothing applies, when nothing does
    warnings: list[str] = []  # what makes the answer incomplete, e.g. an applicable policy's rule file set aside


Premise.model_rebuild()
