"""Reads a policy's metadata from its normalised text: title, document number (青政〔2017〕47号),
issuer, dates, kind, addressees, the issuer's jurisdiction and the policy's slug.

Only what the text states is extracted; what it does not state stays None with a warning.
The header is the text before the first numbered clause; some facts (the signature date,
自…起施行) sit after the clauses, and web pages put dates in labelled lines (成文日期,
发布日期, 颁布时间, 执行时间 …), some of which normalisation drops as boilerplate and which
are read from `dropped` and the header alike. Where the policy applies is inferred in
loaders/jurisdiction.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pypinyin import lazy_pinyin

from policykg.loaders.clauses import without_numbering
from policykg.loaders.document import Jurisdiction, PolicyKind
from policykg.loaders.jurisdiction import infer_jurisdiction
from policykg.loaders.normalize import BREADCRUMB_SEPARATORS, DroppedLine, is_breadcrumb
from policykg.ontology.identifiers import pinyin_slug

_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"[0-9]{1,4}|[〇零一二三四五六七八九十]{1,4}"
DATE_PATTERN = re.compile(rf"({_NUMERAL})\s*年\s*({_NUMERAL})\s*月\s*({_NUMERAL})\s*日|(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})")
# Document numbers: 青政〔2017〕47号, also with [ ], ［ ］, ( ), （ ）, 【 】 around the year.
DOC_NUMBER_PATTERN = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\d{1,4}\s*号")
_ORGANISATION = r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|政府|国务院|办公厅|办公室|委员会|领导小组|小组|总局|总署|局|厅|委|办|院|部|署|银行)"
_TITLE_ENDINGS = re.compile(r"(意见|方案|办法|通知|决定|规定|条例|细则|规划|计划|措施|纲要|准则|规则|任务分工|要点)([(（]试行[)）])?$")
_SENTENCE_PUNCTUATION = re.compile(r"[，。,;；:：！？!?]")
# A notice issuing a policy: 福建省人民政府关于印发福建省加强政务诚信建设实施方案的通知.
ISSUING_NOTICE = re.compile(r"^(?P<issuer>.*?)\s*(?:关于)?印发\s*(?P<inner>.+?)\s*的通知$")
_NEWS = re.compile(r"^(?P<issuer>[^，,。《]{2,30}?)(?:日前|近日|近期|今天|日前正式)印发(?:了)?《(?P<title>[^》]+)》")
_NEWS_TIME_FIRST = re.compile(
    r"(?:^|[\s，,。])(?:日前|近日|近期|今天|\d{1,2}月\d{1,2}日)[，,]?\s*(?P<issuer>[^，,。《》\s]{2,30}?)(?:正式)?印发(?:了)?《(?P<title>[^》]+)》")
_ISSUER_PREFIX = re.compile(rf"^(?P<issuer>[^《》，,。]{{2,40}}?{_ORGANISATION})关于")
_SIGNATURE = re.compile(rf"^[^，,。:：;；]{{2,40}}{_ORGANISATION}$")
_STANDALONE_DATE = re.compile(rf"[(（]?(?:{DATE_PATTERN.pattern})[)）]?")
_COMMENCES_ON = re.compile(rf"自\s*((?:{_NUMERAL})\s*年\s*(?:{_NUMERAL})\s*月\s*(?:{_NUMERAL})\s*日)\s*起\s*(?:施行|执行|实施|生效)")
_COMMENCES_ON_ISSUE = re.compile(r"自(?:印发|发布|公布|下发)之日起(?:施行|执行|实施|生效)")
_VALID_FOR_YEARS = re.compile(rf"有效期(?:为)?\s*({_NUMERAL})\s*年")
_VALID_UNTIL = re.compile(rf"有效期至\s*((?:{_NUMERAL})\s*年\s*(?:{_NUMERAL})\s*月\s*(?:{_NUMERAL})\s*日)")
_ADDRESSEE_CUES = re.compile(r"^各|单位|部门|政府|管委会|办事处|中心|局|委")
_ADDRESSEE_SUFFIX = re.compile(rf"(?:{_ORGANISATION}|单位|部门|中心|办事处|管委会|机构)$")
_PLACE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|自治州|自治县|自治旗|地区|省|市|区|县|盟|旗)$")
_FALLBACK_TITLE_CHARS = 30
# How a document is published, printed in parentheses below its signature: (此件公开发布),
# (此件主动公开), (此件不公开), (本件依申请公开), (公开方式:主动公开).
_PUBLICATION_REMARK = re.compile(r"[(（]\s*(?:此件|本件|公开方式|信息公开)[^()（）]{0,12}[)）]")


@dataclass
class Metadata:
    id: str
    title: str
    doc_number: str | None
    issuer: str | None
    jurisdiction: Jurisdiction | None
    issued_on: date | None
    effective_from: date | None
    effective_until: date | None
    kind: PolicyKind
    addressees: list[str]
    warnings: list[str] = field(default_factory=list)


def extract_metadata(text: str, *, header_end: int, dropped: Sequence[DroppedLine] = ()) -> Metadata:
    """Metadata of a normalised text whose first numbered clause starts at `header_end`."""
    warnings: list[str] = []
    header = [line for line in text[:header_end].split("\n") if line]
    doc_number = _doc_number(header)
    # a numbered document is a policy, even when its preamble says 近日,省政府印发《…》
    news = _news_report(header) if doc_number is None else None
    title, wrapper_issuer = _title(header, text, news, warnings)
    kind = "news-summary" if news else policy_kind(title)
    issuer = _issuer(title, wrapper_issuer, text, dropped, news, warnings)
    addressees = _addressees(header)
    source = _dropped_value(dropped, "来源")
    jurisdiction = infer_jurisdiction(issuer, doc_number, title, text, news is not None, source, addressees, warnings)
    dated = labelled_dates([line.text for line in dropped] + header)
    issued_on = _issued_on(text, dated, news, warnings)
    effective_from = _effective_from(text, dated, issued_on)
    effective_until = _effective_until(text, effective_from)
    policy_id = policy_slug(jurisdiction, issued_on, doc_number, title, warnings)
    return Metadata(policy_id, title, doc_number, issuer, jurisdiction, issued_on, effective_from,
                    effective_until, kind, addressees, warnings)


def parse_date(text: str) -> date | None:
    """2017年8月1日, 二〇一七年八月一日 or 2017-08-01 -> a date; None if not a real day."""
    match = DATE_PATTERN.search(text)
    if match is None:
        return None
    parts = [part for part in match.groups() if part is not None]
    try:
        return date(*(_number(part) for part in parts))
    except ValueError:
        return None


def _number(numeral: str) -> int:
    """2017, 二〇一七 (digit by digit) or 十二 (a count) -> int."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return int("".join(str(_CHINESE_DIGITS[char]) for char in numeral))
    tens, _, units = numeral.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


