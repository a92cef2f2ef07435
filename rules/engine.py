"""Decides what follows from a dishonesty event under the loaded policies, and why.

`evaluate_event(event, rulebook, facts)` is pure: all inputs are values, nothing is read
from a store, a file, the clock or the environment. It fills the contract's answer
(DESIGN, "The query API contract"): which policies apply and which do not, the sanctions
(each only where a rule of an applicable policy fires for this subject kind, severity and
domain, with the rule's citation as basis), the accountable persons (roles a clause names
but the event does not identify are reported, never dropped), the mitigations, the
subject's obligations, and a trace of every rule that fired and why the others did not.
A sanction that several policies prescribe is listed once with each basis; a mitigation
on it is tied to the basis of the policy that grants it (`mitigations_by_basis`), never
to another policy's basis.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from policykg.ontology.vocabulary import agency_kind_of
from policykg.rules.applicability import Applicability, decide_policies, jurisdiction_name
from policykg.rules.defeasance import decide_exceptions
from policykg.rules.evaluation import (
    AccountablePerson,
    ApplicablePolicy,
    Basis,
    BasisMitigation,
    Evaluation,
    MitigationFinding,
    NotApplicable,
    ObligationFinding,
    Reference,
    SanctionFinding,
    Target,
)
from policykg.rules.event import Event
from policykg.rules.facts import Facts, Obligation, PolicyFacts
from policykg.rules.labels import lookup
from policykg.rules.rulefile import ExceptionRule, PeopleTarget, RolesTarget, RuleBook, Sanction, SanctionRule

_CIVIL_SERVANT = lookup("roles", "公务员")


def evaluate_event(event: Event, rulebook: RuleBook, facts: Facts, *, list_unrelated: bool = True) -> Evaluation:
    """Evaluate one event against the rules of every loaded policy that applies to it.

    `list_unrelated=False` leaves policies of unrelated divisions out of `not_applicable`
    (counted in the trace instead), for batch runs over thousands of policies.
    """
    sorted_policies = decide_policies(facts, event.jurisdiction, event.occurred_on, list_unrelated=list_unrelated)
    applicable = [policy for policy, _ in sorted_policies.applicable]
    trace = _applicability_trace(sorted_policies, rulebook, event)
    findings = _Findings(event)
    mitigations = []
    for policy in applicable:
        mitigations.extend(_evaluate_policy(policy, rulebook, event, findings, trace))
    warnings = [_set_aside_warning(policy.id, rulebook) for policy in applicable if policy.id in rulebook.set_aside]
    obligations, obligation_trace = _obligations(event, facts, {p.id for p in applicable})
    sanctions, persons = findings.sanctions(), findings.accountable_persons()
    return Evaluation(
        event=event.to_json(),
        applicable_policies=[_applicable_policy(policy, why) for policy, why in sorted_policies.applicable],
        not_applicable=[
            NotApplicable.model_construct(id=policy.id, title=policy.title, reason=reason)
            for policy, reason in sorted_policies.not_applicable
        ],
        sanctions=sanctions,
        accountable_persons=persons,
        mitigations=mitigations,
        obligations=obligations,
        trace=trace + obligation_trace + findings.trace,
        warnings=warnings,
        reason=None if applicable else f"no loaded policy applies to {event.jurisdiction.full_name} on {event.occurred_on.isoformat()}",
    )


def _applicability_trace(sorted_policies: Applicability, rulebook: RuleBook, event: Event) -> list[str]:
    trace = [f"policy {policy.id} applies: {why}" for policy, why in sorted_policies.applicable]
    trace.extend(
        f"rules of {policy.id} not considered: {reason}"
        for policy, reason in sorted_policies.not_applicable
        if policy.id in rulebook.sanction_rules
    )
    if sorted_policies.elsewhere:
        trace.append(f"{sorted_policies.elsewhere} loaded policies of other divisions not listed: none reaches {event.jurisdiction.full_name}")
    return trace


def _evaluate_policy(policy: PolicyFacts, rulebook: RuleBook, event: Event, findings: "_Findings", trace: list[str]) -> list[MitigationFinding]:
    """Fire the rules of one applicable policy, after its own exceptions; nothing crosses policies."""
    if policy.id in rulebook.set_aside:
        trace.append(_set_aside_warning(policy.id, rulebook))
        return []
    if policy.id not in rulebook.sanction_rules:
        trace.append(f"policy {policy.id} has no rule file: no sanctions are derived from it")
        return []
    defeasance = decide_exceptions(policy.id, rulebook.exceptions.get(policy.id, ()), event)
    trace.extend(defeasance.trace)
    summary = " (cites a news summary of the policy, not its text)" if policy.kind == "news-summary" else ""
    for rule in rulebook.sanction_rules[policy.id]:
        why_not = _why_not(rule, event)
        if why_not:
            trace.append(f"rule {rule.id} did not fire: {why_not}")
        elif rule.id in defeasance.excluded:
            exception = defeasance.excluded[rule.id]
            trace.append(f"rule {rule.id} fired but is withheld by exception {exception.id}: {exception.effect}")
        else:
            mitigations = defeasance.mitigated.get(rule.id, ())
            findings.add(rule, mitigations)
            trace.append(f"rule {rule.id} fired: {_why(rule, event)}{summary}")
            trace.extend(
                f"sanctions of rule {rule.id} ({rule.basis.path} of {policy.id}) are open to {exception.effect} "
                f"under exception {exception.id}; no other policy's basis is"
                for exception in mitigations
            )
    return defeasance.findings


def _set_aside_warning(policy_id: str, rulebook: RuleBook) -> str:
    return (
        f"policy {policy_id} applies, but its rule file was set aside, so no sanctions are derived from it: "
        f"{rulebook.set_aside[policy_id]}"
    )


def evaluate_events(
    events: Iterable[Event], rulebook: RuleBook, facts: Facts, *, list_unrelated: bool = True
) -> Iterator[Evaluation]:
    """Evaluate a stream of events lazily, one answer per event, in order (for batch use)."""
    for event in events:
        yield evaluate_event(event, rulebook, facts, list_unrelated=list_unrelated)


def _applicable_policy(policy: PolicyFacts, why: str) -> ApplicablePolicy:
    return ApplicablePolicy(
        id=policy.id,
        title=policy.title,
        doc_number=policy.doc_number,
        kind=policy.kind,
        why=why,
        applies_in=jurisdiction_name(policy.jurisdiction) if policy.jurisdiction else None,
        effective_from=policy.effective_from,
        implements=[
            Reference(title=r.title, doc_number=r.doc_number, policy_id=r.policy_id, loaded=r.loaded, relation=r.relation)
            for r in policy.references
        ],
    )


def _why_not(rule: SanctionRule, event: Event) -> str | None:
    """The first condition of `rule` that the event does not meet, in words; None when it fires."""
    if event.subject.kind not in rule.subject_kinds:
        return f"it concerns {', '.join(sorted(rule.subject_kinds))}, not a subject of kind {event.subject.kind}"
    if rule.severity is not None and rule.severity != event.severity.code:
        return f"it is reserved for severity {lookup('severities', rule.severity).label}, the event is {event.severity.label}"
    if rule.domains is not None and (event.domain is None or event.domain.code not in rule.domains):
        domains = "/".join(sorted(lookup("domains", code).label for code in rule.domains))
        return f"it concerns the domain {domains}, the event's is {event.domain.label if event.domain else 'not given'}"
    return None


def _why(rule: SanctionRule, event: Event) -> str:
    reasons = [f"subject kind {event.subject.kind}"]
    if rule.severity is not None:
        reasons.append(f"severity {event.severity.label}")
    if rule.domains is not None and event.domain is not None:
        reasons.append(f"domain {event.domain.label}")
    return f"{', '.join(reasons)}; {rule.basis.path} of {rule.policy_id}"


class _Findings:
    """Sanctions and accountable persons, merged across rules: one entry per sanction, target and condition."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self._sanctions: dict[tuple, dict] = {}
        self._persons: dict[tuple, dict] = {}
        self.trace: list[str] = []

    def add(self, rule: SanctionRule, mitigations: Sequence[ExceptionRule]) -> None:
        """Merge the sanctions of a fired rule; `mitigations` are its own policy's exceptions
        that reach it, each recorded against this rule's basis only."""
        tied = [
            BasisMitigation(
                basis=rule.basis, rule=rule.id, effect=exception.effect, outcome=exception.outcome,
                exception=exception.id, granted_by=exception.basis,
            )
            for exception in mitigations
        ]
        for sanction in rule.sanctions:
            for target in self._targets(sanction, rule):
                key = (sanction.code, target.kind, target.name, target.role, sanction.condition)
                entry = self._sanctions.setdefault(
                    key, {"sanction": sanction, "target": target, "basis": {}, "words": {}, "rules": {}, "mitigations": {}, "by_basis": {}}
                )
                _append_new(entry["basis"], rule.basis)
                _append_new(entry["words"], sanction.words)
                _append_new(entry["rules"], rule.id)
                for mitigation in tied:
                    _append_new(entry["mitigations"], mitigation.effect)
                    _append_new(entry["by_basis"], mitigation)
                if target.kind in ("person", "official"):
                    self._add_person(target, sanction, rule.basis)

    def _targets(self, sanction: Sanction, rule: SanctionRule) -> list[Target]:
        subject = self.event.subject
        if sanction.target == "subject":
            if subject.kind == "official":
                return [Target(kind="official", name=subject.name, role=_CIVIL_SERVANT.label, role_code=_CIVIL_SERVANT.code)]
            return [Target(kind=subject.kind, name=subject.name)]
        if isinstance(sanction.target, PeopleTarget):
            people = [Target(kind="person", name=p.name, role=p.role.label, role_code=p.role.code) for p in self.event.persons]
            if not people:
                self.trace.append(f"rule {rule.id} names {sanction.target.people}; the event identifies no person")
            return people or [Target(kind="person", name=None, role=sanction.target.people, identified=False)]
        return self._role_targets(sanction.target, rule)

    def _role_targets(self, target: RolesTarget, rule: SanctionRule) -> list[Target]:
        targets = []
        for role in target.roles:
            holders = [p for p in self.event.persons if p.role.code == role.code]
            targets.extend(Target(kind="person", name=p.name, role=role.label, role_code=role.code) for p in holders)
            if not holders:
                self.trace.append(f"rule {rule.id} names the {role.label}; the event identifies no one in that role")
                targets.append(Target(kind="person", name=None, role=role.label, role_code=role.code, identified=False))
        return targets

    def _add_person(self, target: Target, sanction: Sanction, basis: Basis) -> None:
        entry = self._persons.setdefault((target.name, target.role), {"target": target, "sanctions": {}, "basis": {}})
        _append_new(entry["sanctions"], sanction.label)
        _append_new(entry["basis"], basis)

    def sanctions(self) -> list[SanctionFinding]:
        return [
            SanctionFinding(
                sanction=e["sanction"].label,
                code=e["sanction"].code,
                target=e["target"],
                basis=list(e["basis"]),
                condition=e["sanction"].condition,
                words=list(e["words"]),
                rules=list(e["rules"]),
                mitigations=list(e["mitigations"]),
                mitigations_by_basis=list(e["by_basis"]),
            )
            for e in self._sanctions.values()
        ]

    def accountable_persons(self) -> list[AccountablePerson]:
        found = [
            AccountablePerson(
                name=e["target"].name,
                role=e["target"].role,
                role_code=e["target"].role_code,
                identified=e["target"].identified,
                sanctions=list(e["sanctions"]),
                basis=list(e["basis"]),
            )
            for e in self._persons.values()
        ]
        named = {(p.name, p.role) for p in found}
        for person in self.event.persons:
            if (person.name, person.role.label) not in named:
                self.trace.append(f"{person.name} ({person.role.label}) is not accountable: no rule that fired names that role")
        return found


