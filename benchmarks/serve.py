"""Measures `POST /api/evaluate` over HTTP at 16 connections: `policykg serve` (gunicorn,
2 sync workers) beside a bare gunicorn 2-worker Flask endpoint in the same run, and
Werkzeug's development server (`--dev`) as the server that `serve` replaced.

    .venv/bin/python -m benchmarks.serve [--rounds 3] [--seconds 10] [--connections 16] [--json FILE]

The load comes from `wrk` (Debian: apt-get install wrk), a C client that costs the shared
cores far less than a Python one would. Each round runs wrk once against every server in
turn (A B C A B C ...), so a ratio is taken between runs that saw the same machine; the
figures are the medians over the rounds. Beside requests/s each run reads the CPU seconds the
server's processes spent (/proc), per request: on cores shared with other work, requests/s
say how much of the machine a server got, CPU per request what it did with it. Every server
answers the same event (the README's
站前区 procurement default) with 200, checked before and counted during the runs.

The seed store is ingested once into a temporary POLICYKG_HOME (`policykg serve` loads the
bundled seed corpus on first start), and every server runs from the repository's .venv.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, request

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EVENT = {
    "occurred_on": "2024-06-01", "jurisdiction": "营口市站前区", "subject": {"kind": "agency", "name": "区财政局"},
    "domain": "政府采购", "severity": "严重",
    "persons": [{"name": "孙某", "role": "法定代表人"}, {"name": "周某", "role": "直接责任人"}],
    "remedied": False, "fault_tolerance": False,
}
WRK_SCRIPT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
"""


def bare_app() -> Flask:
    """The yardstick: a Flask endpoint that reads the JSON body and answers a small JSON object
    (`gunicorn 'benchmarks.serve:bare_app()'`)."""
    app = Flask(__name__)

    @app.post("/api/evaluate")
    def evaluate():
        return {"received": len(request.get_json())}

    return app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], env: dict, port: int, log: Path) -> subprocess.Popen:
    """Start a server and wait until POST /api/evaluate answers 200 (the first answer builds the
    evaluation facts, so every worker is warm before a run: one request per worker, at least)."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 600
    answered = 0
    while answered < 8:
        if process.poll() is not None:
            raise SystemExit(f"{command[0]} exited ({process.returncode}); see {log}")
        if time.monotonic() > deadline:
            stop(process)
            raise SystemExit(f"{' '.join(command)} did not answer within 600 s; see {log}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("POST", "/api/evaluate", body=json.dumps(EVENT).encode(),
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                stop(process)
                raise SystemExit(f"{command[0]}: POST /api/evaluate answered {response.status}")
            answered += 1
        except OSError:
            time.sleep(0.5)
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=120)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a server: its process and its workers (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    total = 0
    for each in pids:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def wrk(port: int, script: Path, connections: int, seconds: int, pid: int) -> dict:
    """One wrk run; requests/s, latency p50/p99 in ms, the server's CPU ms per request, and
    answers that were not 2xx. CPU per request holds on a busy machine, where requests/s
    measure the share of the cores the server got as much as the server."""
    before = cpu_seconds(pid)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
         f"http://127.0.0.1:{port}/api/evaluate"],
        capture_output=True, text=True, check=True,
    ).stdout
    cpu = cpu_seconds(pid) - before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "cpu_ms_per_request": cpu * 1000 / max(requests, 1),
        "non_2xx": int(failed.group(1)) if failed else 0,
        "socket_errors": errors.group(1) if errors else None,
    }


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]


def answer_bytes(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", "/api/evaluate", body=json.dumps(EVENT).encode(),
                       headers={"Content-Type": "application/json"})
    return len(connection.getresponse().read())


def measure(args: argparse.Namespace, workdir: Path) -> dict:
    home = workdir / "home"
    env = {**os.environ, "POLICYKG_HOME": str(home), "POLICYKG_STORE": "embedded"}
    script = workdir / "post.lua"
    script.write_text(WRK_SCRIPT.format(body=json.dumps(EVENT, ensure_ascii=False)), encoding="utf-8")
    ports = {"serve": free_port(), "bare": free_port(), "dev": free_port()}
    commands = {
        "serve": [str(BIN / "policykg"), "serve", "--workers", "2", "--port", str(ports["serve"])],
        "bare": [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{ports['bare']}", "benchmarks.serve:bare_app()"],
        "dev": [str(BIN / "policykg"), "serve", "--dev", "--port", str(ports["dev"])],
    }
    names = [name for name in commands if name != "dev" or not args.without_dev]
    log = workdir / "servers.log"
    processes = {}
    try:
        for name in names:  # serve first: it loads the seed corpus into the fresh home
            processes[name] = start(commands[name], env, ports[name], log)
        rounds = []
        for _ in range(args.rounds):
            rounds.append({name: wrk(ports[name], script, args.connections, args.seconds, processes[name].pid)
                           for name in names})
        size = answer_bytes(ports["serve"])
    finally:
        for process in processes.values():
            stop(process)
    result = {
        "connections": args.connections, "seconds": args.seconds, "rounds": rounds,
        "answer_bytes": size,
        "median": {name: {key: statistics.median(r[name][key] for r in rounds)
                          for key in ("requests_per_s", "p50_ms", "p99_ms", "cpu_ms_per_request")} for name in names},
        "load_average": os.getloadavg(),
        "ratio_serve_to_bare": statistics.median(r["serve"]["requests_per_s"] / r["bare"]["requests_per_s"]
                                                 for r in rounds),
    }
    if "dev" in names:
        result["ratio_dev_to_bare"] = statistics.median(r["dev"]["requests_per_s"] / r["bare"]["requests_per_s"]
                                                        for r in rounds)
    return result


def report(result: dict) -> str:
    lines = [f"POST /api/evaluate, {result['connections']} connections, {result['seconds']} s a run, "
             f"{len(result['rounds'])} rounds (medians); policykg's answer {result['answer_bytes']} bytes"]
    for name, figures in result["median"].items():
        lines.append(f"  {name:<6} {figures['requests_per_s']:>8.0f} req/s  p50 {figures['p50_ms']:.1f} ms  "
                     f"p99 {figures['p99_ms']:.1f} ms  CPU {figures['cpu_ms_per_request']:.2f} ms/request")
    lines.append(f"  serve / bare: {result['ratio_serve_to_bare']:.2f}")
    if "ratio_dev_to_bare" in result:
        lines.append(f"  dev / bare:   {result['ratio_dev_to_bare']:.2f}")
    cpu = result["median"]
    lines.append(f"  CPU per request, bare / serve: {cpu['bare']['cpu_ms_per_request'] / cpu['serve']['cpu_ms_per_request']:.2f}")
    lines.append("  load average at the end: " + ", ".join(f"{v:.1f}" for v in result["load_average"]))
    failures = sum(r[name]["non_2xx"] for r in result["rounds"] for name in r)
    lines.append(f"  answers not 2xx: {failures}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--without-dev", action="store_true", help="leave out Werkzeug's development server")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("benchmarks.serve needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="policykg-serve-") as workdir:
        result = measure(args, Path(workdir))
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
