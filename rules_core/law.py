"""The rules, in the order the law is read: scope, who may be SENCO, the duty, which qualification
counts, then how the person stands today. Each step cites its provision; the wording of every reason
and next step is in ``wording.yaml`` (rendered by ``render.py``), and every date, number and list
comes from ``parameters/``.

Facts arrive checked (``facts.normalise``) with every date exact: ``determine`` runs the rules once
for each end of a partial date's range. A step that needs a fact nobody has given records it in
``missing`` and carries on along the most common path, so that ``missing`` lists every question
still to ask in order; an outcome is given only when nothing is missing.

Which law applies when (LEGAL.md): the duty is continuing, so a plan for a deadline still ahead is
judged by reg 49(7) as in force on the deadline; a deadline already passed, by the law in force on
the as-of date. The cohort calendar is always read from the as-of date: it says what a person can
still join.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from . import params, render
from .dates import add_months, anniversary, describe_gap, long_date, month_year

P_RELEVANT = params.parameter("scope.relevant_schools")
P_APPOINTED_AFTER = params.parameter("duty.appointed_after")
P_PRIOR_LIMIT = params.parameter("duty.prior_service_limit_months")
P_YEARS = params.parameter("duty.years_to_qualify")
P_NPQ_PRESCRIBED = params.parameter("qualification.npq_senco_prescribed")
P_NPQ_FROM = params.parameter("qualification.npq_started_on_or_after")
P_NASENCO_START_BEFORE = params.parameter("qualification.nasenco_started_before")
P_NASENCO_DONE_BEFORE = params.parameter("qualification.nasenco_completed_before")
P_STUDY = params.parameter("npq.study_months")
P_ASSESSMENT = params.parameter("npq.assessment_months")
P_FUNDING = params.parameter("funding.setting_eligibility")
P_HOURS = params.parameter("npq.weekly_hours")
# Settings the rules below word or fund apart from the rest of their kind (a sentence of their own).
SINGLED_OUT_SETTINGS = frozenset(("maintained_nursery", "other"))
# The SEND Regulations 2014 start here; before, the 2008 Regulations applied, which we do not model.
EARLIEST_AS_OF = P_RELEVANT.first_date
NPQ_FIRST_START = P_NPQ_FROM.first_date


class LawInForce:
    """The parameters in force on one date, looked up once (a server answers many questions a day)."""

    __slots__ = (
        "day",
        "relevance",
        "appointed_after",
        "prior_limit",
        "years",
        "npq_prescribed",
        "nasenco_start_before",
        "nasenco_done_before",
    )

    def __init__(self, day: _dt.date):
        self.day = day
        self.relevance = P_RELEVANT.at(day)
        self.appointed_after = P_APPOINTED_AFTER.at(day)
        self.prior_limit = P_PRIOR_LIMIT.at(day)
        self.years = P_YEARS.at(day)
        self.npq_prescribed = P_NPQ_PRESCRIBED.at(day)
        self.nasenco_start_before = P_NASENCO_START_BEFORE.at(day) if self.npq_prescribed else None
        self.nasenco_done_before = P_NASENCO_DONE_BEFORE.at(day) if self.npq_prescribed else None


@lru_cache(maxsize=1024)
def law_in_force(day: _dt.date) -> LawInForce:
    return LawInForce(day)


@lru_cache(maxsize=64)
def npq_months(start: _dt.date) -> tuple:
    """(study, assessment) months for an NPQ starting on ``start`` (the course as it then runs)."""
    day = max(start, P_STUDY.first_date)
    return P_STUDY.at(day), P_ASSESSMENT.at(day)


class Run:
    """What one determination has found so far, for one set of exact facts."""

    __slots__ = (
        "facts",
        "grains",
        "as_of",
        "law",
        "missing",
        "reasons",
        "steps",
        "outcome",
        "qualification",
        "deadline",
        "expected",
        "status",
    )

    def __init__(self, facts: dict, as_of: _dt.date, grains: dict | None = None):
        self.facts = facts
        self.grains = grains or {}  # fact key -> "month"/"year" for dates the person gave only that exactly
        self.as_of = as_of
        self.law = law_in_force(as_of)
        self.missing: list = []
        self.reasons: list = []  # (rule code, values, source id)
        self.steps: list = []  # (step code, values, by date, source id)
        self.outcome: str | None = None
        self.qualification: str | None = None
        self.deadline: _dt.date | None = None
        self.expected: _dt.date | None = None
        self.status: str | None = None

    def need(self, key: str):
        """The fact, or None after noting it as missing."""
        value = self.facts.get(key)
        if value is None:
            self.note_missing(key)
        return value

    def need_course(self, course: str, key: str):
        value = self.facts.get(course, {}).get(key)
        if value is None:
            self.note_missing(f"{course}.{key}")
        return value

    def note_missing(self, key: str) -> None:
        if key not in self.missing:
            self.missing.append(key)

    def said(self, key: str, day: _dt.date) -> str:
        """A date as precisely as the person gave it: '1 September 2023', 'September 2023', '2023'."""
        grain = self.grains.get(key, "day")
        return long_date(day) if grain == "day" else month_year(day) if grain == "month" else str(day.year)

    def when(self, key: str, day: _dt.date) -> str:
        """The same with its preposition: 'on 1 September 2023', 'in September 2023'."""
        return ("on " if self.grains.get(key, "day") == "day" else "in ") + self.said(key, day)

    def reason(self, code: str, source: str, **values):
        self.reasons.append((code, tuple(values.items()), source))

    def step(self, code: str, source: str, by=None, **values):
        self.steps.append((code, tuple(values.items()), by, source))

    def decide(self, outcome: str, status: str, qualification=None):
        """Record the outcome; it stands only if nothing was missing on the way here."""
        if not self.missing:
            self.outcome, self.status, self.qualification = outcome, status, qualification


# Reasons are listed in the order the law is read, whatever order the questions came in, so the
# last one is the rule that settled the answer.
REASON_ORDER = {
    part: rank for rank, part in enumerate(("scope", "role", "eligibility", "duty", "qualification", "estimate", "status"))
}


def _law_order(reason) -> int:
    return REASON_ORDER[reason[0].partition(".")[0]]


def apply(run: Run) -> None:
    """Works out the outcome for ``run.facts`` on ``run.as_of``; see the module docstring."""
    _apply(run)
    run.reasons.sort(key=_law_order)


def _apply(run: Run) -> None:
    facts = run.facts

    # --- Children and Families Act 2014 s.67: the SENCO duty is England's. -------------------
    nation = run.need("nation")
    if nation is not None and nation != "england":
        run.reason(f"scope.{nation}", "CFA67", nation=render.nation_name(nation))
        run.step(f"scope.{nation}", {"wales": "ALN-WALES", "scotland": "ASL-SCOTLAND"}.get(nation, "SEN-NI"))
        run.decide("OUT_OF_SCOPE", "not_applicable")
        return
    if nation is not None:
        run.reason("scope.england", "CFA67")

    # Someone who is not (and will not be) the SENCO is outside reg 49 wherever they work.
    if facts.get("role") == "other":
        run.reason("role.other", "REG49")
        run.step("role.other", "DFE-TRANSITION")
        run.decide("NOT_REQUIRED", "not_applicable")
        return

    # --- CFA 2014 s.67(1) and s.83, reg 2: only a "relevant school" must have a qualified SENCO.
    setting = run.need("setting")
    relevance = run.law.relevance.get(setting) if setting is not None else None
    if relevance == "not_relevant":
        run.reason(
            "scope.other_setting" if setting == "other" else "scope.not_relevant_school",
            "CFA67",
            setting=render.setting_name(setting),
        )
        run.step("npq.open_to_you", "DFE-NPQ-FUNDING")
        run.decide("NOT_REQUIRED", "not_applicable")
        return
    if relevance == "unclear":
        run.need("role")
        run.reason("scope.pru_ap", "CFA67", setting=render.setting_name(setting))
        run.step("scope.ask_la", "CFA67")
        run.step("npq.open_to_you", "DFE-NPQ-FUNDING")
        run.decide("UNCLEAR", "not_applicable")
        return
    if relevance == "relevant":
        run.reason("scope.relevant_school", "CFA67", setting=render.setting_name(setting))

    role = run.need("role")

    # --- Reg 49(1)-(3): who may be the SENCO at all. Once something rules a person out unless
    # they are the head teacher, that question comes before any date.
    disqualified = _disqualifier_known(facts)
    if disqualified and _eligibility(run) is False:
        _not_eligible(run, setting)
        return

    # --- Reg 49(4): the qualification duty. ---------------------------------------------------
    appointed = run.need("appointment_date")
    aspiring = role == "aspiring"
    if aspiring and appointed is not None:
        run.reason("role.aspiring", "REG49", planned=run.when("appointment_date", appointed))
    cutoff = run.law.appointed_after
    exempt = False
    if appointed is not None and appointed <= cutoff:
        exempt = True
        run.reason(
            "duty.appointed_before_cutoff", "REG49", appointed=run.when("appointment_date", appointed), cutoff=long_date(cutoff)
        )
    else:
        exempt = _earlier_service(run)

    if not disqualified and _eligibility(run) is False:
        _not_eligible(run, setting)
        return

    if exempt:
        run.step("duty.not_required", "REG49")
        run.step("good_practice.leadership", "COP")
        run.decide("NOT_REQUIRED", "not_applicable")
        return

    deadline = None
    if appointed is not None:
        years = run.law.years
        deadline = anniversary(appointed, years)
        prior = facts.get("prior_senco_months")
        run.reason(
            "duty.applies_planned" if aspiring else "duty.applies",
            "REG49",
            appointed=run.when("appointment_date", appointed),
            cutoff=long_date(cutoff),
            deadline=run.said("appointment_date", deadline),
            years=years,
            limit=run.law.prior_limit,
            prior=prior if prior is not None else 0,
        )
        run.reason("duty.readings", "REG49", years=years, limit=run.law.prior_limit)
        if appointed.month == 2 and appointed.day == 29:
            run.reason("duty.leap_day", "REG49", deadline=long_date(deadline))
        if not run.missing:
            run.deadline = deadline

    # --- Reg 49(7)-(9): which qualification counts, and how the person stands. ---------------
    _qualification(run, deadline)


def _earlier_service(run: Run) -> bool:
    """Reg 49(4): "has not previously been the SENCO at that or any other relevant school for a
    total period of more than twelve months". A test on days: a whole-month count equal to the
    limit cannot settle it, so the fact stays missing until the person says whether the total was
    more than the limit (``prior_senco_over_limit``)."""
    facts = run.facts
    limit = run.law.prior_limit
    over = facts.get("prior_senco_over_limit")
    prior = facts.get("prior_senco_months")
    if over is None and prior is None:
        run.note_missing("prior_senco_months")
        return False
    if over is None and prior == limit:
        run.note_missing("prior_senco_months")
        return False
    if over is None and prior > limit:
        run.reason("duty.prior_service", "REG49", months=prior, limit=limit)
        return True
    if over is True:
        run.reason("duty.prior_service_over", "REG49", limit=limit)
        return True
    return False


def _disqualifier_known(facts: dict) -> bool:
    """A fact already given that rules the person out unless they are the head teacher."""
    return facts.get("has_qts") is False or facts.get("qts_via_qtls_only") is True or facts.get("induction") == "in_progress"


def _eligibility(run: Run):
    """Reg 49(1)-(3): True, False, or None while a fact is missing."""
    facts = run.facts
    if facts.get("is_head") is True:
        run.reason("eligibility.head", "REG49")
        return True
    has_qts = run.need("has_qts")
    if has_qts is False:
        return False if run.need("is_head") is False else None
    qtls_only = run.need("qts_via_qtls_only")
    if qtls_only is True:
        return False if run.need("is_head") is False else None
    induction = run.need("induction")
    if induction == "in_progress":
        return False if run.need("is_head") is False else None
    if has_qts and qtls_only is False and induction is not None:
        run.reason("eligibility.qualified_teacher", "REG49")
        return True
    return None


def _not_eligible(run: Run, setting) -> None:
    facts = run.facts
    # The duty's dates did not decide this: only who may be SENCO did.
    run.reasons = [reason for reason in run.reasons if not reason[0].startswith(("duty.", "role.aspiring"))]
    if facts.get("has_qts") is False:
        run.reason("eligibility.no_qts", "REG49")
        if setting == "maintained_nursery":
            run.reason("eligibility.eyts_nursery", "REG49")
    elif facts.get("qts_via_qtls_only") is True:
        run.reason("eligibility.qtls_only", "REG49")
    else:
        run.reason("eligibility.induction", "REG49")
    run.step("eligibility.talk_to_head", "REG49")
    run.step("npq.open_to_you", "DFE-NPQ-FUNDING")
    run.decide("NOT_ELIGIBLE", "not_applicable")


def plan_law(run: Run, deadline) -> LawInForce:
    """The reg 49(7) that judges the plan: in force on the deadline while it is ahead, else today's."""
    if deadline is not None and deadline > run.as_of:
        return law_in_force(deadline)
    return run.law


