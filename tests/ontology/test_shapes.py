"""The SHACL publish gate: the shapes are valid SHACL, every one explains itself in Chinese
and English, the seed graph passes, and a broken graph is refused with a message that
names the node and what it lacks."""

from __future__ import annotations

from importlib.resources import files

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from policykg.errors import ShapeViolation
from policykg.ontology.graphs import load_shapes
from policykg.ontology.namespaces import DOMAIN, ID, PKG
from policykg.ontology.validation import validate_graph

ZHANQIAN = ID["policy/zhanqian-2024"]


def test_shapes_are_valid_shacl():
    shacl_shacl = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, _, text = validate(load_shapes(), shacl_graph=shacl_shacl, inference="none")
    assert conforms, text


def test_every_shape_has_a_message_in_chinese_and_english():
    shapes = load_shapes()
    named = {s for s in shapes.subjects(RDF.type, SH.PropertyShape)} | set(shapes.subjects(SH["or"], None))
    assert named
    for shape in named:
        languages = {message.language for message in shapes.objects(shape, SH.message)}
        assert languages == {"zh", "en"}, f"{shape} has sh:message in {languages}"


def test_seed_graph_passes_the_gate(seed_graph, seed_inferred):
    assert any(seed_graph.subjects(PKG.loaded, Literal(False)))  # cited-only policies need no source file
    validate_graph(seed_graph + seed_inferred)


def _jiangsu_without_clauses_or_warnings(graph):
    graph.remove((ID["policy/jiangsu-2023"], PKG.warning, None))
    graph.remove((ID["policy/jiangsu-2023"], PKG.hasClause, None))


def _foreign_sanction(graph):
    mention = next(iter(graph.subjects(RDF.type, PKG.SanctionMention)))
    graph.set((mention, PKG.sanction, DOMAIN["government-procurement"]))
    return mention


BROKEN = {
    "no title": (lambda g: g.remove((ZHANQIAN, PKG.title, None)), "id:policy/zhanqian-2024", "a policy needs a title"),
    "two loaded flags": (
        lambda g: g.add((ZHANQIAN, PKG.loaded, Literal(False))), "id:policy/zhanqian-2024", "exactly one loaded flag",
    ),
    "untyped date": (
        lambda g: g.set((ZHANQIAN, PKG.issuedOn, Literal("2024年2月22日"))), "id:policy/zhanqian-2024", "xsd:date",
    ),
    "loaded without source": (
        lambda g: g.remove((ZHANQIAN, PKG.sourceFile, None)), "id:policy/zhanqian-2024", "exactly one source file",
    ),
    "no clause and no warning": (
        _jiangsu_without_clauses_or_warnings, "id:policy/jiangsu-2023", "at least one clause, or a loader warning",
    ),
    "clause without policy": (
        lambda g: g.remove((ID["clause/zhanqian-2024/5.2"], PKG.inPolicy, None)),
        "id:clause/zhanqian-2024/5.2", "exactly one policy it belongs to",
    ),
    "bad adcode": (
        lambda g: g.set((ID["jurisdiction/210802"], PKG.adcode, Literal("2108"))),
        "id:jurisdiction/210802", "six-digit adcode",
    ),
    "sanction from another scheme": (_foreign_sanction, None, "concept of the sanctions scheme"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_validate_graph_refuses_a_broken_graph_naming_the_node(seed_graph, seed_inferred, case):
    breaks, focus, english = BROKEN[case]
    broken = seed_graph + seed_inferred
    changed = breaks(broken)
    focus = focus or "id:" + str(changed)[len(str(ID)):]
    with pytest.raises(ShapeViolation) as raised:
        validate_graph(broken)
    lines = [line for line in raised.value.message.splitlines() if line.startswith(f"- {focus}:")]
    assert any(english in line for line in lines), raised.value.message
    assert raised.value.code == "graph-invalid"


def test_validate_graph_message_quotes_both_languages(seed_graph, seed_inferred):
    broken = seed_graph + seed_inferred
    broken.set((ID["jurisdiction/210802"], PKG.adcode, Literal("2108", datatype=XSD.string)))
    with pytest.raises(ShapeViolation, match="行政区划须有且仅有一个六位数字的行政区划代码"):
        validate_graph(broken)


def test_validate_graph_accepts_a_cited_only_policy_with_just_a_title():
    stub = URIRef(ID["policy/ref-0184e000"])
    graph = Graph()
    graph.add((stub, RDF.type, PKG.Policy))
    graph.add((stub, PKG.title, Literal("营口市人民政府关于加强诚信政府建设的实施意见")))
    graph.add((stub, PKG.loaded, Literal(False)))
    validate_graph(graph)
