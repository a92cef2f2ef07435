"""The catalogue of errors a user can act on.

Every error the CLI or the API reports is one of these. `code` is stable and appears in
API responses as `{"error": {"code", "message", "field"}}`; `http_status` is the status
the API answers with. Anything else that escapes is a bug (a 500).
"""

from __future__ import annotations


class PolicykgError(Exception):
    """An error a user can act on."""

    code = "policykg-error"
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "field": self.field}}


class InvalidRequest(PolicykgError):
    """A request body or parameter is malformed or out of range."""

    code = "invalid-request"


class UnknownLabel(PolicykgError):
    """A code or Chinese label that no controlled vocabulary knows."""

    code = "unknown-label"


class NotFound(PolicykgError):
    code, http_status = "not-found", 404


class Unauthorized(PolicykgError):
    code, http_status = "unauthorized", 401


class Conflict(PolicykgError):
    code, http_status = "conflict", 409


class PayloadTooLarge(PolicykgError):
    code, http_status = "payload-too-large", 413


class HeadersTooLarge(PolicykgError):
    code, http_status = "request-header-fields-too-large", 431


class DocumentError(PolicykgError):
    """A document cannot be read or parsed. The message names the file and the problem."""

    code, http_status = "document-invalid", 422


class DocumentDecodeError(DocumentError):
    """The bytes are not text in any encoding tried (names the file and the encodings)."""

    code = "document-undecodable"


class RuleFileError(PolicykgError):
    """A rule file is malformed or cites something its clause does not say (names file, rule, key)."""

    code = "rule-file-invalid"


class ShapeViolation(PolicykgError):
    """The graph fails the SHACL publish gate; the message lists focus nodes and sh:messages."""

    code, http_status = "graph-invalid", 422


class StoreUnavailable(PolicykgError):
    """A store cannot be reached or opened (names the URI or path)."""

    code, http_status = "store-unavailable", 503


class StoreError(PolicykgError):
    """A store refused an operation (names what was attempted)."""

    code, http_status = "store-error", 500


class ConfigurationError(PolicykgError):
    """An environment variable or option has a value policykg cannot use."""

    code = "configuration-invalid"
