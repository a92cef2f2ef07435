"""Defines jurisdictions: China's administrative divisions, with codes and hierarchy.

The divisions (names and six-digit adcodes) come from the gazetteer that the `cpca`
package maintains and ships (`cpca/resources/adcodes.csv`); this module only reads that
table and derives the hierarchy from the adcode (PPCCXX: province, city, county), adding
the country (100000) above the provinces so that a State Council policy reaches everywhere.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from policykg.errors import UnknownLabel

Level = Literal["country", "province", "city", "county"]

COUNTRY_ADCODE = "100000"
COUNTRY_NAME = "中国"
# Suffixes a division may be written without (青海 for 青海省). 区 and 县 are kept, as cpca
# keeps them, because stripping them makes county names collide with everything.
_SHORTENABLE = re.compile(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治州|地区|盟)$")
_PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Jurisdiction:
    """An administrative division from the gazetteer."""

    name: str  # the division's own name, e.g. 站前区
    full_name: str  # with its ancestors below province level, e.g. 营口市站前区
    adcode: str  # six digits, e.g. 210802
    level: Level
    path: tuple[str, ...]  # names from the province down, e.g. (辽宁省, 营口市, 站前区)


@lru_cache(maxsize=1)
def _division_names() -> dict[str, str]:
    """adcode (6 digits) -> name, for every real division in cpca's table."""
    raw = (files("cpca") / "resources" / "adcodes.csv").read_text(encoding="utf-8")
    names = {}
    for row in csv.DictReader(io.StringIO(raw)):
        if row["name"] not in _PLACEHOLDER_NAMES:
            names[row["adcode"][:6]] = row["name"]
    return names


def _level(adcode: str) -> Level:
    if adcode == COUNTRY_ADCODE:
        return "country"
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "city"
    return "county"


def all_jurisdictions() -> list[Jurisdiction]:
    """Every division in the gazetteer below the country, in adcode order."""
    return [jurisdiction_by_adcode(adcode) for adcode in sorted(_division_names())]


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
    return Jurisdiction(names[adcode], full_name, adcode, _level(adcode), path)


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
    """One regex over every name and short name, longest first, and name -> adcodes."""
    index: dict[str, list[str]] = {}
    for adcode, name in _division_names().items():
        index.setdefault(name, []).append(adcode)
        short = _SHORTENABLE.sub("", name)
        if short != name and len(short) >= 2 and _level(adcode) != "county":
            index.setdefault(short, []).append(adcode)
    index.setdefault(COUNTRY_NAME, []).append(COUNTRY_ADCODE)
    alternatives = sorted(index, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), index


def find_jurisdiction(text: str) -> Jurisdiction | None:
    """The most specific division that `text` names by a chain of contiguous names.

    "营口市站前区人民政府" -> 站前区 (210802); "青海省人民政府" -> 青海省; "辽宁营口" -> 营口市.
    A name that several divisions share is accepted only when a preceding name settles
    which one is meant, or when it is unique in the gazetteer. None when nothing matches.
    """
    pattern, index = _name_index()
    current: str | None = None
    position = None
    for match in pattern.finditer(text):
        if position is not None and match.start() != position:
            break  # the chain of names has ended
        candidates = index[match.group()]
        if current is not None:
            candidates = [code for code in candidates if code != current and contains(current, code)]
        if len(candidates) != 1:
            if current is None and position is None:
                continue  # an ambiguous first name: keep looking for an unambiguous chain
            break
        current, position = candidates[0], match.end()
    return jurisdiction_by_adcode(current) if current else None


def resolve_jurisdiction(name: str) -> Jurisdiction:
    """The division a user means by `name` (营口市站前区, 站前区, 辽宁省营口市站前区, 210802).

    Raises UnknownLabel naming the input when nothing, or more than one division, fits.
    """
    cleaned = name.strip()
    if re.fullmatch(r"\d{6}", cleaned):
        return jurisdiction_by_adcode(cleaned)
    found = find_jurisdiction(cleaned)
    if found is None or _consumed_length(cleaned, found) < len(cleaned):
        raise UnknownLabel(
            f"unknown jurisdiction {name!r}: name an administrative division such as 营口市站前区 or 青海省",
            field="jurisdiction",
        )
    return found


def _consumed_length(text: str, found: Jurisdiction) -> int:
    """How much of `text` a chain ending in `found` covers (to reject 站前区XYZ)."""
    pattern, _ = _name_index()
    end = 0
    for match in pattern.finditer(text):
        if match.start() != end:
            break
        end = match.end()
    return end


def search_jurisdictions(query: str, limit: int = 20) -> list[Jurisdiction]:
    """Divisions whose full name contains `query`, shortest first (for suggestions on the page)."""
    needle = query.strip()
    if not needle:
        return []
    found = []
    for adcode in _division_names():
        jurisdiction = jurisdiction_by_adcode(adcode)
        if needle in "".join(jurisdiction.path):
            found.append(jurisdiction)
    found.sort(key=lambda j: (len(j.path), j.adcode))
    return found[:limit]
