"""Reads which agencies a clause names, in which role, under canonical names with a kind.

The seeds state roles in three shapes (role words in loaders/patterns/agency_roles.jsonl):

- seed 000, a trailing parenthesis with role words after each list:
  `(省发展改革委牵头负责,省财政厅、省金融办、青海银监局等有关部门,各市州政府参加)`;
- seed 002, labelled lists in a parenthesis: `(牵头单位:区政府办公室、区发改局;配合单位:区司法局、区营商局等有关部门)`;
- seed 004, a labelled line after each task: `责任单位:市发改委、效能办、各有关部门,各县(市、区)人民政府、…`.

Running sentences state roles too, and are read where the sentence says nothing but who
does what (``_sentence_blocks``):

- a comma part that is a list closed by a role word, with an optional 由 in front:
  `县财政局牵头,县审计局、县统计局配合。`, `由县财政局牵头负责,县审计局参加。`; lists
  without a role word just before such a part belong to it, as in seed 000's parentheses
  (`县财政局牵头,县审计局等有关部门,各乡镇政府参加`);
- a sentence whose subject is a list of agencies that 牵头 / 负责 a task:
  `市信用办负责本分工方案的统筹协调` (seed 004 三.(五)), `由县财政局牵头制定…`; a partner
  after 会同 (`市信用办会同有关部门负责…`) is left out, since 会同 names no role of its own.

A false role is worse than a missing one, so every entry of such a list must read as the
name of a body (``looks_like_agency``: it ends in 局, 厅, 委, 办, 政府, 中心 …, or is a
collective such as 各有关部门); a generic class of department (发展改革部门, seed 002 五.(一))
names no body and is not read, nor is a subject that is not at the start of its sentence.

Lists split on 、 ， , ; at the top level only, so 各县(市、区)人民政府 stays whole, and on
和/及/与 between two names of bodies (县财政局和县审计局, not 人力资源和社会保障局); a
trailing 等… (等有关部门, 等省社会信用体系建设领导小组成员单位) is dropped, since what follows
等 describes the list rather than naming one more body.

Canonical names put the issuer's place in front of local shorthand: the leading 省/市/区/县
of a name is the nearest division (the issuer's own or an ancestor) whose name ends with
that character (区财政局 in 站前区 -> 营口市站前区财政局, 省财政厅 in Qinghai -> 青海省财政厅).
A name without such a prefix takes the place of the last prefixed name in its list
(市法院、发改委 -> 漳州市发改委), else the issuer's own (效能办 -> 漳州市效能办); a name that
already names a place (人民银行西宁中心支行, 青海银监局) is kept as written. A level
character that belongs to a word is no prefix: 市场监管局, and 区直/市直 ("directly under
the district/city"), so 区直各部门 in 站前区 is 营口市站前区区直各部门.

Vertically managed bodies (人行, 银监局, 国税局, 邮政管理局, 通管办 …: _VERTICALLY_MANAGED) are
not departments of the local government, and their own systems name them (中国人民银行漳州市
中心支行, 漳州银监分局): putting the place in front would make up a body that exists nowhere
as written (漳州市人行). Such a name is kept as written where it gives its place (青海银监局)
or a level prefix (市国税局 -> 漳州市国税局: the text's own 市); otherwise the place it serves
follows in brackets, apart from the name: seed 004's 人行 -> 人行(漳州市). The bracket keeps
one node per place, as for every other name, and `find_jurisdiction` still reads the place
from the name (to_rdf's inJurisdiction).

Collective entries (各有关部门, 区直各部门, 各县(市、区)人民政府, …成员单位) are kept as
agencies of kind `collective`, named like any other entry (漳州市各有关部门), so that "every
relevant department of Zhangzhou" is one node per issuer's place.

Kinds come from `policykg.ontology.vocabulary.agency_kind_of`, the keyword reading of the
agency-kinds scheme that the rules share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from policykg.loaders.components import read_patterns
from policykg.loaders.document import AgencyMention, Jurisdiction, Span
from policykg.ontology.gazetteer import ancestors, find_jurisdiction
from policykg.ontology.vocabulary import agency_kind_of

_OPEN, _CLOSE = "(（", ")）"
_SEPARATORS = "、，,;；"
_LEVEL_CHARS = "省市区县"
# words that start with a level character without it being one: 市场监管局 is not 市+场监管局,
# 区直各部门 ("the departments directly under the district") is not 区+直各部门
_NOT_A_PREFIX = ("市场", "区域", "县域", "省直", "市直", "区直", "县直")
# systems managed vertically from Beijing (人民银行, 银监会 …, 国家税务局, 海关, 国家邮政局, 工信部's
# 通信管理, 中国气象局, 国家统计局's 调查队): not departments of the local government
_VERTICALLY_MANAGED = ("人行", "人民银行", "银监", "保监", "证监", "国税", "海关", "检验检疫", "外汇管理",
                       "邮政管理", "通管办", "通信管理", "气象", "调查队")
# 等 inside words that are not the list's "and others" (高等学校, 平等)
_NOT_ETC = re.compile(r"(高|中|初|平|同|对|相)等|等(级|次)")
_BLANKS = " \t\u3000\u00a0"


@dataclass(frozen=True)
class RoleWords:
    labels: dict[str, str]  # 牵头单位 -> lead (followed by a colon and a list)
    markers: re.Pattern  # role words that close a list: 牵头负责, 参加, 分别负责 …
    marker_roles: dict[str, str]


@lru_cache(maxsize=1)
def role_words() -> RoleWords:
    labels, marker_roles = {}, {}
    for row in read_patterns("agency_roles.jsonl"):
        if "label" in row:
            labels[row["label"]] = row["role"]
        else:
            marker_roles[row["marker"]] = row["role"]
    alternatives = "|".join(sorted(map(re.escape, marker_roles), key=len, reverse=True))
    # 按照职责(分工) is the manner, not part of the list: 省法院等按照职责分工分别负责
    markers = re.compile(rf"(?:按照职责(?:分工)?)?(?:分别)?({alternatives})(?=$|[,，;；。])")
    return RoleWords(labels, markers, marker_roles)


@dataclass(frozen=True)
class _Listing:
    role: str
    start: int  # of the list text, relative to the text searched
    end: int


def find_agencies(text: str, offset: int, jurisdiction: Jurisdiction | None) -> list[AgencyMention]:
    """Agencies with their roles in `text`, which starts at `offset` in the document text.

    One mention per (canonical name, role), in text order.
    """
    found: list[AgencyMention] = []
    seen: set[tuple[str, str]] = set()
    for block in _blocks(text):
        place: str | None = None  # the place of the last prefixed name in this block
        for listing in block:
            for start, surface in _entries(text, listing.start, listing.end):
                name, place = canonical_agency_name(surface, jurisdiction, inherited_place=place)
                if (name, listing.role) in seen:
                    continue
                seen.add((name, listing.role))
                span = Span(offset + start, offset + start + len(surface))
                kind = agency_kind_of(surface)
                found.append(AgencyMention(name, surface, listing.role, kind and kind.code, span))
    return found


def _blocks(text: str) -> Iterator[list[_Listing]]:
    """Role blocks in text order: a labelled list or a parenthesis ending in a role word."""
    words = role_words()
    label_re = re.compile("(" + "|".join(map(re.escape, words.labels)) + ")[:：]")
    labelled = list(label_re.finditer(text))
    blocks: list[tuple[int, list[_Listing]]] = []
    for index, match in enumerate(labelled):
        limit = labelled[index + 1].start() if index + 1 < len(labelled) else len(text)
        end = _list_end(text, match.end(), limit)
        blocks.append((match.start(), [_Listing(words.labels[match.group(1)], match.end(), end)]))
    # seed 002 puts two labelled lists in one parenthesis: one block, so 市/区 carries over
    blocks = _merge_adjacent(blocks, text)
    covered = [(start, listings[-1].end) for start, listings in blocks]
    for start, end in _parentheses(text):
        covered.append((start, end))
        if label_re.search(text, start, end) is None:
            listings = _marked_listings(text, start + 1, end - 1)
            if listings:
                blocks.append((start, listings))
    blocks.extend(_sentence_blocks(text, covered))
    for _, listings in sorted(blocks, key=lambda item: item[0]):
        yield listings


def _merge_adjacent(blocks: list[tuple[int, list[_Listing]]], text: str) -> list[tuple[int, list[_Listing]]]:
    merged: list[tuple[int, list[_Listing]]] = []
    for start, listings in blocks:
        if merged and text[merged[-1][1][-1].end:start].strip(_BLANKS) in ("；", ";"):
            merged[-1][1].extend(listings)
        else:
            merged.append((start, listings))
    return merged


def _list_end(text: str, start: int, limit: int) -> int:
    """Where a labelled list ends: ; 。 newline or the parenthesis around it, at depth 0."""
    depth = 0
    for position in range(start, limit):
        char = text[position]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            if depth == 0:
                return position
            depth -= 1
        elif depth == 0 and char in ";；。\n":
            return position
    return limit


def _parentheses(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each outermost parenthesis, end after the closing bracket."""
    depth, start = 0, 0
    for position, char in enumerate(text):
        if char in _OPEN:
            if depth == 0:
                start = position
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                yield start, position + 1
        elif char == "\n":
            depth = 0  # an unclosed parenthesis does not run on to the next line


