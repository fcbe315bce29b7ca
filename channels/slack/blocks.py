"""Block Kit for the assistant's messages in Slack (https://api.slack.com/block-kit).

Pure functions, no Rasa and no network: each returns the keyword arguments of one
chat.postMessage call without the channel: {"text": fallback, "blocks": [...]}. The fallback
`text` is what Slack shows in notifications and reads out where blocks cannot be shown.

Everything the bot or a payload says is escaped for mrkdwn (&, <, >), so no text can become a
link, a mention or a broadcast; links are built only from payload `href`s that are http(s).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, Iterable, List, Optional

from rules_core import dates, render

# Slack's limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT_MAX = 3000
HEADER_TEXT_MAX = 150
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
BUTTONS_PER_ROW = 5
ACTIONS_ELEMENTS_MAX = 25
CONTEXT_TEXT_MAX = 2000
CONTEXT_ELEMENTS_MAX = 10
FIELDS_MAX = 10
FIELD_TEXT_MAX = 2000
BLOCKS_MAX = 50

QUESTION_BLOCK_PREFIX = "senco_q:"  # block_id of a question's first block: "senco_q:<fact key>"
DETERMINATION_BLOCK_ID = "senco_determination"

STATUS_EMOJI = {"met": ":white_check_mark:", "on_track": ":large_green_circle:",
                "at_risk": ":large_orange_circle:", "overdue": ":red_circle:",
                "not_applicable": ":heavy_minus_sign:"}
STATUS_NOTES = {"met": "you hold a qualification that counts", "on_track": "you should qualify by the deadline",
                "at_risk": "you may qualify after the deadline", "overdue": "the deadline has passed",
                "not_applicable": "no deadline applies to you"}
SAFE_HREF = re.compile(r"^https?://[^\s<>|\"]+$", re.IGNORECASE)


def escape(text: Any) -> str:
    """Text for a mrkdwn field: Slack's three control characters escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _as_words(iso: Optional[str], words: Callable[[dt.date], str]) -> str:
    """A payload's ISO date in words with the rules core's own formatting; anything unparsable is
    shown as given."""
    try:
        return words(dates.parse_iso(str(iso)))
    except ValueError:
        return str(iso)


def long_date(iso: Optional[str]) -> str:
    """'2026-09-01' -> '1 September 2026' (GOV.UK style)."""
    return _as_words(iso, dates.long_date)


def month_year(iso: Optional[str]) -> str:
    return _as_words(iso, dates.month_year)


def safe_href(href: Any) -> Optional[str]:
    return href if isinstance(href, str) and SAFE_HREF.match(href) else None


def link(href: Any, title: Any) -> str:
    """<href|title> for an http(s) href, else the escaped title alone."""
    url = safe_href(href)
    label = escape(title or href or "").replace("|", "\u2223")
    return f"<{url}|{label}>" if url else label


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _chunks(text: str, limit: int) -> List[str]:
    """Splits text at line ends into pieces of at most `limit` characters."""
    pieces, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return pieces


def sections(text: str) -> List[Dict[str, Any]]:
    """Plain text as mrkdwn section blocks: one per paragraph, each under Slack's limit."""
    blocks = []
    for paragraph in str(text).strip().split("\n\n"):
        for piece in _chunks(escape(paragraph.strip()), SECTION_TEXT_MAX):
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": piece}})
    return blocks


def text_message(text: str) -> Dict[str, Any]:
    return {"text": escape(text), "blocks": sections(text) or [
        {"type": "section", "text": {"type": "mrkdwn", "text": " "}}]}


def button_rows(buttons: Iterable[Dict[str, Any]], prefix: str = "senco_button") -> List[Dict[str, Any]]:
    """Buttons as actions blocks of five (Slack allows 25 per block; five keep each row readable)."""
    elements = []
    for button in buttons:
        value = str(button.get("payload", button.get("title", "")))
        if not value or len(value) > BUTTON_VALUE_MAX:
            continue
        elements.append({"type": "button", "action_id": f"{prefix}_{len(elements)}",
                         "text": {"type": "plain_text", "emoji": True,
                                  "text": _truncate(str(button.get("title", value)), BUTTON_TEXT_MAX)},
                         "value": value})
    elements = elements[: ACTIONS_ELEMENTS_MAX * 4]
    return [{"type": "actions", "elements": elements[start:start + BUTTONS_PER_ROW]}
            for start in range(0, len(elements), BUTTONS_PER_ROW)]