def _qualification(run: Run, deadline):
    as_of = run.as_of
    law = plan_law(run, deadline)
    nasenco_status = run.need_course("nasenco", "status")
    if law is not run.law and law.npq_prescribed and not run.law.npq_prescribed:
        run.reason(
            "qualification.law_at_deadline",
            "SI2024",
            deadline=long_date(deadline),
            in_force=long_date(P_NPQ_PRESCRIBED.starts[-1]),
        )

    if not law.npq_prescribed:
        # Before 1 September 2024 the NASENCO was the only relevant qualification.
        if nasenco_status == "completed":
            run.reason("qualification.nasenco_held", "REG49")
            run.step("qualified.keep_evidence", "REG49")
            return run.decide("ALREADY_QUALIFIED", "met", "NASENCO")
        expected = None
        if nasenco_status == "in_progress":
            expected = run.need_course("nasenco", "completion_date")
            run.reason("qualification.nasenco_only", "REG49")
        elif nasenco_status == "none":
            run.reason("qualification.nasenco_only", "REG49")
        return _stand(run, "COMPLETE_NASENCO", "NASENCO", deadline, expected, enrolled=nasenco_status == "in_progress")

    # Set whenever the NPQ is prescribed (LawInForce), which is the only way here.
    start_before, done_before = law.nasenco_start_before, law.nasenco_done_before
    assert start_before is not None and done_before is not None
    dates = {"start_before": long_date(start_before), "done_before": long_date(done_before)}

    if nasenco_status == "completed":
        completed = run.need_course("nasenco", "completion_date")
        counts: bool | None
        if completed is not None and completed < start_before:
            counts = True
        elif completed is not None and completed >= done_before:
            counts = False
            run.reason(
                "qualification.nasenco_completed_too_late",
                "REG49",
                completed=run.when("nasenco.completion_date", completed),
                **dates,
            )
        else:
            started = run.need_course("nasenco", "start_date")
            counts = None if started is None else started < start_before
            if counts is False:
                run.reason(
                    "qualification.nasenco_started_too_late", "REG49", started=run.when("nasenco.start_date", started), **dates
                )
        if counts is not False:
            if counts:
                run.reason("qualification.nasenco_counts", "REG49", **dates)
                if deadline is not None and completed is not None and completed > deadline:
                    run.reason(
                        "status.qualified_late",
                        "REG49",
                        completed=run.when("nasenco.completion_date", completed),
                        deadline=run.said("appointment_date", deadline),
                    )
            run.step("qualified.keep_evidence", "REG49")
            return run.decide("ALREADY_QUALIFIED", "met", "NASENCO")

    elif nasenco_status == "in_progress":
        started = run.need_course("nasenco", "start_date")
        if started is not None and started >= start_before:
            run.reason(
                "qualification.nasenco_started_too_late", "REG49", started=run.when("nasenco.start_date", started), **dates
            )
        elif as_of >= done_before:
            run.reason("qualification.nasenco_window_closed", "REG49", **dates)
        else:
            expected = run.need_course("nasenco", "completion_date")
            if expected is not None and expected >= done_before:
                run.reason(
                    "qualification.nasenco_will_finish_too_late",
                    "REG49",
                    expected=run.when("nasenco.completion_date", expected),
                    **dates,
                )
            else:
                run.reason("qualification.nasenco_can_count", "REG49", **dates)
                last_day = done_before - _dt.timedelta(days=1)
                if deadline is not None and as_of > deadline:
                    run.step("nasenco.finish_late", "REG49", by=last_day, by_text=long_date(last_day), **dates)
                else:
                    by = last_day if deadline is None else min(deadline, last_day)
                    run.step("nasenco.finish", "REG49", by=by, by_text=long_date(by))
                return _stand(run, "COMPLETE_NASENCO", "NASENCO", deadline, expected, enrolled=True)

    # --- Reg 49(7)(b), (9) and Schedule A1: everyone else needs the NPQ for SENCOs. ----------
    npq = run.facts.get("npq", {})
    npq_status = run.need_course("npq", "status")
    if nasenco_status is not None:
        run.reason("qualification.npq_required", "SI2024", **dates)
    if npq_status == "completed":
        run.reason("qualification.npq_held", "SI2024")
        run.step("qualified.keep_evidence", "REG49")
        return run.decide("ALREADY_QUALIFIED", "met", "NPQ_SENCO")
    expected = None
    enrolled = npq_status in ("registered", "in_progress")
    if enrolled:
        expected = npq.get("completion_date")
        if expected is None:
            started = run.need_course("npq", "start_date")
            if started is not None:
                study, assessment = npq_months(started)
                expected = add_months(started, study + assessment)
                run.reason(
                    "estimate.from_start",
                    "DFE-NPQ-SENCO",
                    started=run.said("npq.start_date", started),
                    expected=month_year(expected),
                    study=study,
                    assessment=assessment,
                )
    elif npq_status == "none":
        cohort = params.next_open_cohort(as_of)
        study, assessment = npq_months(cohort.start)
        expected = add_months(cohort.start, study + assessment)
        run.reason(
            "estimate.next_cohort",
            "DFE-NPQ-FUNDING",
            cohort=cohort.name,
            start=month_year(cohort.start),
            expected=month_year(expected),
            study=study,
            assessment=assessment,
            confirmed="confirmed" if cohort.confirmed else "expected, not yet confirmed by DfE",
        )
        _register_step(run, cohort)
    return _stand(run, "TAKE_NPQ_SENCO", "NPQ_SENCO", deadline, expected, enrolled=enrolled)


