"""Decides whether a loaded policy applies to an event: where it applies, and when it is in force.

Issue 3, "Applicability": a policy applies when the event's jurisdiction lies inside the
policy's (a provincial policy reaches its cities and counties, a city policy its districts
and counties; the gazetteer's `contains`) and the event date is on or after the policy's
effective date and before any end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from policykg.errors import UnknownLabel
from policykg.ontology.gazetteer import COUNTRY_ADCODE, Jurisdiction, ancestors, contains, jurisdiction_by_adcode
from policykg.rules.facts import Facts, PolicyFacts


@dataclass(frozen=True)
class Verdict:
    applies: bool
    text: str  # `why` when it applies, `reason` when it does not


@dataclass(frozen=True)
class Applicability:
    """The loaded policies sorted for one event, each with its reason, in id order."""

    applicable: tuple[tuple[PolicyFacts, str], ...]
    not_applicable: tuple[tuple[PolicyFacts, str], ...]
    elsewhere: int  # policies of unrelated divisions, counted but not listed (list_unrelated=False)


def decide_policies(facts: Facts, where: Jurisdiction, on: date, *, list_unrelated: bool = True) -> Applicability:
    """Which loaded policies apply in `where` on `on`, looking up only the divisions that can.

    Policies of the event's division and its ancestors are checked for dates; the others
    are out of jurisdiction. Those inside the event's division (a district policy for a
    city event) are always listed; those of unrelated divisions are listed unless
    `list_unrelated` is false, for batch runs over thousands of policies.
    """
    chain = {where.adcode, *(j.adcode for j in ancestors(where.adcode))}
    applicable, not_applicable = [], []
    for adcode in facts.jurisdictions if list_unrelated else _related(facts, where, chain):
        policies = facts.policies_in(adcode)
        if adcode in chain:
            for policy in policies:
                verdict = decide_applicability(policy, where, on)
                (applicable if verdict.applies else not_applicable).append((policy, verdict.text))
        elif adcode is None:
            not_applicable.extend((policy, "the policy names no jurisdiction it applies in") for policy in policies)
        else:
            reason = f"applies in {jurisdiction_name(adcode)}, not {where.full_name}"
            not_applicable.extend((policy, reason) for policy in policies)
    elsewhere = len(facts.policies) - len(applicable) - len(not_applicable)
    by_id = lambda pair: pair[0].id  # noqa: E731
    return Applicability(tuple(sorted(applicable, key=by_id)), tuple(sorted(not_applicable, key=by_id)), elsewhere)


def _related(facts: Facts, where: Jurisdiction, chain: set[str]) -> list[str | None]:
    """The event's division and its ancestors, the divisions inside it, and None."""
    prefix = {"country": "", "province": where.adcode[:2], "city": where.adcode[:4]}.get(where.level)
    inside = [a for a in facts.jurisdictions_starting(prefix) if a not in chain and contains(where.adcode, a)] if prefix is not None else []
    return [None, *chain, *inside]


@lru_cache(maxsize=8192)
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
    if start is not None and policy.kind == "news-summary":
        since += " (the news article's date: a summary states no date the policy took effect)"
    elif start is not None and start_words != "in force from":
        since += " (date of issue; the text states no effective date)"
    place = jurisdiction_name(policy.jurisdiction)
    if policy.jurisdiction == COUNTRY_ADCODE:
        place = f"中华人民共和国 across the whole country (a national policy), which includes {where.full_name}"
    elif policy.jurisdiction != where.adcode:
        place += f", which includes {where.full_name}"
    return Verdict(True, f"applies in {place}{since}")


def _start(policy: PolicyFacts) -> tuple[date | None, str]:
    """The effective date, else the issue date: a policy is not in force before it is issued."""
    if policy.effective_from is not None:
        return policy.effective_from, "in force from"
    if policy.issued_on is not None:
        return policy.issued_on, "issued on"
    return None, ""
