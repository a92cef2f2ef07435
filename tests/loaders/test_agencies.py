"""Agencies with roles, canonical names and kinds (loaders/agencies.py), on seed wordings."""

import pytest

from policykg.loaders.agencies import canonical_agency_name, find_agencies, looks_like_agency
from policykg.ontology.gazetteer import resolve_jurisdiction

QINGHAI = resolve_jurisdiction("青海省")
ZHANQIAN = resolve_jurisdiction("营口市站前区")
ZHANGZHOU = resolve_jurisdiction("漳州市")
SHENZHEN = resolve_jurisdiction("深圳市")
CHANGSHA_COUNTY = resolve_jurisdiction("长沙县")


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


def assert_spans_are_the_surfaces(text, mentions):
    for mention in mentions:
        assert text[mention.span.start:mention.span.end] == mention.surface


def test_agencies_sentence_lead_then_cooperating():
    text = "县财政局牵头，县审计局、县统计局配合。"
    mentions = find_agencies(text, 0, CHANGSHA_COUNTY)
    assert roles(mentions) == [
        ("lead", "长沙市长沙县财政局"), ("cooperating", "长沙市长沙县审计局"), ("cooperating", "长沙市长沙县统计局")]
    assert [m.kind for m in mentions] == ["finance", "audit", "statistics"]
    assert_spans_are_the_surfaces(text, mentions)
    # the same words in a parenthesis, as before
    assert roles(find_agencies("（县财政局牵头，县审计局、县统计局配合）", 0, CHANGSHA_COUNTY)) == roles(mentions)


def test_agencies_sentence_led_by_with_participants():
    text = "建立政务失信行为认定机制。由县财政局牵头负责，县审计局参加。"
    mentions = find_agencies(text, 40, CHANGSHA_COUNTY)
    assert roles(mentions) == [("lead", "长沙市长沙县财政局"), ("cooperating", "长沙市长沙县审计局")]
    assert [text[m.span.start - 40:m.span.end - 40] for m in mentions] == ["县财政局", "县审计局"]


def test_agencies_sentence_led_by_after_a_comma():
    text = "建立联席会议制度，由区财政局牵头，区审计局、区统计局积极配合。"
    assert roles(find_agencies(text, 0, ZHANQIAN)) == [
        ("lead", "营口市站前区财政局"), ("cooperating", "营口市站前区审计局"), ("cooperating", "营口市站前区统计局")]


def test_agencies_sentence_lists_before_a_role_word_share_it():
    # seed 000's shape, written as a sentence: 省财政厅、… 等有关部门 and 各市州政府 both 参加
    text = "省发展改革委牵头负责，省财政厅、省金融办、青海银监局等有关部门，各市州政府参加。"
    assert roles(find_agencies(text, 0, QINGHAI)) == [
        ("lead", "青海省发展改革委"), ("cooperating", "青海省财政厅"), ("cooperating", "青海省金融办"),
        ("cooperating", "青海银监局"), ("cooperating", "青海省各市州政府")]


def test_agencies_sentence_whose_subject_is_responsible_for_a_task():
    # seed 004 三.(五) and 三.(一); 会同有关部门 names a partner, not a role, and is not read
    assert roles(find_agencies("市信用办负责本分工方案的统筹协调和跟踪推进,以政务诚信建设引领其他领域诚信建设工作,"
                               "协同市法院开展政府机构失信被执行人专项治理工作。", 0, ZHANGZHOU)) == [
        ("responsible", "漳州市信用办")]
    assert roles(find_agencies("市信用办会同有关部门负责对本分工方案落实工作的统筹协调、跟踪了解、督查指导,"
                               "确保各项工作平稳有序推进。", 0, ZHANGZHOU)) == [("responsible", "漳州市信用办")]
    # seed 001 四.(一): the office that issues the opinion, after the run-in heading
    text = "加强组织协调。社会信用体系建设统筹小组办公室负责政务诚信建设的日常工作,协调解决政务诚信建设中的重大问题。"
    mentions = find_agencies(text, 0, SHENZHEN)
    assert [(m.role, m.name, m.kind) for m in mentions] == [
        ("responsible", "深圳市社会信用体系建设统筹小组办公室", "credit-office")]
    assert_spans_are_the_surfaces(text, mentions)


