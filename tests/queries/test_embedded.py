"""The embedded store keeps generations on disk: persisted, reloaded, never half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from policykg.errors import Conflict, StoreError, StoreUnavailable
from policykg.queries.embedded import EmbeddedStore
from policykg.queries.store import DocumentRecord, Snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures"
TITLE = URIRef("https://w3id.org/policykg/ontology#title")
ZHANQIAN = URIRef("https://w3id.org/policykg/id/policy/zhanqian-2024")
SHA = "5a737e9dbc1e11eb56465ccb679767cf0a978ad034a2deed8d29a989fc15ba9d"


def _mini_snapshot(generation: int = 0) -> Snapshot:
    graph = Graph().parse(FIXTURES / "mini.ttl", format="turtle")
    record = DocumentRecord("002_2c9410718cd0a972.txt", "zhanqian-2024", SHA, "营口市站前区人民政府关于加强诚信政府建设的实施意见")
    return Snapshot(generation, {record.source: record}, {record.source: graph}, graph, Graph())


def _retitled(snapshot: Snapshot, title: str) -> Snapshot:
    asserted = Graph() + snapshot.asserted
    asserted.set((ZHANQIAN, TITLE, Literal(title)))
    return Snapshot(snapshot.generation, snapshot.documents, snapshot.document_graphs, asserted, snapshot.inferred)


def _titles(store: EmbeddedStore) -> dict[str, str]:
    return {policy.id: policy.title for policy in store.policies()}


def test_embedded_store_answers_the_same_after_reopening(tmp_path):
    store = EmbeddedStore.open(tmp_path)
    store.replace_graph(_mini_snapshot())
    reopened = EmbeddedStore.open(tmp_path)
    assert _titles(reopened) == _titles(store)
    assert reopened.snapshot().documents == store.snapshot().documents
    assert reopened.snapshot().generation == 1
    assert reopened.clause("zhanqian-2024/5.2").lead_agencies == ["营口市站前区纪律检查委员会监察委员会"]


def test_embedded_store_ignores_what_a_crashed_writer_left_behind(tmp_path):
    store = EmbeddedStore.open(tmp_path)
    store.replace_graph(_mini_snapshot())
    before = _titles(store)
    # What a writer killed before its commit can leave: a half-written temp manifest, and a
    # half-built database folder for the next generation.
    (tmp_path / ".manifest.json.x1.tmp").write_text('{"format": 2, "generation": 2, "docu', encoding="utf-8")
    (tmp_path / "generations" / "2").mkdir()
    (tmp_path / "generations" / "2" / "000001.sst").write_bytes(b"\x00\x01")
    reopened = EmbeddedStore.open(tmp_path)
    assert _titles(reopened) == before
    reopened.replace_graph(_retitled(reopened.snapshot(), "改名"))
    assert not list(tmp_path.glob(".manifest.json.*"))
    # The new generation, and the one before it for readers still on it.
    assert {p.name for p in (tmp_path / "generations").iterdir()} == {"1", "1.evaluation.json", "2", "2.evaluation.json"}
    assert _titles(EmbeddedStore.open(tmp_path))["zhanqian-2024"] == "改名"


def test_embedded_store_refuses_a_write_based_on_an_old_generation(tmp_path):
    first, second = EmbeddedStore.open(tmp_path), EmbeddedStore.open(tmp_path)
    stale = first.snapshot()
    second.replace_graph(_mini_snapshot())
    with pytest.raises(Conflict, match="changed while this ingest ran"):
        first.replace_graph(_retitled(_mini_snapshot(stale.generation), "改名"))
    assert _titles(EmbeddedStore.open(tmp_path))["zhanqian-2024"] == "营口市站前区人民政府关于加强诚信政府建设的实施意见"


def test_embedded_store_sees_a_generation_another_process_committed(tmp_path):
    reader, writer = EmbeddedStore.open(tmp_path), EmbeddedStore.open(tmp_path)
    assert reader.policies() == []
    writer.replace_graph(_mini_snapshot())
    assert "zhanqian-2024" in _titles(reader)


def test_readers_in_other_processes_keep_answering_while_policykg_ingest_writes(tmp_path, seed_paths):
    """The serving model: worker processes hold the store open for reading while
    `policykg ingest` (another process) writes; they answer throughout and then see it."""
    from policykg.api.pipeline import ingest_paths

    first, second = (next(path for path in seed_paths if path.name.startswith(prefix)) for prefix in ("002_", "000_"))
    assert not ingest_paths(EmbeddedStore.open(tmp_path), [first]).failures
    reader_script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from policykg.queries.embedded import EmbeddedStore\n"
        "store = EmbeddedStore.open(Path(sys.argv[1]))\n"
        "loaded = lambda: [p.id for p in store.policies() if p.loaded]\n"
        "print(len(loaded()), flush=True)\n"
        "deadline = time.monotonic() + 300\n"
        "while len(loaded()) < 2 and time.monotonic() < deadline:\n"
        "    time.sleep(0.05)\n"
        "print(sorted(loaded()), flush=True)\n"
    )
    env = {**os.environ, "POLICYKG_HOME": str(tmp_path), "POLICYKG_STORE": "embedded"}
    reader = subprocess.Popen([sys.executable, "-c", reader_script, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert reader.stdout is not None
        assert reader.stdout.readline().strip() == "1"  # open, reading the first generation
        ingest = subprocess.run([str(Path(sys.executable).parent / "policykg"), "ingest", "--without-seed-corpus", str(second)],
                                env=env, capture_output=True, text=True, timeout=600)
        assert ingest.returncode == 0, ingest.stderr
        out, _ = reader.communicate(timeout=300)
    finally:
        reader.kill()
        reader.wait()
    assert reader.returncode == 0
    assert "qinghai-2017" in out and "zhanqian-2024" in out


def test_embedded_store_under_a_file_is_unavailable_naming_the_path(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="not-a-folder"):
        EmbeddedStore.open(blocker / "home")


def test_embedded_store_with_a_corrupt_manifest_names_the_file(tmp_path):
    EmbeddedStore.open(tmp_path).replace_graph(_mini_snapshot())
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="manifest.json"):
        EmbeddedStore.open(tmp_path)


def test_a_forked_server_worker_answers_as_its_parent_did(seed_home):
    """A pre-loading server opens the store, then forks its workers."""
    store = EmbeddedStore.open(seed_home)
    expected = _titles(store)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = 0 if _titles(store) == expected and store.clause("zhanqian-2024/5.2").sanctions else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert _titles(store) == expected
