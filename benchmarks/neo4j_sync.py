"""Measures the Neo4j store: sync throughput on a generated graph of 100k+ nodes, and the
latency of every read endpoint on the embedded store and on Neo4j, as ratios, in one run.

    .venv/bin/python -m benchmarks.neo4j_sync [--policies 1100] [--seed 1] [--work DIR] [--repeat 15]

Starts a Neo4j of its own (the project's server, in --work on free ports) so that nobody
else's sync or test run changes the database between measurements; with --use-env it
uses NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD instead and overwrites that :Resource graph. The graph comes from benchmarks/generate (seed-shaped
policy texts across real jurisdictions) through the real loaders, link_citations and the
OWL 2 RL closure, as an ingest would build it (the SHACL gate is left out: it is not what is
measured); it is cached as N-Triples under --work, so a second run starts at the sync.

Sync throughput is (nodes + relationships) / wall seconds of `sync_graph` into an emptied
database: schema, reading back what is there, planning and the batched UNWIND writes. The
rust extension of the driver (`neo4j-rust-ext`) is used when importable; run once with and
once without it to compare (docs/benchmarks-neo4j.md).

The same relationships are also written with CREATE (the sync's query) and with MERGE, side
by side, as the reason the sync plans creates instead of merging (docs/neo4j-mapping.md).

Latency is the median wall time of each API request over --repeat runs after one warm-up,
through the Flask test client, on the five seeds in both stores (same process, same data);
the ratio is neo4j / embedded.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from rdflib import Graph

from benchmarks.generate.corpus import generate_corpus
from policykg.loaders import parse_document
from policykg.loaders.to_rdf import document_to_graph, link_citations
from policykg.ontology.graphs import load_tbox, load_vocabularies
from policykg.ontology.reasoning import close_graph
from policykg.queries.sync import BATCH_SIZE, PARALLEL_WRITES, GraphRows, graph_to_rows, read_state, sync_graph
from policykg.settings import Settings

ENDPOINTS = (
    "/api/health",
    "/api/policies",
    "/api/policies/zhanqian-2024",
    "/api/clauses/zhanqian-2024/5.2",
    "/api/agencies?q=财政",
    "/api/agencies/{finance}/obligations",
    "/api/sanctions",
)


def build_graph(policies: int, seed: int, work: Path) -> tuple[Graph, Graph]:
    """The asserted and inferred graphs of a generated corpus, cached under `work`."""
    asserted_file = work / f"generated-{policies}-{seed}.asserted.nt"
    inferred_file = work / f"generated-{policies}-{seed}.inferred.nt"
    if asserted_file.exists() and inferred_file.exists():
        return Graph().parse(asserted_file, format="nt"), Graph().parse(inferred_file, format="nt")
    started = time.perf_counter()
    union, taken = Graph(), set()
    for index, (name, raw) in enumerate(generate_corpus(policies, seed), 1):
        document = parse_document(raw, source=name)
        if document.id in taken:  # the ingest pipeline's rule for two files with one slug
            document = replace(document, id=f"{document.id}-{hashlib.sha256(raw).hexdigest()[:8]}")
        taken.add(document.id)
        union += document_to_graph(document)
        if index % 100 == 0:
            print(f"  parsed {index}/{policies} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    asserted = link_citations(union)
    inferred = close_graph(asserted, load_tbox())
    work.mkdir(parents=True, exist_ok=True)
    asserted.serialize(asserted_file, format="nt", encoding="utf-8")
    inferred.serialize(inferred_file, format="nt", encoding="utf-8")
    print(f"  built and cached in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return asserted, inferred


# (batch size, parallel sessions) of the full syncs compared; the sync's own default first.
WRITE_SETTINGS = ((BATCH_SIZE, PARALLEL_WRITES), (BATCH_SIZE, 1), (10_000, 2), (20_000, 2), (10_000, 4))
_EMPTY = ("MATCH (n:Resource) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
          "MATCH (s:SyncDigest) DELETE s")


def empty(driver, database: str) -> None:
    """Remove the :Resource graph and the sync's digest (plain Cypher: not what is measured)."""
    with driver.session(database=database) as session:
        for statement in _EMPTY:
            session.run(statement).consume()


