"""Properties that hold for every set of facts (hypothesis), and a Catala-style coverage sweep over
as-of and appointment dates: a determination is always produced and its invariants hold."""

import copy
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules_core import FactsError, determine
from rules_core.dates import add_months
from rules_core.facts import parse_date
from rules_core.registry import REGISTRY

DAYS = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2030, 12, 31))
AS_OF = st.dates(min_value=dt.date(2014, 9, 1), max_value=dt.date(2030, 12, 31))
NPQ_DAYS = st.dates(min_value=dt.date(2024, 9, 1), max_value=dt.date(2030, 12, 31))


def values(key):
    return REGISTRY[key].values


@st.composite
def some_date(draw, days=DAYS):
    """A date as a person may know it: the day, the month or only the year."""
    day = draw(days)
    grain = draw(st.sampled_from(("day", "day", "month", "year")))
    return day.isoformat() if grain == "day" else day.isoformat()[:7] if grain == "month" else str(day.year)


@st.composite
def courses(draw, statuses, with_funding, days=DAYS):
    course = {}
    if draw(st.booleans()):
        course["status"] = draw(st.sampled_from(statuses))
    start = draw(st.one_of(st.none(), days))
    if start is not None:
        course["start_date"] = start.isoformat()
    if draw(st.booleans()):
        finish = draw(days)
        if start is not None and finish < start:
            finish = start + dt.timedelta(days=draw(st.integers(0, 900)))
        course["completion_date"] = finish.isoformat()
    if with_funding and draw(st.booleans()):
        course["previously_funded"] = draw(st.booleans())
    return course


FIELD_STRATEGIES = {
    "nation": st.sampled_from(values("nation")),
    "setting": st.sampled_from(values("setting")),
    "role": st.sampled_from(values("role")),
    "is_head": st.booleans(),
    "has_qts": st.booleans(),
    "qts_via_qtls_only": st.booleans(),
    "induction": st.sampled_from(values("induction")),
    "appointment_date": some_date(),
    "prior_senco_months": st.integers(0, 60),
    "nasenco": courses(values("nasenco.status"), False),
    # The NPQ for SENCOs began on 1 September 2024: an earlier date is an input error (tested apart).
    "npq": courses(values("npq.status"), True, NPQ_DAYS),
}


@st.composite
def facts(draw):
    chosen = draw(st.sets(st.sampled_from(sorted(FIELD_STRATEGIES))))
    return {key: draw(FIELD_STRATEGIES[key]) for key in sorted(chosen)}


def _decided(result):
    return result["outcome"], result["deadline"], result["status"]


@settings(max_examples=400, deadline=None)
@given(facts(), AS_OF)
def test_the_same_facts_always_give_the_same_determination(fact_set, as_of):
    assert determine(copy.deepcopy(fact_set), as_of) == determine(copy.deepcopy(fact_set), as_of)


@settings(max_examples=400, deadline=None)
@given(fact_set=facts(), as_of=AS_OF)
def test_every_determination_fits_the_schema_and_every_reason_has_a_source(schema_validator, fact_set, as_of):
    result = determine(fact_set, as_of)
    schema_validator.validate(result)
    assert result["complete"] == (result["missing"] == [])
    assert (result["outcome"] is not None) == result["complete"]
    assert all(reason["source"] for reason in result["reasons"])
    assert all(step["source"] for step in result["next_steps"])


@settings(max_examples=600, deadline=None)
@given(facts(), facts(), AS_OF)
def test_adding_facts_never_unsettles_a_complete_answer(fact_set, more, as_of):
    before = determine(fact_set, as_of)
    if not before["complete"]:
        return
    combined = dict(fact_set)
    for key, value in more.items():
        combined.setdefault(key, value)
    for course in ("nasenco", "npq"):
        if course in fact_set and course in more:
            merged = dict(more[course])
            merged.update(fact_set[course])
            start, finish = merged.get("start_date"), merged.get("completion_date")
            if start and finish and finish < start:
                continue
            combined[course] = merged
    after = determine(combined, as_of)
    assert after["complete"]
    assert _decided(after) == _decided(before)


