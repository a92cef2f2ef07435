"""Measures ingesting the five seed texts through the real pipeline (api/pipeline.py):
cold (a fresh POLICYKG_HOME), warm (the same files again, which must be a no-op), and the
share of the cold total that each step takes, the OWL 2 RL closure among them.

    .venv/bin/python -m benchmarks.ingest [--runs 5]

Each run is a fresh Python process, so "cold" includes what a user's first `policykg
ingest` pays (building the spaCy pipeline, loading dictionaries and the TBox); a second
cold ingest into another fresh home in the same process separates that one-time cost from
the per-store work. The pipeline's steps are timed by wrapping the functions it calls
(parse_document, document_to_graph, link_citations, close_graph, validate_graph and the
store's replace_graph); nothing else is changed. The command line (`policykg ingest`) is
timed as a user sees it, start-up included. Times are CPU seconds unless marked wall.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from functools import wraps
from pathlib import Path

STEPS = ("parse_document", "document_to_graph", "link_citations", "close_graph", "validate_graph", "replace_graph")


class StepClock:
    """CPU seconds spent inside each wrapped function."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STEPS, 0.0)

    def wrap(self, name: str, function):
        @wraps(function)
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.process_time() - start
        return timed

    def take(self) -> dict[str, float]:
        taken, self.seconds = self.seconds, dict.fromkeys(STEPS, 0.0)
        return taken


def _ingest(pipeline, store_class, clock: StepClock, home: Path, paths: list[Path]) -> dict:
    """One ingest call on the store under `home`: CPU and wall seconds, steps, statuses."""
    cpu, wall = time.process_time(), time.perf_counter()
    store = store_class.open(home)
    store.replace_graph = clock.wrap("replace_graph", store.replace_graph)
    generation = store.snapshot().generation
    report = pipeline.ingest_paths(store, paths)
    generation_after = store.snapshot().generation
    store.close()
    return {
        "cpu": time.process_time() - cpu,
        "wall": time.perf_counter() - wall,
        "steps": clock.take(),
        "statuses": [outcome.status for outcome in report.files],
        "failures": [outcome.message for outcome in report.failures],
        "generation_changed": generation_after != generation,
    }


def child_run(workdir: Path) -> dict:
    """One process: imports, cold ingest, warm ingest, and a second cold ingest."""
    cpu = time.process_time()
    from policykg.api import pipeline
    from policykg.queries.embedded import EmbeddedStore
    imports = time.process_time() - cpu
    clock = StepClock()
    for name in STEPS[:-1]:
        setattr(pipeline, name, clock.wrap(name, getattr(pipeline, name)))
    paths = pipeline.seed_corpus_paths()
    cold = _ingest(pipeline, EmbeddedStore, clock, workdir / "home", paths)
    files_before = _tree(workdir / "home")
    warm = _ingest(pipeline, EmbeddedStore, clock, workdir / "home", paths)
    warm["files_changed"] = _tree(workdir / "home") != files_before
    second_cold = _ingest(pipeline, EmbeddedStore, clock, workdir / "home2", paths)
    return {"imports": imports, "cold": cold, "warm": warm, "second_cold": second_cold,
            "bytes": sum(path.stat().st_size for path in paths)}


def _tree(home: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(home)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(home.rglob("*")) if path.is_file()}


