"""The record lifecycle over HTTP: objection, review, correction, revocation, credit repair,
the display period, and the history that keeps every step."""

from __future__ import annotations

import shutil

import pytest

from policykg.api.app import create_app
from policykg.errors import ConfigurationError, Conflict
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


def own_record(event_id: str, **changes) -> dict:
    """A civil servant's own record (公务员失信记录) in 站前区."""
    return procurement_default(event_id, subject={"kind": "official", "name": "王某"}, persons=[]) | changes


def test_an_invalid_transition_is_409_listing_the_allowed_ones(client, store):
    record(client, procurement_default("invalid"))
    error = move(client, "invalid", "revoked", status=409)["error"]
    assert error["field"] == "to" and "it can move to: objected" in error["message"]
    assert error["allowed"] == ["objected"] and error["status"] == "recorded"  # machine-readable
    assert store.event("invalid").transitions == ()
    record(client, own_record("invalid-own"))
    assert move(client, "invalid-own", "corrected", status=409)["error"]["allowed"] == ["objected", "repaired"]
    move(client, "invalid", "objected")
    move(client, "invalid", "under-review")
    move(client, "invalid", "revoked")
    final = move(client, "invalid", "objected", status=409)["error"]
    assert "none" in final["message"] and final["allowed"] == []


def test_credit_repair_is_open_only_where_an_applicable_text_provides_it_for_the_subject_kind(client):
    # zhanqian-2024 五.(四) provides repair of 公务员失信记录 only: not of an agency's record,
    # remedied or not (主动挽回损失… is a mitigation of sanctions, not a condition for repair).
    record(client, procurement_default("repair-agency", remedied=True))
    error = move(client, "repair-agency", "repaired", status=409)["error"]
    assert "信用修复" in error["message"] and "repaired" not in error["allowed"]
    assert "repaired" not in client.get("/api/events/repair-agency", headers=AUTH).get_json()["allowed_transitions"]

    record(client, own_record("repair-own"))
    assert "repaired" in client.get("/api/events/repair-own", headers=AUTH).get_json()["allowed_transitions"]
    repaired = move(client, "repair-own", "repaired")
    assert repaired["status"] == "repaired" and repaired["displayed"] is False
    assert repaired["transitions"][-1]["basis"] == [{
        "policy_id": "zhanqian-2024", "clause_id": "zhanqian-2024/5.4", "path": "五.(四)", "quote": "探索扩展公务员失信记录信用修复渠道。",
    }]
    assert "repair-own" not in public_ids(client)

    # shenzhen-2020 三.(一).3 provides it for 政府部门 too; jiangsu-2023 for no one.
    record(client, procurement_default("repair-shenzhen", jurisdiction="深圳市", subject={"kind": "agency", "name": "市财政局"}))
    basis = move(client, "repair-shenzhen", "repaired")["transitions"][-1]["basis"]
    assert [(b["clause_id"], b["path"]) for b in basis] == [("shenzhen-2020/3.1.3", "三.(一).3")]
    record(client, own_record("repair-jiangsu", jurisdiction="南京市"))
    assert move(client, "repair-jiangsu", "repaired", status=409)["error"]["allowed"] == ["objected"]


def test_a_correction_restates_the_event_and_keeps_the_version_it_replaced(client):
    record(client, procurement_default("correct"))
    move(client, "correct", "objected")
    move(client, "correct", "under-review")
    corrected = move(client, "correct", "corrected", event=procurement_default("ignored", remedied=True))
    assert corrected["event"]["remedied"] is True and corrected["id"] == "correct"
    assert corrected["transitions"][-1]["replaced_event"]["remedied"] is False  # the old version is kept
    assert any(m["applies"] for m in corrected["evaluation"]["mitigations"])


def test_a_correction_moving_occurred_on_past_the_day_of_recognition_is_refused(client, store):
    record(client, procurement_default("redate", recognised_on="2024-07-01"))
    move(client, "redate", "objected")
    move(client, "redate", "under-review")
    later = procurement_default("redate", occurred_on="2025-01-01")
    error = move(client, "redate", "corrected", status=400, event=later)["error"]
    assert error["field"] == "event.recognised_on" and "2024-07-01" in error["message"]
    assert store.event("redate").status == "under-review"
    corrected = move(client, "redate", "corrected", event=later | {"recognised_on": "2025-02-01"})
    assert (corrected["occurred_on"], corrected["recognised_on"]) == ("2025-01-01", "2025-02-01")