def _marked_listings(text: str, start: int, end: int) -> list[_Listing]:
    """seed 000: the lists of `(A、B牵头负责,C等有关部门,D参加)`, each closed by a role word.

    Nothing unless the parenthesis ends with a role word, so (PPP) or (省发展改革委) is no block.
    """
    words = role_words()
    content = text[start:end]
    matches = [m for m in words.markers.finditer(content) if _at_top_level(content, m.start())]
    if not matches or content[matches[-1].end():].strip(_BLANKS + "。") != "":
        return []
    listings, list_start = [], 0
    for match in matches:
        listings.append(_Listing(words.marker_roles[match.group(1)], start + list_start, start + match.start()))
        list_start = match.end()
    return listings


# Names of bodies end like this (局, 委, 人民政府, 管委会 …); a collective (各有关部门) ends in
# 部门, 单位 or 机构. What ends like a body without being one is listed in _NOT_BODIES.
_BODY_ENDINGS = ("局", "厅", "委", "办", "院", "部", "室", "处", "署", "政府", "中心", "委员会", "管委会",
                 "支行", "分行", "小组", "党委", "人大", "政协", "人行")
_COLLECTIVE_ENDINGS = ("部门", "单位", "机构")
_NOT_BODIES = ("干部", "全部", "内部", "外部", "基层党委", "大局", "全局", "格局", "督办", "承办", "主办", "交办")
_NOT_IN_NAMES = re.compile(r"[的:：“”\"'《》<>\s]")
# ASCII ! and ? are left out: glued between characters they are what a lossy conversion wrote
# for a lost character (seed 000: 信用青?!本W站), not a sentence's end (annotate.py)
_SENTENCE_STOPS = "。；;！？\n"
_PART_BREAKS = "，,"


