"""Serves authorisation: the bearer token of POLICYKG_API_TOKEN, compared in constant time.

A request without an Authorization header is a public one: it reads what the public may
see (names masked, records on display only) and writes nothing. A request with the header
must carry the configured token; a wrong token, another scheme, or a server with no token
configured is a 401 before anything is read or written.
"""

from __future__ import annotations

import hmac

from flask import current_app, request

from policykg.errors import Unauthorized


def caller_authorised() -> bool:
    """True for a request with the right bearer token, False for one without the header;
    raises Unauthorized for a request whose header is present but not right."""
    header = request.headers.get("Authorization")
    if header is None:
        return False
    _check(header)
    return True


def require_token() -> None:
    """Raise Unauthorized unless the request carries the configured bearer token."""
    header = request.headers.get("Authorization")
    if header is None:
        raise Unauthorized("this needs the header Authorization: Bearer <token> (POLICYKG_API_TOKEN)", field="Authorization")
    _check(header)


def _check(header: str) -> None:
    configured = current_app.config["POLICYKG_SETTINGS"].api_token
    if not configured:
        raise Unauthorized(
            "this server has no API token (POLICYKG_API_TOKEN is not set), so it accepts no authorised requests",
            field="Authorization",
        )
    scheme, _, token = header.strip().partition(" ")
    # Both sides as bytes: compare_digest takes str only when it is ASCII, and a token
    # received may be anything.
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode("utf-8"), configured.encode("utf-8")):
        raise Unauthorized("the bearer token is not the one this server accepts", field="Authorization")
