"""Block Kit for the assistant's messages in Slack (https://api.slack.com/block-kit).

Pure functions, no Rasa and no network: each message function returns the keyword arguments of
one chat.postMessage call without the channel: {"text": fallback, "blocks": [...]}. The fallback
`text` is what Slack shows in notifications and what screen readers get where blocks cannot be
read, so every message with blocks has one.

The answer card is drawn from the payload's `card` (rules_core.render.card): every word about the
law, an outcome or a status comes from there, and this module only lays it out. A status code may
choose an emoji, never words. The few words below (WORDS) are Slack's own controls and screens.

Everything the bot or a payload says is escaped for mrkdwn (&, <, >), so no text can become a
link, a mention or a broadcast; links are built only from payload `href`s that are http(s).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Dict, Iterable, List, Optional

from rules_core import REGISTRY, dates, render

# Slack's limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT_MAX = 3000
HEADER_TEXT_MAX = 150
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
BUTTON_URL_MAX = 3000
BUTTONS_PER_ROW = 5
ACTIONS_ELEMENTS_MAX = 25
CONTEXT_TEXT_MAX = 2000
CONTEXT_ELEMENTS_MAX = 10
FIELDS_MAX = 10
FIELD_TEXT_MAX = 2000
MESSAGE_TEXT_MAX = 3000
BLOCKS_MAX = 50
HOME_BLOCKS_MAX = 100

QUESTION_BLOCK_PREFIX = "senco_q:"  # block_id of a question's first block: "senco_q:<fact key>"
OFFER_BLOCK_PREFIX = "senco_offer:"  # block_id of an offer's first block: "senco_offer:<check|more|resume>"
DETERMINATION_BLOCK_ID = "senco_determination"
START_CHECK_ACTION = "senco_start_check"  # the "Check a SENCO's deadline" button, wherever it is

# What a message says to start the check, as the web widget's "Start the check" button does.
START_TEXT = "hi"

# Slack's own controls and screens: no word here is about the law, an outcome or a status.
WORDS = {
    "pick_date": "Pick a date",
    "date_question": "Pick a date, or type it (a month and year is enough).",
    "start_check": "Check a SENCO's deadline",
    "latest": "Your latest answer",
    "no_answer": "No answer yet. Start a check, and the answer will be kept here for you.",
    "worked_out": "Worked out on {date}, in our direct messages.",
    "in_direct_messages": "I've started the check in our direct messages: open this app's Messages tab.",
}

STATUS_EMOJI = {
    "met": ":white_check_mark:",
    "on_track": ":large_green_circle:",
    "at_risk": ":large_orange_circle:",
    "overdue": ":red_circle:",
}
SAFE_HREF = re.compile(r"^https?://[^\s<>|\"]+$", re.IGNORECASE)
MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")
MARKDOWN_BULLET = re.compile(r"^(\s*)[-*] ", re.MULTILINE)


def escape(text: Any) -> str:
    """Text for a mrkdwn field: Slack's three control characters escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: Any) -> str:
    """The assistant's Markdown (``**bold**``, "- " bullets) as Slack mrkdwn, escaped."""
    text = MARKDOWN_BOLD.sub(r"*\1*", escape(text))
    return MARKDOWN_BULLET.sub("\\1\u2022 ", text)


def long_date(iso: Optional[str]) -> str:
    """'2026-09-01' -> '1 September 2026' (GOV.UK style); anything unparsable as given."""
    try:
        return dates.long_date(dates.parse_iso(str(iso)))
    except ValueError:
        return str(iso)


def safe_href(href: Any) -> Optional[str]:
    return href if isinstance(href, str) and SAFE_HREF.match(href) and len(href) <= BUTTON_URL_MAX else None


def link(href: Any, title: Any) -> str:
    """<href|title> for an http(s) href, else the escaped title alone. In mrkdwn an address is
    escaped like any text (Slack reads "&amp;" in it back as "&")."""
    url = safe_href(href)
    label = escape(title or href or "").replace("|", "\u2223")
    return f"<{escape(url)}|{label}>" if url else label


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


def _section(text: str, block_id: Optional[str] = None) -> Dict[str, Any]:
    block: Dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def sections(text: str) -> List[Dict[str, Any]]:
    """The assistant's text as mrkdwn section blocks: one per paragraph, each under Slack's limit."""
    blocks = []
    for paragraph in str(text).strip().split("\n\n"):
        for piece in _chunks(mrkdwn(paragraph.strip()), SECTION_TEXT_MAX):
            blocks.append(_section(piece))
    return blocks