def _register_step(run: Run, cohort) -> None:
    if cohort.registration_opens > run.as_of:
        run.step(
            "npq.register_when_open",
            "DFE-NPQ-FUNDING",
            by=cohort.registration_closes,
            cohort=cohort.name,
            opens=month_year(cohort.registration_opens),
            closes=long_date(cohort.registration_closes),
            confirmed="" if cohort.confirmed else " (DfE has not confirmed this cohort yet)",
        )
    else:
        run.step(
            "npq.register_now",
            "DFE-NPQ-FUNDING",
            by=cohort.registration_closes,
            cohort=cohort.name,
            closes=long_date(cohort.registration_closes),
        )


def _stand(run: Run, outcome: str, qualification: str, deadline, expected, enrolled: bool):
    """Met / on track / at risk / overdue, against the reg 49(4) deadline."""
    if run.missing:
        return
    run.expected = expected
    as_of = run.as_of
    values = {"deadline": run.said("appointment_date", deadline)}
    if as_of > deadline:
        status = "overdue"
        run.reason("status.overdue", "REG49", late=describe_gap(deadline, as_of), **values)
        run.step("duty.tell_governors_urgently", "REG49")
    elif expected is None:
        status = "at_risk"
        run.reason("status.not_enrolled", "REG49", **values)
        run.step("duty.tell_governors", "REG49")
    elif expected <= deadline:
        status = "on_track"
        run.reason(
            "status.on_track" if enrolled else "status.on_track_if_registered", "REG49", expected=month_year(expected), **values
        )
        if enrolled:
            run.step("keep_going", "REG49", by=deadline, **values)
    else:
        status = "at_risk"
        run.reason("status.at_risk", "REG49", expected=month_year(expected), late=describe_gap(deadline, expected), **values)
        run.step("duty.tell_governors", "REG49")
        if enrolled:
            run.step("provider.ask_about_timing", "DFE-NPQ-SENCO")
    if status != "on_track":
        run.step("good_practice.leadership", "COP")
    run.decide(outcome, status, qualification)