# (kind, title endings), tried in order: 任务分工方案 is a task-division plan before it is a plan.
_KIND_ENDINGS: tuple[tuple[PolicyKind, tuple[str, ...]], ...] = (
    ("implementation-opinion", ("实施意见",)),
    ("guidance", ("指导意见",)),
    ("task-division-plan", ("分工方案", "任务分工", "分工及进度安排", "任务分解方案", "责任分工")),
    ("implementation-plan", ("实施方案",)),
    ("work-plan", ("工作方案",)),
    ("notice", ("通知",)),
)


def policy_kind(title: str) -> PolicyKind:
    """The kind a title names: 实施意见, 指导意见, 任务分工方案, 实施方案, 工作方案, 通知, else
    other. A notice issuing a plan (关于印发…实施方案的通知) is of the plan's kind: the
    notice is how the plan is published, and the plan is what applies."""
    bare = re.sub(r"[(（]试行[)）]$", "", re.sub(r"[\s《》<>〈〉＜＞]", "", title))
    if (wrapper := ISSUING_NOTICE.match(bare)) is not None and (inner := policy_kind(wrapper.group("inner"))) != "other":
        return inner
    return next((kind for kind, endings in _KIND_ENDINGS if bare.endswith(endings)), "other")


def _news_report(header: list[str]) -> re.Match | None:
    """A news article reporting a policy: 江苏省政府日前印发《关于加强政务诚信建设的实施意见》
    (seed 003), or with the time first, 近日,省政府印发《…实施方案》."""
    for line in header[:8]:
        if (match := _NEWS.search(line) or _NEWS_TIME_FIRST.search(line)) is not None:
            return match
    return None


