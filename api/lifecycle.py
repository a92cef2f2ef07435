"""Decides a dishonesty record's lifecycle as the seed texts describe it: which status
changes are allowed, when credit repair is open, how long a record stays on public display,
and what a record's evaluation is in its current status.

zhanqian-2024 五.(三): 制定信用信息异议、投诉流程,及时处理异议申请或者投诉,更正或者撤销错误信息
    -> recorded -> objected -> under-review -> corrected | revoked | upheld
zhanqian-2024 五.(四), zhangzhou-2018: 信用修复 for 主动挽回损失、消除不良影响或者有效阻止危害结果发生
    -> repaired, open only when the event is remedied
zhangzhou-2018: 应明确各类公共信用信息展示期限,不再展示和使用超过期限的公共信用信息
    -> a display period (Settings.display_period_days) counted from the day of 认定

Every function here is pure: the clock and the settings come in as arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from policykg.errors import Conflict
from policykg.queries.events import EventRecord
from policykg.rules import Evaluation, Facts

STATUS_LABELS = {
    "recorded": "已纳入失信记录",
    "objected": "已提出异议",
    "under-review": "异议处理中",
    "corrected": "已更正",
    "revoked": "已撤销",
    "upheld": "异议不成立，维持记录",
    "repaired": "已信用修复",
}

ALLOWED = {
    "recorded": ("objected", "repaired"),
    "objected": ("under-review",),
    "under-review": ("corrected", "revoked", "upheld"),
    "corrected": ("objected", "repaired"),
    "upheld": ("objected", "repaired"),
    "repaired": (),
    "revoked": (),
}

# Records the public no longer sees, whatever their display period: a revoked record was
# wrong (撤销错误信息); a repaired one has had its credit restored (信用修复).
HIDDEN_STATUSES = frozenset({"revoked", "repaired"})

# The words of the texts each part of the lifecycle rests on (quoted by `lifecycle_basis`).
PHRASES = {"objection": "异议", "repair": "信用修复", "display": "展示期限"}


@dataclass(frozen=True)
class Display:
    displayed: bool  # shown to the public
    until: date  # end of the display period
    reason: str | None  # why it is hidden, when it is


def check_transition(record: EventRecord, to: str, *, remedied: bool) -> None:
    """Raise Conflict (409) unless `record` may move to `to`, naming the allowed moves."""
    allowed = ALLOWED[record.status]
    if to not in allowed:
        choices = ", ".join(allowed) if allowed else "none (the record is final)"
        raise Conflict(f"event {record.id!r} is {record.status}; it can move to: {choices}", field="to")
    if to == "repaired" and not remedied:
        raise Conflict(
            f"credit repair of event {record.id!r} needs an event that is remedied "
            "(主动挽回损失、消除不良影响或者有效阻止危害结果发生, remedied: true); correct the record first",
            field="to",
        )


def display_of(record: EventRecord, today: date, period_days: int) -> Display:
    until = record.recognised_on + timedelta(days=period_days)
    if record.status in HIDDEN_STATUSES:
        return Display(False, until, f"the record is {record.status} ({STATUS_LABELS[record.status]})")
    if today > until:
        return Display(False, until, f"its display period of {period_days} days ended on {until.isoformat()}")
    return Display(True, until, None)


def evaluation_in_status(evaluation: Evaluation, record: EventRecord) -> Evaluation:
    """A revoked record yields no sanctions: the wrong information was withdrawn."""
    if record.status != "revoked":
        return evaluation
    revoked = next(t for t in reversed(record.transitions) if t.to_status == "revoked")
    return evaluation.model_copy(update={
        "sanctions": [], "accountable_persons": [],
        "reason": f"the record was revoked on {revoked.at[:10]} (撤销错误信息): no sanctions follow from it",
        "trace": [*evaluation.trace, f"record revoked at step {revoked.step}: sanctions withdrawn"],
    })


def lifecycle_basis(facts: Facts) -> dict[str, list[dict[str, str]]]:
    """For each part of the lifecycle, the sentences of the loaded texts that provide for it,
    verbatim, with their clause."""
    basis: dict[str, list[dict[str, str]]] = {part: [] for part in PHRASES}
    for clause in facts.clauses:
        for part, phrase in PHRASES.items():
            for sentence in _sentences_with(clause.text, phrase):
                basis[part].append({"policy_id": clause.policy_id, "clause_id": clause.id, "path": clause.path,
                                    "quote": sentence})
    return basis


def _sentences_with(text: str, phrase: str) -> list[str]:
    return [sentence for sentence in re.findall(r"[^。]*。?", text) if phrase in sentence]
