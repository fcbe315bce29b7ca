"""Replies read against the question asked: options and their synonyms, typos, numbers, the
forms of yes and no, negations that carry the answer, counts, vague dates; and what stays open."""

import datetime as dt

import pytest

from components.answer_reader import read_reply
from rules_core.registry import REGISTRY

TODAY = dt.date(2026, 11, 26)


def read(fact, text, **kwargs):
    return read_reply(REGISTRY[fact], text, today=TODAY, **kwargs)


@pytest.mark.parametrize(
    "fact, text, value",
    [
        ("nation", "England", "england"),
        ("nation", "eng", "england"),
        ("nation", "englnad", "england"),
        ("nation", "Cardiff", "wales"),
        ("nation", "norn iron", "northern_ireland"),
        ("nation", "England - oh wait, no, it's Wales", "wales"),
        ("setting", "academy", "academy_mainstream"),
        ("setting", "acadmy", "academy_mainstream"),
        ("setting", "an LA-maintained infant school", "maintained_mainstream"),
        ("setting", "a secondary academy", "academy_mainstream"),
        ("setting", "special academy", "special"),
        ("setting", "it's a PRU, LA maintained", "pru_ap"),
        ("setting", "privat nursery", "pvi_nursery"),
        ("setting", "infants, LA", "maintained_mainstream"),
        ("role", "yep", "senco"),
        ("role", "y", "senco"),
        ("role", "not yet, starting in jan", "aspiring"),
        ("role", "nah", "other"),
        ("role", "no, I'm asking for our SENCO", "senco"),
        ("is_head", "nope just the senco", False),
        ("is_head", "yes, acting head", True),
        ("has_qts", "yse", True),
        ("has_qts", "yesss", True),
        ("has_qts", "noooo", False),
        ("has_qts", "no wait, yes I do have QTS", True),
        ("qts_via_qtls_only", "no, full QTS", False),
        ("qts_via_qtls_only", "I did a PGCE", False),
        ("qts_via_qtls_only", "yes, only QTLS", True),
        ("induction", "yes ages ago", "completed"),
        ("induction", "still an ECT", "in_progress"),
        ("induction", "didn't need it", "not_required"),
        ("induction", "Yes, my NQT year was in 2017", "completed"),
        ("nasenco.status", "never did it", "none"),
        ("nasenco.status", "yes doing it now", "in_progress"),
        ("nasenco.status", "n", "none"),
        ("nasenco.status", "finshed", "completed"),
        ("npq.status", "signed up for the nov cohort", "registered"),
        ("npq.status", "she hasn't started", "none"),
        ("npq.status", "registerd", "registered"),
        ("prior_senco_months", "n/a", 0),
        ("prior_senco_months", "nope never", 0),
        ("prior_senco_months", "0", 0),
        ("prior_senco_months", "about 2 years", 24),
        ("prior_senco_months", "18", 18),
        ("prior_senco_months", "No, never before - actually wait, I was SENCO here 2019 to 2021", 24),
        ("prior_senco_months", "3 years at a special school", 0),
        ("appointment_date", "Sept 2023", "2023-09"),
        ("appointment_date", "1/9/2023", "2023-09-01"),
        ("appointment_date", "18 months back", "2025-05"),
        ("appointment_date", "not sure, maybe 2022?", "2022"),
        ("appointment_date", "the start of the autumn term 2024", "2024-09"),
        # Phrasings from the third tuning set of blind conversations.
        ("prior_senco_months", "only ever here", 0),
        ("qts_via_qtls_only", "not as far as I'm aware", False),
        ("npq.status", "done the course, just waiting on the result", "in_progress"),
        ("nasenco.status", "finished, results due in december", "in_progress"),
        ("induction", "no, they say I not need it", "not_required"),
        ("npq.status", "not start", "none"),
        ("role", "no, she's the deputy, not the SENCO", "other"),
        ("role", "Mrs Byrne is, I'm the exec head", "senco"),
        ("appointment_date", "January 2025 - no, February, after half term", "2025-02"),
        ("appointment_date", "after October half term 2023", "2023-11"),
        ("appointment_date", "at the end of the spring term 2024", "2024-03"),
        ("appointment_date", "summer term 2024, after may half term", "2024-06"),
        ("setting", "hospital school (LA)", None),
        # From the fourth tuning set: answers that name the thing instead of saying yes or no.
        ("has_qts", "School Direct in 2016", True),
        ("has_qts", "BEd from Winchester, 1996", True),
        ("has_qts", "I've got a degree but never did teacher training", False),
        ("qts_via_qtls_only", "School Direct salaried, the normal way", False),
        ("qts_via_qtls_only", "BA with QTS", False),
        ("induction", "I qualified in 96 so before all that", "not_required"),
        ("role", "been doing it since we opened in 2004", "senco"),
        ("nation", "north Yorkshire", "england"),
        ("nation", "Derby", "england"),
        ("nation", "Derry", "northern_ireland"),
        ("prior_senco_months", "5 years in Hungary", 0),
        ("prior_senco_months", "this is the only school I've done it at", 0),
        ("nasenco.status", "got the certificate from Canterbury Christ Church in summer 2023", "completed"),
        ("npq.status", "got my pass email in July", "completed"),
        ("npq.status", "why would I do both", "none"),
        ("setting", "special (LA maintained)", "special"),
        ("nasenco.start_date", "September 2024... no, hang on, it was the January before, January 2024", "2024-01"),
        ("appointment_date", "after October half term, two years ago", "2024-11"),
        ("appointment_date", "summer term 2023 I think", "2023-06"),
        ("nasenco.completion_date", "summer 2027", "2027-07"),
        ("has_qts", "I trained as a primary teacher in 2001", True),
        ("role", "is that a problem? I'm not, just thinking about the future", "other"),
        ("npq.status", "finish, I pass", "completed"),
        ("qts_via_qtls_only", "no normal qts", False),
        ("npq.start_date", "11/25", "2025-11"),
        ("npq.start_date", "2026-11", "2026-11"),
        ("has_qts", "ye", True),
        ("setting", "oh sorry - it's a special school, SLD and PMLD, an academy in the trust", "special"),
        ("setting", "primary, part of a MAT", "academy_mainstream"),
    ],
)
def test_a_reply_is_read_as_the_value_it_gives(fact, text, value):
    assert read(fact, text).value == value


