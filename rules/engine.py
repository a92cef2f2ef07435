"""Decides what follows from a dishonesty event under the loaded policies, and why.

`evaluate_event(event, rulebook, facts)` is pure: all inputs are values, nothing is read
from a store, a file, the clock or the environment. It fills the contract's answer
(DESIGN, "The query API contract"): which policies apply and which do not; per applicable
policy, its exceptions decided (`defeasance`), its rules chained to a fixpoint (`chaining`:
a record drawn by one rule lets the rules that presuppose it fire), each conclusion
justified (`justification`); the sanctions merged across rules and policies, each with its
bases, binding, review status and justification trees; the accountable persons (roles a
clause names but the event does not identify are reported, never dropped); the
mitigations; the rules that drew nothing and why (`not_fired`); the subject's obligations.
A mitigation or waiver is tied to the basis of the policy that grants it
(`mitigations_by_basis`), never to another policy's basis.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from policykg.ontology.vocabulary import agency_kind_of
from policykg.rules.applicability import decide_policies, jurisdiction_name
from policykg.rules.chaining import Conclusion, chain, key
from policykg.rules.defeasance import Defeasance, decide_exceptions
from policykg.rules.evaluation import (
    AccountablePerson,
    ApplicablePolicy,
    Basis,
    BasisMitigation,
    Binding,
    Evaluation,
    NotApplicable,
    ObligationFinding,
    Reference,
    SanctionFinding,
)
from policykg.rules.event import Event
from policykg.rules.facts import Facts, Obligation, PolicyFacts
from policykg.rules.justification import Justifier, not_fired
from policykg.rules.rulefile import RuleBook

_STRENGTH = {"mandatory": 3, "graded": 2, "discretionary": 1}


def evaluate_event(event: Event, rulebook: RuleBook, facts: Facts, *, list_unrelated: bool = True) -> Evaluation:
    """Evaluate one event against the rules of every loaded policy that applies to it.

    `list_unrelated=False` leaves policies of unrelated divisions out of `not_applicable`,
    for batch runs over thousands of policies.
    """
    sorted_policies = decide_policies(facts, event.jurisdiction, event.occurred_on, list_unrelated=list_unrelated)
    applicable = [policy for policy, _ in sorted_policies.applicable]
    findings = _Findings()
    mitigations, unfired = [], []
    for policy in applicable:
        if policy.id in rulebook.set_aside or policy.id not in rulebook.sanction_rules:
            continue
        defeasance = decide_exceptions(rulebook.exceptions.get(policy.id, ()), event)
        concluded = chain(policy.id, rulebook, event, defeasance)
        justifier = Justifier(rulebook, concluded, defeasance, event)
        for conclusion in concluded.conclusions:
            findings.add(conclusion, justifier, defeasance)
        mitigations.extend(defeasance.findings)
        unfired.extend(not_fired(rulebook.sanction_rules[policy.id], concluded, defeasance, event))
    warnings = [_set_aside_warning(policy.id, rulebook) for policy in applicable if policy.id in rulebook.set_aside]
    return Evaluation(
        event=event.to_json(),
        applicable_policies=[_applicable_policy(policy, why) for policy, why in sorted_policies.applicable],
        not_applicable=[
            NotApplicable.model_construct(id=policy.id, title=policy.title, reason=reason)
            for policy, reason in sorted_policies.not_applicable
        ],
        sanctions=findings.sanctions(),
        accountable_persons=findings.accountable_persons(),
        mitigations=mitigations,
        obligations=_obligations(event, facts, {p.id for p in applicable}),
        not_fired=unfired,
        warnings=warnings,
        reason=None if applicable else f"no loaded policy applies to {event.jurisdiction.full_name} on {event.occurred_on.isoformat()}",
    )


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


def _strongest(bindings: Iterable[Binding]) -> Binding:
    return max(bindings, key=lambda binding: _STRENGTH[binding.level])


class _Findings:
    """Sanctions and accountable persons, merged across rules: one entry per sanction, target
    and condition (own, and inherited from a presupposed conclusion)."""

    def __init__(self) -> None:
        self._sanctions: dict[tuple, dict] = {}
        self._persons: dict[tuple, dict] = {}

    def add(self, conclusion: Conclusion, justifier: Justifier, defeasance: Defeasance) -> None:
        rule, sanction, target = conclusion.rule, conclusion.sanction, conclusion.target
        inherited = justifier.premise_conditions(conclusion)
        entry_key = (sanction.code, key(target), sanction.condition, tuple(c.condition for c in inherited))
        entry = self._sanctions.get(entry_key)
        if entry is None:
            entry = self._sanctions[entry_key] = {
                "conclusion": conclusion, "inherited": inherited, "basis": {}, "words": {}, "rules": {},
                "mitigations": {}, "by_basis": {}, "justification": [], "waivable": True,
            }
        _append_new(entry["basis"], rule.basis)
        _append_new(entry["words"], sanction.words)
        _append_new(entry["rules"], rule)
        entry["justification"].append(justifier.tree(conclusion))
        tied = [
            BasisMitigation.model_construct(basis=rule.basis, rule=rule.id, effect=e.effect, outcome=e.outcome, exception=e.id,
                                            granted_by=e.basis, through=None)
            for e in defeasance.reaching(rule.id, "mitigated")
        ]
        waivers = justifier.waivers(conclusion)
        tied.extend(
            BasisMitigation.model_construct(basis=rule.basis, rule=rule.id, effect=w.exception.effect, outcome="waivable",
                                            exception=w.exception.id, granted_by=w.exception.basis, through=w.through)
            for w in waivers
        )
        entry["waivable"] = entry["waivable"] and bool(waivers)
        for mitigation in tied:
            _append_new(entry["mitigations"], mitigation.effect)
            _append_new(entry["by_basis"], mitigation)
        if target.kind in ("person", "official"):
            person = self._persons.setdefault(key(target), {"target": target, "sanctions": {}, "basis": {}, "rules": {}, "justification": []})
            _append_new(person["sanctions"], sanction.label)
            _append_new(person["basis"], rule.basis)
            _append_new(person["rules"], rule)
            person["justification"].append(justifier.tree(conclusion))

    def sanctions(self) -> list[SanctionFinding]:
        found = []
        for e in self._sanctions.values():
            conclusion = e["conclusion"]
            rules = list(e["rules"])
            found.append(SanctionFinding.model_construct(
                sanction=conclusion.sanction.label,
                code=conclusion.sanction.code,
                target=conclusion.target,
                basis=list(e["basis"]),
                condition=conclusion.sanction.condition,
                words=list(e["words"]),
                rules=list(dict.fromkeys(rule.id for rule in rules)),
                mitigations=list(e["mitigations"]),
                mitigations_by_basis=list(e["by_basis"]),
                waivable=e["waivable"],
                premise_conditions=list(e["inherited"]),
                review=_review(rules),
                binding=_strongest(rule.binding for rule in rules),
                justification=e["justification"],
            ))
        return found

    def accountable_persons(self) -> list[AccountablePerson]:
        return [
            AccountablePerson.model_construct(
                name=e["target"].name,
                role=e["target"].role,
                role_code=e["target"].role_code,
                identified=e["target"].identified,
                sanctions=list(e["sanctions"]),
                basis=list(e["basis"]),
                review=_review(e["rules"]),
                binding=_strongest(rule.binding for rule in e["rules"]),
                justification=e["justification"],
            )
            for e in self._persons.values()
        ]


def _review(rules: Iterable) -> str:
    return "drafted" if any(rule.review == "drafted" for rule in rules) else "reviewed"


def _append_new(items: dict, item) -> None:
    """Add to an insertion-ordered set (a dict's keys): a hash, not a scan of pydantic
    equality over every basis so far (quadratic when many policies apply)."""
    items.setdefault(item, None)


def _obligations(event: Event, facts: Facts, applicable: set[str]) -> list[ObligationFinding]:
    """The subject agency's obligations under the applicable policies (DESIGN: lead, cooperating, responsible).

    Matched by the agency's canonical name or an alias as the texts write it (also with the
    event's jurisdiction in front: 财政局 in 营口市站前区 is 营口市站前区财政局); failing
    that, by agency kind (the kind a loaded text gives the subject, else the kind its name
    says, from the agency-kinds vocabulary): 西宁市财政局 gets what Qinghai's opinion asks of
    its finance department. An official's own record binds no agency: none.
    """
    subject = event.subject
    if subject.kind == "official":
        return []
    names = [subject.name, event.jurisdiction.full_name + subject.name]
    for name in names:
        named = facts.obligations_named(name, applicable)
        if named:
            return [_obligation(o, _matched_by_name(o, name)) for o in named]
    known = sorted({kind for name in names for kind in facts.kinds_named(name)})
    said = agency_kind_of(subject.name)
    kinds = known or ([said.code] if said else [])
    by_kind = [o for kind in kinds for o in facts.obligations_of_kind(kind, applicable)]
    source = "as a loaded text names it" if known else "by its name"
    matched_by = f"agency kind {', '.join(kinds)} ({source}): no applicable clause names {subject.name}"
    return [_obligation(o, matched_by) for o in by_kind]


def _matched_by_name(obligation: Obligation, name: str) -> str:
    if name == obligation.agency:
        return f"canonical name {obligation.agency}"
    return f"{name}, an alias of {obligation.agency}"


def _obligation(obligation: Obligation, matched_by: str) -> ObligationFinding:
    basis = Basis(policy_id=obligation.policy_id, clause_id=obligation.clause_id, path=obligation.path, quote=obligation.text)
    return ObligationFinding(agency=obligation.agency, role=obligation.role, text=obligation.text, basis=[basis], matched_by=matched_by)