def funding(run: Run) -> dict:
    """Scholarship funding for the next cohort the person could join (DfE's rules, wider than reg 49)."""
    npq = run.facts.get("npq", {})
    return dict(
        _funding(run.as_of, run.facts.get("nation"), run.facts.get("setting"), npq.get("status"), npq.get("previously_funded"))
    )


@lru_cache(maxsize=1024)
def _funding(as_of: _dt.date, nation, setting, npq_status, previously_funded) -> tuple:
    cohort = params.next_open_cohort(as_of)
    status, code = None, None
    if npq_status == "completed":
        code = "already_held"
    elif nation is not None and nation != "england":
        status, code = "not_funded", "outside_england"
    elif previously_funded is True:
        status, code = "not_funded", "funded_before"
    elif cohort.senco_funding is None:
        code = "not_announced"
    elif cohort.senco_funding == "not_funded":
        status, code = "not_funded", "cohort_not_funded"
    elif setting is None or nation is None:
        code = "depends_on_workplace"
    else:
        status = code = P_FUNDING.at(cohort.start)[setting]
        if status == "funded" and previously_funded is None:
            code = "funded_unless_before"
        if setting == "other":
            code = "other_setting"
    text = render.funding_text(code, cohort=cohort.name, setting=render.setting_name(setting) if setting else "")
    return (
        ("status", status),
        ("cohort", None if code == "already_held" else cohort.id),
        ("source", params.SOURCES["DFE-NPQ-REGISTRATION"]["short"]),
        ("text", text),
    )


def settings_alike(settings) -> bool:
    """Whether the law treats these settings the same on every date: the same relevance, the same
    funding, and no rule of their own. When a person cannot say which of them their school is
    (an academy or a maintained school), the answer does not depend on it."""
    settings = tuple(settings)
    if SINGLED_OUT_SETTINGS & set(settings):
        return False
    for parameter in (P_RELEVANT, P_FUNDING):
        for value in parameter.values:
            if value is not None and len({value.get(setting) for setting in settings}) != 1:
                return False
    return True
