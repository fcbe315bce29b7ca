"""The fact extractor, one entity type at a time: sentences a teacher might type, and the facts a
person reading them would take (type, value, span), written by hand from ENTITIES.md."""

import datetime as dt

import pytest

from components.fact_finder import find_facts

TODAY = dt.date(2026, 11, 26)


def facts_in(text):
    return {(e["entity"], e["value"], text[e["start"] : e["end"]]) for e in find_facts(text, TODAY)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("My school is in Cardiff", {("nation", "wales", "Cardiff")}),
        ("we're a primary in Glasgow", {("nation", "scotland", "Glasgow"), ("setting", "group:mainstream", "primary")}),
        (
            "I moved from a school in Leeds to a secondary in Glasgow",
            {("nation", "scotland", "Glasgow"), ("setting", "group:mainstream", "secondary")},
        ),
        ("Belfast", {("nation", "northern_ireland", "Belfast")}),
        ("an academy in Kent", {("setting", "academy_mainstream", "academy"), ("nation", "england", "Kent")}),
        # Towns and counties beyond the cities (a school in Harrogate is in England).
        ("an academy in Harrogate", {("setting", "academy_mainstream", "academy"), ("nation", "england", "Harrogate")}),
        ("Tunbridge Wells", {("nation", "england", "Tunbridge Wells")}),
        ("it's a free school", {("setting", "academy_mainstream", "free school")}),
        ("we're a UTC", {("setting", "academy_mainstream", "UTC")}),
        ("I work at a maintained nursery school", {("setting", "maintained_nursery", "maintained nursery school")}),
        ("an independent special school", {("setting", "special", "special school")}),
        ("a sixth form college", {("setting", "post16", "sixth form college")}),
        ("a pupil referral unit", {("setting", "pru_ap", "pupil referral unit")}),
        ("private nursery", {("setting", "pvi_nursery", "private nursery")}),
        ("a hospital school", {("setting", "group:hospital", "hospital school")}),
        ("a secondary academy", {("setting", "academy_mainstream", "academy")}),
        ("I used to work at a special school", set()),
    ],
)
def test_places_and_school_types_are_read_from_the_lexicon(text, expected):
    assert facts_in(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm the SENCO", {("role", "senco", "SENCO")}),
        ("I want to be a SENDCo one day", {("role", "other", "SENDCo")}),  # a hope, no post to come
        ("I'm not the SENCO, I'm asking for a colleague", {("role", "other", "SENCO")}),
        ("I'm a teaching assistant", {("role", "other", "teaching assistant")}),
        ("how long does the NPQ for SENCOs take?", set()),
        ("I was SENCO at my last school for two years", {("prior_senco_months", 24, "two years")}),
    ],
)
def test_the_role_is_read_only_when_the_speaker_says_what_they_are(text, expected):
    assert facts_in(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I have QTS through QTLS", {("has_qts", True, "QTS"), ("qts_via_qtls_only", True, "QTLS")}),
        ("I don't have QTS", {("has_qts", False, "QTS")}),
        ("I've got EYTS", {("has_qts", False, "EYTS")}),
        ("I'm an ECT", {("induction", "in_progress", "ECT")}),
        ("finished my induction years ago", {("induction", "completed", "induction")}),
        ("I was exempt from induction", {("induction", "not_required", "induction")}),
        ("I'm the head and SENCO", {("is_head", True, "head"), ("role", "senco", "SENCO")}),
        ("I'm not the head", {("is_head", False, "head")}),
    ],
)
def test_who_may_be_senco_facts_follow_negation(text, expected):
    assert facts_in(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "I took over as SENCO last September, started the NASENCO in Feb 2024",
            {
                ("role", "senco", "SENCO"),
                ("appointment_date", "2025-09", "last September"),
                ("nasenco_status", "in_progress", "NASENCO"),
                ("nasenco_start_date", "2024-02", "Feb 2024"),
            },
        ),
        ("In September 2023 I became the SENCO", {("appointment_date", "2023-09", "September 2023"), ("role", "senco", "SENCO")}),
        ("I became SENCO on 1/9/2023", {("appointment_date", "2023-09-01", "1/9/2023"), ("role", "senco", "SENCO")}),
        ("NASENCO done in 2015", {("nasenco_status", "completed", "NASENCO"), ("nasenco_completion_date", "2015", "2015")}),
        (
            "I've had the NASENCO since 2018",
            {("nasenco_status", "completed", "NASENCO"), ("nasenco_completion_date", "2018", "2018")},
        ),
        (
            "I'm doing the NPQ, started April 2025",
            {("npq_status", "in_progress", "NPQ"), ("npq_start_date", "2025-04", "April 2025")},
        ),
        (
            "NPQ started Nov 2025, due to finish September 2027",
            {
                ("npq_status", "in_progress", "NPQ"),
                ("npq_start_date", "2025-11", "Nov 2025"),
                ("npq_completion_date", "2027-09", "September 2027"),
            },
        ),
        ("haven't started the NASENCO", {("nasenco_status", "none", "NASENCO")}),
        (
            "what if I start the NPQ in November 2027?",
            {("npq_status", "registered", "NPQ"), ("npq_start_date", "2027-11", "November 2027")},
        ),
    ],
)
def test_dates_attach_to_what_their_sentence_is_about(text, expected):
    assert facts_in(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("September 2023", {("date", "2023-09", "September 2023")}),
        ("about 18 months", {("duration", 18, "18 months")}),
        ("finished it in 2015", {("course_status", "completed", "finished"), ("completion_date", "2015", "2015")}),
        ("she hasn't started", {("course_status", "none", "hasn't started")}),
        ("not started yet", {("course_status", "none", "not started")}),
        ("never been a SENCO before", {("prior_senco_months", 0, "never")}),
        ("this is my first SENCO job", {("prior_senco_months", 0, "first")}),
    ],
)
def test_bare_answers_are_left_for_the_question_asked(text, expected):
    assert facts_in(text) == expected


