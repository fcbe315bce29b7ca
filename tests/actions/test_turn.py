"""The one action, held in process over several turns: each message is read by the real fact
finder (as the NLU pipeline does), the intent is given, and the slot events are applied to the
next turn's tracker, as Rasa would. Named as sentences, one behaviour each."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import rules_core
from actions.slots import for_rules_core, known_facts
from actions.turn import ActionTurn
from components.fact_finder import find_facts

TODAY = dt.date(2026, 11, 26)


class Chat:
    """A conversation held against ActionTurn in process."""

    def __init__(self, slots: dict | None = None):
        self.slots: dict = dict(slots or {})
        self.messages: list = []

    def say(self, text: str, intent: str = "inform", confidence: float = 0.9, entities: list | None = None) -> list:
        if entities is None:
            entities = [dict(e, extractor="FactExtractor") for e in find_facts(text, TODAY)]
        tracker = Tracker(
            sender_id="test",
            slots=dict(self.slots),
            latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities},
            events=[],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )
        dispatcher = CollectingDispatcher()
        events = ActionTurn().run(dispatcher, tracker, {})
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
            elif event.get("event") == "reset_slots":
                self.slots = {}
        self.messages = dispatcher.messages
        return dispatcher.messages

    def press(self, slot: str, value) -> list:
        """A button: /inform{"slot": value}, as Rasa parses it."""
        return self.say("/inform" + json.dumps({slot: value}), entities=[{"entity": slot, "value": value}])

    @property
    def facts(self) -> dict:
        return known_facts(self.slots)

    def payloads(self, kind: str) -> list:
        return [m["custom"] for m in self.messages if (m.get("custom") or {}).get("type") == kind]

    @property
    def asked(self):
        questions = self.payloads("question")
        return questions[-1]["fact"] if questions else None

    @property
    def variant(self):
        questions = self.payloads("question")
        return questions[-1]["variant"] if questions else None

    @property
    def responses(self) -> list:
        return [m["response"] for m in self.messages if m.get("response")]

    @property
    def determination(self):
        found = self.payloads("determination")
        return found[-1]["determination"] if found else None


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setenv("SENCO_TODAY", TODAY.isoformat())


SENCO_2023 = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2023-09",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
}


def test_hello_starts_the_check_with_the_first_question_the_rules_core_needs():
    chat = Chat()
    chat.say("hello", intent="greet")
    assert "utter_greet" in chat.responses
    assert chat.asked == "nation"


def test_someone_in_wales_is_answered_after_one_fact():
    chat = Chat({"requested_fact": "nation", "asked_times": 1})
    chat.say("Cardiff")
    assert chat.determination["outcome"] == "OUT_OF_SCOPE"


def test_an_opening_that_asks_and_tells_keeps_its_facts_and_asks_the_next_one():
    chat = Chat()
    chat.say(
        "Am I supposed to do this NPQ thing? I'm the SENDCo at a trust school", intent="faq_who_must_qualify", confidence=0.7
    )
    assert chat.facts["role"] == "senco"
    assert any(
        "not every senco" in (m.get("text") or "").lower() or m.get("response") == "utter_faq_answer" for m in chat.messages
    )
    assert chat.asked == "nation"
    # "a trust school": the word "trust" says which kind of mainstream school (the law treats both alike).
    assert chat.facts["setting"] == "academy_mainstream"


def test_a_side_question_with_no_check_under_way_ends_with_an_offer_whose_yes_starts_the_check():
    chat = Chat()
    chat.say("how long does the npq take", intent="faq_npq_duration_workload", confidence=0.95)
    assert chat.payloads("offer") and chat.asked is None
    chat.say("yes please", intent="affirm")
    assert chat.asked == "nation"


def test_a_side_question_mid_check_is_answered_and_the_check_goes_on():
    chat = Chat({"nation": "england", "requested_fact": "setting", "asked_times": 1})
    chat.say("is it funded?", intent="faq_funding", confidence=0.9)
    assert "utter_faq_answer" in chat.responses
    assert chat.asked == "setting"


def test_no_full_qts_to_the_qtls_question_means_not_only_through_qtls():
    chat = Chat(
        {
            **{k: v for k, v in SENCO_2023.items() if k != "qts_via_qtls_only"},
            "requested_fact": "qts_via_qtls_only",
            "asked_times": 1,
        }
    )
    chat.say("no, full QTS", intent="deny")
    assert chat.facts["qts_via_qtls_only"] is False
    assert chat.facts["has_qts"] is True


@pytest.mark.parametrize("reply", ["n/a", "none", "never", "nope", "0", "no, first time as SENCO"])
def test_none_never_and_na_to_earlier_service_mean_no_months(reply):
    chat = Chat(
        {
            **{k: v for k, v in SENCO_2023.items() if k != "prior_senco_months"},
            "requested_fact": "prior_senco_months",
            "asked_times": 1,
        }
    )
    chat.say(reply)
    assert chat.facts["prior_senco_months"] == 0


def test_secondary_to_the_school_question_is_narrowed_with_a_question_offering_the_two_kinds():
    chat = Chat({"nation": "england", "requested_fact": "setting", "asked_times": 1})
    chat.say("secondary")
    assert (chat.asked, chat.variant) == ("setting", "narrow:mainstream")
    options = chat.payloads("question")[-1]["options"]
    assert [o["value"] for o in options] == ["maintained_mainstream", "academy_mainstream"]
    chat.say("it's run by the council")
    assert chat.facts["setting"] == "maintained_mainstream"


def test_a_school_type_that_stays_vague_is_carried_on_with_when_the_law_treats_both_alike():
    chat = Chat({"nation": "england", "requested_fact": "setting", "asked_times": 1})
    chat.say("a primary")
    chat.say("a primary")
    assert chat.facts["setting"] in ("maintained_mainstream", "academy_mainstream")
    assert "utter_setting_alike" in chat.responses
    assert chat.asked != "setting"


def test_a_nursery_that_stays_vague_is_not_guessed_because_the_law_treats_them_differently():
    chat = Chat({"nation": "england", "requested_fact": "setting", "asked_times": 1})
    chat.say("a nursery")
    chat.say("a nursery")
    assert "setting" not in chat.facts


def test_a_reply_not_understood_is_asked_again_with_numbered_choices_then_put_aside():
    chat = Chat({"nation": "england", "requested_fact": "setting", "asked_times": 1})
    chat.say("blue")
    assert (chat.asked, chat.variant) == ("setting", "again")
    assert "utter_did_not_understand_answer" in chat.responses
    numbered = [m for m in chat.messages if m.get("response") == "utter_ask_setting_again"][0]
    assert numbered["choices"].startswith("1. Maintained mainstream school")
    chat.say("2")
    assert chat.facts["setting"] == "academy_mainstream"


def test_why_to_a_question_says_what_the_fact_decides_and_asks_it_again_without_an_apology():
    chat = Chat({"nation": "england", "requested_fact": "setting", "asked_times": 1})
    chat.say("why?", intent="why_answer")
    assert chat.asked == "setting"
    assert "utter_did_not_understand_answer" not in chat.responses
    assert "utter_why_setting" in chat.responses


def test_a_month_just_gone_is_taken_as_the_coming_one_when_the_person_is_going_to_be_the_senco():
    chat = Chat(
        {
            "nation": "england",
            "setting": "academy_mainstream",
            "appointment_date": "2026-04",
            "requested_fact": "role",
            "asked_times": 1,
        }
    )
    chat.say("I'm going to be the SENCO")
    assert chat.facts["role"] == "aspiring"
    assert chat.facts["appointment_date"] == "2027-04"
    assert "utter_took_date_as_coming" in chat.responses


def test_someone_else_asking_the_speaker_does_not_make_the_speaker_ask_for_someone_else():
    chat = Chat()
    chat.say("I've run SEN at our junior school for years and the new head has started asking about my qualification")
    assert not chat.slots.get("about_someone_else")


def test_facts_with_where_does_that_leave_me_get_the_check_not_a_guessed_faq():
    chat = Chat()
    chat.say("I'm SENCO at an academy in York since Sept 2024, where does that leave me?", intent="faq_slt", confidence=0.7)
    assert "utter_faq_answer" not in chat.responses
    assert chat.asked is not None


def test_an_answer_not_understood_twice_moves_on_to_another_fact():
    chat = Chat({"nation": "england", "requested_fact": "setting", "asked_times": 1})
    chat.say("blue")
    chat.say("green")
    assert chat.asked not in (None, "setting")
    assert "setting" in chat.slots["deferred"]


def test_i_dont_know_gets_how_to_find_out_and_moves_on_coming_back_later():
    chat = Chat(
        {
            **{k: v for k, v in SENCO_2023.items() if k != "appointment_date"},
            "requested_fact": "appointment_date",
            "asked_times": 1,
        }
    )
    chat.say("I don't know", intent="dont_know")
    assert "utter_dont_know_appointment_date" in chat.responses
    assert chat.asked == "nasenco.status"
    chat.press("nasenco_status", "none")
    chat.press("npq_status", "none")
    assert chat.asked == "appointment_date"


def test_a_relative_date_is_kept_to_its_month_and_said_back():
    chat = Chat(
        {
            **{k: v for k, v in SENCO_2023.items() if k != "appointment_date"},
            "requested_fact": "appointment_date",
            "asked_times": 1,
        }
    )
    chat.say("18 months back")
    assert chat.facts["appointment_date"] == "2025-05"
    said = [m for m in chat.messages if m.get("response") == "utter_took_date_as"]
    assert said and said[0]["date"] == "May 2025"


def test_september_2009_asks_for_the_day_because_the_first_of_september_decides():
    chat = Chat(
        {
            **{k: v for k, v in SENCO_2023.items() if k != "appointment_date"},
            "nasenco_status": "none",
            "requested_fact": "appointment_date",
            "asked_times": 1,
        }
    )
    chat.say("September 2009")
    assert (chat.asked, chat.variant) == ("appointment_date", "precise")
    chat.say("the 2nd")
    assert chat.facts["appointment_date"] == "2009-09-02"


def test_about_a_year_of_earlier_service_is_asked_as_the_law_words_it():
    chat = Chat(
        {
            **{k: v for k, v in SENCO_2023.items() if k != "prior_senco_months"},
            "requested_fact": "prior_senco_months",
            "asked_times": 1,
        }
    )
    chat.say("about a year")
    assert (chat.asked, chat.variant) == ("prior_senco_months", "over_limit")
    chat.say("yes, a few days over")
    assert chat.determination["outcome"] == "NOT_REQUIRED"


def test_a_future_appointment_for_someone_said_to_be_the_senco_is_taken_as_starting_then_and_said_back():
    chat = Chat(
        {
            "nation": "england",
            "setting": "academy_mainstream",
            "role": "senco",
            "requested_fact": "appointment_date",
            "asked_times": 1,
        }
    )
    chat.say("January 2027")
    assert chat.facts["role"] == "aspiring"
    assert "utter_took_role_as_aspiring" in chat.responses


def test_a_correction_replaces_the_date_it_names_and_the_answer_is_worked_out_again():
    chat = Chat({**SENCO_2023, "nasenco_status": "none", "npq_status": "none"})
    chat.say("sorry, I became SENCO in September 2024, not 2023", intent="change_answer")
    assert chat.facts["appointment_date"] == "2024-09"
    assert chat.determination["deadline"] == "2027-09-01"


def test_a_button_payload_is_taken_as_it_is():
    chat = Chat({"requested_fact": "nation", "asked_times": 1})
    chat.press("nation", "england")
    assert chat.facts["nation"] == "england"
    assert chat.asked == "setting"


def test_the_determination_payload_is_what_the_rules_core_gives_with_the_card_beside_it():
    chat = Chat({**SENCO_2023, "nasenco_status": "none", "requested_fact": "npq.status", "asked_times": 1})
    chat.say("not started")
    body = chat.payloads("determination")[-1]
    assert body["determination"] == rules_core.determine(for_rules_core(chat.facts), TODAY)
    assert body["card"] == rules_core.card(body["determination"])


def test_start_again_clears_every_answer_and_asks_the_first_question():
    chat = Chat({**SENCO_2023})
    chat.say("start again", intent="start_again")
    assert chat.facts == {}
    assert chat.asked == "nation"


# --- Whatever the user types: never a third ask in a row, never a turn without a next step. -----

REPLIES = st.sampled_from(
    [
        "",
        "blue",
        "?",
        "what",
        "hmm",
        "I don't know",
        "not sure",
        "yes",
        "no",
        "n/a",
        "2",
        "maybe",
        "asdf",
        "England",
        "academy",
        "primary",
        "a nursery",
        "college",
        "September 2009",
        "2009",
        "about a year",
        "the 1st",
        "not started",
        "doing it",
        "ect",
        "still",
        "sorry what?",
        "why do you ask",
        "start",
    ]
)
INTENTS = st.sampled_from(["inform", "nlu_fallback", "affirm", "deny", "dont_know", "why_ask", "out_of_scope"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(REPLIES, INTENTS), min_size=3, max_size=14))
def test_no_question_is_asked_three_times_in_a_row_and_every_turn_has_a_next_step(turns):
    chat = Chat()
    chat.say("hi", intent="greet")
    asked = [chat.asked]
    for text, intent in turns:
        chat.say(text, intent=intent, confidence=0.7)
        has_next_step = chat.payloads("question") or chat.payloads("determination") or chat.payloads("offer")
        assert has_next_step, (text, intent, chat.messages)
        if chat.asked:
            asked.append(chat.asked)
            assert asked[-3:] != [chat.asked] * 3, asked


# --- A fact the person cannot give: the usual answer, said as an assumption, then an answer. ----


def test_a_fact_with_a_usual_answer_that_stays_unknown_is_assumed_said_so_and_the_answer_given():
    chat = Chat(
        {
            **SENCO_2023,
            "nasenco.status": None,
            "qts_via_qtls_only": None,
            "nasenco_status": "none",
            "npq_status": "none",
            "requested_fact": "qts_via_qtls_only",
            "asked_times": 1,
        }
    )
    asked = []
    for _ in range(6):
        chat.say("not sure", intent="dont_know")
        if chat.determination:
            break
        asked.append(chat.asked)
    assert chat.determination is not None, asked
    assert asked.count("qts_via_qtls_only") <= 2 and "utter_assume_qts_via_qtls_only" in chat.responses
    assert chat.facts["qts_via_qtls_only"] is False and chat.determination["outcome"] == "TAKE_NPQ_SENCO"
    # Said so, and open to correction: the person's later word replaces the assumption, and the
    # conversation goes on to what the law then needs (whether they are the head).
    chat.say("actually it was only through QTLS")
    assert chat.facts["qts_via_qtls_only"] is True and chat.asked == "is_head"
    chat.press("is_head", False)
    assert chat.determination["outcome"] == "NOT_ELIGIBLE"


def test_a_usual_answer_is_assumed_even_while_a_fact_without_one_is_still_unknown():
    known = {key: value for key, value in SENCO_2023.items() if key not in ("nation", "setting")}
    chat = Chat({**known, "nasenco_status": "none", "npq_status": "none"})
    chat.say("hello", intent="greet")
    assumed = False
    for _ in range(30):
        chat.say("I don't know", intent="dont_know")
        assumed = assumed or "utter_assume_nation" in chat.responses
        # What the law says without the school type comes only once England has been assumed.
        assert "utter_partial_answer" not in chat.responses or chat.slots.get("nation") == "england"
        if chat.payloads("offer"):
            break
    assert assumed and chat.slots.get("nation") == "england"


def test_a_fact_without_a_usual_answer_is_never_assumed_and_what_the_law_says_without_it_is_given_once():
    chat = Chat(
        {
            **{k: v for k, v in SENCO_2023.items() if k != "appointment_date"},
            "nasenco_status": "none",
            "npq_status": "none",
            "requested_fact": "appointment_date",
            "asked_times": 1,
        }
    )
    partial = []
    for _ in range(6):
        chat.say("no idea", intent="dont_know")
        partial += [d for d in chat.payloads("determination")]
        assert chat.payloads("offer") or chat.payloads("question") or chat.payloads("determination")
    assert "appointment_date" not in chat.facts
    assert len(partial) == 1 and partial[0]["determination"]["missing"] == ["appointment_date"]
    assert partial[0]["determination"]["complete"] is False
    # The question is still the pending one: the date, when found, finishes the check.
    chat.say("September 2023")
    assert chat.determination["complete"] and chat.determination["outcome"] == "TAKE_NPQ_SENCO"


# --- A day asked for and not known: the day that asks more, said so. ------------------------------


NPQ_ACROSS_THE_DEADLINE = {
    # Appointed "September 2024", the NPQ from November 2025: finishing around September 2027, so
    # the days decide on track or at risk, unless the person knows when their result comes.
    **SENCO_2023,
    "appointment_date": "2024-09",
    "nasenco_status": "none",
    "npq_status": "in_progress",
    "npq_start_date": "2025-11",
}


def test_when_only_days_are_missing_the_expected_result_date_is_asked_first_and_can_settle_it():
    chat = Chat(dict(NPQ_ACROSS_THE_DEADLINE, requested_fact="nasenco.status"))
    chat.say("no", intent="deny")
    assert chat.asked == "npq.completion_date"
    chat.say("results are due in July 2027")
    assert chat.determination["status"] == "on_track"
    assert chat.facts["appointment_date"] == "2024-09"  # no day was needed


def test_days_still_not_known_when_asked_again_are_taken_as_the_days_that_ask_more_and_said():
    chat = Chat(dict(NPQ_ACROSS_THE_DEADLINE, requested_fact="nasenco.status"))
    chat.say("no", intent="deny")
    replies = {"npq.completion_date": "not sure", "appointment_date": "september 2024", "npq.start_date": "november 2025"}
    asked = []
    while chat.determination is None and len(asked) < 12:
        asked.append(chat.asked)
        chat.say(replies[chat.asked], intent="dont_know" if chat.asked == "npq.completion_date" else "inform")
    # The 1st of September 2024 gives the earlier deadline; the 30th of November 2025 the later finish.
    assert chat.facts["appointment_date"] == "2024-09-01" and chat.facts["npq.start_date"] == "2025-11-30", asked
    assert chat.determination["deadline"] == "2027-09-01"
    assert chat.determination["status"] == "at_risk"


def test_the_day_that_asks_more_can_be_the_last_of_the_month():
    """September 2009: on the 1st no duty at all, later in the month the duty applies."""
    chat = Chat(
        {
            **SENCO_2023,
            "appointment_date": "2009-09",
            "requested_fact": "appointment_date",
            "question_variant": "precise",
            "asked_times": 1,
            "asks": {"appointment_date": 2},
        }
    )
    chat.say("I don't know the day", intent="dont_know")
    assert chat.facts["appointment_date"] == "2009-09"  # put aside first, with how to find out
    for _ in range(8):
        if chat.asked == "appointment_date":
            break
        chat.say("yes" if chat.asked != "prior_senco_months" else "no")
    assert chat.asked == "appointment_date"
    chat.say("still don't know the day, sorry", intent="dont_know")
    assert chat.facts["appointment_date"] == "2009-09-30"


@pytest.mark.parametrize("reply", ["ok go on then", "go ahead", "yes please", "alright"])
def test_the_offer_is_taken_up_in_many_words_whatever_the_intent(reply):
    chat = Chat()
    chat.say("how long does the NPQ take?", intent="faq_npq_duration_workload", confidence=0.95)
    assert chat.payloads("offer")
    chat.say(reply, intent="goodbye", confidence=0.9)
    assert chat.asked == "nation"


# --- A vague date whose month changes the answer is asked once more. -------------------------------

NOTHING_STARTED = {**SENCO_2023, "nasenco_status": "none", "npq_status": "none"}


def _asked_for_the_appointment():
    facts = {k: v for k, v in NOTHING_STARTED.items() if k != "appointment_date"}
    return Chat({**facts, "requested_fact": "appointment_date", "asked_times": 1})


def test_a_season_whose_month_changes_the_deadline_is_asked_before_the_answer():
    chat = _asked_for_the_appointment()
    chat.say("spring 2025")
    assert (chat.asked, chat.variant) == ("appointment_date", "which_month")
    assert chat.determination is None
    chat.say("April")
    assert chat.facts["appointment_date"] == "2025-04"
    assert chat.determination["deadline"] == "2028-04-01"


def test_a_vague_date_said_again_is_kept_and_said_so_with_no_question_three_times_in_a_row():
    chat = _asked_for_the_appointment()  # asked once already
    chat.say("last spring")
    assert (chat.asked, chat.variant) == ("appointment_date", "which_month")  # twice in a row
    chat.say("last spring")
    assert "utter_kept_estimate" in chat.responses
    assert chat.facts["appointment_date"] == "2026-01"
    assert chat.determination["deadline"] == "2029-01-01"


def test_a_vague_date_from_the_opening_is_asked_at_most_twice_then_kept():
    facts = {k: v for k, v in NOTHING_STARTED.items() if k not in ("appointment_date", "npq_status")}
    chat = Chat({**facts, "requested_fact": "npq.status", "asked_times": 1})
    chat.say("I've been SENCO since last spring, not started the NPQ")
    asked = [chat.variant]
    while chat.determination is None and len(asked) < 5:
        chat.say("last spring")
        asked.append(chat.variant)
    assert asked == ["which_month", "which_month", None]
    assert "utter_kept_estimate" in chat.responses


def test_not_sure_which_month_keeps_the_reading_and_answers():
    chat = _asked_for_the_appointment()
    chat.say("18 months ago")
    assert chat.variant == "which_month"
    chat.say("no idea sorry", intent="dont_know")
    assert "utter_kept_estimate" in chat.responses
    assert chat.determination["deadline"] == "2028-05-01"


def test_a_vague_date_whose_month_changes_nothing_is_not_asked_again():
    chat = _asked_for_the_appointment()
    chat.say("spring 2005")  # on or before 1 September 2009 whichever month: no duty
    assert chat.determination["outcome"] == "NOT_REQUIRED"
    assert chat.variant is None


def test_a_reply_that_names_no_month_asks_once_more_then_keeps_the_reading():
    facts = {k: v for k, v in NOTHING_STARTED.items() if k not in ("appointment_date", "npq_status")}
    chat = Chat({**facts, "requested_fact": "npq.status", "asked_times": 1})
    chat.say("SENCO since spring 2025, no NPQ yet")
    assert chat.variant == "which_month"
    chat.say("hmm let me think")
    assert chat.variant == "which_month" and "utter_ask_which_month_again" in chat.responses
    chat.say("erm")
    assert "utter_kept_estimate" in chat.responses
    assert chat.determination["deadline"] == "2028-01-01"


def test_a_year_corrected_in_passing_changes_the_date_it_differs_from():
    chat = Chat({**NOTHING_STARTED, "appointment_date": "2021-03", "npq_status": "registered", "npq_start_date": "2026-11"})
    chat.slots.update({"prior_senco_months": None, "requested_fact": "prior_senco_months", "asked_times": 1})
    chat.say("sorry - March 2022 not 2021! brain's fried this week", intent="change_answer")
    assert chat.facts["appointment_date"] == "2022-03"
    assert chat.facts["npq.start_date"] == "2026-11"


def test_an_officer_describing_a_school_that_has_a_new_senco_asks_for_her():
    chat = Chat()
    chat.say(
        "Hi all - SEND link officer for a cluster of schools. One of my academy primaries has a newish SENCO "
        "(started jan 2025). A governor asked if she's on track?"
    )
    assert chat.slots.get("about_someone_else")
    assert chat.facts["role"] == "senco" and chat.facts["appointment_date"] == "2025-01"


def test_earlier_time_at_a_prep_school_in_the_opening_is_noted_as_none_and_said_so():
    chat = Chat()
    chat.say(
        "moved from the independent sector to a studio school in jan. i was SENCo at a prep for 2 yrs - does that exempt me?"
    )
    assert chat.facts["prior_senco_months"] == 0
    assert "utter_prior_not_counted" in chat.responses


def test_a_status_corrected_in_passing_changes_the_one_course_told():
    chat = Chat()
    chat.say("I've completed the NPQ for SENCOs")
    assert chat.facts["npq.status"] == "completed"
    chat.say("Sorry, that's wrong - I'm doing it, the final assessment isn't until next year", intent="change_answer")
    assert chat.facts["npq.status"] == "in_progress"


def test_a_head_asking_for_a_teacher_who_takes_over_as_senco_keeps_her_own_headship_apart():
    chat = Chat()
    chat.say("I'm a head teacher. One of my teachers takes over as SENCO in January - what does she need to do?")
    assert chat.slots.get("about_someone_else")
    assert "is_head" not in chat.facts
    assert chat.facts["role"] == "aspiring" and chat.facts["appointment_date"] == "2027-01"


@pytest.mark.parametrize(
    "fact, reply, known",
    [
        ("appointment_date", "I've been teaching since 2013, all at this school", {"role": "senco"}),
        ("role", "I'm Assistant Head for Inclusion", {}),
        ("prior_senco_months", "about 3 years now", {"role": "senco", "appointment_date": "2023-11"}),
        ("prior_senco_months", "No, not at another school", {"role": "senco", "appointment_date": "2025-01"}),
    ],
)
def test_a_reply_that_answers_something_near_the_question_is_asked_again_not_taken(fact, reply, known):
    chat = Chat({"nation": "england", "setting": "academy_mainstream", **known, "requested_fact": fact, "asked_times": 1})
    chat.say(reply)
    assert fact not in chat.facts
    assert (chat.asked, chat.variant) == (fact, "again")


def test_she_isnt_the_senco_to_when_she_became_senco_undoes_the_role():
    facts = {k: v for k, v in NOTHING_STARTED.items() if k != "appointment_date"}
    chat = Chat({**facts, "about_someone_else": True, "requested_fact": "appointment_date", "asked_times": 1})
    chat.say("she isn't the SENCo")
    assert chat.facts["role"] == "other"
    assert chat.determination["outcome"] == "NOT_REQUIRED"


def test_no_earlier_senco_post_is_not_a_denial_of_the_role():
    facts = {k: v for k, v in NOTHING_STARTED.items() if k != "prior_senco_months"}
    chat = Chat({**facts, "requested_fact": "prior_senco_months", "asked_times": 1})
    chat.say("no, I was not a senco before")
    assert chat.facts["role"] == "senco" and chat.facts["prior_senco_months"] == 0


def test_a_year_put_right_in_a_later_answer_keeps_its_month():
    chat = Chat()
    chat.say("Hi, I've been SENCO at a primary academy in Leeds since Jan 2025 and I'm on the NPQ (started Nov 2025).")
    assert chat.facts["appointment_date"] == "2025-01"
    while chat.asked != "prior_senco_months":
        chat.say({"setting": "academy", "nation": "england"}.get(chat.asked, "yes"))
    chat.say("No, never. Oh and sorry, I said Jan 2025 at the start, it was actually Jan 2024. Been a long week!")
    assert chat.facts["appointment_date"] == "2024-01"
    assert chat.facts["prior_senco_months"] == 0


def test_a_head_making_a_colleague_senco_is_not_taken_as_the_senco():
    chat = Chat()
    chat.say(
        "I'm head at a secondary academy in Grimsby. I want to make our inclusion manager SENCO from January. "
        "She has QTLS from her FE days, which I understand gives her QTS. Is she able to be the SENCO?"
    )
    assert chat.slots.get("about_someone_else")
    assert chat.facts.get("is_head") is not True


def test_a_month_in_doubt_is_asked_before_its_day():
    facts = {**NOTHING_STARTED, "appointment_date": "2025-09-01", "npq_status": "in_progress"}
    chat = Chat({**facts, "requested_fact": "npq.start_date", "asked_times": 1})
    chat.say("nov")  # said in November 2026: this month, or November 2025
    if chat.asked == "npq.completion_date":
        chat.say("idk tbh")
    assert chat.asked == "npq.start_date" and chat.variant == "which_month"
    chat.say("nov 25")
    assert chat.facts["npq.start_date"] == "2025-11"


def test_an_earlier_spell_in_reply_to_the_limit_question_leaves_the_appointment_alone():
    chat = Chat({**{k: v for k, v in NOTHING_STARTED.items() if k != "prior_senco_months"}, "appointment_date": "2025-09"})
    chat.slots.update(
        {"prior_senco_months": 12, "requested_fact": "prior_senco_months", "question_variant": "over_limit", "asked_times": 1}
    )
    chat.say("just under actually - sept 2022 to end of july 2023, one school year. it was a maintained primary")
    assert chat.facts["appointment_date"] == "2025-09"


def test_a_vague_date_to_the_day_question_is_asked_again_not_taken():
    chat = Chat({**NOTHING_STARTED, "appointment_date": "2025-09", "npq_status": "in_progress", "npq_start_date": "2026-11"})
    chat.slots.update({"requested_fact": "appointment_date", "question_variant": "precise", "asked_times": 1})
    chat.say("this time last year")
    assert chat.facts["appointment_date"] == "2025-09"


def test_a_result_month_for_a_course_under_way_is_the_one_to_come():
    facts = {**NOTHING_STARTED, "appointment_date": "2023-11", "npq_status": "in_progress", "npq_start_date": "2025-01"}
    chat = Chat({**facts, "requested_fact": "npq.completion_date", "asked_times": 1})
    chat.say("not sure, they said feb 27ish")
    assert chat.facts["npq.completion_date"] == "2027-02"


def test_a_deputy_senco_taking_over_from_one_who_leaves_is_asking_for_herself():
    chat = Chat()
    chat.say("Hi, I'm the deputy SENCo at a primary academy. Our SENCo leaves at Easter and I'm taking over.")
    assert not chat.slots.get("about_someone_else")
    assert chat.facts["role"] == "aspiring"


def test_a_finish_answered_before_a_start_read_from_the_opening_sets_that_start_aside():
    facts = {**NOTHING_STARTED, "appointment_date": "2025-11", "nasenco_status": "completed", "nasenco_start_date": "2025-11"}
    chat = Chat({**facts, "requested_fact": "nasenco.completion_date", "asked_times": 1})
    chat.say("july 2015")
    assert chat.facts["nasenco.completion_date"] == "2015-07"
    assert "nasenco.start_date" not in chat.facts
    # a NASENCO finished in 2015 was started before 1 September 2024: no start needed
    assert (chat.determination["outcome"], chat.determination["status"]) == ("ALREADY_QUALIFIED", "met")


def test_a_finish_before_a_start_the_person_gave_when_asked_is_checked_with_them():
    facts = {**NOTHING_STARTED, "appointment_date": "2025-11", "nasenco_status": "completed", "nasenco_start_date": "2025-11"}
    chat = Chat({**facts, "requested_fact": "nasenco.completion_date", "asked_times": 1, "asks": {"nasenco.start_date": 1}})
    chat.say("july 2015")
    assert chat.facts["nasenco.start_date"] == "2025-11"
    assert "utter_completion_before_start" in chat.responses


def test_a_result_date_not_known_at_first_is_asked_once_more_before_a_day():
    facts = {**NOTHING_STARTED, "appointment_date": "2024-09", "npq_status": "in_progress", "npq_start_date": "2025-11"}
    chat = Chat({**facts, "requested_fact": "npq.completion_date", "asked_times": 1, "asks": {"npq.completion_date": 1}})
    chat.say("no idea tbh")
    for _ in range(4):
        if chat.asked in (None, "npq.completion_date"):
            break
        chat.say("not sure")
    assert chat.asked == "npq.completion_date"
    chat.say("provider said results summer 2027, july-ish")
    assert chat.determination["status"] == "on_track"


def test_an_earlier_answer_said_to_be_wrong_is_put_right_beside_an_answer_to_another_question():
    chat = Chat({**NOTHING_STARTED, "appointment_date": "2024-09", "prior_senco_months": 2, "nasenco_status": None})
    chat.slots.update({"requested_fact": "nasenco.status", "asked_times": 1})
    chat.say(
        "no. oh and sorry I got that wrong earlier - it was 2 YEARS at my last school, not 2 months! "
        "2020-2022, maintained secondary"
    )
    assert chat.facts["prior_senco_months"] == 24
    assert chat.facts["nasenco.status"] == "none"
    assert chat.facts["setting"] == "academy_mainstream"  # the school left, in the next sentence


def test_an_appointment_said_to_be_wrong_is_put_right_beside_an_answer_to_another_question():
    chat = Chat({**NOTHING_STARTED, "appointment_date": "2024-09", "npq_status": None})
    chat.slots.update({"requested_fact": "npq.status", "asked_times": 1})
    chat.say("registered for the november one. ah sorry I got the date wrong earlier, I became SENCO sept 2023 not 2024")
    assert chat.facts["appointment_date"] == "2023-09"
    assert chat.facts["npq.status"] == "registered"


def test_a_colleague_doing_the_senco_role_is_asked_about_not_the_deputy_head_who_writes():
    chat = Chat()
    chat.say("We've got an HLTA doing our SENCo role - really experienced, 10 yrs. No QTS. I'm deputy head, is this allowed??")
    assert chat.slots.get("about_someone_else")
    assert chat.facts["role"] == "senco" and chat.facts["has_qts"] is False


def test_earlier_service_still_going_on_counts_until_the_new_post_starts():
    facts = {k: v for k, v in NOTHING_STARTED.items() if k != "prior_senco_months"}
    chat = Chat({**facts, "role": "aspiring", "appointment_date": "2027-04", "about_someone_else": True})
    chat.slots.update({"requested_fact": "prior_senco_months", "asked_times": 1})
    chat.say("she's been SENCo at her current school since Jan 2026")
    assert chat.facts["prior_senco_months"] == 15  # January 2026 to April 2027
    assert chat.determination is None or chat.determination["outcome"] == "NOT_REQUIRED"


def test_a_date_said_to_be_wrong_gives_way_to_the_one_that_puts_it_right():
    chat = Chat({**NOTHING_STARTED, "appointment_date": "2024", "prior_senco_months": None})
    chat.slots.update({"requested_fact": "prior_senco_months", "asked_times": 1})
    chat.say("no never. oh and sorry, I said march before - I mean May 2024, 7th May")
    assert chat.facts["prior_senco_months"] == 0
    assert chat.facts["appointment_date"] in ("2024-05", "2024-05-07")
