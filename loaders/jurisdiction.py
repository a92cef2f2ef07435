"""Where a policy applies, from what the text states, most trusted first: the issuer's
division; the title (for a news article, the summarised policy's title); 本省 / 我省 / 本市
with the division the issuer or the page's source names; the division directly above the
addressees; last, 本省 / 我省 / 本市 with the division the text's lead names (a news page
without headline or issuer: 近年来,广东省… 全省…). Anything but the issuer is said in a
Chinese warning. Documents of the State Council, the Party centre and the national ministries
apply across the country (中华人民共和国).
"""

from __future__ import annotations

import re

from policykg.ontology.gazetteer import (
    COUNTRY_ADCODE,
    Jurisdiction,
    ancestors,
    find_jurisdiction,
    jurisdiction_by_adcode,
)

__all__ = ["infer_jurisdiction"]

# National issuers: the State Council and its offices, the Party centre, the ministries and
# commissions (国家发展改革委, 财政部, 中国人民银行 …); none names a division.
_NATIONAL_ISSUER = re.compile(
    r"^(国务院|中共中央|中央|党中央|全国|国家|中华人民共和国|中国人民银行|最高人民法院|最高人民检察院|海关总署|审计署)"
    r"|^[\u4e00-\u9fff]{1,12}(部|总局|总署)(办公厅)?$")
_NATIONAL_NUMBER = re.compile(r"^(国|中办|中发|发改|财[^政]{0,4}〔)")
_LEAD_LINES = 2
_SELF_REFERENCES = {"province": re.compile(r"[本我全]省"), "city": re.compile(r"[本我全]市"),
                    "county": re.compile(r"[本我全][县区]")}


def infer_jurisdiction(issuer: str | None, doc_number: str | None, title: str, text: str, news: bool,
                       source: str | None, addressees: list[str], warnings: list[str]) -> Jurisdiction | None:
    """Where the policy applies, from what states it, most trusted first: the issuer; the
    title (a news article's title is the summarised policy's); 本省 / 我省 / 本市 with the
    division the issuer or the page's source names; the addressees; 本省 / 我省 / 本市 with the
    division the text's lead names. A State Council or ministry policy applies across the
    country. Anything but the issuer is said in a warning."""
    if _is_national(issuer, doc_number):
        return jurisdiction_by_adcode(COUNTRY_ADCODE)
    if issuer and (found := find_jurisdiction(issuer)) is not None:
        return found
    title_source = "新闻所概述政策的标题" if news else "标题"
    inferred = (
        (title_source, lambda: _titled(title)),
        ("正文“本省/我省/本市”与发文机关或来源", lambda: _self_reference(text, (issuer, source))),
        ("主送机关", lambda: _above_addressees(addressees)),
        # a news page without headline or issuer: its lead names the place 我省 / 全省 means
        ("正文“本省/我省/本市”与导语所提行政区划", lambda: _self_reference(text, (_lead(text),))),
    )
    for what, infer in inferred:
        if (found := infer()) is not None:
            issuer_words = f"发文机关“{issuer}”未指明行政区划" if issuer else "未找到发文机关"
            warnings.append(f"适用地域“{found.full_name}”由{what}推断:{issuer_words}")
            return found
    warnings.append("未找到适用地域:发文机关、标题、正文“本省/本市”与来源或导语、主送机关都没有指明行政区划")
    return None


def _is_national(issuer: str | None, doc_number: str | None) -> bool:
    """国务院, 国务院办公厅, 国家发展改革委, 财政部 …, or without an issuer a 国发 / 国办发 /
    发改 number."""
    if issuer:
        return _NATIONAL_ISSUER.search(issuer) is not None and find_jurisdiction(issuer) is None
    return doc_number is not None and _NATIONAL_NUMBER.match(doc_number) is not None


def _titled(title: str) -> Jurisdiction | None:
    """The division a title opens with (福建省加强政务诚信建设实施方案, 关于本市… does not): a
    division named further into a title is what the policy is about, not where it applies."""
    found = find_jurisdiction(title)
    if found is None:
        return None
    opening = title.removeprefix("关于")
    names = [found.name, *(division.name for division in ancestors(found.adcode))]
    return found if any(opening.startswith(name[:2]) for name in names) else None


def _self_reference(text: str, namers: tuple[str | None, ...]) -> Jurisdiction | None:
    """本省 / 我省 with a division named by the issuer or the source (来源:信用福建): the
    province of that division; 本市 / 我市 its city."""
    for namer in namers:
        found = find_jurisdiction(namer) if namer else None
        if found is None:
            continue
        for level, words in _SELF_REFERENCES.items():
            if words.search(text) and (at := _at_level(found, level)) is not None:
                return at
    return None


def _lead(text: str) -> str:
    """The opening lines, where a report names its place (近年来,广东省委省政府…): further in,
    a name is as likely a word's tail (繁荣县域 holds 荣县) as a place."""
    return "\n".join(text.lstrip("\n").split("\n", _LEAD_LINES)[:_LEAD_LINES])


def _at_level(found: Jurisdiction, level: str) -> Jurisdiction | None:
    chain = [found, *ancestors(found.adcode)]
    return next((division for division in chain if division.level == level), None)


def _above_addressees(addressees: list[str]) -> Jurisdiction | None:
    """The one division directly above every division the addressees name (平潭综合实验区管委会,
    漳州市人民政府 …): a notice goes to the bodies below its issuer."""
    named = [found for addressee in addressees if (found := find_jurisdiction(addressee)) is not None]
    parents = {ancestors(found.adcode)[0].adcode for found in named if found.level != "province"}
    if len(parents) != 1 or len(named) != sum(1 for found in named if found.level != "province"):
        return None
    return jurisdiction_by_adcode(parents.pop())
