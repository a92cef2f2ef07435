"""The graph of the five seed texts as the ingest pipeline builds it (parse, to RDF, link
citations), and the TBox, shared by the reasoning and shape tests."""

from __future__ import annotations

import pytest
from rdflib import Graph

from policykg.loaders import load_document
from policykg.loaders.to_rdf import document_to_graph, link_citations
from policykg.ontology.graphs import load_tbox
from policykg.ontology.reasoning import close_graph


@pytest.fixture(scope="session")
def tbox() -> Graph:
    return load_tbox()


@pytest.fixture(scope="session")
def seed_graph(seed_paths) -> Graph:
    """The asserted graph of the five seeds; tests that change it work on a copy."""
    union = Graph()
    for path in seed_paths:
        union += document_to_graph(load_document(path))
    return link_citations(union)


@pytest.fixture(scope="session")
def seed_inferred(seed_graph, tbox) -> Graph:
    return close_graph(seed_graph, tbox)