def measure_sync(driver, database: str, rows: GraphRows) -> dict[str, float]:
    """Wall seconds of a full sync into an emptied database for each of WRITE_SETTINGS (after
    one uncounted warm-up sync), then,
    after the default's, of a sync with nothing to write (decided from the stored digest) and
    of the same with --verify (the graph read back and compared, as every sync did before)."""
    timing = {}
    empty(driver, database)
    sync_graph(driver, database, rows)  # warm-up, not counted: the first sync on a fresh server runs cold
    for batch_size, parallel in WRITE_SETTINGS:
        empty(driver, database)
        started = time.perf_counter()
        report = sync_graph(driver, database, rows, batch_size=batch_size, parallel=parallel)
        timing[f"full {batch_size}x{parallel}"] = time.perf_counter() - started
        assert report.nodes_created == len(rows.nodes) and report.relationships_created == len(rows.relationships)
        if "noop" not in timing:
            for name, verify in (("noop", False), ("noop verify", True)):
                started = time.perf_counter()
                again = sync_graph(driver, database, rows, verify=verify)
                timing[name] = time.perf_counter() - started
                assert not again.changed, again.summary()
            started = time.perf_counter()
            read_state(driver, database)
            timing["read_state"] = time.perf_counter() - started
    return timing


# The project's relationship write (queries/cypher/sync_create_relationships.cypher) and the
# MERGE a reader might expect instead, run side by side on the same rows.
_MERGE_RELATIONSHIPS = """
UNWIND $rows AS row
MATCH (a:Resource {uri: row.start})
MATCH (b:Resource {uri: row.end})
MERGE (a)-[r:$(row.type)]->(b) SET r.inferred = row.inferred
"""
_DELETE_RELATIONSHIPS = "MATCH (:Resource)-[r]->(:Resource) CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"


def measure_create_vs_merge(driver, database: str, rows: GraphRows, sample: int) -> dict[str, float]:
    """Wall seconds to write the same `sample` relationships, in the sync's batches, with
    CREATE and with MERGE, each into a graph whose nodes are all there and relationships none."""
    from policykg.queries.named import named_query

    batch = [row.as_parameter() for row in list(rows.relationships.values())[:sample]]
    queries = {"create": named_query("sync_create_relationships", "cypher").text, "merge": _MERGE_RELATIONSHIPS}
    timing = {}
    with driver.session(database=database) as session:
        for name, query in queries.items():
            session.run(_DELETE_RELATIONSHIPS).consume()
            started = time.perf_counter()
            for start in range(0, len(batch), BATCH_SIZE):
                session.execute_write(lambda tx, part: tx.run(query, rows=part).consume(), batch[start:start + BATCH_SIZE])
            timing[name] = time.perf_counter() - started
    sync_graph(driver, database, rows, verify=True)  # leave the full graph for the latency half
    return timing


def measure_latency(repeat: int) -> list[tuple[str, float, float]]:
    """Median seconds per endpoint on the seeds: (path, embedded, neo4j)."""
    from policykg.api.app import create_app
    from policykg.api.pipeline import ensure_seed_corpus
    from policykg.queries.embedded import EmbeddedStore
    from policykg.queries.neo4j_store import Neo4jStore

    home = Path(tempfile.mkdtemp(prefix="policykg-bench-")) / "home"
    embedded = EmbeddedStore.open(home)
    ensure_seed_corpus(embedded)
    settings = Settings.from_env({**os.environ, "POLICYKG_HOME": str(home)})
    neo4j_store = Neo4jStore.connect(settings)
    neo4j_store.sync()
    finance = embedded.agencies("营口市站前区财政局")[0].id
    clients = {kind: create_app(settings, store).test_client()
               for kind, store in (("embedded", embedded), ("neo4j", neo4j_store))}
    results = []
    for template in ENDPOINTS:
        path = template.format(finance=finance)
        medians = {}
        for kind, client in clients.items():
            assert client.get(path).status_code == 200, (kind, path)  # warm-up
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - started)
            medians[kind] = statistics.median(times)
        results.append((template, medians["embedded"], medians["neo4j"]))
    neo4j_store.close()
    return results


