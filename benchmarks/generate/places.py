"""Chooses where synthetic policies come from: real divisions of the gazetteer, with the
government names, agency prefixes and document-number codes their own texts print.

Nothing here is invented about a place except the document-number code of cities and
counties (the first character of the name plus 政, as 营口 prints 营政发); provinces use
their real abbreviations (青政, 辽政发, 粤府).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policykg.ontology.gazetteer import (
    COUNTRY_ADCODE, Jurisdiction, all_jurisdictions, ancestors, jurisdiction_by_adcode,
)

# Taiwan, Hong Kong and Macao issue no mainland-style 政务诚信 opinions.
_EXCLUDED_PROVINCES = ("71", "81", "82")

# The code a provincial people's government prints before 〔year〕 on its own documents.
PROVINCE_CODES = {
    "110000": "京政发", "120000": "津政发", "130000": "冀政发", "140000": "晋政发", "150000": "内政发",
    "210000": "辽政发", "220000": "吉政发", "230000": "黑政发", "310000": "沪府发", "320000": "苏政发",
    "330000": "浙政发", "340000": "皖政", "350000": "闽政", "360000": "赣府发", "370000": "鲁政发",
    "410000": "豫政", "420000": "鄂政发", "430000": "湘政发", "440000": "粤府", "450000": "桂政发",
    "460000": "琼府", "500000": "渝府发", "510000": "川府发", "520000": "黔府发", "530000": "云政发",
    "540000": "藏政发", "610000": "陕政发", "620000": "甘政发", "630000": "青政", "640000": "宁政发",
    "650000": "新政发",
}
NATIONAL_POLICY_TITLE = "国务院关于加强政务诚信建设的指导意见"
NATIONAL_POLICY_NUMBER = "国发〔2016〕76号"

_COUNTY_PREFIXES = (("自治县", "县"), ("自治旗", "旗"), ("区", "区"), ("县", "县"), ("市", "市"), ("旗", "旗"))
_CITY_PREFIXES = (("自治州", "州"), ("地区", "地区"), ("盟", "盟"), ("市", "市"))
_SHORT_NAME = re.compile(r"(回族自治区|壮族自治区|维吾尔自治区|自治区|省|市)$")


@dataclass(frozen=True)
class Place:
    """A division as the issuer of a policy."""

    jurisdiction: Jurisdiction
    government: str  # 营口市站前区人民政府 (国务院 for the country)
    signature: str  # the name under the date; seed 002 signs 站前区人民政府
    prefix: str  # how its own texts prefix agencies: 省, 自治区, 市, 州, 区, 县, 旗
    form: str  # which agency forms it uses: national, province, city, county
    doc_code: str  # 青政, 营政发, 站政发
    office_code: str  # the general office's code: 青政办, 营政办发
    us: str  # 我省, 我市, 我区: how the text refers to its own place
    short: str  # 青海, 营口, 站前: used in 信用中国(辽宁营口) and slogans

    @property
    def level(self) -> str:
        return self.jurisdiction.level


def issuing_jurisdictions() -> list[Jurisdiction]:
    """Every mainland division below the country, in adcode order."""
    return [j for j in all_jurisdictions() if j.adcode[:2] not in _EXCLUDED_PROVINCES]


def parent_jurisdiction(jurisdiction: Jurisdiction) -> Jurisdiction:
    """The division directly above (the country above a province)."""
    return ancestors(jurisdiction.adcode)[0]


@lru_cache(maxsize=4096)
def place_of(adcode: str) -> Place:
    """The issuing place for a division's adcode (100000: the State Council)."""
    jurisdiction = jurisdiction_by_adcode(adcode)
    if adcode == COUNTRY_ADCODE:
        return Place(jurisdiction, "国务院", "国务院", "", "national", "国发", "国办发", "我国", "全国")
    if jurisdiction.level == "province":
        return _province(jurisdiction)
    if jurisdiction.level == "city":
        prefix = _suffix_prefix(jurisdiction.name, _CITY_PREFIXES, "市")
        code = _local_code(jurisdiction.name)
        return Place(jurisdiction, jurisdiction.full_name + "人民政府", jurisdiction.name + "人民政府", prefix,
                     "city", code + "发", code + "办发", "我" + prefix[-1], _short(jurisdiction.name))
    prefix = _suffix_prefix(jurisdiction.name, _COUNTY_PREFIXES, "区")
    code = _local_code(jurisdiction.name)
    return Place(jurisdiction, jurisdiction.full_name + "人民政府", jurisdiction.name + "人民政府", prefix,
                 "county", code + "发", code + "办发", "我" + prefix, _short(jurisdiction.name))


def _province(jurisdiction: Jurisdiction) -> Place:
    code = PROVINCE_CODES[jurisdiction.adcode]
    office = code[:-1] + "办发" if code.endswith("发") else code + "办"
    if jurisdiction.name.endswith("市"):  # a municipality: its departments are 市财政局, not 省财政厅
        return Place(jurisdiction, jurisdiction.name + "人民政府", jurisdiction.name + "人民政府", "市", "city",
                     code, office, "我市", _short(jurisdiction.name))
    prefix = "自治区" if jurisdiction.name.endswith("自治区") else "省"
    return Place(jurisdiction, jurisdiction.name + "人民政府", jurisdiction.name + "人民政府", prefix, "province",
                 code, office, "我省" if prefix == "省" else "我区", _short(jurisdiction.name))


def _suffix_prefix(name: str, table: tuple[tuple[str, str], ...], default: str) -> str:
    return next((prefix for suffix, prefix in table if name.endswith(suffix)), default)


def _local_code(name: str) -> str:
    """营口市 -> 营政: the first character of the name, as city and county codes print it."""
    return name[0] + "政"


def _short(name: str) -> str:
    """青海省 -> 青海, 营口市 -> 营口, 站前区 -> 站前 (kept whole when too short to cut)."""
    cut = _SHORT_NAME.sub("", name)
    if cut == name and len(name) > 2:
        cut = name[:-1]
    return cut if len(cut) >= 2 else name
