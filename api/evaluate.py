"""Serves `POST /api/evaluate`: one dishonesty event in, its consequences out (DESIGN contract).

The body is parsed by the rules' own event model (Chinese labels accepted, unknown fields
ignored, errors naming the field); nothing is written anywhere.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from policykg.api.answers import AnswerForm, decode, evaluation_body
from policykg.api.context import current_store
from policykg.api.evaluation import EvaluationContexts
from policykg.errors import InvalidRequest
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
    event = parse_event(json_body())
    context = current_contexts().current()
    return evaluation_body(evaluate_event(event, context.rulebook, context.facts, list_unrelated=form.list_unrelated), form)


def json_body():
    """The request's JSON body, or InvalidRequest saying what is wrong with it."""
    if not request.data:
        raise InvalidRequest("the request has no body; send the event as JSON", field="body")
    if not request.is_json:
        raise InvalidRequest("the body must be sent as Content-Type application/json", field="body")
    return load_json(request.data, "the body")


def load_json(text: str | bytes, where: str):
    """Decoded JSON, or InvalidRequest naming `where`: for the API's bodies and the CLI's files alike."""
    try:
        return decode(text)
    except ValueError as error:  # includes a body that is not UTF-8
        raise InvalidRequest(f"{where} is not valid JSON (UTF-8): {error}", field="body") from None
    except RecursionError:
        raise InvalidRequest(f"{where} nests arrays or objects too deeply to be an event", field="body") from None
