"""Clauses with their agencies, sanctions and obligations, the same from every store."""

from __future__ import annotations

import pytest


def test_clause_quotes_the_seed_verbatim_with_agencies_and_sanctions(api, seed_paths):
    clause = api.get("/api/clauses/zhanqian-2024/5.2")
    assert (clause["policy_id"], clause["path"], clause["heading"]) == ("zhanqian-2024", "五.(二)", "严格信用失信责任追究")
    assert clause["text"] in seed_paths[2].read_text(encoding="utf-8")
    assert clause["lead_agencies"] and clause["cooperating_agencies"]
    assert "public-criticism" in {s["code"] for s in clause["sanctions"]}
    assert all(s["quote"] in clause["text"] for s in clause["sanctions"])
    assert all(o["text"] in clause["text"] for o in clause["obligations"])


# jiangsu-2023 is a news summary without numbered clauses.
@pytest.mark.parametrize("policy_id", ["qinghai-2017", "shenzhen-2020", "zhanqian-2024", "zhangzhou-2018"])
def test_a_clause_answers_alone_as_in_its_policy_tree(api, policy_id):
    top = api.get(f"/api/policies/{policy_id}")["clauses"][0]
    leaf = top
    while leaf["children"]:
        leaf = leaf["children"][-1]
    assert api.get(f"/api/clauses/{top['id']}") == top  # a subtree
    assert api.get(f"/api/clauses/{leaf['id']}") == leaf


def test_unknown_clause_is_a_404(api):
    assert api.get("/api/clauses/zhanqian-2024/99", status=404)["error"]["field"] == "clause_id"
