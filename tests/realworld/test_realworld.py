"""The loader on the real-world corpus: one test per (text, field), compared with the
expectations written by reading each text (tests/realworld/expected/, format in README.md).

A pair listed in known_failures.yaml is a strict expected failure: when a loader fix makes
it right, the test XPASSes, which fails the run until the entry is deleted, so the list only
shrinks. An expectation is never weakened to make a test pass.

Imports `tests.realworld.report` from the repository root, which `python -m pytest` puts on
sys.path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.realworld.report import (
    EXPECTED, FIELDS, TEXTS, compare_text, compared_fields, load_corpus, read_expectations, read_known_failures,
)

HERE = Path(__file__).parent
EXPECTATIONS = read_expectations()
KNOWN_FAILURES = read_known_failures()


def _cases():
    for slug, expected in EXPECTATIONS.items():
        for name in compared_fields(expected):
            reason = KNOWN_FAILURES.get(slug, {}).get(name)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(slug, name, marks=marks, id=f"{slug}-{name}")


@pytest.fixture(scope="module")
def outcomes():
    """Every text parsed, and ingested with the seeds through the real pipeline, once."""
    loaded = load_corpus(EXPECTATIONS)
    return {slug: compare_text(expected, loaded[slug]) for slug, expected in EXPECTATIONS.items()}


@pytest.mark.parametrize(("slug", "name"), list(_cases()))
def test_realworld_field_as_the_text_states(outcomes, slug, name):
    outcome = outcomes[slug][name]
    assert outcome.verdict == "right", f"{slug} {name}: {outcome.verdict}: {outcome.detail}"


def test_realworld_every_text_has_expectations_and_a_source():
    texts = {path.stem for path in TEXTS.glob("*.txt")}
    sources = set(re.findall(r"^\| `([a-z0-9-]+)` \| (?:https?://)", (HERE / "SOURCES.md").read_text(encoding="utf-8"),
                             re.MULTILINE))
    assert texts == set(EXPECTATIONS) == sources
    assert len(texts) >= 30


def test_realworld_expectations_use_only_known_fields():
    allowed = set(FIELDS) | {"notes"}
    unknown = {slug: sorted(set(expected) - allowed) for slug, expected in EXPECTATIONS.items() if set(expected) - allowed}
    assert not unknown, f"unknown keys in {EXPECTED}: {unknown}"


def test_realworld_known_failures_name_compared_fields_with_a_reason():
    """A stale entry (a text or field that is no longer compared) or one without its
    one-line reason is an error, not a silent skip."""
    stale = [(slug, name) for slug, fields in KNOWN_FAILURES.items() for name, reason in fields.items()
             if slug not in EXPECTATIONS or name not in compared_fields(EXPECTATIONS[slug])
             or not str(reason or "").strip() or "\n" in str(reason)]
    assert not stale
