"""Measures the Neo4j store: sync throughput on a generated graph of 100k+ nodes, and the
latency of every read endpoint on the embedded store and on Neo4j, as ratios, in one run.

    .venv/bin/python -m benchmarks.neo4j_sync [--policies 1100] [--seed 1] [--work DIR] [--repeat 15]

Needs a Neo4j at NEO4J_URI (default: the project's server, `policykg neo4j-server start`);
its :Resource graph is overwritten. The graph comes from benchmarks/generate (seed-shaped
policy texts across real jurisdictions) through the real loaders, link_citations and the
OWL 2 RL closure, as an ingest would build it (the SHACL gate is left out: it is not what is
measured); it is cached as N-Triples under --work, so a second run starts at the sync.

Sync throughput is (nodes + relationships) / wall seconds of `sync_graph` into an emptied
database: schema, reading back what is there, planning and the batched UNWIND writes. The
rust extension of the driver (`neo4j-rust-ext`) is used when importable; run once with and
once without it to compare (docs/benchmarks-neo4j.md).

Latency is the median wall time of each API request over --repeat runs after one warm-up,
through the Flask test client, on the five seeds in both stores (same process, same data);
the ratio is neo4j / embedded.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from benchmarks.generate.corpus import generate_corpus
from policykg.loaders import parse_document
from policykg.loaders.to_rdf import document_to_graph, link_citations
from policykg.ontology.graphs import load_tbox, load_vocabularies
from policykg.ontology.reasoning import close_graph
from policykg.queries.sync import GraphRows, graph_to_rows, read_state, sync_graph
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
    union = Graph()
    for index, (name, raw) in enumerate(generate_corpus(policies, seed), 1):
        union += document_to_graph(parse_document(raw, source=name))
        if index % 100 == 0:
            print(f"  parsed {index}/{policies} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    asserted = link_citations(union)
    inferred = close_graph(asserted, load_tbox())
    work.mkdir(parents=True, exist_ok=True)
    asserted.serialize(asserted_file, format="nt", encoding="utf-8")
    inferred.serialize(inferred_file, format="nt", encoding="utf-8")
    print(f"  built and cached in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return asserted, inferred


def measure_sync(driver, database: str, rows: GraphRows) -> dict[str, float]:
    sync_graph(driver, database, GraphRows({}, {}))  # empty the database first
    started = time.perf_counter()
    report = sync_graph(driver, database, rows)
    full = time.perf_counter() - started
    assert report.nodes_created == len(rows.nodes) and report.relationships_created == len(rows.relationships)
    started = time.perf_counter()
    again = sync_graph(driver, database, rows)
    noop = time.perf_counter() - started
    assert not again.changed
    started = time.perf_counter()
    read_state(driver, database)
    read = time.perf_counter() - started
    return {"full": full, "noop": noop, "read_state": read}


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.neo4j_sync", description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=1100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "policykg-bench-neo4j")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-latency", action="store_true")
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

    settings = Settings.from_env()
    store = Neo4jStore.connect(settings)
    try:
        timing = measure_sync(store.driver, settings.neo4j.database, rows)
    finally:
        store.close()
    print(f"sync into an empty database: {timing['full']:.1f} s, {total / timing['full']:,.0f} nodes+relationships/s")
    print(f"second sync (nothing to write): {timing['noop']:.1f} s, of which reading the graph back {timing['read_state']:.1f} s")

    if args.skip_latency:
        return
    print(f"\nendpoint latency on the five seeds, median of {args.repeat} (ms):")
    print(f"{'endpoint':<40} {'embedded':>9} {'neo4j':>9} {'neo4j/embedded':>15}")
    for path, embedded_s, neo4j_s in measure_latency(args.repeat):
        print(f"{path:<40} {embedded_s * 1000:>9.1f} {neo4j_s * 1000:>9.1f} {neo4j_s / embedded_s:>15.2f}")


if __name__ == "__main__":
    main()
