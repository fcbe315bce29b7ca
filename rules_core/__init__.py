"""SENCO qualification rules for England: ``determine(facts, as_of)`` gives the determination of
CONTRACTS.md section 1. Pure Python: no Rasa, no I/O after import.

Partial dates ("2023-09", "2023"): the rules are run for the first and the last day each partial
date can be (every combination, when several are partial). Every rule is monotone in each date
(a later appointment never makes a deadline earlier, a later start never makes a completion
earlier), so when all those runs agree on the outcome and status, every day in between agrees
too: the answer stands, with the earliest deadline and its grain. When they disagree, each
partial date whose two ends alone give different answers stays in ``missing`` (first, since it
is the most decisive fact) until the person says it more exactly.
"""

from __future__ import annotations

import datetime as _dt
from itertools import product

from . import law, params, render
from .dates import long_date, month_year
from .facts import DateRange, FactsError, flatten, nest, normalise, parse_date
from .registry import REGISTRY

SCHEMA = "senco-determination/1"
FACT_KEYS = frozenset(REGISTRY.top_level)

__all__ = [
    "determine",
    "FactsError",
    "explain",
    "summary",
    "card",
    "npq_calendar",
    "registration_window",
    "FACT_KEYS",
    "SCHEMA",
    "REGISTRY",
    "parse_date",
    "DateRange",
]


def determine(facts: dict, as_of: _dt.date | None = None) -> dict:
    """The determination for ``facts`` on ``as_of`` (today when None); FactsError for bad facts."""
    if as_of is None:
        as_of = _dt.date.today()
    elif not isinstance(as_of, _dt.date) or isinstance(as_of, _dt.datetime):
        raise FactsError([{"field": "as_of", "message": "must be a date"}])
    if as_of < law.EARLIEST_AS_OF:
        raise FactsError(
            [
                {
                    "field": "as_of",
                    "message": (
                        f"these rules start on {long_date(law.EARLIEST_AS_OF)}, when the SEND Regulations 2014 came into "
                        "force; before then the Education (Special Educational Needs Co-ordinators) (England) Regulations 2008 "
                        "applied, which this tool does not model. Choose a later date."
                    ),
                }
            ]
        )
    flat = flatten(normalise(facts))
    flat = _check_against_the_law(flat)
    ranges = {key: value for key, value in flat.items() if isinstance(value, DateRange)}
    partial = [key for key, value in ranges.items() if not value.exact]
    grains = {key: ranges[key].grain for key in partial}

    def run_with(ends: tuple) -> law.Run:
        exact = {key: value.first if isinstance(value, DateRange) else value for key, value in flat.items()}
        for key, end in zip(partial, ends, strict=True):
            exact[key] = ranges[key].first if end == 0 else ranges[key].last
        run = law.Run(nest(exact), as_of, grains)
        law.apply(run)
        return run

    if not partial:
        return _result(run_with(()), as_of, None)
    corners = list(product((0, 1), repeat=len(partial)))
    runs = {corner: run_with(corner) for corner in corners}
    first = runs[corners[0]]
    answers = {corner: _answer(run) for corner, run in runs.items()}
    if len(set(answers.values())) == 1:
        if not first.missing:
            grain = grains.get("appointment_date", "day") if first.deadline else None
            return _result(first, as_of, grain)
        missing = _merged([run.missing for run in runs.values()])
        return _result(first, as_of, None, missing=missing)
    deciding = [
        key
        for index, key in enumerate(partial)
        if any(
            answers[corner] != answers[corner[:index] + (1,) + corner[index + 1 :]] for corner in corners if corner[index] == 0
        )
    ]
    missing = _merged([deciding] + [run.missing for run in runs.values()])
    return _result(first, as_of, None, missing=missing)


def _answer(run: law.Run) -> tuple:
    return (bool(run.missing), run.outcome, run.status, run.qualification)


def _merged(lists) -> list:
    merged: list = []
    for keys in lists:
        for key in keys:
            if key not in merged:
                merged.append(key)
    return merged


