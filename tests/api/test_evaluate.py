"""POST /api/evaluate over HTTP: the contract's answer, and a clear 4xx for bad input."""

from __future__ import annotations

import json

import pytest

EVENT = {
    "occurred_on": "2024-06-01",
    "jurisdiction": "营口市站前区",
    "subject": {"kind": "agency", "name": "区财政局"},
    "domain": "政府采购",
    "behaviour": "项目资金支付环节违约",
    "severity": "严重",
    "persons": [{"name": "孙某", "role": "法定代表人"}, {"name": "周某", "role": "直接责任人"}],
    "remedied": False,
    "fault_tolerance": False,
}


def post(client, body, **kwargs):
    return client.post("/api/evaluate", json=body, **kwargs)


def test_evaluate_answers_with_every_contract_field(seed_client):
    answer = post(seed_client, EVENT).get_json()
    assert set(answer) >= {
        "event", "applicable_policies", "not_applicable", "sanctions",
        "accountable_persons", "mitigations", "obligations", "not_fired",
    }
    assert "trace" not in answer  # the justification trees took the English trace's place
    assert answer["event"]["jurisdiction_path"] == ["辽宁省", "营口市", "站前区"]
    assert [p["id"] for p in answer["applicable_policies"]] == ["zhanqian-2024"]


def test_every_sanction_quotes_a_clause_the_api_serves_verbatim(seed_client):
    answer = post(seed_client, EVENT).get_json()
    assert answer["sanctions"]
    for sanction in answer["sanctions"]:
        for basis in sanction["basis"]:
            clause = seed_client.get(f"/api/clauses/{basis['clause_id']}").get_json()
            assert basis["quote"] in clause["text"], (sanction["sanction"], basis["clause_id"])
            assert clause["path"] == basis["path"]


def test_every_finding_carries_review_binding_and_a_justification_tree(seed_client):
    answer = post(seed_client, EVENT).get_json()
    for finding in answer["sanctions"] + answer["accountable_persons"]:
        assert finding["review"] == "reviewed" and finding["binding"]["level"] in ("mandatory", "discretionary", "graded")
        for tree in finding["justification"]:
            assert tree["rule"]["basis"]["quote"] and tree["rule"]["review"] == "reviewed"
            assert tree["rule"]["binding"]["words"] in tree["rule"]["basis"]["quote"]
            assert tree["premises"] and all(p["text"] for p in tree["premises"])
    referral = next(s for s in answer["sanctions"] if s["code"] == "referral-to-supervision")
    [tree] = referral["justification"]
    assert tree["rule"]["binding"] == {"level": "mandatory", "words": "应将问题线索移送监察机关"}
    assert [(p["fact"], p["value"]) for p in tree["premises"]] == [("subject.kind", "agency"), ("severity", "严重")]
    assert tree["condition"] == "涉嫌职务违法、职务犯罪"
    for mitigation in answer["mitigations"]:
        assert mitigation["binding"]["level"] == "discretionary" and mitigation["justification"]["premises"][0]["fact"] == "remedied"


def test_a_chained_conclusion_shows_the_record_it_rests_on(seed_client):
    """Qinghai 三.(三).1 records the civil servant named on a procurement default; 三.(二).3's
    measures for 存在政务失信记录的公务员 follow for that person, the record shown as their premise."""
    event = {**EVENT, "jurisdiction": "青海省", "occurred_on": "2019-03-01", "subject": {"kind": "agency", "name": "青海省卫生健康委员会"},
             "persons": [{"name": "王某", "role": "直接责任人"}]}
    answer = post(seed_client, event).get_json()
    appraisal = next(s for s in answer["sanctions"] if s["sanction"] == "年终考核不得评为优秀等次")
    assert appraisal["target"]["name"] == "王某"
    [tree] = appraisal["justification"]
    assert tree["rule"]["id"] == "qinghai-2017/3.2.3/civil-servant-record"
    [premise] = tree["premises"]
    assert (premise["kind"], premise["fact"], premise["text"]) == ("derived", "dishonesty-record", "王某（直接责任人）已纳入失信记录")
    assert [j["rule"]["id"] for j in premise["justification"]] == ["qinghai-2017/3.3.1/procurement-record"]
    assert premise["justification"][0]["premises"][1] == {"kind": "event", "fact": "domain", "value": "政府采购", "text": "所涉领域为政府采购", "justification": []}


def test_person_targeted_sanctions_name_the_person_and_role(seed_client):
    answer = post(seed_client, EVENT).get_json()
    discipline = [s for s in answer["sanctions"] if s["code"] == "disciplinary-sanction"]
    assert {(s["target"]["name"], s["target"]["role"]) for s in discipline} >= {("孙某", "法定代表人"), ("周某", "直接责任人")}


