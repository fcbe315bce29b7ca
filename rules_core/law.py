"""The rules, in the order the law is read: scope, who may be SENCO, the duty, which qualification
counts, then how the person stands today. Each step cites its provision; the wording of every reason
and next step is in ``wording.yaml`` (rendered by ``render.py``), and every date and number comes
from ``parameters/``.

Facts arrive checked (``facts.normalise``). A step that needs a fact nobody has given records it in
``missing`` and carries on along the most common path, so that ``missing`` lists every question
still to ask in order; an outcome is given only when nothing is missing.
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from . import params, render
from .dates import add_months, anniversary, describe_gap, long_date, month_year

RELEVANT_SCHOOLS = frozenset(("maintained_mainstream", "academy_mainstream", "maintained_nursery"))
NOT_RELEVANT_SCHOOLS = frozenset(("special", "independent", "post16", "pvi_nursery", "other"))

SETTING_NAMES = {
    "maintained_mainstream": "a mainstream maintained school",
    "academy_mainstream": "a mainstream academy or free school",
    "maintained_nursery": "a maintained nursery school",
    "special": "a special school",
    "independent": "an independent school",
    "post16": "a further education or sixth-form college",
    "pvi_nursery": "a private, voluntary or independent nursery",
    "pru_ap": "a pupil referral unit or alternative provision academy",
    "other": "a setting that is not a school in its own right (a virtual or hospital school, secure setting or supply work)",
}

NATION_NAMES = {"wales": "Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}

P_APPOINTED_AFTER = params.parameter("duty.appointed_after")
P_PRIOR_LIMIT = params.parameter("duty.prior_service_limit_months")
P_YEARS = params.parameter("duty.years_to_qualify")
P_NPQ_PRESCRIBED = params.parameter("qualification.npq_senco_prescribed")
P_NASENCO_START_BEFORE = params.parameter("qualification.nasenco_started_before")
P_NASENCO_DONE_BEFORE = params.parameter("qualification.nasenco_completed_before")
P_STUDY = params.parameter("npq.study_months")
P_ASSESSMENT = params.parameter("npq.assessment_months")
P_FUNDING = params.parameter("funding.setting_eligibility")
P_FEE = params.parameter("npq.non_funded_fee")
P_HOURS = params.parameter("npq.weekly_hours")
EARLIEST_AS_OF = P_APPOINTED_AFTER.first_date


class LawInForce:
    """The parameters in force on one date, looked up once (a server answers many questions a day)."""

    __slots__ = ("appointed_after", "prior_limit", "years", "npq_prescribed", "nasenco_start_before",
                 "nasenco_done_before", "npq_months", "study", "assessment", "fee", "next_cohort")

    def __init__(self, day: _dt.date):
        self.appointed_after = P_APPOINTED_AFTER.at(day)
        self.prior_limit = P_PRIOR_LIMIT.at(day)
        self.years = P_YEARS.at(day)
        self.npq_prescribed = P_NPQ_PRESCRIBED.at(day)
        self.nasenco_start_before = P_NASENCO_START_BEFORE.at(day) if self.npq_prescribed else None
        self.nasenco_done_before = P_NASENCO_DONE_BEFORE.at(day) if self.npq_prescribed else None
        self.study = P_STUDY.at(day) if day >= P_STUDY.first_date else None
        self.assessment = P_ASSESSMENT.at(day) if day >= P_ASSESSMENT.first_date else None
        self.npq_months = (self.study + self.assessment) if self.study is not None else None
        self.fee = P_FEE.at(day) if day >= P_FEE.first_date else None
        self.next_cohort = params.next_open_cohort(day)


@lru_cache(maxsize=512)
def law_in_force(day: _dt.date) -> LawInForce:
    return LawInForce(day)


class Run:
    """What one determination has found so far."""

    __slots__ = ("facts", "as_of", "law", "missing", "reasons", "steps", "outcome", "qualification",
                 "deadline", "expected", "status")

    def __init__(self, facts: dict, as_of: _dt.date):
        self.facts = facts
        self.as_of = as_of
        self.law = law_in_force(as_of)
        self.missing = []
        self.reasons = []  # (rule code, values, source id)
        self.steps = []  # (step code, values, by date, source id)
        self.outcome = None
        self.qualification = None
        self.deadline = None
        self.expected = None
        self.status = None

    def need(self, key: str):
        """The fact, or None after noting it as missing."""
        value = self.facts.get(key)
        if value is None:
            self.missing.append(key)
        return value

    def need_course(self, course: str, key: str):
        value = self.facts.get(course, {}).get(key)
        if value is None:
            self.missing.append(f"{course}.{key}")
        return value

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
REASON_ORDER = {part: rank for rank, part in enumerate(
    ("scope", "role", "eligibility", "duty", "qualification", "estimate", "status"))}


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
        run.reason(f"scope.{nation}", "CFA67", nation=NATION_NAMES[nation])
        run.step(f"scope.{nation}", "CFA67" if nation != "wales" else "ALN-WALES")
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

    # --- CFA 2014 s.83 / reg 2: only a "relevant school" must have a qualified SENCO. ----------
    setting = run.need("setting")
    if setting in NOT_RELEVANT_SCHOOLS:
        run.reason("scope.not_relevant_school" if setting != "other" else "scope.other_setting", "CFA67",
                   setting=SETTING_NAMES[setting])
        run.step("npq.open_to_you", "DFE-NPQ-FUNDING")
        run.decide("NOT_REQUIRED", "not_applicable")
        return
    if setting == "pru_ap":
        run.need("role")
        run.reason("scope.pru_ap", "CFA67", setting=SETTING_NAMES[setting])
        run.step("scope.ask_la", "CFA67")
        run.step("npq.open_to_you", "DFE-NPQ-FUNDING")
        run.decide("UNCLEAR", "not_applicable")
        return
    if setting is not None:
        run.reason("scope.relevant_school", "CFA67", setting=SETTING_NAMES[setting])

    role = run.need("role")

    # --- Reg 49(1)-(3): who may be the SENCO at all. Once something rules a person out unless
    # they are the head teacher, that question comes before any date.
    disqualified = _disqualifier_known(facts)
    if disqualified:
        if _eligibility(run, setting) is False:
            _not_eligible(run, setting)
            return

    # --- Reg 49(4): the qualification duty. ---------------------------------------------------
    appointed = run.need("appointment_date")
    if role == "aspiring" and appointed is not None:
        run.reason("role.aspiring", "REG49", planned=long_date(appointed))
    exempt = False
    cutoff = run.law.appointed_after
    if appointed is not None and appointed <= cutoff:
        exempt = True
        run.reason("duty.appointed_before_cutoff", "REG49", appointed=long_date(appointed), cutoff=long_date(cutoff))
    else:
        prior = run.need("prior_senco_months")
        limit = run.law.prior_limit
        if prior is not None and prior > limit:
            exempt = True
            run.reason("duty.prior_service", "REG49", months=prior, limit=limit)

    if not disqualified and _eligibility(run, setting) is False:
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
        run.reason("duty.applies", "REG49", appointed=long_date(appointed), cutoff=long_date(cutoff),
                   deadline=long_date(deadline), years=years, limit=run.law.prior_limit,
                   prior=prior if prior is not None else 0)
        run.reason("duty.readings", "REG49", years=years, limit=run.law.prior_limit)
        if appointed.month == 2 and appointed.day == 29:
            run.reason("duty.leap_day", "REG49", deadline=long_date(deadline))
        if not run.missing:
            run.deadline = deadline

    # --- Reg 49(7)-(9): which qualification counts, and how the person stands. ---------------
    _qualification(run, deadline)


def _disqualifier_known(facts: dict) -> bool:
    """A fact already given that rules the person out unless they are the head teacher."""
    return (facts.get("has_qts") is False or facts.get("qts_via_qtls_only") is True
            or facts.get("induction") == "in_progress")


def _eligibility(run: Run, setting):
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


def _qualification(run: Run, deadline):
    as_of = run.as_of
    npq_prescribed = run.law.npq_prescribed
    nasenco = run.facts.get("nasenco", {})
    nasenco_status = run.need_course("nasenco", "status")

    if not npq_prescribed:
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

    start_before = run.law.nasenco_start_before
    done_before = run.law.nasenco_done_before
    dates = {"start_before": long_date(start_before), "done_before": long_date(done_before)}

    if nasenco_status == "completed":
        completed = run.need_course("nasenco", "completion_date")
        started = nasenco.get("start_date")
        if completed is not None and completed < start_before:
            counts = True
        elif completed is not None and completed >= done_before:
            counts = False
            run.reason("qualification.nasenco_completed_too_late", "REG49", completed=long_date(completed), **dates)
        else:
            started = run.need_course("nasenco", "start_date")
            counts = None if started is None else started < start_before
            if counts is False:
                run.reason("qualification.nasenco_started_too_late", "REG49", started=long_date(started), **dates)
        if counts is not False:
            if counts:
                run.reason("qualification.nasenco_counts", "REG49", **dates)
                if deadline is not None and completed is not None and completed > deadline:
                    run.reason("status.qualified_late", "REG49", completed=long_date(completed),
                               deadline=long_date(deadline))
            run.step("qualified.keep_evidence", "REG49")
            return run.decide("ALREADY_QUALIFIED", "met", "NASENCO")

    elif nasenco_status == "in_progress":
        started = run.need_course("nasenco", "start_date")
        if started is not None and started >= start_before:
            run.reason("qualification.nasenco_started_too_late", "REG49", started=long_date(started), **dates)
        elif as_of >= done_before:
            run.reason("qualification.nasenco_window_closed", "REG49", **dates)
        else:
            expected = run.need_course("nasenco", "completion_date")
            if expected is not None and expected >= done_before:
                run.reason("qualification.nasenco_will_finish_too_late", "REG49", expected=long_date(expected), **dates)
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
                expected = add_months(started, run.law.npq_months)
                run.reason("estimate.from_start", "SEED-TEACHFIRST", started=month_year(started),
                           expected=month_year(expected), study=run.law.study, assessment=run.law.assessment)
    elif npq_status == "none":
        cohort = run.law.next_cohort
        expected = add_months(cohort.start, run.law.npq_months)
        run.reason("estimate.next_cohort", "DFE-NPQ-FUNDING", cohort=cohort.name, start=month_year(cohort.start),
                   expected=month_year(expected), study=run.law.study, assessment=run.law.assessment,
                   confirmed="confirmed" if cohort.confirmed else "expected, not yet confirmed by DfE")
        _register_step(run, cohort)
    return _stand(run, "TAKE_NPQ_SENCO", "NPQ_SENCO", deadline, expected, enrolled=enrolled)


def _register_step(run: Run, cohort) -> None:
    if cohort.registration_opens > run.as_of:
        run.step("npq.register_when_open", "DFE-NPQ-FUNDING", by=cohort.registration_closes,
                 cohort=cohort.name, opens=month_year(cohort.registration_opens),
                 closes=long_date(cohort.registration_closes),
                 confirmed="" if cohort.confirmed else " (DfE has not confirmed this cohort yet)")
    else:
        run.step("npq.register_now", "DFE-NPQ-FUNDING", by=cohort.registration_closes,
                 cohort=cohort.name, closes=long_date(cohort.registration_closes))


def _stand(run: Run, outcome: str, qualification: str, deadline, expected, enrolled: bool):
    """Met / on track / at risk / overdue, against the reg 49(4) deadline."""
    if run.missing:
        return
    run.expected = expected
    as_of = run.as_of
    values = {"deadline": long_date(deadline)}
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
        run.reason("status.on_track" if enrolled else "status.on_track_if_registered", "REG49",
                   expected=long_date(expected), **values)
        if enrolled:
            run.step("keep_going", "REG49", by=deadline, **values)
    else:
        status = "at_risk"
        run.reason("status.at_risk", "REG49", expected=month_year(expected), late=describe_gap(deadline, expected),
                   **values)
        run.step("duty.tell_governors", "REG49")
        if enrolled:
            run.step("provider.ask_about_timing", "SEED-TEACHFIRST")
    if status != "on_track":
        run.step("good_practice.leadership", "COP")
    run.decide(outcome, status, qualification)


def funding(run: Run) -> dict:
    """Scholarship funding for the next cohort the person could join (DfE's rules, wider than reg 49)."""
    npq = run.facts.get("npq", {})
    return dict(_funding(run.law, run.facts.get("nation"), run.facts.get("setting"), npq.get("status"),
                         npq.get("previously_funded")))


@lru_cache(maxsize=1024)
def _funding(law: LawInForce, nation, setting, npq_status, previously_funded) -> tuple:
    cohort = law.next_cohort
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
    text = render.funding_text(code, cohort=cohort.name, setting=SETTING_NAMES.get(setting, ""),
                               fee=law.fee if status != "funded" and code != "already_held" else None)
    return (("status", status), ("cohort", None if code == "already_held" else cohort.id),
            ("source", params.SOURCES["DFE-NPQ-REGISTRATION"]["short"]), ("text", text))