def fallback(text: Any) -> str:
    """The plain `text` of a message: what notifications show and screen readers read."""
    return _truncate(mrkdwn(text).strip() or " ", MESSAGE_TEXT_MAX)


def text_message(text: str) -> Dict[str, Any]:
    return {"text": fallback(text), "blocks": sections(text) or [_section(" ")]}


def _button(
    text: str, action_id: str, value: Optional[str] = None, url: Optional[str] = None, style: Optional[str] = None
) -> Dict[str, Any]:
    button: Dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "emoji": True, "text": _truncate(text, BUTTON_TEXT_MAX)},
    }
    if value is not None:
        button["value"] = value
    if url is not None:
        button["url"] = url
    if style is not None:
        button["style"] = style
    return button


def button_rows(buttons: Iterable[Dict[str, Any]], prefix: str = "senco_button") -> List[Dict[str, Any]]:
    """Buttons as actions blocks of five (Slack allows 25 per block; five keep each row readable)."""
    elements = []
    for button in buttons:
        value = str(button.get("payload", button.get("title", "")))
        if not value or len(value) > BUTTON_VALUE_MAX:
            continue
        elements.append(_button(str(button.get("title", value)), f"{prefix}_{len(elements)}", value=value))
    elements = elements[: ACTIONS_ELEMENTS_MAX * 4]
    return [
        {"type": "actions", "elements": elements[start : start + BUTTONS_PER_ROW]}
        for start in range(0, len(elements), BUTTONS_PER_ROW)
    ]


