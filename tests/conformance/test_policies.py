"""Policies and their clause trees, the same from every store."""

from __future__ import annotations

import re

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEED_IDS = {"qinghai-2017", "shenzhen-2020", "zhanqian-2024", "jiangsu-2023", "zhangzhou-2018"}


def _walk(clauses):
    for clause in clauses:
        yield clause
        yield from _walk(clause["children"])


def test_health_counts_the_five_seeds_and_names_the_store(api):
    assert api.get("/api/health") == {"status": "ok", "store": api.kind, "policies": 5}


def test_policies_list_loaded_seeds_first_then_cited_ones(api):
    policies = api.get("/api/policies")
    loaded = [p["loaded"] for p in policies]
    assert loaded == sorted(loaded, reverse=True)
    assert {p["id"] for p in policies if p["loaded"]} == SEED_IDS
    qinghai = next(p for p in policies if p["id"] == "qinghai-2017")
    assert (qinghai["doc_number"], qinghai["issued_on"], qinghai["effective_from"]) == (
        "青政〔2017〕47号", "2017-08-01", "2017-08-31",
    )
    for policy in policies:
        assert all(policy[f] is None or ISO_DATE.match(policy[f]) for f in ("issued_on", "effective_from"))


def test_references_point_at_listed_policies_with_their_relation(api):
    policies = {p["id"]: p for p in api.get("/api/policies")}
    zhanqian = {r["doc_number"]: r for r in policies["zhanqian-2024"]["references"]}
    assert policies[zhanqian["营政发〔2022〕16号"]["policy_id"]]["loaded"] is False
    assert all(r["policy_id"] in policies for p in policies.values() for r in p["references"])


def test_every_policy_answers_with_its_clause_tree(api):
    for policy in api.get("/api/policies"):
        detail = api.get(f"/api/policies/{policy['id']}")
        assert all(c["policy_id"] == policy["id"] for c in _walk(detail["clauses"]))


def test_policy_tree_nests_clauses_in_document_order(api):
    policy = api.get("/api/policies/zhanqian-2024")
    assert [c["path"] for c in policy["clauses"]] == ["一", "二", "三", "四", "五", "六"]
    assert [c["path"] for c in policy["clauses"][4]["children"]] == ["五.(一)", "五.(二)", "五.(三)", "五.(四)"]


def test_unknown_policy_is_a_404_naming_it(api):
    answer = api.get("/api/policies/no-such-policy", status=404)
    assert answer["error"]["code"] == "not-found"
    assert "no-such-policy" in answer["error"]["message"]
