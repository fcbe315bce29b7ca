"""One answer view (issue 12): every outcome and status, drawn by each channel that draws it in
Python (the chat text for REST, socket.io and the terminal; Slack's blocks; the printable summary
page), shows the card's own words: the headline, the deadline as precisely as it is known, the
status, and the first step. The widget and kiosk draw the same card in the browser
(tests/browser)."""

import datetime as dt
import html
import json

import pytest

import rules_core
from channels.slack import blocks
from channels.summary_page import page

TODAY = dt.date(2026, 11, 26)
BASE = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "none"},
}
PEOPLE = {
    "out of scope": {"nation": "wales"},
    "not required (special school)": {**BASE, "setting": "special"},
    "not required (appointed 2008)": {**BASE, "appointment_date": "2008-03"},
    "not eligible": {**BASE, "has_qts": False, "is_head": False, "appointment_date": "2024-09-01"},
    "unclear": {**BASE, "setting": "pru_ap"},
    "already qualified": {**BASE, "appointment_date": "2023-09-01", "npq": {"status": "completed"}},
    "complete the NASENCO, on track": {
        **BASE,
        "appointment_date": "2025-01-10",
        "nasenco": {"status": "in_progress", "start_date": "2024-02", "completion_date": "2027-06"},
    },
    "take the NPQ, overdue": {**BASE, "appointment_date": "2023-09-01"},
    "take the NPQ, at risk": {**BASE, "appointment_date": "2025-09"},
    "take the NPQ, on track": {
        **BASE,
        "appointment_date": "2026-09-01",
        "npq": {"status": "registered", "start_date": "2026-11"},
    },
}


def answers():
    for name, facts in PEOPLE.items():
        determination = rules_core.determine(facts, TODAY)
        yield pytest.param(determination, rules_core.card(determination), facts, id=name)


def words_of(card: dict) -> list:
    words = [card["headline"]]
    if card["deadline"]:
        words.append(card["deadline"]["text"])
    if card["status"]:
        words.append(card["status"]["text"])
    if card["steps"]:
        words.append(card["steps"][0]["text"])
    return words


def test_every_outcome_and_status_is_covered():
    cards = [rules_core.card(rules_core.determine(facts, TODAY)) for facts in PEOPLE.values()]
    assert {card["outcome"] for card in cards} == {
        "OUT_OF_SCOPE",
        "NOT_REQUIRED",
        "NOT_ELIGIBLE",
        "UNCLEAR",
        "ALREADY_QUALIFIED",
        "COMPLETE_NASENCO",
        "TAKE_NPQ_SENCO",
    }
    assert {card["status"]["code"] for card in cards if card["status"]} == {"met", "on_track", "at_risk", "overdue"}


@pytest.mark.parametrize("determination, card, facts", answers())
def test_the_chat_text_says_the_cards_words(determination, card, facts):
    text = rules_core.summary(determination)
    assert [w for w in words_of(card) if w not in text] == []


@pytest.mark.parametrize("determination, card, facts", answers())
def test_slacks_card_says_the_cards_words(determination, card, facts):
    drawn = json.dumps(blocks.card_blocks(card), ensure_ascii=False)
    assert [w for w in words_of(card) if blocks.escape(w) not in drawn] == []


@pytest.mark.parametrize("determination, card, facts", answers())
def test_the_summary_page_says_the_cards_words(determination, card, facts):
    drawn = html.unescape(page(determination, card, facts))
    assert [w for w in words_of(card) if w not in drawn] == []


def test_a_change_of_wording_reaches_every_channel(monkeypatch):
    """The check above is real: a headline changed in the one place it is written shows in all."""
    from rules_core import render

    monkeypatch.setitem(render.WORDING["headlines"], "TAKE_NPQ_SENCO", "A headline written only in wording.yaml")
    determination = rules_core.determine(PEOPLE["take the NPQ, overdue"], TODAY)
    card = rules_core.card(determination)
    assert "A headline written only in wording.yaml" in rules_core.summary(determination)
    assert "A headline written only in wording.yaml" in json.dumps(blocks.card_blocks(card))
    assert "A headline written only in wording.yaml" in page(determination, card, PEOPLE["take the NPQ, overdue"])
