"""Names agencies as each level's own texts write them: 省人力资源社会保障厅, 市发改委, 区财政局.

Kinds use the codes of ontology/vocab/agency-kinds.ttl, so a benchmark can compare the
same kind across generated policies. `{p}` is the place's prefix (省, 市, 区, 县, 州, 旗);
`{party}` its party committee (省委, 自治区党委, 市委, 地委, 县委).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.generate.places import Place


@dataclass(frozen=True)
class AgencyKind:
    code: str
    national: str | None
    province: str
    city: str
    county: str


AGENCY_KINDS: tuple[AgencyKind, ...] = (
    AgencyKind("finance", "财政部", "{p}财政厅", "{p}财政局", "{p}财政局"),
    AgencyKind("development-and-reform", "国家发展改革委", "{p}发展改革委", "{p}发改委", "{p}发改局"),
    AgencyKind("human-resources-and-social-security", "人力资源社会保障部", "{p}人力资源社会保障厅", "{p}人社局", "{p}人社局"),
    AgencyKind("audit", "审计署", "{p}审计厅", "{p}审计局", "{p}审计局"),
    AgencyKind("statistics", "国家统计局", "{p}统计局", "{p}统计局", "{p}统计局"),
    AgencyKind("court", "最高人民法院", "{p}高级人民法院", "{p}中级人民法院", "{p}法院"),
    AgencyKind("procuratorate", "最高人民检察院", "{p}人民检察院", "{p}人民检察院", "{p}检察院"),
    AgencyKind("discipline-inspection-and-supervision", "中央纪委国家监委", "{p}纪委监委", "{p}纪委监委", "{p}纪委监委"),
    AgencyKind("organisation-department", "中央组织部", "{party}组织部", "{party}组织部", "{party}组织部"),
    AgencyKind("propaganda", "中央宣传部", "{party}宣传部", "{party}宣传部", "{party}宣传部"),
    AgencyKind("justice", "司法部", "{p}司法厅", "{p}司法局", "{p}司法局"),
    AgencyKind("general-office", "国务院办公厅", "{p}政府办公厅", "{p}政府办公室", "{p}政府办公室"),
    AgencyKind("business-environment", None, "{p}营商环境建设局", "{p}营商局", "{p}营商局"),
    AgencyKind("market-regulation", "市场监管总局", "{p}市场监管局", "{p}市场监管局", "{p}市场监管局"),
    AgencyKind("public-security", "公安部", "{p}公安厅", "{p}公安局", "{p}公安局"),
    AgencyKind("civil-affairs", "民政部", "{p}民政厅", "{p}民政局", "{p}民政局"),
    AgencyKind("commerce", "商务部", "{p}商务厅", "{p}商务局", "{p}商务局"),
    AgencyKind("industry-and-information-technology", "工业和信息化部", "{p}工业和信息化厅", "{p}工信局", "{p}工信局"),
    AgencyKind("education", "教育部", "{p}教育厅", "{p}教育局", "{p}教育局"),
    AgencyKind("health", "国家卫生健康委", "{p}卫生健康委", "{p}卫健委", "{p}卫健局"),
    AgencyKind("housing-and-urban-rural-development", "住房城乡建设部", "{p}住房城乡建设厅", "{p}住建局", "{p}住建局"),
    AgencyKind("natural-resources", "自然资源部", "{p}自然资源厅", "{p}自然资源局", "{p}自然资源局"),
    AgencyKind("transport", "交通运输部", "{p}交通运输厅", "{p}交通运输局", "{p}交通运输局"),
    AgencyKind("petitions", "国家信访局", "{p}信访局", "{p}信访局", "{p}信访局"),
    AgencyKind("credit-office", None, "{p}信用办", "{p}信用办", "{p}信用办"),
)
KINDS_BY_CODE = {kind.code: kind for kind in AGENCY_KINDS}
_PARTY = {"自治区": "自治区党委", "地区": "地委"}
# The catch-all units that close an agency list, per level (seed 002: 区直各部门,各街道办事处).
MEMBER_UNITS = {
    "national": ("国务院各有关部门", "各省、自治区、直辖市人民政府"),
    "province": ("省直各有关部门", "各市、州人民政府"),
    "city": ("市直各有关部门", "各县(市、区)人民政府"),
    "county": ("{p}直各部门", "各乡镇人民政府、街道办事处"),
}


def agency_name(place: Place, code: str) -> str | None:
    """The agency of kind `code` as `place`'s own texts name it; None when the level has none."""
    kind = KINDS_BY_CODE[code]
    form = getattr(kind, place.form)
    if form is None:
        return None
    return form.format(p=place.prefix, party=_PARTY.get(place.prefix, place.prefix + "委"))


def member_units(place: Place) -> tuple[str, str]:
    """(the level's departments, the governments below it), as a list of agencies ends."""
    departments, below = MEMBER_UNITS[place.form]
    if place.form == "city" and place.jurisdiction.level == "province":  # a municipality's districts
        below = "各区人民政府"
    if place.form == "county" and place.prefix == "县":
        below = "各乡镇人民政府"
    return departments.format(p=place.prefix), below
