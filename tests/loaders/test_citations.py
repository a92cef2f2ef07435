"""Cross-references 《title》(doc number) and implements versus cites (loaders/citations.py)."""

from policykg.loaders.citations import defined_abbreviations, find_citations

# seed 002's preamble, verbatim
ZHANQIAN_PREAMBLE = (
    "为贯彻落实《辽宁省社会信用条例》《辽宁省惩戒严重失信行为规定》《辽宁省人民政府关于加强诚信政府建设的决定》"
    "(辽政发〔2019〕24号)《辽宁省人民政府办公厅关于印发<辽宁省政务严重失信行为联合惩戒实施办法(试行)>的通知》"
    "(辽政办发〔2022〕22号)和《营口市人民政府关于加强诚信政府建设的实施意见》(营政发〔2022〕16号)精神,"
    "切实加强诚信政府建设,结合我区实际,制定本实施意见。"
)


def cite(text, *, in_clause=False, not_citations=()):
    return find_citations(text, 0, len(text), in_clause=in_clause, not_citations=not_citations)


def test_citations_seed_002_titles_in_a_row_each_with_its_own_number():
    found = cite(ZHANQIAN_PREAMBLE)
    assert [(c.title, c.doc_number) for c in found] == [
        ("辽宁省社会信用条例", None),
        ("辽宁省惩戒严重失信行为规定", None),
        ("辽宁省人民政府关于加强诚信政府建设的决定", "辽政发〔2019〕24号"),
        ("辽宁省人民政府办公厅关于印发<辽宁省政务严重失信行为联合惩戒实施办法(试行)>的通知", "辽政办发〔2022〕22号"),
        ("营口市人民政府关于加强诚信政府建设的实施意见", "营政发〔2022〕16号"),
    ]
    assert {c.relation for c in found} == {"implements"}
    third = found[2]
    assert ZHANQIAN_PREAMBLE[third.span.start:third.span.end] == "《辽宁省人民政府关于加强诚信政府建设的决定》(辽政发〔2019〕24号)"


def test_citations_seed_000_implements_with_full_width_parentheses():
    text = "为全面贯彻落实《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）精神,充分发挥政府作用。"
    [found] = cite(text)
    assert (found.title, found.doc_number, found.relation) == ("国务院关于加强政务诚信建设的指导意见", "国发〔2016〕76号", "implements")


def test_citations_seed_001_according_to_requirements_implements():
    text = "按照《优化营商环境条例》《国务院关于加强政务诚信建设的指导意见》(国发〔2016〕76号)要求,结合实际,现就加强深圳市政务诚信建设提出如下指导意见。"
    assert [c.relation for c in cite(text)] == ["implements", "implements"]


def test_citations_in_a_clause_cite():
    text = "有关机关根据《辽宁省惩戒严重失信行为规定》和《辽宁省政务严重失信行为联合惩戒实施办法(试行)》有关规定,及时进行相应处理。"
    assert [(c.title, c.relation) for c in cite(text, in_clause=True)] == [
        ("辽宁省惩戒严重失信行为规定", "cites"), ("辽宁省政务严重失信行为联合惩戒实施办法(试行)", "cites")]


def test_citations_preamble_reference_without_spirit_or_requirements_cites():
    text = "各级政府及其部门要依据《中华人民共和国政府信息公开条例》有关规定执行。"
    assert [c.relation for c in cite(text)] == ["cites"]


def test_citations_leave_out_the_document_itself_and_its_short_names():
    text = (
        "现将《漳州市加强政务诚信和个人诚信体系建设任务分工方案》印发给你们。"
        "江苏省政府日前印发《关于加强政务诚信建设的实施意见》(以下简称《意见》)。根据《意见》,至2025年……"
        "按照本《实施意见》确定的重点任务和职责分工。"
    )
    own = {"漳州市人民政府关于印发漳州市加强政务诚信和个人诚信体系建设任务分工方案的通知", *defined_abbreviations(text)}
    assert [c.title for c in cite(text, not_citations=own)] == ["关于加强政务诚信建设的实施意见"]


def test_citations_span_covers_only_the_requested_stretch():
    text = ZHANQIAN_PREAMBLE
    start = text.index("《营口市")
    found = find_citations(text, start, len(text), in_clause=False)
    assert [c.doc_number for c in found] == ["营政发〔2022〕16号"]
    assert found[0].relation == "implements"  # the sentence's opening lies before the stretch


def test_citations_a_work_the_clause_asks_to_produce_is_not_cited():
    # seed 004 二.(四).1: the catalogue is what the departments compile, not a policy in force
    text = ("各地各部门要严格按照统一的分类标准和共享交换规范,梳理各行业领域个人公共信用信息征集目录,"
            "报送市社会信用体系建设领导小组办公室汇总形成《漳州市自然人公共信用信息征集指导目录》。")
    assert cite(text, in_clause=True) == []
    for verb in ("编制", "制定", "出台", "研究制定", "制订"):
        assert cite(f"抓紧{verb}《政务失信行为认定办法》。", in_clause=True) == [], verb
    # an existing work is cited even where a verb of making stands near it
    assert [c.title for c in cite("按照《福建省公共信用信息管理暂行办法》制定实施细则。", in_clause=True)] == [
        "福建省公共信用信息管理暂行办法"]
    assert [c.title for c in cite("省信用办制定了《政务诚信评价办法》。", in_clause=True)] == ["政务诚信评价办法"]