def test_a_correction_marks_the_old_date():
    found = find_facts("sorry, it was September 2024, not 2025", TODAY)
    assert [(e["entity"], e["value"], e.get("role")) for e in found] == [("date", "2024-09", None), ("date", "2025", "not")]


def test_a_general_question_states_no_personal_fact():
    assert facts_in("do I need QTS to take the NPQ?") == set()
    assert facts_in("does this apply in Wales?") == {("nation", "wales", "Wales")}


def test_change_my_appointment_date_names_the_fact():
    assert facts_in("change my appointment date") == {("fact_name", "appointment_date", "appointment date")}


def test_ta_in_lower_case_is_thanks_not_a_teaching_assistant():
    assert facts_in("ta very much") == set()


def test_earlier_time_at_a_school_that_is_not_relevant_is_not_taken_as_earlier_service():
    """Time as SENCO at a prep school does not count towards the 12 months (LEGAL.md): not read."""
    assert ("prior_senco_months", 24, "2 years") not in facts_in("she was SENCO at a prep school for 2 years before")
    assert ("setting", "independent", "prep school") not in facts_in("she was SENCO at a prep school for 2 years before")


def test_a_senco_starting_later_is_going_to_be_the_senco():
    assert ("role", "aspiring", "SENCO") in facts_in("We have a new SENCO starting in January")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He has QTS and did his induction.", ("induction", "completed", "induction")),
        ("has QTS, did induction, and started", ("induction", "completed", "induction")),
        ("NQT in 2001", ("induction", "completed", "NQT")),
        ("She came from an education charity and doesn't have QTS.", ("has_qts", False, "QTS")),
        ("Teacher at a hospital school, I coordinate SEN for our pupils", ("role", "senco", "I coordinate SEN")),
        ("acting head since Easter, still SENCO too", ("is_head", True, "acting head")),
        ("my NASENCO from 2012 is still valid isn't it?", ("nasenco_status", "completed", "NASENCO")),
        ("my NASENCO from 2012 is still valid isn't it?", ("nasenco_completion_date", "2012", "2012")),
        ("Started the NASENCO at UWE in Sept 2023 and passed it July 2025.", ("nasenco_status", "completed", "NASENCO")),
        ("submitted my NPQ assessment and still waiting on results", ("npq_status", "in_progress", "NPQ")),
        ("senco since last sept, so sept 25", ("appointment_date", "2025-09", "sept 25")),
        ("hya, doin nasenco atm finishin dec", ("nasenco_status", "in_progress", "nasenco")),
        ("I'm taking on SENCO after Christmas, what will I need?", ("appointment_date", "2027-01", "Christmas")),
        ("Started as SENCO in Sept 21. NASENCO started the following january", ("nasenco_start_date", "2022-01", "january")),
        ("I have an applicant who isn't SENCO yet but will be from April 2027.", ("role", "aspiring", "SENCO")),
        (
            "Nine years as SENCO in a special school, now SENCO at a mainstream primary academy",
            ("setting", "academy_mainstream", "academy"),
        ),
        ("Registered on the NPQ for 11/26.", ("npq_start_date", "2026-11", "11/26")),
        ("SENCO at an SEMH school in a MAT, all our kids have EHCPs", ("setting", "special", "SEMH school")),
        ("My trust has signed me up for the NPQ.", ("npq_status", "registered", "NPQ")),
        (
            "I picked up the SEN role at our infant school around spring last year",
            ("appointment_date", "2025-01", "spring last year"),
        ),
        ("I left an independent school at Easter and now I'm SENCO at an academy.", ("setting", "academy_mainstream", "academy")),
    ],
)
def test_phrasings_from_the_third_tuning_set(text, expected):
    assert expected in facts_in(text)


