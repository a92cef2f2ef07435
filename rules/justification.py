"""Builds the justification tree of each conclusion, and says why the other rules drew nothing.

Issue 9, "Justification as data": a conclusion carries the rule it rests on (id, clause,
quote, review status, binding), its premises (event facts with their values; conclusions it
presupposes, each with its own justification) and the exceptions considered, each with why
it did or did not apply. What a presupposed conclusion carries passes on: a sanction resting
on a record made only 因违法违规…被司法判决… inherits that condition, and a record that may be
left out (可不纳入) makes what rests on it waivable too. Texts are Chinese; codes stay English.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.rules.chaining import Chain, Conclusion, event_failure, key
from policykg.rules.defeasance import Defeasance
from policykg.rules.evaluation import ExceptionConsidered, Justification, NotFired, Premise, PremiseCondition, Target
from policykg.rules.event import SUBJECT_KIND_LABELS, Event
from policykg.rules.labels import lookup
from policykg.rules.rulefile import ExceptionRule, RuleBook, SanctionRule


def holder_text(target: Target) -> str:
    """区财政局（政府部门）, 王某（直接责任人）, 主要负责人（事件未指明）."""
    if target.kind == "person":
        return f"{target.name}（{target.role}）" if target.name else f"{target.role}（事件未指明）"
    return f"{target.name}（{SUBJECT_KIND_LABELS[target.kind]}）"


@dataclass(frozen=True)
class Waiver:
    exception: ExceptionRule
    through: str | None  # the presupposed conclusion's sanction code it reaches this one through


class Justifier:
    """Justifications of one policy's conclusions, each built once (a record that three
    sanctions presuppose is justified once and shared)."""

    def __init__(self, rulebook: RuleBook, chain: Chain, defeasance: Defeasance, event: Event) -> None:
        self.rulebook, self.chain, self.defeasance, self.event = rulebook, chain, defeasance, event
        self._trees: dict[int, Justification] = {}
        # premises and exceptions depend on the rule and the holder only: shared by the
        # sanctions one rule draws for one holder (a rule of five measures builds them once)
        self._parts: dict[tuple, tuple[list[Premise], list[ExceptionConsidered]]] = {}
        self._event_premises: dict[str, Premise] = {}
        self._waivers: dict[int, tuple[Waiver, ...]] = {}
        self._conditions: dict[int, tuple[PremiseCondition, ...]] = {}

    def tree(self, conclusion: Conclusion) -> Justification:
        found = self._trees.get(id(conclusion))
        if found is None:
            parts_key = (conclusion.rule.id, key(conclusion.holder))
            parts = self._parts.get(parts_key)
            if parts is None:
                parts = self._parts[parts_key] = (self._premises(conclusion), self._exceptions(conclusion))
            found = self._trees[id(conclusion)] = Justification.model_construct(
                conclusion=f"{holder_text(conclusion.target)}：{conclusion.sanction.label}",
                code=conclusion.sanction.code,
                rule=conclusion.rule.ref,
                premises=parts[0],
                exceptions=parts[1],
                condition=conclusion.sanction.condition,
            )
        return found

    def waivers(self, conclusion: Conclusion) -> tuple[Waiver, ...]:
        """Waivers (可不纳入) reaching a conclusion: its rule's own, or, when every conclusion
        it presupposes may be waived, theirs through that premise."""
        found = self._waivers.get(id(conclusion))
        if found is None:
            own = [Waiver(e, None) for e in self.defeasance.reaching(conclusion.rule.id, "waivable")]
            premises = self.chain.premises(conclusion)
            inherited = [self.waivers(p) for p in premises]
            if premises and all(inherited):
                code = conclusion.rule.requires.code
                own.extend(Waiver(w.exception, code) for ws in inherited for w in ws if Waiver(w.exception, code) not in own)
            found = self._waivers[id(conclusion)] = tuple(own)
        return found

    def premise_conditions(self, conclusion: Conclusion) -> tuple[PremiseCondition, ...]:
        """Conditions inherited from the presupposed conclusions: none when one of them holds
        unconditionally, else each one's (any of them suffices)."""
        found = self._conditions.get(id(conclusion))
        if found is None:
            found = ()
            carried = [self._carried(p) for p in self.chain.premises(conclusion)]
            if carried and all(carried):
                found = tuple(dict.fromkeys(c for cs in carried for c in cs))
            self._conditions[id(conclusion)] = found
        return found

    def _carried(self, conclusion: Conclusion) -> tuple[PremiseCondition, ...]:
        condition = conclusion.sanction.condition
        if condition:
            return (PremiseCondition.model_construct(condition=condition, rule=conclusion.rule.id, basis=conclusion.rule.basis),)
        return self.premise_conditions(conclusion)

    def _event_premise(self, fact: str) -> Premise:
        found = self._event_premises.get(fact)
        if found is None:
            event = self.event
            if fact == "subject.kind":
                kind = event.subject.kind
                found = _premise("event", fact, kind, f"失信主体是{SUBJECT_KIND_LABELS[kind]}（{event.subject.name}）")
            elif fact == "severity":
                found = _premise("event", fact, event.severity.label, f"失信程度为{event.severity.label}")
            else:
                found = _premise("event", fact, event.domain.label, f"所涉领域为{event.domain.label}")
            self._event_premises[fact] = found
        return found

    def _premises(self, conclusion: Conclusion) -> list[Premise]:
        rule, event = conclusion.rule, self.event
        premises = []
        if rule.requires is None:
            premises.append(self._event_premise("subject.kind"))
        else:
            premises.append(Premise.model_construct(
                kind="derived", fact=rule.requires.code, value=rule.requires.label,
                text=f"{holder_text(conclusion.holder)}已{rule.requires.label}",
                justification=[self.tree(p) for p in self.chain.premises(conclusion)],
            ))
        if rule.severity is not None:
            premises.append(self._event_premise("severity"))
        if rule.domains is not None and event.domain is not None:
            premises.append(self._event_premise("domain"))
        return premises

    def _exceptions(self, conclusion: Conclusion) -> list[ExceptionConsidered]:
        considered = [self.defeasance.considered[e.id] for e in self.rulebook.exceptions_to(conclusion.rule.id)]
        considered.extend(
            self.defeasance.considered[w.exception.id].model_copy(update={
                "through": w.through,
                "text": f"经由前提{lookup('sanctions', w.through).label}：" + self.defeasance.considered[w.exception.id].text,
            })
            for w in self.waivers(conclusion) if w.through
        )
        return considered