def _title(header: list[str], text: str, news: re.Match | None, warnings: list[str]) -> tuple[str, str | None]:
    """(title, issuer named by a wrapping notice). The policy is the one a notice issues
    (seeds 001, 002, 004: 关于印发…的通知, also split over lines), or the one a news article
    reports (seed 003) unless the page's headline is the notice issuing it; otherwise the first
    line, or run of lines, that names a policy. Breadcrumbs, dates, document numbers, source,
    page lines and publication remarks are never part of a title."""
    if news:
        # the page's headline, when it is the issuing notice, wins over the body's 《…》
        headline = _issued_by_notice(header[:header.index(news.string)], text)
        return headline or (news.group("title"), None)
    if (issued := _issued_by_notice(header, text)) is not None:
        return issued
    for index in range(len(header)):
        for joined in _joined_lines(header, index):
            if _TITLE_ENDINGS.search(joined) and len(joined) >= 6:
                return joined, None
    # a line of nothing but numerals (一、) is no title: the first line with words opens the text
    lines = [line for line in text.split("\n") if line]
    opening = next((line for line in lines if any(char.isalnum() for char in without_numbering(line))), "")
    opening = opening[:_FALLBACK_TITLE_CHARS]
    if not opening:
        warnings.append("the text has no words after normalisation; it has no title")
        return "", None
    warnings.append(f"no title line found; the title is the opening words {opening!r}")
    return opening, None


def _issued_by_notice(header: list[str], text: str) -> tuple[str, str | None] | None:
    """(the plan a 关于印发…的通知 line, or run of lines, issues, the notice's issuer)."""
    for index in range(len(header)):
        for joined in _joined_lines(header, index):
            if (wrapper := ISSUING_NOTICE.match(joined)) is not None and (inner := _verbatim_title(wrapper.group("inner"), text)):
                return inner, wrapper.group("issuer") or None
    return None


def _verbatim_title(inner: str, text: str) -> str:
    """The issued policy's title as the text prints it: a 《…》 with the same characters when
    there is one (seed 001 splits the title over lines with spaces), else the inner words."""
    wanted = re.sub(r"[\s《》<>〈〉＜＞]", "", inner)
    for quoted in re.findall(r"《([^《》]+)》", text):
        if re.sub(r"\s", "", quoted) == wanted:
            return quoted
    return wanted


def _joined_lines(header: list[str], index: int) -> list[str]:
    """The line at `index`, then it joined with the next and the one after (a title split
    over lines), stopping at a line that cannot be part of a title. A line that is one
    whole 《…》 is read without its brackets (pages repeat the title so)."""
    joined, found = "", []
    for line in header[index:index + 3]:
        whole = re.fullmatch(r"《([^《》]+)》", line)
        line = whole.group(1) if whole else line
        if not _may_be_title_part(line):
            break
        joined += line
        found.append(joined)
    return found


def _may_be_title_part(line: str) -> bool:
    """Not a sentence, quotation, document number, breadcrumb, date or publication remark: the
    cover notice of a plan ends with a bare date (2017年11月1日) and often a remark on how it
    is published ((此件公开发布)) right above the plan's title. A quotation is a title only as
    a headline naming the plan it issues (广东省人民政府关于印发《…实施方案》的通知)."""
    quotes = "《" in line and ISSUING_NOTICE.match(line) is None
    return not (_SENTENCE_PUNCTUATION.search(line) or quotes or DOC_NUMBER_PATTERN.search(line)
                or _is_crumb(line) or DATE_PATTERN.search(line) or _PUBLICATION_REMARK.fullmatch(line))


def _is_crumb(line: str) -> bool:
    """A breadcrumb normalisation let through (政务公开 > 政策文件): a title has a > only
    inside a nested title's <…> (关于印发<…方案>的通知)."""
    return is_breadcrumb(line) or re.search(f"[{BREADCRUMB_SEPARATORS}]", line) is not None and not re.search("[<＜]", line)


