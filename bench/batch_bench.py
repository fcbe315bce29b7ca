"""Seconds for ``python -m rules_core.batch`` on a list of 10,000 SENCOs (every outcome and status,
UK and ISO dates, empty cells, one row in 50 that cannot be read). Target: under 2 s.

Two figures: the whole command as a person runs it (a new Python process: start, import, read,
check, write), best of ``--repeat`` runs; and the check alone in this process (read, determine
every row, write the CSV); and the /team page's whole reply to an upload (that check, the rows
sorted most urgent first, the JSON), without the HTTP around it.

    .venv/bin/python bench/batch_bench.py [--rows 10000] [--repeat 3]
"""

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from channels import team  # noqa: E402
from rules_core import batch  # noqa: E402
from rules_core.tests.people import people, to_csv  # noqa: E402

AS_OF = dt.date(2026, 11, 26)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = to_csv(people(args.rows)).encode("utf-8")

    command = [sys.executable, "-m", "rules_core.batch", "--as-of", AS_OF.isoformat()]
    whole = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        done = subprocess.run(command, input=data, capture_output=True, cwd=ROOT, check=True)
        whole.append(time.perf_counter() - start)
    out_rows = done.stdout.count(b"\r\n") - 1  # no cell in this list holds a line break
    if out_rows != args.rows:
        sys.exit(f"expected {args.rows} output rows, got {out_rows}")

    in_process = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        table = batch.read_table(batch.decode(data))
        checked = batch.check_table(table, AS_OF)
        batch.write_csv(table, checked, io.StringIO(newline=""))
        in_process.append(time.perf_counter() - start)
    errors = sum(1 for item in checked if item.error)

    page = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        status, reply = team.check_upload(data, AS_OF)
        json.dumps(reply)
        page.append(time.perf_counter() - start)
    assert status == 200 and reply["total"] == args.rows

    print(f"rows: {args.rows} ({len(data) / 1e6:.1f} MB, {errors} that cannot be read)")
    print(
        f"python -m rules_core.batch, whole command: {min(whole):.2f} s best of {args.repeat} "
        f"(runs: {', '.join(f'{t:.2f}' for t in whole)}) (target 2 s)"
    )
    print(f"the check alone, in process: {min(in_process):.2f} s, {args.rows / min(in_process):,.0f} rows/s")
    print(f"the /team page's reply (the check, most urgent first, as JSON): {min(page):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
