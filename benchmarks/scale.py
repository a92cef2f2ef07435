"""How the embedded store scales with the corpus: for each N, generated policies
(benchmarks/generate/) go through the real command line, and the report gives

- fresh ingest: `policykg ingest` of all N into an empty POLICYKG_HOME, CPU s per policy;
- marginal ingest: one more policy (the (N+1)-th of the same seed) into that store, CPU s
  and peak RSS;
- start-up to the first answer: `policykg evaluate` of one event, whole process (CPU s, wall
  s, peak RSS), and `policykg serve` from its start to the first answer of GET /api/policies;
- GET /api/policies (the first page) p50 / p99 over sequential requests to that server.

CPU and peak RSS are the kernel's accounting of each finished child (os.wait4). Run from the
repository root, on demand (never in the test run):

    .venv/bin/python -m benchmarks.scale --sizes 50 200 --work /tmp/pkg-scale
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generator import write_corpus

POLICYKG = str(Path(sys.executable).parent / "policykg")
EVENT = {"occurred_on": "2024-06-01", "jurisdiction": "营口市站前区", "subject": {"kind": "agency", "name": "区财政局"},
         "domain": "政府采购", "severity": "严重", "persons": [{"name": "孙某", "role": "法定代表人"}],
         "remedied": False, "fault_tolerance": False}


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds of the child
    wall: float
    peak_mb: float


@dataclass(frozen=True)
class Scale:
    policies: int
    fresh: Run
    marginal: Run
    evaluate: Run
    serve_first_answer: float  # wall seconds
    list_p50_ms: float
    list_p99_ms: float


def run(args: list[str], env: dict[str, str]) -> Run:
    """Run a command to its end; its CPU, wall time and peak RSS (fails loudly)."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: warnings cannot fill it and stall the child
        start = time.monotonic()
        child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(args[:3])}… failed:\n{errors.read().decode('utf-8', 'replace')[-2000:]}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def measure(policies: int, seed: int, work: Path, requests: int) -> Scale:
    corpus, extra, home = work / f"corpus-{policies}", work / f"extra-{policies}", work / f"home-{policies}"
    for folder in (corpus, extra, home):
        shutil.rmtree(folder, ignore_errors=True)
    write_corpus(policies + 1, seed, extra)  # the n-th file does not depend on how many are generated
    files = sorted(p for p in extra.glob("*") if p.name != "manifest.jsonl")
    corpus.mkdir(parents=True)
    for path in files[:policies]:
        shutil.copy(path, corpus / path.name)
    env = {**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_STORE": "embedded"}
    fresh = run([POLICYKG, "ingest", "--without-seed-corpus", *map(str, sorted(corpus.iterdir()))], env)
    marginal = run([POLICYKG, "ingest", str(files[policies])], env)
    event = work / "event.json"
    event.write_text(json.dumps(EVENT, ensure_ascii=False), encoding="utf-8")
    evaluate = run([POLICYKG, "evaluate", str(event)], env)
    first, p50, p99 = _serve(env, requests)
    return Scale(policies, fresh, marginal, evaluate, first, p50, p99)


def _serve(env: dict[str, str], requests: int) -> tuple[float, float, float]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/policies"
    start = time.monotonic()
    server = subprocess.Popen([POLICYKG, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=60).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("policykg serve exited before answering")
                time.sleep(0.05)
        first = time.monotonic() - start
        times = []
        for _ in range(requests):
            began = time.perf_counter()
            urllib.request.urlopen(url, timeout=60).read()
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        return first, times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
    finally:
        server.terminate()
        server.wait()


def report(results: list[Scale]) -> str:
    lines = [
        "| N | fresh ingest CPU s / policy | marginal ingest CPU s (peak RSS) | `evaluate` CPU s / wall s (peak RSS) "
        "| `serve` to first answer, wall s | GET /api/policies p50 / p99 ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r.policies:,} | {r.fresh.cpu / r.policies:.2f} | {r.marginal.cpu:.1f} ({r.marginal.peak_mb:.0f} MB) "
            f"| {r.evaluate.cpu:.1f} / {r.evaluate.wall:.1f} ({r.evaluate.peak_mb:.0f} MB) | {r.serve_first_answer:.1f} "
            f"| {r.list_p50_ms:.1f} / {r.list_p99_ms:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000, 3000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path("/tmp/policykg-scale"))
    options = parser.parse_args(argv)
    options.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in options.sizes:
        results.append(measure(size, options.seed, options.work, options.requests))
        print(report(results[-1:]).splitlines()[-1], flush=True)
    print(report(results))


if __name__ == "__main__":
    main()
