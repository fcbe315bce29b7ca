"""Whole conversations over REST, as a user (or a channel) holds them: the bot asks one fact at a
time with a question payload, and ends with a determination payload equal to what the rules core
gives for the same facts."""

import datetime as dt
import uuid

import pytest

import rules_core
from tests.support.driving import TYPICAL, TYPICAL_FACTS, asked, converse, payloads

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 26)


def test_a_typical_senco_is_asked_each_fact_once_and_told_they_are_overdue(servers):
    determination, asked_facts, _, _ = converse(servers, "hi", TYPICAL)
    assert asked_facts == [
        "nation",
        "setting",
        "role",
        "appointment_date",
        "prior_senco_months",
        "has_qts",
        "qts_via_qtls_only",
        "induction",
        "nasenco.status",
        "npq.status",
    ]
    assert (determination["outcome"], determination["deadline"], determination["status"]) == (
        "TAKE_NPQ_SENCO",
        "2026-09-01",
        "overdue",
    )
    assert determination == rules_core.determine(TYPICAL_FACTS, TODAY)


def test_someone_in_wales_is_answered_after_one_question(servers):
    determination, asked_facts, _, _ = converse(servers, "hello", {"nation": "Wales"})
    assert asked_facts == ["nation"]
    assert determination["outcome"] == "OUT_OF_SCOPE"


def test_a_rich_first_message_skips_the_questions_it_answers(servers):
    opening = "I took over as SENCO at a primary academy in Leeds in September 2023 and started the NASENCO in Feb 2024"
    answers = dict(TYPICAL, **{"nasenco.completion_date": "July 2027", "prior_senco_months": "no"})
    determination, asked_facts, _, _ = converse(servers, opening, answers)
    assert not {"nation", "setting", "role", "appointment_date", "nasenco.status", "nasenco.start_date"} & set(asked_facts)
    assert (determination["outcome"], determination["qualification"], determination["status"]) == (
        "COMPLETE_NASENCO",
        "NASENCO",
        "overdue",
    )


def test_a_correction_mid_conversation_replaces_the_date_and_recomputes(servers):
    determination, _, _, sender = converse(servers, "hi", TYPICAL)
    assert determination["deadline"] == "2026-09-01"
    messages = servers.say(sender, "sorry, I became SENCO in September 2024, not 2023")
    corrected = payloads(messages, "determination")[-1]["determination"]
    assert corrected["deadline"] == "2027-09-01"


def test_a_question_asked_mid_conversation_is_answered_then_the_question_comes_back(servers):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    servers.say(sender, "hi")
    servers.say(sender, "England")
    messages = servers.say(sender, "how long does the NPQ take?")
    texts = " ".join(m.get("text") or "" for m in messages)
    assert "18 months" in texts
    assert asked(messages) == "setting"


def test_start_again_clears_everything(servers):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    servers.say(sender, "hi")
    servers.say(sender, "England")
    messages = servers.say(sender, "start again")
    assert asked(messages) == "nation"


@pytest.mark.parametrize("opening", ["", "/get_started"])
def test_an_empty_or_start_message_is_greeted_with_the_first_question(servers, opening):
    # what a chat widget sends when it opens; REST keeps its payloads for every client
    messages = servers.say(f"e2e-{uuid.uuid4().hex[:8]}", opening)
    assert messages[0]["text"].startswith("Hello! I can tell you whether you need the NASENCO")
    assert asked(messages) == "nation"
