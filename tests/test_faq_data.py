"""The FAQ answers in data/faq/answers.yml are complete, dated without gaps or overlaps, cited and
free of figures that belong in the rules core's dated parameters.

Each answer is a list of versions {valid_from, valid_until, last_checked, text, sources}. The
action picks the version in force on "today" and fills the {placeholders} from the parameters, so
the checks here are: exactly one version in force on every day from 1 September 2024 to today;
every source id is in rules_core/parameters/sources.yaml; every placeholder is one the action
knows and has a parameter value for the whole of the version's range; and no fee, course length
or cohort date is written into the text itself. The check functions return a list of problems;
the last tests feed them broken data to show that they catch what they should.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from pathlib import Path

import pytest
import yaml

import rules_core
from rules_core import params

ROOT = Path(__file__).resolve().parents[1]
ANSWERS_FILE = ROOT / "data" / "faq" / "answers.yml"
SOURCES_FILE = ROOT / "rules_core" / "parameters" / "sources.yaml"

COVERAGE_START = dt.date(2024, 9, 1)  # the NPQ for SENCOs became the required qualification
TODAY = dt.date.fromisoformat(os.environ["SENCO_TODAY"]) if os.environ.get("SENCO_TODAY") else dt.date.today()

INTENTS = [
    "faq_npq_what",
    "faq_nasenco_what",
    "faq_npq_duration_workload",
    "faq_funding",
    "faq_qts_to_take_npq",
    "faq_who_can_be_senco",
    "faq_which_schools",
    "faq_next_cohort",
    "faq_missed_deadline",
    "faq_shared_senco",
    "faq_other_nations",
    "faq_who_must_qualify",
    "faq_deadline_rules",
    "faq_slt",
    "faq_workforce_census",
    "faq_providers",
    "faq_changing_schools",
]

# The placeholders the action fills, with a sample value of the shape it fills them with.
SAMPLE_VALUES = {
    "study_months": "18",
    "assessment_months": "4",
    "total_months": "22",
    "weekly_hours": "1 to 2",
    "next_cohort": "November 2027",
    "next_cohort_start": "November 2027",
    "registration_opens": "June 2027",
    "registration_closes": "15 October 2027",
    "next_cohort_confirmed": "expected, not yet confirmed by DfE",
    "next_cohort_funding": "DfE has not yet announced scholarship funding for the November 2027 cohort.",
    "today": "26 November 2026",
}
ALLOWED_PLACEHOLDERS = frozenset(SAMPLE_VALUES)

# Placeholders filled from a dated parameter: that parameter must have a value on every day the
# version is in force, or the action would have nothing to put there.
PARAMETERS_BEHIND = {
    "study_months": ("npq.study_months",),
    "assessment_months": ("npq.assessment_months",),
    "total_months": ("npq.study_months", "npq.assessment_months"),
    "weekly_hours": ("npq.weekly_hours",),
}

LAW_SOURCES = frozenset({"REG49", "SI2024", "CFA67", "SEN-REGS-2008"})
# Words that mark a statement about the law; an answer that uses them must cite the law itself.
LEGAL_CLAIM = re.compile(r"\b(regulations?|law|legal|legally|must|Act|duty|requirement|required?)\b")

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
# Dates fixed by the law itself, which may be written out.
LEGAL_DATES = frozenset({("1", "September", "2009"), ("1", "September", "2024"), ("1", "September", "2027")})
# Years that may appear: the legal dates, the year people wrongly quote (2008), and the years in the
# names of Acts and the Code of Practice.
ALLOWED_YEARS = frozenset({"2004", "2008", "2009", "2014", "2015", "2016", "2018", "2024", "2027"})
# The only number of months, weeks or hours the law fixes.
ALLOWED_DURATIONS = frozenset({"12 months"})

MIN_WORDS, MAX_WORDS = 40, 120
VERSION_KEYS = {"valid_from", "valid_until", "last_checked", "text", "sources"}

# What the answer in force today must say (regular expressions, case-insensitive), from the brief
# in ../shared/LEGAL.md and its "Mistakes in circulation".
REQUIRED_CONTENT = {
    "faq_npq_what": [r"Schedule A1", r"1 September 2024", r"not a Master's"],
    "faq_nasenco_what": [
        r"Master's",
        r"1 September 2024",
        r"1 September 2027",
        r"never need",
        r"completed before\s+1 September 2024",
    ],
    "faq_npq_duration_workload": [
        r"\{study_months\}",
        r"\{assessment_months\}",
        r"\{total_months\}",
        r"\{weekly_hours\}",
        r"written assessment",
    ],
    "faq_funding": [
        r"\{next_cohort_funding\}",
        r"wider than the legal duty",
        r"special schools",
        r"secure units",
        r"No fee for an unfunded place is published",
        r"pupil referral units",
        r"16 to 19",
        r"independent schools",
        r"private nurseries",
        r"twice",
        r"withdr",
        r"fail",
    ],
    "faq_qts_to_take_npq": [r"^No\b", r"teacher reference number", r"QTLS", r"head teacher"],
    "faq_who_can_be_senco": [r"QTS", r"QTLS", r"induction", r"acting head teacher", r"EYTS", r"EYPS", r"not QTS"],
    "faq_which_schools": [
        r"mainstream maintained schools",
        r"academies",
        r"Free schools are academies",
        r"maintained nursery school",
        r"legal requirement, not just good practice",
        r"special schools",
        r"independent schools",
        r"sixth-form colleges",
        r"pupil referral units",
        r"alternative provision",
        r"local authority or academy trust",
    ],
    "faq_next_cohort": [
        r"\{next_cohort_start\}",
        r"\{next_cohort_confirmed\}",
        r"\{registration_opens\}",
        r"\{registration_closes\}",
        r"approximate",
    ],
    "faq_missed_deadline": [
        r"governing body",
        r"proprietor",
        r"head teacher",
        r"\{next_cohort\}",
        r"appropriate authority",
        r"49\(4\)",
    ],
    "faq_shared_senco": [r"class-teaching", r"head teacher at one of the schools", r"good practice"],
    "faq_other_nations": [r"only in England", r"Wales", r"ALNCo", r"Scotland", r"Northern Ireland"],
    "faq_who_must_qualify": [
        r"Not every SENCO",
        r"NASENCO that counts",
        r"on or before\s+1 September 2009",
        r"more\s+than 12 months",
        r"that or any other relevant school",
        r"not\s+2008",
        r"even by a few days",
    ],
    "faq_deadline_rules": [
        r"third anniversary",
        r"not just\s+have started",
        r"before\s+1 September 2024",
        r"before\s+1 September 2027",
    ],
    "faq_slt": [
        r"^No\b",
        r"6\.87",
        r"will be most effective in that role if they are part of the school leadership team",
        r"not a legal",
    ],
    "faq_workforce_census": [r"School Workforce Census", r"exemptions", r"meeting the law even when it warns"],
    "faq_providers": [r"Schedule A1", r"1 September 2024"],
    "faq_changing_schools": [r"49\(4\)", r"more\s+than\s+12 months in total", r"does not apply", r"our reading"],
}
# Things an answer must not say: consequences the law does not set out.
FORBIDDEN_CONTENT = {
    "faq_missed_deadline": [r"penalt", r"\bfined?\b", r"sanction", r"prosecut", r"dismiss", r"struck off"],
    # Code of Practice 6.87 has no "or have access to it" (LEGAL.md).
    "faq_slt": [r"have access"],
    # The only fee in our sources is another NPQ's (seed 004): never quoted as the SENCO price.
    "faq_funding": [r"£", r"\{fee\}", r"1,265"],
    # A NASENCO started on or after 1 September 2024, or finished on or after 1 September 2027,
    # does not count: no blanket "holders never need it".
    "faq_who_must_qualify": [r"NASENCO holders never need"],
}
# Answers whose every version must ask for the user's dates, for the personal check.
OFFERS_PERSONAL_CHECK = [
    "faq_changing_schools",
    "faq_who_must_qualify",
    "faq_deadline_rules",
    "faq_npq_duration_workload",
    "faq_missed_deadline",
    "faq_next_cohort",
]
PERSONAL_CHECK = re.compile(r"tell me when you became SENCO", re.IGNORECASE)


def load_answers(path: Path = ANSWERS_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


ANSWERS = load_answers()
KNOWN_SOURCES = frozenset(yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8")))
ALL_VERSIONS = [
    (intent, index, version)
    for intent, versions in ANSWERS.items()
    if isinstance(versions, list)
    for index, version in enumerate(versions)
]
VERSION_IDS = [f"{intent}[{version.get('valid_from')}]" for intent, _, version in ALL_VERSIONS]


def is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


# ---------------------------------------------------------------------------------------------
# Check functions: each returns a list of problems (empty when all is well).


def coverage_problems(versions: list, start: dt.date = COVERAGE_START, today: dt.date = TODAY) -> list:
    """Versions in date order, each range the right way round, no overlap and no gap between one
    version and the next, exactly one version in force on every day from ``start`` to ``today``,
    and the newest version open-ended."""
    problems = []
    if not versions:
        return ["no versions"]
    for version in versions:
        if not is_date(version.get("valid_from")):
            problems.append(f"valid_from {version.get('valid_from')!r} is not a date")
        until = version.get("valid_until")
        if until is not None and not is_date(until):
            problems.append(f"valid_until {until!r} is neither a date nor null")
    if problems:
        return problems
    for version in versions:
        if version["valid_until"] is not None and version["valid_until"] < version["valid_from"]:
            problems.append(f"version from {version['valid_from']} ends before it starts ({version['valid_until']})")
    for earlier, later in zip(versions, versions[1:], strict=False):
        if later["valid_from"] <= earlier["valid_from"]:
            problems.append(f"versions out of order: {later['valid_from']} after {earlier['valid_from']}")
        elif earlier["valid_until"] is None:
            problems.append(f"version from {earlier['valid_from']} never ends, overlapping {later['valid_from']}")
        elif earlier["valid_until"] >= later["valid_from"]:
            problems.append(f"overlap: {earlier['valid_until']} is on or after {later['valid_from']}")
        elif earlier["valid_until"] + dt.timedelta(days=1) != later["valid_from"]:
            problems.append(f"gap between {earlier['valid_until']} and {later['valid_from']}")
    if versions[-1]["valid_until"] is not None:
        problems.append(f"the newest version ends on {versions[-1]['valid_until']}: nothing after it")
    # The same thing day by day, so that no arrangement can slip past the pairwise checks.
    day = start
    while day <= today and not problems:
        in_force = [v for v in versions if v["valid_from"] <= day and (v["valid_until"] is None or day <= v["valid_until"])]
        if len(in_force) != 1:
            problems.append(f"{len(in_force)} versions in force on {day}")
        day += dt.timedelta(days=1)
    return problems


def source_problems(version: dict, known: frozenset = KNOWN_SOURCES) -> list:
    sources = version.get("sources")
    if not isinstance(sources, list) or not sources:
        return ["cites no source"]
    problems = [f"unknown source id {s!r}" for s in sources if s not in known]
    if len(set(sources)) != len(sources):
        problems.append(f"a source is listed twice: {sources}")
    if LEGAL_CLAIM.search(version.get("text", "")) and not LAW_SOURCES & set(sources):
        problems.append(f"makes a legal claim but cites none of {sorted(LAW_SOURCES)}")
    return problems


def placeholders(text: str) -> list:
    return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]


def placeholder_problems(text: str) -> list:
    problems = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:  # a lone "{" or "}"
        return [f"text does not parse as a template: {error}"]
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in ALLOWED_PLACEHOLDERS:
            problems.append(f"unknown placeholder {{{field}}}")
        if spec or conversion:
            problems.append(f"placeholder {{{field}}} carries a format spec or conversion")
    if not problems:
        try:
            filled = text.format(**SAMPLE_VALUES)
        except (KeyError, IndexError, ValueError) as error:
            problems.append(f"does not format with sample values: {error!r}")
        else:
            if "{" in filled or "}" in filled:
                problems.append("braces left after formatting")
    return problems


def literal_problems(text: str) -> list:
    """Figures that must come from placeholders: money, cohort dates and seasons, academic years,
    course lengths and weekly hours; plus dates not in GOV.UK style."""
    problems = []
    if re.search(r"£\s*\d|\d\s*(pounds|GBP)\b", text):
        problems.append("a sum of money is written in the text: use {fee}")
    for match in re.finditer(rf"(?:\b(\d{{1,2}})(?:st|nd|rd|th)?\s+)?\b({MONTHS})\.?\s+(\d{{4}})\b", text):
        day, month, year = match.groups()
        if (day, month, year) not in LEGAL_DATES:
            problems.append(f"a date that is not fixed by law is written in the text: {match.group(0)!r}")
    for match in re.finditer(r"\b(spring|summer|autumn|winter)\s+(term\s+)?\d{4}\b", text, re.IGNORECASE):
        problems.append(f"a cohort season is written in the text: {match.group(0)!r}")
    for match in re.finditer(r"\b(19|20)\d{2}\s*(to|-|–|/)\s*(19|20)?\d{2}\b", text):
        if not re.fullmatch(r"20\d{2}/\d{3,4}", match.group(0)):  # "SI 2024/535" is a citation
            problems.append(f"an academic or cohort year is written in the text: {match.group(0)!r}")
    for match in re.finditer(r"\b(19|20)\d{2}\b", text):
        if match.group(0) not in ALLOWED_YEARS:
            problems.append(f"a year that is not fixed by law is written in the text: {match.group(0)}")
    for match in re.finditer(r"\b\d+(?:\s*(?:to|-|–)\s*\d+)?\s+(?:months?|weeks?|hours?)\b", text):
        if match.group(0) not in ALLOWED_DURATIONS:
            problems.append(f"a course length or workload is written in the text: {match.group(0)!r}")
    if re.search(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", text):
        problems.append("a date in numbers: write dates like 1 September 2027")
    if re.search(rf"\b\d{{1,2}}(st|nd|rd|th)\s+({MONTHS})\b", text):
        problems.append("an ordinal date: write dates like 1 September 2027")
    return problems


def parameter_problems(version: dict, today: dt.date = TODAY) -> list:
    """Every dated parameter behind a placeholder has a value on each day the version is in force
    (checked at the start, at each change of the parameter inside the range, and at the end)."""
    problems = []
    start = version["valid_from"]
    end = version["valid_until"] or max(today, start)
    for field in set(placeholders(version["text"])):
        for name in PARAMETERS_BEHIND.get(field, ()):
            parameter = params.parameter(name)
            days = {start, end} | {s for s in parameter.starts if start <= s <= end}
            for day in sorted(days):
                try:
                    parameter.at(day)
                except params.ParameterLookupError as error:
                    problems.append(f"{{{field}}} has no value on {day}: {error}")
    return problems


def word_count(text: str, values: dict = SAMPLE_VALUES) -> int:
    return len(" ".join(text.split()).format(**values).split())


def calendar_days(version: dict, today: dt.date = TODAY) -> list:
    """Days on which to fill a version from the real NPQ calendar: its first and last day in force
    (from 1 September 2024; open-ended versions up to a year after today) and each day either side
    of a cohort's registration closing, when the next cohort and its funding sentence change."""
    start = max(version["valid_from"], COVERAGE_START)
    end = version["valid_until"] or max(today, start) + dt.timedelta(days=366)
    if end < start:
        return []
    days = {start, end}
    cohort = params.COHORTS[0]
    while cohort.registration_closes <= end:
        days |= {cohort.registration_closes, cohort.registration_closes + dt.timedelta(days=1)}
        later = [c for c in params.COHORTS if c.registration_closes > cohort.registration_closes]
        cohort = later[0] if later else params.COHORT_PATTERN.after(cohort)
    return sorted(day for day in days if start <= day <= end)


