"""Generates a deterministic corpus of synthetic policy texts across real jurisdictions.

The same (n, seed) always gives the same files, byte for byte: every random choice comes
from a `random.Random` seeded with a string built from the seed (never the global
generator, the clock or the hash seed). The n-th file does not depend on n, so a larger
corpus starts with the files of a smaller one.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Iterator

from benchmarks.generate.compose import compose_policy
from benchmarks.generate.identity import PolicyIdentity, implemented_identity, policy_identity
from benchmarks.generate.places import issuing_jurisdictions
from benchmarks.generate.surface import (
    ENCODINGS, encode, site_of, survives_traditional, traditional_with_glosses, with_layout, with_web_chrome,
)
from policykg.ontology.gazetteer import COUNTRY_ADCODE

# Most policies come from counties and cities, as in reality; the country rarely.
LEVEL_WEIGHTS = (("country", 0.01), ("province", 0.09), ("city", 0.25), ("county", 0.65))
# A division's first policy in the corpus is its task-division plan this often, else its opinion.
PLAN_SHARE = 0.2


@dataclass(frozen=True)
class Expected:
    """What a correct loader extracts from the generated file (simplified text)."""

    title: str
    doc_number: str | None
    issuer: str
    jurisdiction: str  # full name, e.g. 营口市站前区
    adcode: str
    level: str
    issued_on: str  # ISO date
    effective_from: str
    kind: str
    clause_count: int
    implements: tuple[tuple[str, str], ...]  # (title, doc number)
    style: str  # opinion | notice | plan
    variant: str  # utf-8 | utf-8-sig | gb18030 | traditional
    encoding: str
    crlf: bool
    web: bool

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class GeneratedPolicy:
    filename: str
    raw: bytes
    expected: Expected


def generate_corpus(n: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of `n` synthetic policy texts."""
    for policy in generate_policies(n, seed):
        yield policy.filename, policy.raw


def generate_policies(n: int, seed: int) -> Iterator[GeneratedPolicy]:
    """`n` synthetic policies with what a loader should extract from each."""
    for index, (adcode, ordinal) in enumerate(_sources(n, seed)):
        identity = policy_identity(seed, adcode, ordinal)
        rng = random.Random(f"policykg-policy:{seed}:{index}")
        yield _policy(index, identity, implemented_identity(seed, identity), rng)


def _sources(n: int, seed: int) -> Iterator[tuple[str, int]]:
    """(adcode, ordinal) per policy: a level by weight, then the next division of that level
    from a shuffled deck (shuffled again when used up). Ordinal 0 is the division's
    implementation opinion, 1 its task-division plan, 2 and later guidance; a division's
    first policy is its plan with PLAN_SHARE, and later ones take the lowest ordinal left."""
    rng = random.Random(f"policykg-sources:{seed}")
    decks = {level: [] for level, _ in LEVEL_WEIGHTS}
    pools = {level: [j.adcode for j in issuing_jurisdictions() if j.level == level] for level, _ in LEVEL_WEIGHTS}
    pools["country"] = [COUNTRY_ADCODE]
    levels, weights = zip(*LEVEL_WEIGHTS)
    issued: dict[str, set[int]] = {COUNTRY_ADCODE: {0}}  # 国发〔2016〕76号 is real: cited, never generated
    for _ in range(n):
        level = rng.choices(levels, weights)[0]
        if not decks[level]:
            decks[level] = rng.sample(pools[level], len(pools[level]))
        adcode = decks[level].pop()
        taken = issued.setdefault(adcode, set())
        ordinal = 1 if not taken and rng.random() < PLAN_SHARE else min(set(range(len(taken) + 1)) - taken)
        taken.add(ordinal)
        yield adcode, ordinal


def _policy(index: int, identity: PolicyIdentity, implemented: PolicyIdentity, rng: random.Random) -> GeneratedPolicy:
    style = "plan" if identity.kind == "task-division-plan" else rng.choice(("opinion", "notice"))
    composed = compose_policy(identity, implemented, style, rng)
    variant = rng.choices([name for name, _ in ENCODINGS], [weight for _, weight in ENCODINGS])[0]
    if variant == "traditional" and not survives_traditional(identity.title + identity.issuer):
        variant = "utf-8"
    lines = composed.lines
    web = rng.random() < 0.4
    if web:
        headline = composed.lines[0] if style == "plan" else identity.title
        lines = with_web_chrome(with_layout(lines, rng) if rng.random() < 0.5 else lines, headline,
                                identity.issued_on, site_of(identity.place.short), rng)
    text = "\n".join(lines) + "\n"
    if variant == "traditional":
        text = traditional_with_glosses(text, rng)
    crlf = rng.random() < 0.1
    raw, encoding = encode(text, "utf-8" if variant == "traditional" else variant, crlf)
    jurisdiction = identity.place.jurisdiction
    expected = Expected(
        title=identity.title, doc_number=_printed_number(identity, composed.lines), issuer=identity.issuer,
        jurisdiction=jurisdiction.full_name, adcode=jurisdiction.adcode, level=jurisdiction.level,
        issued_on=identity.issued_on.isoformat(), effective_from=composed.effective_from.isoformat(),
        kind=identity.kind, clause_count=composed.clause_count, implements=composed.implements,
        style=style, variant=variant, encoding=encoding, crlf=crlf, web=web,
    )
    filename = f"{index:06d}_{jurisdiction.adcode}_{identity.ordinal}.txt"
    return GeneratedPolicy(filename, raw, expected)


def _printed_number(identity: PolicyIdentity, lines: list[str]) -> str | None:
    """The document number, when the layout printed it on a line of its own."""
    return identity.doc_number if identity.doc_number in lines else None
