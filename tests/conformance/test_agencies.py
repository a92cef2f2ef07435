"""Agencies, their aliases and obligations, the same from every store."""

from __future__ import annotations


def test_agencies_match_an_alias_and_answer_the_canonical_name(api):
    names = {a["name"]: a for a in api.get("/api/agencies", q="区财政局")}
    assert names["营口市站前区财政局"]["kind"] == "finance"
    assert "区财政局" in names["营口市站前区财政局"]["aliases"]


def test_agencies_without_q_list_every_agency_and_q_narrows(api):
    everything = api.get("/api/agencies")
    some = api.get("/api/agencies", q="财政")
    assert len(everything) > len(some) > 1
    assert all("财政" in a["name"] or any("财政" in alias for alias in a["aliases"]) for a in some)


def test_agency_obligations_cite_each_binding_clause(api):
    finance = api.get("/api/agencies", q="营口市站前区财政局")[0]
    answer = api.get(f"/api/agencies/{finance['id']}/obligations")
    assert {o["clause_id"]: o["role"] for o in answer["obligations"]}["zhanqian-2024/4.3"] == "lead"
    assert "qinghai-2017" in {o["policy_id"] for o in answer["same_kind"]}
    for obligation in answer["obligations"]:
        assert obligation["basis"]["quote"] == api.get(f"/api/clauses/{obligation['clause_id']}")["text"]


def test_each_finance_agency_answers_its_obligations(api):
    for agency in api.get("/api/agencies", q="财政"):
        answer = api.get(f"/api/agencies/{agency['id']}/obligations")
        assert answer["agency"]["id"] == agency["id"]


def test_unknown_agency_is_a_404(api):
    assert api.get("/api/agencies/no-such-agency/obligations", status=404)["error"]["code"] == "not-found"