@pytest.mark.parametrize(
    "fact, text, candidates",
    [
        ("setting", "secondary", ("maintained_mainstream", "academy_mainstream")),
        ("setting", "a nursery", ("maintained_nursery", "pvi_nursery")),
        ("setting", "college", ("post16", "maintained_mainstream", "academy_mainstream")),
        ("setting", "hospital school", ("special", "pru_ap", "other")),
        ("induction", "no", ("in_progress", "not_required")),
        ("npq.status", "yes", ("registered", "in_progress", "completed")),
    ],
)
def test_a_reply_that_fits_several_values_is_left_for_a_narrowing_question(fact, text, candidates):
    reply = read(fact, text)
    assert reply.value is None and reply.candidates == candidates


def test_numbers_are_read_only_when_the_question_listed_its_options_numbered():
    assert read("setting", "2", numbered=True).value == "academy_mainstream"
    assert read("setting", "2").value is None


def test_a_narrowing_reply_is_read_among_the_candidates():
    assert (
        read(
            "setting",
            "run by the council",
            variant="narrow:mainstream",
            candidates=("maintained_mainstream", "academy_mainstream"),
        ).value
        == "maintained_mainstream"
    )


def test_the_day_within_a_month_already_given_completes_the_date():
    assert read("appointment_date", "the 2nd", variant="precise", known="2009-09").value == "2009-09-02"
    assert read("appointment_date", "6th nov", variant="precise", known="2023-11").value == "2023-11-06"
    assert read("appointment_date", "the April", variant="precise", known="2024").value == "2024-04"


def test_the_laws_own_question_on_earlier_service_is_read_as_yes_or_no():
    assert read("prior_senco_months", "yes, a few days over", variant="over_limit").extra == {"prior_senco_over_limit": True}
    assert read("prior_senco_months", "no", variant="over_limit").extra == {"prior_senco_over_limit": False}


def test_na_to_a_course_date_says_the_course_was_never_done():
    assert read("nasenco.start_date", "n/a").extra == {"nasenco.status": "none"}


@pytest.mark.parametrize("text", ["I don't know", "not sure", "dunno", "can't remember"])
def test_not_knowing_is_said_as_not_sure(text):
    assert read("appointment_date", text).not_sure


@pytest.mark.parametrize(
    "fact, text", [("setting", "blue"), ("nation", "the moon"), ("has_qts", "maybe later"), ("appointment_date", "whenever")]
)
def test_a_reply_that_says_nothing_about_the_fact_settles_nothing(fact, text):
    reply = read(fact, text)
    assert reply.value is None and not reply.candidates and not reply.extra


@pytest.mark.parametrize("fact", ["qts_via_qtls_only", "is_head", "has_qts"])
@pytest.mark.parametrize("text", ["not sure", "I'm not sure tbh", "no idea"])
def test_not_sure_is_not_a_yes_or_a_no(fact, text):
    reply = read(fact, text)
    assert reply.value is None and reply.not_sure


