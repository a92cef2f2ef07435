"""Metadata: title, document number, issuer, dates, kind, addressees, jurisdiction, slug;
nothing the text does not state."""

from datetime import date
from importlib.resources import files

import pytest

from policykg.loaders.clauses import structure_clauses
from policykg.loaders.metadata import extract_metadata, parse_date, policy_kind, split_addressees
from policykg.loaders.normalize import normalize_text

CORPUS = files("policykg.loaders") / "corpus"


def metadata_of(original: str):
    normalized = normalize_text(original)
    header_end = structure_clauses(normalized.text).body_start
    return extract_metadata(normalized.text, header_end=header_end, dropped=normalized.dropped)


def seed_metadata(name: str):
    return metadata_of((CORPUS / name).read_bytes().decode("utf-8"))


SEED_METADATA = [
    ("000_ce33fc1d13cf098e.txt", "qinghai-2017", "青海省人民政府关于青海省加强政务诚信建设的实施意见", "青政〔2017〕47号",
     "青海省人民政府", "630000", date(2017, 8, 1), date(2017, 8, 31), "implementation-opinion"),
    ("001_350ef532a4b341f8.txt", "shenzhen-2020", "关于深入推进政务诚信建设打造一流营商环境的指导意见", None,
     "深圳市社会信用体系建设统筹小组办公室", "440300", date(2020, 10, 29), date(2020, 10, 29), "guidance"),
    ("002_2c9410718cd0a972.txt", "zhanqian-2024", "营口市站前区人民政府关于加强诚信政府建设的实施意见", None,
     "营口市站前区人民政府", "210802", date(2024, 2, 22), date(2024, 2, 22), "implementation-opinion"),
    ("003_4fbec7afa2bb6dc0.txt", "jiangsu-2023", "关于加强政务诚信建设的实施意见", None,
     "江苏省政府", "320000", date(2023, 7, 18), date(2023, 7, 18), "news-summary"),
    ("004_084f9c06af8bc641.txt", "zhangzhou-2018", "漳州市加强政务诚信和个人诚信体系建设任务分工方案", "漳政综〔2018〕41号",
     "漳州市人民政府", "350600", date(2018, 3, 12), date(2018, 3, 12), "task-division-plan"),
]


@pytest.mark.parametrize(
    ("name", "slug", "title", "doc_number", "issuer", "adcode", "issued_on", "effective_from", "kind"), SEED_METADATA
)
def test_metadata_of_each_seed(name, slug, title, doc_number, issuer, adcode, issued_on, effective_from, kind):
    found = seed_metadata(name)
    assert (found.id, found.title, found.doc_number, found.issuer) == (slug, title, doc_number, issuer)
    assert found.jurisdiction is not None and found.jurisdiction.adcode == adcode
    assert (found.issued_on, found.effective_from, found.effective_until, found.kind) == (
        issued_on, effective_from, None, kind)


def test_metadata_warns_that_a_news_article_is_dated_by_its_publication():
    assert seed_metadata("003_4fbec7afa2bb6dc0.txt").warnings == [
        "issued_on 2023-07-18 is the news article's publication date (发布时间): the text states no signature date; "
        "effective_from follows it unless the text says otherwise"
    ]


@pytest.mark.parametrize(
    ("name", "addressees"),
    [
        ("000_ce33fc1d13cf098e.txt", ["各市、自治州人民政府", "省政府各委、办、厅、局"]),
        ("001_350ef532a4b341f8.txt", ["各有关单位"]),
        ("002_2c9410718cd0a972.txt", ["各办事处", "政府各部门", "直属中心"]),
        ("003_4fbec7afa2bb6dc0.txt", []),
        ("004_084f9c06af8bc641.txt", ["各县(市、区)人民政府", "漳州、常山、古雷开发区管委会",
                                      "漳州台商投资区、漳州高新区管委会", "市直各单位"]),
    ],
)
def test_metadata_addressees_of_each_seed(name, addressees):
    assert seed_metadata(name).addressees == addressees


@pytest.mark.parametrize(
    ("salutation", "parts"),
    [
        ("各市、自治州人民政府，省政府各委、办、厅、局", ["各市、自治州人民政府", "省政府各委、办、厅、局"]),
        ("各办事处、政府各部门、直属中心", ["各办事处", "政府各部门", "直属中心"]),
        ("各县（市、区）人民政府；市直各单位", ["各县（市、区）人民政府", "市直各单位"]),
    ],
)
def test_split_addressees(salutation, parts):
    assert split_addressees(salutation) == parts


BODY = "\n一、总体要求\n要加强政务诚信建设。"


@pytest.mark.parametrize(
    ("number_line", "doc_number"),
    [("国发〔2016〕76号", "国发〔2016〕76号"), ("国发[2016]76号", "国发[2016]76号"),
     ("青政(2017)47号", "青政(2017)47号"), ("青政（2017）47号", "青政（2017）47号"), ("闽政办〔2017〕111号", "闽政办〔2017〕111号")],
)
def test_metadata_reads_document_numbers_with_any_bracket(number_line, doc_number):
    found = metadata_of(f"青海省人民政府关于加强政务诚信建设的实施意见\n{number_line}\n各市人民政府:{BODY}")
    assert found.doc_number == doc_number


