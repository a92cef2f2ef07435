"""Checks a graph against the SHACL publish gate (ontology/shapes.ttl) with pySHACL before
anything is published, and says in plain words which node fails which shape."""

from __future__ import annotations

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from policykg.errors import ShapeViolation
from policykg.ontology.graphs import load_shapes, load_vocabularies
from policykg.ontology.namespaces import ID

__all__ = ["validate_graph"]

# Enough to act on; the rest are counted, not listed.
_MAX_LISTED = 20


def validate_graph(graph: Graph) -> None:
    """Raise ShapeViolation unless `graph` (asserted plus inferred triples) conforms.

    The SKOS vocabularies are mixed in, because the gate checks that a sanction is a
    concept of pkg:Sanctions. Sub-class typings come from the graph itself: the inferred
    triples of ontology/reasoning.py carry them.
    """
    # Mixed in by hand: pySHACL mixes an ont_graph in only when it also runs inference.
    data = load_vocabularies()
    data += graph
    conforms, report, _ = validate(data, shacl_graph=load_shapes(), inference="none", advanced=False)
    if not conforms:
        raise ShapeViolation(_describe(report), field="graph")


def _describe(report: Graph) -> str:
    lines = sorted(_result_line(report, result) for result in report.subjects(RDF.type, SH.ValidationResult))
    listed = lines[:_MAX_LISTED]
    if len(lines) > _MAX_LISTED:
        listed.append(f"… and {len(lines) - _MAX_LISTED} more")
    return f"the graph fails {len(lines)} SHACL constraint(s):\n" + "\n".join(f"- {line}" for line in listed)


def _result_line(report: Graph, result) -> str:
    focus = _short(report.value(result, SH.focusNode))
    messages = {message.language: str(message) for message in report.objects(result, SH.resultMessage)}
    english, chinese = messages.get("en"), messages.get("zh")
    text = " / ".join(part for part in (english, chinese) if part) or "; ".join(messages.values())
    value = report.value(result, SH.value)
    shown = f" (value {value.n3() if isinstance(value, Literal) else _short(value)})" if value is not None else ""
    return f"{focus}: {text}{shown}"


def _short(node) -> str:
    """id:policy/zhanqian-2024 rather than the whole IRI."""
    if isinstance(node, URIRef) and str(node).startswith(str(ID)):
        return "id:" + str(node)[len(str(ID)):]
    return node.n3() if node is not None else "?"