def _doc_number(header: list[str]) -> str | None:
    """The number a line starts with (seed 000 青政〔2017〕47号, seed 004 漳政综〔2018〕41号);
    numbers inside sentences are citations of other documents, not this one's."""
    for line in header:
        match = DOC_NUMBER_PATTERN.match(line)
        if match is not None:
            return match.group()
    return None


def _issuer(title: str, wrapper_issuer: str | None, text: str, dropped: Sequence[DroppedLine],
            news: re.Match | None, warnings: list[str]) -> str | None:
    """From the title (青海省人民政府关于…), the wrapping notice, the page's 颁布单位, the
    signature line above the date, or the subject of a news report, in that order."""
    if (prefix := _ISSUER_PREFIX.match(title)) is not None:
        return prefix.group("issuer")
    if wrapper_issuer:
        return re.sub(r"\s", "", wrapper_issuer)
    if (published_by := _dropped_value(dropped, "颁布单位")) is not None:
        return published_by
    if (signature := _signature(text)) is not None:
        return signature
    if news:
        return news.group("issuer")
    warnings.append("no issuer found: neither the title, a signature line nor a 颁布单位 names one")
    return None


def _signature(text: str) -> str | None:
    lines = [line for line in text.split("\n") if line]
    for index, line in enumerate(lines[1:], 1):
        if _STANDALONE_DATE.fullmatch(line) and _SIGNATURE.match(lines[index - 1]):
            return lines[index - 1]
    return None


def _dropped_value(dropped: Sequence[DroppedLine], key: str) -> str | None:
    for line in dropped:
        match = re.search(rf"{key}\s*[:：]\s*(\S+)", line.text)
        if match is not None:
            return match.group(1)
    return None


def _issued_on(text: str, dated: dict[str, date], news: re.Match | None, warnings: list[str]) -> date | None:
    """The first date standing alone on a line (the signature date), else the page's
    成文日期 (发文日期, 印发日期 …), else its 颁布时间, else its 发布时间 or 发布日期 (a news
    article's publication date, seed 003)."""
    for line in text.split("\n"):
        if _STANDALONE_DATE.fullmatch(line) and (day := parse_date(line)) is not None:
            return day
    if (written := dated.get("issued") or dated.get("promulgated")) is not None:
        return written
    if (published := dated.get("published")) is not None:
        what = "the news article's" if news else "the web page's"
        warnings.append(
            f"issued_on {published.isoformat()} is {what} publication date (发布时间): the text states no signature "
            "date; effective_from follows it unless the text says otherwise"
        )
        return published
    warnings.append("no issue date: the text has no signature date, 颁布时间 or 发布时间")
    return None


# The labels pages put before a date, by what the date is. A label stands at a line's start
# or after a blank or separator (浏览量: 时间:2020-05-09), with its date after it or alone on
# the next line (• 发布日期: / 2024年04月06日 16:34).
_DATE_LABELS = {
    "issued": "成文日期|成文时间|发文日期|发文时间|印发日期|印发时间|签发日期|签发时间",
    "promulgated": "颁布日期|颁布时间",
    "effective": "执行时间|执行日期|生效日期|生效时间|施行日期|施行时间|实施日期|实施时间",
    "published": "发布日期|发布时间|公布日期|公布时间|公开日期|公开时间|发稿时间|发稿日期|生成日期|日期|时间",
}
_LABELLED_DATE = re.compile(
    r"(?:^|(?<=[\s•·|｜/,，;；【\[]))(?P<label>" + "|".join(_DATE_LABELS.values()) + r")\s*[:：]\s*"
    r"(?P<value>(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}|[〇零一二三四五六七八九]{4}年[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日)")
_LABEL_KIND = {label: kind for kind, labels in _DATE_LABELS.items() for label in labels.split("|")}


def labelled_dates(lines: Sequence[str]) -> dict[str, date]:
    """The first date of each kind (issued, promulgated, effective, published) that the page's
    labelled lines state: 发布日期:2020-05-09, 成文日期：2017年9月27日, 发文日期: / 2019-01-23."""
    found: dict[str, date] = {}
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) and re.search(r"[:：]\s*$", line) else ""
        for match in _LABELLED_DATE.finditer(f"{line} {following}" if following else line):
            kind = _LABEL_KIND[match.group("label")]
            if kind not in found and (day := _labelled_day(match.group("value"))) is not None:
                found[kind] = day
    return found


