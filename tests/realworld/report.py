"""The real-world corpus against its hand-written expectations: which fields the loader
gets right, text by text, and the summary in docs/realworld.md.

    .venv/bin/python -m tests.realworld.report [--policies 100] [--runs 3]   # from the repository root

rewrites docs/realworld.md: the fields, then the loader's throughput on these texts beside a
generated corpus of --policies policies, measured in the same runs (benchmarks/loader_throughput.py).

`load_corpus` is the one edge: it parses every text with `parse_document` and ingests the
seeds and the texts together through the real pipeline (`ingest_paths` into a throw-away
embedded store), which links citations and applies the SHACL gate as `policykg ingest`
does. `compare_text` and `render_report` are pure. tests/realworld/test_realworld.py runs
the same comparison, one test per (text, field).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from rdflib import Literal as RdfLiteral
from rdflib.namespace import DCTERMS

from policykg.api.pipeline import ingest_paths, seed_corpus_paths
from policykg.errors import DocumentError
from policykg.loaders import load_document
from policykg.ontology.gazetteer import COUNTRY_ADCODE
from policykg.ontology.identifiers import policy_iri
from policykg.ontology.namespaces import PKG
from policykg.queries.embedded import EmbeddedStore

HERE = Path(__file__).parent
TEXTS = HERE / "texts"
EXPECTED = HERE / "expected"
KNOWN_FAILURES = HERE / "known_failures.yaml"
REPORT = HERE.parents[1] / "docs" / "realworld.md"

# Compared in this order; `loads` for every text, the others where the expectation has them.
FIELDS = ("loads", "title", "doc_number", "issuer", "jurisdiction", "issued_on", "effective_from", "kind",
          "summary", "references", "resolution", "implements", "clauses")
NATIONAL = "中华人民共和国"
Verdict = Literal["right", "wrong", "missing"]


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    detail: str = ""  # what the loader gave, when it is not right


@dataclass
class LoadedText:
    """What the loader made of one text: its Document (None when parse_document refused
    it), why it was refused (parse or SHACL gate), the corpus texts its policy cites, and
    those it implements directly or through others (the closure's transitive implements)."""

    slug: str
    document: object | None
    refusal: str | None
    cited: set[str] = field(default_factory=set)
    implemented: set[str] = field(default_factory=set)


def read_expectations() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(EXPECTED.glob("*.yaml"))}


def read_known_failures() -> dict[str, dict[str, str]]:
    return yaml.safe_load(KNOWN_FAILURES.read_text(encoding="utf-8")) or {}


def compared_fields(expected: dict) -> list[str]:
    """The fields an expectation states; `resolution` when a reference names its target."""
    present = {"loads", *expected}
    if any("resolves_to" in reference for reference in expected.get("references") or ()):
        present.add("resolution")
    return [name for name in FIELDS if name in present]


def compare_text(expected: dict, loaded: LoadedText) -> dict[str, Outcome]:
    """Outcome per compared field. A text parse_document refuses has every field missing."""
    outcomes = {}
    for name in compared_fields(expected):
        if name == "loads":
            outcomes[name] = Outcome("right") if loaded.refusal is None else Outcome("wrong", loaded.refusal)
        elif loaded.document is None:
            outcomes[name] = Outcome("missing", f"refused: {loaded.refusal}")
        else:
            outcomes[name] = _COMPARE[name](expected, loaded)
    return outcomes


def _scalar(wanted, got) -> Outcome:
    if got == wanted:
        return Outcome("right")
    if got is None:
        return Outcome("missing", f"expected {wanted!r}, got nothing")
    return Outcome("wrong", f"expected {wanted!r}, got {got!r}")


