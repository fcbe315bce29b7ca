"""SENCO qualification rules for England: ``determine(facts, as_of)`` gives the determination of
CONTRACTS.md section 1. Pure Python: no Rasa, no I/O after import."""
from __future__ import annotations

import datetime as _dt

from . import law, render
from .dates import long_date
from .facts import FACT_KEYS, FactsError, normalise

SCHEMA = "senco-determination/1"

__all__ = ["determine", "FactsError", "explain", "FACT_KEYS", "SCHEMA"]


def determine(facts: dict, as_of: _dt.date | None = None) -> dict:
    """The determination for ``facts`` on ``as_of`` (today when None); FactsError for bad facts."""
    if as_of is None:
        as_of = _dt.date.today()
    elif not isinstance(as_of, _dt.date) or isinstance(as_of, _dt.datetime):
        raise FactsError([{"field": "as_of", "message": "must be a date"}])
    if as_of < law.EARLIEST_AS_OF:
        raise FactsError([{"field": "as_of",
                           "message": f"these rules start on {long_date(law.EARLIEST_AS_OF)}; choose a later date"}])
    run = law.Run(normalise(facts), as_of)
    law.apply(run)
    complete = not run.missing
    return {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "complete": complete,
        "missing": run.missing,
        "outcome": run.outcome,
        "qualification": run.qualification,
        "deadline": run.deadline.isoformat() if run.deadline else None,
        "expected_completion": run.expected.isoformat() if run.expected else None,
        "status": run.status,
        "funding": law.funding(run),
        "next_steps": [render.step(*item) for item in run.steps] if complete else [],
        "reasons": [render.reason(*item) for item in run.reasons],
    }


def explain(determination: dict) -> str:
    """Plain-text rendering of a determination (the assistant's answer text reuses it)."""
    return render.explain(determination)
