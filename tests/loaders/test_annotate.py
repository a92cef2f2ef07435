"""annotate_document on the real seeds: agencies by role, sanction and obligation mentions,
citations; and the spaCy pipeline that reads the sentences (loaders/nlp.py, components.py)."""

from collections import Counter
from importlib.resources import files

import pytest

from policykg.loaders import structure_document
from policykg.loaders.annotate import annotate_document, sentence_spans
from policykg.loaders.components import find_sanctions
from policykg.loaders.document import Document
from policykg.loaders.nlp import PIPES, build_nlp

CORPUS = files("policykg.loaders") / "corpus"
SEEDS = {
    "qinghai": "000_ce33fc1d13cf098e.txt",
    "shenzhen": "001_350ef532a4b341f8.txt",
    "zhanqian": "002_2c9410718cd0a972.txt",
    "jiangsu": "003_4fbec7afa2bb6dc0.txt",
    "zhangzhou": "004_084f9c06af8bc641.txt",
}


@pytest.fixture(scope="module")
def seeds(parsed_seeds) -> dict[str, Document]:
    return {name: parsed_seeds[filename] for name, filename in SEEDS.items()}


def clause(document: Document, path: str):
    return next(c for c in document.walk() if c.path == path)


def role_counts(document: Document) -> dict[str, int]:
    return dict(Counter(a.role for c in document.walk() for a in c.agencies))


def test_annotate_role_counts_per_seed(seeds):
    # counted by hand in the source texts: every entry of every role list
    assert role_counts(seeds["qinghai"]) == {"lead": 21, "cooperating": 38, "responsible": 23}
    assert role_counts(seeds["zhanqian"]) == {"lead": 44, "cooperating": 36, "responsible": 8}
    # 233 in the 责任单位 lines, and 市信用办 in the sentences of 三.(一) and 三.(五)
    assert role_counts(seeds["zhangzhou"]) == {"responsible": 235}
    # Shenzhen names no agency per task; 四.(一) gives the daily work to the office that issues it
    assert role_counts(seeds["shenzhen"]) == {"responsible": 1}


def test_annotate_seed_000_procurement_task_is_led_by_the_provincial_finance_department(seeds):
    task = clause(seeds["qinghai"], "三.(三).1")
    assert [(a.role, a.name, a.surface, a.kind) for a in task.agencies] == [
        ("lead", "青海省财政厅", "省财政厅", "finance"),
        ("cooperating", "青海省各有关部门", "各有关部门", "collective"),
    ]


def test_annotate_seed_002_serious_dishonesty_sanctions_in_order(seeds):
    document = seeds["zhanqian"]
    rule = clause(document, "五.(二)")
    assert [(s.code, s.surface) for s in rule.sanctions] == [
        ("rectification-deadline", "限期加以整改"),
        ("honour-ineligibility", "取消其参加当年各类荣誉评选资格"),
        ("public-criticism", "公开通报批评"),
        ("disciplinary-sanction", "依法给予处分"),
        ("referral-to-supervision", "移送监察机关"),
    ]
    assert rule.sanctions[0].sentence == "政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。"
    assert rule.sanctions[0].label == "限期整改"


def test_annotate_seed_000_civil_servant_sanctions_are_not_a_prohibition(seeds):
    task = clause(seeds["qinghai"], "三.(二).3")
    codes = [s.code for s in task.sanctions]
    assert codes == ["written-explanation", "rectification-deadline", "honour-ineligibility", "public-criticism",
                     "accountability", "appraisal-cap", "award-restriction", "personal-credit-file",
                     "differentiated-service"]
    appraisal = next(s for s in task.sanctions if s.code == "appraisal-cap")
    # 不得 inside 年终考核不得评为优秀等次 is part of the sanction, not a prohibition
    assert not any(o.span.start <= appraisal.span.start < o.span.end and o.modality == "prohibition"
                   for o in task.obligations)