def test_a_restated_events_bad_field_is_named_inside_event(client):
    record(client, procurement_default("restate-bad"))
    move(client, "restate-bad", "objected")
    move(client, "restate-bad", "under-review")
    error = move(client, "restate-bad", "corrected", status=400, event=procurement_default("x", severity="很严重"))["error"]
    assert error["field"] == "event.severity"


def test_each_transition_cites_its_clause_or_says_it_is_procedural(client):
    record(client, procurement_default("cited"))
    move(client, "cited", "objected")
    move(client, "cited", "under-review")
    history = move(client, "cited", "revoked")["transitions"]
    objection, review, revocation = history
    assert [b["clause_id"] for b in objection["basis"]] == ["zhanqian-2024/5.3"]
    assert "异议" in objection["basis"][0]["quote"] and not objection["procedural"]
    assert review["basis"] == [] and review["procedural"] is True  # under-review: no text names it
    assert "撤销错误信息" in revocation["basis"][0]["quote"]
    for step in history:
        for basis in step["basis"]:
            assert basis["quote"] in client.get(f"/api/clauses/{basis['clause_id']}").get_json()["text"]


def test_a_writer_that_read_a_record_before_it_moved_is_refused(client, store):
    """Optimistic concurrency: the journal appends a transition only at the step it was
    made for, even when the record is back at the same status (upheld -> ... -> upheld)."""
    record(client, procurement_default("race"))
    for to in ("objected", "under-review", "upheld"):
        move(client, "race", to)
    stale = store.event("race")  # read by a writer who then waits
    for to in ("objected", "under-review", "upheld"):
        move(client, "race", to)  # another writer moves it, back to upheld
    from policykg.api.records import new_transition
    from datetime import datetime, timezone
    transition, _ = new_transition({"to": "objected", "reason": "迟到的异议", "actor": "乙"}, stale, datetime.now(timezone.utc))
    assert transition.step == 4 and transition.from_status == store.event("race").status
    with pytest.raises(Conflict, match="moved meanwhile"):
        store.record_transition("race", transition)
    steps = [t.step for t in store.event("race").transitions]
    assert steps == [1, 2, 3, 4, 5, 6]
    # Over HTTP, a client says which step it means to make.
    error = move(client, "race", "objected", status=409, step=4)["error"]
    assert error["field"] == "step" and "moved meanwhile" in error["message"]
    assert move(client, "race", "objected", step=7)["transitions"][-1]["step"] == 7
    assert move(client, "race", "under-review", status=400, step="eight")["error"]["field"] == "step"


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
    assert set(basis) == {"objection", "correction", "repair", "display"}
    objection = {(b["clause_id"], b["quote"]) for b in basis["objection"]}
    assert ("zhanqian-2024/5.3", "严格依法依规采集政府及其有关部门和公务员的政务失信记录,制定信用信息异议、投诉流程,"
            "及时处理异议申请或者投诉,更正或者撤销错误信息。") in objection
    assert any(b["policy_id"] == "zhangzhou-2018" and "展示期限" in b["quote"] for b in basis["display"])
    repair = {b["clause_id"]: b for b in basis["repair"]}
    assert repair["zhanqian-2024/5.4"]["quote"] == "探索扩展公务员失信记录信用修复渠道。"
    assert repair["zhanqian-2024/5.4"]["subjects"] == ["official"]
    assert repair["zhanqian-2024/5.4"]["applies"] is False  # an agency's record
    assert all("主动挽回损失" not in b["quote"] for b in basis["repair"])  # a mitigation is no repair condition
    for part in basis.values():
        for citation in part:
            text = client.get(f"/api/clauses/{citation['clause_id']}").get_json()["text"]
            assert citation["quote"] in text and "\n" not in citation["quote"]  # a sentence, no heading glued on
    record(client, own_record("basis-own"))
    own = client.get("/api/events/basis-own").get_json()["lifecycle_basis"]
    assert {b["clause_id"] for b in own["repair"] if b["applies"]} == {"zhanqian-2024/5.4"}
    assert not any(b["applies"] for b in own["display"])  # zhangzhou-2018 does not reach 站前区


def test_every_declared_provision_is_found_verbatim_in_the_seeds(store):
    from policykg.api.evaluation import build_context
    from policykg.api.lifecycle import loaded_provisions, read_provisions

    facts = build_context(store, store.generation()).facts
    declared = read_provisions()
    found = loaded_provisions(facts)
    assert [(p.policy_id, p.path, p.quote) for p in found] == [(p.policy_id, p.path, p.quote) for p in declared]
