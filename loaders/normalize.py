"""Normalises decoded policy text: pinyin glosses out, traditional to simplified, web chrome
(share buttons, QR codes, source lines, breadcrumbs, page controls, footers) out.

Every step keeps, for each character it outputs, the index of the original character it
came from, so `NormalizedText.offset_map[i]` locates `text[i]` in the decoded original.
Lines removed as boilerplate are kept in `dropped`, because some of them (发布时间,
颁布时间, 执行时间) still date the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

# A gloss is one pinyin syllable with a tone mark. Requiring the tone mark keeps real
# parentheses such as (PPP), (一) or (省财政厅牵头负责,各有关部门参加).
_TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zü" + _TONE_MARKED
_GLOSS = re.compile(rf"\((?=[{_PINYIN_LETTERS}]*[{_TONE_MARKED}])[{_PINYIN_LETTERS}]{{1,7}}\)")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

_LINE_RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("share-button", re.compile(r"^分享到")),
    ("qr-code", re.compile(r"^.{0,10}(扫描二维码|扫一扫|关注我们).{0,20}$")),
    ("source", re.compile(r"^(——)?\s*(来源|作者|编辑|责任编辑|浏览次数|点击数|阅读次数)\s*[:：]")),
    ("published", re.compile(r"^(发布时间|发布日期|更新时间)\s*[:：]")),
    ("column", re.compile(r"^栏目\s*[:：]")),
    ("site-metadata", re.compile(r"^(时效性|执行时间|颁布时间|颁布单位|发文字号|发文机关|成文日期|索引号|主题分类|效力级别)\s*[:：]")),
    ("source-url", re.compile(r"^((本文|原文)?(链接|地址|网址)\s*[:：]\s*)?https?://\S+$")),
    # 【打印】【关闭】, 【字体：大 中 小】 打印本页 关闭窗口: buttons, font-size pickers, brackets
    ("page-chrome", re.compile(r"^(?=.*(打印|关闭|收藏|返回顶部|字体|字号|大|中|小))"
                               r"(打印本页|关闭窗口|打印|关闭|收藏|返回顶部|字体|字号|大|中|小|[【】\[\]:：\s])+$")),
    ("page-chrome", re.compile(r"^(上一篇|下一篇)\s*[:：]")),
)
# Breadcrumbs: where the page sits in the site, `首页 > 政务公开 > 政策文件`, `当前位置：首页 > …`,
# `您的位置:…`, with > ＞ » › (doubled or not) between the steps. Such a line above the title
# would otherwise be read as the first line of a title split over lines.
BREADCRUMB_SEPARATORS = ">＞»›"
_STEP = rf"[^{BREADCRUMB_SEPARATORS}<＜，。；;！？!?,:：]{{1,20}}"
_ARROW = rf"\s*[{BREADCRUMB_SEPARATORS}]{{1,2}}\s*"
_BREADCRUMBS = (
    re.compile(r"^(当前位置|当前页面|您的位置|你的位置|您当前的位置|您现在的位置|你现在的位置|您所在的位置|所在位置|现在位置|位置)\s*[:：]"),
    re.compile(rf"^(网站首页|门户首页|返回首页|首\s?页|主页){_ARROW}"),  # 首页 > …: the home page is the first step
    re.compile(rf"^{_STEP}(?:{_ARROW}{_STEP}){{2,}}$"),  # three steps or more, none a sentence
    re.compile(rf"^{_STEP}(?:\s*[»›]{{1,2}}\s*{_STEP})+$"),  # » and › separate nothing but steps
)
# A footer marker drops itself and every following line, as long as no paragraph follows
# (seed 004 ends in a law firm's 在线法律咨询 widget; seed 000 in 扫描二维码 关注我们).
_FOOTER_MARKERS = re.compile(r"^(在线法律咨询|扫描二维码|相关链接|相关文章|相关阅读)")
_FOOTER_LINE_MAX = 40


@dataclass(frozen=True)
class DroppedLine:
    """A line removed as web boilerplate: its simplified text and where it was in the original."""

    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class NormalizedText:
    text: str
    offset_map: list[int]  # offset_map[i] = index in the original of text[i]
    dropped: tuple[DroppedLine, ...] = ()


def normalize_text(original: str) -> NormalizedText:
    """Glosses out, simplified characters, spaces tidied, boilerplate lines dropped."""
    text, offsets = strip_pinyin_glosses(original)
    text, offsets = to_simplified(text, offsets)
    return _clean_lines(text, offsets)


def strip_pinyin_glosses(text: str, offsets: list[int] | None = None) -> tuple[str, list[int]]:
    """Remove pinyin glued after a character: seed 000 號(hào) -> 號, 關(guān)於 -> 關於.

    The gloss must follow a CJK character, or a Latin letter: seed 000 garbles 網 into W
    and keeps its gloss, W(wǎng).
    """
    offsets = list(range(len(text))) if offsets is None else offsets
    kept_chars: list[str] = []
    kept_offsets: list[int] = []
    position = 0
    for match in _GLOSS.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if not (_CJK.match(before) or before.isascii() and before.isalpha()):
            continue
        kept_chars.append(text[position:match.start()])
        kept_offsets.extend(offsets[position:match.start()])
        position = match.end()
    kept_chars.append(text[position:])
    kept_offsets.extend(offsets[position:])
    return "".join(kept_chars), kept_offsets


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Traditional to simplified with OpenCC t2s, line by line, keeping the offset map.

    t2s maps one character to one character (its phrase table only picks which one), so a
    converted line normally has the same length and offsets carry over unchanged.
    """
    out_lines: list[str] = []
    out_offsets: list[int] = []
    start = 0
    for line in text.split("\n"):
        converted = _converter().convert(line)
        out_lines.append(converted)
        out_offsets.extend(align_segment(offsets[start:start + len(line)], len(converted)))
        start += len(line)
        if start < len(text):
            out_offsets.append(offsets[start])  # the newline
            start += 1
    return "\n".join(out_lines), out_offsets