def test_the_vague_words_said_again_to_the_narrowing_question_pick_the_choice_titled_with_them():
    assert read("setting", "hospital school (LA)", variant="narrow:hospital").value == "other"
    assert (
        read("setting", "hospital school", variant="narrow:hospital", candidates=("special", "pru_ap", "other")).value == "other"
    )


def test_i_havent_been_appointed_to_the_date_question_says_they_are_not_the_senco():
    reply = read("appointment_date", "I haven't been appointed to anything")
    assert reply.value is None and reply.extra == {"role": "other"}


def test_a_trust_alone_is_narrowed_because_trusts_run_special_and_ap_academies_too():
    reply = read("setting", "part of a MAT")
    assert reply.value is None and reply.group == "trust"
    assert set(reply.candidates) == {"academy_mainstream", "special", "pru_ap"}
    assert read("setting", "mainstream", variant="narrow:trust").value == "academy_mainstream"


@pytest.mark.parametrize(
    "fact, text, value",
    [
        ("has_qts", "afraid not", False),
        ("has_qts", "sadly not", False),
        ("has_qts", "I should hope so!", True),
        ("has_qts", "course I do", True),
        ("nasenco.status", "yes, still working through it", "in_progress"),
        ("npq.status", "on the go at the moment", "in_progress"),
        ("induction", "wasn't that brought in after I qualified?", "not_required"),
        ("prior_senco_months", "only as assistant SENCO, about a year", 0),
        ("prior_senco_months", "2 years, but at an independent school, not a state one", 0),
    ],
)
def test_more_ways_of_saying_it(fact, text, value):
    assert read(fact, text).value == value


@pytest.mark.parametrize("text", ["4 years as ALNCo in a school in Swansea", "two years at a high school in Glasgow"])
def test_earlier_service_elsewhere_in_the_uk_is_not_counted(text):
    reply = read("prior_senco_months", text)
    assert (reply.value, reply.note) == (0, "utter_prior_not_counted")


@pytest.mark.parametrize(
    "fact, text, value",
    [
        ("appointment_date", "for about three terms", "2026-01"),  # this term and the two before it
        ("appointment_date", "two terms now", "2026-04"),
        ("appointment_date", "the head left in Oct 2023, so I took over in Jan 2024", "2024-01"),
        ("prior_senco_months", "no, I hadn't been SENCO, only assistant SENCO for a year", 0),
        ("prior_senco_months", "16 monhts at my last school", 16),
        ("setting", "not sure what we count as, we're a sixth form academy", "post16"),
    ],
)
def test_terms_in_post_the_date_said_of_oneself_and_typed_units(fact, text, value):
    assert read(fact, text).value == value


def test_a_month_named_by_what_happened_in_it_is_not_given_a_year():
    assert read("appointment_date", "the September we converted").value is None


def test_a_course_given_up_is_not_held():
    assert read("nasenco.completion_date", "never, I dropped out").extra == {"nasenco.status": "none"}


@pytest.mark.parametrize("text", ["not doing it", "not doing the NPQ"])
def test_not_doing_the_course_is_not_started(text):
    assert read("npq.status", text).value == "none"
    assert read("npq.start_date", text).extra == {"npq.status": "none"}


def test_an_assistant_senco_who_says_they_were_not_the_senco_has_no_earlier_service():
    said = "I was assistant SENCO for two years at my last place, does that count? I wasn't THE SENCO though"
    reply = read("prior_senco_months", said)
    assert (reply.value, reply.note) == (0, "utter_prior_assistant_not_counted")


@pytest.mark.parametrize(
    "text, value",
    [
        ("April", "2022-04"),  # the month, in the year of the vague date asked about
        ("the May I think", "2022-05"),
        ("sept 23", "2023-09"),
        ("June 2025, sorry, I said spring but it was just after May half term", "2025-06"),
    ],
)
def test_which_month_a_vague_date_was(text, value):
    assert read("appointment_date", text, variant="which_month", known="2022-01").value == value


def test_a_vague_date_in_a_reply_carries_its_other_months():
    assert read("appointment_date", "spring 2022").alternatives == ("2022-02", "2022-03", "2022-04", "2022-05")
    assert read("appointment_date", "been SENCO for 18 months").alternatives == ("2025-04", "2025-06")
    assert read("appointment_date", "September 2023").alternatives == ()


def test_a_month_corrected_to_a_year_keeps_its_month():
    assert read("appointment_date", "sept 2023, no, 2022").value == "2022-09"