def test_annotate_accountability_mechanism_is_not_a_sanction(seeds):
    # seed 002 三.(六): 建立健全失信责任追究制度 sets up a mechanism; it sanctions nobody
    assert clause(seeds["zhanqian"], "三.(六)").sanctions == []


def test_annotate_seed_002_obligation_and_prohibition_sentences(seeds):
    procurement = clause(seeds["zhanqian"], "四.(二)")
    by_sentence = {}
    for mention in procurement.obligations:
        by_sentence.setdefault(mention.sentence, set()).add(mention.modality)
    # the modal changes at the comma: each part is one mention, with its own words and span
    assert by_sentence["政府采购要依法公开透明"] == {"obligation"}
    assert by_sentence["不准在项目资金支付环节过程中违约。"] == {"prohibition"}
    assert by_sentence[next(s for s in by_sentence if s.startswith("财政部门应当建立政府采购诚信责任制"))] == {"obligation"}
    # 规范招标投标活动,… has no modal word: neither obliges nor forbids in so many words
    assert not any(s.startswith("规范招标投标活动") for s in by_sentence)


def test_annotate_no_two_modal_mentions_share_a_span(seeds):
    for document in seeds.values():
        spans = [o.span for c in document.walk() for o in c.obligations]
        assert len(spans) == len(set(spans)), document.id


def test_annotate_modal_scope_is_the_comma_part_and_prohibition_words_rule_their_part():
    # hand-made: 要 governs the parts up to the comma where 不得 begins; 必须严禁 forbids; the
    # 应当 of an exception (…的除外) is the other rule's
    text = ("关于采购的意见\n一、任务\n(一)加强管理。各部门要公开透明,完善制度,不得拖欠账款。财政部门必须严禁挪用资金。"
            "不得泄露个人信息,但法律法规规定应当公开的除外。\n")
    document = annotate_document(structure_document(text, source="hand.txt", sha256="0" * 64, encoding="utf-8"))
    assert [(o.modality, o.sentence) for o in clause(document, "一.(一)").obligations] == [
        ("obligation", "各部门要公开透明,完善制度"),
        ("prohibition", "不得拖欠账款。"),
        ("prohibition", "财政部门必须严禁挪用资金。"),
        ("prohibition", "不得泄露个人信息,但法律法规规定应当公开的除外。"),
    ]


@pytest.mark.parametrize("seed, path", [("qinghai", "二.(二).1"), ("shenzhen", "二.(一)"), ("jiangsu", "全文")])
def test_annotate_quoted_principle_is_not_a_prohibition(seeds, seed, path):
    # 法定职责必须为、法无授权不可为 is a principle the sentence names, not its own modal
    mentions = [o for o in clause(seeds[seed], path).obligations if "法无授权不可为" in o.sentence]
    assert all(o.modality != "prohibition" for o in mentions)
    # Shenzhen's sentence obliges in its own words (各区、各部门和公务员要切实履行…的要求)
    assert [o.modality for o in mentions] == (["obligation"] if seed == "shenzhen" else [])


def test_annotate_modal_inside_an_exception_is_not_the_sentence_s_modal(seeds):
    # seed 000 三.(二).4: 除…应当保密或禁止采集外 names the exceptions; the sentence obliges (都应记入)
    task = clause(seeds["qinghai"], "三.(二).4")
    [mention] = [o for o in task.obligations if "禁止采集" in o.sentence]
    assert mention.modality == "obligation"
    assert mention.sentence == "除法律法规另有规定应当保密或禁止采集外,所有政务失信信息都应记入当事主体的信用档案。"


def test_annotate_modal_words_inside_other_words_do_not_oblige(seeds):
    principle = clause(seeds["zhanqian"], "二")  # 工作目标: …进一步规范…基本形成 (no 要/应 as words)
    assert principle.obligations == []
    guidance = clause(seeds["qinghai"], "一")  # 重要组成部分, 重要而紧迫, 必然要求: 要 only inside words
    assert guidance.obligations == []


