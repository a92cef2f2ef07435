"""Generates synthetic benchmark data from the command line (run from the repository root):

    .venv/bin/python -m benchmarks.generator corpus --policies 300 --seed 1 --out /tmp/corpus
    .venv/bin/python -m benchmarks.generator events --count 1000000 --seed 1 --corpus /tmp/corpus --out events.jsonl
    .venv/bin/python -m benchmarks.generator events --count 10 --seed 1 --corpus-jurisdictions 营口市站前区 青海省

`corpus` writes one .txt per policy and manifest.jsonl (file name and what a loader should
extract from it); `events` writes JSON lines per DESIGN.md's event contract, streamed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from benchmarks.generate import generate_policies
from benchmarks.generate.events import generate_events
from policykg.errors import PolicykgError
from policykg.ontology.gazetteer import Jurisdiction, jurisdiction_by_adcode, resolve_jurisdiction

MANIFEST = "manifest.jsonl"


def write_corpus(policies: int, seed: int, out: Path) -> int:
    """Write the corpus and its manifest into `out`; return the number of bytes of text."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    with (out / MANIFEST).open("w", encoding="utf-8") as manifest:
        for policy in generate_policies(policies, seed):
            (out / policy.filename).write_bytes(policy.raw)
            total += len(policy.raw)
            manifest.write(json.dumps({"file": policy.filename, **policy.expected.to_json()}, ensure_ascii=False) + "\n")
    return total


def corpus_jurisdictions(corpus: Path | None, names: list[str]) -> list[Jurisdiction]:
    """The jurisdictions named on the command line (names or adcodes) and those of a
    generated corpus's manifest."""
    found = [resolve_jurisdiction(name) for name in names]
    if corpus is not None:
        manifest = corpus / MANIFEST
        if not manifest.is_file():
            raise SystemExit(f"generator: {manifest} not found: pass a directory written by `corpus`")
        with manifest.open(encoding="utf-8") as lines:
            found += [jurisdiction_by_adcode(json.loads(line)["adcode"]) for line in lines]
    return list({j.adcode: j for j in found}.values())


def write_events(count: int, seed: int, jurisdictions: list[Jurisdiction], stream: TextIO) -> None:
    for event in generate_events(count, seed, jurisdictions):
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generator", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="policy texts shaped like the seeds")
    corpus.add_argument("--policies", type=int, required=True)
    corpus.add_argument("--seed", type=int, default=1)
    corpus.add_argument("--out", type=Path, required=True)
    events = commands.add_parser("events", help="dishonesty events as JSON lines")
    events.add_argument("--count", type=int, required=True)
    events.add_argument("--seed", type=int, default=1)
    events.add_argument("--corpus", type=Path, help="a directory written by `corpus`: events fall in its jurisdictions")
    events.add_argument("--corpus-jurisdictions", nargs="*", default=[], metavar="NAME",
                        help="division names or adcodes where policies exist (营口市站前区, 630000)")
    events.add_argument("--out", type=Path, help="default: standard output")
    args = parser.parse_args(argv)
    if args.command == "corpus":
        size = write_corpus(args.policies, args.seed, args.out)
        print(f"generator: {args.policies} policies, {size:,} bytes in {args.out}", file=sys.stderr)
        return
    try:
        jurisdictions = corpus_jurisdictions(args.corpus, args.corpus_jurisdictions)
    except PolicykgError as error:
        raise SystemExit(f"generator: {error.message}") from None
    if args.out is None:
        write_events(args.count, args.seed, jurisdictions, sys.stdout)
        return
    with args.out.open("w", encoding="utf-8") as stream:
        write_events(args.count, args.seed, jurisdictions, stream)


if __name__ == "__main__":
    main()
