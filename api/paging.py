"""Serves long lists a page at a time: `limit` (1 to 100, default 100) and `cursor`, the
opaque position after the last item of the previous page, which the answer gives in its
`Link: <...>; rel="next"` header while more items follow. The body stays the list the
contract names; a page is found by the items' sort key, not by offset, so a list that
changes between two requests neither repeats nor skips what stayed.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Callable, Sequence, TypeVar

from flask import request
from werkzeug.urls import urlencode

from policykg.errors import InvalidRequest

T = TypeVar("T")
MAX_PAGE = 100


def page(items: Sequence[T], key: Callable[[T], tuple]) -> tuple[list[T], dict[str, str]]:
    """The page of `items`, ordered by `key` (the store's own order, made total), that the
    request's `limit` and `cursor` ask for, and the headers that point at the next one."""
    limit = _limit(request.args.get("limit"))
    after = _decode(request.args["cursor"]) if "cursor" in request.args else None
    ordered = sorted(items, key=key)
    try:
        rest = [item for item in ordered if after is None or list(key(item)) > after]
    except TypeError:  # a cursor this service did not write
        raise InvalidRequest("cursor 无效：请使用上一页 Link 头给出的地址", field="cursor") from None
    chosen = rest[:limit]
    if len(rest) <= limit:
        return chosen, {}
    args = {**request.args.to_dict(), "limit": str(limit), "cursor": _encode(key(chosen[-1]))}
    return chosen, {"Link": f'<{request.path}?{urlencode(args)}>; rel="next"'}


def _limit(value: str | None) -> int:
    if value is None:
        return MAX_PAGE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise InvalidRequest(f"limit 须为 1 至 {MAX_PAGE} 的整数，收到 {value[:20]!r}", field="limit")
    return int(value)


def _encode(key: tuple) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), ensure_ascii=False).encode("utf-8")).decode("ascii")


def _decode(cursor: str) -> list:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        decoded = None
    if not isinstance(decoded, list):
        raise InvalidRequest("cursor 无效：请使用上一页 Link 头给出的地址", field="cursor")
    return decoded
