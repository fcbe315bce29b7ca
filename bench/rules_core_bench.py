"""Determinations per second from ``rules_core.determine`` on one core, over a mix of cases
(complete and partial, every outcome, several as-of dates). Target: at least 50,000/s.

    .venv/bin/python bench/rules_core_bench.py [--seconds 3]
"""

import argparse
import datetime as dt
import itertools
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rules_core import determine  # noqa: E402

ELIGIBLE = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
}


def mix():
    appointments = ["2008-04-14", "2019-01-07", "2023-09-01", "2024-02-29", "2025-09-01", "2026-09-01"]
    courses = [
        ({"status": "none"}, {"status": "none"}),
        ({"status": "in_progress", "start_date": "2024-02-01", "completion_date": "2026-07-01"}, {"status": "none"}),
        ({"status": "completed", "completion_date": "2015-07-01"}, {"status": "none"}),
        ({"status": "none"}, {"status": "in_progress", "start_date": "2025-04-01"}),
        ({"status": "none"}, {"status": "completed"}),
    ]
    cases = [dict(ELIGIBLE, appointment_date=a, nasenco=n, npq=q) for a in appointments for n, q in courses]
    cases += [
        {},
        {"nation": "wales"},
        {"nation": "england"},
        {"nation": "england", "setting": "special"},
        {"nation": "england", "setting": "pru_ap", "role": "senco"},
        dict(ELIGIBLE, has_qts=False, is_head=False, appointment_date="2024-01-01"),
        dict(ELIGIBLE, appointment_date="2023-09-01"),
    ]
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cases = mix()
    dates = [dt.date(2026, 11, 26), dt.date(2025, 3, 1), dt.date(2027, 10, 1), dt.date(2021, 6, 1)]
    work = list(itertools.product(cases, dates))
    for facts, as_of in work:  # warm up the import-time caches once, as a running server would be
        determine(facts, as_of)
    count, start = 0, time.perf_counter()
    deadline = start + args.seconds
    while time.perf_counter() < deadline:
        for facts, as_of in work:
            determine(facts, as_of)
        count += len(work)
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"cases in the mix: {len(work)}")
    print(f"determinations: {count} in {elapsed:.2f} s on one core")
    print(f"determinations per second: {rate:,.0f} (target 50,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
