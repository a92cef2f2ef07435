"""Serves answers as JSON: orjson (Flask's JSON provider in app.py uses it too), and the
evaluation's two forms.

An evaluation quotes the same clause again and again: each sanction, accountable person,
mitigation and obligation carries its `basis` with the clause's words (DESIGN's contract:
`basis[].quote`). By default that stays so, field for field. With `quotes=table` each
distinct quote is written once, in a top-level `quotes` object, and each basis names it by
`quote_key` instead of repeating it: the clause id (`zhanqian-2024/5.2`), with `#2`, `#3`…
for a second and third distinct quote of the same clause, in the order they first appear.
The table is built from the answer as encoded, so it covers every basis the rules' model
holds, wherever it sits.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping

import orjson

from policykg.errors import InvalidRequest

QUOTE_FORMS = ("inline", "table")
BASIS_FIELDS = frozenset({"policy_id", "clause_id", "path", "quote"})
# With list_unrelated, every loaded policy of an unrelated division is listed with its reason:
# with thousands loaded, that was 924 kB an answer (docs/benchmarks-evaluate.md). At most this many.
NOT_APPLICABLE_LIMIT = 100


def encode(obj: Any, *, indent: bool = False) -> bytes:
    return orjson.dumps(obj, option=orjson.OPT_INDENT_2 if indent else 0)


def decode(text: str | bytes) -> Any:
    """orjson's reading; what it refuses goes to the standard library, whose reading (a lone
    surrogate, which the event model then names by its field) or error is the answer."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


@dataclass(frozen=True)
class AnswerForm:
    """How the caller wants an evaluation: quotes inline (the contract's form) or in a table,
    and whether policies of unrelated divisions are listed as not applicable."""

    quotes: str = "inline"
    list_unrelated: bool = False

    @classmethod
    def from_query(cls, args: Mapping[str, str]) -> "AnswerForm":
        quotes = args.get("quotes", "inline")
        if quotes not in QUOTE_FORMS:
            raise InvalidRequest(f"quotes={quotes!r} is not a form of quotes; choose one of {', '.join(QUOTE_FORMS)}",
                                 field="quotes")
        unrelated = args.get("list_unrelated", "false")
        if unrelated not in ("true", "false"):
            raise InvalidRequest(f"list_unrelated={unrelated!r} must be true or false", field="list_unrelated")
        return cls(quotes=quotes, list_unrelated=unrelated == "true")


def evaluation_body(evaluation, form: AnswerForm) -> dict[str, Any]:
    """The evaluation (the rules' model) as the JSON object the caller asked for."""
    body = evaluation.model_dump()
    hidden = len(body["not_applicable"]) - NOT_APPLICABLE_LIMIT
    if form.list_unrelated and hidden > 0:
        body["not_applicable"] = body["not_applicable"][:NOT_APPLICABLE_LIMIT]
        body["warnings"] = [*body["warnings"], f"另有 {hidden} 项不适用的政策未列出（list_unrelated 至多列出 {NOT_APPLICABLE_LIMIT} 项）"]
    return share_quotes(body) if form.quotes == "table" else body


def share_quotes(body: dict[str, Any]) -> dict[str, Any]:
    """`body` with each basis's quote moved into a top-level `quotes` table (pure)."""
    quotes: dict[str, str] = {}
    keys: dict[tuple[str, str], str] = {}
    per_clause: Counter[str] = Counter()

    def key_of(clause_id: str, quote: str) -> str:
        key = keys.get((clause_id, quote))
        if key is None:
            per_clause[clause_id] += 1
            key = clause_id if per_clause[clause_id] == 1 else f"{clause_id}#{per_clause[clause_id]}"
            keys[(clause_id, quote)] = key
            quotes[key] = quote
        return key

    def visit(value: Any) -> Any:
        if isinstance(value, dict):
            if BASIS_FIELDS <= value.keys():
                shared = {name: field for name, field in value.items() if name != "quote"}
                shared["quote_key"] = key_of(value["clause_id"], value["quote"])
                return shared
            return {name: visit(field) for name, field in value.items()}
        if isinstance(value, list):
            return [visit(item) for item in value]
        return value

    shared_body = visit(body)
    shared_body["quotes"] = quotes
    return shared_body
