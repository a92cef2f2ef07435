"""How an evaluation is written out: quotes inline (the contract's form) or once each in a
table (`quotes=table`), policies of unrelated divisions only on request and bounded."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from policykg.api.answers import NOT_APPLICABLE_LIMIT, AnswerForm, evaluation_body
from policykg.api.cli import main
from policykg.rules.evaluation import Evaluation, NotApplicable

EVENT = {
    "occurred_on": "2024-06-01", "jurisdiction": "营口市站前区", "subject": {"kind": "agency", "name": "区财政局"},
    "domain": "政府采购", "severity": "严重",
    "persons": [{"name": "孙某", "role": "法定代表人"}, {"name": "周某", "role": "直接责任人"}],
    "remedied": False, "fault_tolerance": False,
}


def bases(value):
    """Every basis object in an answer, wherever it sits."""
    if isinstance(value, dict):
        if "clause_id" in value and "path" in value and "policy_id" in value:
            yield value
        else:
            for field in value.values():
                yield from bases(field)
    elif isinstance(value, list):
        for item in value:
            yield from bases(item)


def inlined(answer: dict) -> dict:
    """A table-form answer with each quote_key replaced by its quote again."""
    quotes = answer["quotes"]

    def visit(value):
        if isinstance(value, dict):
            if "quote_key" in value:
                return {**{k: v for k, v in value.items() if k != "quote_key"}, "quote": quotes[value["quote_key"]]}
            return {k: visit(v) for k, v in value.items()}
        if isinstance(value, list):
            return [visit(v) for v in value]
        return value

    return visit({k: v for k, v in answer.items() if k != "quotes"})


def test_the_default_answer_keeps_each_quote_in_its_basis(seed_client):
    answer = seed_client.post("/api/evaluate", json=EVENT).get_json()
    assert "quotes" not in answer
    assert all("quote" in basis for basis in bases(answer))


def test_quotes_table_writes_each_quote_once_and_loses_nothing(seed_client):
    inline = seed_client.post("/api/evaluate", json=EVENT)
    table = seed_client.post("/api/evaluate?quotes=table", json=EVENT)
    assert table.status_code == 200
    shared = table.get_json()
    assert all("quote" not in basis and basis["quote_key"] in shared["quotes"] for basis in bases(shared))
    assert inlined(shared) == inline.get_json()

    # zhanqian-2024 五.(二) backs sanctions on the agency and on both persons: quoted again and again inline
    repeated, times = Counter(b["quote"] for b in bases(inline.get_json())).most_common(1)[0]
    assert times > 1
    assert list(shared["quotes"].values()).count(repeated) == 1
    assert table.get_data(as_text=True).count(repeated) <= inline.get_data(as_text=True).count(repeated) - (times - 1)
    assert len(table.get_data()) < len(inline.get_data())


def test_quote_keys_are_clause_ids(seed_client):
    shared = seed_client.post("/api/evaluate?quotes=table", json=EVENT).get_json()
    for basis in bases(shared):
        assert basis["quote_key"].split("#")[0] == basis["clause_id"]
        clause = seed_client.get(f"/api/clauses/{basis['clause_id']}").get_json()
        assert shared["quotes"][basis["quote_key"]] in clause["text"]


def test_unrelated_divisions_are_listed_only_when_asked(seed_client):
    # qinghai-2017 applies in 青海省, nowhere near 营口市站前区 (辽宁省)
    default = seed_client.post("/api/evaluate", json=EVENT).get_json()
    assert "qinghai-2017" not in {p["id"] for p in default["not_applicable"]}
    listed = seed_client.post("/api/evaluate?list_unrelated=true", json=EVENT).get_json()
    assert "qinghai-2017" in {p["id"] for p in listed["not_applicable"]}
    assert listed["sanctions"] == default["sanctions"]


def test_bad_answer_options_are_a_400_naming_the_parameter(seed_client):
    for query, field in (("quotes=xml", "quotes"), ("list_unrelated=yes", "list_unrelated")):
        response = seed_client.post(f"/api/evaluate?{query}", json=EVENT)
        assert response.status_code == 400
        assert response.get_json()["error"]["field"] == field


def test_listed_unrelated_policies_are_bounded_and_the_rest_counted():
    many = [NotApplicable(id=f"p{n}", title=f"政策{n}", reason="不在本地区") for n in range(NOT_APPLICABLE_LIMIT + 7)]
    evaluation = Evaluation(event={}, applicable_policies=[], not_applicable=many, sanctions=[], accountable_persons=[],
                            mitigations=[], obligations=[])
    body = evaluation_body(evaluation, AnswerForm(list_unrelated=True))
    assert len(body["not_applicable"]) == NOT_APPLICABLE_LIMIT
    assert any("另有 7 项" in warning for warning in body["warnings"])


def test_dates_are_iso_and_chinese_is_not_escaped(seed_client):
    response = seed_client.post("/api/evaluate", json=EVENT)
    assert response.get_json()["event"]["occurred_on"] == "2024-06-01"
    assert "站前区" in response.get_data(as_text=True)


def test_cli_writes_the_table_form_too(seed_home, seed_client, tmp_path: Path):
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(EVENT, ensure_ascii=False), encoding="utf-8")
    env = {"POLICYKG_HOME": str(seed_home), "POLICYKG_STORE": "embedded"}
    result = CliRunner().invoke(main, ["evaluate", "--quotes", "table", str(event_file)], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == seed_client.post("/api/evaluate?quotes=table", json=EVENT).get_json()