def looks_like_agency(surface: str) -> bool:
    """Whether a list entry in a running sentence names a body: 县财政局, 市信用办, 各有关部门.

    It must end as a body's name does and start as one does (`_starts_like_a_name`). Not
    发展改革部门 (a class of department, no body), 主要负责人 (a person), 各部门要协同 (words
    of the sentence), 组织县财政局 or 鼓励各部门 (a verb in front of the name).
    """
    if not 2 <= len(surface) <= 40 or _NOT_IN_NAMES.search(surface) or surface.endswith(_NOT_BODIES):
        return False
    if surface.endswith(_COLLECTIVE_ENDINGS):
        kind = agency_kind_of(surface)
        return kind is not None and kind.code == "collective" and surface.startswith(_COLLECTIVE_OPENINGS)
    return surface.endswith(_BODY_ENDINGS) and _starts_like_a_name(surface)


_COLLECTIVE_OPENINGS = ("各", "有关", "相关", "其他", "省直", "市直", "区直", "县直", *_LEVEL_CHARS)


def _starts_like_a_name(surface: str) -> bool:
    """A name opens with a level (县财政局, 团市委), a collective word (各市州政府), a place
    (青海银监局, 营口市站前区财政局, 中共漳州市委组织部) or its kind's own word (财政局,
    人民银行西宁中心支行, 社会信用体系建设统筹小组办公室)."""
    if surface.startswith((*_COLLECTIVE_OPENINGS, "团", "中共")):
        return True
    place = find_jurisdiction(surface)
    if place is not None and any(surface.startswith(name[:2]) for name in (place.name, place.full_name)):
        return True
    kind = agency_kind_of(surface)
    return kind is not None and surface.startswith((kind.label_zh, *kind.alt_labels))