def _check_against_the_law(flat: dict) -> dict:
    """Facts that are well formed but impossible in law, said back as input errors; partial NPQ
    dates are narrowed to the days the NPQ existed."""
    errors = []
    for key in ("npq.start_date", "npq.completion_date"):
        value = flat.get(key)
        if value is None:
            continue
        if value.last < law.NPQ_FIRST_START:
            errors.append(
                {
                    "field": key,
                    "message": (
                        f"the NPQ for SENCOs began on {long_date(law.NPQ_FIRST_START)}; a course started before then cannot "
                        f"count (regulation 49(7)(b)), so {value.text()} must be a mistake: please check the date"
                    ),
                }
            )
        elif value.first < law.NPQ_FIRST_START:
            flat[key] = value.clipped(law.NPQ_FIRST_START)
    months, over = flat.get("prior_senco_months"), flat.get("prior_senco_over_limit")
    if months is not None and over is not None:
        limit = law.P_PRIOR_LIMIT.at(law.P_PRIOR_LIMIT.first_date)
        if (over is False and months > limit) or (over is True and months < limit):
            errors.append(
                {
                    "field": "prior_senco_over_limit",
                    "message": (
                        f"contradicts prior_senco_months ({months}): more than {limit} months in total is "
                        f"{'true' if months > limit else 'false'} for that count"
                    ),
                }
            )
    if errors:
        raise FactsError(errors)
    return flat


def _result(run: law.Run, as_of: _dt.date, deadline_grain, missing=None) -> dict:
    missing = run.missing if missing is None else missing
    complete = not missing
    determination = {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "complete": complete,
        "missing": list(missing),
        "outcome": run.outcome if complete else None,
        "qualification": run.qualification if complete else None,
        "deadline": run.deadline.isoformat() if complete and run.deadline else None,
        "expected_completion": run.expected.isoformat() if complete and run.expected else None,
        "status": run.status if complete else None,
        "funding": law.funding(run),
        "next_steps": [render.step(*item) for item in run.steps] if complete else [],
        "reasons": [render.reason(*item) for item in run.reasons],
    }
    if complete and run.deadline:
        determination["deadline_grain"] = deadline_grain or "day"
    return determination


def explain(determination: dict) -> str:
    """Plain-text rendering of a determination (``python -m rules_core --explain``)."""
    return render.explain(determination)


def summary(determination: dict, hypothetical: bool = False) -> str:
    """The answer as Markdown, for a chat message."""
    return render.summary(determination, hypothetical)


def card(determination: dict, hypothetical: bool = False) -> dict:
    """The channel-neutral answer view every channel draws."""
    return render.card(determination, hypothetical)


def npq_calendar(as_of: _dt.date | None = None) -> dict:
    """Dated NPQ facts for general questions: length, weekly hours, the next cohort and its
    funding, each as text ready to put in a sentence."""
    as_of = as_of or _dt.date.today()
    cohort = params.next_open_cohort(as_of)
    study, assessment = law.npq_months(cohort.start)
    hours = law.P_HOURS.at(max(as_of, law.P_HOURS.first_date))
    if cohort.senco_funding == "funded":
        code = "general_funded"
    else:
        code = "not_announced" if cohort.senco_funding is None else "cohort_not_funded"
    return {
        "today": long_date(as_of),
        "study_months": study,
        "assessment_months": assessment,
        "total_months": study + assessment,
        "weekly_hours": f"{hours['low']} to {hours['high']}",
        "next_cohort": cohort.name,
        "next_cohort_start": month_year(cohort.start),
        "registration_opens": month_year(cohort.registration_opens),
        "registration_closes": long_date(cohort.registration_closes),
        "next_cohort_confirmed": "confirmed" if cohort.confirmed else "expected, not yet confirmed by DfE",
        "next_cohort_funding": render.funding_text(code, cohort=cohort.name, setting=""),
    }


def registration_window(determination: dict) -> params.Cohort | None:
    """The NPQ cohort whose registration window the answer's next steps point to (the person has not
    enrolled, so the plan is to register for the next cohort still open on the as-of date), or None
    when the answer asks nobody to register. Its dates are approximate when ``cohort.approximate``."""
    if not determination["complete"]:
        return None
    if not any(item["rule"] == "estimate.next_cohort" for item in determination["reasons"]):
        return None
    return params.next_open_cohort(_dt.date.fromisoformat(determination["as_of"]))
