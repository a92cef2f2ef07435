"""Serves the JSON API: the Flask application factory.

`create_app(settings, store)` takes both so tests pass their own; with neither it reads the
environment (POLICYKG_HOME, POLICYKG_STORE) and opens that store, so a WSGI server can run
`policykg.api.app:create_app()` directly. The seed corpus is loaded by `policykg serve`,
not here: building an app never ingests.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import JSONProvider

from policykg.api import agencies, audit, clauses, evaluate, events, health, page, policies, sanctions, vocabularies
from policykg.api.answers import decode, encode
from policykg.api.bodies import MAX_REQUEST_BYTES, check_headers
from policykg.api.context import STORE_KEY
from policykg.api.errors import register_error_handlers
from policykg.api.ratelimit import limit_public_callers
from policykg.queries.store import Store, open_store
from policykg.settings import Settings


class OrjsonProvider(JSONProvider):
    """Flask's JSON through orjson: UTF-8 Chinese as is, fields in the order given, dates ISO."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return encode(obj).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return decode(s)

    def response(self, *args: Any, **kwargs: Any):
        return self._app.response_class(encode(self._prepare_response_obj(args, kwargs)), mimetype="application/json")


class PolicykgFlask(Flask):
    json_provider_class = OrjsonProvider  # UTF-8 Chinese as is, fields in the contract's order, fast


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = PolicykgFlask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.config["POLICYKG_SETTINGS"] = settings
    app.extensions[STORE_KEY] = store if store is not None else open_store(settings)
    for module in (health, policies, clauses, agencies, sanctions, evaluate, events, vocabularies, page, audit):
        app.register_blueprint(module.bp)
    app.before_request(check_headers)
    limit_public_callers(app, settings)
    register_error_handlers(app)
    return app
