"""Agencies with roles, canonical names and kinds (loaders/agencies.py), on seed wordings."""

from policykg.loaders.agencies import canonical_agency_name, find_agencies
from policykg.ontology.gazetteer import resolve_jurisdiction

QINGHAI = resolve_jurisdiction("青海省")
ZHANQIAN = resolve_jurisdiction("营口市站前区")
ZHANGZHOU = resolve_jurisdiction("漳州市")


def roles(mentions):
    return [(m.role, m.name) for m in mentions]


def test_agencies_seed_000_trailing_parenthesis_lead_and_participants():
    text = "提高政府采购活动透明度。(省发展改革委、人民银行西宁中心支行、省教育厅等按照职责牵头负责,省信访局等有关部门,各市州政府参加)"
    assert roles(find_agencies(text, 0, QINGHAI)) == [
        ("lead", "青海省发展改革委"), ("lead", "人民银行西宁中心支行"), ("lead", "青海省教育厅"),
        ("cooperating", "青海省信访局"), ("cooperating", "青海省各市州政府"),
    ]


def test_agencies_seed_000_responsible_by_division_of_duties():
    text = "(省政府办公厅,各有关部门、各市州政府等按照职责分工分别负责)"
    assert roles(find_agencies(text, 0, QINGHAI)) == [
        ("responsible", "青海省政府办公厅"), ("responsible", "青海省各有关部门"), ("responsible", "青海省各市州政府"),
    ]


def test_agencies_drop_what_follows_etc():
    text = "(省发展改革委、人民银行西宁中心支行等省社会信用体系建设领导小组成员单位和其他相关部门,各市州政府按照职责分工分别负责)"
    assert [m.surface for m in find_agencies(text, 0, QINGHAI)] == ["省发展改革委", "人民银行西宁中心支行", "各市州政府"]


def test_agencies_seed_002_labelled_lists_in_one_parenthesis():
    text = "形成政策制定前评估报告。(牵头单位:区政府办公室、区发改局;配合单位:区司法局、区营商局等有关部门)"
    mentions = find_agencies(text, 100, ZHANQIAN)
    assert roles(mentions) == [
        ("lead", "营口市站前区政府办公室"), ("lead", "营口市站前区发改局"),
        ("cooperating", "营口市站前区司法局"), ("cooperating", "营口市站前区营商局"),
    ]
    assert [m.kind for m in mentions] == ["general-office", "development-and-reform", "justice", "business-environment"]
    for mention in mentions:
        assert text[mention.span.start - 100:mention.span.end - 100] == mention.surface


def test_agencies_seed_002_city_branch_and_responsible_label():
    text = "(牵头单位:区卫健局、市自然资源局站前分局、区财政局;责任单位:区直各部门,各街道办事处)"
    mentions = find_agencies(text, 0, ZHANQIAN)
    assert roles(mentions) == [
        ("lead", "营口市站前区卫健局"), ("lead", "营口市自然资源局站前分局"), ("lead", "营口市站前区财政局"),
        ("responsible", "营口市站前区区直各部门"), ("responsible", "营口市站前区各街道办事处"),
    ]
    assert mentions[2].surface == "区财政局"  # the alias as written
    assert [m.kind for m in mentions[3:]] == ["collective", "collective"]


def test_agencies_seed_004_line_keeps_parentheses_inside_collective_entries():
    text = "并将考评结果作为绩效考评的重要参考。\n\n  责任单位:市发改委、效能办、各有关部门,各县(市、区)人民政府、开发区(投资区、高新区)管委会\n\n  2.建立"
    mentions = find_agencies(text, 0, ZHANGZHOU)
    assert [(m.surface, m.name, m.kind) for m in mentions] == [
        ("市发改委", "漳州市发改委", "development-and-reform"),
        ("效能办", "漳州市效能办", "efficiency-office"),
        ("各有关部门", "漳州市各有关部门", "collective"),
        ("各县(市、区)人民政府", "漳州市各县(市、区)人民政府", "collective"),
        ("开发区(投资区、高新区)管委会", "漳州市开发区(投资区、高新区)管委会", "development-zone"),
    ]
    assert {m.role for m in mentions} == {"responsible"}


def test_agencies_unprefixed_names_take_the_place_of_the_list():
    text = "责任单位:市监察委,市委组织部,市法院、发改委、检察院"
    assert [m.name for m in find_agencies(text, 0, ZHANGZHOU)] == [
        "漳州市监察委", "漳州市委组织部", "漳州市法院", "漳州市发改委", "漳州市检察院"]


def test_agencies_vertically_managed_bodies_keep_their_name_with_the_place_beside_it():
    # seed 004: 人行, 银监局 and 国税局 answer to their own headquarters, not to 漳州市; the text
    # names no city body 漳州市人行, so the name stays as written and the place goes in brackets
    text = "责任单位:市法院、人行、发改委、银监局、国税局"
    mentions = find_agencies(text, 0, ZHANGZHOU)
    assert [m.name for m in mentions] == ["漳州市法院", "人行(漳州市)", "漳州市发改委", "银监局(漳州市)", "国税局(漳州市)"]
    assert [m.kind for m in mentions[3:]] == ["financial-regulation", "taxation"]
    assert canonical_agency_name("邮政管理局", ZHANGZHOU)[0] == "邮政管理局(漳州市)"
    assert canonical_agency_name("市国税局", ZHANGZHOU)[0] == "漳州市国税局"  # the text gives the place: 市
    assert canonical_agency_name("青海银监局", QINGHAI)[0] == "青海银监局"
    assert canonical_agency_name("人民银行西宁中心支行", QINGHAI)[0] == "人民银行西宁中心支行"


def test_agencies_directly_subordinate_collective_keeps_its_level_word():
    # 区直各部门 is "the departments directly under the district": 区直 is one word, not the prefix 区
    assert canonical_agency_name("区直各部门", ZHANQIAN)[0] == "营口市站前区区直各部门"
    assert canonical_agency_name("市直各单位", ZHANGZHOU)[0] == "漳州市市直各单位"


def test_agencies_parenthesis_without_role_word_is_not_a_block():
    text = "建立政府和社会资本合作(PPP)失信违约记录。省社会信用体系建设领导小组办公室(省发展改革委)要加强统筹协调力度"
    assert find_agencies(text, 0, QINGHAI) == []


def test_agencies_one_mention_per_name_and_role():
    text = "(省财政厅牵头负责,省财政厅、各有关部门参加)(省财政厅牵头负责)"
    assert roles(find_agencies(text, 0, QINGHAI)) == [
        ("lead", "青海省财政厅"), ("cooperating", "青海省财政厅"), ("cooperating", "青海省各有关部门")]


def test_agencies_canonical_names():
    assert canonical_agency_name("区财政局", ZHANQIAN)[0] == "营口市站前区财政局"
    assert canonical_agency_name("省财政厅", ZHANQIAN)[0] == "辽宁省财政厅"
    assert canonical_agency_name("市场监管局", ZHANGZHOU)[0] == "漳州市市场监管局"  # 市场 is not the prefix 市
    assert canonical_agency_name("团市委", ZHANGZHOU)[0] == "团漳州市委"
    assert canonical_agency_name("青海银监局", QINGHAI)[0] == "青海银监局"
    assert canonical_agency_name("区财政局", QINGHAI)[0] == "区财政局"  # a province has no 区 to stand for
    assert canonical_agency_name("区财政局", None)[0] == "区财政局"