def test_a_date_about_headship_or_conversion_is_not_the_senco_appointment():
    assert not any(e == "appointment_date" for e, _, _ in facts_in("acting head since Easter, still SENCO too"))
    found = facts_in("Been SENCO since June 2025. We're still LA maintained, conversion isn't till April.")
    assert {(e, v) for e, v, _ in found if e == "appointment_date"} == {("appointment_date", "2025-06")}


def test_earlier_senco_time_abroad_is_not_taken_as_earlier_service():
    found = facts_in("I was SENCO in Hungary for 5 years, now I am SENCO in England primary school from September 2023.")
    assert [value for entity, value, _ in found if entity == "prior_senco_months"] == [0]  # none of it counts


def test_when_the_npq_must_be_done_by_is_a_question_not_a_status():
    assert not any(entity == "npq_status" for entity, _, _ in facts_in("trying to work out when I need the NPQ done by"))


def test_a_question_about_a_course_is_not_its_status():
    assert not any(entity == "npq_status" for entity, _, _ in facts_in("I have question about NPQ"))


def test_a_school_type_named_only_in_a_question_gives_way_to_the_one_stated():
    found = facts_in("I moved to a mainstream secondary in September, still SENCO. Does my special school time count?")
    assert ("setting", "special", "special school") not in found


def test_a_course_said_to_be_ones_own_in_a_question_is_held():
    assert ("nasenco_status", "completed") in {(e, v) for e, v, _ in facts_in("Does my NASENCO still count now?")}
    assert not any(e == "npq_status" for e, _, _ in facts_in("Does the NPQ count for academies?"))


def test_the_year_a_teacher_qualified_is_not_the_senco_appointment():
    found = facts_in("I'm SENCO at an infant school, qualified back in 1996, SENCO here since Jan 2020")
    assert {(e, v) for e, v, _ in found if e == "appointment_date"} == {("appointment_date", "2020-01")}


def test_places_named_for_other_people_or_schools_in_general_are_not_the_schools():
    assert {v for e, v, _ in facts_in("I advise schools in England and Wales; this SENCO is in Swansea") if e == "nation"} == {
        "wales"
    }
    assert {v for e, v, _ in facts_in("I teach in Newport, Wales, unlike my colleagues in England") if e == "nation"} == {"wales"}


def test_a_month_later_in_the_story_takes_the_year_after_the_date_before():
    found = {(e, v) for e, v, _ in facts_in("began the NASENCO in March 2024, then became SENCO in October")}
    assert ("appointment_date", "2024-10") in found


def test_a_pass_after_a_submission_finishes_the_course():
    found = {
        (e, v) for e, v, _ in facts_in("I started the NPQ in autumn 2024, handed it in last summer and got my result in October")
    }
    assert ("npq_status", "completed") in found


def test_time_as_an_assistant_senco_is_not_taken_as_earlier_service():
    assert not any(e == "prior_senco_months" for e, _, _ in facts_in("I was deputy SENCO at my last school for three years"))


def test_earlier_senco_time_in_scotland_is_not_taken_as_earlier_service():
    found = facts_in("I was SENCO at a school in Edinburgh for 2 years, now SENCO at an academy in York")
    assert [value for entity, value, _ in found if entity == "prior_senco_months"] == [0]  # none of it counts


def test_years_in_post_counted_to_a_month_date_the_appointment_that_many_years_before():
    found = facts_in("SENCO for five years this September just gone, at an infant school")
    assert {(e, v) for e, v, _ in found if e == "appointment_date"} == {("appointment_date", "2021-09")}


def test_waiting_for_qts_is_not_having_it():
    assert ("has_qts", False) in {(e, v) for e, v, _ in facts_in("I'm still waiting my QTS, the head wants me as SENCO")}


def test_an_nqt_year_told_as_the_past_is_induction_completed():
    assert ("induction", "completed") in {(e, v) for e, v, _ in facts_in("normal route for me, PGCE then NQT year")}
    assert not any(e == "induction" for e, _, _ in facts_in("not sure what counts as induction"))


def test_getting_going_is_under_way_and_dropping_out_is_not_holding_it():
    assert ("npq_status", "in_progress") in {(e, v) for e, v, _ in facts_in("new SENCO, just got going with the NPQ")}
    assert ("nasenco_status", "none") in {(e, v) for e, v, _ in facts_in("began the NASENCO in 2021 but withdrew after a term")}


def test_a_place_where_someone_was_alnco_is_not_the_schools():
    found = facts_in("I was ALNCo at a school in Swansea for two years, now SENCO at an academy in Bristol")
    assert [v for e, v, _ in found if e == "nation"][0] == "england"


