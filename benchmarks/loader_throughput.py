"""Measures the loader's throughput (MB/s of file bytes through parse_document) on a
generated corpus of a few MB and on the real texts the repository holds, beside jieba alone
segmenting the same decoded texts in the same runs, and how the time splits over its stages.

    .venv/bin/python -m benchmarks.loader_throughput [--policies 250] [--seed 1] [--runs 5]

The real texts are the seeds, the page excerpts of tests/loaders/pages and, when present,
every .txt under tests/realworld. The goal (issue 10) is loader MB/s >= 75% of jieba's.

Stages are timed with the functions parse_document composes, in a separate pass:
decode (decode_bytes), normalise (normalize_text), structure (structure_document minus
normalise: clause tree and metadata), annotate (annotate_document: agencies, sanctions,
obligations, citations). The first document of the process is timed apart: it pays for
building the spaCy pipeline and loading jieba's and OpenCC's dictionaries.

Times are CPU seconds of this process (time.process_time), because the machine's two cores
are shared and wall time measures the neighbours too; wall/CPU is reported beside them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from benchmarks.generate import generate_policies

STAGES = ("decode", "normalise", "structure", "annotate")
MB = 1_000_000


def first_document_seconds(raw: bytes, name: str) -> float:
    """CPU seconds of the process's first parse_document."""
    from policykg.loaders import parse_document

    start = time.process_time()
    parse_document(raw, source=name)
    return time.process_time() - start


def parse_seconds(corpus: list[tuple[str, bytes]]) -> tuple[float, float]:
    """(CPU, wall) seconds for parse_document over the whole corpus, once."""
    from policykg.loaders import parse_document

    cpu, wall = time.process_time(), time.perf_counter()
    for name, raw in corpus:
        parse_document(raw, source=name)
    return time.process_time() - cpu, time.perf_counter() - wall


def jieba_seconds(corpus: list[tuple[str, bytes]]) -> float:
    """CPU seconds for jieba alone (jieba.lcut, default dictionary) over the decoded texts."""
    import jieba

    from policykg.loaders.decoding import decode_bytes

    jieba.initialize()  # the dictionary is loaded once per process, as the loader's is
    texts = [decode_bytes(raw, source=name).text for name, raw in corpus]
    start = time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.process_time() - start


def real_corpus() -> list[tuple[str, bytes]]:
    root = Path(__file__).resolve().parent.parent / "tests"
    paths = sorted((root / "loaders" / "pages").glob("*.txt")) + sorted((root / "realworld").rglob("*.txt"))
    return seed_corpus() + [(path.name, path.read_bytes()) for path in paths]


def side_by_side(corpus: list[tuple[str, bytes]], runs: int) -> dict:
    """Loader and jieba MB/s on the same texts, interleaved run by run; the ratio per run."""
    size = sum(len(raw) for _, raw in corpus)
    parse_seconds(corpus), jieba_seconds(corpus)  # a first round warms both; it is not reported
    pairs = [(parse_seconds(corpus)[0], jieba_seconds(corpus)) for _ in range(runs)]
    return {
        "files": len(corpus), "bytes": size,
        "loader_mb_per_s_median": size / MB / statistics.median(cpu for cpu, _ in pairs),
        "jieba_mb_per_s_median": size / MB / statistics.median(cpu for _, cpu in pairs),
        "loader_over_jieba_median": statistics.median(jieba / cpu for cpu, jieba in pairs),
    }


def stage_seconds(corpus: list[tuple[str, bytes]]) -> dict[str, float]:
    """CPU seconds per stage over the whole corpus, once."""
    from policykg.loaders import structure_document
    from policykg.loaders.annotate import annotate_document
    from policykg.loaders.decoding import decode_bytes
    from policykg.loaders.normalize import normalize_text

    totals = dict.fromkeys(STAGES, 0.0)
    structured = 0.0
    for name, raw in corpus:
        t0 = time.process_time()
        decoded = decode_bytes(raw, source=name)
        t1 = time.process_time()
        normalize_text(decoded.text)
        t2 = time.process_time()
        document = structure_document(decoded.text, source=name, sha256=hashlib.sha256(raw).hexdigest(),
                                      encoding=decoded.encoding)
        t3 = time.process_time()
        annotate_document(document)
        t4 = time.process_time()
        totals["decode"] += t1 - t0
        totals["normalise"] += t2 - t1
        structured += t3 - t2
        totals["annotate"] += t4 - t3
    totals["structure"] = max(structured - totals["normalise"], 0.0)
    return totals