def test_annotate_citations_per_seed(seeds):
    assert [(c.doc_number, c.relation) for c in seeds["qinghai"].citations] == [("国发〔2016〕76号", "implements")]
    assert [(c.title, c.relation) for c in seeds["shenzhen"].citations] == [
        ("优化营商环境条例", "implements"), ("国务院关于加强政务诚信建设的指导意见", "implements")]
    assert [c.doc_number for c in seeds["zhanqian"].citations] == [
        None, None, "辽政发〔2019〕24号", "辽政办发〔2022〕22号", "营政发〔2022〕16号"]
    assert [(c.doc_number, c.relation) for c in seeds["zhangzhou"].citations] == [
        ("闽政〔2017〕40号", "implements"), ("闽政办〔2017〕111号", "implements")]
    cited_in_clause = clause(seeds["zhanqian"], "三.(四)").citations
    assert [(c.title, c.relation) for c in cited_in_clause] == [("中华人民共和国政府信息公开条例", "cites")]
    # 汇总形成《漳州市自然人公共信用信息征集指导目录》: a catalogue to be compiled, not a cited policy
    assert clause(seeds["zhangzhou"], "二.(四).1").citations == []


def test_annotate_every_mention_is_verbatim_at_its_span(seeds):
    for document in seeds.values():
        for item in document.walk():
            for agency in item.agencies:
                assert document.text[agency.span.start:agency.span.end] == agency.surface
            for sanction in item.sanctions:
                assert document.text[sanction.span.start:sanction.span.end] == sanction.surface
                assert sanction.surface in sanction.sentence and sanction.sentence in item.text
            for obligation in item.obligations:
                assert document.text[obligation.span.start:obligation.span.end] == obligation.sentence
            for citation in item.citations:
                assert document.text[citation.span.start:citation.span.end].startswith(f"《{citation.title}》")


def test_annotate_negated_sanction_is_not_reported(seeds):
    # seed 003: 经认定符合容错纠错情形和条件的,可不纳入政务失信记录
    text = seeds["jiangsu"].text
    start = text.index("经认定符合容错纠错情形")
    sentence = text[start:text.index("。", start) + 1]
    assert sentence.endswith("可不纳入政务失信记录。")
    assert find_sanctions(sentence) == []
    assert [m.code for m in find_sanctions("纳入政务失信记录。")] == ["dishonesty-record"]


def test_annotate_rectification_without_a_deadline_is_not_rectification_deadline(seeds):
    # seed 004 一.(二).3: 应主动整改 sets no deadline (and rules/policies/zhangzhou-2018.yaml reads it so)
    task = clause(seeds["zhangzhou"], "一.(二).3")
    assert [s.code for s in task.sanctions] == [
        "dishonesty-record", "honour-ineligibility", "public-criticism", "accountability", "award-restriction"]
    assert [m.code for m in find_sanctions("应主动整改并取消其参加各类荣誉评选资格。")] == ["honour-ineligibility"]
    assert [m.code for m in find_sanctions("应对具体失信行为限期加以整改。")] == ["rectification-deadline"]


def test_annotate_blacklist_needs_someone_put_on_it(seeds):
    # seed 000 三.(三).3 sets up a blacklist of bidders; seed 002 五.(一) puts governments on one
    assert find_sanctions("建立完善招标投标不良行为“黑名单”,通过“信用青海”网站和省内主流媒体依法依规向社会公示。") == []
    assert clause(seeds["qinghai"], "三.(三).3").sanctions == []
    assert [(s.code, s.surface) for s in clause(seeds["zhanqian"], "五.(一)").sanctions if s.code == "blacklist"] == [
        ("blacklist", "纳入失信黑名单")]


def test_annotate_pushing_records_to_the_credit_platform_needs_government_dishonesty(seeds):
    # seed 004 二.(一).3 pushes students' records; 一.(二).2 pushes the government's 政务失信记录
    assert [s.code for s in clause(seeds["zhangzhou"], "二.(一).3").sanctions] == []
    assert "credit-platform-upload" in [s.code for s in clause(seeds["zhangzhou"], "一.(二).2").sanctions]
    assert "credit-platform-upload" in [s.code for s in clause(seeds["zhanqian"], "五.(一)").sanctions]