def current_version(versions: list, today: dt.date = TODAY) -> dict:
    (version,) = [v for v in versions if v["valid_from"] <= today and (v["valid_until"] is None or today <= v["valid_until"])]
    return version


# ---------------------------------------------------------------------------------------------
# The file as a whole.


def test_the_file_is_a_mapping_from_faq_intents_to_lists_of_versions():
    assert isinstance(ANSWERS, dict)
    for intent, versions in ANSWERS.items():
        assert re.fullmatch(r"faq_[a-z0-9_]+", intent), f"{intent} is not named faq_..."
        assert isinstance(versions, list) and versions, f"{intent} has no versions"


@pytest.mark.parametrize("intent", INTENTS)
def test_every_faq_intent_has_an_answer(intent):
    assert intent in ANSWERS, f"{intent} is missing from {ANSWERS_FILE.name}"


# ---------------------------------------------------------------------------------------------
# Each intent's versions over time.


@pytest.mark.parametrize("intent", INTENTS)
def test_exactly_one_version_is_in_force_on_every_day_from_1_september_2024_to_today(intent):
    assert coverage_problems(ANSWERS[intent]) == []


@pytest.mark.parametrize("intent", INTENTS)
def test_the_version_in_force_today_says_what_the_brief_requires(intent):
    text = current_version(ANSWERS[intent])["text"]
    missing = [pattern for pattern in REQUIRED_CONTENT[intent] if not re.search(pattern, text, re.IGNORECASE)]
    assert missing == [], f"{intent} today does not say: {missing}"


