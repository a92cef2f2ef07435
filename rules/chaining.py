"""Decides what one applicable policy concludes about an event, chaining rule to rule to a fixpoint.

Issue 9, "Derived facts and chaining": a rule's conclusion (纳入失信记录 for an organisation
or a person, 纳入黑名单, 向社会公开) is a fact that other rules of the same policy can
require (`when: {requires: 纳入失信记录}`). Rules on the event fire first, in file (clause)
order; each new conclusion is put on an agenda, and the rules that presuppose it are found
by index (policy, sanction code, holder kind), never by scanning every rule; each rule fires
at most once per holder. The rule files are acyclic (checked at load), so this ends.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from policykg.rules.defeasance import Defeasance
from policykg.rules.evaluation import Target
from policykg.rules.event import Event
from policykg.rules.labels import lookup
from policykg.rules.rulefile import PeopleTarget, RolesTarget, RuleBook, Sanction, SanctionRule

_CIVIL_SERVANT = lookup("roles", "公务员")
HolderKey = tuple[str, str | None, str | None]


@dataclass(frozen=True, eq=False)
class Conclusion:
    """One sanction a rule drew for one target, on behalf of one holder (the event's
    subject, or whoever holds the conclusion the rule presupposes)."""

    rule: SanctionRule
    sanction: Sanction
    target: Target
    holder: Target


@dataclass
class Chain:
    """Everything one policy concluded for an event, in the order it was concluded."""

    conclusions: list[Conclusion] = field(default_factory=list)
    held: dict[tuple[str, HolderKey], list[Conclusion]] = field(default_factory=dict)  # (code, holder) -> its conclusions
    fired: set[str] = field(default_factory=set)  # ids of rules that drew something

    def premises(self, conclusion: Conclusion) -> list[Conclusion]:
        """The conclusions a chained conclusion presupposes (every rule that drew them)."""
        requires = conclusion.rule.requires
        return self.held.get((requires.code, key(conclusion.holder)), []) if requires else []


def key(target: Target) -> HolderKey:
    return (target.kind, target.name, target.role)


def holder_kind(target: Target) -> str:
    """A person named on the event holds a post in the agency or government: a civil servant."""
    return "official" if target.kind == "person" else target.kind


def subject_target(event: Event) -> Target:
    subject = event.subject
    if subject.kind == "official":
        return Target(kind="official", name=subject.name, role=_CIVIL_SERVANT.label, role_code=_CIVIL_SERVANT.code)
    return Target(kind=subject.kind, name=subject.name)


def event_failure(rule: SanctionRule, event: Event) -> str | None:
    """The event fact (severity, domain) a rule needs and the event lacks, or None."""
    if rule.severity is not None and rule.severity != event.severity.code:
        return "severity"
    if rule.domains is not None and (event.domain is None or event.domain.code not in rule.domains):
        return "domain"
    return None


def chain(policy_id: str, rulebook: RuleBook, event: Event, defeasance: Defeasance) -> Chain:
    """Fire the rules of one policy on the event, then on each new conclusion, to a fixpoint."""
    result = Chain()
    tried: set[tuple[str, HolderKey]] = set()
    agenda: deque[tuple[str, Target]] = deque()

    def fire(rule: SanctionRule, holder: Target) -> None:
        tried.add((rule.id, key(holder)))
        if event_failure(rule, event) or defeasance.excluded(rule.id):
            return
        result.fired.add(rule.id)
        for sanction in rule.sanctions:
            for target in targets(sanction, holder, event):
                conclusion = Conclusion(rule, sanction, target, holder)
                result.conclusions.append(conclusion)
                held = result.held.setdefault((sanction.code, key(target)), [])
                if not held:
                    agenda.append((sanction.code, target))
                held.append(conclusion)

    subject = subject_target(event)
    for rule in rulebook.rules_on_event(policy_id, event.subject.kind):
        fire(rule, subject)
    while agenda:
        code, holder = agenda.popleft()
        for rule in rulebook.rules_on_conclusion(policy_id, code, holder_kind(holder)):
            if (rule.id, key(holder)) not in tried:
                fire(rule, holder)
    return result


def targets(sanction: Sanction, holder: Target, event: Event) -> list[Target]:
    """Who a sanction falls on: the holder, every person on the event, or those in named roles
    (a role no one on the event holds is reported, not identified)."""
    if sanction.target == "subject":
        return [holder]
    if isinstance(sanction.target, PeopleTarget):
        people = [_person(p.name, p.role.label, p.role.code) for p in event.persons]
        return people or [_person(None, sanction.target.people, None)]
    return _role_targets(sanction.target, event)


def _role_targets(target: RolesTarget, event: Event) -> list[Target]:
    found = []
    for role in target.roles:
        holders = [p for p in event.persons if p.role.code == role.code]
        found.extend(_person(p.name, role.label, role.code) for p in holders)
        if not holders:
            found.append(_person(None, role.label, role.code))
    return found


def _person(name: str | None, role: str, role_code: str | None) -> Target:
    """A person target from the event's validated persons and the rule's vocabulary labels
    (not validated again: this runs per sanction and person); no name, not identified."""
    return Target.model_construct(kind="person", name=name, role=role, role_code=role_code, identified=name is not None)
