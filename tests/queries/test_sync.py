"""Sync: the seeds become a property graph with the documented names, a sync writes only
differences, a changed or removed document leaves nothing of its old self behind, and a
sync cut short by a killed server is completed by running it again.

The Neo4j tests use the server of NEO4J_URI (scripts/test.sh starts the project's); the one
that kills a server starts its own in a temporary POLICYKG_HOME on free ports.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from policykg.api.cli import main
from policykg.api.pipeline import ingest_paths
from policykg.errors import ConfigurationError, StoreError, StoreUnavailable
from policykg.loaders.to_rdf import link_citations
from policykg.ontology.graphs import load_tbox
from policykg.ontology.identifiers import clause_iri, policy_iri
from policykg.ontology.namespaces import PKG, SANCTION
from policykg.ontology.reasoning import close_graph
from policykg.queries.neo4j_store import Neo4jStore, snapshot_rows
from policykg.queries.store import Snapshot
from policykg.queries.sync import (
    CLASS_LABELS, PROPERTY_NAMES, RELATIONSHIP_TYPES, GraphRows, GraphState, NodeRow, graph_to_rows, plan_sync,
    read_digest, read_state, rows_digest, sync_graph,
)
from policykg.settings import Settings

REPO = Path(__file__).resolve().parents[2]
EMPTY = GraphRows({}, {})


def expected_state(rows: GraphRows) -> GraphState:
    """What read_state gives back after a clean sync of `rows`."""
    return GraphState(
        nodes={uri: (frozenset(row.labels), row.properties) for uri, row in rows.nodes.items()},
        relationships=Counter(rows.relationships.keys()),
        inferred={key: row.inferred for key, row in rows.relationships.items()},
    )


@pytest.fixture(scope="module")
def seed_rows(seed_store) -> GraphRows:
    return snapshot_rows(seed_store.snapshot())


# --- the mapping (pure) -----------------------------------------------------------------------


def test_seed_policy_becomes_a_policy_node_with_typed_properties(seed_rows):
    node = seed_rows.nodes[str(policy_iri("zhanqian-2024"))]
    assert node.labels == ("Policy",)
    assert node.properties["id"] == "zhanqian-2024"
    assert node.properties["title"] == "营口市站前区人民政府关于加强诚信政府建设的实施意见"
    assert node.properties["issuedOn"] == date(2024, 2, 22)
    assert node.properties["loaded"] is True
    assert node.properties["uri"] == str(policy_iri("zhanqian-2024"))


def test_clause_tree_becomes_has_clause_with_the_closure_marked_inferred(seed_rows):
    five, five_two = str(clause_iri("zhanqian-2024/5")), str(clause_iri("zhanqian-2024/5.2"))
    assert seed_rows.relationships[(five, "HAS_CLAUSE", five_two)].inferred is False
    assert seed_rows.relationships[(five_two, "PART_OF", five)].inferred is True
    assert seed_rows.nodes[five_two].properties["path"] == "五.(二)"


def test_agency_keeps_every_alias_as_a_list_and_gets_its_super_class_label(seed_rows):
    finance = next(row for row in seed_rows.nodes.values() if row.properties.get("prefLabel") == "营口市站前区财政局")
    assert {"Agency", "Organisation"} <= set(finance.labels)
    assert "区财政局" in finance.properties["altLabel"]
    assert finance.properties["altLabel"] == sorted(finance.properties["altLabel"])


def test_vocabulary_labels_keep_chinese_plain_and_english_suffixed(seed_rows):
    criticism = seed_rows.nodes[str(SANCTION["public-criticism"])]
    assert criticism.labels == ("Concept",)
    assert (criticism.properties["prefLabel"], criticism.properties["prefLabel_en"]) == ("公开通报批评", "public criticism")
    assert (str(SANCTION["public-criticism"]), "TARGET_KIND", str(PKG.Organisation)) in seed_rows.relationships


def test_terms_outside_the_mapping_are_counted_not_written(seed_rows):
    assert seed_rows.skipped["http://data.europa.eu/eli/ontology#LegalResource"] > 0
    assert not any(label.startswith("ns") or ":" in label for row in seed_rows.nodes.values() for label in row.labels)


def test_an_asserted_triple_wins_over_the_same_inferred_one():
    a, b = URIRef("https://w3id.org/policykg/id/policy/a"), URIRef("https://w3id.org/policykg/id/policy/b")
    asserted = Graph().add((a, PKG.cites, b))
    inferred = Graph().add((a, PKG.cites, b)).add((b, PKG.implementedBy, a))
    rows = graph_to_rows(asserted, inferred)
    assert rows.relationships[(str(a), "CITES", str(b))].inferred is False
    assert rows.relationships[(str(b), "IMPLEMENTED_BY", str(a))].inferred is True


def test_two_values_for_a_single_valued_property_are_refused_naming_node_and_property():
    policy = URIRef("https://w3id.org/policykg/id/policy/twice")
    graph = Graph().add((policy, PKG.title, Literal("甲"))).add((policy, PKG.title, Literal("乙")))
    with pytest.raises(StoreError, match=r"<https://w3id.org/policykg/id/policy/twice>.*'title' has 2 values"):
        graph_to_rows(graph)


def test_every_term_of_the_ontology_has_a_neo4j_name():
    tbox = load_tbox()
    ours = lambda kind: {s for s in tbox.subjects(RDF.type, kind) if str(s).startswith(str(PKG))}  # noqa: E731
    assert ours(OWL.Class) <= set(CLASS_LABELS)
    assert ours(OWL.ObjectProperty) <= set(RELATIONSHIP_TYPES)
    assert ours(OWL.DatatypeProperty) <= set(PROPERTY_NAMES)


def test_neo4j_names_follow_the_convention():
    for term, label in CLASS_LABELS.items():
        assert label == term.split("#")[-1] and label[0].isupper()
    for term, name in RELATIONSHIP_TYPES.items():
        local = re.split(r"[#/]", term)[-1]
        assert name == re.sub(r"(?<!^)(?=[A-Z])", "_", local).upper(), term
    assert PROPERTY_NAMES[SKOS.prefLabel] == "prefLabel"


def test_mapping_document_lists_every_name_of_the_tables():
    text = (REPO / "docs" / "neo4j-mapping.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", text, re.MULTILINE))
    def curie(term):
        for prefix, ns in (("pkg", PKG), ("skos", SKOS), ("dcterms", "http://purl.org/dc/terms/"),
                           ("org", "http://www.w3.org/ns/org#"), ("prov", "http://www.w3.org/ns/prov#")):
            if str(term).startswith(str(ns)):
                return f"{prefix}:{str(term)[len(str(ns)):]}"
        raise AssertionError(term)
    tables = {**CLASS_LABELS, **RELATIONSHIP_TYPES, **PROPERTY_NAMES}
    assert documented == {(curie(term), name) for term, name in tables.items()}


# --- the plan (pure) --------------------------------------------------------------------------


def test_plan_against_an_equal_graph_writes_nothing(seed_rows):
    plan = plan_sync(seed_rows, expected_state(seed_rows))
    assert (plan.create_nodes, plan.merge_nodes, plan.delete_nodes, plan.create_relationships,
            plan.update_relationships, plan.delete_relationships) == ([], [], [], [], [], [])


def test_plan_writes_exactly_the_differences(seed_rows):
    state = expected_state(seed_rows)
    uri = str(policy_iri("zhanqian-2024"))
    labels, properties = state.nodes[uri]
    state.nodes[uri] = (labels | {"Stale"}, {**properties, "title": "旧标题"})
    state.nodes["https://w3id.org/policykg/id/clause/gone/1"] = (frozenset({"Clause"}), {})
    missing, flipped, doubled = list(seed_rows.relationships)[:3]
    del state.relationships[missing]
    state.inferred[flipped] = not state.inferred[flipped]
    state.relationships[doubled] = 2
    plan = plan_sync(seed_rows, state)
    assert [(row["uri"], row["stale"]) for row in plan.merge_nodes] == [(uri, ["Stale"])]
    assert plan.delete_nodes == [{"uri": "https://w3id.org/policykg/id/clause/gone/1"}]
    assert {(r["start"], r["type"], r["end"]) for r in plan.create_relationships} == {missing, doubled}
    assert [(r["start"], r["type"], r["end"]) for r in plan.update_relationships] == [flipped]
    assert plan.counts == Counter(nodes_updated=1, nodes_deleted=1, relationships_created=1,
                                  relationships_updated=1, relationships_deleted=1)


def test_digest_ignores_row_order_and_sees_any_change(seed_rows):
    reordered = GraphRows(dict(reversed(seed_rows.nodes.items())), dict(reversed(seed_rows.relationships.items())))
    assert rows_digest(reordered) == rows_digest(seed_rows)
    uri = str(policy_iri("zhanqian-2024"))
    node = seed_rows.nodes[uri]
    retitled = NodeRow(uri, node.labels, {**node.properties, "title": "旧标题"})
    assert rows_digest(GraphRows({**seed_rows.nodes, uri: retitled}, seed_rows.relationships)) != rows_digest(seed_rows)
    key, row = next(iter(seed_rows.relationships.items()))
    flipped = {**seed_rows.relationships, key: replace(row, inferred=not row.inferred)}
    assert rows_digest(GraphRows(seed_rows.nodes, flipped)) != rows_digest(seed_rows)


# --- against Neo4j ----------------------------------------------------------------------------


def _settings(home: Path, **overrides: str) -> Settings:
    return Settings.from_env({**os.environ, "POLICYKG_HOME": str(home), **overrides})


@pytest.fixture
def neo4j_store(seed_home_copy):
    """A Neo4jStore over a private copy of the seed home, on the server of NEO4J_URI."""
    try:
        store = Neo4jStore.connect(_settings(seed_home_copy))
    except StoreUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and Neo4j is not usable: {error.message}")
        pytest.skip(f"no Neo4j to test against: {error.message} (scripts/test.sh starts one)")
    yield store
    store.close()


@pytest.mark.neo4j
def test_dry_run_counts_then_sync_writes_then_a_second_sync_writes_nothing(neo4j_store, seed_rows):
    database = neo4j_store.settings.database
    sync_graph(neo4j_store.driver, database, EMPTY)
    dry = neo4j_store.sync(dry_run=True)
    assert (dry.nodes_created, dry.relationships_created, dry.dry_run) == (len(seed_rows.nodes), len(seed_rows.relationships), True)
    assert read_state(neo4j_store.driver, database).nodes == {}
    first = neo4j_store.sync()
    assert (first.nodes_created, first.relationships_created) == (len(seed_rows.nodes), len(seed_rows.relationships))
    assert read_state(neo4j_store.driver, database) == expected_state(seed_rows)
    second = neo4j_store.sync()
    assert not second.changed
    assert second.nodes == len(seed_rows.nodes)


@pytest.mark.neo4j
def test_a_sync_with_nothing_to_write_trusts_the_digest_and_verify_reads_back(neo4j_store, seed_rows):
    driver, database = neo4j_store.driver, neo4j_store.settings.database
    neo4j_store.sync()
    gone = str(clause_iri("zhanqian-2024/5.2"))
    driver.execute_query("MATCH (n:Resource {uri: $uri}) DETACH DELETE n", uri=gone, database_=database)  # by hand
    assert not neo4j_store.sync().changed  # the graph is taken to be as the last sync left it
    assert gone not in read_state(driver, database).nodes
    repaired = neo4j_store.sync(verify=True)
    assert repaired.nodes_created == 1 and repaired.relationships_created > 0
    assert read_state(driver, database) == expected_state(seed_rows)
    assert not neo4j_store.sync(verify=True).changed


@pytest.mark.neo4j
def test_changed_document_ingested_into_neo4j_replaces_its_clauses(neo4j_store, seed_paths, tmp_path):
    neo4j_store.sync()
    original = seed_paths[2]  # zhanqian-2024; the changed copy drops clause 五.(四)
    lines = original.read_bytes().split(b"\n")
    kept = [line for line in lines if not line.startswith("(四)探索扩展公务员失信记录信用修复渠道".encode())]
    assert len(kept) == len(lines) - 1
    changed = tmp_path / original.name
    changed.write_bytes(b"\n".join(kept))
    report = ingest_paths(neo4j_store, [changed])
    assert [outcome.status for outcome in report.files] == ["replaced"]
    state = read_state(neo4j_store.driver, neo4j_store.settings.database)
    assert str(clause_iri("zhanqian-2024/5.4")) not in state.nodes
    assert str(clause_iri("zhanqian-2024/5.3")) in state.nodes
    assert state == expected_state(snapshot_rows(neo4j_store.snapshot()))
    assert not neo4j_store.sync(dry_run=True).changed


@pytest.mark.neo4j
def test_nodes_of_a_document_no_longer_present_are_removed(neo4j_store, seed_rows):
    snapshot = neo4j_store.snapshot()
    neo4j_store.sync()
    kept = [graph for source, graph in snapshot.document_graphs.items() if not source.startswith("000_")]
    union = Graph()
    for graph in kept:
        union += graph
    asserted = link_citations(union)
    rows = snapshot_rows(Snapshot(0, {}, {}, asserted, close_graph(asserted, load_tbox())))
    report = neo4j_store.write_rows(rows)
    assert report.nodes_deleted > 0
    state = read_state(neo4j_store.driver, neo4j_store.settings.database)
    assert not any(uri.startswith(str(clause_iri("qinghai-2017/"))) for uri in state.nodes)
    assert state == expected_state(rows)
    neo4j_store.sync()  # back to the five seeds for whoever comes next


@pytest.mark.neo4j
def test_routing_uri_serves_reads_from_the_single_server(neo4j_store, seed_store):
    neo4j_store.sync()
    plain = neo4j_store.settings.uri
    routing = Neo4jStore.connect(_settings(neo4j_store.source.home, NEO4J_URI=re.sub(r"^\w+://", "neo4j://", plain)))
    try:
        assert routing.settings.uri.startswith("neo4j://")
        assert routing.policy_count() == 5
        assert routing.policies() == seed_store.policies()
    finally:
        routing.close()


@pytest.mark.neo4j
def test_sync_command_reports_counts_and_dry_run(neo4j_store):
    env = {"POLICYKG_HOME": str(neo4j_store.source.home)}
    neo4j_store.sync()
    result = CliRunner().invoke(main, ["sync", "--dry-run"], env=env)
    assert result.exit_code == 0, result.output
    assert "would write: nodes 0 created, 0 updated, 0 deleted" in result.stdout


@pytest.mark.neo4j
def test_serve_with_neo4j_syncs_at_start_and_answers_from_neo4j(neo4j_store, seed_rows, free_port, get_json_when_up):
    sync_graph(neo4j_store.driver, neo4j_store.settings.database, EMPTY)  # Neo4j behind POLICYKG_HOME
    port = free_port()
    command = [sys.executable, "-c", "from policykg.api.cli import main; main()", "serve", "--store", "neo4j",
               "--port", str(port)]
    env = {**os.environ, "POLICYKG_HOME": str(neo4j_store.source.home)}
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        health = get_json_when_up(f"http://127.0.0.1:{port}/api/health", process=server)
        assert health == {"status": "ok", "store": "neo4j", "policies": 5}
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=60)
    assert f"wrote: nodes {len(seed_rows.nodes)} created" in stderr
    assert read_state(neo4j_store.driver, neo4j_store.settings.database) == expected_state(seed_rows)



# --- faults -----------------------------------------------------------------------------------



@pytest.mark.parametrize("command", [["sync"], ["serve", "--store", "neo4j"], ["ingest", "--store", "neo4j", "x.txt"]])
def test_neo4j_not_running_is_one_line_naming_neo4j_uri(seed_home, command, free_port):
    uri = f"bolt://127.0.0.1:{free_port()}"
    if command[0] == "serve":
        command = [*command, "--port", str(free_port())]
    result = CliRunner().invoke(main, command, env={"POLICYKG_HOME": str(seed_home), "NEO4J_URI": uri})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"policykg: Neo4j at NEO4J_URI={uri} is not reachable; is it running? "
        "(policykg neo4j-server start starts the project's own)"
    ]
    assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_wrong_password_is_one_clear_line(neo4j_store):
    env = {"POLICYKG_HOME": str(neo4j_store.source.home), "NEO4J_PASSWORD": "not-the-password"}
    result = CliRunner().invoke(main, ["sync"], env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"policykg: Neo4j at {neo4j_store.settings.uri} rejected user {neo4j_store.settings.user!r}: "
        "check NEO4J_USER and NEO4J_PASSWORD"
    ]


@pytest.mark.neo4j
def test_sync_of_an_empty_home_is_refused_and_deletes_nothing(neo4j_store, seed_rows, tmp_path):
    neo4j_store.sync()
    result = CliRunner().invoke(main, ["sync"], env={"POLICYKG_HOME": str(tmp_path / "empty")})
    assert result.exit_code == 1
    assert f"POLICYKG_HOME={tmp_path / 'empty'} holds no documents" in result.stderr
    assert len(read_state(neo4j_store.driver, neo4j_store.settings.database).nodes) == len(seed_rows.nodes)


@pytest.fixture(scope="module")
def private_server(tmp_path_factory, free_port):
    """A Neo4j of this module's own, which one test kills."""
    from policykg.queries.neo4j_server import ServerConfig, start, stop

    home = tmp_path_factory.mktemp("killed-neo4j")
    config = ServerConfig(bolt_port=free_port(), http_port=free_port())
    try:
        info = start(home, config)
    except ConfigurationError as error:  # no JDK 17/21 or no Maven here
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"cannot run the project's Neo4j here: {error.message}")
    yield home, config, info
    stop(home)


