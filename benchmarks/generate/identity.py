"""Decides what a synthetic policy is called, numbered and dated, as a pure function of
(seed, adcode, ordinal).

Because the identity depends on nothing else, a county's policy can cite its city's
implementation opinion by the exact title and number the city's own generated text
carries, whether or not the city is in the same corpus: implements chains stay consistent
from county to city to province to the real State Council opinion (国发〔2016〕76号).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from benchmarks.generate.places import (
    NATIONAL_POLICY_NUMBER, NATIONAL_POLICY_TITLE, Place, parent_jurisdiction, place_of,
)
from policykg.ontology.gazetteer import COUNTRY_ADCODE

LATEST_ISSUE = date(2025, 6, 30)
_NATIONAL_ISSUED_ON = date(2016, 12, 22)
_OPINION_TOPICS = ("加强政务诚信建设", "加强诚信政府建设", "进一步加强政务诚信建设")
_GUIDANCE_TOPICS = ("深入推进政务诚信建设优化营商环境", "进一步加强政务诚信建设", "加快推进政务诚信体系建设")


@dataclass(frozen=True)
class PolicyIdentity:
    """What a reader of the title block sees, and what the loader should extract."""

    adcode: str
    ordinal: int  # 0: the place's implementation opinion; 1: its task-division plan; 2+: guidance
    kind: str  # implementation-opinion | task-division-plan | guidance (loader's PolicyKind codes)
    title: str  # the policy's own title (inside a wrapping notice for plans)
    doc_number: str
    issuer: str  # the people's government, or its general office for a plan
    issued_on: date

    @property
    def place(self) -> Place:
        return place_of(self.adcode)


@lru_cache(maxsize=16384)
def policy_identity(seed: int, adcode: str, ordinal: int) -> PolicyIdentity:
    """The identity of the `ordinal`-th policy of the division `adcode` in corpus `seed`.

    The country's ordinal 0 is the real State Council opinion that provinces implement.
    """
    if adcode == COUNTRY_ADCODE and ordinal == 0:
        return PolicyIdentity(adcode, 0, "guidance", NATIONAL_POLICY_TITLE, NATIONAL_POLICY_NUMBER, "国务院",
                              _NATIONAL_ISSUED_ON)
    rng = random.Random(f"policykg-identity:{seed}:{adcode}:{ordinal}")
    place = place_of(adcode)
    issued_on = _issued_on(seed, place, ordinal, rng)
    number = rng.randint(1, 150)
    if ordinal == 0:
        topic = rng.choice(_OPINION_TOPICS)
        if place.level == "province" and rng.random() < 0.3:
            topic = f"{place.jurisdiction.name}{topic}"  # seed 000: 青海省人民政府关于青海省加强…
        return PolicyIdentity(adcode, 0, "implementation-opinion", f"{place.government}关于{topic}的实施意见",
                              f"{place.doc_code}〔{issued_on.year}〕{number}号", place.government, issued_on)
    if ordinal == 1 and place.level != "country":
        office = place.government + ("办公厅" if place.level == "province" else "办公室")
        return PolicyIdentity(adcode, 1, "task-division-plan", f"{place.jurisdiction.full_name}加强政务诚信建设任务分工方案",
                              f"{place.office_code}〔{issued_on.year}〕{number}号", office, issued_on)
    topic = rng.choice(_GUIDANCE_TOPICS)
    return PolicyIdentity(adcode, ordinal, "guidance", f"{place.government}关于{topic}的指导意见",
                          f"{place.doc_code}〔{issued_on.year}〕{number}号", place.government, issued_on)


def implemented_identity(seed: int, identity: PolicyIdentity) -> PolicyIdentity:
    """The policy one level up that this one implements: the parent's implementation
    opinion (the State Council's for a province and for later national guidance)."""
    if identity.adcode == COUNTRY_ADCODE:
        return policy_identity(seed, COUNTRY_ADCODE, 0)
    return policy_identity(seed, parent_jurisdiction(identity.place.jurisdiction).adcode, 0)


def _issued_on(seed: int, place: Place, ordinal: int, rng: random.Random) -> date:
    """After the policy it implements (ordinal 0) or after the place's own opinion (later ones)."""
    if place.level == "country":
        after = _NATIONAL_ISSUED_ON + timedelta(days=365 * ordinal)
    elif ordinal == 0:
        after = policy_identity(seed, parent_jurisdiction(place.jurisdiction).adcode, 0).issued_on
    else:
        after = policy_identity(seed, place.jurisdiction.adcode, ordinal - 1).issued_on
    return min(after + timedelta(days=rng.randint(30, 720)), LATEST_ISSUE)
