"""Measures event evaluation against a generated corpus of thousands of policies across real
jurisdictions: single-event latency, batch throughput, the HTTP endpoint beside the engine,
and that rule files are compiled once and never read per event.

    .venv/bin/python -m benchmarks.evaluate [--policies 3000] [--seed 1] [--runs 3] [--json FILE]

The corpus comes from benchmarks/generate (`generate_policies`), parsed by the real loader
(`parse_document`) into the engine's `Facts`; the parsed facts are cached under
`--cache` (default <tmp>/policykg-benchmarks) keyed by seed, size and a digest of the
loader and generator sources, so a rerun skips the ~30 ms per document parse. Each
policy gets a rule file written from its own clauses: the seeds' sanction sentences that
the generator uses are looked up in the parsed clause texts, and each rule quotes what it
finds there, so `load_rulebook`'s verbatim checks are the real ones.

Latency is wall time (perf_counter) and CPU time of the thread (thread_time) per event;
the two cores are shared with other sessions, so wall p99 measures the neighbours too.
Figures are medians over `--runs` runs, with the compared variants interleaved in each run.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import http.client
import json
import os
import pickle
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from benchmarks.generate import generate_policies
from benchmarks.generate.events import generate_events
from policykg.ontology.gazetteer import jurisdiction_by_adcode
from policykg.ontology.identifiers import clause_id, referenced_policy_id
from policykg.rules import (
    ClauseFacts, Facts, Obligation, PolicyFacts, Reference, RuleBook, evaluate_event, evaluate_events, load_rulebook,
    parse_event,
)

ROOT = Path(__file__).resolve().parent.parent
CACHE_FORMAT = 2  # raised when what _parse_corpus stores changes
CONDITION = "因违法违规、失信违约被司法判决、行政处罚、纪律处分、政务处分、问责处理"


@dataclass(frozen=True)
class RuleTemplate:
    """A sanction sentence of the seeds that the generator reuses, and the rule it carries
    (modelled on the seeds' own rule files: zhanqian-2024 五.(一)/(二)/(四), qinghai-2017
    三.(二).3, jiangsu-2023 全文). `sentence` may hold `{place}`, the 信用中国(…) site name."""

    name: str
    sentence: str
    rule: dict  # the rule's when/then or exception keys; every words/condition is in `sentence`


TEMPLATES = (
    RuleTemplate("dishonesty-record", "发展改革部门会同有关部门和单位负责将本级政府及其部门以及公务员失信行为纳入失信记录。",
                 {"binding": {"level": "mandatory", "words": "负责将"}, "then": [{"sanction": "纳入失信记录"}]}),
    RuleTemplate("publication", "本级政府及其部门以及公务员在履职过程中,因违法违规、失信违约被司法判决、行政处罚、纪律处分、政务处分、"
                 "问责处理等信息纳入政务失信记录,并通过“信用中国({place})”网站等向社会公开。",
                 {"binding": {"level": "mandatory", "words": "向社会公开"}, "then": [{"sanction": "向社会公开", "condition": CONDITION}]}),
    RuleTemplate("platform-upload", "严重失信行为在认定后七个工作日内,将失信行为主体信息上传至信用信息平台。",
                 {"binding": {"level": "mandatory", "words": "七个工作日内"}, "when": {"severity": "严重"}, "then": [{"sanction": "上传信用信息平台", "words": "上传至信用信息平台"}]}),
    RuleTemplate("serious-dishonesty", "政务严重失信主体应对具体失信行为限期加以整改,依法依规取消其参加当年各类荣誉评选资格,并予以公开通报批评。",
                 {"binding": {"level": "mandatory", "words": "应"}, "when": {"subject": ["agency", "government"], "severity": "严重"}, "then": [
                     {"sanction": "限期整改", "words": "限期加以整改"},
                     {"sanction": "取消荣誉评选资格", "words": "取消其参加当年各类荣誉评选资格"},
                     {"sanction": "公开通报批评"}]}),
    RuleTemplate("discipline", "经认定的政务严重失信行为涉及的法定代表人、主要负责人和直接责任人,由公职人员任免机关、单位按照管理权限依法给予处分。",
                 {"binding": {"level": "mandatory", "words": "依法给予处分"}, "when": {"subject": ["agency", "government"], "severity": "严重"}, "then": [
                     {"sanction": "依法给予处分", "target": {"roles": ["法定代表人", "主要负责人", "直接责任人"]}}]}),
    RuleTemplate("referral", "经认定的政务严重失信行为涉及的法定代表人、主要负责人和直接责任人,由公职人员任免机关、单位按照管理权限依法给予处分。"
                 "涉嫌职务违法、职务犯罪的,应将问题线索移送监察机关,由监察机关按照法定职责程序予以处置。",
                 {"binding": {"level": "mandatory", "words": "应将问题线索移送监察机关"}, "when": {"subject": ["agency", "government"], "severity": "严重"}, "then": [
                     {"sanction": "移送监察机关", "words": "将问题线索移送监察机关", "condition": "涉嫌职务违法、职务犯罪",
                      "target": {"roles": ["法定代表人", "主要负责人", "直接责任人"]}}]}),
    RuleTemplate("agency-sanctions", "政府部门存在政务失信记录的,要根据失信行为对经济社会发展造成的损失情况和社会影响程度,对具体失信情况书面说明原因"
                 "并限期整改,依规取消相关政府部门参加各类荣誉评选资格,予以公开通报批评,对造成政务失信行为的主要负责人依法依规追究责任。",
                 {"binding": {"level": "graded", "words": "根据失信行为对经济社会发展造成的损失情况和社会影响程度"},
                  "when": {"subject": ["agency"], "requires": "纳入失信记录"}, "then": [
                     {"sanction": "书面说明原因"}, {"sanction": "限期整改"},
                     {"sanction": "取消荣誉评选资格", "words": "取消相关政府部门参加各类荣誉评选资格"},
                     {"sanction": "公开通报批评"},
                     {"sanction": "追究责任", "words": "依法依规追究责任", "target": {"roles": ["主要负责人"]}}]}),
    RuleTemplate("civil-servant-record", "对存在政务失信记录的公务员,按照规定采取限制评先评优等处理措施,当年年终考核不得评为优秀等次,"
                 "并将有关情况记入个人信用档案。",
                 {"binding": {"level": "mandatory", "words": "按照规定采取"}, "when": {"subject": ["official"], "requires": "纳入失信记录"}, "then": [
                     {"sanction": "限制评先评优"}, {"sanction": "年终考核不得评为优秀等次"}, {"sanction": "记入个人信用档案"}]}),
    RuleTemplate("mitigation", "对在政务失信行为发生后主动挽回损失、消除不良影响或者有效阻止危害结果发生的,可以从轻或者免于实施失信联合惩戒措施。",
                 {"binding": {"level": "discretionary", "words": "可以从轻或者免于"},
                  "when": {"subject": ["agency", "government"], "remedied": True},
                  "exception_to": ["serious-dishonesty", "agency-sanctions"],
                  "effect": "从轻或者免于实施失信联合惩戒措施", "outcome": "mitigated"}),
    RuleTemplate("fault-tolerance", "经认定符合容错纠错情形和条件的,可不纳入政务失信记录。",
                 {"binding": {"level": "discretionary", "words": "可不纳入"}, "when": {"fault_tolerance": True},
                  "exception_to": ["dishonesty-record", "publication"],
                  "effect": "可不纳入政务失信记录", "outcome": "waivable"}),
)
_WIDTHS = {",": ",，", "(": "(（", ")": ")）", ":": ":：", ";": ";；"}


def _pattern(words: str) -> re.Pattern:
    """`words` as a regex that accepts either width of ASCII-able punctuation (the loader
    keeps the text's own) and any site name for `{place}`."""
    parts = []
    for piece in re.split(r"(\{place\})", words):
        if piece == "{place}":
            parts.append("[^”)）]+?")
        else:
            parts.append("".join(f"[{re.escape(_WIDTHS[c])}]" if c in _WIDTHS else re.escape(c) for c in piece))
    return re.compile("".join(parts))


_COMPILED = {template.name: _pattern(template.sentence) for template in TEMPLATES}


# --- corpus: generate, parse once, cache the facts ----------------------------------------

@dataclass(frozen=True)
class Corpus:
    facts: Facts
    generated: int
    renamed: int  # documents whose <place>-<year> id was taken by an earlier one
    layouts: dict[str, int]
    variants: dict[str, int]
    parse_cpu_seconds: float


def corpus(policies: int, seed: int, cache: Path) -> tuple[Corpus, bool]:
    """The parsed corpus, from the cache when present; (corpus, came from cache)."""
    path = cache / f"evaluate-v{CACHE_FORMAT}-n{policies}-seed{seed}-{_source_digest()}.pickle"
    if path.exists():
        stored = pickle.loads(path.read_bytes())
        return Corpus(**{**stored, "facts": Facts(**stored["facts"])}), True
    built = _parse_corpus(policies, seed)
    cache.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".partial")
    # Plain data: Facts' own fields (its indexes are rebuilt on load, so a change to them
    # needs no new cache) in a dict, which reads the same under `python -m` (this module
    # as __main__) and on import.
    facts = built.facts
    stored = {**vars(built), "facts": {"policies": dict(facts.policies), "clauses": facts.clauses, "obligations": facts.obligations}}
    temporary.write_bytes(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)
    return built, False


