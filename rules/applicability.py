"""Decides whether a loaded policy applies to an event: where it applies, and when it is in force.

Issue 3, "Applicability": a policy applies when the event's jurisdiction lies inside the
policy's (a provincial policy reaches its cities and counties, a city policy its districts
and counties; the gazetteer's `contains`) and the event date is on or after the policy's
effective date and before any end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from policykg.errors import UnknownLabel
from policykg.ontology.gazetteer import Jurisdiction, contains, jurisdiction_by_adcode
from policykg.rules.facts import PolicyFacts


@dataclass(frozen=True)
class Verdict:
    applies: bool
    text: str  # `why` when it applies, `reason` when it does not


def jurisdiction_name(adcode: str) -> str:
    try:
        return jurisdiction_by_adcode(adcode).full_name
    except UnknownLabel:
        return adcode


def decide_applicability(policy: PolicyFacts, where: Jurisdiction, on: date) -> Verdict:
    """Whether `policy` applies to an event in `where` on `on`, with the reason in words."""
    if policy.jurisdiction is None:
        return Verdict(False, "the policy names no jurisdiction it applies in")
    if not contains(policy.jurisdiction, where.adcode):
        return Verdict(False, f"applies in {jurisdiction_name(policy.jurisdiction)}, not {where.full_name}")
    start, start_words = _start(policy)
    if start is not None and on < start:
        return Verdict(False, f"not in force on {on.isoformat()}: {start_words} {start.isoformat()}")
    if policy.effective_until is not None and on >= policy.effective_until:
        return Verdict(False, f"not in force on {on.isoformat()}: no longer in force from {policy.effective_until.isoformat()}")
    since = f"; in force since {start.isoformat()}" if start else "; the text states no date it takes effect"
    if start is not None and start_words != "in force from":
        since += " (date of issue; the text states no effective date)"
    return Verdict(True, f"applies in {jurisdiction_name(policy.jurisdiction)}, which includes {where.full_name}{since}")


def _start(policy: PolicyFacts) -> tuple[date | None, str]:
    """The effective date, else the issue date: a policy is not in force before it is issued."""
    if policy.effective_from is not None:
        return policy.effective_from, "in force from"
    if policy.issued_on is not None:
        return policy.issued_on, "issued on"
    return None, ""
