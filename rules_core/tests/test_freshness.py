"""The freshness report lists what a maintainer must re-check, and nothing when all is fresh."""

import datetime as dt

from rules_core import freshness, params


def test_a_cohort_open_within_a_year_that_is_only_extrapolated_is_listed():
    items = freshness.stale_items(dt.date(2026, 11, 30))
    assert any(item.name == "npq.cohorts" and "extrapolated" in item.why for item in items)


def test_a_check_older_than_the_limit_is_listed_with_its_link():
    checked = params.parameter("duty.years_to_qualify").metadata["last_checked"]
    items = freshness.stale_items(checked + dt.timedelta(days=181), days=180)
    listed = [item for item in items if item.name == "duty.years_to_qualify"]
    assert listed and listed[0].href.startswith("https://www.legislation.gov.uk/")
    assert not [
        item for item in freshness.stale_items(checked + dt.timedelta(days=179), days=180) if item.name == "duty.years_to_qualify"
    ]


def test_the_command_exits_1_when_something_is_listed(capsys):
    assert freshness.main(["--as-of", "2030-01-01"]) == 1
    assert "to re-check as of 2030-01-01" in capsys.readouterr().out


def test_the_command_exits_0_when_nothing_is_listed(monkeypatch, capsys):
    monkeypatch.setattr(freshness, "stale_items", lambda as_of, days: [])
    assert freshness.main(["--as-of", "2026-11-30"]) == 0
