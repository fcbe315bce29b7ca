"""``python -m rules_core.freshness [--as-of YYYY-MM-DD] [--days N]``: which facts need checking.

Cohorts, funding and registration windows change every year. This lists every parameter whose
``last_checked`` is more than N days (default 180) before the as-of date, or whose dated values
run out within a year of it, and the cohort calendar when the cohort someone could join within a
year is only extrapolated (not listed in cohorts.yaml), each with the link to re-check. Exit
status 1 when anything is listed, 0 when all is fresh, 2 for a bad argument.

A maintainer re-reads each listed source, updates the value (a new dated entry, never an edit of
an old one) and sets ``last_checked`` to the day they checked it.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from dataclasses import dataclass

from . import params
from .dates import add_months, parse_iso


@dataclass(frozen=True)
class Stale:
    name: str
    last_checked: _dt.date
    why: str
    href: str


def _first_href(metadata: dict) -> str:
    references = metadata.get("reference") or []
    return references[0]["href"] if references else params.SOURCES[metadata["source"]]["href"]


def stale_items(as_of: _dt.date, days: int = 180) -> list:
    """What needs re-checking on ``as_of``: old checks, values that end soon, guessed cohorts."""
    horizon = add_months(as_of, 12)
    checked_before = as_of - _dt.timedelta(days=days)
    found = []
    for name, parameter in sorted(params.PARAMETERS.items()):
        metadata = parameter.metadata
        last_checked = metadata["last_checked"]
        href = _first_href(metadata)
        if last_checked < checked_before:
            found.append(Stale(name, last_checked, f"last checked more than {days} days before {as_of}", href))
        if parameter.values[-1] is None and as_of <= parameter.starts[-1] <= horizon:
            found.append(Stale(name, last_checked, f"its values end on {parameter.starts[-1]}", href))
    metadata = params.COHORTS_METADATA
    href = _first_href(metadata)
    if metadata["last_checked"] < checked_before:
        found.append(Stale("npq.cohorts", metadata["last_checked"], f"last checked more than {days} days before {as_of}", href))
    listed = {cohort.id for cohort in params.COHORTS}
    ahead = params.next_open_cohort(horizon)
    if ahead.id not in listed:
        found.append(
            Stale(
                "npq.cohorts",
                metadata["last_checked"],
                f"the cohort open on {horizon} ({ahead.name}) is extrapolated, not listed",
                href,
            )
        )
    unannounced = [c.name for c in params.COHORTS if c.senco_funding is None and as_of <= c.start <= horizon]
    if unannounced:
        found.append(
            Stale("npq.cohorts", metadata["last_checked"], f"funding not yet announced for {', '.join(unannounced)}", href)
        )
    return found


def earliest_check() -> _dt.date:
    """The oldest ``last_checked`` of every parameter and the cohort calendar: the day from which
    every date and figure the rules use is known to have been checked against its source."""
    dates = [parameter.metadata["last_checked"] for parameter in params.PARAMETERS.values()]
    return min(dates + [params.COHORTS_METADATA["last_checked"]])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rules_core.freshness", description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", dest="as_of", help="the date to check against (YYYY-MM-DD; default today)")
    parser.add_argument("--days", type=int, default=180, help="how old a check may be (default 180)")
    args = parser.parse_args(argv)
    try:
        as_of = parse_iso(args.as_of) if args.as_of else _dt.date.today()
    except ValueError:
        parser.error(f"--as-of {args.as_of!r} is not a date in the form YYYY-MM-DD")
    if args.days < 0:
        parser.error("--days cannot be negative")
    items = stale_items(as_of, args.days)
    if not items:
        print(f"Every parameter was checked within {args.days} days of {as_of} and runs for at least a year.")
        return 0
    print(f"{len(items)} to re-check as of {as_of}:")
    for item in items:
        print(f"- {item.name} (last checked {item.last_checked}): {item.why}. Re-check: {item.href}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