@pytest.mark.parametrize(
    "text, months, note",
    [
        ("18 months at my last school and 8 months at the one before", 26, None),
        ("yes - 9 months covering maternity leave here in 2019, then 7 months at St Marys", 16, None),
        ("a year in Cardiff and 2 years in Leeds", 24, "utter_prior_some_not_counted"),
        ("assistant senco 2 years then senco for 18 months at my last school", 18, "utter_prior_some_not_counted"),
        ("3 years and 2 months at st johns, and a year at a special school", 38, "utter_prior_some_not_counted"),
        ("2 years and 3 months", 27, None),  # one spell
        ("18 months, so more than a year", 18, None),  # said again, not added
        ("two years at a prep school and 5 months in Hungary", 0, "utter_prior_not_counted"),
    ],
)
def test_spells_of_earlier_service_are_added_up_leaving_out_what_does_not_count(text, months, note):
    reply = read("prior_senco_months", text)
    assert (reply.value, reply.note) == (months, note)


@pytest.mark.parametrize(
    "fact, text, value",
    [
        ("qts_via_qtls_only", "no whats qtls", False),  # someone who asks what it is does not hold it
        ("has_qts", "have it", True),
        ("has_qts", "she does", True),
        ("has_qts", "she doesn't", False),
        ("is_head", "no shes the head not me", False),
        ("is_head", "she is", True),
        ("nasenco.status", "havent started it", "none"),
        ("nasenco.status", "no, by the time I started they'd stopped taking people", "none"),
        ("npq.status", "not done anything", "none"),
        ("npq.status", "I'm in the November 2025 group, we're about a year in", "in_progress"),
        ("appointment_date", "Sept 21 - no, Sept 22, my first year I was only assistant SENCO", "2022-09"),
        ("appointment_date", "just before Christmas 2023", "2023-12"),
        ("appointment_date", "nearly 4 years ago", "2023-01"),
        ("nation", "manchestr", "england"),
    ],
)
def test_replies_in_the_third_person_questions_for_answers_and_corrections(fact, text, value):
    assert read(fact, text).value == value


def test_a_town_one_letter_from_a_word_in_a_long_reply_is_not_a_place():
    said = "Colleagues keep saying I'll have to do the NPQ within 3 years or I can't carry on - is that true?"
    assert read("nation", said).value is None  # "carry" is one letter from Barry, "have" from Hove


@pytest.mark.parametrize("text", ["haven't", "nope not yet", "didn't start it"])
def test_not_started_to_when_the_course_started_is_no_course(text):
    assert read("nasenco.start_date", text).extra == {"nasenco.status": "none"}


def test_not_the_senco_to_when_they_became_it_is_not_the_senco():
    assert read("appointment_date", "not the senco").extra == {"role": "other"}


def test_a_length_said_again_after_a_spell_is_not_added():
    said = "I covered the SENCO at my old school for two terms in 2019 while she was on maternity leave, about 6 months"
    assert read("prior_senco_months", said).value == 8


def test_the_date_a_course_is_said_to_have_started_wins_over_when_it_was_booked():
    said = "hmm, I registered in summer 2024 but the course actually started 3rd October 2024, that was the first session"
    assert read("nasenco.start_date", said, variant="precise", known="2024").value == "2024-10-03"


def test_the_day_asked_for_told_with_its_weekday_and_month():
    said = "September 2009. It was the very first day of term, Tuesday 1st September"
    assert read("appointment_date", said, variant="precise", known="2009-09").value == "2009-09-01"


def test_no_i_am_the_assistant_is_not_the_senco_whoever_else_is_named():
    said = "No - I'm the assistant SENCO, I do the paperwork, our SENCO is the deputy head who did her NASENCO ages ago"
    reply = read("role", said)
    assert (reply.value, reply.third_party) == ("other", False)
    assert read("appointment_date", "we joined the trust in September 2022, so I started in the January, 2023").value == "2023-01"


def test_waiting_to_hear_what_is_needed_is_not_waiting_for_a_result():
    assert read("npq.status", "not yet, was waiting to hear what I need").value == "none"
    assert read("npq.status", "waiting to hear back from the provider").value == "in_progress"