def private_server(home: Path) -> dict[str, str]:
    """Start the project's Neo4j under `home` on free ports (stopped at exit); its NEO4J_* lines."""
    import atexit
    import socket

    from policykg.queries.neo4j_server import ServerConfig, start, stop

    def free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    info = start(home, ServerConfig(bolt_port=free_port(), http_port=free_port()))
    atexit.register(stop, home)
    return {"NEO4J_URI": info.uri, "NEO4J_USER": info.user, "NEO4J_PASSWORD": info.password}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.neo4j_sync", description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=1100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "policykg-bench-neo4j")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--merge-sample", type=int, default=20000, help="relationships written with CREATE and with MERGE")
    parser.add_argument("--use-env", action="store_true", help="use the Neo4j of NEO4J_*, not a server of its own")
    args = parser.parse_args(argv)

    import neo4j

    from policykg.queries.neo4j_store import Neo4jStore

    rust = importlib.util.find_spec("neo4j._rust") is not None
    print(f"driver: neo4j {neo4j.__version__}, rust extension: {'yes' if rust else 'no'}")
    asserted, inferred = build_graph(args.policies, args.seed, args.work)
    started = time.perf_counter()
    rows = graph_to_rows(asserted + load_vocabularies(), inferred)
    to_rows = time.perf_counter() - started
    total = len(rows.nodes) + len(rows.relationships)
    print(f"graph: {args.policies} generated policies, {len(asserted):,} asserted + {len(inferred):,} inferred triples "
          f"-> {len(rows.nodes):,} nodes, {len(rows.relationships):,} relationships "
          f"(graph_to_rows {to_rows:.1f} s)")

    environ = dict(os.environ) if args.use_env else {**os.environ, **private_server(args.work / "neo4j-home")}
    os.environ.update(environ)  # the latency half connects with the same settings
    settings = Settings.from_env(environ)
    store = Neo4jStore.connect(settings)
    try:
        timing = measure_sync(store.driver, settings.neo4j.database, rows)
        writes = measure_create_vs_merge(store.driver, settings.neo4j.database, rows, args.merge_sample)
    finally:
        store.close()
    for batch_size, parallel in WRITE_SETTINGS:
        seconds = timing[f"full {batch_size}x{parallel}"]
        print(f"full sync into an empty database, batches of {batch_size:,} on {parallel} session(s): "
              f"{seconds:.1f} s, {total / seconds:,.0f} nodes+relationships/s")
    full = timing[f"full {BATCH_SIZE}x{PARALLEL_WRITES}"]
    print(f"second sync (nothing to write, digest): {timing['noop']:.2f} s = {timing['noop'] / full:.1%} of the full sync")
    print(f"the same with --verify (read back, compare): {timing['noop verify']:.1f} s = "
          f"{timing['noop verify'] / full:.1%}; reading the graph back alone {timing['read_state']:.1f} s")
    sample = min(args.merge_sample, len(rows.relationships))
    print(f"{sample:,} relationships with a dynamic type: CREATE {writes['create']:.1f} s, MERGE {writes['merge']:.1f} s "
          f"(MERGE/CREATE {writes['merge'] / writes['create']:.1f}x)")

    if args.skip_latency:
        return
    print(f"\nendpoint latency on the five seeds, median of {args.repeat} (ms):")
    print(f"{'endpoint':<40} {'embedded':>9} {'neo4j':>9} {'neo4j/embedded':>15}")
    for path, embedded_s, neo4j_s in measure_latency(args.repeat):
        print(f"{path:<40} {embedded_s * 1000:>9.1f} {neo4j_s * 1000:>9.1f} {neo4j_s / embedded_s:>15.2f}")


if __name__ == "__main__":
    main()