def test_annotate_public_disclosure_needs_a_government_dishonesty_context(seeds):
    assert find_sanctions("及时向社会公开有关招标代理机构资质信息、信用信息及动态监管信息。") == []
    assert [m.code for m in find_sanctions(
        "本级政府及其部门以及公务员在履职过程中,因违法违规、失信违约被司法判决、行政处罚、纪律处分、政务处分、"
        "问责处理等信息纳入失信黑名单管理,并通过“信用中国(辽宁营口)”网站等向社会公开。")] == ["blacklist", "public-disclosure"]
    # seed 004 二.(五).3 discloses individuals' records and asks market actors to treat those individuals differently
    assert clause(seeds["zhangzhou"], "二.(五).3").sanctions == []


def test_annotate_hand_made_text_in_an_unknown_place():
    text = "关于加强诚信建设的意见\n一、工作任务\n(一)加强采购管理。财政部门必须严禁拖欠账款。(财政局牵头负责,各有关部门参加)\n"
    document = structure_document(text, source="hand.txt", sha256="0" * 64, encoding="utf-8")
    annotated = annotate_document(document)
    task = clause(annotated, "一.(一)")
    assert [(a.role, a.name) for a in task.agencies] == [("lead", "财政局"), ("cooperating", "各有关部门")]
    assert [o.modality for o in task.obligations] == ["prohibition"]  # 必须严禁: what must be is a ban


def test_annotate_leaves_its_input_unchanged_and_is_repeatable(seeds):
    filename = SEEDS["zhanqian"]
    raw_text = (CORPUS / filename).read_text(encoding="utf-8")
    document = structure_document(raw_text, source=filename, sha256="0" * 64, encoding="utf-8")
    once = annotate_document(document)
    assert all(not c.agencies and not c.sanctions for c in document.walk())
    twice = annotate_document(once)
    assert [c.agencies for c in twice.walk()] == [c.agencies for c in once.walk()]
    assert twice.citations == once.citations


def test_annotate_sentences_split_on_stops_and_line_ends():
    text = "  第一句。第二句;第三句\n  第四句"
    assert [text[s.start:s.end] for s in sentence_spans(text, 0, len(text))] == ["第一句。", "第二句;", "第三句", "第四句"]


def test_annotate_sentences_do_not_split_on_garbled_marks():
    # seed 000's bytes hold ?! where a lossy conversion lost 海” and 損: 信用青?!本W站, 挽回?fù)p失
    text = "并通过“信用青?!本W站依法依规逐步公开。对主动挽回?fù)p失的,可减免。真的吗? 是的!\n好！对？"
    assert [text[s.start:s.end] for s in sentence_spans(text, 0, len(text))] == [
        "并通过“信用青?!本W站依法依规逐步公开。", "对主动挽回?fù)p失的,可减免。", "真的吗?", "是的!", "好！", "对？"]


def test_annotate_seed_000_disclosure_sentence_runs_across_the_garbled_site_name(seeds):
    task = clause(seeds["qinghai"], "三.(二).2")
    disclosure = next(s for s in task.sanctions if s.code == "public-disclosure")
    assert disclosure.sentence.startswith("同时将有关记录逐级归集至省公共信用信息共享交换平台")
    assert disclosure.sentence.endswith("“信用青?!本W站依法依规逐步公开各级政府和公务员政务失信记录。")


def test_nlp_pipeline_is_built_once_with_the_registered_components():
    nlp = build_nlp()
    assert nlp is build_nlp()
    assert tuple(nlp.pipe_names) == PIPES
    assert nlp.lang == "zh"
    words = [token.text for token in nlp("各级人民政府和公务员要忠诚履职")]
    assert "要" in words and "人民政府" in words  # jieba's words, not single characters