def _append_new(items: dict, item) -> None:
    """Add to an insertion-ordered set (a dict's keys): a hash, not a scan of pydantic
    equality over every basis so far (quadratic when many policies apply)."""
    items.setdefault(item, None)


def _obligations(event: Event, facts: Facts, applicable: set[str]) -> tuple[list[ObligationFinding], list[str]]:
    """The subject agency's obligations under the applicable policies (DESIGN: lead, cooperating, responsible).

    Matched by the agency's canonical name or an alias as the texts write it (also with the
    event's jurisdiction in front: 财政局 in 营口市站前区 is 营口市站前区财政局); failing
    that, by agency kind (the kind a loaded text gives the subject, else the kind its name
    says, from the agency-kinds vocabulary): 西宁市财政局 gets what Qinghai's opinion asks of
    its finance department.
    """
    subject = event.subject
    if subject.kind == "official":
        return [], ["obligations not looked up: the subject is an official, obligations bind agencies"]
    names = [subject.name, event.jurisdiction.full_name + subject.name]
    for name in names:
        named = facts.obligations_named(name, applicable)
        if named:
            return [_obligation(o, _matched_by_name(o, name)) for o in named], [f"obligations matched by name {name}"]
    known = sorted({kind for name in names for kind in facts.kinds_named(name)})
    said = agency_kind_of(subject.name)
    kinds = known or ([said.code] if said else [])
    by_kind = [o for kind in kinds for o in facts.obligations_of_kind(kind, applicable)]
    if not by_kind:
        return [], [f"no obligations found: no applicable clause names {subject.name} or an agency of its kind"]
    source = "as a loaded text names it" if known else "by its name"
    matched_by = f"agency kind {', '.join(kinds)} ({source}): no applicable clause names {subject.name}"
    return [_obligation(o, matched_by) for o in by_kind], [f"obligations matched by {matched_by}"]


def _matched_by_name(obligation: Obligation, name: str) -> str:
    if name == obligation.agency:
        return f"canonical name {obligation.agency}"
    return f"{name}, an alias of {obligation.agency}"


def _obligation(obligation: Obligation, matched_by: str) -> ObligationFinding:
    basis = Basis(policy_id=obligation.policy_id, clause_id=obligation.clause_id, path=obligation.path, quote=obligation.text)
    return ObligationFinding(agency=obligation.agency, role=obligation.role, text=obligation.text, basis=[basis], matched_by=matched_by)
