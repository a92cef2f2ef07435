"""Dishonesty records over HTTP on the embedded store: recording behind the token, reading
with the current evaluation, masking, the responsibility chain, an official's records,
and bad input. The lifecycle is in test_events_lifecycle.py."""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from pathlib import Path

import neo4j
import pytest
from werkzeug.serving import make_server

from policykg.api.app import create_app
from policykg.queries.embedded import EmbeddedStore
from policykg.settings import Settings

TOKEN = "audit-7f3c-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def procurement_default(event_id: str, **changes) -> dict:
    """The DESIGN contract's example: a district finance bureau, serious, two officials."""
    event = {
        "id": event_id, "occurred_on": "2024-06-01", "jurisdiction": "营口市站前区",
        "subject": {"kind": "agency", "name": "区财政局"}, "domain": "政府采购",
        "behaviour": "项目资金支付环节违约", "severity": "严重",
        "persons": [{"name": "孙某", "role": "法定代表人"}, {"name": "周某", "role": "直接责任人"}],
        "remedied": False, "fault_tolerance": False,
    }
    return event | changes


@pytest.fixture(scope="module")
def home(seed_home_module_copy) -> Path:
    return seed_home_module_copy


@pytest.fixture(scope="module")
def store(home) -> EmbeddedStore:
    return EmbeddedStore.open(home)


@pytest.fixture(scope="module")
def client(home, store):
    settings = Settings.from_env({"POLICYKG_HOME": str(home), "POLICYKG_API_TOKEN": TOKEN})
    return create_app(settings, store).test_client()