def test_a_school_among_a_trusts_schools_keeps_its_place():
    assert ("nation", "england") in {(e, v) for e, v, _ in facts_in("asking for our SENCO at one of our academies in Leeds")}


def test_no_senco_course_at_all_is_neither_course():
    found = {(e, v) for e, v, _ in facts_in("she became SENCO in May 2024 and hasn't done any SENCO course yet")}
    assert {("nasenco_status", "none"), ("npq_status", "none")} <= found
    assert ("npq_status", "none") not in {(e, v) for e, v, _ in facts_in("done the NASENCO, not taken any other course")}


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("I became SENCO the term after Easter, the year before last.", "appointment_date", "2024-04"),
        ("SENCO since April 2024 and started the NASENCO in June that year", "nasenco_start_date", "2024-06"),
        ("I'll become SENCO when my boss leaves at Christmas", "appointment_date", "2027-01"),
        ("on the npq (apr 25 cohort). senco since easter 23. that ok?", "appointment_date", "2023-04"),
        ("we paid for my NPQ ourselves - started in the spring, March this year", "npq_start_date", "2026-03"),
    ],
)
def test_a_date_told_in_pieces_or_around_a_holiday(text, entity, value):
    assert (entity, value) in {(e, v) for e, v, _ in facts_in(text)}


def test_a_vague_date_carries_its_other_months_and_a_precise_one_after_it_wins():
    found = find_facts("I've been SENCO since last spring", TODAY)
    dated = [f for f in found if f["entity"] == "appointment_date"]
    assert dated[0]["value"] == "2026-01" and dated[0]["alternatives"] == ["2026-02", "2026-03", "2026-04", "2026-05"]
    found = find_facts("started the NPQ in the spring, March this year", TODAY)
    assert [f["value"] for f in found if f["entity"] == "npq_start_date"] == ["2026-03"]


def test_a_clause_joined_on_with_and_is_the_statement_going_on_not_a_question():
    found = {(e, v) for e, v, _ in facts_in("I was assistant SENCO there and did my NASENCO")}
    assert ("nasenco_status", "completed") in found
    assert not any(e == "npq_status" for e, _, _ in facts_in("I'm the SENCO, and have I done enough without the NPQ?"))


def test_the_actual_senco_is_the_senco_and_getting_on_the_npq_is_doing_it():
    assert ("role", "senco") in {(e, v) for e, v, _ in facts_in("I've been the actual SENCO here since Jan 2022")}
    assert ("npq_status", "in_progress") in {(e, v) for e, v, _ in facts_in("only got on the NPQ last year")}


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("brand new senco (sept) and just had my 1st npq session", "npq_status", "in_progress"),
        ("my first npq session is next week", "npq_status", "registered"),
        ("she's been on the NPQ since last november", "npq_status", "in_progress"),
        ("she's been on the NPQ since last november", "npq_start_date", "2025-11"),
        ("one of my academies has a newish SENCO (started jan 2025)", "appointment_date", "2025-01"),
        ("head says ive got to do npq asap, ive been senco since 2021 without it", "appointment_date", "2021"),
        ("SENCO since just before christmas 2023", "appointment_date", "2023-12"),
    ],
)
def test_course_events_obligations_and_whose_start_a_date_is(text, entity, value):
    assert (entity, value) in {(e, v) for e, v, _ in facts_in(text)}


@pytest.mark.parametrize(
    "text",
    [
        "head says ive got to do npq asap",  # what must be done, not what is held
        "I've already got an NPQ (NPQSL, 2022). Does that cover it?",  # another NPQ
        "No, I haven't. I thought that had been replaced by the NPQ? Sorry",
    ],
)
def test_an_npq_that_is_not_held_or_not_the_sencos_has_no_status(text):
    assert not any(e in ("npq_status", "npq_completion_date") for e, _, _ in facts_in(text))


def test_senco_time_at_a_prep_or_in_the_independent_sector_is_not_earlier_service():
    found = facts_in("moved from the independent sector to a studio school in jan. i was SENCo at a prep for 2 yrs")
    assert [v for e, v, _ in found if e == "prior_senco_months"] == [0]


def test_earlier_time_only_at_a_school_that_does_not_count_is_none_said_so():
    found = find_facts("i was SENCo at a prep for 2 yrs - does that exempt me?", TODAY)
    assert [(f["entity"], f["value"], f.get("role")) for f in found if f["entity"] == "prior_senco_months"] == [
        ("prior_senco_months", 0, "not_counted")
    ]
    found = facts_in("I was SENCO at a special school for 3 years and then 18 months at a primary before joining here")
    assert [v for e, v, _ in found if e == "prior_senco_months"] == [18]


