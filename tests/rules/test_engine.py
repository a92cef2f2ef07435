"""The engine on hand-built facts: dates at the boundary, jurisdiction inheritance, exceptions
overriding, and nothing leaking from one policy into another.

Two policies overlap on purpose: a provincial one for 辽宁省 and a district one for
营口市站前区, with clause texts copied from seed 002 and a made-up provincial clause, so
an event in 站前区 falls under both.
"""

from datetime import date

import pytest

from policykg.rules import (
    ClauseFacts,
    Facts,
    Obligation,
    PolicyFacts,
    Reference,
    evaluate_event,
    evaluate_events,
    load_rulebook,
    parse_event,
)

DISTRICT_RULE_TEXT = "政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。经认定的政务严重失信行为涉及的法定代表人、主要负责人和直接责任人,由公职人员任免机关、单位按照管理权限依法给予处分。"
DISTRICT_MITIGATION_TEXT = "对在政务失信行为发生后主动挽回损失、消除不良影响或者有效阻止危害结果发生的,可以从轻或者免于实施失信联合惩戒措施。"
PROVINCE_TEXT = "对存在政务失信事实的政府部门,要求其对具体失信情况书面说明原因,予以公开通报批评。经认定符合容错纠错情形和条件的,不纳入政务失信记录。政府采购领域的失信行为纳入失信记录。"
OBLIGATION_TEXT = "政府采购要依法公开透明,不准在项目资金支付环节过程中违约。(牵头单位:区财政局、区发改局)"

DISTRICT_RULES = """policy: district-2024
rules:
  - id: district-2024/5.2/serious
    clause: 五.(二)
    quote: 政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。
    review: reviewed
    binding: {level: mandatory, words: 应}
    when: {subject: [agency, government], severity: 严重}
    then:
      - {sanction: 限期整改, words: 限期加以整改, target: subject}
      - {sanction: 公开通报批评, target: subject}
  - id: district-2024/5.2/discipline
    clause: 五.(二)
    quote: 经认定的政务严重失信行为涉及的法定代表人、主要负责人和直接责任人,由公职人员任免机关、单位按照管理权限依法给予处分。
    review: reviewed
    binding: {level: mandatory, words: 依法给予处分}
    when: {subject: [agency, government], severity: 严重}
    then:
      - {sanction: 依法给予处分, target: {roles: [法定代表人, 主要负责人]}}
  - id: district-2024/5.4/mitigation
    clause: 五.(四)
    quote: 对在政务失信行为发生后主动挽回损失、消除不良影响或者有效阻止危害结果发生的,可以从轻或者免于实施失信联合惩戒措施。
    review: reviewed
    binding: {level: discretionary, words: 可以从轻或者免于}
    when: {remedied: true}
    exception_to: [district-2024/5.2/serious]
    effect: 从轻或者免于实施失信联合惩戒措施
    outcome: mitigated
"""
PROVINCE_RULES = """policy: province-2020
rules:
  - id: province-2020/3/agency
    clause: 三
    quote: 对存在政务失信事实的政府部门,要求其对具体失信情况书面说明原因,予以公开通报批评。
    review: reviewed
    binding: {level: mandatory, words: 要求其}
    when: {subject: [agency]}
    then:
      - {sanction: 书面说明原因, target: subject}
      - {sanction: 公开通报批评, target: subject}
  - id: province-2020/3/procurement
    clause: 三
    quote: 政府采购领域的失信行为纳入失信记录。
    review: reviewed
    binding: {level: mandatory, words: 纳入失信记录}
    when: {subject: [agency], domain: [政府采购]}
    then:
      - {sanction: 纳入失信记录, target: subject}
  - id: province-2020/3/fault-tolerance
    clause: 三
    quote: 经认定符合容错纠错情形和条件的,不纳入政务失信记录。
    review: reviewed
    binding: {level: mandatory, words: 不纳入}
    when: {fault_tolerance: true}
    exception_to: [province-2020/3/agency, province-2020/3/procurement]
    effect: 不纳入政务失信记录
    outcome: excluded
"""


