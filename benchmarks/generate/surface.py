"""Dresses a composed policy text the way scraped files arrive: web page chrome around it,
traditional characters with pinyin glosses glued on (seeds 000 and 003), GB18030 bytes
from older government sites, a byte-order mark, CRLF line ends.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin, pinyin

# (variant, weight): mostly UTF-8, as the seeds are.
ENCODINGS = (("utf-8", 0.65), ("gb18030", 0.15), ("traditional", 0.15), ("utf-8-sig", 0.05))
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_TONE_MARKED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def survives_traditional(text: str) -> bool:
    """True when simplified -> traditional -> simplified gives `text` back. Two county
    names (浚县, 澄江市) do not, so a traditional copy of their policies would name
    another place; the generator keeps those in simplified characters."""
    return _to_simplified().convert(_to_traditional().convert(text)) == text


def with_web_chrome(lines: list[str], title: str, issued_on: date, site: str, rng: random.Random) -> list[str]:
    """The page around the text: share buttons, source and date lines, a repeated headline,
    and a footer (QR code, source URL, a law firm's consultation widget, print buttons)."""
    published = issued_on + timedelta(days=rng.randint(0, 20))
    header = rng.sample([
        "分享到:",
        f"来源:{site}   发布时间:{published.isoformat()}",
        f"栏目:政务诚信 发布时间:{published.isoformat()}",
        f"浏览次数:{rng.randint(100, 9999)}",
        "【打印】【关闭】",
    ], rng.randint(1, 3))
    footer = rng.choice([
        ["扫描二维码 关注我们"],
        [f"本文链接: http://{site}/art/{published.year}/{published.month}/{published.day}/art_{rng.randint(1000, 99999)}.html"],
        ["【打印本页】【关闭窗口】"],
        ["在线法律咨询", "遇到法律问题,需要解决?", "立即咨询", "今日咨询解答"],
    ])
    return [title, *header, *lines, *footer]


def site_of(short_name: str) -> str:
    """www.yingkou.gov.cn for 营口."""
    return f"www.{''.join(lazy_pinyin(short_name))}.gov.cn"


def with_layout(lines: list[str], rng: random.Random) -> list[str]:
    """Web copies indent paragraphs and leave blank lines between them (seeds 001, 004)."""
    indent = rng.choice(("  ", "\u3000\u3000"))
    spaced: list[str] = []
    for line in lines:
        spaced.extend([indent + line, ""])
    return spaced


def traditional_with_glosses(text: str, rng: random.Random, share: float = 0.85) -> str:
    """Traditional characters, most of those that differ from the simplified ones followed
    by their tone-marked pinyin: 号 -> 號(hào), as seed 000 prints them."""
    converter = _to_traditional()
    pieces: list[str] = []
    position = 0
    for match in _CJK_RUN.finditer(text):
        pieces.append(converter.convert(text[position:match.start()]))
        pieces.append(_glossed_run(match.group(), converter.convert(match.group()), rng, share))
        position = match.end()
    pieces.append(converter.convert(text[position:]))
    return "".join(pieces)


def _glossed_run(simplified: str, traditional: str, rng: random.Random, share: float) -> str:
    if len(simplified) != len(traditional):
        return traditional  # a phrase conversion changed the length: no per-character glosses
    readings = pinyin(simplified, style=Style.TONE, errors="ignore")
    if len(readings) != len(simplified):
        return traditional
    out: list[str] = []
    for simple, char, reading in zip(simplified, traditional, readings):
        out.append(char)
        if char != simple and _TONE_MARKED.search(reading[0]) and rng.random() < share:
            out.append(f"({reading[0]})")
    return "".join(out)


def encode(text: str, variant: str, crlf: bool) -> tuple[bytes, str]:
    """(bytes, the encoding a loader should report) for one variant."""
    if crlf:
        text = text.replace("\n", "\r\n")
    if variant == "gb18030":
        return text.encode("gb18030"), "gb18030"
    if variant == "utf-8-sig":
        return text.encode("utf-8-sig"), "utf-8-sig"
    return text.encode("utf-8"), "utf-8"
