"""Benchmarks the assistant as issue 4 asks, printing figures (no pass/fail):
- training time of the full model from scratch (target <= 120 s on this 2-core machine);
- REST latency per message over complete conversations, one user (target p95 <= 150 ms);
- resident memory of the Rasa server after the conversations (target <= 1.3 GB).

    .venv/bin/python bench/assistant_bench.py [--conversations 20] [--skip-training]
Traffic goes only to servers this script starts on 127.0.0.1.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.servers import Servers  # noqa: E402  (the tests' server launcher)

SCRIPTS = [
    [
        "hi",
        "England",
        "it's an academy",
        "yes I'm the SENCO",
        "1st September 2023",
        "no, never",
        "yes",
        "no",
        "yes, finished",
        "no",
        "not started",
        "why?",
    ],
    [
        "I took over as SENCO at a primary academy in Leeds in September 2023 and started the NASENCO in Feb 2024",
        "no",
        "yes",
        "no",
        "yes",
        "July 2027",
        "how long does the NPQ take?",
        "what if I start the NPQ in November 2027?",
    ],
    ["hello", "Wales", "thanks"],
    [
        "hi",
        "England",
        "special school",
        "what have I told you?",
        "start again",
        "England",
        "maintained nursery",
        "I'm the SENCO",
        "two years ago",
        "never been a SENCO before",
        "I have QTS",
        "no",
        "completed",
        "done it in 2015",
    ],
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    if not args.skip_training:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [str(ROOT / ".venv/bin/rasa"), "train", "--force", "--out", out, "--quiet"],
                cwd=ROOT,
                check=True,
                capture_output=True,
                env={
                    "PYTHONPATH": str(ROOT),
                    "PATH": "/usr/bin:/bin",
                    "TF_CPP_MIN_LOG_LEVEL": "2",
                    "RASA_TELEMETRY_ENABLED": "false",
                },
            )
            print(f"training time (rasa train --force, NLU and dialogue): {time.perf_counter() - start:.1f} s (target 120 s)")
    with tempfile.TemporaryDirectory() as tmp:
        servers = Servers(Path(tmp))
        try:
            latencies = []
            for index in range(args.conversations):
                sender = f"bench-{uuid.uuid4().hex[:8]}"
                for text in SCRIPTS[index % len(SCRIPTS)]:
                    start = time.perf_counter()
                    servers.say(sender, text)
                    latencies.append((time.perf_counter() - start) * 1000)
            memory = rss_mb(servers.rasa.pid)
        finally:
            servers.stop()
    print(f"messages: {len(latencies)} in {args.conversations} complete conversations, one user")
    print(
        f"REST latency per message: p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
        f"max {max(latencies):.0f} ms (target p95 150 ms)"
    )
    print(f"Rasa server resident memory: {memory:.0f} MB (target 1300 MB)")


if __name__ == "__main__":
    main()
