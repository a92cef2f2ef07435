"""Decides which exceptions of a policy defeat or soften its sanction rules for an event.

Each exception takes the text's own force (issue 9, "How binding each measure is"):
`mitigated` (可以从轻或者免于…: the sanctions stay listed, marked as open to lightening or
waiver), `waivable` (可不纳入政务失信记录: the record and what presupposes it stay listed,
marked as waivable on that basis) and `excluded` (a text that says the record is not made:
the rules it reaches draw nothing). An exception only ever reaches rules of its own policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policykg.rules.evaluation import ExceptionConsidered, Justification, MitigationFinding, Premise
from policykg.rules.event import SUBJECT_KIND_LABELS, Event
from policykg.rules.rulefile import ExceptionRule

TRIGGER_WORDS = {
    "remedied": "事件发生后主动挽回损失、消除不良影响或者有效阻止危害结果发生",
    "fault_tolerance": "经认定符合容错纠错情形和条件",
}
OUTCOME_WORDS = {"mitigated": "可从轻或免于实施", "waivable": "可不予记录，依此记录的措施可一并免除", "excluded": "不予记录，相关措施不实施"}


@dataclass
class Defeasance:
    """What a policy's exceptions do to its rules for one event."""

    considered: dict[str, ExceptionConsidered] = field(default_factory=dict)  # exception id -> its verdict
    applying: dict[str, list[ExceptionRule]] = field(default_factory=dict)  # rule id -> exceptions that apply to it
    findings: list[MitigationFinding] = field(default_factory=list)

    def excluded(self, rule_id: str) -> ExceptionRule | None:
        return next((e for e in self.applying.get(rule_id, ()) if e.outcome == "excluded"), None)

    def reaching(self, rule_id: str, outcome: str) -> list[ExceptionRule]:
        return [e for e in self.applying.get(rule_id, ()) if e.outcome == outcome]


def decide_exceptions(exceptions: tuple[ExceptionRule, ...], event: Event) -> Defeasance:
    """Apply the exceptions of one applicable policy to an event."""
    result = Defeasance()
    for rule in exceptions:
        kind_fits = event.subject.kind in rule.subject_kinds
        applies = kind_fits and bool(getattr(event, rule.trigger))
        text = _verdict(rule, event, kind_fits, applies)
        result.considered[rule.id] = ExceptionConsidered.model_construct(
            rule=rule.ref, effect=rule.effect, outcome=rule.outcome, applies=applies, text=text, through=None
        )
        if kind_fits:
            result.findings.append(_finding(rule, event, applies, text))
        if applies:
            for target in rule.exception_to:
                result.applying.setdefault(target, []).append(rule)
    return result


def _verdict(rule: ExceptionRule, event: Event, kind_fits: bool, applies: bool) -> str:
    if not kind_fits:
        kinds = "、".join(SUBJECT_KIND_LABELS[k] for k in sorted(rule.subject_kinds))
        return f"该例外只及于{kinds}，本事件主体是{SUBJECT_KIND_LABELS[event.subject.kind]}"
    if not applies:
        return f"不适用：须{TRIGGER_WORDS[rule.trigger]}，本事件未载明"
    return f"适用：{TRIGGER_WORDS[rule.trigger]}，依{rule.basis.path}{rule.effect}（{OUTCOME_WORDS[rule.outcome]}）"


def _finding(rule: ExceptionRule, event: Event, applies: bool, text: str) -> MitigationFinding:
    premise = Premise(kind="event", fact=rule.trigger, value=bool(getattr(event, rule.trigger)),
                      text=("" if getattr(event, rule.trigger) else "本事件未载明：") + TRIGGER_WORDS[rule.trigger])
    justification = Justification(
        conclusion=f"{rule.effect}：{'适用' if applies else '不适用'}", code=rule.outcome, rule=rule.ref, premises=[premise]
    )
    return MitigationFinding(
        effect=rule.effect, applies=applies, basis=[rule.basis], rule=rule.id, outcome=rule.outcome,
        exception_to=list(rule.exception_to), reason=text, review=rule.review, binding=rule.binding,
        justification=justification,
    )
