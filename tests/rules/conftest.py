"""Seed facts for the rule tests, and the scenario cases in cases/<slug>.yaml as pytest items.

The facts are built from the real parse of the five seeds (`parse_document`), the way a
store builds them, so a quote that the loader's simplified text does not contain fails here.
Cases are OpenFisca-style: a sentence `name`, an event, the expected findings; the
`pytest_collect_file` hook below turns each into an item, so `pytest -k zhanqian` selects them.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from policykg.loaders import parse_document
from policykg.ontology.identifiers import clause_id, referenced_policy_id
from policykg.rules import ClauseFacts, Facts, Obligation, PolicyFacts, Reference, evaluate_event, load_rulebook, parse_event

CORPUS = files("policykg.loaders") / "corpus"
CASES = Path(__file__).parent / "cases"


@cache
def seed_documents() -> tuple:
    return tuple(
        parse_document(path.read_bytes(), source=path.name)
        for path in sorted(CORPUS.iterdir(), key=lambda p: p.name)
        if path.name.endswith(".txt")
    )


def facts_from_documents(documents) -> Facts:
    """What a store knows about these documents, as the engine's Facts."""
    policies, clauses, obligations = {}, [], []
    for document in documents:
        policies[document.id] = PolicyFacts(
            id=document.id,
            title=document.title,
            doc_number=document.doc_number,
            kind=document.kind,
            jurisdiction=document.jurisdiction.adcode if document.jurisdiction else None,
            issued_on=document.issued_on,
            effective_from=document.effective_from,
            effective_until=document.effective_until,
            references=tuple(
                Reference(c.title, c.doc_number, referenced_policy_id(c.title, c.doc_number), False, c.relation)
                for c in document.citations
            ),
        )
        for clause in document.walk():
            identifier = clause_id(document.id, clause.path)
            clauses.append(ClauseFacts(identifier, document.id, clause.path, clause.text))
            obligations.extend(
                Obligation(a.name, a.kind, a.role, document.id, identifier, clause.path, clause.text, (a.surface,))
                for a in clause.agencies
            )
    return Facts(policies=policies, clauses=tuple(clauses), obligations=tuple(obligations))


@cache
def seed_facts() -> Facts:
    return facts_from_documents(seed_documents())


@cache
def seed_rulebook():
    return load_rulebook(clause_texts=seed_facts().clause_texts())


@pytest.fixture(scope="session")
def facts() -> Facts:
    return seed_facts()


@pytest.fixture(scope="session")
def rulebook():
    return seed_rulebook()


@pytest.fixture(scope="session")
def rules_exercised_by_cases() -> set[str]:
    """Every rule that fires (or exception that applies) in at least one case of cases/."""
    exercised: set[str] = set()
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            exercised |= fired_rules(evaluate_event(parse_event(case["event"]), seed_rulebook(), seed_facts()))
    return exercised


def pytest_collect_file(parent, file_path):
    if file_path.suffix == ".yaml" and file_path.parent.name == "cases":
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self):
        for case in yaml.safe_load(self.path.read_text(encoding="utf-8")):
            yield CaseItem.from_parent(self, name=case["name"], case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, case: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        check_case(self.case, evaluate_event(parse_event(self.case["event"]), seed_rulebook(), seed_facts()))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CaseMismatch):
            return f"case {self.name!r} ({self.path.name}):\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"case: {self.name}"


class CaseMismatch(AssertionError):
    pass


def fired_rules(evaluation) -> set[str]:
    """Rules a case exercises: sanction rules that fired, exceptions that applied (excluding
    ones withhold a rule, which is then listed as not fired on the exception's trigger)."""
    fired = {rule for sanction in evaluation.sanctions for rule in sanction.rules}
    return fired | {m.rule for m in evaluation.mitigations if m.applies}


def withheld_rules(evaluation) -> set[str]:
    return {n.rule.id for n in evaluation.not_fired if n.failed.fact in ("remedied", "fault_tolerance")}


def _finding(evaluation, entry: dict, subject_name: str):
    """The sanction finding a case entry names ({sanction, name?, role?})."""
    name = entry.get("name", subject_name if "role" not in entry else None)
    return [s for s in evaluation.sanctions if (s.sanction, s.target.name) == (entry["sanction"], name)
            and (s.target.role == entry["role"] if "role" in entry else True)]


