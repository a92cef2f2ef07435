"""The read side of the API over the five seeds, as a policy researcher uses it."""

from __future__ import annotations

import re

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEED_IDS = {"qinghai-2017", "shenzhen-2020", "zhanqian-2024", "jiangsu-2023", "zhangzhou-2018"}


def _walk(clauses):
    for clause in clauses:
        yield clause
        yield from _walk(clause["children"])


def test_health_reports_the_store_and_the_five_seeds(seed_client):
    assert seed_client.get("/api/health").get_json() == {"status": "ok", "store": "embedded", "policies": 5}


def test_policies_lists_the_seeds_with_their_metadata(seed_client):
    policies = {p["id"]: p for p in seed_client.get("/api/policies").get_json()}
    assert {pid for pid, p in policies.items() if p["loaded"]} == SEED_IDS
    qinghai = policies["qinghai-2017"]
    assert qinghai["doc_number"] == "青政〔2017〕47号"
    assert (qinghai["issued_on"], qinghai["effective_from"]) == ("2017-08-01", "2017-08-31")
    assert qinghai["title"] == "青海省人民政府关于青海省加强政务诚信建设的实施意见"
    for policy in policies.values():
        for field in ("issued_on", "effective_from"):
            assert policy[field] is None or ISO_DATE.match(policy[field])


def test_a_cited_policy_that_is_not_loaded_is_listed_as_not_loaded(seed_client):
    policies = {p["id"]: p for p in seed_client.get("/api/policies").get_json()}
    references = {r["doc_number"]: r for r in policies["zhanqian-2024"]["references"]}
    cited = references["营政发〔2022〕16号"]
    assert cited["title"] == "营口市人民政府关于加强诚信政府建设的实施意见"
    assert policies[cited["policy_id"]]["loaded"] is False
    for policy in policies.values():
        assert all(reference["policy_id"] in policies for reference in policy["references"])


def test_policy_has_its_clause_tree_in_document_order(seed_client):
    policy = seed_client.get("/api/policies/zhanqian-2024").get_json()
    assert [c["path"] for c in policy["clauses"]] == ["一", "二", "三", "四", "五", "六"]
    five = policy["clauses"][4]
    assert five["heading"] == "建立政府信用管理体系"
    assert [c["path"] for c in five["children"]] == ["五.(一)", "五.(二)", "五.(三)", "五.(四)"]
    assert all(c["policy_id"] == "zhanqian-2024" for c in _walk(policy["clauses"]))


def test_clause_answers_with_its_text_agencies_and_sanctions(seed_client, seed_paths):
    response = seed_client.get("/api/clauses/zhanqian-2024/5.2")
    assert response.status_code == 200
    clause = response.get_json()
    assert (clause["id"], clause["policy_id"], clause["path"]) == ("zhanqian-2024/5.2", "zhanqian-2024", "五.(二)")
    assert clause["heading"] == "严格信用失信责任追究"
    assert clause["text"] in seed_paths[2].read_text(encoding="utf-8")  # verbatim (seed 002 is simplified)
    assert clause["lead_agencies"] and clause["cooperating_agencies"]
    assert "public-criticism" in {s["code"] for s in clause["sanctions"]}
    assert all(s["quote"] in clause["text"] for s in clause["sanctions"])
    assert all(o["text"] in clause["text"] for o in clause["obligations"])


def test_chinese_comes_back_unescaped(seed_client):
    assert "严格信用失信责任追究".encode("utf-8") in seed_client.get("/api/clauses/zhanqian-2024/5.2").data


def test_agencies_match_an_alias_and_return_the_canonical_name(seed_client):
    agencies = seed_client.get("/api/agencies", query_string={"q": "区财政局"}).get_json()
    names = {a["name"]: a for a in agencies}
    assert "营口市站前区财政局" in names
    finance = names["营口市站前区财政局"]
    assert finance["kind"] == "finance"
    assert "区财政局" in finance["aliases"]


