"""The server side of the summary routes (scripts/serve_web.py routes to ``reply``):

- ``/summary/<token>``: the printable summary of a shared answer (channels/summary_page.py);
- ``/summary/<token>.ics``: its dates as an iCalendar file;
- ``/summary/<token>/qr.svg``: a QR code of the summary's address (``WEB_PUBLIC_URL``);
- ``/summary?as_of=...&<fact column>=...`` (and ``/summary.ics?...``): the same page for the facts
  in the address, as the /team page's rows link to it (``rules_core.batch.facts_from_cells``).

An unknown or expired token gets a kind 404 page saying how to get the answer again; a link whose
facts cannot be read gets a 400 page listing what is wrong. Each reply is
``(status, content type, body bytes, extra headers)``; nothing is written or kept.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import urllib.parse

import rules_core
from rules_core import batch
from stores import share as share_store

from . import share, summary_page

logger = logging.getLogger(__name__)

HTML = "text/html; charset=utf-8"
ROUTE = re.compile(r"^/summary/(?P<token>[^/.]+)(?P<kind>\.ics|/qr\.svg)?$")
Reply = tuple  # (status, content type, body, headers)


def handles(path: str) -> bool:
    return path in ("/summary", "/summary.ics") or path.startswith("/summary/")


def _page(status: int, text: str) -> Reply:
    return status, HTML, text.encode("utf-8"), [("X-Robots-Tag", "noindex")]


def _calendar(determination: dict, card: dict, seed: str) -> Reply:
    if not share.calendar_entries(determination, card):
        return _page(
            404, summary_page.message_page(summary_page.PAGE_WORDS["no_dates_title"], summary_page.PAGE_WORDS["no_dates_lines"])
        )
    body = share.calendar(determination, card, seed, share.public_base())
    return (
        200,
        "text/calendar; charset=utf-8",
        body,
        [("Content-Disposition", 'attachment; filename="senco-qualification-dates.ics"')],
    )


def from_query(query: str, today: _dt.date, want: str) -> Reply:
    """The summary (``want`` "page" or "ics") for the facts in the query string, as the /team page
    writes them: ``as_of`` and one parameter per fact column."""
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    cells = {}
    problems = []
    as_of = today
    for name, value in pairs:
        if name == "as_of":
            try:
                as_of = _dt.date.fromisoformat(value)
            except ValueError:
                problems.append(summary_page.PAGE_WORDS["bad_as_of"].format(value=value))
        else:
            cells[name] = value
    facts, errors = batch.facts_from_cells(cells)
    problems += [f"{column}: {message}" for column, message in errors]
    if not problems:
        try:
            determination = rules_core.determine(facts, as_of)
        except rules_core.FactsError as error:
            problems += [f"{item['field']}: {item['message']}" for item in error.errors]
    if problems:
        return _page(400, summary_page.bad_link_page(problems))
    card = rules_core.card(determination)
    if want == "ics":
        return _calendar(determination, card, "query:" + query)
    ics = "/summary.ics?" + query if share.calendar_entries(determination, card) else None
    return _page(200, summary_page.page(determination, card, facts, ics_url=ics))


def from_token(token: str, kind: str | None) -> Reply:
    store, why_not = share_store.configured()
    if store is None:
        share.log_once(logger.warning, why_not)
        return _page(404, summary_page.expired_page())
    try:
        shared = store.get(token)
    except share_store.ShareStoreUnavailable as error:
        logger.error("share links: the database could not be read (%s)", error)
        return _page(503, summary_page.unavailable_page())
    if shared is None:
        return _page(404, summary_page.expired_page())
    summary_url = f"{share.public_base()}{share.SUMMARY_PATH}/{token}"
    if kind == "/qr.svg":
        return 200, "image/svg+xml", share.qr_svg(summary_url), []
    determination = rules_core.determine(shared.facts, shared.as_of)
    card = rules_core.card(determination)
    if kind == ".ics":
        return _calendar(determination, card, "token:" + token)
    email = share.email_draft(determination, card, summary_url)
    ics = f"{share.SUMMARY_PATH}/{token}.ics" if share.calendar_entries(determination, card) else None
    return _page(
        200, summary_page.page(determination, card, shared.facts, ics_url=ics, mailto=email["mailto"], expires=shared.expires)
    )


def reply(path: str, query: str, today: _dt.date) -> Reply:
    if path == "/summary":
        return from_query(query, today, "page")
    if path == "/summary.ics":
        return from_query(query, today, "ics")
    match = ROUTE.match(path)
    if match is None:
        return _page(404, summary_page.expired_page())
    return from_token(match.group("token"), match.group("kind"))
