"""Taking the answer away (issue 13, point 1): the ``share`` object a real answer carries
(README "Taking the answer away"), the email draft to the head teacher, the calendar file and the QR code.

``links_for(facts, as_of)`` is the one call the action makes: it keeps the facts behind a new
random token (stores/share.py) and returns the links, or None when sharing is off or fails, so the
answer is always given. Everything else here is a pure function of the answer (the rules core's
determination and card), drawn with the words of ``rules_core/wording.yaml`` (its ``share:``
section and the card): no sentence about the law is written in this file.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import logging
import os
import urllib.parse

import rules_core
from rules_core.dates import long_date
from rules_core.render import WORDING
from stores import share as share_store

logger = logging.getLogger(__name__)

PUBLIC_URL_ENV = "WEB_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8080"
SUMMARY_PATH = "/summary"
SHARE_WORDS = WORDING["share"]
# When each calendar entry reminds: this many days before the day, at 9:00 (an all-day event starts
# at midnight, so the trigger is the days back plus nine hours).
REMINDER_DAYS = {"deadline": 30, "registration_opens": 0, "registration_closes": 14}
REMINDER_HOUR = 9
PRODUCT_ID = "-//SENCO qualification assistant//Share//EN"
_LOGGED: set = set()


def log_once(log, message: str) -> None:
    """Why sharing is off, said once per process rather than on every answer or page."""
    if message not in _LOGGED:
        _LOGGED.add(message)
        log(message)


def public_base(environ=None) -> str:
    """Where people reach the web pages (``WEB_PUBLIC_URL``), without a trailing slash."""
    environ = os.environ if environ is None else environ
    return (environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL).rstrip("/")


def urls_for(token: str, base: str) -> dict:
    summary = f"{base}{SUMMARY_PATH}/{token}"
    return {"summary_url": summary, "ics_url": f"{summary}.ics", "qr_url": f"{summary}/qr.svg"}


# ---- the share object ---------------------------------------------------------------------------


def links_for(facts: dict, as_of: _dt.date, store=None, base: str | None = None, now: float | None = None) -> dict | None:
    """The ``share`` object (README "Taking the answer away") for the answer to ``facts`` on ``as_of``, or None
    when sharing is not configured or anything fails (logged without the facts): the caller gives
    the answer either way."""
    try:
        if store is None:
            store, why_not = share_store.configured()
            if store is None:
                log_once(logger.info, why_not)
                return None
        determination = rules_core.determine(facts, as_of)
        if not determination["complete"]:
            return None
        card = rules_core.card(determination)
        link = store.create(facts, as_of, now=now)
        urls = urls_for(link.token, public_base() if base is None else base)
        if not calendar_entries(determination, card):
            urls["ics_url"] = None  # nothing ahead to put in a calendar
        return {
            "token": link.token,
            **urls,
            "email": email_draft(determination, card, urls["summary_url"]),
            "expires": link.expires_iso,
            "labels": dict(SHARE_WORDS["labels"]),
        }
    except Exception as error:  # noqa: BLE001 - the answer must never be lost to a share link
        logger.warning("share link not made: %s", type(error).__name__)
        return None


# ---- the email draft ------------------------------------------------------------------------------


# RFC 6068 section 2: a header value is unreserved characters, percent-encodings and these
# "some-delims"; "+" and ";" are left out too, since some mail apps read "+" as a space.
MAILTO_SAFE = "!$'()*,:@"


def mailto(subject: str, body: str) -> str:
    """A ``mailto:`` URI with no address (the person chooses whom to send it to) as RFC 6068 wants
    it: every other character percent-encoded from UTF-8, spaces as %20 (never "+"), and line
    breaks as %0D%0A."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        "mailto:?subject=" + urllib.parse.quote(subject, safe=MAILTO_SAFE) + "&body=" + urllib.parse.quote(body, safe=MAILTO_SAFE)
    )


def _step_line(step: dict, labels: dict) -> str:
    return f"- {step['text']}" + (f" ({labels['by']} {step['by_text']})" if step["by_text"] else "")


def answer_lines(card: dict) -> list:
    """The answer as plain-text lines: the headline, the deadline in words with its grain, the
    status, the next steps with their dates. Shared by the email and the calendar entries."""
    labels = card["labels"]
    lines = [card["headline"]]
    details = []
    if card["deadline"]:
        note = f" ({card['deadline']['note']})" if card["deadline"]["note"] else ""
        details.append(f"{labels['deadline']}: {card['deadline']['text']}{note}")
    if card["status"]:
        details.append(f"{labels['status']}: {card['status']['text']} ({card['status']['note']})")
    if card["expected"]:
        details.append(f"{labels['expected']}: {card['expected']['text']}")
    if details:
        lines += [""] + details
    if card["steps"]:
        lines += ["", labels["steps"]] + [_step_line(step, labels) for step in card["steps"]]
    return lines


