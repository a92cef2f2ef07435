"""`policykg evaluate EVENT.json` and `--batch events.jsonl` print what the API answers."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policykg.api.cli import main

EVENT = {
    "occurred_on": "2024-06-01",
    "jurisdiction": "营口市站前区",
    "subject": {"kind": "agency", "name": "区财政局"},
    "severity": "严重",
    "persons": [{"name": "孙某", "role": "法定代表人"}],
}


def _run(home: Path, *args: str, input: str | None = None):
    env = {"POLICYKG_HOME": str(home), "POLICYKG_STORE": "embedded"}
    return CliRunner().invoke(main, list(args), env=env, input=input)


def test_evaluate_prints_the_same_answer_as_the_api(seed_home, seed_client, tmp_path):
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(EVENT, ensure_ascii=False), encoding="utf-8")
    result = _run(seed_home, "evaluate", str(event_file))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == seed_client.post("/api/evaluate", json=EVENT).get_json()


def test_evaluate_reads_standard_input(seed_home):
    result = _run(seed_home, "evaluate", "-", input=json.dumps(EVENT))
    assert result.exit_code == 0, result.output
    assert "公开通报批评" in {s["sanction"] for s in json.loads(result.stdout)["sanctions"]}


def test_evaluate_batch_streams_one_line_per_event_and_names_bad_lines(seed_home, tmp_path):
    lines = [json.dumps(EVENT), json.dumps({**EVENT, "occurred_on": "2024-02-30"}), "{oops", json.dumps(EVENT)]
    batch = tmp_path / "events.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(seed_home, "evaluate", "--batch", str(batch))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["sanctions"] == out[3]["sanctions"] != []
    assert (out[1]["line"], out[1]["error"]["field"]) == (2, "occurred_on")
    assert (out[2]["line"], out[2]["error"]["field"]) == (3, "body")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "policykg: 2 个事件无法评估，见其错误行"


def test_evaluate_refuses_a_bad_event_in_one_line(seed_home, tmp_path):
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps({**EVENT, "jurisdiction": "火星市"}), encoding="utf-8")
    result = _run(seed_home, "evaluate", str(event_file))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("policykg: unknown jurisdiction '火星市'")
    assert "Traceback" not in result.output


def test_evaluate_refuses_deeply_nested_json_in_one_line(seed_home):
    result = _run(seed_home, "evaluate", "-", input="[" * 100_000)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "policykg: 事件文件嵌套超过 8 层"
    )
    assert "Traceback" not in result.output


def test_evaluate_refuses_an_event_that_has_not_happened_as_the_api_does(seed_home, tmp_path):
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps({**EVENT, "occurred_on": "9999-12-31"}), encoding="utf-8")
    result = _run(seed_home, "evaluate", str(event_file))
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("policykg: occurred_on: 9999-12-31 尚未到来") and "Traceback" not in result.output


def test_evaluate_explain_prints_the_chain_as_an_indented_tree_in_chinese(seed_home):
    """Qinghai: the civil servant named on a procurement default is recorded under 三.(三).1, and
    三.(二).3's measures for 存在政务失信记录的公务员 follow, the record one level below them."""
    event = {"occurred_on": "2019-03-01", "jurisdiction": "青海省", "domain": "政府采购",
             "subject": {"kind": "agency", "name": "青海省卫生健康委员会"}, "persons": [{"name": "王某", "role": "直接责任人"}]}
    result = _run(seed_home, "evaluate", "--explain", "-", input=json.dumps(event, ensure_ascii=False))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    head = lines.index("  年终考核不得评为优秀等次 — 王某（直接责任人） · 必须执行（原文：“按照相关规定,实施”）")
    assert lines[head + 1] == "    结论：王某（直接责任人）：年终考核不得评为优秀等次"
    assert lines[head + 2] == "      依据：qinghai-2017 三.(二).3（qinghai-2017/3.2.3/civil-servant-record，已审核）· 必须执行（原文：“按照相关规定,实施”）"
    premise = lines.index("      前提（由其他规则得出）：王某（直接责任人）已纳入失信记录", head)
    assert lines[premise + 1] == "        结论：王某（直接责任人）：纳入失信记录"
    assert lines[premise + 2].startswith("          依据：qinghai-2017 三.(三).1（qinghai-2017/3.3.1/procurement-record，已审核）")
    assert "  三.(二).2未适用：条款所指为人民政府、公务员，本事件主体是政府部门（qinghai-2017/3.2.2/dishonesty-record）" in lines


def test_evaluate_explain_is_one_event_not_a_batch(seed_home, tmp_path):
    result = _run(seed_home, "evaluate", "--batch", "--explain", "-", input="{}\n")
    assert result.exit_code != 0
    assert "--explain" in result.output and "Traceback" not in result.output