def _source_digest() -> str:
    """Digest of the code the cached parse depends on: loaders and the generator."""
    digest = hashlib.sha256()
    for folder in (ROOT / "loaders", ROOT / "benchmarks" / "generate"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and "corpus" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _parse_corpus(policies: int, seed: int) -> Corpus:
    from policykg.loaders import parse_document

    documents, layouts, variants, renamed = {}, Counter(), Counter(), 0
    start = time.process_time()
    for generated in generate_policies(policies, seed):
        document = parse_document(generated.raw, source=generated.filename)
        if document.id in documents:
            # Two divisions with the same pinyin, or two policies of one division in a year:
            # the ingest pipeline's rule (api/pipeline.py), the later one's id gets its sha256's first 8 hex digits.
            document = replace(document, id=f"{document.id}-{hashlib.sha256(generated.raw).hexdigest()[:8]}")
            renamed += 1
        documents[document.id] = document
        layouts[generated.expected.style] += 1
        variants[generated.expected.variant] += 1
    seconds = time.process_time() - start
    return Corpus(facts_from_documents(documents.values()), policies, renamed, dict(layouts), dict(variants), seconds)


def facts_from_documents(documents: Iterable) -> Facts:
    """What a store knows about these documents, as the engine's Facts (as tests/rules does)."""
    policies, clauses, obligations = {}, [], []
    for document in documents:
        policies[document.id] = PolicyFacts(
            id=document.id, title=document.title, doc_number=document.doc_number, kind=document.kind,
            jurisdiction=document.jurisdiction.adcode if document.jurisdiction else None,
            issued_on=document.issued_on, effective_from=document.effective_from, effective_until=document.effective_until,
            references=tuple(Reference(c.title, c.doc_number, referenced_policy_id(c.title, c.doc_number), False, c.relation)
                             for c in document.citations),
        )
        for clause in document.walk():
            identifier = clause_id(document.id, clause.path)
            clauses.append(ClauseFacts(identifier, document.id, clause.path, clause.text))
            obligations.extend(Obligation(a.name, a.kind, a.role, document.id, identifier, clause.path, clause.text, (a.surface,))
                               for a in clause.agencies)
    return Facts(policies=policies, clauses=tuple(clauses), obligations=tuple(obligations))


# --- rule files, one per generated policy -------------------------------------------------

def rule_file(policy_id: str, clauses: dict[str, str]) -> dict | None:
    """The rule file of one policy: a rule per template sentence found in its clauses, each
    quoting the clause's own text; None when no sentence is found."""
    rules, ids = [], {}
    for template in TEMPLATES:
        for path, text in clauses.items():
            match = _COMPILED[template.name].search(text)
            if match:
                quote = match.group(0)
                rule_id = f"{clause_id(policy_id, path)}/{template.name}"
                ids.setdefault(template.name, []).append(rule_id)
                rules.append({"id": rule_id, "clause": path, "quote": quote, "review": "reviewed", **_in_quote(template.rule, quote)})
    concluded = {sanction["sanction"] for rule in rules for sanction in rule.get("then", ())}
    kept = []
    for rule in rules:
        if rule.get("when", {}).get("requires", "纳入失信记录") not in concluded:
            continue  # what it presupposes is drawn by no rule of this policy
        if "exception_to" in rule:
            rule["exception_to"] = [rule_id for name in rule["exception_to"] for rule_id in ids.get(name, ())]
            if not rule["exception_to"]:
                continue
        kept.append(rule)
    return {"policy": policy_id, "rules": kept} if kept else None


def _in_quote(rule: dict, quote: str) -> dict:
    """The template's rule with each words/condition/effect as the quote writes it (punctuation width)."""
    def verbatim(value):
        if isinstance(value, dict):
            return {key: verbatim(item) if key in ("words", "condition", "effect", "then", "target", "binding") else item
                    for key, item in value.items()}
        if isinstance(value, list):
            return [verbatim(item) for item in value]
        if isinstance(value, str):
            found = _pattern(value).search(quote)
            return found.group(0) if found else value
        return value
    return verbatim(rule)


def write_rule_files(facts: Facts, directory: Path) -> Counter:
    """Writes <policy>.yaml for every policy that has a sanction sentence; counts rules by template."""
    directory.mkdir(parents=True, exist_ok=True)
    counts: Counter = Counter()
    for policy_id, clauses in sorted(facts.clause_texts().items()):
        data = rule_file(policy_id, clauses)
        if data is None:
            counts["(policies without rules)"] += 1
            continue
        counts.update(rule["id"].rsplit("/", 1)[1] for rule in data["rules"])
        (directory / f"{policy_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return counts


# --- counting file reads ------------------------------------------------------------------

class FileReads:
    """Counts files opened under a directory, through Python's audit hook on `open` (it sees
    every open of the interpreter, whichever function does it)."""

    def __init__(self, directory: Path) -> None:
        self.prefix = str(directory.resolve())
        self.count = 0
        self.active = False
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if self.active and event == "open" and isinstance(args[0], (str, Path)) and str(args[0]).startswith(self.prefix):
            self.count += 1

    def during(self, work: Callable[[], object]) -> int:
        self.count, self.active = 0, True
        try:
            work()
        finally:
            self.active = False
        return self.count


# --- measurements ---------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def single_event(events: list[dict], rulebook: RuleBook, facts: Facts, list_unrelated: bool) -> dict:
    """Per event, microseconds: parse_event, evaluate_event, model_dump(mode=json), and the
    whole (wall and thread CPU); plus the mean JSON body size."""
    parse, evaluate, dump, wall, cpu, size = [], [], [], [], [], 0
    for data in events:
        c0, t0 = time.thread_time_ns(), time.perf_counter_ns()
        event = parse_event(data)
        t1 = time.perf_counter_ns()
        evaluation = evaluate_event(event, rulebook, facts, list_unrelated=list_unrelated)
        t2 = time.perf_counter_ns()
        body = evaluation.model_dump(mode="json")
        t3, c3 = time.perf_counter_ns(), time.thread_time_ns()
        parse.append((t1 - t0) / 1e3)
        evaluate.append((t2 - t1) / 1e3)
        dump.append((t3 - t2) / 1e3)
        wall.append((t3 - t0) / 1e3)
        cpu.append((c3 - c0) / 1e3)
        size += len(json.dumps(body, ensure_ascii=False).encode())
    return {
        "p50_us": percentile(wall, 0.5), "p99_us": percentile(wall, 0.99),
        "cpu_p50_us": percentile(cpu, 0.5), "cpu_p99_us": percentile(cpu, 0.99),
        "parse_p50_us": percentile(parse, 0.5), "evaluate_p50_us": percentile(evaluate, 0.5),
        "evaluate_p99_us": percentile(evaluate, 0.99), "dump_p50_us": percentile(dump, 0.5),
        "body_bytes_mean": size / len(events),
    }


def frozen(work: Callable[[], dict]) -> dict:
    """`work` with every object alive now (the facts, the rule book) moved out of the
    collector's generations, so a full collection does not walk them (gc.freeze)."""
    gc.collect()
    gc.freeze()
    try:
        return work()
    finally:
        gc.unfreeze()


def batch(lines: list[str], rulebook: RuleBook, facts: Facts) -> dict:
    """Events per second through evaluate_events, from JSON lines to JSON lines (as
    `policykg evaluate --batch` does: list_unrelated=False, ensure_ascii=False)."""
    cpu, wall, written = time.process_time(), time.perf_counter(), 0
    events = (parse_event(json.loads(line)) for line in lines)
    for evaluation in evaluate_events(events, rulebook, facts, list_unrelated=False):
        written += len(json.dumps(evaluation.model_dump(mode="json"), ensure_ascii=False)) + 1
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"events_per_s_wall": len(lines) / wall, "events_per_s_cpu": len(lines) / cpu, "output_chars": written}


def scaling(rulebook: RuleBook, facts: Facts, count: int, seed: int, steps: int = 4) -> dict:
    """Per-event cost as policies of unrelated divisions, with their rule files, are added.

    A base of the first eighth of the policies (by id); events placed in its jurisdictions,
    keeping those whose policies (applicable or listed) no added policy changes; then the
    policies of divisions that neither contain nor lie inside a base division are added in
    `steps` until all are loaded. Same events, same answers (checked), more rule files.
    """
    ids = sorted(facts.policies)
    base = set(ids[: max(1, len(ids) // 8)])
    base_chain = {a for i in base for a in _chain(facts.policies[i].jurisdiction)}
    base_places = {facts.policies[i].jurisdiction for i in base}
    others = [i for i in ids if i not in base and facts.policies[i].jurisdiction not in base_chain
              and not base_places & set(_chain(facts.policies[i].jurisdiction))]
    subsets = [_subset(rulebook, facts, base | set(others[: len(others) * step // steps])) for step in range(steps + 1)]
    places = sorted({jurisdiction_by_adcode(a) for a in base_places if a}, key=lambda j: j.adcode)
    events = [e for e in generate_events(count, seed, places) if _same_policies(e, subsets[0][1], subsets[-1][1])]
    answers = [[_answer(evaluate_event(parse_event(e), r, f, list_unrelated=False)) for e in events] for r, f in subsets]
    rows = []
    for sub_rules, sub_facts in subsets:
        row = {"policies": len(sub_facts.policies), "rule_files": len(sub_rules.files)}
        for list_unrelated in (False, True):
            figures = single_event(events, sub_rules, sub_facts, list_unrelated)
            row[f"list_unrelated={list_unrelated}"] = {k: figures[k] for k in ("p50_us", "p99_us", "cpu_p50_us")}
        rows.append(row)
    return {"events": len(events), "answers_differ": sum(a != b for a, b in zip(answers[0], answers[-1])), "rows": rows}


def _chain(adcode: str | None) -> list[str]:
    from policykg.ontology.gazetteer import ancestors

    return [adcode, *(j.adcode for j in ancestors(adcode))] if adcode else []


def _subset(rulebook: RuleBook, facts: Facts, keep: set[str]) -> tuple[RuleBook, Facts]:
    """The facts and compiled rules of the policies in `keep` (nothing re-read or re-compiled)."""
    sub_facts = Facts(
        policies={k: v for k, v in facts.policies.items() if k in keep},
        clauses=tuple(c for c in facts.clauses if c.policy_id in keep),
        obligations=tuple(o for o in facts.obligations if o.policy_id in keep),
    )
    sub_rules = RuleBook({k: v for k, v in rulebook.sanction_rules.items() if k in keep},
                         {k: v for k, v in rulebook.exceptions.items() if k in keep},
                         {k: v for k, v in rulebook.files.items() if k in keep})
    return sub_rules, sub_facts


def _same_policies(data: dict, smaller: Facts, larger: Facts) -> bool:
    from policykg.rules.applicability import decide_policies

    event = parse_event(data)
    decided = [decide_policies(f, event.jurisdiction, event.occurred_on, list_unrelated=False) for f in (smaller, larger)]
    ids = [([p.id for p, _ in d.applicable], [p.id for p, _ in d.not_applicable]) for d in decided]
    return ids[0] == ids[1]


def _answer(evaluation) -> tuple:
    """What a user reads: the policies, sanctions, persons, mitigations and obligations.

    An obligation's `matched_by` is left out: it says whether the subject's agency kind came
    from its name or from how some loaded text names it (县统计局 written in an unrelated
    county's plan), which adding policies may change while the obligations stay the same.
    """
    body = evaluation.model_dump(mode="json", exclude={"obligations": {"__all__": {"matched_by"}}})
    return tuple(json.dumps(body[k], ensure_ascii=False, sort_keys=True) for k in (
        "applicable_policies", "not_applicable", "sanctions", "accountable_persons", "mitigations", "obligations"))


def seed_app(workdir: Path):
    """A Flask app over an embedded store holding the five seeds (ingested as `policykg ingest` does)."""
    from policykg.api.app import create_app
    from policykg.api.pipeline import ingest_paths, seed_corpus_paths
    from policykg.queries.embedded import EmbeddedStore
    from policykg.settings import Settings

    home = workdir / "home"
    ingesting = EmbeddedStore.open(home)
    try:
        report = ingest_paths(ingesting, seed_corpus_paths())
    finally:
        ingesting.close()
    if report.failures:
        raise SystemExit(f"seed ingest failed: {report.failures}")
    store = EmbeddedStore.open(home)
    return home, create_app(Settings.from_env({"POLICYKG_HOME": str(home)}), store), store


def http_side_by_side(events: list[dict], client, context, server_port: int | None) -> dict:
    """Per event, interleaved: the engine alone (parse, evaluate, dump), POST /api/evaluate
    through Flask's test client (no socket), and through a real server on 127.0.0.1."""
    engine, test_client, server = [], [], []
    connection_errors = 0
    for data in events:
        t0 = time.perf_counter_ns()
        evaluate_event(parse_event(data), context.rulebook, context.facts).model_dump(mode="json")
        t1 = time.perf_counter_ns()
        response = client.post("/api/evaluate", json=data)
        t2 = time.perf_counter_ns()
        engine.append((t1 - t0) / 1e3)
        test_client.append((t2 - t1) / 1e3)
        if response.status_code != 200:
            raise SystemExit(f"POST /api/evaluate answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
        if server_port is not None:
            t3 = time.perf_counter_ns()
            status = post_over_socket(server_port, data)
            server.append((time.perf_counter_ns() - t3) / 1e3)
            connection_errors += status != 200
    result = {"engine": _p(engine), "test_client": _p(test_client)}
    if server:
        result["server"] = _p(server)
        result["server_non_200"] = connection_errors
    return result


def _p(values: list[float]) -> dict:
    return {"p50_us": percentile(values, 0.5), "p99_us": percentile(values, 0.99)}


def post_over_socket(port: int, data: dict) -> int:
    """One request on a fresh connection, as a browser's form post would be; the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/api/evaluate", body=json.dumps(data, ensure_ascii=False).encode(),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def start_server(home: Path) -> tuple[subprocess.Popen, int]:
    """`policykg serve` on a free loopback port, over the seed store; waits until it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_STORE": "embedded"}
    process = subprocess.Popen([str(Path(sys.executable).with_name("policykg")), "serve", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/health")
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("policykg serve did not answer /api/health within 120 s")


def median_of(runs: list[dict], *keys: str) -> float:
    values = []
    for run in runs:
        for key in keys:
            run = run[key]
        values.append(run)
    return statistics.median(values)


# --- the whole benchmark ----------------------------------------------------------------------

def measure(args: argparse.Namespace) -> dict:
    """Everything, in a temporary directory (rule files, the seed store) removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="policykg-bench-evaluate-") as workdir:
        return _measure(args, Path(workdir))


def _measure(args: argparse.Namespace, workdir: Path) -> dict:
    started = time.perf_counter()
    loaded, cached = corpus(args.policies, args.seed, args.cache)
    facts = loaded.facts
    rules_dir = workdir / "rules"
    written = write_rule_files(facts, rules_dir)
    reads = FileReads(rules_dir)
    compile_times: list[float] = []
    holder: dict = {}

    def load() -> None:
        start = time.process_time()
        holder["rulebook"] = load_rulebook(rules_dir, facts.clause_texts())
        compile_times.append(time.process_time() - start)

    reads_at_load = reads.during(load)
    rulebook: RuleBook = holder["rulebook"]
    jurisdictions = sorted({jurisdiction_by_adcode(p.jurisdiction) for p in facts.policies.values() if p.jurisdiction},
                           key=lambda j: j.adcode)
    events = list(generate_events(args.events, args.seed, jurisdictions))
    lines = [json.dumps(event, ensure_ascii=False) for event in generate_events(args.batch, args.seed + 1, jurisdictions)]
    single_event(events[:200], rulebook, facts, False)  # warm-up: lazily built caches, first pydantic paths

    latency_runs, batch_runs = [], []
    reads_per_phase = []
    for _ in range(args.runs):
        run: dict = {}
        reads_per_phase.append(reads.during(lambda: run.update({
            "list_unrelated=False": single_event(events, rulebook, facts, False),
            # O(loaded policies) per event by design (every policy is listed), so fewer events
            "list_unrelated=True": single_event(events[: args.unrelated_events], rulebook, facts, True),
            "list_unrelated=True, gc.freeze()": frozen(lambda: single_event(events[: args.unrelated_events], rulebook, facts, True)),
        })))
        latency_runs.append(run)
        batch_runs.append(batch(lines, rulebook, facts))

    scale = scaling(rulebook, facts, args.scaling_events, args.seed + 3)

    result = {
        "corpus": {
            "generated": loaded.generated, "policies": len(facts.policies), "renamed_duplicate_ids": loaded.renamed,
            "jurisdictions": len(jurisdictions), "clauses": len(facts.clauses), "obligations": len(facts.obligations),
            "layouts": loaded.layouts, "variants": loaded.variants, "from_cache": cached,
            "parse_cpu_seconds": loaded.parse_cpu_seconds,
        },
        "rules": {
            "files": len(rulebook.files), "sanction_rules": sum(map(len, rulebook.sanction_rules.values())),
            "exceptions": sum(map(len, rulebook.exceptions.values())), "by_template": dict(written),
            "load_rulebook_cpu_seconds": compile_times[0],
            "rule_file_opens_at_load": reads_at_load, "rule_file_opens_during_events": reads_per_phase,
            "events_evaluated_while_counting": (len(events) + 2 * len(events[: args.unrelated_events])) * args.runs,
        },
        "events": {"latency": len(events), "latency_list_unrelated": len(events[: args.unrelated_events]),
                   "batch": len(lines), "runs": args.runs,
                   "where": dict(Counter(_where(e, facts) for e in events))},
        "latency": {flag: {key: median_of(latency_runs, flag, key) for key in latency_runs[0][flag]}
                    for flag in latency_runs[0]},
        "batch": {key: median_of(batch_runs, key) for key in ("events_per_s_wall", "events_per_s_cpu")},
        "scaling": scale,
    }
    if not args.skip_http:
        result["http"] = measure_http(args, workdir)
    result["wall_seconds"] = time.perf_counter() - started
    result["load_average"] = os.getloadavg()
    return result


def _where(event: dict, facts: Facts) -> str:
    """Whether any loaded policy covers the event's place (not its date): for the event mix."""
    from policykg.ontology.gazetteer import resolve_jurisdiction
    from policykg.rules.applicability import decide_policies

    where = resolve_jurisdiction(event["jurisdiction"])
    decided = decide_policies(facts, where, parse_event(event).occurred_on, list_unrelated=False)
    return "some policy applies" if decided.applicable else "no policy applies"


def measure_http(args: argparse.Namespace, workdir: Path) -> dict:
    from policykg.api.evaluation import EvaluationContexts
    from policykg.ontology.gazetteer import jurisdiction_by_adcode as by_adcode

    home, app, store = seed_app(workdir)
    context = EvaluationContexts(store).current()
    places = sorted({by_adcode(p.jurisdiction) for p in context.facts.policies.values() if p.jurisdiction}, key=lambda j: j.adcode)
    events = list(generate_events(args.http_events, args.seed + 2, places))
    client = app.test_client()
    server, port = (None, None) if args.no_server else start_server(home)
    try:
        http_side_by_side(events[:50], client, context, port)  # warm-up, both sides
        runs = [http_side_by_side(events, client, context, port) for _ in range(args.runs)]
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        store.close()
    result = {"policies": len(context.facts.policies), "events": len(events)}
    if "server" in runs[0]:
        result["server_non_200"] = sum(run["server_non_200"] for run in runs)
    for side in runs[0]:
        if isinstance(runs[0][side], dict):
            result[side] = {key: median_of(runs, side, key) for key in runs[0][side]}
    for side in ("test_client", "server"):
        if side in result:
            result[f"{side}_over_engine_p50"] = statistics.median(r[side]["p50_us"] / r["engine"]["p50_us"] for r in runs)
            result[f"{side}_over_engine_p99"] = statistics.median(r[side]["p99_us"] / r["engine"]["p99_us"] for r in runs)
    return result


def report(result: dict) -> str:
    c, r = result["corpus"], result["rules"]
    lines = [
        f"corpus: {c['policies']} policies ({c['generated']} generated; {c['renamed_duplicate_ids']} ids suffixed as the pipeline does) in "
        f"{c['jurisdictions']} jurisdictions; {c['clauses']} clauses, {c['obligations']} obligations; "
        f"parsed in {c['parse_cpu_seconds']:.0f} CPU s{' (read from the cache)' if c['from_cache'] else ''}",
        f"rules: {r['files']} files, {r['sanction_rules']} sanction rules, {r['exceptions']} exceptions; "
        f"load_rulebook {r['load_rulebook_cpu_seconds']:.1f} CPU s; by template {r['by_template']}",
        f"rule-file opens: {r['rule_file_opens_at_load']} while loading, {r['rule_file_opens_during_events']} "
        f"during {r['events_evaluated_while_counting']} evaluations",
        f"events: {result['events']['latency']} for latency ({result['events']['latency_list_unrelated']} with "
        f"list_unrelated=True), {result['events']['batch']} for batch, "
        f"{result['events']['runs']} runs; {result['events']['where']}",
    ]
    for flag, figures in result["latency"].items():
        lines.append(
            f"single event, {flag}: p50 {figures['p50_us']:.0f} us, p99 {figures['p99_us']:.0f} us (CPU p50 "
            f"{figures['cpu_p50_us']:.0f}, p99 {figures['cpu_p99_us']:.0f}); parse {figures['parse_p50_us']:.0f} + "
            f"evaluate {figures['evaluate_p50_us']:.0f} + dump {figures['dump_p50_us']:.0f} us at p50; "
            f"body {figures['body_bytes_mean'] / 1000:.1f} kB")
    b = result["batch"]
    lines.append(f"batch: {b['events_per_s_wall']:.0f} events/s wall, {b['events_per_s_cpu']:.0f} per CPU second")
    lines.append(f"scaling, {result['scaling']['events']} events whose answers no added policy changes "
                 f"(answers that differ: {result['scaling']['answers_differ']}); "
                 "policies, rule files: p50 us list_unrelated=False | True")
    for row in result["scaling"]["rows"]:
        lines.append(f"  {row['policies']}, {row['rule_files']}: {row['list_unrelated=False']['p50_us']:.0f} | "
                     f"{row['list_unrelated=True']['p50_us']:.0f}")
    if "http" in result:
        h = result["http"]
        lines.append(f"http ({h['policies']} seed policies, {h['events']} events): engine p50 {h['engine']['p50_us']:.0f} "
                     f"p99 {h['engine']['p99_us']:.0f} us; test client p50 {h['test_client']['p50_us']:.0f} "
                     f"p99 {h['test_client']['p99_us']:.0f} us ({h['test_client_over_engine_p50']:.1f}x / "
                     f"{h['test_client_over_engine_p99']:.1f}x)")
        if "server" in h:
            lines.append(f"  policykg serve on 127.0.0.1: p50 {h['server']['p50_us']:.0f} p99 {h['server']['p99_us']:.0f} us "
                         f"({h['server_over_engine_p50']:.1f}x / {h['server_over_engine_p99']:.1f}x the engine); "
                         f"non-200: {h['server_non_200']}")
    lines.append(f"wall {result['wall_seconds']:.0f} s; load average at the end {result['load_average']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--events", type=int, default=1000, help="events per latency run")
    parser.add_argument("--unrelated-events", type=int, default=300, help="of those, evaluated with list_unrelated=True")
    parser.add_argument("--batch", type=int, default=10000, help="events per batch run")
    parser.add_argument("--scaling-events", type=int, default=300)
    parser.add_argument("--http-events", type=int, default=300)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--no-server", action="store_true", help="HTTP through the test client only")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "policykg-benchmarks")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    result = measure(args)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
