"""SENCO qualification rules for England: ``determine(facts, as_of)`` gives the determination of
CONTRACTS.md section 1. Pure Python: no Rasa, no I/O after import."""
from __future__ import annotations

import datetime as _dt

from . import law, render
from .dates import long_date, month_year
from .facts import FACT_KEYS, FactsError, normalise

SCHEMA = "senco-determination/1"

__all__ = ["determine", "FactsError", "explain", "summary", "npq_calendar", "FACT_KEYS", "SCHEMA"]


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


def summary(determination: dict) -> str:
    """The answer in a few lines, for a chat message."""
    return render.summary(determination)


def npq_calendar(as_of: _dt.date | None = None) -> dict:
    """Dated NPQ facts for general questions: length, weekly hours, fee, the next cohort and its
    funding, each as text ready to put in a sentence."""
    as_of = as_of or _dt.date.today()
    law_now = law.law_in_force(as_of)
    cohort = law_now.next_cohort
    hours = law.P_HOURS.at(as_of) if as_of >= law.P_HOURS.first_date else {"low": None, "high": None}
    if cohort.senco_funding == "funded":
        funding_text = render.funding_text("general_funded", cohort=cohort.name, setting="", fee=None)
    else:
        code = "not_announced" if cohort.senco_funding is None else "cohort_not_funded"
        funding_text = render.funding_text(code, cohort=cohort.name, setting="", fee=None)
    return {
        "today": long_date(as_of),
        "study_months": law_now.study,
        "assessment_months": law_now.assessment,
        "total_months": law_now.npq_months,
        "weekly_hours": f"{hours['low']} to {hours['high']}",
        "fee": f"£{law_now.fee:,}" if law_now.fee else "not published",
        "next_cohort": cohort.name,
        "next_cohort_start": month_year(cohort.start),
        "registration_opens": month_year(cohort.registration_opens),
        "registration_closes": long_date(cohort.registration_closes),
        "next_cohort_confirmed": "confirmed" if cohort.confirmed else "expected, not yet confirmed by DfE",
        "next_cohort_funding": funding_text,
    }