@pytest.mark.parametrize(
    "text",
    ["My head says I can't join it until I've done the NPQ.", "do i need to do the npq on top of the nasenco or am i sorted"],
)
def test_a_course_named_in_a_condition_or_a_comparison_has_no_status(text):
    assert not any(e.endswith("_status") for e, _, _ in facts_in(text))


def test_the_year_a_school_became_an_academy_is_not_the_appointment():
    found = facts_in("Hi, I'm SENCO at a maintained secondary - sorry, no, we became an academy in 2025, I keep forgetting")
    assert not any(e == "appointment_date" for e, _, _ in found)


def test_a_school_type_denied_is_not_the_school():
    found = facts_in("Actually scrap that, we're not an academy, we're independent - fee-paying prep.")
    assert [v for e, v, _ in found if e == "setting"] == ["independent"]


def test_someone_who_takes_over_as_senco_in_january_is_going_to_be_the_senco_next_january():
    found = {(e, v) for e, v, _ in facts_in("One of my teachers takes over as SENCO in January - what does she need to do?")}
    assert {("role", "aspiring"), ("appointment_date", "2027-01")} <= found


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("Been doing the SENCO job at a community primary in Devon since the spring before last.", "role", "senco"),
        ("Been doing the SENCO job at a community primary in Devon since the spring before last.", "appointment_date", "2025-01"),
        ("I took on SEND at our junior academy in the Feb of 2024", "role", "senco"),
        ("I became SENCO the September my eldest started reception, 2009", "appointment_date", "2009-09"),
        ("appointed Jan 2025, QTS and induction done, on the NPQ SENCO since Nov 2025", "npq_status", "in_progress"),
        ("appointed Jan 2025, QTS and induction done, on the NPQ SENCO since Nov 2025", "npq_start_date", "2025-11"),
    ],
)
def test_the_post_by_what_it_is_a_month_told_by_its_year_later_and_a_course_since(text, entity, value):
    assert (entity, value) in {(e, v) for e, v, _ in facts_in(text)}


@pytest.mark.parametrize(
    "text, entity",
    [
        ("HR at our trust reckon I've got till 2027 to get the NPQ done", "npq_status"),
        ("HR at our trust reckon I've got till 2027 to get the NPQ done", "npq_start_date"),
        ("moved here from being head of science elsewhere", "is_head"),
        ("took over from the old SENCO who'd been here 20 years", "prior_senco_months"),
    ],
)
def test_a_deadline_someone_gave_a_middle_leader_and_someone_elses_years_are_not_facts(text, entity):
    assert not any(e == entity for e, _, _ in facts_in(text))


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("I did the NASENCO Sept 2019 to July 2020", "nasenco_completion_date", "2020-07"),
        ("appointed 1 Sept 2021, did the NASENCO with Birmingham Jan-Dec 2022", "nasenco_start_date", "2022-01"),
        (
            "Our SENDCo went off sick around Christmas 2021 and I was made SENCO from the start of the next term.",
            "appointment_date",
            "2022-01",
        ),
    ],
)
def test_a_span_of_months_and_the_term_after_an_event(text, entity, value):
    assert (entity, value) in {(e, v) for e, v, _ in facts_in(text)}


def test_a_course_not_done_is_not_started():
    found = {(e, v) for e, v, _ in facts_in("senco since sept 22 at a la primary in kent, nasenco not done, npq not started")}
    assert {("nasenco_status", "none"), ("npq_status", "none")} <= found