def record(client, event: dict) -> dict:
    response = client.post("/api/events", json=event, headers=AUTH)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def journal_entries(home: Path) -> list[str]:
    folder = home / "events" / "journal"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- writing needs the token ----------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": "Bearer 审计"},
])
def test_a_post_without_the_right_token_is_401_and_writes_nothing(client, home, headers):
    before = journal_entries(home)
    response = client.post("/api/events", json=procurement_default("no-token"), headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["field"] == "Authorization"
    assert journal_entries(home) == before
    assert client.get("/api/events/no-token", headers=AUTH).status_code == 404


def test_a_server_without_a_token_accepts_no_token_at_all(home, store):
    app = create_app(Settings.from_env({"POLICYKG_HOME": str(home)}), store)
    response = app.test_client().post("/api/events", json=procurement_default("tokenless"), headers=AUTH)
    assert response.status_code == 401
    assert "POLICYKG_API_TOKEN" in response.get_json()["error"]["message"]
    assert "tokenless" not in [e.id for e in store.events()]


def test_recording_writes_no_policy_generation(client, home, store):
    manifest = (home / "manifest.json").read_bytes()
    generation = store.snapshot().generation
    record(client, procurement_default("gen-check"))
    assert (home / "manifest.json").read_bytes() == manifest
    assert store.snapshot().generation == generation
    assert len(journal_entries(home)) >= 1


# --- what is stored -------------------------------------------------------------------------


def test_persons_become_officials_holding_posts_in_the_agency_the_texts_name(client, store):
    answer = record(client, procurement_default("posts"))
    assert answer["agency"]["name"] == "营口市站前区财政局"
    # The same agency node the policy texts bind (区财政局 in 站前区 is 营口市站前区财政局).
    assert answer["agency"]["id"] in {a.id for a in store.agencies("营口市站前区财政局")}
    assert [(p["name"], p["role"], p["role_code"]) for p in answer["persons"]] == [
        ("孙某", "法定代表人", "legal-representative"), ("周某", "直接责任人", "directly-responsible-person"),
    ]
    rows = store.rows("event_persons", event=None, name="孙某")
    assert {row["event_id"] for row in rows} >= {"posts"}


def test_events_survive_a_restart(client, home):
    record(client, procurement_default("restart"))
    reopened = EmbeddedStore.open(home)
    assert reopened.event("restart").persons[0].name == "孙某"


def test_a_duplicate_id_is_409_and_an_absent_id_is_generated(client):
    record(client, procurement_default("dup"))
    again = client.post("/api/events", json=procurement_default("dup", behaviour="另一事件"), headers=AUTH)
    assert again.status_code == 409 and again.get_json()["error"]["field"] == "id"
    assert client.get("/api/events/dup", headers=AUTH).get_json()["event"]["behaviour"] == "项目资金支付环节违约"
    event = procurement_default("x")
    del event["id"]
    generated = record(client, event)
    assert generated["id"].startswith("ev-")
    assert client.get(f"/api/events/{generated['id']}", headers=AUTH).status_code == 200


def test_an_event_is_returned_with_its_current_evaluation(client):
    record(client, procurement_default("evaluated"))
    answer = client.get("/api/events/evaluated").get_json()
    sanctions = {(s["sanction"], s["basis"][0]["path"]) for s in answer["evaluation"]["sanctions"]}
    assert ("公开通报批评", "五.(二)") in sanctions
    assert ("依法给予处分", "五.(二)") in sanctions
    assert answer["evaluation"]["applicable_policies"][0]["id"] == "zhanqian-2024"


# --- privacy --------------------------------------------------------------------------------


def test_the_public_sees_names_masked_everywhere_and_the_auditor_in_full(client):
    record(client, procurement_default("masked"))
    for path in ("/api/events/masked", "/api/events/masked/chain", "/api/events"):
        public = client.get(path).get_data(as_text=True)
        assert "孙某" not in public and "周某" not in public, path
        assert "孙*" in public and "周*" in public, path
        audited = client.get(path, headers=AUTH).get_data(as_text=True)
        assert "孙某" in audited and "周某" in audited, path


def test_an_officials_own_record_masks_the_subject_too(client):
    event = procurement_default("own-record", subject={"kind": "official", "name": "王小明"}, persons=[])
    record(client, event)
    public = client.get("/api/events/own-record").get_data(as_text=True)
    assert "王小明" not in public and "王*" in public


def test_masking_touches_only_the_fields_that_hold_names(client):
    """A person called 严重 leaves the severity 严重 alone (masking it would also give the name away)."""
    record(client, procurement_default("vocabulary-name", persons=[{"name": "严重", "role": "法定代表人"}],
                                       behaviour="严重未按合同约定支付"))
    public = client.get("/api/events/vocabulary-name").get_json()
    assert public["persons"][0]["name"] == "严*" and public["event"]["persons"][0]["name"] == "严*"
    assert public["event"]["severity"] == "严重" and public["evaluation"]["event"]["severity"] == "严重"
    premises = {p["text"] for s in public["evaluation"]["sanctions"] for j in s["justification"] for p in j["premises"]}
    assert "失信程度为严重" in premises
    assert {p["name"] for p in public["evaluation"]["accountable_persons"] if p["name"]} == {"严*"}
    assert public["event"]["behaviour"] == "严*未按合同约定支付"  # free text may spell out a name: masked there
    assert "\ue000" not in json.dumps(public, ensure_ascii=False)  # no stand-in left over
    chain = client.get("/api/events/vocabulary-name/chain").get_json()
    assert {n["label"] for n in chain["nodes"] if n["kind"] == "person" and "未识别" not in n["label"]} == {"严*"}


def test_what_a_client_adds_to_a_person_is_not_shown_to_the_public(client):
    record(client, procurement_default("extra-keys", persons=[{"name": "孙某", "role": "法定代表人", "note": "孙某本人"}]))
    public = client.get("/api/events/extra-keys").get_data(as_text=True)
    assert "孙某" not in public and "孙*" in public


def test_no_filter_matches_a_persons_name(client):
    """A public filter that matched the official of an official's own record would confirm a
    masked name to whoever guesses it (and put it in the access log). Officials are found by
    POST /api/officials/search; the agency filter matches agencies, for every caller."""
    record(client, procurement_default("oracle", subject={"kind": "official", "name": "欧阳修文"}, persons=[]))
    record(client, procurement_default("oracle-agency", subject={"kind": "official", "name": "欧阳修武", "agency": "区财政局"},
                                       persons=[]))
    for headers in ({}, AUTH):
        guessed = {e["id"] for e in client.get("/api/events", query_string={"agency": "欧阳修文"}, headers=headers).get_json()}
        wrong = {e["id"] for e in client.get("/api/events", query_string={"agency": "欧阳x"}, headers=headers).get_json()}
        assert guessed == wrong == set()
        assert "oracle-agency" not in {e["id"] for e in client.get("/api/events", query_string={"agency": "欧阳修武"},
                                                                    headers=headers).get_json()}
        # the agency an official serves in is an agency: it is found by the filter
        assert "oracle-agency" in {e["id"] for e in client.get("/api/events", query_string={"agency": "站前区财政局"},
                                                                headers=headers).get_json()}
    assert [e["id"] for e in client.post("/api/officials/search", json={"name": "欧阳修文"}, headers=AUTH).get_json()] == []
    assert client.get("/api/events/oracle").get_json()["subject"]["name"] == "欧*"


def test_a_get_with_a_wrong_token_is_refused_rather_than_served_masked(client):
    assert client.get("/api/events", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_names_are_never_written_to_the_logs(client, home, store, caplog):
    """Through a real server, whose request log is on: paths show, names never do."""
    app = create_app(Settings.from_env({"POLICYKG_HOME": str(home), "POLICYKG_API_TOKEN": TOKEN}), store)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"

    def call(method, path, body=None, headers=AUTH):
        request = urllib.request.Request(base + path, method=method, headers={"Content-Type": "application/json", **headers},
                                         data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        with caplog.at_level(logging.DEBUG):
            assert call("POST", "/api/events", procurement_default("logged")) == 201
            assert call("POST", "/api/events", procurement_default("logged")) == 409
            assert call("POST", "/api/events", procurement_default("refused"), headers={}) == 401
            assert call("POST", "/api/events", procurement_default("bad", persons=[{"name": "孙某", "role": "局长"}])) == 400
            assert call("GET", "/api/events/logged", headers={}) == 200
            assert call("GET", "/api/events/logged/chain") == 200
            assert call("POST", "/api/officials/search", {"name": "孙某"}) == 200
            assert call("POST", "/api/events/logged/transitions", {"to": "objected", "reason": "孙某本人提出异议", "actor": "周某"}) == 201
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert "/api/officials/search" in caplog.text  # the request log was captured
    assert "孙某" not in caplog.text and "周某" not in caplog.text


# --- listing --------------------------------------------------------------------------------


def test_the_list_filters_by_jurisdiction_inside_agency_dates_and_status(client):
    record(client, procurement_default("filter-a", occurred_on="2024-03-01"))
    record(client, procurement_default("filter-b", occurred_on="2024-09-01", jurisdiction="西宁市",
                                       subject={"kind": "agency", "name": "西宁市财政局"}))

    def ids(**query):
        response = client.get("/api/events", query_string=query, headers=AUTH)
        assert response.status_code == 200, response.get_json()
        return {event["id"] for event in response.get_json()}

    assert {"filter-a"} <= ids(jurisdiction="辽宁省") and "filter-b" not in ids(jurisdiction="辽宁省")
    assert "filter-b" in ids(jurisdiction="青海省") and "filter-a" not in ids(jurisdiction="青海省")
    assert "filter-b" in ids(agency="西宁市财政局") and "filter-a" not in ids(agency="西宁市财政局")
    assert "filter-a" in ids(agency="区财政局")
    assert "filter-a" in ids(**{"from": "2024-02-01", "to": "2024-04-01"})
    assert "filter-b" not in ids(**{"from": "2024-02-01", "to": "2024-04-01"})
    assert "filter-a" in ids(status="recorded") and "filter-a" not in ids(status="revoked")


@pytest.mark.parametrize("query, field", [
    ({"status": "deleted"}, "status"), ({"from": "2024-13-01"}, "from"), ({"to": "yesterday"}, "to"),
    ({"jurisdiction": "火星市"}, "jurisdiction"),
])
def test_a_bad_filter_is_a_4xx_naming_it(client, query, field):
    response = client.get("/api/events", query_string=query)
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]["field"] == field


# --- the responsibility chain ----------------------------------------------------------------


def test_the_chain_runs_from_persons_to_posts_to_the_agency_to_its_jurisdictions(client):
    record(client, procurement_default("chain"))
    chain = client.get("/api/events/chain/chain", headers=AUTH).get_json()
    nodes = {node["id"]: node for node in chain["nodes"]}
    edges = {(edge["from"], edge["kind"], edge["to"]) for edge in chain["edges"]}
    agency = next(node for node in nodes.values() if node["kind"] == "agency")
    assert agency["label"] == "营口市站前区财政局"
    assert ("person:1", "holds", "post:1") in edges and ("post:1", "post_in", agency["id"]) in edges
    assert nodes["person:1"]["label"] == "孙某" and nodes["post:1"]["label"] == "法定代表人"
    assert (agency["id"], "in_jurisdiction", "jurisdiction:210802") in edges
    assert ("jurisdiction:210802", "part_of", "jurisdiction:210800") in edges
    assert ("jurisdiction:210800", "part_of", "jurisdiction:210000") in edges
    # the policy above the district's: it implements the city's opinion
    assert any(start == "policy:zhanqian-2024" and kind == "implements" for start, kind, _ in edges)
    assert any(kind in ("lead", "cooperating", "responsible") and end == agency["id"] for _, kind, end in edges)


def test_an_officials_own_record_chains_to_the_jurisdiction_with_the_official_once(client):
    record(client, procurement_default("own-chain", subject={"kind": "official", "name": "欧阳修文"},
                                       persons=[{"name": "欧阳修文", "role": "公务员"}]))
    chain = client.get("/api/events/own-chain/chain", headers=AUTH).get_json()
    people = [node for node in chain["nodes"] if node["kind"] == "person"]
    assert [node["label"] for node in people] == ["欧阳修文"]
    edges = {(edge["from"], edge["kind"], edge["to"]) for edge in chain["edges"]}
    official = people[0]["id"]
    assert ("event", "committed_by", official) in edges and ("event", "involves", official) not in edges
    post = next(end for start, kind, end in edges if start == official and kind == "holds")
    assert (post, "post_in", "jurisdiction:210802") in edges  # no agency named: the post is in the district
    assert ("jurisdiction:210802", "part_of", "jurisdiction:210800") in edges
    public = client.get("/api/events/own-chain/chain").get_json()
    assert [n["label"] for n in public["nodes"] if n["kind"] == "person"] == ["欧*"]


def test_an_officials_own_record_may_name_the_agency_they_serve_in(client):
    event = procurement_default("own-agency", subject={"kind": "official", "name": "欧阳修文", "agency": "区财政局"}, persons=[])
    answer = record(client, event)
    assert answer["agency"]["name"] == "营口市站前区财政局" and answer["subject"]["name"] == "欧阳修文"
    chain = client.get("/api/events/own-agency/chain", headers=AUTH).get_json()
    nodes = {node["id"]: node for node in chain["nodes"]}
    edges = {(edge["from"], edge["kind"], edge["to"]) for edge in chain["edges"]}
    agency = next(node["id"] for node in nodes.values() if node["kind"] == "agency")
    assert ("person:subject", "holds", "post:subject") in edges and nodes["post:subject"]["label"] == "公务员"
    assert ("post:subject", "post_in", agency) in edges and (agency, "in_jurisdiction", "jurisdiction:210802") in edges
    assert ("event", "committed_by", "person:subject") in edges
    assert any(kind in ("lead", "cooperating", "responsible") and end == agency for _, kind, end in edges)
    # POST /api/evaluate is unchanged by the field: the event model ignores it
    without = dict(event, subject={"kind": "official", "name": "欧阳修文"})
    assert client.post("/api/evaluate", json=event).get_json() == client.post("/api/evaluate", json=without).get_json()
    refused = client.post("/api/events", json=procurement_default("agency-agency", subject={
        "kind": "agency", "name": "区财政局", "agency": "区发改局"}), headers=AUTH)
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "subject.agency"


def test_each_sanction_names_who_enforces_it_as_the_clause_says(client):
    record(client, procurement_default("enforcers"))
    chain = client.get("/api/events/enforcers/chain", headers=AUTH).get_json()
    enforcers = {(s["sanction"], s["target"]["name"]): {e["name"] for e in s["enforcers"]} for s in chain["sanctions"]}
    assert "公职人员任免机关、单位" in enforcers[("依法给予处分", "孙某")]
    assert {"营口市站前区纪委监委", "营口市站前区委组织部"} <= enforcers[("依法给予处分", "孙某")]
    assert "监察机关" in enforcers[("移送监察机关", "孙某")]
    assert "公职人员任免机关、单位" not in enforcers[("公开通报批评", "区财政局")]


def test_every_cited_enforcer_and_edge_rests_on_the_clause_text_verbatim(client):
    record(client, procurement_default("verbatim"))
    chain = client.get("/api/events/verbatim/chain", headers=AUTH).get_json()
    texts = {}
    cited = [edge["basis"] for edge in chain["edges"] if edge["basis"]]
    cited += [enforcer["basis"] for s in chain["sanctions"] for enforcer in s["enforcers"]]
    assert cited
    for basis in cited:
        if basis["clause_id"] not in texts:
            texts[basis["clause_id"]] = client.get(f"/api/clauses/{basis['clause_id']}").get_json()["text"]
        assert basis["quote"] in texts[basis["clause_id"]]
    for sanction in chain["sanctions"]:
        for enforcer in sanction["enforcers"]:
            if enforcer["quote"] is not None:
                assert enforcer["name"] in enforcer["quote"] and enforcer["quote"] in enforcer["basis"]["quote"]


def test_from_a_person_the_auditor_reaches_every_event_and_sanction(client):
    record(client, procurement_default("person-1", persons=[{"name": "钱某某", "role": "法定代表人"}]))
    record(client, procurement_default("person-2", persons=[{"name": "钱某某", "role": "主要负责人"}]))
    assert client.post("/api/officials/search", json={"name": "钱某某"}).status_code == 401
    found = client.post("/api/officials/search", json={"name": "钱某某"}, headers=AUTH).get_json()
    assert [entry["id"] for entry in found] == ["person-1", "person-2"]
    assert [entry["accountable_as"][0]["role"] for entry in found] == ["法定代表人", "主要负责人"]
    assert all("依法给予处分" in {s["sanction"] for s in entry["sanctions"]} for entry in found)


# --- bad input ------------------------------------------------------------------------------


def test_odd_unicode_and_injection_looking_text_are_stored_verbatim_and_harmless(client, store):
    policies = store.policy_count()
    odd = "孙\u200d某\u202e\U0001F600e\u0301"
    hostile = "'; DROP TABLE events; -- <script>alert(1)</script> MATCH (n) DETACH DELETE n } WHERE { ?s ?p ?o"
    answer = record(client, procurement_default("odd", behaviour=hostile, persons=[{"name": odd, "role": "法定代表人"}]))
    stored = client.get("/api/events/odd", headers=AUTH).get_json()
    assert stored["event"]["behaviour"] == hostile and stored["persons"][0]["name"] == odd
    assert answer["event"]["behaviour"] == hostile
    assert store.policy_count() == policies


@pytest.mark.parametrize("change, field", [
    ({"behaviour": "失" * 501}, "behaviour"),
    ({"persons": [{"name": "孙" * 501, "role": "法定代表人"}]}, "persons[0].name"),
    ({"persons": [{"name": f"某{i}", "role": "法定代表人"} for i in range(51)]}, "persons"),
    ({"behaviour": "bell\u0007"}, "behaviour"),
    ({"id": "a/b"}, "id"), ({"id": "x" * 101}, "id"), ({"id": "事件一"}, "id"),
    ({"recognised_on": "2024-05-01"}, "recognised_on"),
    ({"recorded_by": "甲" * 101}, "recorded_by"),
])
def test_bad_fields_are_refused_naming_the_field(client, home, change, field):
    before = journal_entries(home)
    response = client.post("/api/events", json=procurement_default("bad-field") | change, headers=AUTH)
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]["field"] == field
    assert journal_entries(home) == before


def test_a_lone_surrogate_is_refused_naming_the_field(client):
    body = json.dumps(procurement_default("surrogate"), ensure_ascii=True).replace("\\u5b59\\u67d0", "\\ud800")
    response = client.post("/api/events", data=body, content_type="application/json", headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "persons[0].name"


# --- Neo4j refusing a record the journal kept -------------------------------------------------


def test_a_record_neo4j_refuses_is_kept_in_the_journal_and_the_error_says_so(home, store, free_port):
    from policykg.queries.events import Transition
    from policykg.queries.neo4j_store import Neo4jStore, RecordPendingSync

    settings = Settings.from_env({"POLICYKG_HOME": str(home), "POLICYKG_API_TOKEN": TOKEN})
    # The real driver, pointed at a loopback port nothing listens on: its writes fail as they
    # do when the server stops between the journal write and the graph write.
    gone = f"bolt://127.0.0.1:{free_port()}"
    with neo4j.GraphDatabase.driver(gone, auth=("neo4j", "unused"), connection_timeout=2,
                                    max_transaction_retry_time=0) as driver:
        neo4j_store = Neo4jStore(driver, settings.neo4j, store)
        client = create_app(settings, neo4j_store).test_client()
        response = client.post("/api/events", json=procurement_default("neo4j-down"), headers=AUTH)
        error = response.get_json()["error"]
        assert response.status_code == 503 and error["code"] == "record-pending-sync"
        assert error["event_id"] == "neo4j-down" and error["kept_in_journal"] is True
        assert "kept in the event journal" in error["message"] and "policykg sync" in error["message"]
        assert store.event("neo4j-down").status == "recorded"  # the journal has it: what a sync writes
        again = client.post("/api/events", json=procurement_default("neo4j-down"), headers=AUTH)
        assert again.status_code == 409

        transition = Transition(step=1, from_status="recorded", to_status="objected", actor="甲", reason="异议",
                                at="2026-01-01T00:00:00.000000Z")
        with pytest.raises(RecordPendingSync, match=r"moved to objected \(step 1\)"):
            neo4j_store.record_transition("neo4j-down", transition)
    assert store.event("neo4j-down").status == "objected"
