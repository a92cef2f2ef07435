"""The record lifecycle over HTTP: objection, review, correction, revocation, credit repair,
the display period, and the history that keeps every step."""

from __future__ import annotations

import shutil

import pytest

from policykg.api.app import create_app
from policykg.errors import ConfigurationError
from policykg.queries.embedded import EmbeddedStore
from policykg.settings import Settings

TOKEN = "lifecycle-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def procurement_default(event_id: str, **changes) -> dict:
    event = {
        "id": event_id, "occurred_on": "2024-06-01", "jurisdiction": "营口市站前区",
        "subject": {"kind": "agency", "name": "区财政局"}, "domain": "政府采购", "severity": "严重",
        "persons": [{"name": "孙某", "role": "法定代表人"}], "remedied": False,
    }
    return event | changes


@pytest.fixture(scope="module")
def home(seed_home, tmp_path_factory):
    copy = tmp_path_factory.mktemp("lifecycle") / "home"
    shutil.copytree(seed_home, copy)
    return copy


@pytest.fixture(scope="module")
def store(home):
    return EmbeddedStore.open(home)


@pytest.fixture(scope="module")
def client(home, store):
    settings = Settings.from_env({"POLICYKG_HOME": str(home), "POLICYKG_API_TOKEN": TOKEN})
    return create_app(settings, store).test_client()


