"""Loads the dated, cited parameters in ``parameters/`` once, at import.

Each parameter file has ``values`` keyed by the date each value starts; a value runs until the next
key, and ``value: null`` ends the parameter. Looking a parameter up on a date before its first value
or after it has ended is an error, never a silent fallback to the nearest row.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PARAMETERS_DIR = Path(__file__).with_name("parameters")


class ParameterLookupError(LookupError):
    """A parameter has no value in force on the date asked for."""


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    metadata: dict
    starts: tuple  # sorted start dates
    values: tuple  # value in force from the matching start

    def at(self, day: _dt.date) -> Any:
        index = bisect.bisect_right(self.starts, day) - 1
        if index < 0:
            raise ParameterLookupError(
                f"{self.name} has no value before {self.starts[0].isoformat()} (asked for {day.isoformat()})"
            )
        value = self.values[index]
        if value is None and index == len(self.values) - 1 and index > 0:
            raise ParameterLookupError(f"{self.name} ended on {self.starts[index].isoformat()}")
        return value

    @property
    def first_date(self) -> _dt.date:
        return self.starts[0]


@dataclass(frozen=True)
class Cohort:
    id: str
    name: str
    start: _dt.date
    registration_opens: _dt.date
    registration_closes: _dt.date
    approximate: bool
    confirmed: bool
    senco_funding: str | None
    source: str


@dataclass(frozen=True)
class CohortPattern:
    """How cohorts after the last one listed are expected to run (cohorts.yaml, annual_pattern)."""

    every_months: int
    id_pattern: str
    name_pattern: str
    confirmed: bool
    senco_funding: str | None

    def after(self, cohort: Cohort) -> Cohort:
        from .dates import add_months

        start = add_months(cohort.start, self.every_months)
        return Cohort(
            id=self.id_pattern.format(year=start.year),
            name=self.name_pattern.format(year=start.year),
            start=start,
            registration_opens=add_months(cohort.registration_opens, self.every_months),
            registration_closes=add_months(cohort.registration_closes, self.every_months),
            approximate=True,
            confirmed=self.confirmed,
            senco_funding=self.senco_funding,
            source=cohort.source,
        )


def _load_parameter(path: Path) -> Parameter:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = ".".join(path.relative_to(PARAMETERS_DIR).with_suffix("").parts)
    entries = sorted(data["values"].items())
    return Parameter(
        name=name,
        description=data["description"],
        metadata=data["metadata"],
        starts=tuple(start for start, _ in entries),
        values=tuple(entry["value"] for _, entry in entries),
    )


# Files in parameters/ that are not dated parameters: the list of sources, the cohort calendar.
NOT_PARAMETERS = ("sources.yaml", "cohorts.yaml")


def _load_all() -> dict:
    found = {}
    for path in sorted(PARAMETERS_DIR.rglob("*.yaml")):
        if path.name in NOT_PARAMETERS:
            continue
        parameter = _load_parameter(path)
        found[parameter.name] = parameter
    return found


def _load_cohorts() -> tuple:
    data = yaml.safe_load((PARAMETERS_DIR / "npq" / "cohorts.yaml").read_text(encoding="utf-8"))
    cohorts = tuple(
        Cohort(
            id=row["id"],
            name=row["name"],
            start=row["start"],
            registration_opens=row["registration_opens"],
            registration_closes=row["registration_closes"],
            approximate=bool(row["approximate"]),
            confirmed=bool(row["confirmed"]),
            senco_funding=row["senco_funding"],
            source=row["source"],
        )
        for row in data["cohorts"]
    )
    return cohorts, CohortPattern(**data["annual_pattern"]), data["metadata"]


PARAMETERS: dict = _load_all()
SOURCES: dict = yaml.safe_load((PARAMETERS_DIR / "sources.yaml").read_text(encoding="utf-8"))
COHORTS, COHORT_PATTERN, COHORTS_METADATA = _load_cohorts()
_COHORT_CLOSES = tuple(c.registration_closes for c in COHORTS)


def parameter(name: str) -> Parameter:
    return PARAMETERS[name]


def next_open_cohort(day: _dt.date) -> Cohort:
    """The first cohort whose registration has not closed by ``day`` (extending the calendar by the
    expected pattern past the last one listed)."""
    index = bisect.bisect_left(_COHORT_CLOSES, day)
    if index < len(COHORTS):
        return COHORTS[index]
    cohort = COHORTS[-1]
    while cohort.registration_closes < day:
        cohort = COHORT_PATTERN.after(cohort)
    return cohort