@pytest.mark.parametrize("intent", sorted(FORBIDDEN_CONTENT))
def test_no_version_invents_consequences_the_law_does_not_set_out(intent):
    for version in ANSWERS[intent]:
        said = [p for p in FORBIDDEN_CONTENT[intent] if re.search(p, version["text"], re.IGNORECASE)]
        assert said == [], f"{intent} from {version['valid_from']} says {said}"


@pytest.mark.parametrize("intent", OFFERS_PERSONAL_CHECK)
def test_answers_that_depend_on_the_users_dates_offer_the_personal_check(intent):
    for version in ANSWERS[intent]:
        assert PERSONAL_CHECK.search(version["text"]), f"{intent} from {version['valid_from']}"


def test_the_nasenco_answer_changes_on_1_september_2024_and_on_1_september_2027():
    starts = [v["valid_from"] for v in ANSWERS["faq_nasenco_what"]]
    assert dt.date(2024, 9, 1) in starts and dt.date(2027, 9, 1) in starts


def test_the_funding_answer_has_a_version_for_the_2025_26_and_the_2026_27_cohorts():
    versions = ANSWERS["faq_funding"]
    for day in (dt.date(2025, 10, 1), dt.date(2026, 11, 1)):  # autumn 2025 and November 2026 starts
        assert current_version(versions, day) is not None
    assert current_version(versions, dt.date(2025, 10, 1)) is not current_version(versions, dt.date(2026, 11, 1))
    for version in versions:
        assert "{next_cohort_funding}" in version["text"]


