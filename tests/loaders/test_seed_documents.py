"""parse_document on the five seeds, compared with their reviewed goldens
(tests/golden/documents/<slug>.yaml), and the document-level guarantees every parse keeps."""

import hashlib
import itertools
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest

from policykg.errors import DocumentDecodeError, DocumentError
from policykg.loaders import load_document, parse_document
from policykg.loaders.document import Clause, Document

CORPUS = files("policykg.loaders") / "corpus"
SEED_SLUGS = {
    "000_ce33fc1d13cf098e.txt": "qinghai-2017",
    "001_350ef532a4b341f8.txt": "shenzhen-2020",
    "002_2c9410718cd0a972.txt": "zhanqian-2024",
    "003_4fbec7afa2bb6dc0.txt": "jiangsu-2023",
    "004_084f9c06af8bc641.txt": "zhangzhou-2018",
}


def golden_view(document: Document) -> dict:
    """What a reviewer checks against the Chinese text, in document order."""
    return {
        "id": document.id,
        "source": document.source,
        "sha256": document.sha256,
        "encoding": document.encoding,
        "title": document.title,
        "doc_number": document.doc_number,
        "issuer": document.issuer,
        "jurisdiction": document.jurisdiction and {
            "adcode": document.jurisdiction.adcode, "full_name": document.jurisdiction.full_name},
        "issued_on": document.issued_on and document.issued_on.isoformat(),
        "effective_from": document.effective_from and document.effective_from.isoformat(),
        "effective_until": document.effective_until and document.effective_until.isoformat(),
        "kind": document.kind,
        "addressees": document.addressees,
        "citations": [_citation(citation) for citation in document.citations],
        "warnings": document.warnings,
        "clauses": [_clause(clause) for clause in document.clauses],
    }


def _clause(clause: Clause) -> dict:
    view = {"path": clause.path, "heading": clause.heading, "span": [clause.span.start, clause.span.end],
            "text": clause.text}
    if clause.agencies:
        view["agencies"] = [{"role": a.role, "name": a.name, "surface": a.surface, "kind": a.kind}
                            for a in clause.agencies]
    if clause.sanctions:
        view["sanctions"] = [{"code": s.code, "surface": s.surface} for s in clause.sanctions]
    if clause.obligations:
        view["obligations"] = dict(sorted(Counter(o.modality for o in clause.obligations).items()))
    if clause.citations:
        view["citations"] = [_citation(citation) for citation in clause.citations]
    if clause.children:
        view["children"] = [_clause(child) for child in clause.children]
    return view


def _citation(citation) -> dict:
    return {"title": citation.title, "doc_number": citation.doc_number, "relation": citation.relation}


@pytest.mark.parametrize("name", SEED_SLUGS)
def test_seed_document_matches_its_reviewed_golden(name, parsed_seeds, check_golden):
    document = parsed_seeds[name]
    assert document.id == SEED_SLUGS[name]
    check_golden(document.id, golden_view(document), name)


@pytest.mark.parametrize("name", SEED_SLUGS)
def test_seed_document_keeps_bytes_provenance_and_offsets(name, parsed_seeds):
    document = parsed_seeds[name]
    raw = (CORPUS / name).read_bytes()
    assert (document.source, document.sha256, document.encoding) == (name, hashlib.sha256(raw).hexdigest(), "utf-8")
    assert document.original_text == raw.decode("utf-8")
    for clause in document.walk():
        assert document.text[clause.span.start:clause.span.end] == clause.text
        original = document.original_span(clause.span)
        assert original.start < original.end <= len(document.original_text)


def test_seed_document_parses_the_same_from_gb18030_bytes(parsed_seeds):
    name = "000_ce33fc1d13cf098e.txt"
    raw = (CORPUS / name).read_bytes().decode("utf-8").encode("gb18030")
    document = parse_document(raw, source=name)
    assert document.encoding == "gb18030"
    assert golden_view(document) | {"sha256": "", "encoding": ""} == golden_view(parsed_seeds[name]) | {
        "sha256": "", "encoding": ""}


