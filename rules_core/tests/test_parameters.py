"""Every parameter is described, has a unit, cites a source with a link and was checked; every
value is dated; every rule's wording and source exists; no legal date is written in Python."""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from rules_core import params, render
from rules_core.dates import add_months, anniversary, long_date, months_between

PACKAGE = Path(__file__).resolve().parents[1]
PARAMETER_FILES = sorted(p for p in (PACKAGE / "parameters").rglob("*.yaml") if p.name != "sources.yaml")


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: p.stem)
def test_every_parameter_file_is_described_cited_and_checked(path):
    data = yaml.safe_load(path.read_text())
    assert data["description"].strip()
    metadata = data["metadata"]
    assert metadata["unit"]
    assert metadata["source"] in params.SOURCES
    assert isinstance(metadata["last_checked"], dt.date)
    assert metadata["reference"], "at least one reference"
    for reference in metadata["reference"]:
        assert reference["title"].strip()
        assert reference["href"].startswith("https://")
    assert path.read_text().startswith("#"), "opens with a comment citing the provision"


@pytest.mark.parametrize("name", sorted(params.PARAMETERS))
def test_every_parameter_value_starts_on_a_date_in_order(name):
    parameter = params.parameter(name)
    assert all(isinstance(start, dt.date) for start in parameter.starts)
    assert list(parameter.starts) == sorted(set(parameter.starts))


def test_a_parameter_looked_up_before_its_first_value_is_an_error_not_a_guess():
    with pytest.raises(params.ParameterLookupError):
        params.parameter("qualification.nasenco_started_before").at(dt.date(2024, 8, 31))


def test_the_cohort_calendar_is_in_order_with_sane_windows():
    cohorts = params.COHORTS
    assert [c.start for c in cohorts] == sorted(c.start for c in cohorts)
    for cohort in cohorts:
        assert cohort.registration_opens < cohort.registration_closes < cohort.start
        assert cohort.source in params.SOURCES
        assert cohort.senco_funding in ("funded", "not_funded", None)
        assert cohort.confirmed or cohort.senco_funding is None


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2026, 11, 26), "2027-autumn"),
        (dt.date(2026, 10, 16), "2026-autumn"),
        (dt.date(2026, 10, 17), "2027-autumn"),
        (dt.date(2025, 3, 1), "2025-spring"),
        (dt.date(2029, 1, 1), "2029-autumn"),
    ],
)
def test_the_next_open_cohort_is_the_first_whose_registration_has_not_closed(day, expected):
    assert params.next_open_cohort(day).id == expected


def test_cohorts_beyond_the_calendar_are_expected_and_unfunded_until_announced():
    later = params.next_open_cohort(dt.date(2030, 1, 1))
    assert (later.start, later.confirmed, later.senco_funding) == (dt.date(2030, 11, 1), False, None)


def test_every_source_is_a_link():
    for source in params.SOURCES.values():
        assert source["short"] and source["href"].startswith("https://")


def test_every_code_the_rules_use_has_wording_and_every_source_exists():
    law_text = (PACKAGE / "law.py").read_text()
    reason_codes = set(re.findall(r'run\.reason\(\s*"([a-z_.]+)"', law_text))
    step_codes = set(re.findall(r'run\.step\(\s*"([a-z_.]+)"', law_text))
    for nation in ("wales", "scotland", "northern_ireland"):
        reason_codes.add(f"scope.{nation}")
        step_codes.add(f"scope.{nation}")
    assert reason_codes <= set(render.WORDING["reasons"]), reason_codes - set(render.WORDING["reasons"])
    assert step_codes <= set(render.WORDING["steps"]), step_codes - set(render.WORDING["steps"])
    cited = set(re.findall(r'run\.(?:reason|step)\([^,]+,\s*"([A-Z0-9-]+)"', law_text))
    assert len(cited) >= 5
    assert cited <= set(params.SOURCES), cited - set(params.SOURCES)


def test_no_legal_date_is_written_in_python():
    pattern = re.compile(r"date\(\s*(19|20)\d\d\s*,|[\"'](19|20)\d\d-[01]\d-[0-3]\d[\"']")
    offenders = [str(p) for p in PACKAGE.glob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2025, 8, 31), 18, dt.date(2027, 2, 28)),
        (dt.date(2025, 4, 1), 22, dt.date(2027, 2, 1)),
        (dt.date(2024, 12, 15), -12, dt.date(2023, 12, 15)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
    ],
)
def test_adding_months_keeps_the_day_or_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2024, 2, 29), dt.date(2027, 2, 28)),
        (dt.date(2028, 2, 29), dt.date(2031, 2, 28)),
        (dt.date(2023, 9, 1), dt.date(2026, 9, 1)),
        (dt.date(2021, 2, 28), dt.date(2024, 2, 28)),
    ],
)
def test_the_third_anniversary_of_29_february_is_28_february(day, expected):
    assert anniversary(day, 3) == expected


def test_whole_months_between_dates_round_down():
    assert months_between(dt.date(2026, 9, 1), dt.date(2026, 11, 26)) == 2
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 27)) == 0
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 1  # the clamp rule of add_months
    assert long_date(dt.date(2027, 9, 1)) == "1 September 2027"


def test_no_legal_list_of_settings_is_written_in_the_rules():
    """Which settings are relevant schools is law: it lives in parameters/scope, not in Python."""
    settings = params.parameter("scope.relevant_schools").at(dt.date(2026, 11, 30))
    lists = [
        line
        for path in PACKAGE.glob("*.py")
        for line in path.read_text().splitlines()
        if sum(f'"{name}"' in line for name in settings) >= 2 and not line.startswith("SINGLED_OUT_SETTINGS")
    ]  # which have a sentence of their own: not law
    assert lists == []


def test_cohorts_after_the_calendar_follow_the_pattern_in_the_file():
    data = yaml.safe_load((PACKAGE / "parameters" / "npq" / "cohorts.yaml").read_text())
    pattern = data["annual_pattern"]
    last = params.COHORTS[-1]
    following = params.COHORT_PATTERN.after(last)
    assert following.start == add_months(last.start, pattern["every_months"])
    assert following.name == pattern["name_pattern"].format(year=following.start.year)
    assert (following.confirmed, following.senco_funding) == (pattern["confirmed"], pattern["senco_funding"])


def test_every_setting_the_rules_name_is_declared_as_singled_out():
    """settings_alike relies on this list: a setting named in law.py has a rule of its own."""
    from rules_core import law

    law_text = (PACKAGE / "law.py").read_text()
    settings = params.parameter("scope.relevant_schools").at(dt.date(2026, 11, 30))
    named = {name for name in settings if re.search(rf'setting == "{name}"', law_text)}
    assert named <= law.SINGLED_OUT_SETTINGS


def test_maintained_and_academy_mainstream_schools_are_alike_but_nurseries_are_not():
    from rules_core import law

    assert law.settings_alike(["maintained_mainstream", "academy_mainstream"])
    assert not law.settings_alike(["maintained_nursery", "pvi_nursery"])
    assert not law.settings_alike(["post16", "academy_mainstream"])
