"""The .ics file, parsed back with icalendar and checked against RFC 5545: one VCALENDAR (VERSION
2.0, PRODID), an all-day VEVENT (DTSTART and DTEND as DATE values) for the deadline and, when the
answer asks the person to register, for the next registration window's opening and closing, each
with a VALARM; only dates still ahead; lines folded at 75 octets and ended with CRLF."""

import datetime as dt

import pytest
from icalendar import Calendar

import rules_core
from channels import share
from rules_core import params

AS_OF = dt.date(2026, 11, 26)
BASE = "https://senco.example.org"
NOT_ENROLLED = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2025-09-15",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "none"},
}
ENROLLED = dict(NOT_ENROLLED, npq={"status": "in_progress", "start_date": "2025-11-01"})


def ics(facts, as_of=AS_OF, seed="token:abc") -> bytes:
    determination = rules_core.determine(facts, as_of)
    return share.calendar(
        determination, rules_core.card(determination), seed, BASE, now=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.timezone.utc)
    )


def events(data: bytes) -> list:
    calendar = Calendar.from_ical(data)
    return [component for component in calendar.walk("VEVENT")]


def test_the_file_is_one_vcalendar_with_what_rfc_5545_requires():
    data = ics(NOT_ENROLLED)
    calendar = Calendar.from_ical(data)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "content lines are folded at 75 octets"
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_someone_not_enrolled_gets_the_deadline_and_the_next_registration_window():
    found = events(ics(NOT_ENROLLED))
    cohort = params.next_open_cohort(AS_OF)  # worked out here from the cohort calendar
    assert cohort.registration_opens > AS_OF
    starts = sorted(event.decoded("DTSTART") for event in found)
    assert starts == sorted([dt.date(2028, 9, 15), cohort.registration_opens, cohort.registration_closes])
    summaries = " | ".join(str(event["SUMMARY"]) for event in found)
    assert cohort.name in summaries


def test_every_event_is_all_day_with_a_date_value_and_a_one_day_span():
    for event in events(ics(NOT_ENROLLED)):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # DATE, not DATE-TIME
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert end - start == dt.timedelta(days=1)
        assert isinstance(event.decoded("DTSTAMP"), dt.datetime) and event.decoded("DTSTAMP").tzinfo is not None
        assert str(event["SUMMARY"]) and str(event["DESCRIPTION"])


def test_every_event_has_a_display_reminder_before_or_on_its_day():
    for event in events(ics(NOT_ENROLLED)):
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        alarm = alarms[0]
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
        trigger = alarm.decoded("TRIGGER")
        assert isinstance(trigger, dt.timedelta) and trigger <= dt.timedelta(hours=9)


def test_uids_are_unique_stable_for_a_link_and_never_hold_the_token():
    first, again = events(ics(NOT_ENROLLED, seed="token:SECRET123")), events(ics(NOT_ENROLLED, seed="token:SECRET123"))
    uids = [str(event["UID"]) for event in first]
    assert len(set(uids)) == len(uids) == 3
    assert uids == [str(event["UID"]) for event in again]
    assert all("SECRET123" not in uid and uid.endswith("@senco.example.org") for uid in uids)
    assert uids != [str(event["UID"]) for event in events(ics(NOT_ENROLLED, seed="token:other"))]


def test_someone_already_on_the_npq_gets_the_deadline_only():
    found = events(ics(ENROLLED))
    assert [event.decoded("DTSTART") for event in found] == [dt.date(2028, 9, 15)]


def test_a_deadline_known_to_the_month_is_the_first_day_it_can_be_and_says_so():
    determination = rules_core.determine(dict(NOT_ENROLLED, appointment_date="2025-09"), AS_OF)
    card = rules_core.card(determination)
    [deadline] = [
        event
        for event in events(ics(dict(NOT_ENROLLED, appointment_date="2025-09")))
        if event.decoded("DTSTART") == dt.date(2028, 9, 1)
    ]
    assert card["deadline"]["note"] in str(deadline["DESCRIPTION"]).replace("\n", " ")


def test_dates_already_past_are_left_out():
    # Overdue (deadline 1 September 2026), not enrolled: only the registration window is ahead.
    found = events(ics(dict(NOT_ENROLLED, appointment_date="2023-09-01")))
    assert all(event.decoded("DTSTART") >= AS_OF for event in found)
    assert len(found) == 2


@pytest.mark.parametrize("facts", [{"nation": "wales"}, dict(ENROLLED, appointment_date="2008-01-01")])
def test_answers_with_no_dates_ahead_have_no_entries(facts):
    determination = rules_core.determine(facts, AS_OF)
    assert share.calendar_entries(determination, rules_core.card(determination)) == []