def cli_seconds(home: Path, paths: list[str]) -> tuple[float, float]:
    """(CPU of the child process, wall) for one `policykg ingest` of the seeds into `home`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    executable = Path(sys.executable).with_name("policykg")
    subprocess.run([str(executable), "ingest", *paths], check=True, capture_output=True,
                   env={"POLICYKG_HOME": str(home), "PATH": "/usr/bin:/bin"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), time.perf_counter() - wall


def measure(runs: int) -> dict:
    from policykg.api.pipeline import seed_corpus_paths

    results, cli = [], {"cold": [], "warm": []}
    seeds = [str(path) for path in seed_corpus_paths()]
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="policykg-bench-") as workdir:
            child = subprocess.run([sys.executable, "-m", "benchmarks.ingest", "--child", workdir],
                                   check=True, capture_output=True, text=True)
            results.append(json.loads(child.stdout))
            cli["cold"].append(cli_seconds(Path(workdir) / "cli-home", seeds))
            cli["warm"].append(cli_seconds(Path(workdir) / "cli-home", seeds))
    return summarise(results, cli)


def summarise(results: list[dict], cli: dict[str, list[tuple[float, float]]]) -> dict:
    def median(key: str, field: str = "cpu") -> float:
        return statistics.median(result[key][field] for result in results)

    cold, warm, second = median("cold"), median("warm"), median("second_cold")
    steps = {step: statistics.median(result["cold"]["steps"][step] for result in results) for step in STEPS}
    second_steps = {step: statistics.median(r["second_cold"]["steps"][step] for r in results) for step in STEPS}
    return {
        "runs": len(results),
        "bytes": results[0]["bytes"],
        "imports_cpu": statistics.median(result["imports"] for result in results),
        "cold_cpu": cold, "cold_wall": median("cold", "wall"),
        "warm_cpu": warm, "warm_wall": median("warm", "wall"),
        "second_cold_cpu": second,
        "cold_over_warm": cold / warm,
        "second_cold_over_warm": second / warm,
        "cold_step_share": {step: seconds / cold for step, seconds in steps.items()},
        "second_cold_step_share": {step: seconds / second for step, seconds in second_steps.items()},
        "warm_is_noop": all(set(r["warm"]["statuses"]) == {"unchanged"} and not r["warm"]["generation_changed"]
                            and not r["warm"]["files_changed"] for r in results),
        "failures": sorted({message for r in results for message in r["cold"]["failures"]}),
        "cli_cold_cpu": statistics.median(cpu for cpu, _ in cli["cold"]),
        "cli_warm_cpu": statistics.median(cpu for cpu, _ in cli["warm"]),
        "cli_cold_wall": statistics.median(wall for _, wall in cli["cold"]),
        "cli_warm_wall": statistics.median(wall for _, wall in cli["warm"]),
    }


def report(summary: dict) -> str:
    lines = [
        f"five seeds, {summary['bytes'] / 1000:.0f} kB, {summary['runs']} runs (medians; CPU seconds unless wall)",
        f"warm ingest is a no-op (all unchanged, no new generation, no file touched): {summary['warm_is_noop']}",
        f"cold/warm: {summary['cold_over_warm']:.0f}x in a fresh process; {summary['second_cold_over_warm']:.0f}x "
        "for a fresh store in a process that has ingested before",
        f"cold {summary['cold_cpu']:.2f} s (wall {summary['cold_wall']:.2f}); second cold {summary['second_cold_cpu']:.2f} s; "
        f"warm {summary['warm_cpu']:.3f} s (wall {summary['warm_wall']:.3f}); imports {summary['imports_cpu']:.2f} s",
        f"policykg ingest (CLI, start-up included): cold {summary['cli_cold_cpu']:.2f} s, warm {summary['cli_warm_cpu']:.2f} s "
        f"(ratio {summary['cli_cold_cpu'] / summary['cli_warm_cpu']:.1f}x; wall {summary['cli_cold_wall']:.2f} / "
        f"{summary['cli_warm_wall']:.2f} s)",
        "step | share of cold ingest (fresh process) | share of second cold ingest",
    ]
    for step in STEPS:
        lines.append(f"{step} | {100 * summary['cold_step_share'][step]:.1f}% | "
                     f"{100 * summary['second_cold_step_share'][step]:.1f}%")
    other = 1 - sum(summary["cold_step_share"].values()), 1 - sum(summary["second_cold_step_share"].values())
    lines.append(f"other (opening the store, reading its snapshot, hashing, the TBox) | {100 * other[0]:.1f}% | "
                 f"{100 * other[1]:.1f}%")
    if summary["failures"]:
        lines.append(f"FAILED: {summary['failures']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # one measured process (internal)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child_run(args.child)))
        return
    summary = measure(args.runs)
    print(report(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
