"""Serves `POST /api/evaluate`: one dishonesty event in, its consequences out (DESIGN contract).

The body is checked by api/bodies.py, then parsed by the rules' own event model (Chinese
labels accepted, unknown fields ignored, no day after today, errors naming the field);
nothing is written anywhere.
"""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, current_app, request

from policykg.api.answers import AnswerForm, evaluation_body
from policykg.api.bodies import json_body
from policykg.api.context import current_store
from policykg.api.evaluation import EvaluationContexts
from policykg.api.records import local_day
from policykg.rules import evaluate_event, parse_event

bp = Blueprint("evaluate", __name__)

CONTEXTS_KEY = "policykg.evaluation"


def current_contexts() -> EvaluationContexts:
    contexts = current_app.extensions.get(CONTEXTS_KEY)
    if contexts is None or contexts.store is not current_store():
        contexts = current_app.extensions[CONTEXTS_KEY] = EvaluationContexts(current_store())
    return contexts


@bp.post("/api/evaluate")
def evaluate():
    form = AnswerForm.from_query(request.args)
    event = parse_event(json_body(), today=local_day(datetime.now(timezone.utc)))
    context = current_contexts().current()
    return evaluation_body(evaluate_event(event, context.rulebook, context.facts, list_unrelated=form.list_unrelated), form)
