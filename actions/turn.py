"""The one path every turn takes, whatever the intent (issue 10):

1. read every fact in the message: a button's payload, the reply to the question pending (read
   against that question), and the facts the fact finder sees anywhere in the text;
2. answer the side question it asks, if any (an FAQ, "why?", "what have I told you?");
3. then ask the next fact the rules core still needs, or give the answer; after a side answer with
   no check under way, offer to work out what applies. No turn ends without a question, an
   answer or such an offer, and low intent confidence never drops a fact.

The action is thin: the rules core decides (``missing``, the determination), the registry names
the facts, the domain holds every sentence. Conversation state, beside one slot per fact:
``requested_fact`` (asked last), ``asked_times`` (how often in a row), ``question_variant``,
``candidates`` (values a vague reply left open), ``deferred`` (facts put aside after "not sure"),
``asks`` (how often each fact has been asked in all),
``offer`` (an open offer: "check", "more" or "resume"), ``answered`` (the facts the last answer
was given for), ``about_someone_else``.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import rules_core
from channels import share
from components.answer_reader import (
    NOT_AN_ANSWER,
    REPLIES,
    SETTING_GROUPS,
    Reply,
    hits,
    narrow_group,
    not_sure,
    polarity,
    read_reply,
    third_party,
)
from components.answer_reader import normalise as normalise_reply
from components.dates import default_today
from components.fact_finder import _is_question
from rules_core.facts import parse_date
from rules_core.law import P_PRIOR_LIMIT, settings_alike
from rules_core.registry import REGISTRY

from . import asking, faq
from .kindly import Kindly
from .slots import describe, for_rules_core, known_facts, said

logger = logging.getLogger(__name__)

PRIOR_LIMIT = P_PRIOR_LIMIT.at(P_PRIOR_LIMIT.first_date)
CONFIDENT = 0.6  # below this an intent is only a hint: facts are read whatever it says
FAQ_OVER_ANSWER = 0.9  # an FAQ beats reading the reply as the pending answer only above this
FAQ_MIN = 0.4  # the classifier's confidence from which a side question is answered
# A question about the topic the classifier could not place ("do I need the NPQ?") is a request to check.
WHERE_DO_I_STAND = re.compile(
    r"\b(?:where does (?:that|this) leave (?:me|him|her|them|us)|where do (?:i|we) stand|where does (?:she|he) stand|"
    r"what do (?:i|we) (?:need to )?do(?: now| next)?|what does (?:that|this) mean for (?:me|him|her|them|us)|"
    r"am i (?:ok|okay|alright|sorted|compliant|covered|on track)|is (?:she|he) (?:ok|okay|sorted|compliant|covered|on track))\b",
    re.I,
)
ON_TOPIC = re.compile(
    r"\b(npq|nasenco|senco|sendco|sen|send|qualif\w*|deadline|award|need|have to|must|required?|check|course|courses)\b",
    re.I,
)
# Words that say a message corrects an earlier answer ("sorry, it was 2024"); a date marked as the
# old one ("2024, not 2023") says so too.
# "not started. Oh, I should've said earlier, I was SENCO at my last school for two years": beside
# the answer, a correction of an earlier one.
LATE_ADDITION = re.compile(
    r"\b(?:should'?ve said|should have (?:said|mentioned)|forgot to (?:say|mention)|"
    r"i forgot|meant to (?:say|mention)|also i should say)\b",
    re.I,
)
CORRECTION = re.compile(
    r"\b(sorry|actually|technically|strictly speaking|wait|oops|i meant|correction|wrong|mistake|change|instead|"
    r"rather than|typo|scratch that|my bad|hang on|hold on|i tell a lie|should'?ve said|should have said|"
    r"forgot to (?:say|mention)|i'?m not (?:the |a )?sen\w*co|i am not (?:the |a )?sen\w*co)\b",
    re.I,
)
# Someone plainly asking for a colleague, or describing them; a SENCO merely mentioned ("our SENCO
# is off", "our SENCO left") is not that.
OTHERS_ASKING = re.compile(
    r"\b(?:head|head teacher|headteacher|governors?|ofsted|trust|la|someone|people|boss|senior leaders?|slt)\b"
    r"(?:\s+\w+){0,3}\s+(?:has|have|is|are|was|were|been|started|keeps?|kept)\s+(?:\w+\s+)?$"
)
ASKING_FOR = re.compile(
    r"\b(asking (?:for|about|on behalf)|on behalf of|for (?:our|my|a|the) (?:new )?(?:senco|sendco|colleague)"
    r"(?!\s+(?:qualification|award|npq|course|role|job|post|training))|"
    r"checking (?:on|for)|enquiring (?:for|about))\b|"
    # "Our SENCO, Ms Lewis, took the role...": a colleague is describing the SENCO.
    r"(?<!i'm )(?<!i am )(?<!im )\bour (?:new\s+)?sen\w*co\b"
    r"(?!\s+(?:qualification|award|npq|course|role|job|post|is off|is away|is on leave|left|has left|went off|was off|"
    r"retired|has retired|is leaving|leaves|is retiring|retires|is moving on|went on|moved on|resigned))|"
    r"\b(?:we|they) (?:share|have) (?:one|a|the|an?) (?:new\s+|shared\s+)?sen\w*co\b|"
    r"\btheir (?:new\s+|newish\s+)?sen\w*co\b(?!\s+(?:qualification|award|npq|course))|"
    r"\bone of (?:my|our) (?:teachers|staff|colleagues|team)\b(?=[^.]{0,40}\bsen\w*co\b)|"
    r"\bsen\w*co,?\s+(?:mrs|mr|ms|miss|mx|dr)\.?\s+[a-z]"
)
ACCEPT_OFFER = REPLIES["accept_offer"]
# "Our new SENCO starts in January": the colleague asked about is not the SENCO yet.
ABOUT_TO_START = re.compile(
    r"\b(?:will (?:be|become|take (?:over|up)|start)|(?:starting|starts|taking over|takes over)"
    r"(?: as| in| from| next| after| at)|from (?:next|the start of)|is going to be)\b"
)
# "One of my schools has a newish SENCO", "their new SENCO": the colleague asked about is the SENCO.
SAID_WRONG = re.compile(
    r"\b(?:i said|i put|i typed|i wrote|i told you|it was actually|it's actually|should have said|"
    r"should'?ve said|meant to (?:say|put|type)|typed it wrong|got (?:that|it|this|the \w+) wrong|wrong earlier|wrong year)\b",
    re.I,
)
NOT_THE_SENCO = re.compile(
    r"\b(?:(?:is|am|are)\s+not|isn'?t|aren'?t|'?m\s+not|im\s+not|not)\s+(?:the\s+|a\s+|our\s+)?sen\w*co\b"
    r"(?!\s+(?:before|previously|then|elsewhere|at\b|there\b|yet\b))"
)
# Earlier service still going on: "SENCo at her current school since Jan 2026", "currently SENCO there".
STILL_IN_POST = re.compile(r"\bsince\b|\b(?:currently|still|at the moment|at present)\b|\bcurrent (?:school|post|role|job)\b")
# "We've got an HLTA doing our SENCo role": a colleague in the post, whatever their own title.
COLLEAGUE_IN_THE_POST = re.compile(
    r"\b(?:we'?ve|we have|we)\s+(?:got\s+)?(?:an?|our)\s+(?:\w+\s+){1,2}?(?:doing|covering|acting as|as)\s+"
    r"(?:our|the)\s+(?:acting\s+|interim\s+)?sen\w*co\b"
)
HAS_A_SENCO = re.compile(r"\b(?:(?:has|have|got)\s+an?|their)\s+(?:new\s+|newish\s+|brand new\s+)?sen\w*co\b")
# What someone asking for a colleague says of themselves ("I'm the head"), and the facts it would
# otherwise answer.
SPEAKERS_OWN = ("is_head", "role")
SPEAKER_SELF = re.compile(
    r"\b(?:i'?m|i am|im)\s+(?:the\s+|a\s+|an\s+)?(?:(?:exec(?:utive)?|acting|deputy|assistant|"
    r"interim|co-?)\s*)?(?:head(?:\s*teacher)?|principal|governor|chair[\w ]{0,15}|"
    r"business manager|sbm|ta|class teacher)\b",
    re.I,
)
HEAD_IS_SENCO = re.compile(
    r"\bour (?:head|headteacher|head teacher|principal)\b[^.]{0,40}\b(?:is|has been|also|'s)\b"
    r"[^.]{0,25}\bsen\w*co\b"
)
# Entities the fact finder names after a fact's slot; the rest need the question for context.
ENTITY_FACTS = {fact.slot: fact.key for fact in REGISTRY}


@dataclass
class Reading:
    """What one message says, before the checks."""

    updates: dict = field(default_factory=dict)  # fact -> value
    candidates: dict | None = None  # {"fact", "group", "values"}: a vague reply to narrow
    answered_pending: bool = False  # the reply was read as the answer to the question asked
    not_sure: bool = False  # "I don't know" to the question asked
    third_party: bool = False
    approximate: set = field(default_factory=set)  # dates read from relative or vague phrases
    alternatives: dict = field(default_factory=dict)  # fact -> the other months a vague date may mean
    dropped_estimates: set = field(default_factory=set)  # vague dates the person cannot narrow: kept as read
    change_target: str | None = None  # "change my appointment date": a fact to ask again
    notes: list = field(default_factory=list)  # responses saying back how a reply was read


def said_missing(keys: list) -> str:
    """ "Became SENCO; Kind of school": the missing facts by their labels."""
    return "; ".join(REGISTRY[key].label for key in keys if key in REGISTRY)


class Turn:
    """One turn: the tracker read once, the replies and slot events collected."""

    def __init__(self, tracker: Tracker, dispatcher: CollectingDispatcher):
        self.tracker = tracker
        self.dispatcher = dispatcher
        self.today = default_today()
        slots = tracker.current_slot_values()
        self.facts = known_facts(slots)
        self.before = dict(self.facts)
        self.requested = slots.get("requested_fact")
        self.asked_times = slots.get("asked_times") or 0
        self.variant = slots.get("question_variant") or "first"
        self.candidates = slots.get("candidates")
        self.deferred = list(slots.get("deferred") or [])
        self.asks = dict(slots.get("asks") or {})  # how often each fact has been asked in all
        self.offer = slots.get("offer")
        self.answered = slots.get("answered")
        self.about_someone_else = bool(slots.get("about_someone_else"))
        self.estimates = dict(slots.get("estimates") or {})  # fact -> other months its vague date may mean
        message = tracker.latest_message or {}
        self.text = (message.get("text") or "").strip()
        intent = message.get("intent") or {}
        self.intent = intent.get("name") or "nlu_fallback"
        self.confidence = intent.get("confidence") or 0.0
        self.entities = message.get("entities") or []
        self.events: list = []
        self.understood = True  # whether the reply to the pending question was read
        self.helped: set = set()  # facts whose "how to find out" was said this turn

    # ------------------------------------------------------------------ helpers

    def say(self, response: str, **values) -> None:
        self.dispatcher.utter_message(response=response, **values)

    def slot(self, name: str, value) -> None:
        self.events.append(SlotSet(name, value))

    def determine(self, facts: dict | None = None) -> dict:
        return rules_core.determine(for_rules_core(self.facts if facts is None else facts), self.today)

    def confident(self, *intents: str) -> bool:
        return self.intent in intents and self.confidence >= CONFIDENT

    def fingerprint(self) -> str:
        return json.dumps(sorted(self.facts.items()), default=str)

    # ------------------------------------------------------------------ 1. reading

    def read(self) -> Reading:
        reading = Reading()
        said_text = normalise_reply(self.text)
        declined = None  # the question pending, when the reply was read as not answering it
        correcting = (
            bool(CORRECTION.search(self.text))
            or self.intent == "change_answer"
            or any(entity.get("role") == "not" for entity in self.entities)
        )
        # A button's payload ("/inform{"setting": "academy_mainstream"}") names the slot itself.
        for entity in self.entities:
            key = ENTITY_FACTS.get(entity.get("entity"))
            if key and entity.get("extractor") in (None, "RegexMessageHandler") and entity.get("value") is not None:
                reading.updates[key] = typed(key, entity["value"])
        if self.text.startswith("/"):
            reading.answered_pending = bool(reading.updates)
            return reading
        # The reply, read against the question pending.
        if self.requested and self.requested not in reading.updates:
            fact = REGISTRY[self.requested]
            candidates = tuple((self.candidates or {}).get("values") or ()) if self.variant.startswith("narrow:") else ()
            reply_text = self.text
            if self.about_someone_else and self.requested in SPEAKERS_OWN:
                # "No - I'm the head, Sam isn't": what the asker says of themselves is not the answer.
                reply_text = SPEAKER_SELF.sub(" ", self.text) or self.text
            reply = read_reply(
                fact,
                reply_text,
                variant=self.variant,
                candidates=candidates,
                known=self.facts.get(self.requested),
                numbered=self.variant != "first",
                limit=PRIOR_LIMIT,
                today=self.today,
                tense=self.tense_of(self.requested),
            )
            known = self.facts.get(self.requested)
            if (
                self.variant == "precise"
                and reply.approximate
                and reply.value is not None
                and known
                and len(str(reply.value)) <= len(str(known))
                and not CORRECTION.search(self.text)
            ):
                # Asked the day of "September 2025", told "this time last year": no more precise
                # than what was said before, so not the answer; the question stands.
                reply = NOT_AN_ANSWER
            if isinstance(reply.value, int) and self.requested == "prior_senco_months":
                reply = replace(reply, value=reply.value + self.months_still_to_serve(reply_text))
            if reply.value is not None:
                reading.updates[self.requested] = reply.value
            reading.updates.update(reply.extra)
            if reply.approximate:
                reading.approximate.add(self.requested)
            if reply.alternatives:
                reading.alternatives[self.requested] = tuple(reply.alternatives)
            if reply.group:
                values = reply.candidates or ()
                reading.candidates = {"fact": self.requested, "group": reply.group, "values": list(values)}
            reading.not_sure = reply.not_sure
            reading.third_party = reply.third_party
            declined = self.requested if reply.declined else None
            if (
                self.variant == "precise"
                and reply.not_sure
                and self.facts.get(self.requested)
                and (self.requested in self.deferred or self.asks.get(self.requested, 0) >= asking.MAX_ASKS_IN_ALL - 1)
            ):
                # The day (or month) asked for is still not known when the question comes back: the
                # one of the month (or year) said that asks more of the person, so no one is told they
                # have more time than they do. (The first time, the question is put aside.)
                chosen = self.date_asking_more(self.requested)
                reading.updates[self.requested] = chosen
                reading.not_sure = False
                reply = Reply(value=chosen)
                reading.notes.append(("utter_took_date_asking_more", {"date": said(self.requested, chosen)}))
            if reply.note:
                reading.notes.append(reply.note)
            reading.answered_pending = reply.settled or bool(reply.group)
            if self.variant == "which_month" and not reply.settled and self.facts.get(self.requested):
                # Asked which month a vague date was, and no month given: the reading stands. Asked
                # again once, unless the person says they do not know.
                reading.answered_pending = True
                if reply.not_sure or self.asked_times >= asking.MAX_ASKS_IN_A_ROW:
                    reading.notes.append(("utter_kept_estimate", {"date": said(self.requested, self.facts[self.requested])}))
                    reading.dropped_estimates.add(self.requested)
                reading.not_sure = False
        # Someone asking for a colleague ("I'm the deputy head, asking for our SENCO"): what they
        # say of themselves (their own role, that they are the head) is not about the SENCO.
        speaker_only = set()
        if self.about_someone_else and SPEAKER_SELF.search(self.text):
            speaker_only = set(SPEAKERS_OWN)
        if (
            not self.requested
            and not self.about_someone_else
            and third_party(said_text)
            and not re.search(
                r"\b(?:i'?m|i am|i've been|i have been|i was|im|i covered|i became|i got|i took|i stepped|i started)\b"
                r"[^.]{0,20}\bsen\w*co",
                said_text,
            )
        ):
            # "Can I make our HLTA the SENCO? She's brilliant": the speaker and the SENCO differ.
            reading.third_party = True
            speaker_only = set(SPEAKERS_OWN)  # "SEND link officer ... has a newish SENCO": the officer's role is not hers
            if HAS_A_SENCO.search(said_text):
                reading.updates.setdefault("role", "aspiring" if ABOUT_TO_START.search(said_text) else "senco")
        if not self.requested and not self.about_someone_else and COLLEAGUE_IN_THE_POST.search(said_text):
            reading.third_party = True
            speaker_only = set(SPEAKERS_OWN)
            reading.updates.setdefault("role", "senco")
        asking_for = ASKING_FOR.search(said_text)
        if asking_for and OTHERS_ASKING.search(said_text, 0, asking_for.start()):
            asking_for = None  # "the new head has started asking about my qualification": someone else asks the speaker
        if asking_for and not self.requested:
            reading.third_party = True
            speaker_only = set(SPEAKERS_OWN)
            if HEAD_IS_SENCO.search(said_text):
                reading.updates["is_head"] = True  # "Our head, Mrs Dixon, has also been the SENCO"
            if re.search(r"\b(?<!just )(?<!or )(?:our|my|the|their|a)\s+(?:new\s+)?sen\w*co\b", said_text) and not any(
                e.get("entity") == "role" and e.get("value") == "other" for e in self.entities
            ):
                # "our new SENCO": the colleague is the SENCO; not "our assistant SENCO ... or just the SENCO"
                reading.updates.setdefault("role", "aspiring" if ABOUT_TO_START.search(said_text) else "senco")
        # Every other fact the fact finder sees in the text. When the same fact is said twice with
        # a correction between ("a private nursery, sorry, no, a maintained nursery school"), the
        # later one counts; otherwise the first.
        course = REGISTRY[self.requested].course if self.requested else None
        for entity in self.later_corrections(self.entities):
            name, value = entity.get("entity"), entity.get("value")
            if value is None or entity.get("extractor") in (None, "RegexMessageHandler"):
                continue
            key = ENTITY_FACTS.get(name)
            if name in ("course_status", "start_date", "completion_date") and course:
                key = f"{course}.status" if name == "course_status" else f"{course}.{name}"
            elif name == "course_status" and correcting:
                # "Sorry, that's wrong - I'm doing it": the one course whose status was given.
                told = [c for c in REGISTRY.courses if self.facts.get(f"{c}.status") is not None]
                key = f"{told[0]}.status" if len(told) == 1 else None
            elif name == "date":
                key = self.date_target(entity, correcting)
            elif name == "fact_name":
                reading.change_target = value if value in REGISTRY else None
                continue
            # Of the speaker's own facts, only what describes the colleague ("takes over as SENCO") is kept.
            colleague_role = key == "role" and value in ("senco", "aspiring")
            if key is None or key in reading.updates or key == declined or (key in speaker_only and not colleague_role):
                continue
            if key == "setting" and str(value).startswith("group:"):
                group = str(value).split(":", 1)[1]
                # A trust's kinds named in the same message were read already (or were somewhere
                # else: "5 years as SENCO at a special school before joining us").
                narrowed = narrow_group(group, said_text) if group != "trust" else None
                if narrowed and self.facts.get("setting") is None:
                    value = narrowed  # "a primary (LA)": the same message says which
                elif self.facts.get("setting") is None and reading.candidates is None:
                    reading.candidates = {"fact": "setting", "group": group, "values": list(SETTING_GROUPS[group])}
                    continue
                else:
                    continue
            known = self.facts.get(key)
            if (
                known is not None
                and known != typed(key, value)
                and key != self.requested
                # A year put right stands even beside an answer ("No, never. I said Jan 2025, it
                # was Jan 2024"); any other change there is a stray phrase.
                and (
                    not correcting
                    or (
                        reading.answered_pending
                        and not self.year_said_wrong(name, known, value)
                        and not self.put_right_here(entity)
                    )
                )
                and not LATE_ADDITION.search(self.text)
                and not self.denies_the_senco_role(key, value, reading)
            ):
                continue  # a stray phrase, or one in a reply to another question, does not overturn an answer
            reading.updates[key] = typed(key, value)
            if entity.get("role") == "not_counted":
                reading.notes.append("utter_prior_not_counted")  # "SENCO at a prep for 2 years": none of it counts
            if entity.get("alternatives") and not (key == self.requested and self.variant == "which_month"):
                reading.alternatives[key] = tuple(entity["alternatives"])
            if key == self.requested:
                reading.answered_pending = True
        if reading.candidates and reading.candidates["fact"] in reading.updates:
            reading.candidates = None
        if self.requested and not reading.answered_pending and not reading.not_sure:
            reading.not_sure = not_sure(said_text) and not reading.updates
        return reading

    def months_still_to_serve(self, reply_text: str) -> int:
        """ "She's been SENCo at her current school since Jan 2026", of someone who takes up this
        post in April 2027: the earlier service runs on until then (regulation 49(4) counts the
        time before becoming SENCO here), so the months from today to the start are added."""
        appointment = self.facts.get("appointment_date")
        if self.facts.get("role") != "aspiring" or not appointment or not STILL_IN_POST.search(reply_text.lower()):
            return 0
        start = parse_date(appointment).first
        return max(0, (start.year - self.today.year) * 12 + start.month - self.today.month)

    def year_said_wrong(self, name: str, known, value) -> bool:
        """ "I said Jan 2025 at the start, it was actually Jan 2024": a date the person says they
        gave wrong, put right in its year only."""
        return name == "date" and year_put_right(known, value) and SAID_WRONG.search(self.text) is not None

    def put_right_here(self, entity: dict) -> bool:
        """ "Sorry I got that wrong earlier - it was 2 years at my last school, not 2 months": a
        fact the person says they gave wrong, put right in the same sentence, stands even beside
        an answer to another question; what the next sentence says ("2020-2022, maintained
        secondary", the school left) does not."""
        cue = SAID_WRONG.search(self.text)
        if cue is None:
            return False
        stop = re.compile(r"[.!?](?:\s|$)").search(self.text, cue.end())
        end = stop.start() if stop else len(self.text)
        start = entity.get("start") or 0
        # "I said march before - I mean May 2024": the value put right, not the one it replaces
        replaced = re.search(r"\b(?:i mean|i meant|actually|or rather)\b", self.text[entity.get("end") or start : end], re.I)
        return cue.start() <= start < end and replaced is None

    def denies_the_senco_role(self, key: str, value, reading: Reading) -> bool:
        """ "She isn't the SENCo" to "When did they become SENCO?": the question assumed a SENCO,
        and the reply says there is none, so the role said earlier gives way."""
        return (
            key == "role"
            and value == "other"
            and self.requested == "appointment_date"
            and not reading.answered_pending
            and NOT_THE_SENCO.search(normalise_reply(self.text)) is not None
        )

    def date_asking_more(self, key: str) -> str:
        """Of the first and last day a partial date can be, the one whose answer asks more of the
        person: one that still needs another fact (it may turn out worst), then the duty rather than
        none, a worse status, an earlier deadline."""
        span = parse_date(self.facts[key])
        severity = {"overdue": 4, "at_risk": 3, "on_track": 2, "met": 1}

        def asks(day: _dt.date) -> tuple:
            try:
                answer = self.determine({**self.facts, key: day.isoformat()})
            except rules_core.FactsError:
                return (-1,)
            if not answer["complete"]:
                return (2,)
            duty = answer.get("outcome") in ("TAKE_NPQ_SENCO", "COMPLETE_NASENCO")
            deadline = answer.get("deadline") or "9999-12-31"
            return (duty, severity.get(answer.get("status") or "", 0), -_dt.date.fromisoformat(deadline).toordinal())

        return max((span.first, span.last), key=asks).isoformat()

    def tense_of(self, key: str) -> str:
        """How a month with no year answers the question: "January" to "when will you become
        SENCO?" or "when does your cohort start?" (once registered) is the next January."""
        future = (key == "appointment_date" and self.facts.get("role") == "aspiring") or (
            key == "npq.start_date" and self.facts.get("npq.status") == "registered"
        )
        course = REGISTRY[key].course
        if course and key.endswith("completion_date") and self.facts.get(f"{course}.status") == "completed":
            return "done"  # "this summer", of a course finished: the summer gone
        if course and key.endswith("completion_date") and self.facts.get(f"{course}.status") in ("in_progress", "registered"):
            return "future"  # "they said feb 27ish", of a course under way: the finish to come
        return "future" if future else "past"

    def later_corrections(self, entities: list) -> list:
        """The fact finder's entities, keeping one per entity name: the later of two when a
        correction comes between them, else the first."""
        chosen: dict = {}
        for entity in sorted(entities, key=lambda e: e.get("start") or 0):
            name = entity.get("entity")
            if name in ("date", "duration", "fact_name"):
                chosen[(name, entity.get("start"))] = entity
                continue
            earlier = chosen.get(name)
            if earlier is None:
                chosen[name] = entity
            elif CORRECTION.search(self.text[earlier.get("end") or 0 : entity.get("start") or 0]):
                chosen[name] = entity
        return sorted(chosen.values(), key=lambda e: e.get("start") or 0)

    def date_target(self, entity: dict, correcting: bool) -> str | None:
        """The one place that decides which fact a date with no cue belongs to: the question
        pending when it asks for a date; in a correction, the date fact it replaces; else none."""
        if self.requested and REGISTRY[self.requested].kind == "date":
            return self.requested if entity.get("role") != "not" else None
        if correcting:
            dated = [key for key in REGISTRY.of_kind("date") if self.facts.get(key)]
            if len(dated) == 1:
                return dated[0]
            # "March 2022 not 2021": the one known date that the new one differs from in its year
            # only, or that the date said to be wrong names.
            denied = [str(e.get("value")) for e in self.entities if e.get("entity") == "date" and e.get("role") == "not"]
            new = str(entity.get("value") or "")
            alike = [
                key
                for key in dated
                if any(str(self.facts[key]).startswith(old) for old in denied) or year_put_right(self.facts[key], new)
            ]
            if len(alike) == 1:
                return alike[0]
        return None

    # ------------------------------------------------------------------ checking and keeping

    def read_future_dates(self, reading: Reading) -> None:
        """A date still to come says something about the words around it: a SENCO "starting in
        January" is going to be the SENCO; a course "completed" in December 2026 is still under way.
        The reading is said back, so the person can put it right; it changes no legal answer (the
        rules treat an aspiring and a serving SENCO alike, and a course in progress by its dates)."""
        merged = {**self.facts, **reading.updates}
        appointed = reading.updates.get("appointment_date")
        if appointed and merged.get("role") == "senco" and future(appointed, self.today):
            reading.updates["role"] = "aspiring"
            reading.notes.append("utter_took_role_as_aspiring")
        # "after Easter" read as the Easter just gone, then "I'm going to be the SENCO": the next one.
        if reading.updates.get("role") == "aspiring" and "appointment_date" not in reading.updates:
            coming = the_coming_month(self.facts.get("appointment_date"), self.today)
            if coming:
                reading.updates["appointment_date"] = coming
                reading.notes.append(("utter_took_date_as_coming", {"date": said("appointment_date", coming)}))
        for course in REGISTRY.courses:
            finished = reading.updates.get(f"{course}.completion_date")
            if finished and merged.get(f"{course}.status") == "completed" and future(finished, self.today):
                reading.updates[f"{course}.status"] = "in_progress"
                reading.notes.append("utter_took_course_as_in_progress")

    def set_aside_unasked_start(self, key: str, reading: Reading) -> bool:
        """A finish given in answer to its own question, before a start never asked for but read
        from something said earlier ("got a SENCO post since this time last year", taken as the
        course's start): the answer to the question is the likelier, so the start is set aside
        (and asked, if it is needed) rather than the finish asked again and again."""
        fact = REGISTRY[key]
        if key != self.requested or fact.field != "completion_date":
            return False
        start_key = f"{fact.course}.start_date"
        if self.facts.get(start_key) is None or self.asks.get(start_key) or start_key in reading.updates:
            return False
        self.say("utter_start_set_aside", start=parse_date(self.facts[start_key]).text())
        del self.facts[start_key]
        self.slot(REGISTRY[start_key].slot, None)
        return True

    def keep(self, reading: Reading) -> list:
        """Check each new value; keep the good ones, say back what was noted or changed, and say
        kindly what is wrong with the rest. Returns the facts kept."""
        kept: list = []
        problems: list = []
        order = {key: index for index, key in enumerate(REGISTRY.keys)}
        for key in sorted(reading.updates, key=order.__getitem__):
            value = reading.updates[key]
            problem = check(key, value, {**self.facts, **{k: reading.updates[k] for k in kept}}, self.today)
            if problem and problem[0] == "utter_completion_before_start" and self.set_aside_unasked_start(key, reading):
                problem = check(key, value, {**self.facts, **{k: reading.updates[k] for k in kept}}, self.today)
            if problem:
                self.say(problem[0], **problem[1])
                problems.append(key)
                continue
            kept.append(key)
        trial = dict(self.facts)
        for key in kept:
            trial[key] = reading.updates[key]
        while True:
            try:
                self.determine(trial)
                break
            except rules_core.FactsError as error:
                fields = {e["field"] for e in error.errors}
                bad = [key for key in kept if key in fields] or [key for key in kept if key.split(".")[0] in fields]
                if not bad:
                    logger.warning("rules core refused facts: %s", ", ".join(sorted(fields)))
                    trial = dict(self.facts)
                    kept = []
                    break
                for e in error.errors:
                    if e["field"] in bad:
                        self.say("utter_fact_problem", what=REGISTRY[e["field"]].label, message=e["message"])
                for key in bad:
                    kept.remove(key)
                    problems.append(key)
                    trial[key] = self.facts.get(key)
                    if trial[key] is None:
                        trial.pop(key)
        noted, changed = [], []
        for key in kept:
            value = reading.updates[key]
            if self.before.get(key) is None:
                noted.append(key)
            elif self.before[key] != value:
                changed.append(key)
            self.facts[key] = value
            self.slot(REGISTRY[key].slot, value)
        estimates = dict(self.estimates)
        for key in kept:
            if key in reading.alternatives:
                estimates[key] = list(reading.alternatives[key])
            else:
                estimates.pop(key, None)
        for key in reading.dropped_estimates:
            estimates.pop(key, None)
        if estimates != self.estimates:
            self.estimates = estimates
            self.slot("estimates", estimates)
        if changed:
            self.say(
                "utter_changed",
                changed="; ".join(
                    f"{describe(key, self.facts[key], facts=self.facts)} (was {said(key, self.before[key])})" for key in changed
                ),
            )
        extra = [key for key in noted if key != self.requested]
        if extra:
            self.say("utter_noted", noted="; ".join(describe(key, self.facts[key], facts=self.facts) for key in noted))
        for key in reading.approximate & set(kept):
            if not (key == self.requested and self.variant == "which_month"):  # the question says it again
                self.say("utter_took_date_as", date=said(key, self.facts[key]))
        for note in reading.notes:
            name, values = note if isinstance(note, tuple) else (note, {})
            self.say(name, **values)
        return kept

    # ------------------------------------------------------------------ 3. the next move

    def next_move(self, under_way: bool, show_answer: bool = False) -> None:
        if not under_way:
            self.make_offer("check")
            return
        determination = self.determine()
        if determination["complete"]:
            vague = self.vague_date_that_matters(determination)
            if vague:
                self.ask(asking.Question(vague, "which_month"))
                return
            if show_answer or self.answered != self.fingerprint():
                self.give_answer(determination)
            else:
                self.make_offer("more")
            return
        self.ask_next(determination["missing"])

    def vague_date_that_matters(self, determination: dict) -> str | None:
        """A date read from a vague phrase ("last spring", "18 months ago") whose other months
        would change the answer (the outcome, the status or the deadline's month): asked once."""

        def gist(answer: dict) -> tuple:
            return answer.get("outcome"), answer.get("status"), (answer.get("deadline") or "")[:7]

        for key, others in list(self.estimates.items()):
            if (
                key not in self.facts
                or self.asks.get(key, 0) >= asking.MAX_ASKS_IN_ALL
                or (key == self.requested and self.asked_times >= asking.MAX_ASKS_IN_A_ROW)
            ):
                # Asked as often as is useful: the reading stands, said so.
                self.estimates.pop(key)
                self.slot("estimates", self.estimates)
                if key in self.facts:
                    self.say("utter_kept_estimate", date=said(key, self.facts[key]))
                continue
            for other in others:
                try:
                    answer = self.determine({**self.facts, key: other})
                except rules_core.FactsError:
                    continue
                if not answer["complete"] or gist(answer) != gist(determination):
                    return key
        return None

    def ask_next(self, missing: list) -> None:
        missing = self.result_date_first(missing)
        # A day asked for a date whose month is itself in doubt ("nov", said in November): which
        # month first, since the other month may settle the answer without any day.
        in_doubt = [
            key
            for key in missing
            if key in self.facts
            and self.estimates.get(key)
            and self.asks.get(key, 0) < asking.MAX_ASKS_IN_ALL
            and not (key == self.requested and self.asked_times >= asking.MAX_ASKS_IN_A_ROW)
        ]
        if in_doubt:
            self.ask(asking.Question(in_doubt[0], "which_month"))
            return
        order = [key for key in missing if key not in self.deferred] + [key for key in missing if key in self.deferred]
        for key in order:
            if self.asks.get(key, 0) >= asking.MAX_ASKS_IN_ALL:
                continue
            if key == self.requested and self.asked_times >= asking.MAX_ASKS_IN_A_ROW:
                # Asked twice without an answer: put it aside, so the other questions come first.
                if key not in self.deferred:
                    self.deferred.append(key)
                    self.slot("deferred", self.deferred)
                continue
            self.ask(
                asking.variant_for(
                    REGISTRY[key], self.facts, self.candidates, self.requested, self.asked_times, self.understood, PRIOR_LIMIT
                )
            )
            return
        # Only facts already asked as often as is useful are left. One with a usual answer is taken
        # as that, said so and open to correction, so the person still gets an answer; any other
        # is put aside until the person knows.
        stuck = self.requested if self.requested in missing else missing[0]
        # Of the facts left, one with a usual answer is taken first, so that the one without
        # ("what kind of school") does not keep the usual one ("England") from being assumed.
        stuck = next((key for key in missing if REGISTRY[key].if_unknown), stuck)
        fact = REGISTRY[stuck]
        if stuck not in self.helped:
            self.say(fact.help_response)
        if fact.if_unknown:
            self.facts[stuck] = fact.if_unknown[0]
            self.slot(fact.slot, fact.if_unknown[0])
            self.say(fact.assume_response)
            self.next_move(True)
            return
        if self.answered != self.fingerprint():
            self.give_partial_answer()
        self.make_offer("resume")

    def give_partial_answer(self) -> None:
        """What the law already says without the fact the person cannot give yet (the rules
        core's incomplete determination: what applies, the reasons so far, what is missing), once
        for the facts as they stand. The question stays pending, so a later reply answers it."""
        determination = self.determine()
        self.say("utter_partial_answer", missing=said_missing(determination["missing"]))
        self.dispatcher.utter_message(text=rules_core.summary(determination))
        self.dispatcher.utter_message(
            json_message={"type": "determination", "determination": determination, "card": rules_core.card(determination)}
        )
        self.slot("answered", self.fingerprint())

    def result_date_first(self, missing: list) -> list:
        """When the rules core needs the exact day of a date already given because an NPQ's finish
        was estimated from its start, ask first when the person expects their result ("July"):
        people often know it, and it may settle the answer without any day."""
        key = "npq.completion_date"
        estimated = self.facts.get("npq.status") in ("registered", "in_progress") and key not in self.facts
        only_days = bool(missing) and all(fact in self.facts and REGISTRY[fact].kind == "date" for fact in missing)
        if not (estimated and only_days):
            return missing
        if key not in self.asks:
            return [key, *missing]
        # Not sure of it when first asked: asked once more, a turn or more later, before a day
        # the result month (even a rough one, "summer 2027") may make needless.
        if key in self.deferred and self.requested != key and self.asks[key] < 2:
            self.deferred.remove(key)
            self.slot("deferred", self.deferred)
            self.say("utter_back_to_result_date")
            return [key, *missing]
        return missing

    def ask(self, question: asking.Question) -> None:
        fact = REGISTRY[question.fact]
        if question.variant == "again":
            self.say("utter_did_not_understand_answer")
            self.say(fact.why_response)
        values = {"choices": asking.numbered_text(question)} if fact.kind in ("choice", "yes_no") else {}
        if question.variant == "precise":
            values["known"] = said(question.fact, self.facts[question.fact])
        if question.variant == "which_month":
            values.update(months_it_may_be(question.fact, self.facts[question.fact], self.estimates.get(question.fact, [])))
        response = asking.response_for(question, self.facts)
        if question.variant == "which_month" and question.fact == self.requested and self.variant == "which_month":
            response = "utter_ask_which_month_again"
        buttons = (
            [{"title": o["label"], "payload": o["payload"]} for o in asking.option_payloads(question)]
            if question.variant != "first" and fact.kind in ("choice", "yes_no") or question.variant == "over_limit"
            else []
        )
        self.dispatcher.utter_message(response=response, buttons=buttons, **values)
        self.dispatcher.utter_message(json_message=asking.payload(question))
        times = self.asked_times + 1 if question.fact == self.requested else 1
        self.asks[question.fact] = self.asks.get(question.fact, 0) + 1
        self.slot("asks", self.asks)
        self.slot("requested_fact", question.fact)
        self.slot("asked_times", times)
        self.slot("question_variant", question.variant)
        self.slot("offer", None)

    def give_answer(self, determination: dict, hypothetical: bool = False) -> None:
        self.dispatcher.utter_message(text=rules_core.summary(determination, hypothetical))
        body: Dict[Text, Any] = {
            "type": "determination",
            "determination": determination,
            "card": rules_core.card(determination, hypothetical),
        }
        if hypothetical:
            body["hypothetical"] = True
        else:
            # Links to take the answer away (channels/share.py); None when off or failed, never an error.
            links = share.links_for(for_rules_core(self.facts), self.today)
            if links:
                body["share"] = links
        self.dispatcher.utter_message(json_message=body)
        if not hypothetical:
            self.slot("answered", self.fingerprint())
            self.slot("requested_fact", None)
            self.slot("asked_times", 0)
            self.slot("offer", None)

    def make_offer(self, kind: str) -> None:
        self.say({"check": "utter_offer_check", "more": "utter_offer_more", "resume": "utter_offer_resume"}[kind])
        self.dispatcher.utter_message(json_message={"type": "offer", "offer": kind})
        self.slot("offer", kind)

    # ------------------------------------------------------------------ the turn

    def run(self) -> List[Dict[Text, Any]]:
        if self.confident("start_again"):
            return self.start_again()
        stated = [e for e in self.entities if e.get("extractor") not in (None, "RegexMessageHandler")]
        if self.offer is not None and not stated and self.takes_up_offer():
            return self.accept_offer()  # "yes please", "ok go on then": taking up the offer, not answering a question
        reading = self.read()
        if reading.third_party and not self.about_someone_else:
            self.say("utter_about_someone_else")
            self.slot("about_someone_else", True)
        if self.requested and not reading.answered_pending and self.confident("dont_know"):
            reading.not_sure = True
        self.read_future_dates(reading)
        kept = self.keep(reading)
        self.settle_candidates(reading)
        side = self.side_answer(reading, kept)
        # A reply that answered nothing, asked nothing and was not "I don't know" was not understood:
        # the question comes back rephrased, with its choices spelled out.
        self.understood = not (self.requested and not reading.answered_pending and not reading.not_sure and not side and not kept)
        if reading.not_sure and self.requested and (self.facts.get(self.requested) is None or self.variant == "precise"):
            self.put_aside(self.requested)  # "not sure of the day": how to find out, and on to other facts
        if reading.change_target and reading.change_target not in kept:
            self.ask(asking.Question(reading.change_target, "first"))
            return self.events
        under_way = bool(self.facts) or bool(self.requested) or bool(self.candidates) or side == "start"
        if side in ("answer", "why"):
            return self.events
        self.next_move(under_way, show_answer=side == "show")
        return self.events

    def settle_candidates(self, reading: Reading) -> None:
        """Keep a vague reply's candidates for the narrowing question; when the person cannot
        narrow them and the law treats them alike, carry on with the first, and say so."""
        if reading.candidates:
            self.candidates = reading.candidates
            self.slot("candidates", reading.candidates)
        if not self.candidates:
            return
        fact = self.candidates["fact"]
        if self.facts.get(fact) is not None:
            self.candidates = None
            self.slot("candidates", None)
            return
        asked_to_narrow = self.requested == fact and self.variant.startswith("narrow:")
        cannot_ask_again = self.requested == fact and self.asked_times >= asking.MAX_ASKS_IN_A_ROW
        if (asked_to_narrow or cannot_ask_again) and fact == "setting" and settings_alike(self.candidates["values"]):
            chosen = self.candidates["values"][0]
            self.facts[fact] = chosen
            self.slot(REGISTRY[fact].slot, chosen)
            self.say("utter_setting_alike", chosen=said(fact, chosen))
            self.candidates = None
            self.slot("candidates", None)

    def put_aside(self, key: str) -> None:
        """ "Not sure": say how to find out and move on to another fact, coming back later."""
        self.say(REGISTRY[key].help_response)
        self.helped.add(key)
        if key not in self.deferred:
            self.deferred.append(key)
            self.slot("deferred", self.deferred)

    def side_answer(self, reading: Reading, kept: list) -> str | None:
        """Answers what the message asks besides the facts. Returns what it did: "faq", "start",
        "answer"/"why" (the turn is complete), "show" (show the answer again), or None."""
        question_like = "?" in self.text or _is_question(self.text.lower())
        # "..., took the post on 4 Nov 2023. Where does that leave him?": the check is the answer.
        asks_for_the_check = bool(kept) and WHERE_DO_I_STAND.search(self.text) is not None
        if (
            self.intent.startswith("faq_")
            and self.confidence >= FAQ_MIN
            and not asks_for_the_check
            and (not reading.answered_pending or (question_like and self.confidence >= FAQ_OVER_ANSWER))
        ):
            found = faq.answer_for(self.intent, self.today)
            if found:
                text, sources = found
                self.say("utter_faq_answer", answer=text, sources=faq.cited(sources))
                self.dispatcher.utter_message(json_message={"type": "faq", "intent": self.intent, "sources": faq.links(sources)})
                return "faq"
        if reading.answered_pending or kept:
            return None
        if self.confident("why_answer"):
            determination = self.determine()
            if determination["complete"]:
                self.dispatcher.utter_message(text=rules_core.render.reasons_text(determination))
                self.dispatcher.utter_message(json_message={"type": "reasons", "reasons": determination["reasons"]})
                self.give_answer(determination)
                return "why"
            if self.requested:
                # "why?" to a question is "why do you ask?": say what the fact decides, then ask again.
                self.say(REGISTRY[self.requested].why_response)
                return "why_ask"
            self.say("utter_why_generic")
            return None
        if self.confident("why_ask") and self.requested:
            self.say(REGISTRY[self.requested].why_response)
            return "why_ask"
        if self.confident("show_answers"):
            self.show_answers()
            return "shown"
        if self.confident("what_if"):
            self.what_if()
            return "what_if"
        if self.confident("greet") or self.text == "":
            self.say("utter_greet")
            return "start"
        if self.confident("thank"):
            self.say("utter_welcome")
        elif self.confident("goodbye"):
            self.say("utter_goodbye")
        elif self.confident("bot_challenge"):
            self.say("utter_iamabot")
        elif self.confident("out_of_scope") and not self.requested:
            self.say("utter_out_of_scope")
        elif self.confident("change_answer") and not reading.change_target:
            self.show_answers(response="utter_which_to_change")
            return "shown"
        elif not self.requested and not self.facts and (ON_TOPIC.search(self.text) or reading.candidates):
            self.say("utter_lets_check")
            return "start"
        elif not self.requested and not self.facts:
            self.say("utter_default")
        return None

    # ------------------------------------------------------------------ commands

    def takes_up_offer(self) -> bool:
        said = normalise_reply(self.text)
        if polarity(said) is False or not_sure(said) or "?" in self.text:
            return False
        return polarity(said) is True or self.confident("affirm") or bool(hits(said, ACCEPT_OFFER))

    def accept_offer(self) -> List[Dict[Text, Any]]:
        self.slot("offer", None)
        if self.offer == "more":
            self.next_move(True, show_answer=True)
        else:
            self.next_move(True)
        return self.events

    def start_again(self) -> List[Dict[Text, Any]]:
        self.say("utter_start_again")
        self.facts, self.requested, self.asked_times, self.candidates, self.deferred = {}, None, 0, None, []
        self.asks = {}
        self.estimates = {}
        self.answered = None
        self.events.append(AllSlotsReset())
        self.next_move(True)
        return self.events

    def show_answers(self, response: str = "utter_answers_so_far") -> None:
        if not self.facts:
            self.say("utter_nothing_told")
            return
        lines = [f"- {describe(key, value, facts=self.facts)}" for key, value in self.facts.items()]
        buttons = [
            {"title": f"Change: {REGISTRY[key].label}", "payload": '/change_answer{"fact_name": "%s"}' % key}
            for key in self.facts
        ]
        self.say(response)
        self.dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        self.dispatcher.utter_message(json_message={"type": "answers", "facts": self.facts})

    def what_if(self) -> None:
        """ "What if I start the NPQ in November 2027?": the answer with those facts changed,
        without touching the real ones."""
        supposed = dict(self.facts)
        for entity in self.entities:
            key = ENTITY_FACTS.get(entity.get("entity"))
            if key and entity.get("value") is not None:
                supposed[key] = typed(key, entity["value"])
        changes = {key: value for key, value in supposed.items() if self.facts.get(key) != value}
        if not changes:
            self.say("utter_what_if_help")
            return
        try:
            determination = self.determine(supposed)
        except rules_core.FactsError:
            self.say("utter_what_if_help")
            return
        self.say("utter_what_if_intro", changes="; ".join(describe(key, value, facts=supposed) for key, value in changes.items()))
        if determination["complete"]:
            self.give_answer(determination, hypothetical=True)
        else:
            self.say("utter_what_if_incomplete")


def months_it_may_be(key: str, value: str, others: list) -> dict:
    """The values of utter_ask_which_month: the reading, the other months ("any month from January
    to May 2026", "June 2025") and an example."""
    months = sorted({value, *others})
    if len({month[:4] for month in months}) == 1 and len(months) > 2:
        first = rules_core.parse_date(months[0]).first
        others_said = f"any month from {first:%B} to {said(key, months[-1])}"
    else:
        others_said = " or ".join(said(key, month) for month in months if month != value)
    example = sorted(others)[len(others) // 2] if others else value
    return {"known": said(key, value), "others": others_said, "example": said(key, example)}


def the_coming_month(value, today) -> str | None:
    """A month (no day) in the twelve months just gone, as the same month a year on; else None."""
    if not isinstance(value, str) or len(value) != 7:
        return None
    try:
        month = rules_core.parse_date(value)
    except ValueError:
        return None
    if not (today - _dt.timedelta(days=366) < month.first <= today):
        return None
    return f"{month.first.year + 1:04d}-{month.first.month:02d}"


def future(value: str, today) -> bool:
    """Whether every day a date can be is after today."""
    try:
        return rules_core.parse_date(value).first > today
    except ValueError:
        return False


def year_put_right(known, new) -> bool:
    """Whether ``new`` is ``known`` with only its year changed ("Jan 2024" for "2025-01")."""
    known, new = str(known), str(new)
    return len(known) >= 7 and len(new) >= 7 and known[4:7] == new[4:7] and known[:4] != new[:4]


def typed(key: str, value):
    """A slot value in the type its fact takes ("true" -> True for yes/no, "18" -> 18 months)."""
    kind = REGISTRY[key].kind
    if kind == "yes_no" and isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    if kind == "months" and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if kind == "months" and isinstance(value, float):
        return int(value)
    return value


def check(key: str, value, facts: dict, today) -> tuple | None:
    """What a person could plausibly have got wrong about one value: (response, values) or None.
    The rules core checks the types and the law's impossibilities after this."""
    from .checks import problem_with

    return problem_with(key, value, facts, today)


class ActionTurn(Kindly, Action):
    def name(self) -> Text:
        return "action_turn"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        return Turn(tracker, dispatcher).run()