def test_agencies_sentence_subject_leads_a_task():
    assert roles(find_agencies("由县财政局牵头制定政务失信行为认定办法。", 0, CHANGSHA_COUNTY)) == [
        ("lead", "长沙市长沙县财政局")]
    assert roles(find_agencies("县应急管理局负责安全生产领域政务失信信息的归集。", 0, CHANGSHA_COUNTY)) == [
        ("responsible", "长沙市长沙县应急管理局")]


def test_agencies_sentence_names_joined_by_and_are_two_bodies():
    text = "县财政局和县审计局负责资金监管。"
    mentions = find_agencies(text, 0, CHANGSHA_COUNTY)
    assert roles(mentions) == [("responsible", "长沙市长沙县财政局"), ("responsible", "长沙市长沙县审计局")]
    assert_spans_are_the_surfaces(text, mentions)
    # 和 inside one name splits nothing
    assert roles(find_agencies("（县人力资源和社会保障局、县发展和改革局牵头负责）", 0, CHANGSHA_COUNTY)) == [
        ("lead", "长沙市长沙县人力资源和社会保障局"), ("lead", "长沙市长沙县发展和改革局")]


@pytest.mark.parametrize("text", [
    # seed 002 五.(一): 发展改革部门 is a class of department, not a body the text names
    "发展改革部门会同有关部门和单位负责将本级政府及其部门以及公务员失信行为纳入失信记录。",
    # seed 001 四.(二): 协同配合 is what every district and department does, no role list
    "各区、各部门要主动作为,协同配合,建立工作台账,组织落实各项任务。",
    # seed 004 三.(一): 牵头部门 is a noun here
    "各地各部门特别是政务诚信建设6个重点领域的牵头部门要按照本分工方案,研究细化具体工作措施。",
    # persons, not bodies
    "对造成政务失信行为的主要负责人依法依规追究责任。",
    "主要负责人负责组织实施。",
    # 负责制, 负责任: no task given to a body
    "实行首长负责制。",
    "县财政局负责任地做好工作。",
    # a subject after a comma, without 由: not read (a false role is worse than a missing one)
    "建立工作台账，县财政局负责汇总。",
    # no role word at the end of the part
    "在保护国家秘密的前提下,依托省政府门户网站和各单位网站,实现全过程公开。",
    "鼓励社会力量参与,积极引导企业参与。",
    # a verb before the list: who takes part is not said to be a role of the clause
    "鼓励各部门参与。",
    "组织县财政局、县审计局参加。",
    "要引导各级政府积极参与。",
])
def test_agencies_sentence_without_a_stated_role_gives_none(text):
    assert find_agencies(text, 0, CHANGSHA_COUNTY) == []


@pytest.mark.parametrize(("surface", "expected"), [
    ("县财政局", True), ("市信用办", True), ("各有关部门", True), ("各市州政府", True), ("人民银行西宁中心支行", True),
    ("社会信用体系建设统筹小组办公室", True), ("县应急管理局", True),
    ("青海银监局", True), ("营口市站前区财政局", True), ("中共漳州市委组织部", True), ("团市委", True), ("效能办", True),
    ("发展改革部门", False), ("政府部门", False), ("主要负责人", False), ("领导干部", False), ("各部门要协同", False),
    ("各地区", False), ("重点领域的牵头部门", False), ("县", False), ("组织县财政局", False), ("鼓励各部门", False),
    ("引导各级政府", False),
])
def test_looks_like_agency(surface, expected):
    assert looks_like_agency(surface) is expected


def test_agencies_sentence_responsible_for_drafting_is_a_task():
    assert roles(find_agencies("县司法局负责制定合法性审查办法。", 0, CHANGSHA_COUNTY)) == [("responsible", "长沙市长沙县司法局")]