# ---------------------------------------------------------------------------------------------
# Each version.


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_every_version_has_exactly_the_expected_fields(intent, index, version):
    assert set(version) == VERSION_KEYS
    assert isinstance(version["text"], str) and version["text"].strip()


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_every_version_starts_on_a_date_and_ends_on_a_later_date_or_never(intent, index, version):
    assert is_date(version["valid_from"])
    assert version["valid_until"] is None or (is_date(version["valid_until"]) and version["valid_until"] >= version["valid_from"])


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_last_checked_is_a_date_not_in_the_future(intent, index, version):
    assert is_date(version["last_checked"])
    assert version["last_checked"] <= TODAY


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_every_version_cites_known_sources_and_the_law_for_legal_claims(intent, index, version):
    assert source_problems(version) == []


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_every_placeholder_is_one_the_action_fills_and_the_text_formats(intent, index, version):
    assert placeholder_problems(version["text"]) == []


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_no_fee_course_length_or_cohort_date_is_written_literally(intent, index, version):
    assert literal_problems(version["text"]) == []


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_every_parameter_behind_a_placeholder_has_a_value_while_the_version_is_in_force(intent, index, version):
    assert parameter_problems(version) == []


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_every_answer_is_40_to_120_words_once_filled(intent, index, version):
    assert MIN_WORDS <= word_count(version["text"]) <= MAX_WORDS


