"""Slack's Block Kit drawn from the payloads (no servers): the answer card from the payload's
`card`, the share links, FAQ answers, offers and questions, and no words of Slack's own about the
law, an outcome or a status."""

import copy
import datetime as dt
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

import rules_core
from channels.slack import blocks
from rules_core.render import WORDING

SLACK_DIR = Path(blocks.__file__).parent
AS_OF = dt.date(2026, 11, 26)
TYPICAL = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2023-09-01",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "none"},
}
# One person per outcome and per status (the test below checks that all are covered).
PEOPLE = {
    "in Wales": {"nation": "wales"},
    "at a special school": dict(TYPICAL, setting="special"),
    "without QTS": dict(TYPICAL, has_qts=False, is_head=False),
    "at a PRU": dict(TYPICAL, setting="pru_ap"),
    "with the NPQ": dict(TYPICAL, npq={"status": "completed", "start_date": "2024-11-01", "completion_date": "2026-02-01"}),
    "finishing a NASENCO": dict(
        TYPICAL,
        appointment_date="2024-06-01",
        nasenco={"status": "in_progress", "start_date": "2024-01-01", "completion_date": "2026-05-01"},
    ),
    "overdue": TYPICAL,
    "doing the NPQ": dict(TYPICAL, appointment_date="2025-09-01", npq={"status": "in_progress", "start_date": "2025-11-01"}),
    "late to start": dict(TYPICAL, appointment_date="2025-01-01"),
}
SHARE = {
    "token": "abc123",
    "summary_url": "https://senco.example.org/summary/abc123",
    "ics_url": "https://senco.example.org/summary/abc123.ics",
    "qr_url": "https://senco.example.org/summary/abc123/qr.svg",
    "email": {"subject": "s", "body": "b", "mailto": "mailto:?subject=s&body=b"},
    "expires": "2099-01-01T00:00:00Z",
    "labels": {
        "summary": "Printable summary",
        "calendar": "Add the dates to your calendar",
        "email": "Email draft to your head teacher",
        "expires": "These links work for 24 hours.",
    },
}


def payload(facts, **extra):
    determination = rules_core.determine(facts, AS_OF)
    return dict(
        {
            "type": "determination",
            "determination": determination,
            "card": rules_core.card(determination, bool(extra.get("hypothetical"))),
        },
        **extra,
    )


