"""A policy text that changes under its rule file: the ingest warns, every evaluation the
policy applies to says its sanctions are set aside, and the other policies still answer."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policykg.api.app import create_app
from policykg.api.cli import main
from policykg.queries.embedded import EmbeddedStore
from policykg.settings import Settings

ZHANQIAN = "002_2c9410718cd0a972.txt"
QUOTED = "并予以公开通报批评".encode()  # in 五.(二), quoted by zhanqian-2024/5.2/serious-dishonesty
ZHANQIAN_EVENT = {
    "occurred_on": "2024-06-01", "jurisdiction": "营口市站前区", "subject": {"kind": "agency", "name": "区财政局"},
    "severity": "严重",
}
JIANGSU_EVENT = {**ZHANQIAN_EVENT, "jurisdiction": "南京市", "subject": {"kind": "agency", "name": "市财政局"}}


def _ingest_reworded_zhanqian(home: Path, tmp_path: Path, seed_paths: list[Path]):
    reworded = tmp_path / ZHANQIAN
    original = seed_paths[2].read_bytes()
    assert original.count(QUOTED) == 1
    reworded.write_bytes(original.replace(QUOTED, "并予以通报批评".encode()))
    env = {"POLICYKG_HOME": str(home), "POLICYKG_STORE": "embedded"}
    return CliRunner().invoke(main, ["ingest", str(reworded)], env=env)


def test_ingest_of_a_reworded_text_lands_and_warns_that_its_rules_no_longer_fit(seed_home_copy, tmp_path, seed_paths):
    result = _ingest_reworded_zhanqian(seed_home_copy, tmp_path, seed_paths)
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["replaced", "zhanqian-2024"]
    warning = [line for line in result.stderr.splitlines() if "rule file" in line]
    assert len(warning) == 1
    assert "the rule file of zhanqian-2024 does not fit this text" in warning[0]
    assert "quote not found in clause 五.(二) of zhanqian-2024" in warning[0]


def test_evaluations_say_which_rule_file_was_set_aside_and_other_policies_still_answer(seed_home_copy, tmp_path, seed_paths):
    _ingest_reworded_zhanqian(seed_home_copy, tmp_path, seed_paths)
    client = create_app(Settings.from_env({"POLICYKG_HOME": str(seed_home_copy)}), EmbeddedStore.open(seed_home_copy)).test_client()

    zhanqian = client.post("/api/evaluate", json=ZHANQIAN_EVENT)
    assert zhanqian.status_code == 200
    answer = zhanqian.get_json()
    assert [p["id"] for p in answer["applicable_policies"]] == ["zhanqian-2024"]
    assert answer["sanctions"] == []
    assert len(answer["warnings"]) == 1 and "its rule file was set aside" in answer["warnings"][0]

    jiangsu = client.post("/api/evaluate", json=JIANGSU_EVENT).get_json()
    assert jiangsu["warnings"] == []
    assert {basis["policy_id"] for s in jiangsu["sanctions"] for basis in s["basis"]} == {"jiangsu-2023"}


def test_the_seed_corpus_fits_its_rule_files_without_warnings(seed_paths, tmp_path):
    from policykg.api.pipeline import ingest_paths

    report = ingest_paths(EmbeddedStore.open(tmp_path / "home"), seed_paths)
    assert [w for outcome in report.files for w in outcome.warnings if "rule file" in w] == []