def _premise(kind: str, fact: str, value, text: str) -> Premise:
    """A premise built from values the engine checked itself (no validation: this runs per conclusion)."""
    return Premise.model_construct(kind=kind, fact=fact, value=value, text=text, justification=[])


def not_fired(policy_rules: tuple[SanctionRule, ...], chain: Chain, defeasance: Defeasance, event: Event) -> list[NotFired]:
    """Each rule of an applicable policy that drew nothing, with the first premise that failed."""
    return [_not_fired(rule, chain, defeasance, event) for rule in policy_rules if rule.id not in chain.fired]


def _not_fired(rule: SanctionRule, chain: Chain, defeasance: Defeasance, event: Event) -> NotFired:
    failed = _failed_premise(rule, chain, defeasance, event)
    return NotFired.model_construct(rule=rule.ref, failed=failed, text=f"{rule.basis.path}未适用：{failed.text}")


def _failed_premise(rule: SanctionRule, chain: Chain, defeasance: Defeasance, event: Event) -> Premise:
    kinds = "、".join(SUBJECT_KIND_LABELS[k] for k in sorted(rule.subject_kinds))
    if rule.requires is None and event.subject.kind not in rule.subject_kinds:
        return _premise("event", "subject.kind", event.subject.kind, f"条款所指为{kinds}，本事件主体是{SUBJECT_KIND_LABELS[event.subject.kind]}")
    failure = event_failure(rule, event)
    if failure == "severity":
        wanted = lookup("severities", rule.severity).label
        return _premise("event", "severity", event.severity.label, f"条款只适用于{wanted}失信，本事件为{event.severity.label}")
    if failure == "domain":
        wanted = "、".join(sorted(lookup("domains", code).label for code in rule.domains))
        actual = event.domain.label if event.domain else None
        return _premise("event", "domain", actual, f"条款限于{wanted}领域，本事件所涉领域为{actual or '未填写'}")
    excluded = defeasance.excluded(rule.id)
    if excluded is not None:
        return _premise("event", excluded.trigger, True, f"{defeasance.considered[excluded.id].text}，不作此结论")
    return _premise("derived", rule.requires.code, None, f"前提不成立：本政策下没有{kinds}{rule.requires.label}")
