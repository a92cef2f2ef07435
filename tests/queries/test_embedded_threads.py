"""The embedded store answers correctly when a threaded server asks from many threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from policykg.queries.embedded import EmbeddedStore


def test_concurrent_queries_all_answer_the_same(seed_home):
    store = EmbeddedStore.open(seed_home)  # no lock between readers: they race on one database
    stems = ["policies", "evaluation_policies", "evaluation_clauses", "evaluation_obligations", "sanctions", "policy_count"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda stem: (stem, len(store.rows(stem))), stems * 4))
    by_stem = {}
    for stem, count in answers:
        by_stem.setdefault(stem, set()).add(count)
    assert all(len(counts) == 1 and counts != {0} for counts in by_stem.values()), by_stem