@lru_cache(maxsize=1)
def _sentence_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(any role word, role part, subject part): a cheap test, then the two ways a running
    sentence states a role."""
    words = role_words()
    alternatives = "|".join(sorted(map(re.escape, words.marker_roles), key=len, reverse=True))
    manner = r"(?:按照职责(?:分工)?)?(?:分别)?(?:积极|共同)?"
    # 县财政局牵头 / 由县财政局牵头负责 / 县审计局、县统计局配合: the whole comma part
    role_part = re.compile(rf"(?:由)?(?P<list>.+?){manner}(?P<marker>{alternatives})")
    # 市信用办(会同有关部门)负责本分工方案的统筹协调: the subject, then the task; not 负责人,
    # 负责同志, 负责任, 负责制 (负责制定 is a task) or 负责的
    subject_part = re.compile(
        rf"(?:由)?(?P<list>[^，,]+?)(?:会同[^，,]+?)?(?:要|应当|应|须|必须)?{manner}"
        r"(?P<marker>牵头负责|牵头|负责)(?!人|同志|任|制(?!定)|的)(?P<task>.)"
    )
    return re.compile(alternatives), role_part, subject_part


def _sentence_blocks(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, list[_Listing]]]:
    """Role blocks of running sentences (see the module docstring), outside `covered`
    (the parentheses and labelled lists read already)."""
    any_role_word, role_part, subject_part = _sentence_patterns()
    words = role_words()
    blocks = []
    for sentence_start, sentence_end in _top_level_stretches(text, 0, len(text), _SENTENCE_STOPS):
        if not any_role_word.search(text, sentence_start, sentence_end):
            continue
        listings: list[_Listing] = []
        # lists without a role word, waiting for the part that has one; None after a part that is
        # no list, since what follows it is no longer the same enumeration
        pending: list[tuple[int, int]] | None = []
        parts = _top_level_stretches(text, sentence_start, sentence_end, _PART_BREAKS)
        for index, (start, end) in enumerate(parts):
            start, end = _trim(text, start, end)
            if start == end or any(c_start < end and start < c_end for c_start, c_end in covered):
                pending = None
                continue
            part = text[start:end]
            if (match := role_part.fullmatch(part)) and _all_agencies(text, start + match.start("list"), start + match.end("list")):
                role = words.marker_roles[match.group("marker")]
                for pending_start, pending_end in pending or ():
                    listings.append(_Listing(role, pending_start, pending_end))
                listings.append(_Listing(role, start + match.start("list"), start + match.end("list")))
                pending = []
            elif (index == 0 or part.startswith("由")) and (match := subject_part.match(part)) and _all_agencies(
                    text, start + match.start("list"), start + match.end("list")):
                role = "lead" if match.group("marker").startswith("牵头") else "responsible"
                listings.append(_Listing(role, start + match.start("list"), start + match.end("list")))
                pending = None  # the task follows: a list after it is no part of this one
            elif pending is not None and _all_agencies(text, start, end):
                pending.append((start, end))
            else:
                pending = None
        if listings:
            blocks.append((sentence_start, listings))
    return blocks


def _all_agencies(text: str, start: int, end: int) -> bool:
    entries = list(_entries(text, start, end))
    return bool(entries) and all(looks_like_agency(surface) for _, surface in entries)


def _top_level_stretches(text: str, start: int, end: int, breaks: str) -> list[tuple[int, int]]:
    """[start, end) of each stretch of text[start:end] between `breaks` (left out) outside
    brackets; a line end closes any bracket left open, as in `_parentheses`."""
    stretches, depth, stretch_start = [], 0, start
    for position in range(start, end):
        char = text[position]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif char == "\n" or depth == 0 and char in breaks:
            depth = 0
            if char in breaks:
                stretches.append((stretch_start, position))
                stretch_start = position + 1
    stretches.append((stretch_start, end))
    return stretches


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _BLANKS:
        start += 1
    while end > start and text[end - 1] in _BLANKS + "。":
        end -= 1
    return start, end


def _at_top_level(content: str, position: int) -> bool:
    return sum(c in _OPEN for c in content[:position]) == sum(c in _CLOSE for c in content[:position])


def _entries(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(position, surface) of each name in a list, split at top-level separators."""
    depth, item_start = 0, start
    for position in range(start, end + 1):
        char = text[position] if position < end else "、"
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 and char in _SEPARATORS:
            entry = _clean_entry(text, item_start, position)
            if entry is not None:
                yield from _split_conjoined(*entry)
            item_start = position + 1