def _squeezed(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s", "", text)


def _text_field(name: str):
    def compare(expected: dict, loaded: LoadedText) -> Outcome:
        return _scalar(_squeezed(expected[name]), _squeezed(getattr(loaded.document, name)) or None)
    return compare


def _date_field(name: str):
    def compare(expected: dict, loaded: LoadedText) -> Outcome:
        wanted = expected[name]
        return _scalar(date.fromisoformat(str(wanted)) if wanted is not None else None, getattr(loaded.document, name))
    return compare


def _jurisdiction(expected: dict, loaded: LoadedText) -> Outcome:
    """The division as its path from the province down (辽宁省大连市西岗区); the country as
    中华人民共和国 (the gazetteer calls it 中国, adcode 100000)."""
    division = loaded.document.jurisdiction
    got = None if division is None else NATIONAL if division.adcode == COUNTRY_ADCODE else "".join(division.path)
    return _scalar(expected["jurisdiction"], got)


def _kind(expected: dict, loaded: LoadedText) -> Outcome:
    return _scalar(expected["kind"], loaded.document.kind)


def _summary(expected: dict, loaded: LoadedText) -> Outcome:
    return _scalar(expected["summary"], loaded.document.kind == "news-summary")


def _title_key(title: str) -> str:
    """A cited title without spacing, title marks or full-width parentheses."""
    return re.sub(r"[\s《》〈〉<>＜＞]", "", title).replace("（", "(").replace("）", ")")


def _reference_key(title: str, doc_number: str | None) -> str:
    """A reference is known by its document number, else by its title."""
    return _squeezed(doc_number) if doc_number else f"《{_title_key(title)}》"


def all_citations(document) -> list:
    return [*document.citations, *(citation for clause in document.walk() for citation in clause.citations)]


def _references(expected: dict, loaded: LoadedText) -> Outcome:
    """The set of policies the text cites, by number or title: every expected one, and no
    other (a notice's own title, a 《意见》 short name or a web link is no reference)."""
    wanted = {_reference_key(r["title"], r.get("doc_number")) for r in expected["references"]}
    got = {_reference_key(c.title, c.doc_number) for c in all_citations(loaded.document)}
    if got == wanted:
        return Outcome("right")
    if not got:
        return Outcome("missing", f"expected {sorted(wanted)}, got no citation")
    return Outcome("wrong", f"not found {sorted(wanted - got)}; not expected {sorted(got - wanted)}")


def _resolution(expected: dict, loaded: LoadedText) -> Outcome:
    """Each reference that names a corpus text resolves, after ingest, to that text's policy."""
    return _linked({r["resolves_to"] for r in expected["references"] if r.get("resolves_to")}, loaded.cited)


def _implements(expected: dict, loaded: LoadedText) -> Outcome:
    """The text's policy implements each listed corpus text, directly or down a chain."""
    return _linked(set(expected["implements"]), loaded.implemented)


def _linked(wanted: set[str], linked: set[str]) -> Outcome:
    """Every wanted corpus text among those the graph links the text's policy to."""
    if wanted <= linked:
        return Outcome("right")
    if not linked:
        return Outcome("missing", f"expected links to {sorted(wanted)}, got none")
    return Outcome("wrong", f"not linked {sorted(wanted - linked)}; linked {sorted(linked)}")


def _clauses(expected: dict, loaded: LoadedText) -> Outcome:
    """Each listed clause exists at its printed path with exactly these agencies and roles."""
    by_path = {clause.path: clause for clause in loaded.document.walk()}
    absent, differing = [], []
    for wanted in expected["clauses"]:
        clause = by_path.get(str(wanted["path"]))
        if clause is None:
            absent.append(str(wanted["path"]))
            continue
        roles = {(a["surface"], a["role"]) for a in wanted["agencies"]}
        found = {(mention.surface, mention.role) for mention in clause.agencies}
        if roles != found:
            differing.append(f"{wanted['path']}: not found {sorted(roles - found)}, not expected {sorted(found - roles)}")
    if not absent and not differing:
        return Outcome("right")
    detail = "; ".join([*(f"no clause {path} (paths: {sorted(by_path)[:12]})" for path in absent), *differing])
    return Outcome("missing" if absent and not differing and not by_path else "wrong", detail)


_COMPARE = {
    "title": _text_field("title"), "doc_number": _text_field("doc_number"), "issuer": _text_field("issuer"),
    "jurisdiction": _jurisdiction, "issued_on": _date_field("issued_on"), "effective_from": _date_field("effective_from"),
    "kind": _kind, "summary": _summary, "references": _references, "resolution": _resolution, "implements": _implements,
    "clauses": _clauses,
}


def load_corpus(slugs: Iterable[str]) -> dict[str, LoadedText]:
    """Parse every text, then ingest the seeds and the texts together into a throw-away
    store and read which corpus policies each text's policy (or its clauses) cites."""
    loaded = {}
    for slug in slugs:
        try:
            loaded[slug] = LoadedText(slug, load_document(TEXTS / f"{slug}.txt"), None)
        except DocumentError as error:
            loaded[slug] = LoadedText(slug, None, error.message)
    with tempfile.TemporaryDirectory() as home:
        store = EmbeddedStore.open(Path(home))
        try:
            report = ingest_paths(store, [*seed_corpus_paths(), *(TEXTS / f"{slug}.txt" for slug in loaded)])
            snapshot = store.snapshot()
        finally:
            store.close()
    graph = snapshot.asserted + snapshot.inferred
    policy_slugs: dict[str, set[str]] = {}  # several copies of one policy may share its id
    for outcome in report.files:
        if outcome.policy_id:
            policy_slugs.setdefault(outcome.policy_id, set()).add(Path(outcome.path).stem)
    for outcome in report.files:
        text = loaded.get(Path(outcome.path).stem)
        if text is None:
            continue
        if outcome.status == "failed" and text.refusal is None:
            text.refusal = outcome.message
        if outcome.policy_id:
            text.cited = _target_slugs(graph, outcome.policy_id, (PKG.cites, PKG.implements), policy_slugs, clauses=True)
            text.implemented = _target_slugs(graph, outcome.policy_id, (PKG.implements,), policy_slugs, clauses=False)
    return loaded


def _target_slugs(graph, policy_id: str, predicates: tuple, policy_slugs: dict[str, set[str]], *,
                  clauses: bool) -> set[str]:
    """Slugs of the loaded policies a policy (and, with `clauses`, any of its clauses) points
    at by one of `predicates`."""
    policy = policy_iri(policy_id)
    subjects = {policy, *graph.subjects(PKG.inPolicy, policy)} if clauses else {policy}
    targets = {target for subject in subjects for predicate in predicates
               for target in graph.objects(subject, predicate)}
    identifiers = {str(graph.value(target, DCTERMS.identifier)) for target in targets
                   if (target, PKG.loaded, RdfLiteral(True)) in graph and target != policy}
    return {slug for identifier in identifiers for slug in policy_slugs.get(identifier, ())}


def render_report(outcomes: dict[str, dict[str, Outcome]], known_failures: dict[str, dict[str, str]],
                  throughput: dict) -> str:
    """docs/realworld.md: the headline count, the per-field table, the texts not yet right,
    and the loader's throughput (benchmarks.loader_throughput.measure's result)."""
    complete = [slug for slug, fields in outcomes.items() if all(o.verdict == "right" for o in fields.values())]
    lines = [
        "# The loader on real-world texts",
        "",
        f"{len(outcomes)} real texts beyond the five seeds (政务诚信, and two on neighbouring credit policies),",
        "saved unchanged from public web pages",
        "(`tests/realworld/texts/`, sources in `tests/realworld/SOURCES.md`), each with expectations",
        "written by reading the text (`tests/realworld/expected/`, format in `tests/realworld/README.md`).",
        "This page is written by",
        "",
        "    .venv/bin/python -m tests.realworld.report [--policies 100] [--runs 3]",
        "",
        "from the repository root; `tests/realworld/test_realworld.py` checks the same fields in CI,",
        "with today's failures listed in `tests/realworld/known_failures.yaml` as strict expected failures.",
        "",
        f"**{len(complete)} of {len(outcomes)} texts with every expected field right**"
        + (f": {', '.join(f'`{slug}`' for slug in complete)}." if complete else "."),
        "",
        "| field | right | wrong | missing |",
        "| --- | --- | --- | --- |",
    ]
    for name in FIELDS:
        verdicts = [fields[name].verdict for fields in outcomes.values() if name in fields]
        if verdicts:
            lines.append(f"| {name} | {verdicts.count('right')} | {verdicts.count('wrong')} | {verdicts.count('missing')} |")
    lines += ["", "`missing`: the loader gave nothing (or refused the text) where the text states a value;",
              "`wrong`: it gave another value. What each field means: `tests/realworld/README.md`.", "",
              "## Texts with a field not yet right", "", "| text | field | verdict | why (known_failures.yaml) |",
              "| --- | --- | --- | --- |"]
    for slug, fields in outcomes.items():
        for name, outcome in fields.items():
            if outcome.verdict != "right":
                reason = known_failures.get(slug, {}).get(name, "not listed: a regression")
                lines.append(f"| `{slug}` | {name} | {outcome.verdict} | {reason} |")
    return "\n".join([*lines, "", *_throughput_lines(throughput)]) + "\n"


def _throughput_lines(result: dict) -> list[str]:
    runs = "one run" if result["runs"] == 1 else f"medians of {result['runs']} interleaved runs"
    lines = [
        "## Loader throughput on these texts",
        "",
        f"`parse_document` beside jieba alone on the same texts, CPU seconds of one process, "
        f"{runs} (commit `{result['commit']}`, {result['machine']}); how to read "
        "such figures: [benchmarks-loader.md](benchmarks-loader.md).",
        "",
        "| texts | files | kB | loader MB/s | jieba alone MB/s | loader / jieba |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, pair in ((f"generated (seed {result['corpus']['seed']})", result["generated_vs_jieba"]),
                        ("real texts (seeds, page excerpts, `tests/realworld/texts`)", result["real_vs_jieba"])):
        lines.append(f"| {label} | {pair['files']} | {pair['bytes'] / 1000:.0f} | {pair['loader_mb_per_s_median']:.2f} | "
                     f"{pair['jieba_mb_per_s_median']:.2f} | {100 * pair['loader_over_jieba_median']:.0f}% |")
    return lines


def main(argv: list[str] | None = None) -> None:
    from benchmarks.loader_throughput import measure

    parser = argparse.ArgumentParser(prog="python -m tests.realworld.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=100, help="generated policies measured beside the texts")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    expectations = read_expectations()
    loaded = load_corpus(expectations)
    outcomes = {slug: compare_text(expected, loaded[slug]) for slug, expected in expectations.items()}
    throughput = measure(args.policies, 1, args.runs)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    throughput |= {"commit": commit.stdout.strip() or "unknown", "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}"}
    REPORT.write_text(render_report(outcomes, read_known_failures(), throughput), encoding="utf-8")
    print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
