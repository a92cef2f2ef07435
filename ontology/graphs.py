"""Defines where the ontology's graphs come from: the TBox (policykg.ttl), the SKOS
vocabularies (vocab/*.ttl) and the SHACL shapes (shapes.ttl), read from package data so
that an installed policykg finds them as an editable checkout does."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from rdflib import Graph

from policykg.ontology.namespaces import bind_prefixes

__all__ = ["load_shapes", "load_tbox", "load_vocabularies"]


def load_tbox() -> Graph:
    """The OWL TBox, ontology/policykg.ttl (a fresh graph the caller may change)."""
    return _copy(_parsed(("policykg.ttl",)))


def load_vocabularies() -> Graph:
    """Every SKOS scheme of ontology/vocab/*.ttl, in one graph."""
    folder = files("policykg.ontology").joinpath("vocab")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".ttl")) if folder.is_dir() else []
    return _copy(_parsed(tuple(f"vocab/{name}" for name in names)))


def load_shapes() -> Graph:
    """The SHACL publish gate, ontology/shapes.ttl."""
    return _copy(_parsed(("shapes.ttl",)))


@lru_cache(maxsize=8)
def _parsed(names: tuple[str, ...]) -> Graph:
    # Parsed once per process: the files are package data and do not change while it runs.
    graph = bind_prefixes(Graph())
    root = files("policykg.ontology")
    for name in names:
        graph.parse(data=root.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def _copy(graph: Graph) -> Graph:
    copy = bind_prefixes(Graph())
    copy += graph
    return copy