@pytest.mark.parametrize(
    "text, entity, value",
    [
        # A date put right in passing: the second is about what the first was.
        ("im sendco at an academy, started sept last yr... wait no sept 2024 so 2 yrs now", "appointment_date", "2024-09"),
        ("only became a SENCO this September... no sorry, September 2025", "appointment_date", "2025-09"),
        # A cohort is a course's.
        ("I'm doing it at the moment (started the Nov 2025 cohort)", "npq_start_date", "2025-11"),
        ("SENCO since sept 23, on the spring 2025 cohort", "npq_start_date", "2025-01"),
        # The term before (after) an event is the term meant.
        ("I became SENCO the term before my maternity leave, which started Jan 2024", "appointment_date", "2023-09"),
        # A year put right in brackets keeps the month; "not the head" does not deny the QTS after it.
        ("i took over senco in oct last yr (2024 i mean, not 25 sorry) n started npq nov 25", "appointment_date", "2024-10"),
        ("I'm not the head, got QTS and finished my NQT year ages ago", "has_qts", True),
        ("I've done the NPQ - well, registered, it starts at the end of this month.", "npq_status", "registered"),
        # Posts and places said together.
        ("Assistant head for inclusion + SENCO here (Peterborough academy).", "role", "senco"),
        ("hiya, I'm a SEND adviser in Herefordshire, asking for a mate who's ALNCo at a primary in Monmouth", "nation", "wales"),
        ("yes, and no it wasn't through QTLS", "qts_via_qtls_only", False),
        ("Head of a primary in Carlisle. Our former SENCO has moved to a school in Dumfries", "nation", "scotland"),
        ("assistant SENDCo here, I'll be stepping up to SENDCo next september", "role", "aspiring"),
        ("I'm assistant SENCO, just wondering what the rules are", "role", "other"),
        ("utc senco. nasenco extension to march 27, does that still count?", "nasenco_completion_date", "2027-03"),
        ("got a place on the npq for this nov. will i be done in time", "npq_start_date", "2026-11"),
        ("I became SENDCo at a studio school the week before October half term 25.", "appointment_date", "2025-10"),
        # Dates named by events and by the year before last.
        ("I became SENCO just after Easter the year before last", "appointment_date", "2024-04"),
        ("been senco since this time last year", "appointment_date", "2025-11"),
        ("took over as SENCO right when covid hit", "appointment_date", "2020-03"),
        # A holiday ends a term: the term before it is the term it ends.
        ("took over as SENCO the term before Easter 2025", "appointment_date", "2025-01"),
        ("took over as SENCO the term before Christmas 2023", "appointment_date", "2023-09"),
        ("I became SENCO sometime around the start of 2024", "appointment_date", "2024-01"),
        # A span at a school left, or before the present post, is earlier service.
        (
            "I was SENCO from Sept 2019 to July 2021 at my last school, then started here as SENCO in Jan 2024",
            "prior_senco_months",
            22,
        ),
        ("been senco here since sept 22, before that i did 2 years as senco at a primary in leeds", "prior_senco_months", 24),
        ("senco since sep 22 but did 3yrs at my last sch too", "prior_senco_months", 36),
        # The job done, not the title held.
        ("hello i do the senco job but i am a HLTA", "role", "senco"),
    ],
)
def test_corrections_cohorts_terms_and_earlier_spells(text, entity, value):
    assert (entity, value) in {(e, v) for e, v, _ in facts_in(text)}


def test_the_date_of_an_earlier_spell_is_not_the_appointment():
    text = "I covered as acting SENCO for a term in 2021, went back to class, then got the permanent SENCO job here in Sept 2024"
    posts = [v for e, v, _ in facts_in(text) if e == "appointment_date"]
    assert posts == ["2024-09"]


def test_a_span_at_a_school_left_is_not_the_appointment():
    found = {(e, v) for e, v, _ in facts_in("I was SENCO from Sept 2019 to July 2021 at my last school")}
    assert not any(e == "appointment_date" for e, _ in found)


@pytest.mark.parametrize(
    "text, setting",
    [
        ("I was head of learning support at a prep school for 4 years, now SENCO at a state academy.", "academy_mainstream"),
        ("I was SENCO at an independent prep school for 4 years, then moved to a state academy as SENCO", "academy_mainstream"),
        ("Our new SENCo joined us in January from a special school where she'd been SENCO", None),
        ("We used to be a sixth-form college but converted to a 16-19 academy in 2018.", "post16"),
        (
            "Moved to a mainstream primary as SENCO in January 2025. Before that I'd done 6 months as SENCO "
            "at another mainstream primary, then 2 years at a special school.",
            "group:mainstream",
        ),
    ],
)
def test_the_school_left_is_not_the_school_asked_about(text, setting):
    assert {v for e, v, _ in facts_in(text) if e == "setting"} == ({setting} if setting else set())


def test_the_term_before_a_holiday_is_a_date_not_a_school_left_behind():
    text = "I'm doing SEN at an LA infant school since the term before Easter 2025"
    assert {v for e, v, _ in facts_in(text) if e == "setting"} == {"group:mainstream"}


def test_a_completion_only_thought_of_is_asked_not_assumed():
    assert not any(e == "npq_status" for e, _, _ in facts_in("hello - I think I've finished my NPQ SENCO, am I sorted?"))
    assert ("npq_status", "completed") in {(e, v) for e, v, _ in facts_in("I've finished my NPQ SENCO")}


def test_a_course_withdrawn_from_and_rejoined_is_under_way_from_the_cohort_rejoined():
    found = {
        (e, v)
        for e, v, _ in facts_in(
            "I had to withdraw from the NPQ last year for health reasons and I've rejoined with the November 2026 cohort."
        )
    }
    assert {("npq_status", "in_progress"), ("npq_start_date", "2026-11")} <= found
    assert ("npq_start_date", "2025") not in found
    assert ("npq_status", "none") in {(e, v) for e, v, _ in facts_in("I dropped out of the NPQ in March")}


def test_how_long_a_course_took_gives_its_finish():
    found = {
        (e, v) for e, v, _ in facts_in("Started as SENCO in Sept 21. NASENCO started the following january and took two years")
    }
    assert {("nasenco_status", "completed"), ("nasenco_completion_date", "2023-12")} <= found


