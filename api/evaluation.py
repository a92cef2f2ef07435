"""Serves evaluations: builds the engine's `Facts` and `RuleBook` from whatever store is open.

Every store gives the same `EvaluationRows` (Store.evaluation_rows: the embedded store reads
them as persisted with its generation, Neo4j runs the named queries), so the facts, and
with them every evaluation, are the same on both. Facts and rule book are built once per store
generation and reused for every event (rules are never re-read per event).
"""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from policykg.queries.store import EvaluationRows, Row
from policykg.rules import ClauseFacts, Facts, Obligation, PolicyFacts, Reference, RuleBook, load_rulebook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvaluationContext:
    generation: int
    facts: Facts
    rulebook: RuleBook


class EvaluationContexts:
    """Keeps the context of one store, rebuilt when the store's generation changes."""

    def __init__(self, store) -> None:
        self.store = store
        self._current: EvaluationContext | None = None
        self._lock = threading.Lock()

    def current(self) -> EvaluationContext:
        generation = self.store.generation()
        with self._lock:
            if self._current is None or self._current.generation != generation:
                self._current = build_context(self.store, generation)
                # The facts (and the store's graphs) live until the next ingest: keep the cyclic
                # collector from walking them on every collection. With 3,000 policies this cut
                # an event's p99 from 683 ms to 41 ms (docs/benchmarks-evaluate.md).
                gc.freeze()
            return self._current


def build_context(store, generation: int) -> EvaluationContext:
    facts = facts_from_rows(store.evaluation_rows())
    rulebook = load_rulebook(clause_texts=facts.clause_texts(), strict=False)
    for policy_id, message in rulebook.set_aside.items():
        log.warning("rule file of %s set aside: %s", policy_id, message)
    return EvaluationContext(generation, facts, rulebook)


def facts_from_rows(rows: EvaluationRows) -> Facts:
    """The store's evaluation rows -> the engine's Facts (pure)."""
    policy_rows, reference_rows, clause_rows, obligation_rows = rows.policies, rows.references, rows.clauses, rows.obligations
    loaded = {row["policy_id"] for row in policy_rows}
    references: dict[str, list[Reference]] = {}
    for row in reference_rows:
        ref_id = row["ref_policy_id"]
        references.setdefault(row["policy_id"], []).append(
            Reference(row["title"], row["doc_number"], ref_id, ref_id in loaded, row["relation"])
        )
    policies = {
        row["policy_id"]: PolicyFacts(
            id=row["policy_id"],
            title=row["title"],
            doc_number=row["doc_number"],
            kind=row["kind"] or "other",
            jurisdiction=row["adcode"],
            issued_on=_date(row["issued_on"]),
            effective_from=_date(row["effective_from"]),
            effective_until=_date(row["effective_until"]),
            references=tuple(references.get(row["policy_id"], ())),
        )
        for row in policy_rows
    }
    clauses = tuple(ClauseFacts(r["clause_id"], r["policy_id"], r["path"], r["text"]) for r in clause_rows)
    return Facts(policies=policies, clauses=clauses, obligations=_obligations(obligation_rows))


def _obligations(rows: Iterable[Row]) -> tuple[Obligation, ...]:
    """One Obligation per (clause, role, agency), its aliases gathered from the per-alias rows."""
    folded: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row["clause_id"], row["role"], row["agency"])
        entry = folded.setdefault(key, {"row": row, "aliases": []})
        if row["alias"] is not None and row["alias"] not in entry["aliases"]:
            entry["aliases"].append(row["alias"])
    return tuple(
        Obligation(
            agency=e["row"]["agency"], agency_kind=e["row"]["kind"], role=e["row"]["role"],
            policy_id=e["row"]["policy_id"], clause_id=e["row"]["clause_id"], path=e["row"]["path"],
            text=e["row"]["text"], aliases=tuple(e["aliases"]),
        )
        for e in folded.values()
    )


def _date(value: Any) -> date | None:
    """A store's date value (datetime.date, a neo4j Date or an ISO string) as a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