def test_agencies_without_q_lists_every_agency(seed_client):
    everything = seed_client.get("/api/agencies").get_json()
    some = seed_client.get("/api/agencies", query_string={"q": "财政"}).get_json()
    assert len(everything) > len(some) > 1
    assert all("财政" in a["name"] or any("财政" in alias for alias in a["aliases"]) for a in some)


def test_agency_obligations_cite_each_binding_clause_verbatim(seed_client):
    finance = seed_client.get("/api/agencies", query_string={"q": "营口市站前区财政局"}).get_json()[0]
    answer = seed_client.get(f"/api/agencies/{finance['id']}/obligations").get_json()
    assert answer["agency"]["name"] == "营口市站前区财政局"
    by_clause = {o["clause_id"]: o for o in answer["obligations"]}
    assert by_clause["zhanqian-2024/4.3"]["role"] == "lead"  # 四.(三) 政府债务 (牵头单位:区财政局)
    for obligation in answer["obligations"]:
        clause = seed_client.get(f"/api/clauses/{obligation['clause_id']}").get_json()
        assert obligation["basis"]["quote"] == clause["text"]
        assert finance["name"] in clause[f"{obligation['role']}_agencies"]
    other_policies = {o["policy_id"] for o in answer["same_kind"]}
    assert "qinghai-2017" in other_policies  # 省财政厅牵头负责
    assert all(o["agency_id"] != finance["id"] for o in answer["same_kind"])


def test_sanctions_list_the_vocabulary_with_the_clauses_prescribing_each(seed_client):
    sanctions = {s["code"]: s for s in seed_client.get("/api/sanctions").get_json()}
    criticism = sanctions["public-criticism"]
    assert criticism["label"] == "公开通报批评"
    assert "zhanqian-2024/5.2" in {p["clause_id"] for p in criticism["prescribed_by"]}
    for prescription in criticism["prescribed_by"]:
        clause = seed_client.get(f"/api/clauses/{prescription['clause_id']}").get_json()
        assert prescription["quote"] in clause["text"]


def _pages(client, url):
    """Every page of a list endpoint, following the Link headers."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_json()
        pages.append(response.get_json())
        link = response.headers.get("Link")
        url = re.match(r'<([^>]+)>; rel="next"', link).group(1) if link else None
    return pages


def test_lists_come_a_page_at_a_time_and_the_pages_make_the_whole_list(seed_client, seed_store):
    stored = {"/api/policies": [p.id for p in seed_store.policies()], "/api/agencies": [a.id for a in seed_store.agencies()],
              "/api/sanctions": [e.code for e in seed_store.sanctions()]}
    for path, key in (("/api/policies", "id"), ("/api/agencies", "id"), ("/api/sanctions", "code")):
        default_pages = _pages(seed_client, path)
        assert all(len(page) <= 100 for page in default_pages)
        whole = [item[key] for page in default_pages for item in page]
        assert sorted(whole) == sorted(stored[path]), path  # every item once
        pages = _pages(seed_client, f"{path}?limit=7")
        assert all(len(page) == 7 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 7
        assert [item[key] for page in pages for item in page] == whole, path
    assert len(stored["/api/agencies"]) > 100  # so the default page was cut there


def test_the_page_after_a_cursor_keeps_the_query(seed_client):
    whole = seed_client.get("/api/agencies?q=财政").get_json()
    pages = _pages(seed_client, "/api/agencies?q=财政&limit=1")
    assert [a["id"] for page in pages for a in page] == [a["id"] for a in whole] and len(pages) == len(whole) > 1


def test_a_bad_limit_or_cursor_is_a_400_naming_it(seed_client):
    for query, field in (("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"),
                         ("cursor=not-a-cursor", "cursor"), ("cursor=WzEsMl0=", "cursor")):
        response = seed_client.get(f"/api/policies?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["error"]["field"] == field
