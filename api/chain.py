"""Serves the responsibility chain of a record as nodes and edges the page draws.

persons -> posts -> agency -> jurisdiction (and the divisions above it); the clauses that
bind the agency (lead, cooperating, responsible, matched as the engine matches them) and
the policies they belong to, with the policies those implement; each sanction, with whom it
falls on and who enforces it. Enforcers are only those the texts name: the body a
sanctioning sentence names (由公职人员任免机关、单位…给予处分, 由监察机关…予以处置,
发展改革部门…负责将…) and the lead or responsible units of the sanctioning clause
(牵头单位, 责任单位). Every edge that rests on a clause cites it.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from policykg.ontology.gazetteer import ancestors, jurisdiction_by_adcode
from policykg.queries.events import EventRecord
from policykg.rules import Evaluation
from policykg.rules.evaluation import Basis, ObligationFinding, SanctionFinding

ROLE_LABELS = {"lead": "牵头单位", "cooperating": "配合单位", "responsible": "责任单位"}
ENFORCING_ROLES = ("lead", "responsible")
# 由X按照管理权限依法给予处分 / 由X按照法定职责程序予以处置 / X负责将…纳入失信记录
_NAMED_BY_TEXT = (
    re.compile(r"由([^,，。;；由]{2,30}?)(?:按照|依照|依法|予以|给予|负责)"),
    re.compile(r"([^,，。;；]{2,30}?)负责(?:将|对)"),
)

AgencyLookup = Callable[[str], list[tuple[str, str]]]  # clause id -> [(role, agency name)]


class _Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: list[dict[str, Any]] = []

    def node(self, node_id: str, kind: str, label: str, **extra: Any) -> str:
        self.nodes.setdefault(node_id, {"id": node_id, "kind": kind, "label": label, **extra})
        return node_id

    def edge(self, start: str, end: str, kind: str, label: str, basis: Basis | None = None) -> None:
        edge = {"from": start, "to": end, "kind": kind, "label": label,
                "basis": basis.model_dump() if basis is not None else None}
        if edge not in self.edges:
            self.edges.append(edge)


CIVIL_SERVANT = "公务员"  # the post of the official whose own record it is (the engine's target role)


def build_chain(record: EventRecord, evaluation: Evaluation, agencies_of: AgencyLookup,
                agency_obligations: list[ObligationFinding] | None = None) -> dict[str, Any]:
    """The chain of `record`. For an official's own record the official is the subject: a
    person holding a post (公务员, or the role the event gives them) in the agency the record
    names (`subject.agency`), else directly in the jurisdiction; `agency_obligations` are then
    the clauses binding that agency (the evaluation's are the subject's, an official's)."""
    graph = _Graph()
    event = graph.node("event", "event", record.id, status=record.status)
    official = record.subject_kind == "official"
    agency = _agency(graph, record) if record.agency_name is not None else None
    place = _jurisdictions(graph, record)
    if agency is not None:
        graph.edge(agency, place, "in_jurisdiction", "所在行政区划")
    post_in = agency or place  # where the posts are: the agency, or for an official of no named agency, the division
    persons = list(enumerate(record.persons, start=1))
    subject = agency
    if official:  # the official whose own record it is; the same node if the event also lists them
        position = next((i for i, p in persons if p.name == record.subject_name), None)
        subject = f"person:{position}" if position is not None else "person:subject"
        if position is None:
            _person(graph, "subject", record.subject_name, CIVIL_SERVANT, None, post_in)
    graph.edge(event, subject, "committed_by", "失信主体")
    for position, person in persons:
        node = _person(graph, str(position), person.name, person.role, person.role_code, post_in)
        if node != subject:
            graph.edge(event, node, "involves", "涉及人员")
    _clauses(graph, evaluation, subject, agency, agency_obligations)
    sanctions = [_sanction(graph, index, finding, subject, agencies_of)
                 for index, finding in enumerate(evaluation.sanctions, start=1)]
    return {"event_id": record.id, "status": record.status, "nodes": list(graph.nodes.values()),
            "edges": graph.edges, "sanctions": sanctions}


def _person(graph: _Graph, key: str, name: str, role: str, role_code: str | None, post_in: str) -> str:
    """A person holding a post (their role) in the agency or division `post_in`."""
    person = graph.node(f"person:{key}", "person", name, role=role)
    post = graph.node(f"post:{key}", "post", role, role_code=role_code)
    graph.edge(person, post, "holds", "担任")
    graph.edge(post, post_in, "post_in", "任职于")
    return person


def _agency(graph: _Graph, record: EventRecord) -> str:
    written = record.subject_name if record.subject_kind != "official" else record.data.get("subject", {}).get("agency")
    return graph.node(f"agency:{record.agency_id}", "agency", record.agency_name, written=written)


def _jurisdictions(graph: _Graph, record: EventRecord) -> str:
    """The division the event occurred in, and the divisions above it."""
    place = jurisdiction_by_adcode(record.jurisdiction_code)
    below = first = graph.node(f"jurisdiction:{place.adcode}", "jurisdiction", place.full_name, adcode=place.adcode)
    for division in ancestors(place.adcode):
        above = graph.node(f"jurisdiction:{division.adcode}", "jurisdiction", division.full_name, adcode=division.adcode)
        graph.edge(below, above, "part_of", "隶属于")
        below = above
    return first


def _clauses(graph: _Graph, evaluation: Evaluation, subject: str, agency: str | None,
             agency_obligations: list[ObligationFinding] | None) -> None:
    """Clauses binding the agency (or the subject), and the policies above them."""
    for policy in evaluation.applicable_policies:
        node = graph.node(f"policy:{policy.id}", "policy", policy.title, doc_number=policy.doc_number)
        for reference in policy.implements:
            above = graph.node(f"policy:{reference.policy_id}", "policy", reference.title,
                               doc_number=reference.doc_number, loaded=reference.loaded)
            graph.edge(node, above, reference.relation, "实施" if reference.relation == "implements" else "引用")
    bound = [(subject, evaluation.obligations)]
    if agency is not None and agency_obligations is not None and agency != subject:
        bound.append((agency, agency_obligations))
    for node, obligations in bound:
        for obligation in obligations:
            for basis in obligation.basis:
                clause = _clause(graph, basis)
                graph.edge(clause, node, obligation.role, f"{ROLE_LABELS[obligation.role]}（{obligation.matched_by}）", basis)


def _clause(graph: _Graph, basis: Basis) -> str:
    clause = graph.node(f"clause:{basis.clause_id}", "clause", basis.path, policy_id=basis.policy_id)
    policy = f"policy:{basis.policy_id}"
    if policy in graph.nodes:
        graph.edge(policy, clause, "has_clause", "条款")
    return clause


def _sanction(graph: _Graph, index: int, finding: SanctionFinding, subject: str, agencies_of: AgencyLookup) -> dict[str, Any]:
    node = graph.node(f"sanction:{index}", "sanction", finding.sanction, code=finding.code, condition=finding.condition)
    graph.edge(node, _target(graph, finding, subject), "falls_on", "惩戒对象")
    enforcers = []
    for basis in finding.basis:
        graph.edge(_clause(graph, basis), node, "prescribes", "规定", basis)
        for enforcer in enforcers_named(finding, basis, agencies_of):
            enforcers.append(enforcer)
            enforcer_node = graph.node(f"enforcer:{enforcer['name']}", "enforcer", enforcer["name"])
            graph.edge(enforcer_node, node, "enforces", enforcer["source"], basis)
    return {"sanction": finding.sanction, "code": finding.code, "target": finding.target.model_dump(),
            "condition": finding.condition, "basis": [b.model_dump() for b in finding.basis], "enforcers": enforcers}


def _target(graph: _Graph, finding: SanctionFinding, subject: str) -> str:
    target = finding.target
    if target.kind not in ("person",):
        return subject
    for node in graph.nodes.values():
        if node["kind"] == "person" and node["label"] == target.name and node.get("role") == target.role:
            return node["id"]
    # A role the clause names but the event identifies no one in.
    return graph.node(f"role:{target.role}", "person", f"（未识别的{target.role}）", role=target.role)


def enforcers_named(finding: SanctionFinding, basis: Basis, agencies_of: AgencyLookup) -> list[dict[str, Any]]:
    """Who enforces `finding` under `basis`, as the clause says, each citing it."""
    found = []
    for sentence in _sentences_naming(basis.quote, finding.words or [finding.sanction]):
        for pattern in _NAMED_BY_TEXT:
            for match in pattern.finditer(sentence):
                found.append({"name": match.group(1), "source": "named by the sanctioning sentence",
                              "quote": sentence})
    for role, name in agencies_of(basis.clause_id):
        if role in ENFORCING_ROLES:
            found.append({"name": name, "source": f"{ROLE_LABELS[role]} of the sanctioning clause", "quote": None})
    unique: dict[str, dict[str, Any]] = {}
    for entry in found:  # the first mention of a name wins
        unique.setdefault(entry["name"], {**entry, "basis": basis.model_dump()})
    return list(unique.values())


def _sentences_naming(quote: str, words: list[str]) -> list[str]:
    sentences = [s for s in re.findall(r"[^。]*。?", quote) if s]
    return [s for s in sentences if any(word in s for word in words)] or sentences[:1]
