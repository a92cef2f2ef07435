"""The named queries themselves: every SPARQL query has a Cypher twin with the same header,
and on the seeds both return the same rows, row for row and in the same order."""

from __future__ import annotations

import pytest

from policykg.ontology.identifiers import agency_iri, clause_iri, policy_iri
from policykg.queries.named import named_query, query_stems

# Cypher-only: what a sync (queries/sync.py) or a record write (Neo4jStore.save_event) runs,
# not questions a store answers.
SYNC_STEMS = {"schema", "sync_nodes", "sync_relationships", "sync_merge_nodes", "sync_delete_nodes",
              "sync_create_relationships", "sync_update_relationships", "sync_delete_relationships",
              "sync_create_nodes", "sync_digest", "sync_write_digest", "event_clear", "event_write"}

# (policy, clause) scopes. None leaves a parameter unbound: "any" where the query's header
# says the parameter is optional; queries taking both bind one of them.
SCOPES = [
    (policy_iri("zhanqian-2024"), None),
    (None, clause_iri("zhanqian-2024/5.2")),
    (policy_iri("qinghai-2017"), None),
    (None, None),
]


def _allowed(stem: str, params: dict) -> bool:
    unbound = [name for name, value in params.items() if value is None]
    if not unbound:
        return True
    if set(params) >= {"policy", "clause"}:
        return len(unbound) == 1
    header = next(line for line in named_query(stem, "sparql").text.splitlines() if "params:" in line)
    return "optional" in header


def test_every_sparql_query_has_a_cypher_twin_with_the_same_header():
    assert set(query_stems("cypher")) - set(query_stems("sparql")) == SYNC_STEMS
    for stem in query_stems("sparql"):
        sparql, cypher = named_query(stem, "sparql"), named_query(stem, "cypher")
        assert (cypher.params, cypher.returns) == (sparql.params, sparql.returns), stem


@pytest.mark.neo4j
@pytest.mark.parametrize("stem", query_stems("sparql"))
def test_named_query_gives_the_same_rows_in_neo4j(neo4j_seed_store, seed_store, stem):
    neo4j_seed_store.sync()
    finance = agency_iri(seed_store.agencies("营口市站前区财政局")[0].id)
    declared = named_query(stem, "sparql").params
    asked = []
    for policy, clause in SCOPES:
        for q in ("", "财政"):
            values = {"policy": policy, "clause": clause, "agency": finance, "q": q, "event": None, "name": None}
            params = {name: values[name] for name in declared}
            if params in asked or not _allowed(stem, params):
                continue
            asked.append(params)
            assert neo4j_seed_store.rows(stem, **params) == seed_store.rows(stem, **params), params