def _labelled_day(value: str) -> date | None:
    if (digits := re.fullmatch(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})", value)) is None:
        return parse_date(value)
    try:
        return date(*(int(part) for part in digits.groups()))
    except ValueError:
        return None


def _effective_from(text: str, dated: dict[str, date], issued_on: date | None) -> date | None:
    """An explicit 自2017年8月31日起施行 wins; 自印发之日起施行 and no statement mean the
    issue date; a page's 执行时间 (生效日期 …) comes between (seed 004)."""
    if (commencement := _COMMENCES_ON.search(text)) is not None and (day := parse_date(commencement.group(1))):
        return day
    if _COMMENCES_ON_ISSUE.search(text):
        return issued_on
    return dated.get("effective") or issued_on


def _effective_until(text: str, effective_from: date | None) -> date | None:
    """有效期至2025年12月31日, or 有效期N年 counted from effective_from (its last day)."""
    if (until := _VALID_UNTIL.search(text)) is not None:
        return parse_date(until.group(1))
    if (years := _VALID_FOR_YEARS.search(text)) is not None and effective_from is not None:
        end_year = effective_from.year + _number(years.group(1))
        if end_year > date.max.year:
            return None
        leap_day = (effective_from.month, effective_from.day) == (2, 29)  # 29 February plus N years
        anniversary = date(end_year, effective_from.month, 28 if leap_day else effective_from.day)
        return anniversary - timedelta(days=0 if leap_day else 1)
    return None


def _addressees(header: list[str]) -> list[str]:
    """The salutation line before the body (各市、自治州人民政府,省政府各委、办、厅、局:),
    split into the bodies it addresses."""
    for line in header:
        stripped = line.rstrip(":：")
        if stripped != line and len(line) < 200 and not re.search(r"[:：。]", stripped) and _ADDRESSEE_CUES.search(stripped):
            return split_addressees(stripped)
    return []


def split_addressees(salutation: str) -> list[str]:
    """Split on commas outside parentheses; split a part on 、 only when every piece is a
    body of its own (各办事处、政府各部门、直属中心), not a shared suffix such as
    各市、自治州人民政府 or 省政府各委、办、厅、局."""
    parts = []
    for part in _split_outside_parentheses(salutation, ",，;；"):
        pieces = _split_outside_parentheses(part, "、")
        if len(pieces) > 1 and all(len(piece) >= 3 and _ADDRESSEE_SUFFIX.search(piece) for piece in pieces):
            parts.extend(pieces)
        else:
            parts.append(part)
    return [part for part in parts if part]


def _split_outside_parentheses(text: str, separators: str) -> list[str]:
    pieces, current, depth = [], "", 0
    for char in text:
        depth += char in "(（"
        depth -= char in ")）" and depth > 0
        if char in separators and depth == 0:
            pieces.append(current.strip())
            current = ""
        else:
            current += char
    pieces.append(current.strip())
    return pieces


def policy_slug(jurisdiction: Jurisdiction | None, issued_on: date | None, doc_number: str | None,
                title: str, warnings: list[str]) -> str:
    """<place pinyin>-<year>: qinghai-2017, zhanqian-2024; the place is the division's name
    without 省/市/区/县. Without place or year, the title's pinyin and a short hash."""
    year = issued_on.year if issued_on else _doc_number_year(doc_number)
    if jurisdiction is not None and year is not None:
        place = _PLACE_SUFFIX.sub("", jurisdiction.name) or jurisdiction.name
        return f"{''.join(lazy_pinyin(place))}-{year}"
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    slug = f"{pinyin_slug(title)[:24]}-{digest}"
    # The id is not named: the ingest pipeline suffixes an id another stored policy holds
    # (api/pipeline.py), so the one printed here need not be the one the policy gets.
    warnings.append("no jurisdiction or year for a <place>-<year> id; the id is made from the title instead "
                    "(its pinyin and a hash)")
    return slug


def _doc_number_year(doc_number: str | None) -> int | None:
    match = re.search(r"(?:19|20)\d{2}", doc_number or "")
    return int(match.group()) if match else None
