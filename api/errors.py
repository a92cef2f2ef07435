"""Serves every error as JSON: `{"error": {"code", "message", "field"}}` with its status.

What the HTTP server itself refuses before the app sees a request (a header line over its
64 KiB limit, a malformed request line) is answered in the same format too when the server
is Werkzeug's and runs with JsonErrorRequestHandler.

One handler per kind of failure (Flask's "Returning API Errors as JSON"): a PolicykgError
answers with its own code and status; an HTTP error (unknown route, wrong method, body too
large) with the status Werkzeug chose; anything else is a bug, logged with its traceback
and answered 500 without internals.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.serving import WSGIRequestHandler

from policykg.api.bodies import too_large
from policykg.errors import PolicykgError

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
        return _policykg_error(too_large())
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



class JsonErrorRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler, answering the errors of the HTTP layer (431 for a header
    line over 64 KiB, 400 for a malformed request line) as JSON instead of an HTML page."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        status = HTTPStatus(code)
        self.log_error("code %d, message %s", code, message)
        self.send_response(code, message)
        self.send_header("Connection", "close")
        body = json.dumps(_body(status.phrase.lower().replace(" ", "-"), f"HTTP 请求无法读取：{message or status.phrase}"),
                          ensure_ascii=False).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