@pytest.fixture(scope="module")
def facts():
    national = Reference("国务院关于加强政务诚信建设的指导意见", "国发〔2016〕76号", "ref-national", False)
    return Facts(
        policies={
            "district-2024": PolicyFacts("district-2024", "站前区意见", None, "implementation-opinion", "210802",
                                         issued_on=date(2024, 2, 22), effective_from=date(2024, 2, 22),
                                         references=(Reference("辽宁省意见", "辽政发〔2019〕24号", "province-2020", True),)),
            "province-2020": PolicyFacts("province-2020", "辽宁省意见", "辽政发〔2019〕24号", "implementation-opinion", "210000",
                                         issued_on=date(2020, 1, 1), effective_from=date(2020, 2, 1),
                                         effective_until=date(2025, 2, 1), references=(national,)),
            "elsewhere-2019": PolicyFacts("elsewhere-2019", "青海省意见", None, "implementation-opinion", "630000",
                                          effective_from=date(2019, 1, 1)),
        },
        clauses=(
            ClauseFacts("district-2024/5.2", "district-2024", "五.(二)", DISTRICT_RULE_TEXT),
            ClauseFacts("district-2024/5.4", "district-2024", "五.(四)", DISTRICT_MITIGATION_TEXT),
            ClauseFacts("district-2024/4.2", "district-2024", "四.(二)", OBLIGATION_TEXT),
            ClauseFacts("province-2020/3", "province-2020", "三", PROVINCE_TEXT),
        ),
        obligations=(
            Obligation("营口市站前区财政局", "finance", "lead", "district-2024", "district-2024/4.2", "四.(二)", OBLIGATION_TEXT, ("区财政局",)),
            Obligation("辽宁省财政厅", "finance", "lead", "province-2020", "province-2020/3", "三", PROVINCE_TEXT),
        ),
    )


@pytest.fixture(scope="module")
def rulebook(facts, tmp_path_factory):
    directory = tmp_path_factory.mktemp("policies")
    (directory / "district-2024.yaml").write_text(DISTRICT_RULES, encoding="utf-8")
    (directory / "province-2020.yaml").write_text(PROVINCE_RULES, encoding="utf-8")
    return load_rulebook(directory, facts.clause_texts())


def evaluate(rulebook, facts, **fields):
    event = {"occurred_on": "2024-06-01", "jurisdiction": "营口市站前区", "subject": {"kind": "agency", "name": "区财政局"}}
    return evaluate_event(parse_event(event | fields), rulebook, facts)


def sanctions_by_policy(evaluation) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for sanction in evaluation.sanctions:
        for basis in sanction.basis:
            found.setdefault(basis.policy_id, set()).add(sanction.sanction)
    return found


def test_engine_applies_a_policy_from_the_day_it_takes_effect(rulebook, facts):
    before = evaluate(rulebook, facts, occurred_on="2024-02-21")
    on = evaluate(rulebook, facts, occurred_on="2024-02-22")
    assert [p.id for p in before.applicable_policies] == ["province-2020"]
    assert {p.id: p.reason for p in before.not_applicable}["district-2024"].startswith("not in force on 2024-02-21")
    assert [p.id for p in on.applicable_policies] == ["district-2024", "province-2020"]
    assert {p.id: p.why for p in on.applicable_policies}["province-2020"] == (
        "applies in 辽宁省, which includes 营口市站前区; in force since 2020-02-01"
    )
    assert {p.id: p.why for p in on.applicable_policies}["district-2024"] == (
        "applies in 营口市站前区; in force since 2024-02-22"
    )


def test_engine_stops_applying_a_policy_on_its_end_date(rulebook, facts):
    last_day = evaluate(rulebook, facts, occurred_on="2025-01-31")
    ended = evaluate(rulebook, facts, occurred_on="2025-02-01")
    assert "province-2020" in {p.id for p in last_day.applicable_policies}
    assert {p.id: p.reason for p in ended.not_applicable}["province-2020"].startswith("not in force on 2025-02-01")
    assert "province-2020" not in sanctions_by_policy(ended)


def test_engine_lets_a_provincial_policy_reach_its_districts_but_not_a_district_policy_its_city(rulebook, facts):
    city = evaluate(rulebook, facts, jurisdiction="营口市", subject={"kind": "agency", "name": "营口市财政局"})
    assert [p.id for p in city.applicable_policies] == ["province-2020"]
    assert {p.id: p.reason for p in city.not_applicable} == {
        "district-2024": "applies in 营口市站前区, not 营口市",
        "elsewhere-2019": "applies in 青海省, not 营口市",
    }
    elsewhere = evaluate(rulebook, facts, jurisdiction="广东省")
    assert elsewhere.applicable_policies == [] and elsewhere.sanctions == []
    assert elsewhere.reason == "no loaded policy applies to 广东省 on 2024-06-01"