def test_unknown_fields_are_ignored(seed_client):
    response = post(seed_client, {**EVENT, "colour": "红"})
    assert response.status_code == 200


def test_a_jurisdiction_with_no_loaded_policy_is_an_answer(seed_client):
    response = post(seed_client, {**EVENT, "jurisdiction": "海南省"})
    answer = response.get_json()
    assert response.status_code == 200
    assert answer["applicable_policies"] == [] and answer["sanctions"] == []
    assert answer["reason"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({k: v for k, v in EVENT.items() if k != "occurred_on"}, "occurred_on"),
        ({**EVENT, "occurred_on": "2024-02-30"}, "occurred_on"),
        ({**EVENT, "jurisdiction": "火星市"}, "jurisdiction"),
        ({**EVENT, "severity": "很严重"}, "severity"),
        ({**EVENT, "domain": "养鸡"}, "domain"),
        ({**EVENT, "persons": [{"name": "孙某", "role": "门卫"}]}, "persons[0].role"),
        ({**EVENT, "subject": {"kind": "company", "name": "某公司"}}, "subject.kind"),
    ],
)
def test_bad_fields_are_named_in_a_4xx_json_error(seed_client, body, field):
    response = post(seed_client, body)
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]["field"] == field


def test_malformed_json_is_a_400(seed_client):
    response = seed_client.post("/api/evaluate", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "body"


def test_an_oversized_body_is_refused_with_json(seed_client):
    response = seed_client.post("/api/evaluate", data="x" * (2 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == {
        "code": "payload-too-large", "message": "正文超过 1048576 字节的上限", "field": "body",
    }


@pytest.mark.parametrize(
    "data, content_type, message",
    [
        ("[" * 100_000, "application/json", "请求正文嵌套超过 8 层"),
        (json.dumps(EVENT, ensure_ascii=False).encode("gb18030"), "application/json", "不是有效的 JSON（UTF-8）"),
        (json.dumps(EVENT), "text/plain", "Content-Type: application/json"),
    ],
)
def test_a_body_that_cannot_be_an_event_is_a_400_naming_the_body(seed_client, data, content_type, message):
    response = seed_client.post("/api/evaluate", data=data, content_type=content_type)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == "body" and message in error["message"]


@pytest.mark.parametrize(
    "changed, field, expected",
    [
        ({"subject": {"kind": "政府部门", "name": "区财政局"}}, ("subject", "kind"), "agency"),
        ({"subject": {"kind": "公务员", "name": "孙某"}}, ("subject", "kind"), "official"),
        ({"occurred_on": "２０２４－０６－０１"}, ("occurred_on",), "2024-06-01"),
    ],
)
def test_labels_and_full_width_dates_a_chinese_form_sends_are_read(seed_client, changed, field, expected):
    response = post(seed_client, {**EVENT, **changed})
    assert response.status_code == 200
    value = response.get_json()["event"]
    for key in field:
        value = value[key]
    assert value == expected


def test_more_persons_than_an_event_can_name_is_a_400(seed_client):
    persons = [{"name": f"某{n}", "role": "公务员"} for n in range(51)]
    response = post(seed_client, {**EVENT, "persons": persons})
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "persons"


def test_query_looking_text_is_only_text(seed_client, seed_store):
    before = seed_store.snapshot().generation
    injection = "区财政局'}) MATCH (n) DETACH DELETE n //"
    sparql = "营口市站前区\" } ; DROP ALL ; #"
    response = post(seed_client, {**EVENT, "subject": {"kind": "agency", "name": injection}, "behaviour": sparql})
    assert response.status_code == 200
    assert response.get_json()["event"]["subject"]["name"] == injection
    assert seed_store.snapshot().generation == before
    assert seed_client.get("/api/health").get_json()["policies"] == 5


def test_the_evaluation_rows_persisted_with_a_generation_give_the_facts_its_graph_gives(seed_home, seed_store):
    """evaluate and serve start from the rows written with the generation, not from queries:
    they must be the facts the named queries give on that generation's graph."""
    from policykg.api.evaluation import facts_from_rows
    from policykg.queries.store import NamedQueryStore

    generation = seed_store.generation()
    assert (seed_home / "generations" / f"{generation}.evaluation.json").is_file()
    persisted = facts_from_rows(seed_store.evaluation_rows())
    assert persisted == facts_from_rows(NamedQueryStore.evaluation_rows(seed_store))
    assert len(persisted.policies) == 5 and persisted.clauses and persisted.obligations
