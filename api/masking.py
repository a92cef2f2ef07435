"""Serves officials' names to the public masked (张*): the seeds' privacy requirement.

zhangzhou-2018: 个人公共信用信息原则上不对外公示和共享,需对外公示的应严格按规范隐藏部分信息.
A public answer keeps a person's surname character and hides the rest with one `*`, so that
neither the given name nor its length shows. Names are masked wherever they occur in the
answer (fields, trace lines), except in verbatim policy text, which names no one.
"""

from __future__ import annotations

from typing import Any

VERBATIM_KEYS = frozenset({"quote", "text", "words"})  # policy text, quoted as the texts say it


def mask_name(name: str) -> str:
    """张三 -> 张*; a one-character name is hidden entirely."""
    return name[:1] + "*" if len(name) > 1 else "*"


def mask_names(answer: Any, names: list[str]) -> Any:
    """`answer` (decoded JSON) with every occurrence of each name replaced by its mask."""
    ordered = sorted({name for name in names if name}, key=len, reverse=True)  # 欧阳修 before 欧阳
    if not ordered:
        return answer
    return _walk(answer, ordered, key=None)


def _walk(value: Any, names: list[str], key: str | None) -> Any:
    if isinstance(value, dict):
        return {k: _walk(v, names, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(item, names, key) for item in value]
    if isinstance(value, str) and key not in VERBATIM_KEYS:
        for name in names:
            value = value.replace(name, mask_name(name))
    return value
