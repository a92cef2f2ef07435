"""The clause tree: numbering levels, paths as printed, headings, own text, preamble and closing."""

from importlib.resources import files

import pytest

from policykg.loaders.clauses import clause_heading, structure_clauses, without_numbering
from policykg.loaders.normalize import normalize_text

CORPUS = files("policykg.loaders") / "corpus"
SEEDS = sorted(p.name for p in CORPUS.iterdir() if p.name.endswith(".txt"))


def seed_structure(name: str):
    text = normalize_text((CORPUS / name).read_bytes().decode("utf-8")).text
    return text, structure_clauses(text)


def paths(clauses) -> list[str]:
    return [clause.path for top in clauses for clause in top.walk()]


def test_clauses_nest_full_width_numbering_into_paths_with_half_width_parentheses():
    text = "一、总则\n（一）加强领导。各部门要加强领导。\n１．建立机制。要建立机制。\n（１）细则。细则内容。\n（２）补充。补充内容。\n二、附则"
    structure = structure_clauses(text)
    assert paths(structure.clauses) == ["一", "一.(一)", "一.(一).1", "一.(一).1.(1)", "一.(一).1.(2)", "二"]
    assert [c.level for top in structure.clauses for c in top.walk()] == [1, 2, 3, 4, 4, 1]
    assert [c.number for top in structure.clauses for c in top.walk()] == ["一", "(一)", "1", "(1)", "(2)", "二"]


def test_clauses_accept_1_with_comma_and_full_width_dot():
    structure = structure_clauses("一、任务\n1、第一项任务。\n2．第二项任务。")
    assert paths(structure.clauses) == ["一", "一.1", "一.2"]


def test_clauses_nest_a_skipped_level_under_the_nearest_higher_one():
    text = "一、总体要求\n1.坚持依法行政。依法行政。\n2.坚持政务公开。政务公开。\n二、保障措施\n(一)加强领导。加强领导。"
    structure = structure_clauses(text)
    assert paths(structure.clauses) == ["一", "一.1", "一.2", "二", "二.(一)"]


def test_clauses_keep_task_numbers_that_run_on_across_sections():
    _, structure = seed_structure("001_350ef532a4b341f8.txt")  # Shenzhen numbers tasks 1 to 15 under 三
    section = next(clause for clause in structure.clauses if clause.path == "三")
    tasks = [task for sub in section.children for task in sub.children]
    assert [task.number for task in tasks] == [str(n) for n in range(1, 16)]
    assert [task.path for task in tasks][3:5] == ["三.(二).4", "三.(二).5"]
    assert tasks[-1].path == "三.(六).15"


def test_clauses_take_a_run_in_heading_up_to_the_first_full_stop():
    structure = structure_clauses("三、健全制度\n(一)加快法规制度建设。根据国家、省立法进程,加快配套出台文件。")
    clause = structure.clauses[0].children[0]
    assert clause.heading == "加快法规制度建设"
    assert clause.text == "加快法规制度建设。根据国家、省立法进程,加快配套出台文件。"


@pytest.mark.parametrize(
    ("own_text", "heading"),
    [
        ("总体要求", "总体要求"),
        ("建立政务诚信专项督导机制\n按省里统一部署,上级政府组织监督检查。", "建立政务诚信专项督导机制"),
        ("指导思想。\n全面贯彻党的十八大精神。", "指导思想"),
        ("健全科学、民主、依法决策制度。落实条例。", "健全科学、民主、依法决策制度"),
        # seed 001 glues heading and text with no stop: the first sentence is too long to be a heading
        ("坚持依法行政各区、各部门和公务员要切实履行法定职责必须为、法无授权不可为的要求。", None),
        ("加强与第三方信用服务机构的合作,依托市区公共信用信息管理系统,开展评价。", None),
    ],
)
def test_clause_heading(own_text, heading):
    assert clause_heading(own_text) == heading