def buttons_message(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    message = text_message(text)
    message["blocks"] = (message["blocks"] + button_rows(buttons))[:BLOCKS_MAX]
    return message


def date_picker(fact: str) -> Dict[str, Any]:
    """A datepicker for a date question; Slack sends the chosen day back as YYYY-MM-DD."""
    return {"type": "actions", "block_id": f"senco_date:{fact}",
            "elements": [{"type": "datepicker", "action_id": "senco_date",
                          "placeholder": {"type": "plain_text", "text": "Pick a date"}}]}


def date_question_message(fact: str) -> Dict[str, Any]:
    """A date question that arrived without text of its own."""
    message = text_message("Pick a date, or type it (a month and year is enough).")
    tag_question(message, fact)
    message["blocks"].append(date_picker(fact))
    return message


def tag_question(message: Dict[str, Any], fact: str) -> None:
    """Marks the message as the question for `fact` (block_id of its first block)."""
    if message.get("blocks") and "block_id" not in message["blocks"][0]:
        message["blocks"][0]["block_id"] = f"{QUESTION_BLOCK_PREFIX}{fact}"[:255]


def sources_context(items: Iterable[Dict[str, Any]], label: str = "Sources") -> Optional[Dict[str, Any]]:
    """A context block with each distinct http(s) source as a link; None when there is none."""
    links, seen = [], set()
    for item in items:
        if not isinstance(item, dict):
            continue
        href = safe_href(item.get("href"))
        title = item.get("title") or item.get("source") or href
        if not href or href in seen:
            continue
        seen.add(href)
        links.append(link(href, title))
    if not links:
        return None
    elements, current = [], f"{label}: "
    for index, piece in enumerate(links):
        separator = "" if current.endswith(": ") else " \u00b7 "
        if len(current) + len(separator) + len(piece) > CONTEXT_TEXT_MAX:
            elements.append({"type": "mrkdwn", "text": current})
            current, separator = "", ""
        current += separator + piece
    elements.append({"type": "mrkdwn", "text": current})
    return {"type": "context", "elements": elements[:CONTEXT_ELEMENTS_MAX]}


def _field(label: str, value: str) -> Dict[str, str]:
    return {"type": "mrkdwn", "text": _truncate(f"*{label}*\n{value}", FIELD_TEXT_MAX)}


def determination_headline(determination: Dict[str, Any], hypothetical: bool = False) -> str:
    try:
        headline = render.headline(determination)
    except (KeyError, TypeError):
        headline = "Your answer"
    return f"What if (not your real answer): {headline}" if hypothetical else headline


def status_text(status: Optional[str]) -> str:
    words = render.status_words(status) or "Not decided yet"
    note = STATUS_NOTES.get(status)
    return f"{STATUS_EMOJI.get(status, ':grey_question:')} {words}" + (f" ({note})" if note else "")


def determination_message(payload: Dict[str, Any], fallback: Optional[str] = None) -> Dict[str, Any]:
    """The determination payload as a card: outcome, deadline, status, expected completion,
    funding, dated next steps, sources and a "Why?" button."""
    determination = payload.get("determination") or {}
    hypothetical = bool(payload.get("hypothetical"))
    headline = determination_headline(determination, hypothetical)
    blocks: List[Dict[str, Any]] = [{"type": "header", "block_id": DETERMINATION_BLOCK_ID,
                                     "text": {"type": "plain_text", "emoji": True,
                                              "text": _truncate(headline, HEADER_TEXT_MAX)}}]
    fields = []
    status = determination.get("status")
    if determination.get("deadline"):
        fields.append(_field("Deadline", long_date(determination["deadline"])))
    if status:
        fields.append(_field("Status", status_text(status)))
    expected = determination.get("expected_completion")
    if expected and status != "met":
        estimated = any(str((reason or {}).get("rule", "")).startswith("estimate.")
                        for reason in determination.get("reasons") or [])
        fields.append(_field("Expected completion",
                             f"around {month_year(expected)} (an estimate)" if estimated else long_date(expected)))
    funding = determination.get("funding") or {}
    if isinstance(funding, dict) and funding.get("text"):
        fields.append(_field("Funding", escape(funding["text"])))
    if fields:
        blocks.append({"type": "section", "fields": fields[:FIELDS_MAX]})
    steps = [step for step in determination.get("next_steps") or [] if isinstance(step, dict) and step.get("text")]
    if steps:
        lines = ["*What to do next*"]
        for step in steps:
            by = f"*By {long_date(step['by'])}:* " if step.get("by") else ""
            lines.append(f"\u2022 {by}{escape(step['text'])}")
        for piece in _chunks("\n".join(lines), SECTION_TEXT_MAX):
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": piece}})
    sources = sources_context(list(determination.get("reasons") or []) + steps)
    if determination.get("as_of"):
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"Worked out for {long_date(determination['as_of'])}."}]})
    if sources:
        blocks.append(sources)
    blocks.append({"type": "actions", "block_id": "senco_determination_actions", "elements": [
        {"type": "button", "action_id": "senco_why", "text": {"type": "plain_text", "text": "Why?"},
         "value": "why?"},
        {"type": "button", "action_id": "senco_start_again", "text": {"type": "plain_text", "text": "Start again"},
         "value": "start again"}]})
    if fallback is None:
        parts = [headline]
        if determination.get("deadline"):
            parts.append(f"Deadline: {long_date(determination['deadline'])}.")
        if status:
            parts.append(f"Status: {render.status_words(status)}.")
        fallback = " ".join(parts)
    return {"text": _truncate(escape(fallback), 3000), "blocks": blocks[:BLOCKS_MAX]}