def words_of(message) -> str:
    """Every piece of text in a message or view, as one string."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "url") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message)
    return "\n".join(found)


def unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def buttons(message):
    return [
        element
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["type"] == "button"
    ]


# ---------- the answer card ----------


def test_the_people_cover_every_outcome_and_every_status():
    drawn = [payload(facts)["determination"] for facts in PEOPLE.values()]
    assert {d["outcome"] for d in drawn} == set(WORDING["headlines"]) - {"INCOMPLETE"}
    assert {d["status"] for d in drawn} == set(WORDING["status_words"])


@pytest.mark.parametrize("person", list(PEOPLE))
def test_every_outcome_and_status_shows_the_cards_own_words(person):
    sent = payload(PEOPLE[person])
    card = sent["card"]
    message = blocks.determination_message(sent)
    shown = unescaped(words_of(message))
    expected = [card["headline"]]
    if card["deadline"]:
        expected.append(card["deadline"]["text"])
    if card["status"]:
        expected += [card["status"]["text"], card["status"]["note"]]
    if card["expected"]:
        expected.append(card["expected"]["text"])
    if card["funding"]:
        expected.append(card["funding"]["text"])
    expected += [step["text"] for step in card["steps"]]
    expected += [step["by_text"] for step in card["steps"] if step["by_text"]]
    expected += [card["why"]] if card["why"] else []
    for words in expected:
        assert words in shown, f"{person}: {words!r} missing"
    assert message["text"].startswith(unescaped(card["headline"])[:40])
    # Nothing of a status the card does not have: the emoji for its code, or none.
    emoji = [emoji for code, emoji in blocks.STATUS_EMOJI.items() if emoji in shown]
    assert emoji == ([blocks.STATUS_EMOJI[card["status"]["code"]]] if card["status"] else [])


def test_the_card_is_drawn_from_the_payload_and_not_from_words_of_slacks_own():
    """Other words in the card (another language, a reworded headline) are what Slack shows."""
    sent = payload(TYPICAL)
    card = copy.deepcopy(sent["card"])
    card["headline"] = "Headline from the card"
    card["deadline"]["text"], card["deadline"]["note"] = "the day from the card", "a note from the card"
    card["status"]["text"], card["status"]["note"] = "Status words from the card", "status note from the card"
    card["expected"]["text"] = "expected from the card"
    card["why"] = "why from the card"
    card["labels"] = {key: f"<{key} label>" for key in card["labels"]}
    message = blocks.determination_message(dict(sent, card=card))
    shown = unescaped(words_of(message))
    for words in (
        "Headline from the card",
        "the day from the card",
        "a note from the card",
        "Status words from the card",
        "status note from the card",
        "expected from the card",
        "why from the card",
        "<deadline label>",
        "<status label>",
        "<steps label>",
        "<why label>",
        "<why_button label>",
        "<start_again label>",
        "<sources label>",
    ):
        assert words in shown, words
    real = sent["card"]
    for words in (
        real["headline"],
        real["status"]["text"],
        real["status"]["note"],
        real["labels"]["deadline"],
        real["labels"]["why_button"],
    ):
        assert words not in shown, f"{words!r} came from somewhere other than the payload's card"
    assert message["text"] == (
        "Headline from the card &lt;deadline label&gt;: the day from the card. &lt;status label&gt;: Status words from the card."
    )


def test_a_payload_without_a_card_is_drawn_from_the_rules_cores_card():
    sent = payload(TYPICAL)
    older = {"type": "determination", "determination": sent["determination"]}
    assert blocks.determination_message(older) == blocks.determination_message(sent)
    assert blocks.determination_message({"type": "determination", "determination": {"outcome": 3}}) is None


def test_a_what_if_card_says_so_first_and_offers_no_share_links():
    sent = payload(dict(TYPICAL, npq={"status": "registered"}), hypothetical=True, share=SHARE)
    message = blocks.determination_message(sent)
    first = message["blocks"][0]
    assert first["type"] == "context" and first["elements"][0]["text"] == sent["card"]["labels"]["hypothetical"]
    assert message["text"].startswith(sent["card"]["labels"]["hypothetical"].strip("_ "))
    assert not [button for button in buttons(message) if "url" in button]


def test_the_deadlines_grain_note_is_shown_with_the_deadline():
    sent = payload(dict(TYPICAL, appointment_date="2023-09"))
    assert sent["card"]["deadline"]["note"]
    fields = next(block["fields"] for block in blocks.determination_message(sent)["blocks"] if "fields" in block)
    assert fields[0]["text"] == f"*Deadline*\n{sent['card']['deadline']['text']}\n_{sent['card']['deadline']['note']}_"


# ---------- share links ----------


def test_the_summary_and_the_calendar_are_link_buttons_and_the_email_draft_is_left_out():
    message = blocks.determination_message(payload(TYPICAL, share=SHARE))
    links = {button["text"]["text"]: button["url"] for button in buttons(message) if "url" in button}
    assert links == {"Printable summary": SHARE["summary_url"], "Add the dates to your calendar": SHARE["ics_url"]}
    text = json.dumps(message)
    assert "mailto:" not in text and "Email draft" not in text and SHARE["qr_url"] not in text
    assert "These links work for 24 hours." in words_of(message)
    # The conversation's own buttons are still there, after the links.
    assert [button.get("value") for button in buttons(message)] == [None, None, "why?", "start again"]


def test_share_links_that_expired_or_are_not_http_are_not_shown():
    expired = dict(SHARE, expires="2020-01-01T00:00:00Z")
    assert not [b for b in buttons(blocks.determination_message(payload(TYPICAL, share=expired))) if "url" in b]
    unsafe = dict(SHARE, summary_url="javascript:alert(1)")
    links = [b["url"] for b in buttons(blocks.determination_message(payload(TYPICAL, share=unsafe))) if "url" in b]
    assert links == [SHARE["ics_url"]]


def test_share_labels_missing_from_the_payload_come_from_the_wording_or_the_link_is_left_out(monkeypatch):
    unlabelled = {key: value for key, value in SHARE.items() if key != "labels"}
    monkeypatch.setitem(WORDING, "share", {"labels": {"summary": "Summary (wording)"}})
    links = {b["text"]["text"] for b in buttons(blocks.determination_message(payload(TYPICAL, share=unlabelled))) if "url" in b}
    assert links == {"Summary (wording)"}


# ---------- the App Home view and the slash command's answer ----------


def test_the_home_view_says_what_the_app_does_offers_the_check_and_shows_the_latest_answer():
    latest = payload(TYPICAL, share=SHARE)
    view = blocks.home_view("SENCO qualification assistant", "What the app does.", latest)
    assert view["type"] == "home" and view["blocks"][0]["text"]["text"] == "SENCO qualification assistant"
    assert "What the app does." in words_of(view)
    start = [b for b in buttons(view) if b["action_id"] == blocks.START_CHECK_ACTION]
    assert [b["text"]["text"] for b in start] == ["Check a SENCO's deadline"]
    shown = unescaped(words_of(view))
    assert latest["card"]["headline"] in shown and "Worked out on 26 November 2026" in shown
    # Links only: "Why?" and "Start again" belong to the conversation, not to the Home tab.
    assert {b.get("value") for b in buttons(view)} == {"start", None}
    assert SHARE["summary_url"] in json.dumps(view)
    empty = blocks.home_view("Name", "What the app does.", None)
    assert blocks.WORDS["no_answer"] in words_of(empty) and len(buttons(empty)) == 1


def test_the_answer_to_a_slash_command_is_the_faq_answer_with_links_and_the_start_button():
    said = [
        {"text": "The NPQ takes 18 months.\n\nSource: DfE, NPQs (https://www.gov.uk/npq?a=1&b=2)"},
        {
            "custom": {
                "type": "faq",
                "intent": "faq_npq_length",
                "sources": [{"title": "DfE, NPQs", "href": "https://www.gov.uk/npq?a=1&b=2"}],
            }
        },
        {
            "text": "Shall I check what applies to you?",
            "buttons": [{"title": "Yes, check for me", "payload": "yes please, check for me"}],
        },
        {"custom": {"type": "offer", "offer": "check"}},
    ]
    reply = blocks.faq_reply(said)
    assert reply["response_type"] == "ephemeral" and reply["text"].startswith("The NPQ takes 18 months.")
    kinds = [block["type"] for block in reply["blocks"]]
    assert kinds == ["section", "context", "actions"]
    assert reply["blocks"][1]["elements"][0]["text"] == "Sources: <https://www.gov.uk/npq?a=1&amp;b=2|DfE, NPQs>"
    assert [b["action_id"] for b in buttons(reply)] == [blocks.START_CHECK_ACTION]
    assert "Shall I check" not in json.dumps(reply)
    assert blocks.faq_reply([{"text": "Is your school in England?"}, {"custom": {"type": "question", "fact": "nation"}}]) is None


def test_an_faq_paragraph_that_does_not_hold_the_sources_is_kept():
    message = blocks.text_message("First paragraph.\n\nSecond paragraph, not the sources.")
    assert blocks.with_faq_sources(message, [{"title": "T", "href": "https://example.org/t"}])
    assert [block["type"] for block in message["blocks"]] == ["section", "section", "context"]


# ---------- text for notifications and screen readers ----------


def test_markdown_from_the_assistant_becomes_slack_mrkdwn():
    message = blocks.text_message("**Your answer**\n\n- one\n- two <b>")
    assert message["text"] == "*Your answer*\n\n\u2022 one\n\u2022 two &lt;b&gt;"
    paragraphs = [block["text"]["text"] for block in message["blocks"]]
    assert paragraphs == ["*Your answer*", "\u2022 one\n\u2022 two &lt;b&gt;"]


# ---------- no words of Slack's own about the law, an outcome or a status ----------


def _leaves(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)
    elif isinstance(node, str):
        yield node


def wording_phrases():
    """The rules core's sentences about outcomes and statuses, cut at their {placeholders}: the
    pieces of three words or more, and every status word on its own."""
    phrases = set()
    for section in ("headlines", "status_notes", "status_words", "card", "reasons", "steps", "funding"):
        for sentence in _leaves(WORDING[section]):
            for piece in re.split(r"\{[^}]*\}", sentence):
                piece = piece.strip(" .,:;()_\"'")
                if len(piece.split()) >= 3:
                    phrases.add(piece.lower())
    return phrases


def written_in(path: Path) -> str:
    """Every string literal and comment of a Python file (docstrings included), spaces collapsed."""
    pieces = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type in (tokenize.STRING, tokenize.COMMENT):
            pieces.append(token.string)
    return " ".join(" ".join(pieces).split())


def status_word_pattern(words: str) -> str:
    """A status word as words: "Overdue" (not the status code "overdue"); "on track" in any case."""
    flags = "(?i)" if " " in words else ""
    return rf"{flags}\b{re.escape(words)}\b"


def found_words(text: str) -> list:
    found = [phrase for phrase in wording_phrases() if phrase in text.lower()]
    return found + [words for words in WORDING["status_words"].values() if re.search(status_word_pattern(words), text)]


def test_no_outcome_or_status_words_are_written_in_the_slack_channels_code():
    assert "the deadline has passed" in wording_phrases()  # what is looked for
    files = sorted(SLACK_DIR.glob("*.py"))
    assert {path.name for path in files} >= {"blocks.py", "connector.py", "home.py"}
    found = [(path.name, words) for path in files for words in found_words(written_in(path))]
    assert not found, f"words about the law, an outcome or a status written in Slack's code: {found}"


def test_the_check_finds_words_that_are_written_in(tmp_path):
    """The check above fails when a status note or a status word is copied into a channel file,
    and not for the status codes a channel may use."""
    copied = tmp_path / "copied.py"
    copied.write_text('NOTES = {"overdue": "the deadline has passed"}\nTITLE = "Overdue"  # or "At Risk"\n')
    assert set(found_words(written_in(copied))) == {"the deadline has passed", "Overdue", "At risk"}
    codes = tmp_path / "codes.py"
    codes.write_text('EMOJI = {"met": ":white_check_mark:", "overdue": ":red_circle:", "at_risk": "x"}\n')
    assert found_words(written_in(codes)) == []
