"""Reads requests: headers within their limit; bodies within the size limit, decoded as JSON
and checked for shape before anything converts them.

Headers: over MAX_HEADER_BYTES in all (names, values, separators) is a 431 in the JSON error
format. The HTTP server in front has its own, larger limit and answers above it before the
app sees anything (api/errors.py makes Werkzeug's answer JSON; gunicorn's is its own, hence
SERVER_HEADER_FIELD_LIMIT for its limit_request_field_size; docs/reliability.md).

A body is read whole or refused: over MAX_REQUEST_BYTES it is a 413 whether it came with a
Content-Length or chunked (never cut at the limit and then parsed). Decoded, it is walked
once, without recursion, for the limits below, and for characters that are not text
(control characters, lone surrogates); only then do the event model and the record builder
see it. The limits are far above anything the contract describes (an event is 4 levels
deep at most, inside a correction 5) and far below what would make a model, a
`dataclasses.asdict` or a JSON encoder recurse too deeply or take seconds.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from flask import current_app, request

from policykg.api.answers import decode
from policykg.errors import HeadersTooLarge, InvalidRequest, PayloadTooLarge

MAX_REQUEST_BYTES = 1024 * 1024
MAX_HEADER_BYTES = 16 * 1024  # a bearer token, cookies and a browser's usual headers fit many times over
SERVER_HEADER_FIELD_LIMIT = 128 * 1024  # for the HTTP server: let the app answer headers up to here in JSON
MAX_DEPTH = 8  # objects and arrays inside each other
MAX_KEYS = 64  # keys of one object
MAX_ITEMS = 200  # items of one array
MAX_STRING = 10_000  # characters of one string (a key: MAX_KEY)
MAX_KEY = 100
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def check_headers() -> None:
    """HeadersTooLarge when the request's headers together exceed MAX_HEADER_BYTES (run before every request)."""
    size = sum(len(name) + len(value) + 4 for name, value in request.headers.items())
    if size > MAX_HEADER_BYTES:
        raise HeadersTooLarge(f"请求头共 {size} 字节，超过 {MAX_HEADER_BYTES} 字节的上限", field="headers")


def json_body() -> Any:
    """The request's JSON body, checked (check_body), or the PolicykgError saying what is wrong."""
    raw = _read_body()
    if not raw:
        raise InvalidRequest("请求没有正文：请以 JSON 发送", field="body")
    if not request.is_json:
        raise InvalidRequest("正文须以 Content-Type: application/json 发送", field="body")
    return load_json(raw, "请求正文")


def load_json(text: str | bytes, where: str) -> Any:
    """Decoded and checked JSON, or InvalidRequest naming `where`: for the API's bodies and the CLI's files alike."""
    try:
        value = decode(text)  # orjson, the standard library for what it refuses
    except RecursionError:
        raise InvalidRequest(f"{where}嵌套超过 {MAX_DEPTH} 层", field="body") from None
    except ValueError as error:  # includes a body that is not UTF-8
        raise InvalidRequest(f"{where}不是有效的 JSON（UTF-8）：{error}", field="body") from None
    check_body(value)
    return value


def check_body(value: Any) -> None:
    """InvalidRequest naming the field (a JSON path: `subject.name`, `persons[2]`) when a decoded
    body breaks a limit above or holds a character that is not text. Iterative, so that no
    depth of nesting can exhaust the stack."""
    pending: list[tuple[Any, str, int]] = [(value, "", 0)]
    while pending:
        item, path, depth = pending.pop()
        if isinstance(item, dict | list) and depth >= MAX_DEPTH:
            raise InvalidRequest(f"{path or '正文'}：嵌套超过 {MAX_DEPTH} 层", field=path or "body")
        if isinstance(item, dict):
            if len(item) > MAX_KEYS:
                raise InvalidRequest(f"{path or '正文'}：键超过 {MAX_KEYS} 个", field=path or "body")
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else key
                _check_string(key, child_path, MAX_KEY)
                pending.append((child, child_path, depth + 1))
        elif isinstance(item, list):
            if len(item) > MAX_ITEMS:
                raise InvalidRequest(f"{path or '正文'}：数组超过 {MAX_ITEMS} 项", field=path or "body")
            pending.extend((child, f"{path}[{index}]", depth + 1) for index, child in enumerate(item))
        elif isinstance(item, str):
            _check_string(item, path, MAX_STRING)


def _check_string(text: str, path: str, limit: int) -> None:
    field = path or "body"
    if len(text) > limit:
        raise InvalidRequest(f"{field}：超过 {limit} 个字符", field=field)
    for character in text:
        category = unicodedata.category(character)
        if category == "Cs" or (category == "Cc" and character not in _ALLOWED_CONTROLS):
            raise InvalidRequest(
                f"{field}：含 U+{ord(character):04X}，不是文字（控制字符或半个代理对）", field=field
            )


def _read_body() -> bytes:
    """The whole body, or PayloadTooLarge: one byte past the limit is read to tell a body that
    fits from one that does not, whatever the framing."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        raise too_large()
    if request.content_length is None and request.environ.get("wsgi.input_terminated"):
        # Chunked: the server ends the stream at the last chunk. Read from it directly, since
        # Werkzeug's own reader would stop at the limit and hand over the first megabyte.
        raw = request.environ["wsgi.input"].read(limit + 1)
    else:
        raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise too_large()
    return raw


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge(f"正文超过 {current_app.config['MAX_CONTENT_LENGTH']} 字节的上限", field="body")
