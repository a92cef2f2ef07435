"""`policykg ingest | export` as a user runs them: bad input gives one line naming the file
and leaves the store as it was; good input lands once."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from policykg.api.cli import main
from policykg.errors import NotFound
from policykg.ontology.identifiers import policy_iri
from policykg.queries.embedded import EmbeddedStore

ZHANQIAN = "002_2c9410718cd0a972.txt"


def _run(home: Path, *args: str):
    return CliRunner().invoke(main, list(args), env={"POLICYKG_HOME": str(home), "POLICYKG_STORE": "embedded"})


def _files(home: Path) -> dict[str, bytes]:
    """Every byte of the store, to prove that a failed ingest changed nothing."""
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and p.name != ".lock"}


def _another_zhanqian_policy(tmp_path: Path, seed_paths: list[Path]) -> Path:
    """Another 站前区 policy of 2024 (seed 002 with a title naming another subject): the
    slug zhanqian-2024 again, but not a copy of seed 002's policy."""
    other = tmp_path / "zhanqian-other.txt"
    other.write_bytes(seed_paths[2].read_bytes().replace("加强诚信政府建设".encode(), "深化政务公开".encode(), 2))
    return other


def _assert_one_line_error(result, *names: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policykg: "), result.stderr
    assert "Traceback" not in result.output
    for name in names:
        assert name in lines[0]


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    huge = tmp / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    folder = tmp / "folder.txt"
    folder.mkdir()
    japanese = tmp / "sjis.txt"  # no Chinese encoding reads Shift-JIS kana
    japanese.write_bytes("政務の誠実さに関する実施意見について、各部門はこれを徹底すること。".encode("shift_jis") * 20)
    policy = tmp / "real-policy.txt.bak"  # a text that would land if the link to it were followed
    policy.write_bytes((Path(str(files("policykg.loaders").joinpath("corpus"))) / ZHANQIAN).read_bytes())
    link = tmp / "link.txt"
    link.symlink_to(policy)
    fifo = tmp / "pipe.txt"
    os.mkfifo(fifo)  # no writer: reading it would wait forever
    chrome = tmp / "chrome.txt"
    chrome.write_text("【字体：大 中 小】 打印本页 关闭窗口\n", encoding="utf-8")
    return {"empty": empty, "binary": binary, "huge": huge, "vanished": tmp / "vanished.txt", "folder": folder,
            "unknown-encoding": japanese, "symlink": link, "fifo": fifo, "device": Path("/dev/zero"), "chrome": chrome}


@pytest.mark.parametrize("kind", ["empty", "binary", "huge", "vanished", "folder", "unknown-encoding",
                                  "symlink", "fifo", "device", "chrome"])
def test_ingest_of_bad_input_names_the_file_and_leaves_the_store_unchanged(kind, seed_home_copy, tmp_path):
    path = _bad_inputs(tmp_path)[kind]
    before = _files(seed_home_copy)
    result = _run(seed_home_copy, "ingest", str(path))
    _assert_one_line_error(result, path.name)
    assert _files(seed_home_copy) == before


@pytest.mark.parametrize("kind, says", [
    ("symlink", "是符号链接"), ("fifo", "命名管道"), ("device", "字符设备"), ("folder", "是一个目录"),
    ("chrome", "网页框架"),
])
def test_ingest_refuses_what_is_not_a_regular_file_of_text_saying_what_it_is(kind, says, tmp_path):
    from policykg.api.pipeline import ingest_paths

    path = _bad_inputs(tmp_path)[kind]
    store = EmbeddedStore.open(tmp_path / "home")
    report = ingest_paths(store, [path])
    assert [(o.status, path.name in o.message) for o in report.files] == [("failed", True)]
    assert says in report.failures[0].message
    assert not store.snapshot().documents


def test_ingest_of_a_utf16_text_without_bom_is_refused_or_read_with_warnings(seed_home_copy, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("关于加强政务诚信建设的实施意见\n一、总体要求\n".encode("utf-16-le"))
    before = _files(seed_home_copy)
    result = _run(seed_home_copy, "ingest", str(path))
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        _assert_one_line_error(result, path.name)
        assert _files(seed_home_copy) == before
    else:
        assert result.exit_code == 0 and "warning" in result.stderr


def test_ingest_of_a_text_without_title_or_numbering_lands_with_warnings(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("各部门要加强政务诚信建设,不得拖欠中小企业账款。\n", encoding="utf-8")
    result = _run(tmp_path / "home", "ingest", "--without-seed-corpus", str(path))
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["added"]
    assert "warning" in result.stderr and "note.txt" in result.stderr


def test_the_first_ingest_into_a_fresh_home_loads_the_seed_corpus_first_as_serve_does(tmp_path, seed_paths):
    other = _another_zhanqian_policy(tmp_path, seed_paths)
    result = _run(tmp_path / "home", "ingest", str(other))
    assert result.exit_code == 0, result.output
    assert "loading the bundled seed corpus" in result.stderr
    assert EmbeddedStore.open(tmp_path / "home").policy_count() == 6


def test_a_text_of_another_policy_under_a_stored_file_name_is_refused(seed_home_copy, tmp_path, seed_paths):
    index = tmp_path / "index.txt"  # scraped pages are often all called index.txt
    index.write_bytes(seed_paths[0].read_bytes() + b"\n")  # Qinghai's opinion, as scraped again: its copy
    assert _run(seed_home_copy, "ingest", str(index)).stdout.split()[:2] == ["added", "qinghai-2017"]
    before = _files(seed_home_copy)
    index.write_bytes(seed_paths[4].read_bytes() + b"\n")  # Zhangzhou's plan, same file name
    result = _run(seed_home_copy, "ingest", str(index))
    _assert_one_line_error(result, "index.txt", "stored already as policy qinghai-2017,", "another policy (zhangzhou-2018")
    assert _files(seed_home_copy) == before


def test_a_file_that_vanishes_while_others_are_ingested_is_named_and_the_others_land(seed_home_copy, tmp_path, seed_paths):
    from policykg.api.pipeline import ingest_paths

    changed, doomed = tmp_path / ZHANQIAN, tmp_path / "doomed.txt"
    changed.write_bytes(seed_paths[2].read_bytes().rsplit(b"\n(", 1)[0] + b"\n")
    doomed.write_bytes(seed_paths[2].read_bytes())

    def listed_then_deleted():  # the file is listed, then deleted while the one before it is parsed
        yield changed
        doomed.unlink()
        yield doomed

    report = ingest_paths(EmbeddedStore.open(seed_home_copy), listed_then_deleted())
    assert [(Path(o.path).name, o.status) for o in report.files] == [(ZHANQIAN, "replaced"), ("doomed.txt", "failed")]
    assert report.failures[0].message == f"{doomed}：文件不存在（是否已被移动或删除？）"


def _sha8(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


def test_ingest_lands_the_good_files_and_reports_the_bad_one(seed_home_copy, tmp_path, seed_paths):
    changed = tmp_path / ZHANQIAN
    changed.write_bytes(seed_paths[2].read_bytes().rsplit(b"\n(", 1)[0] + b"\n")
    result = _run(seed_home_copy, "ingest", str(tmp_path / "vanished.txt"), str(changed))
    assert result.exit_code == 1
    assert "vanished.txt" in result.stderr
    assert result.stdout.startswith("replaced")


def test_ingest_of_the_same_bytes_twice_changes_nothing(seed_home_copy, seed_paths):
    before = _files(seed_home_copy)
    result = _run(seed_home_copy, "ingest", *map(str, seed_paths))
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["unchanged"] * 5
    assert _files(seed_home_copy) == before


def test_ingest_of_a_changed_file_replaces_its_old_version(seed_home_copy, tmp_path, seed_paths):
    # seed 002 without its last task, 六.(五) 鼓励先行先试
    shortened = tmp_path / ZHANQIAN
    shortened.write_bytes(seed_paths[2].read_bytes().rsplit(b"\n(", 1)[0] + b"\n")
    result = _run(seed_home_copy, "ingest", str(shortened))
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["replaced", "zhanqian-2024"]
    store = EmbeddedStore.open(seed_home_copy)
    assert [p.id for p in store.policies() if p.loaded].count("zhanqian-2024") == 1
    assert store.policy_count() == 5
    paths = [clause.path for clause in store.policy("zhanqian-2024").clauses[-1].children]
    assert paths[-1] == "六.(四)"


def test_a_truncated_copy_of_a_known_policy_is_recorded_as_its_copy_not_a_sixth_policy(seed_home_copy, tmp_path, seed_paths):
    other = tmp_path / "zhanqian-copy.txt"
    other.write_bytes(seed_paths[2].read_bytes().rsplit(b"\n(", 1)[0] + b"\n")
    result = _run(seed_home_copy, "ingest", str(other))
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["added", "zhanqian-2024"]
    assert "同一政策《营口市站前区人民政府关于加强诚信政府建设的实施意见》(zhanqian-2024)的另一副本" in result.stdout
    store = EmbeddedStore.open(seed_home_copy)
    assert store.policy_count() == 5
    assert store.documents()["zhanqian-copy.txt"].policy_id == "zhanqian-2024"
    policy = policy_iri("zhanqian-2024")
    assert (policy, DCTERMS.source, Literal("zhanqian-copy.txt")) in store.snapshot().asserted
    # the first copy's text stays the policy's: the copy lacks 六.(五) 鼓励先行先试, the policy keeps it
    assert [clause.path for clause in store.policy("zhanqian-2024").clauses[-1].children][-1] == "六.(五)"
    before = _files(seed_home_copy)
    again = _run(seed_home_copy, "ingest", str(other), str(seed_paths[2]))
    assert again.exit_code == 0 and [line.split()[0] for line in again.stdout.splitlines()] == ["unchanged", "unchanged"]
    assert _files(seed_home_copy) == before
    assert _run(seed_home_copy, "remove", "zhanqian-2024").exit_code == 0  # the policy goes with all its copies
    assert not {ZHANQIAN, "zhanqian-copy.txt"} & set(EmbeddedStore.open(seed_home_copy).documents())


def test_two_real_copies_of_one_plan_ingested_together_are_one_policy_with_both_files(tmp_path):
    # 盘政发〔2022〕6号 saved from the city's site and from its open-government page
    texts = Path(__file__).resolve().parents[1] / "realworld" / "texts"
    paths = [str(texts / "panjin-2022.txt"), str(texts / "panjin-2022-003gm.txt")]
    result = _run(tmp_path / "home", "ingest", "--without-seed-corpus", *paths)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [["added", "panjin-2022"], ["added", "panjin-2022"]]
    assert "同一政策《盘锦市进一步加强诚信政府建设实施方案》(panjin-2022)的另一副本" in lines[1]
    store = EmbeddedStore.open(tmp_path / "home")
    assert store.policy_count() == 1
    assert store.policy("panjin-2022").policy.source_file == "panjin-2022.txt"
    assert (policy_iri("panjin-2022"), DCTERMS.source, Literal("panjin-2022-003gm.txt")) in store.snapshot().asserted


def test_a_different_policy_with_a_known_policy_id_gets_a_suffixed_id(seed_home_copy, tmp_path, seed_paths):
    other = _another_zhanqian_policy(tmp_path, seed_paths)
    result = _run(seed_home_copy, "ingest", str(other))
    assert result.exit_code == 0, result.output
    status, policy_id = result.stdout.split()[:2]
    assert (status, policy_id) == ("added", "zhanqian-2024-" + _sha8(other))
    assert EmbeddedStore.open(seed_home_copy).policy_count() == 6


def test_remove_takes_one_policy_out_with_the_policies_only_it_cited(seed_home_copy, seed_store):
    result = _run(seed_home_copy, "remove", "zhangzhou-2018")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["removed", "zhangzhou-2018", "004_084f9c06af8bc641.txt"]
    store = EmbeddedStore.open(seed_home_copy)
    assert {p.id for p in store.policies() if p.loaded} == {"jiangsu-2023", "qinghai-2017", "shenzhen-2020", "zhanqian-2024"}
    assert "004_084f9c06af8bc641.txt" not in store.documents()
    with pytest.raises(NotFound):
        store.clause("zhangzhou-2018/1")
    # The texts zhangzhou-2018 alone cited (福建省…方案, 漳州市…目录) go with it; what the others cite stays.
    cited_only = {p.id for p in store.policies() if not p.loaded}
    assert cited_only == {r.policy_id for p in store.policies() if p.loaded for r in p.references}
    assert not any("漳州" in p.title or "福建" in p.title for p in store.policies())


def test_remove_of_an_unknown_policy_is_one_line_and_changes_nothing(seed_home_copy):
    before = _files(seed_home_copy)
    _assert_one_line_error(_run(seed_home_copy, "remove", "no-such-policy"), "no-such-policy")
    assert _files(seed_home_copy) == before


# rdflib's own JSON-LD parser still builds a ConjunctiveGraph, which rdflib itself deprecates.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("json-ld", "json-ld")])
def test_export_writes_a_graph_that_reads_back(fmt, parser, seed_home, seed_store, tmp_path):
    target = tmp_path / f"graph.{fmt}"
    result = _run(seed_home, "export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    graph = Graph().parse(target, format=parser)
    snapshot = seed_store.snapshot()
    assert len(graph) == len(snapshot.asserted + snapshot.inferred)


def test_an_unusable_store_home_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    _assert_one_line_error(_run(blocker / "home", "export"), "home")