def test_time_at_a_school_named_in_the_question_before_does_not_count():
    said = "Does SENCO time at a special school count? I was SENCO at one for 4 years before moving to mainstream"
    assert ("prior_senco_months", 0) in {(e, v) for e, v, _ in facts_in(said)}


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("been sendco since start of the 23/24 year", "appointment_date", "2023-09"),
        ("I did the NASENCO - started it just before the Sept 2024 cut off", "nasenco_start_date", "2024-08"),
        ("I became SENCO just before Christmas 2023", "appointment_date", "2023-12"),
        ("Hi, I'm in Oswestry so right on the Welsh border but our school is in England.", "nation", "england"),
        ("was senco at an indie for 3 yrs, now senco at an academy since sept 24", "prior_senco_months", 0),
        ("Quick sanity check before SLT tomorrow: new SENCO (me) since June", "appointment_date", "2026-06"),
        ("I start as SENCO tomorrow", "appointment_date", "2026-11-27"),
    ],
)
def test_readings_found_in_the_fourteenth_tuning_set(text, entity, value):
    assert (entity, value) in {(e, v) for e, v, _ in facts_in(text)}


@pytest.mark.parametrize(
    "text, entity",
    [
        ("I am Principal Teacher of Support for Learning in a secondary school", "is_head"),
        ("I've been asked whether the English NPQ for SENCOs applies to me", "nation"),
        ("I've been asked whether the English NPQ for SENCOs applies to me", "npq_status"),
        ("head says ive got 3 yrs to START the npq so no rush?", "npq_status"),
        ("I took over SEN after Easter when our old SENCO retired (she'd been doing it 20 years!)", "prior_senco_months"),
    ],
)
def test_words_that_name_a_fact_without_stating_it(text, entity):
    assert not any(e == entity for e, _, _ in facts_in(text))


@pytest.mark.parametrize(
    "text",
    [
        "I've basically finished the NPQ for SENCOs, just wanted to check I'm sorted?",
        "started npq oct 24 n finished the course this summer, am i sorted now?",
    ],
)
def test_an_npq_whose_course_is_done_is_not_taken_as_held(text):
    assert ("npq_status", "completed") not in {(e, v) for e, v, _ in facts_in(text)}
    assert not any(e == "npq_completion_date" for e, _, _ in facts_in(text))


def test_a_place_over_the_bridge_from_the_school_is_not_its_place():
    said = "Hi, I'm the SENCO at a primary just over the bridge from Bristol - do I need the NPQ?"
    assert not any(e == "nation" for e, _, _ in facts_in(said))


@pytest.mark.parametrize(
    "text, roles",
    [
        ("I'm a class teacher and the SENCO is someone else", {"other"}),
        ("The SENCO is off sick so I'm asking for her", set()),
        ("the SENCO is me", {"senco"}),
    ],
)
def test_the_senco_as_the_subject_of_a_sentence_is_not_the_speaker(text, roles):
    assert {v for e, v, _ in facts_in(text) if e == "role"} == roles


@pytest.mark.parametrize(
    "text, fact, value",
    [
        (
            "I did the NASENCO back in 2015, before I was ever a SENCO, and I've finally got a SENCO post "
            "(LA primary) since this time last year.",
            "appointment_date",
            "2025-11",
        ),
        ("I've got a SENCO post since september", "appointment_date", "2026-09"),
        (
            "I'm taking over as SENCo in January - no wait, they've pushed it back to after Feb half term, so late Feb 2027.",
            "appointment_date",
            "2027-02",
        ),
        ("no, I'm not the SENCO - well, I will be from january", "role", "aspiring"),
        ("started the role in the autumn term 2024, no course yet", "appointment_date", "2024-09"),
    ],
)
def test_what_a_date_or_the_senco_noun_is_about(text, fact, value):
    assert value in [v for e, v, _ in facts_in(text) if e == fact]
    if fact == "appointment_date":
        assert not any(e.endswith("_start_date") for e, _, _ in facts_in(text))


@pytest.mark.parametrize(
    "text, course, status",
    [
        ("Evening. Finished my NPQ SENCO assessment and I'm waiting for my result.", "npq", "in_progress"),
        ("I finished the NASENCO and I'm waiting for results of my NPQ", "nasenco", "completed"),
    ],
)
def test_a_course_whose_result_is_awaited_is_not_yet_held(text, course, status):
    assert (f"{course}_status", status) in {(e, v) for e, v, _ in facts_in(text)}


def test_years_in_post_at_a_coming_month_date_the_appointment():
    assert ("appointment_date", "2025-01") in {
        (e, v) for e, v, _ in facts_in("SENDCo at a free school (secondary) - been in post 2 yrs in January.")
    }