def test_clauses_exclude_children_from_a_parents_text():
    text = "一、总体要求\n总的要求是诚信。\n(一)指导思想。思想内容。\n二、附则"
    top = structure_clauses(text).clauses[0]
    assert top.text == "总体要求\n总的要求是诚信。"
    assert top.children[0].text == "指导思想。思想内容。"


def test_clauses_leave_the_preamble_out_and_report_where_the_body_starts():
    text = "关于加强诚信建设的意见\n各部门:\n为加强诚信建设,提出如下意见。\n一、总体要求\n要求内容。"
    structure = structure_clauses(text)
    assert paths(structure.clauses) == ["一"]
    assert text[structure.body_start:].startswith("一、总体要求")


def test_clauses_leave_commencement_signature_and_date_out_of_the_last_clause():
    text, structure = seed_structure("000_ce33fc1d13cf098e.txt")
    last = list(structure.clauses[-1].walk())[-1]
    assert last.path == "四.(三)"
    assert last.text.endswith("(各市州政府,省考核办、省综治办、省政府法制办、省发展改革委等按照职责牵头负责,省社会信用体系建设领导小组其他成员单位参加)")
    assert text[structure.closing_start:] == "本实施意见自2017年8月31日起施行。\n青海省人民政府\n2017年8月1日"


def test_clauses_without_numbering_give_one_whole_text_clause_and_a_warning():
    text = "江苏省政府日前印发实施意见。\n——依法行政。切实履行法定职责。\n"
    structure = structure_clauses(text)
    [whole] = structure.clauses
    assert (whole.path, whole.children) == ("全文", [])
    assert whole.text == text.strip() == text[whole.span.start:whole.span.end]
    assert structure.warnings == ("no numbered clauses (一、 (一) 1. (1)) found; the whole text is one clause, 全文",)


@pytest.mark.parametrize("line", ["2017.8.1召开会议。", "1.5亿元资金已经下达。", "12345市长热线受理投诉。", "2024年2月22日"])
def test_clauses_do_not_mistake_dates_decimals_or_numbers_for_numbering(line):
    assert structure_clauses(f"一、总体要求\n{line}").clauses[0].children == []


def test_clauses_warn_when_a_path_repeats():
    structure = structure_clauses("一、甲\n1.子项。\n1.又一个子项。")
    assert paths(structure.clauses) == ["一", "一.1", "一.1"]
    assert structure.warnings == ("clause path 一.1 occurs twice (again at offset 10); the later clause's id gets a -2 suffix",)


@pytest.mark.parametrize("name", SEEDS)
def test_clauses_of_each_seed_quote_the_text_at_their_span(name):
    text, structure = seed_structure(name)
    for top in structure.clauses:
        for clause in top.walk():
            assert text[clause.span.start:clause.span.end] == clause.text
            assert clause.heading is None or clause.text.startswith(clause.heading)


@pytest.mark.parametrize(
    ("name", "count", "first", "last"),
    [
        ("000_ce33fc1d13cf098e.txt", 31, "一", "四.(三)"),
        ("001_350ef532a4b341f8.txt", 33, "一", "四.(三)"),
        ("002_2c9410718cd0a972.txt", 29, "一", "六.(五)"),
        ("003_4fbec7afa2bb6dc0.txt", 1, "全文", "全文"),  # a news summary: one whole-text clause
        ("004_084f9c06af8bc641.txt", 45, "一", "三.(五)"),
    ],
)
def test_clauses_of_each_seed_count_and_order(name, count, first, last):
    _, structure = seed_structure(name)
    found = paths(structure.clauses)
    assert len(found) == count
    assert len(set(found)) == count, "paths are unique"
    assert (found[0], found[-1]) == (first, last)


@pytest.mark.parametrize(("line", "rest"), [
    ("一、总体要求", "总体要求"), ("（一）1.建立机制", "建立机制"), ("二、", ""), ("(1)", ""), ("要加强政务诚信建设。", "要加强政务诚信建设。"),
])
def test_without_numbering(line, rest):
    assert without_numbering(line) == rest