def _sanction_key(entry, subject_name: str) -> tuple:
    if isinstance(entry, str):
        return (entry, subject_name, None)
    return (entry["sanction"], entry.get("name", subject_name if "role" not in entry else None), entry.get("role"))


def check_case(case: dict, evaluation) -> None:
    """Compare an evaluation with a case's `expect`; every listed key is an exact expectation."""
    expect, problems = case["expect"], []
    subject = evaluation.event["subject"]["name"]

    def compare(what, expected, actual):
        if expected != actual:
            shown = lambda found: sorted(found.items() if isinstance(found, dict) else found, key=str)  # noqa: E731
            problems.append(f"{what}:\n  expected {shown(expected)}\n  actual   {shown(actual)}")

    if "applicable" in expect:
        compare("applicable policies", set(expect["applicable"]), {p.id for p in evaluation.applicable_policies})
    for policy_id, words in expect.get("not_applicable", {}).items():
        reasons = {p.id: p.reason for p in evaluation.not_applicable}
        if words not in reasons.get(policy_id, ""):
            problems.append(f"not_applicable {policy_id}: expected a reason with {words!r}, got {reasons.get(policy_id)!r}")
    if "sanctions" in expect:
        expected = {_sanction_key(entry, subject) for entry in expect["sanctions"]}
        actual = {(s.sanction, s.target.name, s.target.role if s.target.kind == "person" else None) for s in evaluation.sanctions}
        compare("sanctions", expected, actual)
    if "conditions" in expect:  # sanction -> its condition, or a list when clauses set it on different findings
        expected = {k: frozenset([v] if isinstance(v, str) else v) for k, v in expect["conditions"].items()}
        actual: dict[str, frozenset] = {}
        for s in evaluation.sanctions:
            if s.condition:
                actual[s.sanction] = actual.get(s.sanction, frozenset()) | {s.condition}
        compare("conditions", expected, actual)
    if "accountable_persons" in expect:
        expected = {(p.get("name"), p["role"]) for p in expect["accountable_persons"]}
        compare("accountable persons", expected, {(p.name, p.role) for p in evaluation.accountable_persons})
    if "mitigations" in expect:
        expected = {(m["rule"], m["applies"]) for m in expect["mitigations"]}
        compare("mitigations", expected, {(m.rule, m.applies) for m in evaluation.mitigations})
    if "mitigated" in expect:
        compare("sanctions marked as mitigable", set(expect["mitigated"]), {s.sanction for s in evaluation.sanctions if s.mitigations})
    if "withheld" in expect:
        compare("withheld rules", set(expect["withheld"]), withheld_rules(evaluation))
    if "waivable" in expect:  # sanctions every basis of which may be waived (可不纳入), directly or through their premise
        compare("sanctions marked as waivable", set(expect["waivable"]), {s.sanction for s in evaluation.sanctions if s.waivable})
    if "binding" in expect:  # sanction -> mandatory / discretionary / graded
        actual = {s.sanction: s.binding.level for s in evaluation.sanctions if s.sanction in expect["binding"]}
        compare("binding", expect["binding"], actual)
    for entry in expect.get("chains", ()):  # a sanction resting on another rule's conclusion
        found = _finding(evaluation, entry, subject)
        through = {j.rule.id for f in found for t in f.justification for p in t.premises if p.kind == "derived" for j in p.justification}
        if entry["through"] not in through:
            problems.append(f"chain: {entry} rests on {sorted(through)}")
        inherited = {c.condition for f in found for c in f.premise_conditions}
        if set(entry.get("inherits", ())) != inherited:
            problems.append(f"chain: {entry} inherits conditions {sorted(inherited)}")
    if "not_fired" in expect:  # rule id -> the fact of the premise that failed
        actual = {n.rule.id: n.failed.fact for n in evaluation.not_fired if n.rule.id in expect["not_fired"]}
        compare("rules not fired", expect["not_fired"], actual)
    if "reason" in expect and expect["reason"] not in (evaluation.reason or ""):
        problems.append(f"reason: expected {expect['reason']!r} in {evaluation.reason!r}")
    missing = set(case.get("covers", ())) - fired_rules(evaluation)
    if missing:
        problems.append(f"covers {sorted(missing)}, which did not fire")
    if problems:
        raise CaseMismatch("\n".join(problems))