def record(client, event):
    response = client.post("/api/events", json=event, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def move(client, event_id, to, *, status=201, **extra):
    body = {"to": to, "reason": f"理由：{to}", "actor": "审计员甲"} | extra
    response = client.post(f"/api/events/{event_id}/transitions", json=body, headers=AUTH)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def public_ids(client):
    return {event["id"] for event in client.get("/api/events").get_json()}


def test_objection_review_and_revocation_withdraw_the_sanctions_and_hide_the_record(client):
    record(client, procurement_default("revoke"))
    assert move(client, "revoke", "objected")["allowed_transitions"] == ["under-review"]
    move(client, "revoke", "under-review")
    revoked = move(client, "revoke", "revoked")
    assert revoked["status"] == "revoked" and revoked["evaluation"]["sanctions"] == []
    assert revoked["evaluation"]["accountable_persons"] == []
    assert "revoked" in revoked["evaluation"]["reason"]
    assert "revoke" not in public_ids(client)
    assert client.get("/api/events/revoke").status_code == 404
    kept = client.get("/api/events/revoke", headers=AUTH).get_json()
    assert [(t["from"], t["to"], t["actor"], t["reason"]) for t in kept["transitions"]] == [
        ("recorded", "objected", "审计员甲", "理由：objected"),
        ("objected", "under-review", "审计员甲", "理由：under-review"),
        ("under-review", "revoked", "审计员甲", "理由：revoked"),
    ]
    assert all(t["at"].endswith("Z") for t in kept["transitions"])
    assert kept["event"]["persons"] == [{"name": "孙某", "role": "法定代表人"}]  # nothing deleted


def test_an_invalid_transition_is_409_listing_the_allowed_ones(client, store):
    record(client, procurement_default("invalid"))
    error = move(client, "invalid", "revoked", status=409)["error"]
    assert error["field"] == "to" and "objected, repaired" in error["message"]
    assert store.event("invalid").transitions == ()
    move(client, "invalid", "objected")
    move(client, "invalid", "under-review")
    move(client, "invalid", "revoked")
    assert "none" in move(client, "invalid", "objected", status=409)["error"]["message"]


def test_credit_repair_needs_the_texts_conditions(client):
    record(client, procurement_default("repair"))
    error = move(client, "repair", "repaired", status=409)["error"]
    assert "主动挽回损失" in error["message"]
    move(client, "repair", "objected")
    move(client, "repair", "under-review")
    corrected = move(client, "repair", "corrected", event=procurement_default("ignored", remedied=True))
    assert corrected["event"]["remedied"] is True and corrected["id"] == "repair"
    assert corrected["transitions"][-1]["replaced_event"]["remedied"] is False  # the old version is kept
    assert any(m["applies"] for m in corrected["evaluation"]["mitigations"])
    repaired = move(client, "repair", "repaired")
    assert repaired["status"] == "repaired" and repaired["displayed"] is False
    assert "repair" not in public_ids(client)


def test_an_upheld_objection_keeps_the_record_on_display(client):
    record(client, procurement_default("upheld"))
    move(client, "upheld", "objected")
    move(client, "upheld", "under-review")
    upheld = move(client, "upheld", "upheld")
    assert upheld["displayed"] is True and upheld["evaluation"]["sanctions"]
    assert "upheld" in public_ids(client)


def test_only_a_correction_restates_the_event(client):
    record(client, procurement_default("restate"))
    error = move(client, "restate", "objected", status=400, event=procurement_default("restate"))["error"]
    assert error["field"] == "event"


@pytest.mark.parametrize("body, field", [
    ({"to": "deleted", "reason": "x", "actor": "甲"}, "to"),
    ({"to": "objected", "actor": "甲"}, "reason"),
    ({"to": "objected", "reason": "x"}, "actor"),
    ({"to": "objected", "reason": "理" * 2001, "actor": "甲"}, "reason"),
    ({"to": "objected", "reason": "x", "actor": "甲" * 101}, "actor"),
])
def test_a_bad_transition_is_a_400_naming_the_field_and_changes_nothing(client, store, body, field):
    record(client, procurement_default(f"bad-{field}-{len(str(body))}"))
    event_id = f"bad-{field}-{len(str(body))}"
    response = client.post(f"/api/events/{event_id}/transitions", json=body, headers=AUTH)
    assert response.status_code == 400 and response.get_json()["error"]["field"] == field
    assert store.event(event_id).status == "recorded"


def test_a_transition_needs_the_token_and_an_existing_record(client, store):
    record(client, procurement_default("guarded"))
    response = client.post("/api/events/guarded/transitions", json={"to": "objected", "reason": "x", "actor": "甲"})
    assert response.status_code == 401 and store.event("guarded").status == "recorded"
    missing = client.post("/api/events/nothing/transitions", json={"to": "objected", "reason": "x", "actor": "甲"}, headers=AUTH)
    assert missing.status_code == 404


def test_after_the_display_period_a_record_is_hidden_from_the_public_but_kept_for_audit(client):
    record(client, procurement_default("old", occurred_on="2018-05-02", recognised_on="2018-06-01"))
    assert "old" not in public_ids(client)
    assert client.get("/api/events/old").status_code == 404
    assert client.get("/api/events/old/chain").status_code == 404
    audited = client.get("/api/events/old", headers=AUTH).get_json()
    assert audited["displayed"] is False and audited["display_until"] == "2021-05-31"
    assert "display period" in audited["hidden_because"]
    assert "old" in {e["id"] for e in client.get("/api/events", headers=AUTH).get_json()}


def test_the_display_period_is_a_setting(home, store):
    settings = Settings.from_env({"POLICYKG_HOME": str(home), "POLICYKG_API_TOKEN": TOKEN,
                                  "POLICYKG_DISPLAY_PERIOD_DAYS": "36500"})
    client = create_app(settings, store).test_client()
    record(client, procurement_default("century", occurred_on="2018-05-02", recognised_on="2018-06-01"))
    assert client.get("/api/events/century").get_json()["display_until"] == "2118-05-08"
    with pytest.raises(ConfigurationError, match="POLICYKG_DISPLAY_PERIOD_DAYS"):
        Settings.from_env({"POLICYKG_DISPLAY_PERIOD_DAYS": "three years"})


def test_every_part_of_the_lifecycle_cites_the_texts_that_provide_for_it(client):
    record(client, procurement_default("basis"))
    basis = client.get("/api/events/basis").get_json()["lifecycle_basis"]
    objection = {(b["clause_id"], b["quote"]) for b in basis["objection"]}
    assert ("zhanqian-2024/5.3", "严格依法依规采集政府及其有关部门和公务员的政务失信记录,制定信用信息异议、投诉流程,"
            "及时处理异议申请或者投诉,更正或者撤销错误信息。") in objection
    assert any(b["policy_id"] == "zhangzhou-2018" and "展示期限" in b["quote"] for b in basis["display"])
    assert any(b["policy_id"] == "zhanqian-2024" and "信用修复" in b["quote"] for b in basis["repair"])
