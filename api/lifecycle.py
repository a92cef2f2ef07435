"""Decides a dishonesty record's lifecycle as the seed texts describe it: which status
changes are allowed, on which clause each rests, when credit repair is open, how long a
record stays on public display, and what a record's evaluation is in its current status.

What the texts provide is declared clause by clause in lifecycle_provisions.yaml, each
provision quoting its clause verbatim (as rule files do), naming what it provides for
(objection, correction, repair, display) and whose records it speaks of:

zhanqian-2024 五.(三): 制定信用信息异议、投诉流程,及时处理异议申请或者投诉,更正或者撤销错误信息
    -> recorded -> objected; corrected | revoked (the handling, under-review and upheld, is procedural)
zhanqian-2024 五.(四) 探索扩展公务员失信记录信用修复渠道, zhangzhou-2018 一.(二).4, 二.(三).3, ...
    -> repaired, open only where a loaded clause applicable to the event provides credit
       repair for records of the event's subject kind (公务员: an official's own record)
zhangzhou-2018 二.(三).3: 应明确各类公共信用信息展示期限,不再展示和使用超过期限的公共信用信息
    -> a display period (Settings.display_period_days) counted from the day of 认定

Every transition carries its basis: the applicable provisions for the part it belongs to,
as clause citations (policy_id, clause_id, path, quote). Every function here is pure: the
clock, the settings and the facts come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib.resources import files
from typing import Any, Iterable

import yaml

from policykg.errors import Conflict
from policykg.queries.events import EventRecord
from policykg.rules import Evaluation, Facts
from policykg.rules.event import SUBJECT_KIND_LABELS, SUBJECT_KINDS

STATUS_LABELS = {
    "recorded": "已纳入失信记录",
    "objected": "已提出异议",
    "under-review": "异议处理中",
    "corrected": "已更正",
    "revoked": "已撤销",
    "upheld": "异议不成立，维持记录",
    "repaired": "已信用修复",
}

# The moves of the record's state machine. Repair is further limited to records for which
# an applicable text provides it (`allowed_moves`).
ALLOWED = {
    "recorded": ("objected", "repaired"),
    "objected": ("under-review",),
    "under-review": ("corrected", "revoked", "upheld"),
    "corrected": ("objected", "repaired"),
    "upheld": ("objected", "repaired"),
    "repaired": (),
    "revoked": (),
}

# The part of the lifecycle each status a transition reaches belongs to, as the texts name it.
PART_OF = {"objected": "objection", "corrected": "correction", "revoked": "correction", "repaired": "repair"}
# Steps of handling an objection that no text names: kept as procedure, citing no clause.
PROCEDURAL = frozenset({"under-review", "upheld"})
PARTS = ("objection", "correction", "repair", "display")

# Records the public no longer sees, whatever their display period: a revoked record was
# wrong (撤销错误信息); a repaired one has had its credit restored (信用修复).
HIDDEN_STATUSES = frozenset({"revoked", "repaired"})

PROVISIONS_FILE = "lifecycle_provisions.yaml"
_PROVISION_KEYS = {"policy", "clause", "parts", "subjects", "quote", "note"}


@dataclass(frozen=True)
class Provision:
    """A sentence of a policy text that provides for part of the lifecycle."""

    policy_id: str
    path: str  # as printed, 五.(四)
    parts: tuple[str, ...]
    subjects: tuple[str, ...]
    quote: str
    note: str | None = None
    clause_id: str | None = None  # set once the clause is found among the loaded ones

    def applies_to(self, applicable: set[str], subject_kind: str) -> bool:
        """Whether it speaks to a record whose applicable policies and subject kind these are."""
        return self.policy_id in applicable and subject_kind in self.subjects

    def citation(self) -> dict[str, str]:
        """The clause citation, as every basis in an answer is given."""
        return {"policy_id": self.policy_id, "clause_id": self.clause_id, "path": self.path, "quote": self.quote}


@dataclass(frozen=True)
class Display:
    displayed: bool  # shown to the public
    until: date  # end of the display period
    reason: str | None  # why it is hidden, when it is


class TransitionNotAllowed(Conflict):
    """A 409 whose error object also lists, machine-readably, the moves that are allowed."""

    def __init__(self, message: str, *, allowed: Iterable[str], status: str) -> None:
        super().__init__(message, field="to")
        self.allowed = list(allowed)
        self.status = status

    def to_json(self) -> dict:
        answer = super().to_json()
        answer["error"] |= {"allowed": self.allowed, "status": self.status}
        return answer


# --- what the texts provide -----------------------------------------------------------------


def read_provisions(text: str | None = None) -> tuple[Provision, ...]:
    """The provisions of lifecycle_provisions.yaml (or of `text`), checked for shape."""
    if text is None:
        text = files("policykg.api").joinpath(PROVISIONS_FILE).read_text(encoding="utf-8")
    provisions = []
    for index, entry in enumerate(yaml.safe_load(text)["provisions"]):
        unknown = set(entry) - _PROVISION_KEYS
        parts, subjects = tuple(entry["parts"]), tuple(entry["subjects"])
        if unknown or not set(parts) <= set(PARTS) or not set(subjects) <= set(SUBJECT_KINDS):
            raise ValueError(f"{PROVISIONS_FILE}: provision {index} has an unknown key, part or subject kind")
        provisions.append(Provision(entry["policy"], entry["clause"], parts, subjects, entry["quote"], entry.get("note")))
    return tuple(provisions)


_PROVISIONS = read_provisions()
_loaded: tuple[Facts, tuple[Provision, ...]] | None = None  # the last facts asked about, and their provisions


def loaded_provisions(facts: Facts, provisions: tuple[Provision, ...] = _PROVISIONS) -> tuple[Provision, ...]:
    """The provisions whose clause is loaded and says, verbatim, what they quote."""
    global _loaded
    cached = _loaded
    if provisions is _PROVISIONS and cached is not None and cached[0] is facts:
        return cached[1]
    wanted = {provision.policy_id for provision in provisions}
    clauses = {(c.policy_id, c.path): c for c in facts.clauses if c.policy_id in wanted}
    found = []
    for provision in provisions:
        clause = clauses.get((provision.policy_id, provision.path))
        if clause is not None and provision.quote in clause.text:
            found.append(replace(provision, clause_id=clause.id))
    if provisions is _PROVISIONS:
        _loaded = (facts, tuple(found))
    return tuple(found)


def lifecycle_basis(facts: Facts, applicable: Iterable[str], subject_kind: str) -> dict[str, list[dict[str, Any]]]:
    """For each part of the lifecycle, the loaded clauses that provide for it, quoted, each
    saying whose records it speaks of and whether it applies to this record (its policy
    applies to the event, and it speaks of records of the event's subject kind)."""
    applicable = set(applicable)
    basis: dict[str, list[dict[str, Any]]] = {part: [] for part in PARTS}
    for provision in loaded_provisions(facts):
        applies = provision.applies_to(applicable, subject_kind)
        for part in provision.parts:
            basis[part].append(provision.citation() | {
                "subjects": list(provision.subjects), "applies": applies, "note": provision.note,
            })
    return basis


def transition_basis(facts: Facts, applicable: Iterable[str], subject_kind: str, to: str) -> list[dict[str, str]]:
    """The clause citations a move to `to` rests on for this record: the applicable
    provisions of its part (none for a procedural step)."""
    part = PART_OF.get(to)
    applicable = set(applicable)
    return [provision.citation() for provision in loaded_provisions(facts)
            if part in provision.parts and provision.applies_to(applicable, subject_kind)]


def allowed_moves(record: EventRecord, repair_basis: list[dict[str, str]]) -> tuple[str, ...]:
    """Where `record` may move now: its status's moves, credit repair only with a basis."""
    return tuple(to for to in ALLOWED[record.status] if to != "repaired" or repair_basis)


def check_transition(record: EventRecord, to: str, allowed: tuple[str, ...]) -> None:
    """Raise TransitionNotAllowed (409, listing `allowed`) unless `record` may move to `to`."""
    if to in allowed:
        return
    choices = ", ".join(allowed) if allowed else "none (the record is final)"
    if to == "repaired" and to in ALLOWED[record.status]:
        kind = SUBJECT_KIND_LABELS.get(record.subject_kind, record.subject_kind)
        message = (f"credit repair (信用修复) of event {record.id!r}: no loaded text that applies to it provides "
                   f"credit repair for records of a subject of kind {record.subject_kind} ({kind}) "
                   f"(lifecycle_basis.repair lists the clauses that provide it and whose records they speak of); "
                   f"it can move to: {choices}")
    else:
        message = f"event {record.id!r} is {record.status}; it can move to: {choices}"
    raise TransitionNotAllowed(message, allowed=allowed, status=record.status)


# --- display and evaluation -----------------------------------------------------------------


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
    })