def test_engine_can_leave_policies_of_unrelated_divisions_unlisted_for_batch_runs(rulebook, facts):
    event = parse_event({"occurred_on": "2024-06-01", "jurisdiction": "营口市", "subject": {"kind": "agency", "name": "营口市财政局"}})
    answer = evaluate_event(event, rulebook, facts, list_unrelated=False)
    assert [p.id for p in answer.applicable_policies] == ["province-2020"]
    assert [p.id for p in answer.not_applicable] == ["district-2024"]  # inside 营口市, so still listed


def test_engine_reports_the_policies_an_applicable_policy_implements_loaded_or_not(rulebook, facts):
    answer = evaluate(rulebook, facts)
    implements = {p.id: [(r.policy_id, r.loaded) for r in p.implements] for p in answer.applicable_policies}
    assert implements == {"district-2024": [("province-2020", True)], "province-2020": [("ref-national", False)]}


def test_engine_fires_a_severity_reserved_rule_only_for_serious_events(rulebook, facts):
    general = sanctions_by_policy(evaluate(rulebook, facts, severity="一般"))
    serious = sanctions_by_policy(evaluate(rulebook, facts, severity="严重"))
    assert "district-2024" not in general
    assert serious["district-2024"] == {"限期整改", "公开通报批评", "依法给予处分"}


def test_engine_fires_a_domain_rule_only_in_its_domain(rulebook, facts):
    assert "纳入失信记录" in sanctions_by_policy(evaluate(rulebook, facts, domain="政府采购"))["province-2020"]
    assert "纳入失信记录" not in sanctions_by_policy(evaluate(rulebook, facts, domain="招商引资"))["province-2020"]
    assert "纳入失信记录" not in sanctions_by_policy(evaluate(rulebook, facts))["province-2020"]


def test_engine_keeps_each_policy_s_basis_when_two_policies_prescribe_the_same_sanction(rulebook, facts):
    answer = evaluate(rulebook, facts, severity="严重")
    criticism = [s for s in answer.sanctions if s.sanction == "公开通报批评"]
    assert len(criticism) == 1
    assert [(b.policy_id, b.path) for b in criticism[0].basis] == [("district-2024", "五.(二)"), ("province-2020", "三")]
    assert criticism[0].code == "public-criticism" and criticism[0].target.name == "区财政局"


def test_engine_withholds_a_fault_tolerant_event_s_sanctions_only_under_the_policy_that_provides_for_it(rulebook, facts):
    answer = evaluate(rulebook, facts, severity="严重", domain="政府采购", fault_tolerance=True)
    assert sanctions_by_policy(answer) == {"district-2024": {"限期整改", "公开通报批评", "依法给予处分"}}
    withheld = {n.rule.id: (n.failed.fact, n.failed.value) for n in answer.not_fired if n.rule.basis.policy_id == "province-2020"}
    assert withheld == {"province-2020/3/agency": ("fault_tolerance", True), "province-2020/3/procurement": ("fault_tolerance", True)}
    assert {m.rule for m in answer.mitigations if m.applies} == {"province-2020/3/fault-tolerance"}  # none of the district's


def test_engine_marks_mitigable_sanctions_of_a_remedied_event_without_dropping_them(rulebook, facts):
    answer = evaluate(rulebook, facts, severity="严重", remedied=True)
    marked = {s.sanction: s.mitigations for s in answer.sanctions}
    assert marked["限期整改"] == ["从轻或者免于实施失信联合惩戒措施"]
    assert marked["依法给予处分"] == []  # 5.4 excepts the organisation sanctions of 5.2 only
    assert marked["书面说明原因"] == []  # the province's clause grants no mitigation
    criticism = next(s for s in answer.sanctions if s.sanction == "公开通报批评")  # both policies prescribe it
    assert [b.policy_id for b in criticism.basis] == ["district-2024", "province-2020"]
    assert [(m.basis.policy_id, m.exception) for m in criticism.mitigations_by_basis] == [("district-2024", "district-2024/5.4/mitigation")]
    district = [m for m in answer.mitigations if m.rule == "district-2024/5.4/mitigation"]
    assert district[0].applies and district[0].basis[0].path == "五.(四)"


