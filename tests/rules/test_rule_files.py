"""The bundled rule files say what their clauses say, and nothing a case does not exercise."""

from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from policykg.errors import RuleFileError
from policykg.rules import DEFAULT_DIRECTORY, load_rulebook
from policykg.rules.labels import lookup
from policykg.rules.rulefile import ExceptionRule

CASES = Path(__file__).parent / "cases"
SLUGS = {"qinghai-2017", "shenzhen-2020", "zhanqian-2024", "jiangsu-2023", "zhangzhou-2018"}


def all_rules(rulebook):
    for rules in (*rulebook.sanction_rules.values(), *rulebook.exceptions.values()):
        yield from rules


def test_there_is_one_rule_file_per_seed_and_every_one_loads(rulebook):
    assert {path.stem for path in DEFAULT_DIRECTORY.glob("*.yaml")} == SLUGS
    assert set(rulebook.files) == SLUGS
    assert rulebook.skipped == ()


def test_rule_files_ship_as_package_data():
    shipped = {p.name for p in (files("policykg.rules") / "policies").iterdir()}
    assert {f"{slug}.yaml" for slug in SLUGS} <= shipped


def test_every_quote_is_verbatim_in_the_parsed_clause_it_cites(rulebook, facts):
    texts = facts.clause_texts()
    for rule in all_rules(rulebook):
        assert rule.basis.quote in texts[rule.policy_id][rule.basis.path], rule.id


def test_every_sanction_is_in_the_vocabulary(rulebook):
    for rules in rulebook.sanction_rules.values():
        for rule in rules:
            for sanction in rule.sanctions:
                concept = lookup("sanctions", sanction.code)
                assert (concept.code, concept.label) == (sanction.code, sanction.label), rule.id


def test_rule_ids_are_unique_across_files(rulebook):
    counts = Counter(rule.id for rule in all_rules(rulebook))
    assert [rule_id for rule_id, n in counts.items() if n > 1] == []


def test_exceptions_only_reach_rules_of_their_own_policy(rulebook):
    for rule in all_rules(rulebook):
        if isinstance(rule, ExceptionRule):
            assert all(target.startswith(rule.policy_id + "/") for target in rule.exception_to), rule.id


def test_every_rule_is_exercised_by_at_least_one_case(rulebook, rules_exercised_by_cases):
    assert sorted(set(rulebook.rule_ids) - rules_exercised_by_cases) == []


def test_cases_cover_only_rules_that_exist(rulebook):
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            assert set(case.get("covers", ())) <= set(rulebook.rule_ids), case["name"]


CLAUSES = {"zhanqian-2024": {"五.(二)": "政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。经认定的政务严重失信行为涉及的法定代表人、主要负责人和直接责任人,由公职人员任免机关、单位按照管理权限依法给予处分。"}}
GOOD_RULE = """
  - id: zhanqian-2024/5.2/serious-dishonesty
    clause: 五.(二)
    quote: 政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。
    review: reviewed
    binding: {level: mandatory, words: 应}
    when: {subject: [agency], severity: 严重}
    then:
      - {sanction: 公开通报批评, target: subject}
"""


def write_rules(tmp_path, rules: str) -> Path:
    (tmp_path / "zhanqian-2024.yaml").write_text("policy: zhanqian-2024\nrules:\n" + rules, encoding="utf-8")
    return tmp_path


def test_a_good_rule_file_loads(tmp_path):
    rulebook = load_rulebook(write_rules(tmp_path, GOOD_RULE), CLAUSES)
    assert rulebook.rule_ids == ("zhanqian-2024/5.2/serious-dishonesty",)


@pytest.mark.parametrize(
    "change, key, words",
    [
        (("severity: 严重}", "severity: 严重, sevrity: 一般}"), "when.sevrity", "Extra inputs are not permitted"),
        (("sanction: 公开通报批评", "sanction: 公开批评"), "then.0.sanction", "unknown sanction '公开批评'"),
        (("并予以公开通报批评。", "并予以通报。"), "quote", "quote not found in clause 五.(二) of zhanqian-2024"),
        (("severity: 严重}", "severity: 很严重}"), "when.severity", "unknown severity '很严重'"),
        (("clause: 五.(二)", "clause: 五.(三)"), "clause", "zhanqian-2024 has no clause 五.(三)"),
        (("id: zhanqian-2024/5.2/", "id: zhanqian-2024/5.3/"), "id", "<clause id>/<what it prescribes>"),
        (("{sanction: 公开通报批评, target: subject}", "{sanction: 公开通报批评, words: 通报批评了, target: subject}"), "then.0.words", "'通报批评了' is not in the rule's quote"),
        (("target: subject}", "target: {roles: [分管负责人]}}"), "then.0.target.roles", "'分管负责人' is not in the rule's quote"),
        (("target: subject}", "target: subject, condition: 涉嫌职务犯罪}"), "then.0.condition", "'涉嫌职务犯罪' is not in the rule's quote"),
        (("words: 应}", "words: 必须}"), "binding.words", "'必须' is not in the rule's quote"),
        (("level: mandatory, words: 应}", "level: discretionary, words: 应}"), "binding", "a discretionary measure rests on words with 可"),
        (("level: mandatory, words: 应}", "level: graded, words: 应}"), "binding", "a graded measure rests on words that scale it"),
        (("    review: reviewed\n", ""), "review", "Field required"),
        (("severity: 严重}", "severity: 严重, requires: 纳入失信记录}"), "when.requires", "no rule of zhanqian-2024 concludes 纳入失信记录"),
    ],
)
def test_a_rule_that_does_not_say_what_its_clause_says_is_refused(tmp_path, change, key, words):
    path = write_rules(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleFileError) as error:
        load_rulebook(path, CLAUSES)
    message = error.value.message
    assert "zhanqian-2024.yaml:" in message and "rule zhanqian-2024/5." in message
    assert f": {key}: " in message and words in message
    assert error.value.field == key


