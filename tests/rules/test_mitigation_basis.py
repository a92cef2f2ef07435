"""A mitigation is tied to the basis it reaches: granted by one policy, it never lightens
another policy's identical sanction (issue 3: "Nothing leaks from one policy into another").

Two policies overlap in 营口市站前区: the real zhanqian-2024 (seed 002, its rule file as
shipped) and a made-up city policy for 营口市 whose 五.(二) says word for word what
zhanqian's says, but which has no clause like zhanqian's 五.(四) granting 从轻或者免于.
Both prescribe 公开通报批评 for the same subject, so the answer lists it once with two
bases; only zhanqian's basis is open to mitigation.
"""

from dataclasses import replace
from datetime import date

import pytest

from policykg.rules import DEFAULT_DIRECTORY, ClauseFacts, Facts, PolicyFacts, evaluate_event, load_rulebook, parse_event

CITY = "yingkou-city-2023"
CITY_RULES = f"""policy: {CITY}
rules:
  - id: {CITY}/5.2/serious-dishonesty
    clause: 五.(二)
    quote: 政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。
    review: reviewed
    binding: {{level: mandatory, words: 应}}
    when: {{subject: [agency, government], severity: 严重}}
    then:
      - {{sanction: 限期整改, words: 限期加以整改, target: subject}}
      - {{sanction: 取消荣誉评选资格, words: 取消其参加当年各类荣誉评选资格, target: subject}}
      - {{sanction: 公开通报批评, target: subject}}
"""


@pytest.fixture(scope="module")
def two_policies(facts, tmp_path_factory):
    """zhanqian-2024 as parsed from its seed, beside the made-up city policy of 营口市."""
    zhanqian = facts.policies["zhanqian-2024"]
    clauses = tuple(c for c in facts.clauses if c.policy_id == "zhanqian-2024")
    city_text = next(c.text for c in clauses if c.path == "五.(二)")
    combined = Facts(
        policies={
            zhanqian.id: zhanqian,
            CITY: PolicyFacts(CITY, "营口市关于加强政务诚信建设的实施意见", None, "implementation-opinion", "210800",
                              issued_on=date(2023, 1, 1), effective_from=date(2023, 1, 1)),
        },
        clauses=clauses + (ClauseFacts(f"{CITY}/5.2", CITY, "五.(二)", city_text),),
    )
    directory = tmp_path_factory.mktemp("two-policies")
    (directory / "zhanqian-2024.yaml").write_bytes((DEFAULT_DIRECTORY / "zhanqian-2024.yaml").read_bytes())
    (directory / f"{CITY}.yaml").write_text(CITY_RULES, encoding="utf-8")
    return load_rulebook(directory, combined.clause_texts()), combined


def evaluate(two_policies, **fields):
    rulebook, facts = two_policies
    event = {"occurred_on": "2024-06-01", "jurisdiction": "营口市站前区", "subject": {"kind": "agency", "name": "区财政局"},
             "severity": "严重", "remedied": True}
    return evaluate_event(parse_event(event | fields), rulebook, facts)


def test_both_policies_apply_and_prescribe_the_same_criticism(two_policies):
    answer = evaluate(two_policies)
    assert {p.id for p in answer.applicable_policies} == {"zhanqian-2024", CITY}
    criticism = [s for s in answer.sanctions if s.sanction == "公开通报批评"]
    assert len(criticism) == 1
    assert {(b.policy_id, b.path) for b in criticism[0].basis} == {("zhanqian-2024", "五.(二)"), (CITY, "五.(二)")}


def test_a_mitigation_is_attributed_only_to_the_basis_of_the_policy_that_grants_it(two_policies):
    answer = evaluate(two_policies)
    for sanction in ("限期整改", "取消荣誉评选资格", "公开通报批评"):
        finding = next(s for s in answer.sanctions if s.sanction == sanction)
        assert len(finding.basis) == 2
        tied = [(m.basis.policy_id, m.basis.path, m.rule, m.exception, m.granted_by.policy_id, m.granted_by.path)
                for m in finding.mitigations_by_basis]
        assert tied == [("zhanqian-2024", "五.(二)", "zhanqian-2024/5.2/serious-dishonesty", "zhanqian-2024/5.4/mitigation",
                         "zhanqian-2024", "五.(四)")], sanction
        assert all(m.basis in finding.basis for m in finding.mitigations_by_basis)
        city_basis = next(b for b in finding.basis if b.policy_id == CITY)
        assert city_basis not in {m.basis for m in finding.mitigations_by_basis}
        assert finding.mitigations == ["从轻或者免于实施失信联合惩戒措施"]  # the flat list stays, for older readers
        # each basis's justification says which exceptions reached it: the city's none
        considered = {t.rule.basis.policy_id: [(e.rule.id, e.applies) for e in t.exceptions] for t in finding.justification}
        assert considered == {"zhanqian-2024": [("zhanqian-2024/5.4/mitigation", True)], CITY: []}
    assert [m.rule for m in answer.mitigations] == ["zhanqian-2024/5.4/mitigation"]


def test_the_city_policy_alone_gives_no_mitigation(two_policies):
    rulebook, facts = two_policies
    city_only = replace(facts.policies["zhanqian-2024"], effective_from=date(2030, 1, 1))
    facts = Facts(policies={**facts.policies, "zhanqian-2024": city_only}, clauses=facts.clauses)
    answer = evaluate_event(parse_event({"occurred_on": "2024-06-01", "jurisdiction": "营口市站前区",
                                         "subject": {"kind": "agency", "name": "区财政局"}, "severity": "严重",
                                         "remedied": True}), rulebook, facts)
    assert [p.id for p in answer.applicable_policies] == [CITY]
    assert answer.sanctions and all(s.mitigations == [] and s.mitigations_by_basis == [] for s in answer.sanctions)
    assert answer.mitigations == []


def test_the_answer_json_carries_the_tie(two_policies):
    body = evaluate(two_policies).model_dump(mode="json")
    criticism = next(s for s in body["sanctions"] if s["code"] == "public-criticism")
    assert {"sanction", "code", "target", "basis", "condition", "mitigations", "mitigations_by_basis"} <= set(criticism)
    [tie] = criticism["mitigations_by_basis"]
    assert set(tie) == {"basis", "rule", "effect", "outcome", "exception", "granted_by", "through"}
    assert tie["basis"]["policy_id"] == "zhanqian-2024" and tie["basis"] in criticism["basis"]
    assert tie["granted_by"]["clause_id"] == "zhanqian-2024/5.4" and tie["outcome"] == "mitigated"


def test_an_unremedied_event_ties_no_mitigation_to_any_basis(two_policies):
    answer = evaluate(two_policies, remedied=False)
    assert all(s.mitigations_by_basis == [] for s in answer.sanctions)
