"""Serves every error as JSON: `{"error": {"code", "message", "field"}}` with its status.

One handler per kind of failure (Flask's "Returning API Errors as JSON"): a PolicykgError
answers with its own code and status; an HTTP error (unknown route, wrong method, body too
large) with the status Werkzeug chose; anything else is a bug, logged with its traceback
and answered 500 without internals.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge

from policykg.errors import PayloadTooLarge, PolicykgError

log = logging.getLogger(__name__)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(PolicykgError, _policykg_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _body(code: str, message: str, field: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field}}


def _policykg_error(error: PolicykgError):
    return error.to_json(), error.http_status


def _http_error(error: HTTPException):
    if isinstance(error, RequestEntityTooLarge):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return _policykg_error(PayloadTooLarge(f"the body is larger than the limit of {limit} bytes", field="body"))
    if isinstance(error, NotFound):
        message = f"no such resource: {request.method} {request.path}"
    elif isinstance(error, MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or ()))
        message = f"{request.method} is not allowed on {request.path}; allowed: {allowed}"
    else:
        message = error.description or error.name
    code = error.name.lower().replace(" ", "-")
    response = error.get_response()
    response.set_data(current_app.json.dumps(_body(code, message)))
    response.content_type = "application/json"
    return response


def _unexpected_error(error: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return _body("internal-error", "internal error: this is a bug in policykg; the server log has the details"), 500