def test_metadata_ignores_a_cited_document_number():
    found = metadata_of("关于加强诚信建设的实施意见\n为贯彻《国务院关于加强政务诚信建设的指导意见》(国发〔2016〕76号)精神,提出如下意见。" + BODY)
    assert found.doc_number is None


def test_metadata_state_council_policy_covers_the_country():
    found = metadata_of("国务院关于加强政务诚信建设的指导意见\n国发〔2016〕76号\n各省、自治区、直辖市人民政府:" + BODY + "\n国务院\n2016年12月22日")
    assert (found.issuer, found.jurisdiction.adcode, found.id) == ("国务院", "100000", "zhongguo-2016")


@pytest.mark.parametrize(
    ("closing", "effective_from", "effective_until"),
    [
        ("本意见自2018年1月1日起施行。\n青海省人民政府\n2017年8月1日", date(2018, 1, 1), None),
        ("本意见自印发之日起施行,有效期5年。\n青海省人民政府\n2017年8月1日", date(2017, 8, 1), date(2022, 7, 31)),
        ("本意见有效期至2020年12月31日。\n青海省人民政府\n二〇一七年八月一日", date(2017, 8, 1), date(2020, 12, 31)),
        ("青海省人民政府\n2017年8月1日", date(2017, 8, 1), None),
    ],
)
def test_metadata_effective_dates_follow_what_the_text_states(closing, effective_from, effective_until):
    found = metadata_of("青海省人民政府关于加强政务诚信建设的实施意见" + BODY + "\n" + closing)
    assert (found.issued_on, found.effective_from, found.effective_until) == (
        date(2017, 8, 1), effective_from, effective_until)


def test_metadata_invents_no_date_when_the_text_states_none():
    found = metadata_of("青海省人民政府关于加强政务诚信建设的实施意见" + BODY)
    assert (found.issued_on, found.effective_from) == (None, None)
    assert "no issue date: the text has no signature date, 颁布时间 or 发布时间" in found.warnings
    assert found.id == "qinghaishengrenminzhengf-314fed"
    # the warning names no id: the pipeline may suffix this one (-<sha256 prefix>) when another policy has it
    assert ("no jurisdiction or year for a <place>-<year> id; the id is made from the title instead (its pinyin and a hash)"
            in found.warnings)
    assert not any(found.id in warning for warning in found.warnings)


def test_metadata_without_a_title_line_warns_and_uses_the_opening_words():
    found = metadata_of("为加强政务诚信建设,充分发挥政府在社会信用体系建设中的表率作用,制定本意见。" + BODY)
    assert found.title == "为加强政务诚信建设,充分发挥政府在社会信用体系建设中的表率作"
    assert found.warnings[0].startswith("no title line found; the title is the opening words")


def test_metadata_joins_a_title_split_over_lines():
    found = metadata_of("营口市人民政府\n关于加强诚信政府建设\n的实施意见\n各县区人民政府:" + BODY)
    assert (found.title, found.issuer, found.kind) == ("营口市人民政府关于加强诚信政府建设的实施意见", "营口市人民政府", "implementation-opinion")


@pytest.mark.parametrize(
    ("text", "day"),
    [("2017年8月1日", date(2017, 8, 1)), ("二〇一七年八月一日", date(2017, 8, 1)), ("2024年12月22日", date(2024, 12, 22)),
     ("二〇二四年十二月二十二日", date(2024, 12, 22)), ("2018-03-12", date(2018, 3, 12)), ("2017年2月30日", None), ("八月一日", None)],
)
def test_parse_date(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("title", "kind"),
    [("关于加强政务诚信建设的实施意见", "implementation-opinion"), ("关于加强政务诚信建设的指导意见", "guidance"),
     ("漳州市加强政务诚信和个人诚信体系建设任务分工方案", "task-division-plan"), ("关于开展专项治理的通知", "notice"),
     ("政务失信行为联合惩戒实施办法(试行)", "other")],
)
def test_policy_kind(title, kind):
    assert policy_kind(title) == kind


@pytest.mark.parametrize(
    ("text", "effective_until"),
    [("有效期3年。\n2016年2月29日", date(2019, 2, 28)), ("有效期十年。\n2016年3月1日", date(2026, 2, 28)),
     ("有效期9999年。\n2016年3月1日", None)],
)
def test_metadata_counts_a_validity_in_years_from_the_first_day(text, effective_until):
    found = metadata_of("关于加强政务诚信建设的实施意见" + BODY + "\n" + text)
    assert found.effective_until == effective_until


def test_metadata_of_a_text_that_opens_with_a_clause_titles_it_by_its_opening_words():
    found = metadata_of("一、总体要求\n要加强政务诚信建设。")
    assert found.title == "一、总体要求"
    assert found.warnings[0] == "no title line found; the title is the opening words '一、总体要求'"


@pytest.mark.parametrize("crumb", ["首页 > 政务公开 > 政策文件", "当前位置：首页 > 政务公开 > 政策文件", "政务公开 > 政策文件"])
def test_metadata_title_is_not_glued_to_a_breadcrumb(crumb):
    found = metadata_of(f"{crumb}\n长沙县人民政府关于加强政务诚信建设的\n实施意见\n一、总体要求\n要加强政务诚信建设。"
                        "\n长沙县人民政府\n2024年3月1日")
    assert (found.title, found.issuer, found.id) == ("长沙县人民政府关于加强政务诚信建设的实施意见", "长沙县人民政府", "changsha-2024")
    assert found.warnings == []
