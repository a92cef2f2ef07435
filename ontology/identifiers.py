"""How things get their ids and IRIs. Ids are URL-safe ASCII and stable across runs.

policy     zhanqian-2024                 <ID>policy/zhanqian-2024
clause     zhanqian-2024/5.2             <ID>clause/zhanqian-2024/5.2   (path 五.(二))
agency     yingkoushizhanqianqu-caizhengju  <ID>agency/…   (pinyin of the canonical name)
jurisdiction 210802                      <ID>jurisdiction/210802        (the adcode)
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from pypinyin import lazy_pinyin

from policykg.ontology.namespaces import ID

_CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def chinese_numeral_value(numeral: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23 (clause numbers stay well below 100)."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return _CHINESE_DIGITS[numeral]
    tens, _, units = numeral.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


WHOLE_TEXT_PATH = "全文"  # the one clause of a text without numbering (seed 003, a news summary)
WHOLE_TEXT_ID_PART = "text"


def ascii_path(path: str) -> str:
    """三.(二).3 -> 3.2.3: each level's numeral as a number, parentheses dropped; 全文 -> text."""
    if path == WHOLE_TEXT_PATH:
        return WHOLE_TEXT_ID_PART
    parts = []
    for part in path.split("."):
        numeral = re.sub(r"[()（）、]", "", part)
        parts.append(str(chinese_numeral_value(numeral)))
    return ".".join(parts)


def clause_id(policy_id: str, path: str) -> str:
    return f"{policy_id}/{ascii_path(path)}"


def pinyin_slug(text: str) -> str:
    """营口市站前区财政局 -> yingkoushizhanqianqucaizhengju; non-Chinese kept if ASCII alphanumeric."""
    syllables = lazy_pinyin(text)
    slug = re.sub(r"[^a-z0-9]+", "", "".join(syllables).lower())
    return slug or hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def agency_id(canonical_name: str) -> str:
    """Pinyin of the canonical name plus a short hash, so homophones never collide."""
    digest = hashlib.sha1(canonical_name.encode("utf-8")).hexdigest()[:6]
    return f"{pinyin_slug(canonical_name)}-{digest}"


def referenced_policy_id(title: str, doc_number: str | None) -> str:
    """Id of a policy known only from a citation: its doc number if any, else its title."""
    key = doc_number or title
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"ref-{digest}"


def id_iri(kind: str, identifier: str):
    """<ID><kind>/<identifier>. Ids are URL-safe already; an id a user typed (a URL path, a
    query) may not be, and is percent-encoded so that it makes a valid IRI that names nothing."""
    return ID[f"{kind}/{quote(identifier, safe='/-._~')}"]


def policy_iri(policy_id: str):
    return id_iri("policy", policy_id)


def clause_iri(clause_identifier: str):
    return id_iri("clause", clause_identifier)


def agency_iri(agency_identifier: str):
    return id_iri("agency", agency_identifier)


def jurisdiction_iri(adcode: str):
    return id_iri("jurisdiction", adcode)