def test_engine_reports_named_roles_that_the_event_does_not_identify(rulebook, facts):
    answer = evaluate(rulebook, facts, severity="严重", persons=[{"name": "孙某", "role": "法定代表人"}, {"name": "钱某", "role": "分管负责人"}])
    persons = {(p.name, p.role, p.identified) for p in answer.accountable_persons}
    assert persons == {("孙某", "法定代表人", True), (None, "主要负责人", False)}  # 钱某's role is named by no rule
    unnamed = next(p for p in answer.accountable_persons if not p.identified)
    assert [j.conclusion for j in unnamed.justification] == ["主要负责人（事件未指明）：依法给予处分"]


def test_engine_explains_rules_that_did_not_fire(rulebook, facts):
    answer = evaluate(rulebook, facts, subject={"kind": "official", "name": "吴某"})
    assert answer.sanctions == []
    why_not = {n.rule.id: n for n in answer.not_fired}
    assert (why_not["province-2020/3/agency"].failed.fact, why_not["province-2020/3/agency"].failed.value) == ("subject.kind", "official")
    assert why_not["province-2020/3/agency"].text == "三未适用：条款所指为政府部门，本事件主体是公务员"
    general = {n.rule.id: n for n in evaluate(rulebook, facts).not_fired}
    assert (general["district-2024/5.2/serious"].failed.fact, general["district-2024/5.2/serious"].failed.value) == ("severity", "一般")
    assert general["province-2020/3/procurement"].failed.text == "条款限于政府采购领域，本事件所涉领域为未填写"


def test_engine_finds_obligations_by_alias_and_by_agency_kind(rulebook, facts):
    by_alias = evaluate(rulebook, facts)
    assert {(o.agency, o.matched_by) for o in by_alias.obligations} == {("营口市站前区财政局", "区财政局, an alias of 营口市站前区财政局")}
    in_the_city = evaluate(rulebook, facts, jurisdiction="营口市", subject={"kind": "agency", "name": "营口市站前区财政局"})
    assert [(o.agency, o.matched_by) for o in in_the_city.obligations] == [
        ("辽宁省财政厅", "agency kind finance (as a loaded text names it): no applicable clause names 营口市站前区财政局")
    ]
    by_its_name = evaluate(rulebook, facts, jurisdiction="营口市", subject={"kind": "agency", "name": "营口市财政局"})
    assert [(o.agency, o.matched_by) for o in by_its_name.obligations] == [
        ("辽宁省财政厅", "agency kind finance (by its name): no applicable clause names 营口市财政局")
    ]
    unknown_kind = evaluate(rulebook, facts, jurisdiction="营口市", subject={"kind": "agency", "name": "营口市某某中心"})
    assert unknown_kind.obligations == []


def test_evaluation_json_has_the_contract_fields(rulebook, facts):
    body = evaluate(rulebook, facts, severity="严重", persons=[{"name": "孙某", "role": "法定代表人"}]).model_dump(mode="json")
    assert {"event", "applicable_policies", "not_applicable", "sanctions", "accountable_persons", "mitigations", "obligations", "not_fired"} <= set(body)
    assert "trace" not in body
    assert body["event"]["jurisdiction_path"] == ["辽宁省", "营口市", "站前区"]
    sanction = body["sanctions"][0]
    assert {"sanction", "code", "target", "basis", "condition"} <= set(sanction)
    assert set(sanction["basis"][0]) == {"policy_id", "clause_id", "path", "quote"}
    assert {"id", "title", "doc_number", "why"} <= set(body["applicable_policies"][0])


def test_evaluate_events_yields_one_answer_per_event_lazily(rulebook, facts):
    def events():
        yield parse_event({"occurred_on": "2024-06-01", "jurisdiction": "站前区", "subject": {"kind": "agency", "name": "区财政局"}})
        raise AssertionError("the second event is not read before the first answer is taken")

    answers = evaluate_events(events(), rulebook, facts)
    assert [p.id for p in next(answers).applicable_policies] == ["district-2024", "province-2020"]