@pytest.mark.neo4j
def test_server_killed_mid_sync_then_rerun_gives_the_clean_graph(private_server, seed_rows):
    from policykg.queries.neo4j_server import start
    from policykg.queries.neo4j_server.process import wait_gone

    home, config, info = private_server
    auth = (info.user, info.password)
    failures: list[BaseException] = []

    def cut_short() -> None:
        with neo4j.GraphDatabase.driver(info.uri, auth=auth, max_transaction_retry_time=1) as driver:
            try:
                sync_graph(driver, "neo4j", seed_rows, batch_size=10)  # ~300 small transactions
            except BaseException as error:  # noqa: BLE001 - the test inspects it
                failures.append(error)

    syncing = threading.Thread(target=cut_short)
    with neo4j.GraphDatabase.driver(info.uri, auth=auth) as watcher:
        syncing.start()
        while not read_state(watcher, "neo4j").nodes:
            assert syncing.is_alive(), "the sync finished before any node could be seen"
        os.kill(info.pid, signal.SIGKILL)
    syncing.join(timeout=120)
    assert wait_gone(info.pid, 60), "the killed server did not go away"
    assert failures and isinstance(failures[0], neo4j.exceptions.DriverError | neo4j.exceptions.Neo4jError)

    restarted = start(home, config)
    assert restarted.pid != info.pid
    with neo4j.GraphDatabase.driver(restarted.uri, auth=auth) as driver:
        assert read_state(driver, "neo4j") != expected_state(seed_rows)  # the kill left it partial
        assert read_digest(driver, "neo4j") is None  # so the rerun cannot take it for complete
        report = sync_graph(driver, "neo4j", seed_rows)
        assert report.nodes_created + report.relationships_created > 0
        assert read_state(driver, "neo4j") == expected_state(seed_rows)