def buttons_message(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    message = text_message(text)
    message["blocks"] = (message["blocks"] + button_rows(buttons))[:BLOCKS_MAX]
    return message


def has_buttons(message: Dict[str, Any]) -> bool:
    return any(block.get("type") == "actions" for block in message.get("blocks") or [])


def option_buttons(fact: str, options: Iterable[Any]) -> List[Dict[str, Any]]:
    """A choice question's options ({value, label}) as buttons that answer it, for a question whose
    text came without buttons. The answer is the slot the registry names for the fact."""
    if fact not in REGISTRY:
        return []
    slot = REGISTRY[fact].slot
    return button_rows(
        [
            {"title": str(option.get("label") or option["value"]), "payload": "/inform" + json.dumps({slot: option["value"]})}
            for option in options
            if isinstance(option, dict) and "value" in option
        ]
    )


def date_picker(fact: str) -> Dict[str, Any]:
    """A datepicker for a date question; Slack sends the chosen day back as YYYY-MM-DD."""
    return {
        "type": "actions",
        "block_id": f"senco_date:{fact}",
        "elements": [
            {"type": "datepicker", "action_id": "senco_date", "placeholder": {"type": "plain_text", "text": WORDS["pick_date"]}}
        ],
    }


def date_question_message(fact: str) -> Dict[str, Any]:
    """A date question that arrived without text of its own."""
    message = text_message(WORDS["date_question"])
    tag(message, QUESTION_BLOCK_PREFIX, fact)
    message["blocks"].append(date_picker(fact))
    return message


def tag(message: Dict[str, Any], prefix: str, name: str) -> None:
    """Marks what the message is (block_id of its first block: a question's fact, an offer's kind)."""
    if message.get("blocks") and "block_id" not in message["blocks"][0]:
        message["blocks"][0]["block_id"] = f"{prefix}{name}"[:255]


def tag_question(message: Dict[str, Any], fact: str) -> None:
    tag(message, QUESTION_BLOCK_PREFIX, fact)


def card_labels() -> Dict[str, str]:
    return render.WORDING["card"]["labels"]


def sources_context(items: Iterable[Dict[str, Any]], label: Optional[str] = None) -> Optional[Dict[str, Any]]:
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
    elements, current = [], f"{escape(label or card_labels()['sources'])}: "
    for piece in links:
        separator = "" if current.endswith(": ") else " \u00b7 "
        if len(current) + len(separator) + len(piece) > CONTEXT_TEXT_MAX:
            elements.append({"type": "mrkdwn", "text": current})
            current, separator = "", ""
        current += separator + piece
    elements.append({"type": "mrkdwn", "text": current})
    return {"type": "context", "elements": elements[:CONTEXT_ELEMENTS_MAX]}


def with_faq_sources(message: Dict[str, Any], sources: List[Dict[str, Any]]) -> bool:
    """An FAQ answer (utter_faq_answer: the answer, then a paragraph citing its sources) with the
    faq payload's sources as links. The citing paragraph is replaced only when it holds every
    source's address, so nothing the answer says is ever dropped. False if nothing was added."""
    context = sources_context(sources)
    if context is None or len(message.get("blocks") or []) >= BLOCKS_MAX:
        return False
    paragraphs = [block for block in message["blocks"] if block.get("type") == "section" and "text" in block]
    hrefs = [escape(source["href"]) for source in sources if isinstance(source, dict) and safe_href(source.get("href"))]
    if len(paragraphs) >= 2 and hrefs and all(href in paragraphs[-1]["text"]["text"] for href in hrefs):
        message["blocks"].remove(paragraphs[-1])
    message["blocks"].append(context)
    return True


# ---------- the answer card ----------


def card_of(payload: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The determination payload's card; for a payload from before cards existed, the rules core
    draws one from the determination. None when there is neither."""
    card = payload.get("card")
    if isinstance(card, dict) and isinstance(card.get("labels"), dict) and card.get("headline"):
        return card
    determination = payload.get("determination")
    try:
        return render.card(determination, bool(payload.get("hypothetical")))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _field(label: str, value: str) -> Dict[str, str]:
    return {"type": "mrkdwn", "text": _truncate(f"*{escape(label)}*\n{value}", FIELD_TEXT_MAX)}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def share_labels(share: Dict[str, Any]) -> Dict[str, str]:
    """The share links' labels: the payload's own, else the wording's (rules_core/wording.yaml)."""
    labels = share.get("labels")
    if not isinstance(labels, dict):
        labels = (render.WORDING.get("share") or {}).get("labels") or {}
    return {key: str(value) for key, value in labels.items() if isinstance(value, str) and value}


def live_share(share: Any, now: Optional[dt.datetime] = None) -> Optional[Dict[str, Any]]:
    """The payload's share object while its links still work (they expire), else None."""
    if not isinstance(share, dict):
        return None
    expires = share.get("expires")
    if isinstance(expires, str):
        try:
            until = dt.datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            return None
        if until <= (now or dt.datetime.now(dt.timezone.utc)):
            return None
    return share


def share_buttons(share: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The printable summary and the calendar file as link buttons. The email draft to the head
    teacher is left out: in Slack it would be one more button for something the summary page offers."""
    if not share:
        return []
    labels = share_labels(share)
    buttons = []
    for key, url_key, action_id in (
        ("summary", "summary_url", "senco_share_summary"),
        ("calendar", "ics_url", "senco_share_calendar"),
    ):
        url = safe_href(share.get(url_key))
        if url and labels.get(key):
            buttons.append(_button(labels[key], action_id, url=url))
    return buttons


def card_blocks(card: Dict[str, Any], share: Optional[Dict[str, Any]] = None, interactive: bool = True) -> List[Dict[str, Any]]:
    """The card as blocks: the headline, the deadline, status, expected completion and funding as
    fields, the dated steps, the reason in short, the sources as links, then the buttons: the share
    links, and (in a conversation, `interactive`) "Why?" and "Start again"."""
    labels = card["labels"]
    blocks: List[Dict[str, Any]] = []
    if card.get("hypothetical") and labels.get("hypothetical"):
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(labels["hypothetical"])}]})
    headline = str(card.get("headline") or "")
    if len(headline) <= HEADER_TEXT_MAX:
        blocks.append(
            {
                "type": "header",
                "block_id": DETERMINATION_BLOCK_ID,
                "text": {"type": "plain_text", "emoji": True, "text": headline},
            }
        )
    else:
        blocks.append(_section(f"*{escape(headline)}*", DETERMINATION_BLOCK_ID))
    fields = []
    deadline, status = card.get("deadline"), card.get("status")
    if deadline:
        note = f"\n_{escape(deadline['note'])}_" if deadline.get("note") else ""
        fields.append(_field(labels["deadline"], escape(deadline["text"]) + note))
    if status:
        emoji = STATUS_EMOJI.get(status.get("code"), ":grey_question:")
        note = f" ({escape(status['note'])})" if status.get("note") else ""
        fields.append(_field(labels["status"], f"{emoji} {escape(status['text'])}{note}"))
    if card.get("expected"):
        fields.append(_field(labels["expected"], escape(card["expected"]["text"])))
    if card.get("funding"):
        fields.append(_field(labels["funding"], escape(card["funding"]["text"])))
    if fields:
        blocks.append({"type": "section", "fields": fields[:FIELDS_MAX]})
    steps = [step for step in card.get("steps") or [] if isinstance(step, dict) and step.get("text")]
    if steps:
        lines = [f"*{escape(labels['steps'])}*"]
        for step in steps:
            by = f"*{escape(_capitalised(labels['by']))} {escape(step['by_text'])}:* " if step.get("by_text") else ""
            lines.append(f"\u2022 {by}{escape(step['text'])}")
        blocks += [_section(piece) for piece in _chunks("\n".join(lines), SECTION_TEXT_MAX)]
    if card.get("why"):
        blocks += [_section(piece) for piece in _chunks(f"*{escape(labels['why'])}:* {escape(card['why'])}", SECTION_TEXT_MAX)]
    sources = sources_context(card.get("sources") or [], labels.get("sources"))
    if sources:
        blocks.append(sources)
    elements = share_buttons(share)
    if share and elements and share_labels(share).get("expires"):
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(share_labels(share)["expires"])}]})
    if interactive:
        elements += [
            _button(labels["why_button"], "senco_why", value="why?"),
            _button(labels["start_again"], "senco_start_again", value="start again"),
        ]
    if elements:
        blocks.append({"type": "actions", "block_id": "senco_determination_actions", "elements": elements})
    return blocks


def card_text(card: Dict[str, Any]) -> str:
    """The card in one plain line for notifications and screen readers: the headline, the deadline
    and the status, with the card's own labels."""
    labels = card["labels"]
    parts = []
    if card.get("hypothetical") and labels.get("hypothetical"):
        parts.append(str(labels["hypothetical"]).strip("_ "))
    parts.append(str(card.get("headline") or ""))
    if card.get("deadline"):
        parts.append(f"{labels['deadline']}: {card['deadline']['text']}.")
    if card.get("status"):
        parts.append(f"{labels['status']}: {card['status']['text']}.")
    return fallback(" ".join(part for part in parts if part))


def determination_message(payload: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The determination payload as a card message, or None when it has no card to draw."""
    card = card_of(payload)
    if card is None:
        return None
    share = None if card.get("hypothetical") else live_share(payload.get("share"))
    return {"text": card_text(card), "blocks": card_blocks(card, share)[:BLOCKS_MAX]}


# ---------- App Home and the slash command ----------


def start_check_button() -> Dict[str, Any]:
    return _button(WORDS["start_check"], START_CHECK_ACTION, value="start", style="primary")


def home_view(
    name: str, description: str, latest: Optional[Dict[str, Any]] = None, now: Optional[dt.datetime] = None
) -> Dict[str, Any]:
    """The App Home tab: what the app does, the button that starts a check, and the user's latest
    answer (the determination payload of their conversation, drawn as in the conversation but
    without its conversation buttons)."""
    blocks: List[Dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "emoji": True, "text": _truncate(name, HEADER_TEXT_MAX)}},
        *sections(description),
        {"type": "actions", "block_id": "senco_home_actions", "elements": [start_check_button()]},
        {"type": "divider"},
        _section(f"*{escape(WORDS['latest'])}*", "senco_home_latest"),
    ]
    card = card_of(latest) if latest else None
    if card is None:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(WORDS["no_answer"])}]})
    else:
        blocks += card_blocks(card, live_share(latest.get("share"), now), interactive=False)
        as_of = (latest.get("determination") or {}).get("as_of")
        if as_of:
            blocks.append(
                {
                    "type": "context",
                    "elements": [{"type": "mrkdwn", "text": escape(WORDS["worked_out"].format(date=long_date(as_of)))}],
                }
            )
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS_MAX]}


def faq_reply(messages: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The answer to a question asked with the slash command, from the messages of its turn (each
    as the assistant said it: text, buttons, custom): the FAQ answer with its sources as links and a
    button that starts the check. None when the turn did not answer an FAQ."""
    for index, message in enumerate(messages):
        custom = message.get("custom")
        if not (isinstance(custom, dict) and custom.get("type") == "faq"):
            continue
        said = next((earlier for earlier in reversed(messages[:index]) if earlier.get("text")), None)
        if said is None:
            return None
        reply = text_message(said["text"])
        with_faq_sources(reply, [source for source in custom.get("sources") or [] if isinstance(source, dict)])
        reply["blocks"].append({"type": "actions", "block_id": "senco_faq_actions", "elements": [start_check_button()]})
        return dict(reply, response_type="ephemeral")
    return None


def ephemeral(text: str) -> Dict[str, Any]:
    return dict(text_message(text), response_type="ephemeral")