def _split_conjoined(position: int, surface: str) -> Iterator[tuple[int, str]]:
    """县财政局和县审计局 -> 县财政局, 县审计局: 和/及/与 between two names of bodies; not
    inside one name (人力资源和社会保障局, 发展和改革委员会: 人力资源 names no body)."""
    for match in re.finditer("[和及与]", surface):
        left, right = surface[:match.start()], surface[match.end():]
        if left.endswith(_BODY_ENDINGS) and looks_like_agency(left) and looks_like_agency(right):
            yield position, left
            yield from _split_conjoined(position + match.end(), right)
            return
    yield position, surface


def _clean_entry(text: str, start: int, end: int) -> tuple[int, str] | None:
    raw = text[start:end]
    stripped = raw.lstrip(_BLANKS + "和及")
    position = start + len(raw) - len(stripped)
    surface = _drop_etc(stripped).rstrip(_BLANKS + "。")
    return (position, surface) if surface else None


def _drop_etc(entry: str) -> str:
    """市信访局等有关部门 -> 市信访局; 等 inside a word (高等) is kept."""
    for match in re.finditer("等", entry):
        window = entry[max(match.start() - 1, 0):match.end() + 1]
        if not _NOT_ETC.search(window):
            return entry[:match.start()]
    return entry


def canonical_agency_name(surface: str, jurisdiction: Jurisdiction | None, *,
                          inherited_place: str | None = None) -> tuple[str, str | None]:
    """(canonical name, place to pass on to the next entry of the same list).

    区财政局 in 站前区 -> (营口市站前区财政局, 营口市站前区); 效能办 after 市发改委 in
    漳州市 -> 漳州市效能办; 人民银行西宁中心支行 -> unchanged; 人行 in 漳州市 -> 人行(漳州市).
    Without a jurisdiction the surface is the name.
    """
    if jurisdiction is None:
        return surface, inherited_place
    if surface[0] in _LEVEL_CHARS and not surface.startswith(_NOT_A_PREFIX):
        place = _place_for(surface[0], jurisdiction)
        if place is None:
            return surface, inherited_place
        return place + surface[1:], place
    if surface.startswith("团") and len(surface) > 1 and surface[1] in _LEVEL_CHARS:
        place = _place_for(surface[1], jurisdiction)  # 团市委 -> 团漳州市委 (the Youth League committee)
        return ("团" + place + surface[2:] if place else surface), inherited_place
    if find_jurisdiction(surface) is not None:
        return surface, inherited_place
    place = inherited_place or jurisdiction.full_name
    if any(word in surface for word in _VERTICALLY_MANAGED):
        return f"{surface}({place})", inherited_place
    return place + surface, inherited_place


def _place_for(level_char: str, jurisdiction: Jurisdiction) -> str | None:
    """The full name of the nearest division, this one or above, whose name ends in level_char."""
    for division in (jurisdiction, *ancestors(jurisdiction.adcode)):
        if division.name.endswith(level_char):
            return division.full_name
    return None