def test_a_senco_who_joined_on_a_date_became_senco_then():
    found = {(e, v) for e, v, _ in facts_in("hi - our SENCo (joined Jan 2025) just started the NPQ this month.")}
    assert ("appointment_date", "2025-01") in found and ("npq_start_date", "2026-11") in found


def test_what_a_school_is_thought_to_count_as_is_not_its_kind():
    found = facts_in("we've got a sixth form so we count as a college and don't need a qualified SENCO?")
    assert not any(e == "setting" for e, _, _ in found)


def test_a_year_and_a_term_before_the_post_taken_on_again_is_sixteen_months():
    found = facts_in(
        "Bit complicated: I was SENCO here for a year and a term (2019-2020), went back to class teaching, "
        "and took SENCO on again in Sept 2024."
    )
    assert ("prior_senco_months", 16) in {(e, v) for e, v, _ in found}
    assert ("appointment_date", "2024-09") in {(e, v) for e, v, _ in found}


def test_a_setting_put_right_in_the_same_message_gives_way_to_the_one_after():
    found = facts_in("SENCO at a special school - sorry, no, we're a mainstream secondary with a resource base")
    assert {v for e, v, _ in found if e == "setting"} == {"group:mainstream"}


def test_a_course_done_whose_result_is_not_back_is_under_way():
    found = facts_in("I've finished the NPQ - well, done the course, the assessment result isn't back yet. Am I ok?")
    assert ("npq_status", "in_progress") in {(e, v) for e, v, _ in found}


@pytest.mark.parametrize(
    "text, nations",
    [
        ("q: npq for sencos - england only or scotland too? ASN coordinator, glasgow primary", {"scotland"}),
        ("I'm SENCO in Leeds, does this apply in wales too?", {"england"}),
        ("England - well, sort of. The school's in Chepstow, I live over the bridge in Bristol.", {"wales"}),
    ],
)
def test_the_schools_place_wins_over_places_asked_about_or_lived_in(text, nations):
    assert {v for e, v, _ in facts_in(text) if e == "nation"} == nations


def test_a_spell_at_an_independent_school_is_not_counted():
    found = facts_in("6 years as SENCO at an independent senior school (Sept 2018 - July 2024), then moved to a state academy")
    assert ("prior_senco_months", 0) in {(e, v) for e, v, _ in found}


def test_time_away_and_a_time_limit_are_not_a_course_or_earlier_service():
    found = facts_in("Became SENCO Sept 2023, started NASENCO April 2024, then mat leave Oct 2024 to Sept 2025.")
    assert not any(e == "nasenco_completion_date" for e, _, _ in found)
    claim = facts_in("I read a NASENCO started before Sept 2024 is fine as long as it's done within 3 years? so I'm fine right")
    assert not any(e in ("prior_senco_months", "nasenco_status", "nasenco_start_date") for e, _, _ in claim)


def test_a_teachers_own_qualification_and_a_course_in_a_school_year():
    found = {(e, v) for e, v, _ in facts_in("Hi! Qualified 2010, did the NASENCO in 2013-14 while I was assistant SENCO")}
    assert ("nasenco_completion_date", "2014-07") in found and ("nasenco_completion_date", "2010") not in found


def test_a_course_date_said_of_mine_after_a_claim_about_the_course_is_the_persons():
    found = {
        (e, v)
        for e, v, _ in facts_in(
            "I read that a NASENCO started before Sept 2024 is fine as long as you finish within 3 years. "
            "Mine started May 2024 and I'll finish October 2027. So I'm fine?"
        )
    }
    assert {("nasenco_start_date", "2024-05"), ("nasenco_completion_date", "2027-10"), ("nasenco_status", "in_progress")} <= found
    assert not any(e == "prior_senco_months" for e, _ in found)


@pytest.mark.parametrize(
    "text, role",
    [
        ("hi im a TA in a primary school and really want to be a SENCO one day. do i need the npq senco?", "other"),
        ("I'm going to be the SENCO from January", "aspiring"),
        ("I'm going to be the SENCO at some point next year - what do I need to do?", "aspiring"),
    ],
)
def test_a_hope_of_the_post_one_day_is_not_a_post_to_come(text, role):
    assert {v for e, v, _ in facts_in(text) if e == "role"} == {role}


def test_time_off_and_a_colleague_covering_are_not_the_appointment():
    found = facts_in(
        "Hi, I'm back from mat leave since Sept 2026 (was off Dec 2025 to Aug 2026, someone covered as acting SENCO). "
        "I was appointed SENCO in Nov 2023 and started the NPQ Nov 2025 just before I went off."
    )
    assert [v for e, v, _ in found if e == "appointment_date"] == ["2023-11"]