def test_rules_that_presuppose_each_other_in_a_cycle_are_refused(tmp_path):
    cycle = GOOD_RULE.replace("severity: 严重}", "severity: 严重, requires: 公开通报批评}")
    with pytest.raises(RuleFileError) as error:
        load_rulebook(write_rules(tmp_path, cycle), CLAUSES)
    assert "zhanqian-2024.yaml:9 rule zhanqian-2024/5.2/serious-dishonesty: when.requires:" in error.value.message
    assert "公开通报批评 would presuppose itself" in error.value.message


def test_an_exception_to_an_unknown_rule_is_refused_with_its_line(tmp_path):
    exception = """
  - id: zhanqian-2024/5.2/mitigation
    clause: 五.(二)
    quote: 依法给予处分
    review: reviewed
    binding: {level: mandatory, words: 依法给予处分}
    when: {remedied: true}
    exception_to: [zhanqian-2024/5.2/no-such-rule]
    effect: 依法给予处分
    outcome: mitigated
"""
    with pytest.raises(RuleFileError) as error:
        load_rulebook(write_rules(tmp_path, GOOD_RULE + exception), CLAUSES)
    assert "zhanqian-2024.yaml:19 rule zhanqian-2024/5.2/mitigation: exception_to:" in error.value.message
    assert "zhanqian-2024/5.2/no-such-rule" in error.value.message


def test_a_rule_file_named_for_another_policy_is_refused(tmp_path):
    (tmp_path / "zhanqian-2025.yaml").write_text("policy: zhanqian-2024\nrules:\n" + GOOD_RULE, encoding="utf-8")
    with pytest.raises(RuleFileError, match="does not match the file name zhanqian-2025.yaml"):
        load_rulebook(tmp_path, CLAUSES)


def test_a_rule_file_for_a_policy_that_is_not_loaded_is_skipped_and_listed(tmp_path):
    rulebook = load_rulebook(write_rules(tmp_path, GOOD_RULE), {})
    assert rulebook.skipped == ("zhanqian-2024",) and rulebook.rule_ids == ()


def test_serving_sets_aside_a_rule_file_whose_clause_changed_and_keeps_the_others(tmp_path):
    write_rules(tmp_path, GOOD_RULE)
    (tmp_path / "other-2020.yaml").write_text("policy: other-2020\nrules:\n" + GOOD_RULE.replace("zhanqian-2024/", "other-2020/"), encoding="utf-8")
    reworded = {"五.(二)": CLAUSES["zhanqian-2024"]["五.(二)"].replace("公开通报批评", "通报批评")}
    texts = {"zhanqian-2024": reworded, "other-2020": CLAUSES["zhanqian-2024"]}
    with pytest.raises(RuleFileError, match="quote not found in clause 五.\\(二\\) of zhanqian-2024"):
        load_rulebook(tmp_path, texts)
    rulebook = load_rulebook(tmp_path, texts, strict=False)
    assert list(rulebook.set_aside) == ["zhanqian-2024"]
    assert "quote not found in clause 五.(二) of zhanqian-2024" in rulebook.set_aside["zhanqian-2024"]
    assert set(rulebook.sanction_rules) == {"other-2020"}


def test_check_rule_file_says_whether_a_text_still_fits_its_rules(tmp_path):
    from policykg.rules.rulefile import check_rule_file

    write_rules(tmp_path, GOOD_RULE)
    assert check_rule_file("zhanqian-2024", CLAUSES["zhanqian-2024"], tmp_path) is None
    assert check_rule_file("no-rules-2020", CLAUSES["zhanqian-2024"], tmp_path) is None
    assert "has no clause 五.(二)" in check_rule_file("zhanqian-2024", {"一.(一)": "总体要求"}, tmp_path)
