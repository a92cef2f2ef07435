"""Limits how often an unauthenticated caller may ask (Flask-Limiter), as a second line
behind bounded reads: a public client looping on GET /api/events cannot take the server
from everyone else.

The limit is POLICYKG_PUBLIC_RATE_LIMIT in the notation of the `limits` library
("120/minute", "10/second;1000/hour"), counted per client address over every endpoint
together; unset, there is none (the tests' default). A caller with the right bearer token
is never limited; a wrong token counts as public (and is a 401 anyway). Past the limit the
answer is a 429 in the JSON error format with Retry-After. Counters live in the process's
memory: under gunicorn each worker counts on its own, so the effective limit is the
setting times the workers; behind a reverse proxy every caller has the proxy's address,
so put the limit in the proxy instead.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from policykg.api.auth import caller_authorised
from policykg.errors import Unauthorized
from policykg.settings import Settings


def limit_public_callers(app: Flask, settings: Settings) -> None:
    if settings.public_rate_limit is None:
        return
    Limiter(get_remote_address, app=app, application_limits=[settings.public_rate_limit],
            application_limits_exempt_when=_authorised, headers_enabled=True, storage_uri="memory://")


def _authorised() -> bool:
    try:
        return caller_authorised()
    except Unauthorized:
        return False