def align_segment(source_offsets: list[int], converted_length: int) -> list[int]:
    """Offsets for a converted segment: one to one when the length is unchanged, otherwise
    each output character maps proportionally into the source segment (never outside it)."""
    if converted_length == len(source_offsets):
        return list(source_offsets)
    last = len(source_offsets) - 1
    return [source_offsets[min(last, i * len(source_offsets) // converted_length)] for i in range(converted_length)]


def _clean_lines(text: str, offsets: list[int]) -> NormalizedText:
    lines = _tidy_lines(text, offsets)
    kept: list[tuple[str, list[int], int]] = []
    dropped: list[DroppedLine] = []
    headline: str | None = None
    crumb_open = False
    for index, (line, line_offsets, newline_offset) in enumerate(lines):
        if not line:
            continue
        reason = _boilerplate_reason(line, headline)
        if reason is None and crumb_open and _is_crumb_continuation(line):
            reason = "breadcrumb"
        crumb_open = reason == "breadcrumb" and _CRUMB_LABEL_ONLY.fullmatch(line) is not None
        if reason is None and _FOOTER_MARKERS.match(line) and _only_short_lines_follow(lines, index):
            dropped.extend(_dropped(rest, rest_offsets, "footer") for rest, rest_offsets, _ in lines[index:] if rest)
            break
        if reason is not None:
            dropped.append(_dropped(line, line_offsets, reason))
            continue
        headline = headline or line
        kept.append((line, line_offsets, newline_offset))
    return _join(kept, dropped)


def _tidy_lines(text: str, offsets: list[int]) -> list[tuple[str, list[int], int]]:
    """Each line with runs of any whitespace (full-width U+3000, no-break U+00A0) made one
    space, ends stripped; with the original offset of the newline that ends it."""
    lines = []
    start = 0
    for raw_line in text.split("\n"):
        chars: list[str] = []
        line_offsets: list[int] = []
        for position, char in enumerate(raw_line, start):
            if char.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    line_offsets.append(offsets[position])
                continue
            chars.append(char)
            line_offsets.append(offsets[position])
        if chars and chars[-1] == " ":
            chars.pop()
            line_offsets.pop()
        end = start + len(raw_line)
        newline_offset = offsets[end] if end < len(text) else (offsets[end - 1] + 1 if end else 0)
        lines.append(("".join(chars), line_offsets, newline_offset))
        start = end + 1
    return lines


def is_breadcrumb(line: str) -> bool:
    """`首页 > 政务公开 > 政策文件`, `当前位置：…`: a page's place in its site, not text."""
    return any(pattern.search(line) for pattern in _BREADCRUMBS)


# A breadcrumb's label alone on its line (`位置:`), its steps on the next: the page's
# markup put a line break between them, and the steps line alone reads like a short title.
_CRUMB_LABEL_ONLY = re.compile(r"^[^，。,:：]{0,8}位置\s*[:：]\s*$")


def _is_crumb_continuation(line: str) -> bool:
    """The steps after a lone `位置:` label: short, and no sentence."""
    return len(line) <= _FOOTER_LINE_MAX and re.search(r"[，。；;！？!?]", line) is None


def _boilerplate_reason(line: str, headline: str | None) -> str | None:
    for reason, pattern in _LINE_RULES:
        if pattern.search(line):
            return reason
    if is_breadcrumb(line):
        return "breadcrumb"
    if line == headline:
        return "repeated-headline"  # seeds 003 and 004 print the page headline again above the body
    return None


def _only_short_lines_follow(lines: list[tuple[str, list[int], int]], index: int) -> bool:
    return all(len(line) <= _FOOTER_LINE_MAX for line, _, _ in lines[index + 1:])


def _dropped(line: str, line_offsets: list[int], reason: str) -> DroppedLine:
    return DroppedLine(line, line_offsets[0], line_offsets[-1] + 1, reason)


def _join(kept: list[tuple[str, list[int], int]], dropped: list[DroppedLine]) -> NormalizedText:
    chars: list[str] = []
    offset_map: list[int] = []
    for number, (line, line_offsets, newline_offset) in enumerate(kept):
        chars.append(line)
        offset_map.extend(line_offsets)
        if number < len(kept) - 1:
            chars.append("\n")
            offset_map.append(newline_offset)
    return NormalizedText("".join(chars), offset_map, tuple(dropped))
