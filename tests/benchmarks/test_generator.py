"""The benchmark data generator: deterministic, real jurisdictions, and texts the loader
reads back as generated (a cross-check of the loader on thousands of variants).

Imports `benchmarks` from the repository root, which `python -m pytest` puts on sys.path.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter

import pytest

from benchmarks.generate import generate_corpus, generate_policies
from benchmarks.generate.events import generate_events
from benchmarks.generate.identity import policy_identity
from benchmarks.generate.places import NATIONAL_POLICY_NUMBER, parent_jurisdiction
from benchmarks.generator import main
from policykg.ontology.gazetteer import contains, jurisdiction_by_adcode, resolve_jurisdiction
from policykg.rules.event import parse_event

_GLOSS = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


@pytest.fixture(scope="module")
def policies():
    return list(generate_policies(120, seed=11))


def test_corpus_same_seed_gives_identical_bytes():
    assert list(generate_corpus(25, seed=3)) == list(generate_corpus(25, seed=3))


def test_corpus_different_seeds_give_different_texts():
    first = dict(generate_corpus(10, seed=3))
    second = dict(generate_corpus(10, seed=4))
    assert set(first.values()).isdisjoint(second.values())


def test_corpus_smaller_is_prefix_of_larger():
    assert list(generate_corpus(8, seed=5)) == list(generate_corpus(16, seed=5))[:8]


def test_corpus_file_names_are_unique(policies):
    assert len({policy.filename for policy in policies}) == len(policies)


def test_every_policy_is_issued_in_a_real_jurisdiction(policies):
    for policy in policies:
        expected = policy.expected
        jurisdiction = jurisdiction_by_adcode(expected.adcode)
        assert jurisdiction.full_name == expected.jurisdiction
        if jurisdiction.level != "country":
            assert resolve_jurisdiction(expected.jurisdiction).adcode == expected.adcode
            assert expected.issuer.startswith(jurisdiction.full_name + "人民政府")


def test_corpus_mixes_levels_layouts_and_encodings(policies):
    expected = [policy.expected for policy in policies]
    assert {"province", "city", "county"} <= {e.level for e in expected}
    assert {e.style for e in expected} == {"opinion", "notice", "plan"}
    assert {"utf-8", "gb18030", "traditional"} <= {e.variant for e in expected}
    assert Counter(e.variant for e in expected)["utf-8"] > len(expected) / 2
    assert any(e.web for e in expected) and not all(e.web for e in expected)


def test_gb18030_policies_are_not_utf8(policies):
    gb = [policy for policy in policies if policy.expected.variant == "gb18030"]
    assert gb
    for policy in gb:
        with pytest.raises(UnicodeDecodeError):
            policy.raw.decode("utf-8")
        assert policy.expected.title in policy.raw.decode("gb18030")


def test_traditional_policies_carry_pinyin_glosses(policies):
    traditional = [policy for policy in policies if policy.expected.variant == "traditional"]
    assert traditional
    for policy in traditional:
        text = policy.raw.decode("utf-8")
        assert len(_GLOSS.findall(text)) > 50
        assert "建設" in text and "建设" not in text  # traditional characters throughout


def test_policies_implement_the_opinion_one_level_up(policies):
    for policy in policies:
        expected = policy.expected
        (title, number), = expected.implements
        jurisdiction = jurisdiction_by_adcode(expected.adcode)
        if jurisdiction.level in ("country", "province"):
            assert number == NATIONAL_POLICY_NUMBER
            continue
        parent = policy_identity(11, parent_jurisdiction(jurisdiction).adcode, 0)
        assert (title, number) == (parent.title, parent.doc_number)
        assert parent.issued_on <= policy_identity(11, expected.adcode, 0).issued_on


def test_sanction_wording_of_the_seeds_is_present(policies):
    for policy in policies:
        if policy.expected.variant in ("utf-8", "utf-8-sig"):
            text = policy.raw.decode("utf-8-sig")
            for words in ("限期加以整改", "公开通报批评", "依法给予处分", "移送监察机关", "年终考核不得评为优秀等次",
                          "记入个人信用档案", "主动挽回损失", "可以从轻或者免于"):
                assert words in text


def test_generated_policies_parse_as_generated(policies):
    """A sample across layouts and encodings: the loader finds what was written."""
    from policykg.loaders import parse_document

    by_kind: dict[tuple[str, str], list] = {}
    for policy in policies:
        by_kind.setdefault((policy.expected.style, policy.expected.variant), []).append(policy)
    sample = [policy for group in by_kind.values() for policy in group[:3]]
    assert {policy.expected.variant for policy in sample} >= {"utf-8", "gb18030", "traditional"}
    for policy in sample:
        expected = policy.expected
        document = parse_document(policy.raw, source=policy.filename)
        found = (document.title, document.doc_number, document.jurisdiction.adcode, sum(1 for _ in document.walk()),
                 document.issued_on.isoformat(), document.effective_from.isoformat(), document.kind)
        assert found == (expected.title, expected.doc_number, expected.adcode, expected.clause_count,
                         expected.issued_on, expected.effective_from, expected.kind), policy.filename


def test_events_same_seed_identical_and_different_seeds_differ():
    jurisdictions = [resolve_jurisdiction("营口市站前区"), resolve_jurisdiction("青海省")]
    first = list(generate_events(50, 1, jurisdictions))
    assert first == list(generate_events(50, 1, jurisdictions))
    assert first != list(generate_events(50, 2, jurisdictions))


def test_events_follow_the_event_contract():
    jurisdictions = [resolve_jurisdiction("营口市"), resolve_jurisdiction("青海省")]
    events = list(generate_events(300, 7, jurisdictions))
    for data in events:
        event = parse_event(data)  # the project's own reader of posted events
        assert event.jurisdiction.full_name == data["jurisdiction"]
        assert data["severity"] in ("一般", "严重")
        assert all(re.fullmatch(r".某{1,2}", person["name"]) for person in data["persons"])
    covered = sum(any(contains(j.adcode, parse_event(e).jurisdiction.adcode) for j in jurisdictions) for e in events)
    assert covered > 0.8 * len(events)
    assert {e["subject"]["kind"] for e in events} == {"agency", "government", "official"}


def test_events_are_streamed_not_built_in_memory():
    head = list(itertools.islice(generate_events(10**12, 1), 3))
    assert len(head) == 3


def test_command_line_writes_corpus_manifest_and_events(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    main(["corpus", "--policies", "6", "--seed", "9", "--out", str(corpus)])
    written = {path.name: path.read_bytes() for path in corpus.glob("*.txt")}
    assert written == dict(generate_corpus(6, seed=9))
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [entry["file"] for entry in manifest] == sorted(written)
    events = tmp_path / "events.jsonl"
    main(["events", "--count", "40", "--seed", "9", "--corpus", str(corpus), "--out", str(events)])
    lines = events.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40
    assert json.loads(lines[0])["id"] == "gen-9-00000000"


def test_command_line_rejects_an_unknown_jurisdiction():
    with pytest.raises(SystemExit, match="火星区"):
        main(["events", "--count", "1", "--corpus-jurisdictions", "火星区"])
