"""Normalisation: pinyin glosses, traditional to simplified, spaces, web boilerplate, and an
offset map that points every character back at the original."""

import re
from importlib.resources import files

import opencc
import pytest

from policykg.loaders.normalize import align_segment, normalize_text

CORPUS = files("policykg.loaders") / "corpus"
SEEDS = sorted(p.name for p in CORPUS.iterdir() if p.name.endswith(".txt"))


def seed_text(name: str) -> str:
    return (CORPUS / name).read_bytes().decode("utf-8")


def test_normalize_strips_pinyin_gloss_and_simplifies():
    assert normalize_text("青政〔2017〕47號(hào)").text == "青政〔2017〕47号"
    assert normalize_text("關(guān)於加強(qiáng)政務(wù)誠(chéng)信").text == "关于加强政务诚信"


@pytest.mark.parametrize(
    "kept",
    [
        "(省財政廳牽頭負責,各有關部門參加)",
        "(一)指導思想。",
        "加強政府和社會資本合作(PPP)領域",
        "村(居)務",
        "設立熱線(app)和網站",
        "(以下簡稱《意見》)",
    ],
)
def test_normalize_keeps_real_parentheses(kept):
    simplified = opencc.OpenCC("t2s").convert(kept)
    assert normalize_text(kept).text == simplified


def test_normalize_strips_glosses_inside_real_parentheses():
    text = "(省財(cái)政廳牽頭負(fù)責(zé),各有關(guān)部門參加)"
    assert normalize_text(text).text == "(省财政厅牵头负责,各有关部门参加)"


def test_normalize_strips_the_gloss_left_after_a_garbled_character():
    # seed 000 garbles 網 into W and keeps its gloss: “信用青?!本W(wǎng)站
    assert "青?!本W站" in normalize_text(seed_text("000_ce33fc1d13cf098e.txt")).text


@pytest.mark.parametrize("name", SEEDS)
def test_normalize_offset_map_points_at_the_original_character(name):
    original = seed_text(name)
    normalized = normalize_text(original)
    converter = opencc.OpenCC("t2s")
    assert len(normalized.offset_map) == len(normalized.text)
    assert normalized.offset_map == sorted(set(normalized.offset_map)), "offsets rise strictly"
    for index, char in enumerate(normalized.text):
        source = original[normalized.offset_map[index]]
        if char == " ":
            assert source.isspace()
        else:
            assert converter.convert(source) == char, (index, char, source)


def test_normalize_leaves_no_pinyin_gloss_in_the_traditional_seeds():
    gloss = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
    for name in ("000_ce33fc1d13cf098e.txt", "003_4fbec7afa2bb6dc0.txt"):
        assert len(gloss.findall(seed_text(name))) > 50
        assert gloss.findall(normalize_text(seed_text(name)).text) == [], name


def test_normalize_tidies_full_width_and_no_break_spaces_and_blank_lines():
    original = "\u3000\u3000一、总体要求\n\n\n  \t\n  正文:\xa0\xa0 第二行\u3000\u3000结束  \n\n"
    assert normalize_text(original).text == "一、总体要求\n正文: 第二行 结束"


@pytest.mark.parametrize(
    ("name", "gone"),
    [
        ("000_ce33fc1d13cf098e.txt", ["扫描二维码", "关注我们"]),
        ("001_350ef532a4b341f8.txt", ["本文链接", "http://", "发布时间"]),
        ("003_4fbec7afa2bb6dc0.txt", ["分享到", "栏目", "来源", "发布时间"]),
        ("004_084f9c06af8bc641.txt", ["在线法律咨询", "遇到法律问题", "立即咨询", "今日咨询解答", "时效性", "颁布单位"]),
    ],
)
def test_normalize_drops_web_boilerplate_of_each_seed(name, gone):
    text = normalize_text(seed_text(name)).text
    assert [word for word in gone if word in text] == []


def test_normalize_prints_a_repeated_page_headline_once():
    text = normalize_text(seed_text("004_084f9c06af8bc641.txt")).text
    assert text.count("漳州市人民政府关于印发漳州市加强政务诚信和个人诚信体系建设任务分工方案的通知") == 1


def test_normalize_keeps_dropped_lines_with_their_place_in_the_original():
    original = seed_text("003_4fbec7afa2bb6dc0.txt")
    dropped = {line.reason: line for line in normalize_text(original).dropped}
    column = dropped["column"]
    assert column.text == "栏目:政务诚信 发布时间:2023-07-18"
    assert original[column.start:column.end] == "欄目:政務誠信 發(fā)布時間:2023-07-18"


def test_normalize_keeps_a_paragraph_after_a_footer_like_line():
    original = "一、总体要求\n在线法律咨询\n" + "各部门要加强政务诚信建设，" * 5 + "。"
    text = normalize_text(original).text
    assert text.endswith("各部门要加强政务诚信建设，。")


def test_normalize_leaves_simplified_text_as_it_is_apart_from_spaces():
    original = seed_text("002_2c9410718cd0a972.txt")
    assert normalize_text(original).text == "\n".join(line.strip() for line in original.split("\n") if line.strip())


def test_align_segment_maps_a_length_change_inside_its_segment():
    assert align_segment([10, 11, 12], 3) == [10, 11, 12]
    assert align_segment([10, 11, 12, 13], 2) == [10, 12]
    assert align_segment([10, 11], 4) == [10, 10, 11, 11]


@pytest.mark.parametrize("crumb", [
    "首页 > 政务公开 > 政策文件",
    "当前位置：首页 > 政务公开 > 政策文件",
    "您的位置:首页>>政府信息公开>>规范性文件",
    "首页＞信息公开",
    "网站首页 » 政务公开 » 政策解读",
    "政务公开 › 政策文件 › 正文",
    "政府信息公开 > 法定主动公开内容 > 政策文件",
])
def test_normalize_drops_breadcrumbs(crumb):
    original = f"{crumb}\n关于加强政务诚信建设的实施意见\n一、总体要求\n要加强政务诚信建设。"
    normalized = normalize_text(original)
    assert normalized.text == "关于加强政务诚信建设的实施意见\n一、总体要求\n要加强政务诚信建设。"
    [dropped] = normalized.dropped
    assert (dropped.reason, original[dropped.start:dropped.end]) == ("breadcrumb", crumb)


@pytest.mark.parametrize("line", [
    # seed 002: a nested title in <…> inside 《…》
    "为贯彻落实《辽宁省人民政府办公厅关于印发<辽宁省政务严重失信行为联合惩戒实施办法>的通知》,结合我区实际,制定本实施意见。",
    "关于印发<漳州市加强政务诚信建设实施方案>的通知",
    "对合同金额>100万元的项目,要开展履约情况检查。",
    "首页",
])
def test_normalize_keeps_lines_that_are_no_breadcrumb(line):
    assert normalize_text(f"{line}\n一、总体要求").text == f"{line}\n一、总体要求"
