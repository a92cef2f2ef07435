"""Generates dishonesty events in the shape of DESIGN.md's event contract, one at a time,
so that millions can be streamed to a file without being held in memory.

Events fall mostly where policies exist: in a corpus jurisdiction (60%), inside one (a
county of a covered city, 30%), or elsewhere, where no loaded policy applies (10%).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from benchmarks.generate.agencies import agency_name
from benchmarks.generate.places import issuing_jurisdictions, parent_jurisdiction, place_of
from policykg.ontology.gazetteer import COUNTRY_ADCODE, Jurisdiction

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2025, 6, 30)
# domain -> (agency kinds that commit it, behaviours as an auditor words them)
DOMAINS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "政府采购": (("finance", "education", "health"), ("项目资金支付环节违约", "未按合同约定支付采购资金", "采购项目履约验收环节弄虚作假")),
    "PPP": (("finance", "development-and-reform"), ("政府方未按合同约定履行付费义务", "以政府换届为由拒不履行PPP项目合同")),
    "招标投标": (("development-and-reform", "housing-and-urban-rural-development", "transport"),
             ("在招标投标中设置不合理条件排斥潜在投标人", "违规干预招标投标活动")),
    "招商引资": (("commerce", "business-environment"), ("不兑现招商引资承诺的优惠政策", "以相关责任人更替为由不履行合同约定")),
    "政府债务": (("finance",), ("违法违规过度举债", "政府债务到期未按约定偿还")),
    "统计": (("statistics",), ("虚报、瞒报经济数据", "授意统计调查对象编造虚假统计资料")),
    "拖欠账款": (("industry-and-information-technology", "finance", "housing-and-urban-rural-development", "transport"),
             ("拖欠中小企业账款", "新增拖欠政府类投资项目工程款")),
}
AGENCY_ROLES = ("法定代表人", "主要负责人", "分管负责人", "直接责任人")
GOVERNMENT_ROLES = ("主要负责人", "分管负责人", "直接责任人")
SURNAMES = "孙周张王李赵刘陈杨黄吴徐朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_WHERE = (("inside", 0.6), ("below", 0.3), ("outside", 0.1))


def generate_events(count: int, seed: int, jurisdictions: Sequence[Jurisdiction] = ()) -> Iterator[dict]:
    """`count` events as JSON-ready dicts; the same (count, seed, jurisdictions) gives the
    same events. Without `jurisdictions`, events fall anywhere on the mainland."""
    rng = random.Random(f"policykg-events:{seed}")
    pools = _pools(jurisdictions)
    names, weights = zip(*[(name, weight) for name, weight in _WHERE if pools[name]])
    days = (LAST_DAY - FIRST_DAY).days
    for index in range(count):
        where = pools[rng.choices(names, weights)[0]]
        jurisdiction = where[rng.randrange(len(where))]
        yield _event(f"gen-{seed}-{index:08d}", jurisdiction, FIRST_DAY + timedelta(days=rng.randint(0, days)), rng)


def _pools(jurisdictions: Sequence[Jurisdiction]) -> dict[str, list[Jurisdiction]]:
    mainland = issuing_jurisdictions()
    if not jurisdictions:
        return {"inside": mainland, "below": [], "outside": []}
    covered = {j.adcode for j in jurisdictions}
    inside = [j for j in mainland if j.adcode in covered]
    below = [j for j in mainland if j.adcode not in covered and _inside_any(j, covered)]
    outside = [j for j in mainland if j.adcode not in covered and not _inside_any(j, covered)]
    return {"inside": inside, "below": below, "outside": outside}


def _inside_any(jurisdiction: Jurisdiction, covered: set[str]) -> bool:
    if COUNTRY_ADCODE in covered:
        return True
    while jurisdiction.level != "province":
        jurisdiction = parent_jurisdiction(jurisdiction)
        if jurisdiction.adcode in covered:
            return True
    return False


def _event(event_id: str, jurisdiction: Jurisdiction, occurred_on: date, rng: random.Random) -> dict:
    domain = rng.choice(tuple(DOMAINS))
    kinds, behaviours = DOMAINS[domain]
    roll = rng.random()
    if roll < 0.7:
        # Every kind an event uses has a name at every level below the country.
        agency = agency_name(place_of(jurisdiction.adcode), rng.choice(kinds))
        subject, persons = {"kind": "agency", "name": agency}, _persons(AGENCY_ROLES, rng)
    elif roll < 0.85:
        subject = {"kind": "government", "name": jurisdiction.full_name + "人民政府"}
        persons = _persons(GOVERNMENT_ROLES, rng)
    else:
        official = _name(rng, set())
        subject, persons = {"kind": "official", "name": official}, [{"name": official, "role": "公务员"}]
    return {
        "id": event_id,
        "occurred_on": occurred_on.isoformat(),
        "jurisdiction": jurisdiction.full_name,
        "subject": subject,
        "domain": domain,
        "behaviour": rng.choice(behaviours),
        "severity": "严重" if rng.random() < 0.3 else "一般",
        "persons": persons,
        "remedied": rng.random() < 0.2,
        "fault_tolerance": rng.random() < 0.05,
    }


def _persons(roles: tuple[str, ...], rng: random.Random) -> list[dict]:
    """None to three persons, each in a different role, with names such as 孙某 or 周某某."""
    taken: set[str] = set()
    return [{"name": _name(rng, taken), "role": role} for role in rng.sample(roles, rng.randint(0, 3))]


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + ("某某" if rng.random() < 0.15 else "某")
        if name not in taken:
            taken.add(name)
            return name