def email_draft(determination: dict, card: dict, summary_url: str) -> dict:
    """``{"subject", "body", "mailto"}``: a plain-text email to the head teacher, for the person to
    address and send themselves (the server sends nothing)."""
    words = SHARE_WORDS["email"]
    labels = card["labels"]
    if card["deadline"]:
        subject = words["subject_with_deadline"].format(deadline=card["deadline"]["text"])
    else:
        subject = words["subject"].format(headline=card["headline"].rstrip("."))
    lines = [words["greeting"], "", words["opening"].format(as_of=long_date(_dt.date.fromisoformat(determination["as_of"]))), ""]
    lines += answer_lines(card)
    if card["why"]:
        main = card["reasons"][-1]
        lines += ["", f"{labels['why']}: {card['why']} ({words['source']}: {main['source']}, {main['href']})"]
    lines += ["", words["link"], summary_url, "", words["closing"]]
    body = "\n".join(lines)
    return {"subject": subject, "body": body, "mailto": mailto(subject, body)}


# ---- the calendar file ----------------------------------------------------------------------------


def calendar_entries(determination: dict, card: dict) -> list:
    """The dates still ahead on the as-of date, as ``(kind, date, summary, description)``: the
    deadline, and when the answer asks the person to register for the next NPQ cohort, the opening
    and closing of its registration window."""
    words = SHARE_WORDS["calendar"]
    as_of = _dt.date.fromisoformat(determination["as_of"])
    found = []
    if card["deadline"]:
        day = _dt.date.fromisoformat(card["deadline"]["date"])
        summary = (
            words["deadline"].format(qualification=card["qualification"]) if card["qualification"] else words["deadline_any"]
        )
        found.append(("deadline", day, summary, "\n".join(answer_lines(card))))
    cohort = rules_core.registration_window(determination)
    if cohort is not None:
        notes = ([words["approximate"]] if cohort.approximate else []) + ([] if cohort.confirmed else [words["not_confirmed"]])
        for kind, day in (("registration_opens", cohort.registration_opens), ("registration_closes", cohort.registration_closes)):
            steps = [
                _step_line(step, card["labels"]) for step in card["steps"] if step["by"] == cohort.registration_closes.isoformat()
            ]
            found.append((kind, day, words[kind].format(cohort=cohort.name), "\n".join(steps + notes)))
    return [entry for entry in found if entry[1] >= as_of]


def calendar(determination: dict, card: dict, uid_seed: str, base: str, now: _dt.datetime | None = None) -> bytes:
    """An iCalendar file (RFC 5545) of ``calendar_entries``: one all-day event each (DTSTART and
    DTEND as dates), each with a display reminder. ``uid_seed`` makes the UIDs stable for the same
    link (the token itself is hashed: a calendar never holds a working link)."""
    from icalendar import Alarm, Calendar, Event

    now = now or _dt.datetime.now(_dt.timezone.utc)
    host = urllib.parse.urlsplit(base).hostname or "localhost"
    seed = hashlib.sha256(uid_seed.encode("utf-8")).hexdigest()[:24]
    document = Calendar()
    document.add("prodid", PRODUCT_ID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    for kind, day, summary, description in calendar_entries(determination, card):
        event = Event()
        event.add("uid", f"{seed}-{kind}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", day)
        event.add("dtend", day + _dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        event.add("transp", "TRANSPARENT")  # a reminder of a date, not time taken
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", SHARE_WORDS["calendar"]["reminder"].format(summary=summary))
        alarm.add("trigger", _dt.timedelta(days=-REMINDER_DAYS[kind], hours=REMINDER_HOUR))
        event.add_component(alarm)
        document.add_component(event)
    return document.to_ical()


# ---- the QR code -----------------------------------------------------------------------------------


def qr_svg(url: str) -> bytes:
    """The QR code of ``url`` as SVG that scales to its box (a viewBox, no fixed size), dark on light
    with the quiet zone the standard asks for, and a title for assistive technology."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        scale=1,
        border=4,
        omitsize=True,
        dark="#0b0c0c",
        light="#ffffff",
        title=SHARE_WORDS["labels"]["qr"],
        xmldecl=True,
    )
    return out.getvalue()