def test_parse_document_without_numbering_or_title_gives_a_document_with_warnings():
    raw = "为加强政务诚信建设,各部门要依法行政,不得失信违约。\n请认真贯彻执行。".encode("gb18030")
    document = parse_document(raw, source="plain.txt")
    assert [clause.path for clause in document.clauses] == ["全文"]
    assert document.title == "为加强政务诚信建设,各部门要依法行政,不得失信违约。"[:30]
    assert any(warning.startswith("no title line found") for warning in document.warnings)
    assert "no numbered clauses (一、 (一) 1. (1)) found; the whole text is one clause, 全文" in document.warnings


@pytest.mark.parametrize(("raw", "error"), [(b"", DocumentDecodeError), (b"\x00\x01binary\x00", DocumentDecodeError)])
def test_parse_document_refuses_bytes_that_are_not_text(raw, error):
    with pytest.raises(error, match=r"^bad\.txt: "):
        parse_document(raw, source="bad.txt")


def test_load_document_reads_a_file(tmp_path):
    path = tmp_path / "002_2c9410718cd0a972.txt"
    path.write_bytes((CORPUS / path.name).read_bytes())
    document = load_document(path)
    assert (document.id, document.source) == ("zhanqian-2024", path.name)


def test_load_document_names_a_missing_file(tmp_path):
    missing = tmp_path / "vanished.txt"
    with pytest.raises(DocumentError, match=r"vanished\.txt：文件不存在"):
        load_document(missing)


def test_load_document_names_a_directory(tmp_path):
    with pytest.raises(DocumentError, match=r"：是一个目录，不是政策文本文件"):
        load_document(tmp_path)


@pytest.mark.parametrize("slug", SEED_SLUGS.values())
def test_golden_files_record_their_review(slug):
    path = Path(__file__).resolve().parent.parent / "golden" / "documents" / f"{slug}.yaml"
    header = itertools.takewhile(lambda line: line.startswith("#"), path.read_text(encoding="utf-8").splitlines())
    reviews = [line for line in header if line.startswith("# reviewed against the Chinese source:")]
    assert len(reviews) == 1 and "NOT REVIEWED" not in reviews[0], f"{path.name}: review it (tests/golden/README.md)"


@pytest.mark.parametrize(("raw", "message"), [
    ("一、\n二、\n（一）".encode(), r"^numbers\.txt: no policy text: nothing but clause numbering and punctuation "
                                   r"\(一、 二、 （一）\), no title and no clause text / 没有政策正文:只有条款编号和标点,没有标题和条文$"),
    ("\ufeff一、\r\n(二)\r\n1.\r\n。".encode(), r"^numbers\.txt: no policy text: nothing but clause numbering"),
    ("分享到：\n【打印】【关闭】\n扫一扫在手机打开当前页".encode(), r"^numbers\.txt: no policy text: every line is web page chrome "
                                                   r"\(share-button, page-chrome, qr-code\) / 没有政策正文:每一行都是网页框架$"),
    ("【字体：大 中 小】 打印本页 关闭窗口\n".encode(), r"^numbers\.txt: no policy text: every line is web page chrome "
                                              r"\(page-chrome\) / 没有政策正文:每一行都是网页框架$"),
    ("【字体：大 中 小】\n打印本页\n关闭窗口".encode(), r"^numbers\.txt: no policy text: every line is web page chrome "
                                              r"\(page-chrome\) / 没有政策正文:每一行都是网页框架$"),
])
def test_parse_document_refuses_a_text_without_words(raw, message):
    # nothing to title, quote or cite: refused like an empty file, not stored as a policy titled 一、
    with pytest.raises(DocumentError, match=message):
        parse_document(raw, source="numbers.txt")


def test_parse_document_titles_a_text_by_its_first_words_not_a_bare_numeral():
    document = parse_document("一、\n各部门要加强政务诚信建设。\n二、\n不得失信违约。".encode(), source="bare.txt")
    assert document.title == "各部门要加强政务诚信建设。"
    assert "no title line found; the title is the opening words '各部门要加强政务诚信建设。'" in document.warnings
    assert [clause.path for clause in document.clauses] == ["一", "二"]
