"""Decides which exceptions of a policy defeat or soften its sanction rules for an event.

Issue 3, "Exceptions and mitigation, as the texts state them": a remedied event (主动挽回
损失, 消除不良影响, 有效阻止危害结果) gets the mitigation of each applicable clause that
grants it (outcome `mitigated`: the sanctions stay listed, marked as open to lightening or
waiver, because the texts say 可以); a 容错纠错 finding means the policy that provides for
it records no dishonesty (outcome `excluded`: its sanctions are withheld). An exception
only ever reaches rules of its own policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policykg.rules.evaluation import MitigationFinding
from policykg.rules.event import Event
from policykg.rules.rulefile import ExceptionRule

_TRIGGER_WORDS = {"remedied": "the event is remedied", "fault_tolerance": "a fault-tolerance (容错纠错) finding"}


@dataclass
class Defeasance:
    """What a policy's exceptions do to its rules for one event."""

    excluded: dict[str, ExceptionRule] = field(default_factory=dict)  # rule id -> the exception withholding it
    mitigated: dict[str, list[ExceptionRule]] = field(default_factory=dict)  # rule id -> applying mitigations
    findings: list[MitigationFinding] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)


def decide_exceptions(policy_id: str, exceptions: tuple[ExceptionRule, ...], event: Event) -> Defeasance:
    """Apply the exceptions of one applicable policy to an event."""
    result = Defeasance()
    for rule in exceptions:
        if event.subject.kind not in rule.subject_kinds:
            result.trace.append(
                f"exception {rule.id} not considered: it concerns {', '.join(sorted(rule.subject_kinds))}, "
                f"not a subject of kind {event.subject.kind}"
            )
            continue
        applies = bool(getattr(event, rule.trigger))
        reason = _reason(rule, applies)
        result.findings.append(
            MitigationFinding(
                effect=rule.effect,
                applies=applies,
                basis=[rule.basis],
                rule=rule.id,
                outcome=rule.outcome,
                exception_to=list(rule.exception_to),
                reason=reason,
            )
        )
        result.trace.append(f"exception {rule.id} {'applies' if applies else 'does not apply'}: {reason}")
        if not applies:
            continue
        for target in rule.exception_to:
            if rule.outcome == "excluded":
                result.excluded[target] = rule
            else:
                result.mitigated.setdefault(target, []).append(rule)
    for trigger in ("remedied", "fault_tolerance"):
        if getattr(event, trigger) and not any(rule.trigger == trigger for rule in exceptions):
            result.trace.append(f"{_TRIGGER_WORDS[trigger]} changes nothing under {policy_id}: none of its clauses provides for it")
    return result


def _reason(rule: ExceptionRule, applies: bool) -> str:
    if not applies:
        return f"it needs {_TRIGGER_WORDS[rule.trigger]}"
    if rule.outcome == "excluded":
        return f"{_TRIGGER_WORDS[rule.trigger]}; under {rule.basis.path} of {rule.policy_id} ({rule.effect}) the sanctions of {', '.join(rule.exception_to)} are withheld"
    return f"{_TRIGGER_WORDS[rule.trigger]}; {rule.basis.path} of {rule.policy_id} grants {rule.effect} for {', '.join(rule.exception_to)}"
