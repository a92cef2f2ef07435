"""POST /api/evaluate over HTTP: the contract's answer, and a clear 4xx for bad input."""

from __future__ import annotations

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
        "accountable_persons", "mitigations", "obligations", "trace",
    }
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
    assert response.get_json()["error"]["code"]


def test_query_looking_text_is_only_text(seed_client, seed_store):
    before = seed_store.snapshot().generation
    injection = "区财政局'}) MATCH (n) DETACH DELETE n //"
    sparql = "营口市站前区\" } ; DROP ALL ; #"
    response = post(seed_client, {**EVENT, "subject": {"kind": "agency", "name": injection}, "behaviour": sparql})
    assert response.status_code == 200
    assert response.get_json()["event"]["subject"]["name"] == injection
    assert seed_store.snapshot().generation == before
    assert seed_client.get("/api/health").get_json()["policies"] == 5