@settings(max_examples=400, deadline=None)
@given(facts(), AS_OF)
def test_the_deadline_is_always_the_third_anniversary_of_the_appointment(fact_set, as_of):
    result = determine(fact_set, as_of)
    if result["deadline"] is not None:
        appointed = parse_date(fact_set["appointment_date"])
        deadline = dt.date.fromisoformat(result["deadline"])
        assert deadline == add_months(appointed.first, 36)
        assert result["deadline_grain"] == appointed.grain


@settings(max_examples=300, deadline=None)
@given(facts(), AS_OF, st.data())
def test_a_partial_date_is_decided_only_when_every_day_it_can_be_gives_the_same_answer(fact_set, as_of, data):
    """The contract's partial dates: a complete answer for "September 2023" must be the answer for
    every day of September 2023; an incomplete one must name a fact still needed."""
    result = determine(fact_set, as_of)
    partial = {
        key: parse_date(value) for key, value in fact_set.items() if key == "appointment_date" and not parse_date(value).exact
    }
    if not partial or not result["complete"]:
        return
    span = partial["appointment_date"]
    day = data.draw(st.dates(min_value=span.first, max_value=span.last))
    exact = determine(dict(fact_set, appointment_date=day.isoformat()), as_of)
    assert exact["complete"]
    assert _decided(exact)[0::2] == _decided(result)[0::2]
    if result["deadline"]:
        assert exact["deadline"] >= result["deadline"]


ELIGIBLE_SENCO = {
    "nation": "england",
    "setting": "maintained_mainstream",
    "role": "senco",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
}


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(2009, 9, 2), max_value=dt.date(2030, 12, 31)), NPQ_DAYS)
def test_a_completed_npq_always_meets_the_duty(appointed, as_of):
    result = determine(
        dict(ELIGIBLE_SENCO, appointment_date=appointed.isoformat(), nasenco={"status": "none"}, npq={"status": "completed"}),
        as_of,
    )
    assert (result["outcome"], result["status"], result["qualification"]) == ("ALREADY_QUALIFIED", "met", "NPQ_SENCO")


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(2009, 9, 2), max_value=dt.date(2030, 12, 31)),
    st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2024, 8, 31)),
    AS_OF,
)
def test_a_nasenco_completed_before_september_2024_always_meets_the_duty(appointed, completed, as_of):
    result = determine(
        dict(
            ELIGIBLE_SENCO,
            appointment_date=appointed.isoformat(),
            nasenco={"status": "completed", "completion_date": completed.isoformat()},
        ),
        as_of,
    )
    assert (result["outcome"], result["status"], result["qualification"]) == ("ALREADY_QUALIFIED", "met", "NASENCO")


def _quarters(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day = add_months(day, 3)


def test_every_quarter_from_2009_to_2030_gives_a_complete_determination(schema_validator):
    """Temporal coverage: no date leaves the rules without an answer, none gives two."""
    courses_on_offer = [
        ({"status": "none"}, {"status": "none"}),
        ({"status": "in_progress", "start_date": "2024-03-01", "completion_date": "2026-03-01"}, {"status": "none"}),
        ({"status": "none"}, {"status": "in_progress", "start_date": "2025-04-01"}),
        ({"status": "completed", "completion_date": "2012-07-01"}, {"status": "none"}),
    ]
    count = 0
    for as_of in _quarters(dt.date(2014, 9, 1), dt.date(2030, 12, 31)):
        for appointed in _quarters(dt.date(2007, 3, 1), dt.date(2030, 12, 1)):
            for nasenco, npq in courses_on_offer:
                result = determine(dict(ELIGIBLE_SENCO, appointment_date=appointed.isoformat(), nasenco=nasenco, npq=npq), as_of)
                assert result["complete"], (as_of, appointed, result["missing"])
                assert result["status"] in ("met", "on_track", "at_risk", "overdue", "not_applicable")
                if result["status"] == "overdue":
                    assert as_of > dt.date.fromisoformat(result["deadline"])
                count += 1
    schema_validator.validate(result)
    assert count > 8000


@given(st.dates(max_value=dt.date(2024, 8, 31)), AS_OF)
def test_an_npq_started_before_the_npq_existed_is_an_input_error(started, as_of):
    with pytest.raises(FactsError) as error:
        determine(dict(ELIGIBLE_SENCO, npq={"status": "in_progress", "start_date": started.isoformat()}), as_of)
    assert error.value.errors[0]["field"] == "npq.start_date"