@pytest.mark.parametrize(
    "fact, text, value",
    [
        ("is_head", "no - I'm the head, she isn't", False),
        ("role", "No - Mrs Grant is the assistant SENCO. Mr Ali is the actual SENCO.", "other"),
        ("role", "she's a TA at the moment but taking over as SENCO in Jan", "aspiring"),
        ("is_head", "no, I'm the head not her", False),
        ("has_qts", "I have, she hasn't", False),
        ("nasenco.status", "no not started... wait, I did finish it. the NASENCO at uni in 2017. sorry long day", "completed"),
        ("npq.status", "done the course, just waiting on my result", "in_progress"),
        ("appointment_date", "the term before my maternity leave, which started Jan 2024", "2023-09"),
        ("appointment_date", "the term after my mat leave ended in march 2022", "2022-04"),
        ("appointment_date", "the term before easter 2025", "2025-01"),
        ("appointment_date", "the September before last", "2025-09"),
        ("appointment_date", "right when covid hit, the first lockdown", "2020-03"),
        ("appointment_date", "2012ish, might have been 2011", "2012"),
        ("prior_senco_months", "3yrs at another comp, also LA", 36),
        ("prior_senco_months", "7 months at one primary and 7 at another", 14),
        ("prior_senco_months", "a couple of stints, 6 months and 9 months, so 15 in total", 15),
    ],
)
def test_replies_found_in_the_thirteenth_tuning_set(fact, text, value):
    assert read(fact, text).value == value


def test_a_total_said_after_the_spells_answers_the_laws_own_question():
    assert read("prior_senco_months", "7 months at one primary and 7 at another, so 14", variant="over_limit").value == 14


def test_the_month_named_narrows_a_year_to_the_month():
    said = "after the October half term in 2023, early November"
    assert read("appointment_date", said, variant="precise", known="2023").value == "2023-11"


def test_a_bound_on_the_time_said_is_not_another_spell():
    assert read("prior_senco_months", "About 8 months, definitely under a year").value == 8


def test_this_summer_for_a_course_finished_is_the_summer_gone():
    assert read("nasenco.completion_date", "this summer", tense="done").value == "2026-07"
    assert read("nasenco.completion_date", "this summer").value == "2027-07"


def test_a_bound_said_beside_a_date_is_not_the_date():
    assert read("appointment_date", "before 2009 definitely - 2006 I think").value == "2006"


@pytest.mark.parametrize(
    "text, role",
    [
        ("no, I'm not the SENCO - well, I will be from january, the current one is retiring", "aspiring"),
        ("not the senco. well, not yet", "aspiring"),
        ("I'm the SENCO as well, and the deputy", "senco"),
    ],
)
def test_well_after_an_answer_starts_its_correction(text, role):
    assert read("role", text).value == role


@pytest.mark.parametrize(
    "text",
    [
        "I'm doing the NASENCO, started Feb 2024 but had to defer a module so now they reckon I'll finish March 2027",
        "I began the NASENCO in September 2023 and completed it in July 2025.",
    ],
)
def test_a_courses_dates_to_the_earlier_service_question_are_not_a_spell_as_senco(text):
    assert read("prior_senco_months", text).value is None


def test_a_spell_as_senco_from_one_date_to_another_is_its_months():
    assert read("prior_senco_months", "SENCO at my last school from sept 2019 to july 2021").value == 22


@pytest.mark.parametrize("text", ["idk what QTLS is", "not sure what qtls means tbh"])
def test_not_knowing_what_qtls_is_is_not_having_qts_only_through_it(text):
    assert read("qts_via_qtls_only", text).value is False


@pytest.mark.parametrize(
    "fact, text",
    [("qts_via_qtls_only", "Yes, completed"), ("is_head", "I'm the SENCO"), ("has_qts", "Doing it now")],
)
def test_another_questions_button_is_not_an_answer_to_this_one(fact, text):
    reply = read(fact, text)
    assert reply.value is None and reply.declined


def test_a_questions_own_button_is_its_answer():
    assert read("induction", "Yes, completed").value == "completed"


def test_a_length_over_the_limit_answers_the_limit_question_with_its_months():
    assert read("prior_senco_months", "a year and a term", variant="over_limit", limit=12).value == 16


def test_a_correction_after_oh_actually_wins():
    said = "yes completed - oh actually no, I'm still in my second ECT year, I finish next summer"
    assert read("induction", said).value == "in_progress"


def test_another_questions_button_holding_this_questions_own_answer_is_that_answer():
    assert read("nasenco.status", "yes, completed").value == "completed"


@pytest.mark.parametrize(
    "text, month",
    [
        ("hmm, after october half term I think - so november", "2024-11"),
        ("after october half term", "2024-11"),
        ("the october half term", "2024-10"),
    ],
)
def test_which_month_is_the_month_said_outright_or_the_one_a_half_term_gives(text, month):
    assert read("appointment_date", text, variant="which_month", known="2024-09").value == month
