"""Decides which controlled label a rule file or an event means: sanctions, roles, domains, severities.

Every lookup the rules package makes against a controlled vocabulary goes through this
module, so rule files and events are checked against one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.errors import UnknownLabel

SCHEMES = ("sanctions", "roles", "domains", "severities")
_SINGULAR = {"sanctions": "sanction", "roles": "role", "domains": "domain", "severities": "severity"}


@dataclass(frozen=True)
class Label:
    """A concept of a controlled vocabulary: its API code and its Chinese label."""

    scheme: str
    code: str
    label: str


# (code, Chinese prefLabel, further accepted spellings)
_INTERIM: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "sanctions": (
        ("written-explanation", "书面说明原因", ()),
        ("rectification-deadline", "限期整改", ()),
        ("honour-ineligibility", "取消荣誉评选资格", ()),
        ("public-criticism", "公开通报批评", ()),
        ("accountability", "追究责任", ()),
        ("disciplinary-sanction", "依法给予处分", ()),
        ("referral-to-supervision", "移送监察机关", ()),
        ("appraisal-cap", "年终考核不得评为优秀等次", ()),
        ("award-restriction", "限制评先评优", ()),
        ("personal-credit-file", "记入个人信用档案", ()),
        ("differentiated-service", "差别化服务", ()),
        ("dishonesty-record", "纳入失信记录", ()),
        ("blacklist", "纳入黑名单", ()),
        ("public-disclosure", "向社会公开", ()),
        ("credit-platform-upload", "上传信用信息平台", ()),
    ),
    "roles": (
        ("principal-responsible-person", "主要负责人", ()),
        ("legal-representative", "法定代表人", ()),
        ("directly-responsible-person", "直接责任人", ()),
        ("deputy-responsible-person", "分管负责人", ()),
        ("civil-servant", "公务员", ()),
    ),
    "domains": (
        ("government-procurement", "政府采购", ()),
        ("ppp", "PPP", ("政府和社会资本合作",)),
        ("tendering", "招标投标", ("招投标",)),
        ("investment-promotion", "招商引资", ()),
        ("government-debt", "政府债务", ()),
        ("statistics", "统计", ("数据统计",)),
        ("arrears", "拖欠账款", ()),
    ),
    "severities": (
        ("general", "一般", ()),
        ("serious", "严重", ()),
    ),
}


def _index(scheme: str) -> dict[str, Label]:
    found: dict[str, Label] = {}
    for code, label, spellings in _INTERIM[scheme]:
        concept = Label(scheme, code, label)
        for key in (code, label, *spellings):
            found[key] = concept
    return found


_INDEXES = {scheme: _index(scheme) for scheme in SCHEMES}


def lookup(scheme: str, code_or_label: str, *, field: str | None = None) -> Label:
    """The concept of `scheme` whose code or Chinese label is `code_or_label`.

    Raises UnknownLabel naming the value, the field and the accepted labels.
    """
    found = _INDEXES[scheme].get(str(code_or_label).strip())
    if found is None:
        accepted = ", ".join(label for _, label, _ in _INTERIM[scheme])
        raise UnknownLabel(f"unknown {_SINGULAR[scheme]} {code_or_label!r}; accepted: {accepted}", field=field)
    return found