def seed_corpus() -> list[tuple[str, bytes]]:
    from policykg.api.pipeline import seed_corpus_paths

    return [(path.name, path.read_bytes()) for path in seed_corpus_paths()]


def measure(policies: int, seed: int, runs: int) -> dict:
    generated = list(generate_policies(policies, seed))
    corpus = [(policy.filename, policy.raw) for policy in generated]
    size = sum(len(raw) for _, raw in corpus)
    first = first_document_seconds(*reversed(corpus[0]))
    parse_runs, stage_runs = [], []
    for _ in range(runs):  # interleaved, so that both see the same neighbours on the shared cores
        parse_runs.append(parse_seconds(corpus))
        stage_runs.append(stage_seconds(corpus))
    seeds = seed_corpus()
    seed_size = sum(len(raw) for _, raw in seeds)
    seed_runs = [parse_seconds(seeds)[0] for _ in range(runs)]
    median_parse = statistics.median(cpu for cpu, _ in parse_runs)
    median_wall = statistics.median(wall for _, wall in parse_runs)
    stages = {stage: statistics.median(run[stage] for run in stage_runs) for stage in STAGES}
    stage_total = sum(stages.values())
    return {
        "corpus": {"policies": policies, "seed": seed, "bytes": size,
                   "variants": dict(Counter(p.expected.variant for p in generated)),
                   "styles": dict(Counter(p.expected.style for p in generated))},
        "runs": runs,
        "first_document_seconds": first,
        "parse_seconds_cpu_wall": parse_runs,
        "mb_per_s_median": size / MB / median_parse,
        "mb_per_s_range": [size / MB / max(cpu for cpu, _ in parse_runs), size / MB / min(cpu for cpu, _ in parse_runs)],
        "wall_over_cpu_median": median_wall / median_parse,
        "ms_per_document_median": 1000 * median_parse / policies,
        "stage_share": {stage: seconds / stage_total for stage, seconds in stages.items()},
        "stage_mb_per_s": {stage: size / MB / seconds for stage, seconds in stages.items() if seconds > 0},
        "seeds": {"bytes": seed_size, "mb_per_s_median": seed_size / MB / statistics.median(seed_runs)},
        "first_document_vs_median_document": first / (median_parse / policies),
        "generated_vs_jieba": side_by_side(corpus, runs),
        "real_vs_jieba": side_by_side(real_corpus(), runs),
        "stages_over_parse": stage_total / median_parse,
    }


def report(result: dict) -> str:
    corpus = result["corpus"]
    lines = [
        f"corpus: {corpus['policies']} generated policies (seed {corpus['seed']}), {corpus['bytes'] / MB:.2f} MB; "
        f"variants {corpus['variants']}; layouts {corpus['styles']}",
        f"parse_document: median {result['mb_per_s_median']:.3f} MB/s of CPU time over {result['runs']} runs "
        f"(range {result['mb_per_s_range'][0]:.3f}-{result['mb_per_s_range'][1]:.3f}); "
        f"{result['ms_per_document_median']:.1f} ms per document; wall/CPU {result['wall_over_cpu_median']:.2f}",
        f"seed corpus (5 files, {result['seeds']['bytes'] / 1000:.0f} kB): median {result['seeds']['mb_per_s_median']:.3f} MB/s",
        f"first document of the process: {result['first_document_vs_median_document']:.0f}x a median document",
        *(f"{what}: {pair['files']} files, {pair['bytes'] / 1000:.0f} kB: loader {pair['loader_mb_per_s_median']:.3f} MB/s, "
          f"jieba alone {pair['jieba_mb_per_s_median']:.3f} MB/s, loader/jieba {100 * pair['loader_over_jieba_median']:.0f}% "
          "(median of per-run ratios)"
          for what, pair in (("generated corpus", result["generated_vs_jieba"]), ("real texts", result["real_vs_jieba"]))),
        f"stages timed apart add up to {result['stages_over_parse']:.2f}x the parse time",
        "stage | share of parse time | MB/s alone",
    ]
    for stage in STAGES:
        speed = result["stage_mb_per_s"].get(stage)
        lines.append(f"{stage} | {100 * result['stage_share'][stage]:.1f}% | {speed:.2f}" if speed else f"{stage} | 0% | -")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loader_throughput", description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    result = measure(args.policies, args.seed, args.runs)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