@pytest.mark.parametrize("intent, index, version", ALL_VERSIONS, ids=VERSION_IDS)
def test_every_answer_stays_40_to_120_words_as_the_action_fills_it_from_the_cohort_calendar(intent, index, version):
    # The action fills the placeholders from rules_core.npq_calendar(today); its funding sentence
    # can be much longer than the sample, so the limit is checked on the real text too.
    npq_calendar = getattr(rules_core, "npq_calendar", None)
    if npq_calendar is None:
        pytest.skip("rules_core.npq_calendar is not there yet")
    for day in calendar_days(version):
        filled = " ".join(version["text"].split()).format(**npq_calendar(day))
        assert "{" not in filled and "}" not in filled, day
        assert MIN_WORDS <= len(filled.split()) <= MAX_WORDS, f"{len(filled.split())} words on {day}: {filled}"


# ---------------------------------------------------------------------------------------------
# The checks themselves catch what they should.


def _version(valid_from, valid_until=None, text="The law says so (regulation 49).", sources=("REG49",)):
    return {
        "valid_from": valid_from,
        "valid_until": valid_until,
        "last_checked": dt.date(2026, 11, 26),
        "text": text,
        "sources": list(sources),
    }


D = dt.date


@pytest.mark.parametrize(
    "versions, expected",
    [
        ([_version(D(2024, 9, 1), D(2025, 8, 31)), _version(D(2025, 9, 1))], None),
        ([_version(D(2024, 9, 1), D(2025, 9, 1)), _version(D(2025, 9, 1))], "overlap"),
        ([_version(D(2024, 9, 1), D(2025, 8, 30)), _version(D(2025, 9, 1))], "gap"),
        ([_version(D(2025, 9, 1)), _version(D(2024, 9, 1), D(2025, 8, 31))], "out of order"),
        ([_version(D(2024, 10, 1))], "0 versions in force on 2024-09-01"),
        ([_version(D(2024, 9, 1), D(2024, 8, 1))], "ends before it starts"),
        ([_version(D(2024, 9, 1), D(2026, 1, 1))], "nothing after it"),
        ([_version(D(2024, 9, 1)), _version(D(2025, 9, 1))], "never ends"),
        ([_version("2024-09-01")], "not a date"),
    ],
    ids=["contiguous", "overlap", "gap", "out-of-order", "late-start", "backwards", "ends", "open-then-another", "string"],
)
def test_coverage_check_catches_overlaps_gaps_and_disorder(versions, expected):
    problems = coverage_problems(versions, today=D(2026, 11, 26))
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "version, expected",
    [
        (_version(D(2024, 9, 1), sources=["REG49", "SEED-TEACHFIRST"]), None),
        (_version(D(2024, 9, 1), sources=["REG-49"]), "unknown source"),
        (_version(D(2024, 9, 1), sources=[]), "no source"),
        (_version(D(2024, 9, 1), sources=["SEED-TEACHFIRST"]), "legal claim"),
    ],
)
def test_source_check_catches_unknown_ids_and_legal_claims_without_the_law(version, expected):
    problems = source_problems(version)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "text, expected",
    [
        ("About {total_months} months from {next_cohort_start}.", None),
        ("About {length} months.", "unknown placeholder"),
        ("About {total_months:,} months.", "format spec"),
        ("A stray { brace.", "does not parse"),
    ],
)
def test_placeholder_check_catches_unknown_names_and_bad_templates(text, expected):
    problems = placeholder_problems(text)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "A place costs £1,265.",
        "A place costs £ 1265.",
        "The next cohort starts in November 2027.",
        "Registration closes on 15 October 2027.",
        "Join the autumn 2026 cohort.",
        "Funding for the 2025 to 2026 cohorts.",
        "Funding for the 2025-26 cohorts.",
        "It takes 18 months, then up to 4 months for the result.",
        "Allow 1 to 2 hours a week.",
        "The deadline is 2027-09-01.",
        "The deadline is 1st September 2027.",
        "Applications opened in June.  They close in Oct 2026.",
    ],
)
def test_literal_check_catches_money_cohort_dates_and_course_lengths(text):
    assert literal_problems(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "Appointed on or before 1 September 2009, not 2008.",
        "Started before 1 September 2024 and completed before 1 September 2027.",
        "More than 12 months' earlier service (SI 2024/535; Children and Families Act 2014).",
        "Allow about {total_months} months; the {next_cohort} cohort.",
        "If you became SENCO on 29 February, we take the anniversary as 28 February.",
    ],
)
def test_literal_check_allows_legal_dates_citations_and_placeholders(text):
    assert literal_problems(text) == []


def test_parameter_check_catches_a_placeholder_used_before_its_parameter_starts():
    first = params.parameter("npq.study_months").first_date
    early = _version(first - dt.timedelta(days=1), text="Allow about {study_months} months of study.")
    assert parameter_problems(early) != []
    assert parameter_problems(_version(first, text="Allow about {study_months} months of study.")) == []
