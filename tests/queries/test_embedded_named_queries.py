"""Every named SPARQL query parses, declares its parameters and columns in its header, and
returns exactly those columns, so a Cypher twin can promise the same."""

from __future__ import annotations

import re

import pytest
from rdflib.plugins.sparql import prepareQuery

from policykg.queries.named import UnknownQuery, named_query, query_stems

STEMS = query_stems("sparql")


def test_the_read_side_has_its_named_queries():
    assert {"policies", "policy", "clause", "agencies", "agency_obligations", "sanctions"} <= set(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_named_query_returns_the_columns_its_header_declares(stem):
    query = named_query(stem, "sparql")
    assert query.text.startswith(f"# {stem}: ")
    projected = [str(var) for var in prepareQuery(query.text).algebra["PV"]]
    assert projected[: len(query.returns)] == list(query.returns)
    # Then the parameters not returned anyway: Oxigraph binds only projected variables.
    assert projected[len(query.returns):] == [param for param in query.params if param not in query.returns]


@pytest.mark.parametrize("stem", STEMS)
def test_named_query_uses_every_parameter_it_declares(stem):
    query = named_query(stem, "sparql")
    body = query.text.split("\nPREFIX", 1)[1]
    for param in query.params:
        assert re.search(rf"\?{param}\b", body), f"{stem}: ?{param} declared but not used"


@pytest.mark.parametrize("stem", ["no_such_query", "../store", "Policies"])
def test_unknown_or_malformed_query_names_are_refused(stem):
    with pytest.raises(UnknownQuery):
        named_query(stem, "sparql")
