"""Finds the facts of CONTRACTS.md section 1 in one message, as entities (see ENTITIES.md).

Rule-based on purpose: the facts decide a legal answer, so every extraction must be explainable.
spaCy's blank English tokenizer and PhraseMatcher find the phrases in ``lexicon.yml``; dates and
durations come from ``components.dates``; small windows of context around each phrase decide its
value (negation, tense, whose role it is) and which fact a date belongs to. Pure Python: no Rasa.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from components import dates
from components.lexicon import ELSEWHERE_IN_THE_UK, LEXICON
from rules_core.facts import parse_date
from rules_core.facts import parse_date as dates_module_parse


@dataclass
class Found:
    entity: str
    value: object
    start: int
    end: int
    text: str
    role: str | None = None
    alternatives: tuple = ()  # a vague date's other months (dates.DateMatch.alternatives)

    def as_entity(self) -> dict:
        found = {"entity": self.entity, "value": self.value, "start": self.start, "end": self.end}
        if self.role:
            found["role"] = self.role
        if self.alternatives:
            found["alternatives"] = list(self.alternatives)
        return found


CASE_SENSITIVE = frozenset(LEXICON.get("case_sensitive", ()))


# The lexicon's sections this reader matches in free text; the others serve the answer reader
# (components/answer_reader.py) and the narrowing of vague school types.
PHRASE_SECTIONS = (
    "nation",
    "setting",
    "role_noun",
    "role_other",
    "head_noun",
    "qts",
    "qts_not",
    "qtls",
    "induction",
    "nasenco",
    "npq",
    "fact_name",
)


def _flatten_lexicon():
    """(label, value, phrase) for every phrase; label is the lexicon section."""
    for section in PHRASE_SECTIONS:
        body = LEXICON[section]
        if isinstance(body, dict):
            for value, phrases in body.items():
                for phrase in phrases:
                    yield section, value, phrase
        else:
            for phrase in body:
                yield section, None, phrase


@lru_cache(maxsize=1)
def _pipeline():
    nlp = spacy.blank("en")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    labels = {}
    for section, value, phrase in _flatten_lexicon():
        key = f"{section}|{value}"
        labels.setdefault(key, (section, value))
        matcher = exact if phrase in CASE_SENSITIVE else lower
        matcher.add(key, [nlp.make_doc(str(phrase))])
    return nlp, lower, exact, labels


# --- context words (lower-case text around a phrase, inside its clause) -------------------------
_CLAUSE_BREAK = re.compile(
    r"[.;!?\n]+|,?\s+\b(?:and(?!\s+(?:a\s+)?half\b|\s+\w+\s+(?:months?|terms?|weeks?)\b|\s+an?\s+(?:term|month|bit)\b)|but|then|so|whereas|while|although|though|however)\b\s+|,\s+(?=i\b|i'|ive\b|im\b|it\b|we\b|my\b|and\b|sen|started|start|finished|took|became|been|appointed|no\b|not\b|never\b|before\s+(?:that|this|then)\b|previously\b|prior\s+to\b|(?:do|does|can|could|is|am|are|will|should|would|must|have|has)\s+i\b)",
    re.I,
)
_NEGATION = re.compile(
    r"\b(not|no|never|without|haven't|havent|hasn't|didn't|didnt|don't|dont|isn't|aren't|wasn't|yet to|n't|nope|none)\b"
)
_FUTURE = re.compile(
    r"\b(will|'ll|shall|going to|gonna|plan|plans|planning|hope|hoping|intend|want|wants|about to|next|starting|start in|starts in|due to start|booked)\b"
)
# "finshed", "compleated": the usual slips in the words that say a course is done.
_FINISHED_MISSPELT = r"finshed|finised|finnished|finsihed|compleated|completd"
_COMPLETED = re.compile(
    r"\b(finished|"
    + _FINISHED_MISSPELT
    + r"|finish(?:ed)? it|completed|complete it|passed|got|have got|i've got|ive got|have|has|had|i've had|ive had|hold|holds|held|did|done|qualified|achieved|awarded|gained|holder|already have)\b"
)
_IN_PROGRESS = re.compile(
    r"\b(doing|doin|atm|at the moment|started|start(?:ed)? it|joined|studying|on(?! about\b)|taking|halfway|half way|working on|working towards|in my (?:first|second|final|last) (?:year|term)|currently|began|begun|enrolled|part way|partway|part-way|midway|underway|in the middle of|cohort)\b"
)
_REGISTERED = re.compile(
    r"\b(registered|signed up|sign up|signed (?:me|her|him|them) up|put (?:me|her|him) (?:on|down for)|"
    r"(?:enrolled|booked|registered) (?:me|her|him)|put (?:my|her|his|their) names? down|applied|got a place|booked|accepted|enrolled|starting|start in|starts in|will start|going to start|due to start|place on|waiting to start)\b"
)
_NOT_STARTED = re.compile(
    r"\b(haven't started|havent started|hasn't started|hasnt started|has not started|hasn't done|hasnt done|not started|not yet started|haven't begun|not begun|haven't signed up|not signed up|haven't applied|not applied|haven't done|havent done|not done|never did|never done|never started|don't have|dont have|do not have|haven't got|not got|no|none|nothing|yet to start|not doing|not on|not registered|haven't registered)\b"
)
_UNFINISHED = re.compile(
    r"\b(on the go|got on|got onto|been on|been doing|plodding|working through|got going|getting going|got started|just started|kicked off|nearly done|almost done|nearly finished|almost finished|nearly there|one module left|last module|final module|modules? left|final assignment|last assignment|(?:awaiting|waiting (?:for|on)) (?:the |my |her |his |our )?(?:results?|marks?|outcome)|submitted|handed in|results? (?:is |are )?(?:due|pending)|hasn't finished|hasnt finished|hasn't completed|haven't finished|havent finished|not finished|not yet finished|not completed|haven't completed|still doing|not yet complete|still on|yet to finish|yet to complete)\b"
)
_ANOTHER_NPQ = re.compile(
    r"\s*[(\-\u2013:,]?\s*(?:in\s+)?(?:npq(?!\s*(?:for\s+)?sen)(?:sl|h|lt|ml|ltd|el|lbc|eyl|lt)\b|senior leadership|headship|"
    r"leading (?:teaching|teacher|behaviour|literacy|primary)|executive leadership|early years leadership)"
)
_OBLIGED = re.compile(
    r"\b(?:got till|got until|got til|have till|have until|deadline to|time to|got|have|has)\b[^.]{0,25}\bto\s+(?:get|do|finish|complete|have|start|begin|book|sign up for|enrol on)\s+"
    r"(?:the\s+|my\s+|an?\s+)?$|"
    r"\b(?:got to|gotta|have to|has to|need to|needs to|needing to|must|supposed to|meant to|told to)\s+"
    r"(?:do|take|get|start|go on|sign up for|enrol on)\s+(?:the\s+|my\s+|an?\s+|this\s+)?$"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:until|till|til|unless|once|before|if)\s+(?:i'?ve|i have|i|she'?s|she has|he'?s|he has|they'?ve)\s+"
    r"(?:done|completed|finished|got|passed|started)\s+(?:the\s+|my\s+|her\s+|his\s+|an?\s+)?$"
    r"|\b(?:on top of|as well as|instead of|rather than|alongside|as opposed to)\s+(?:the\s+|my\s+|her\s+|his\s+)?$"
)
_COURSE_EVENT = re.compile(
    r"\s*(?:for\s+)?(?:sen\w*co\s+)?(?:session|sessions|module|modules|residential|webinar|lecture|seminar|twilight|"
    r"induction day|launch)\b"
)
_EVENT_TO_COME = re.compile(r"\b(?:is|are|will|starts?|next|coming|booked|scheduled|on the)\b")
_NO_COURSE_AT_ALL = re.compile(
    r"\b(?:hasn'?t|haven'?t|has not|have not|not|never|didn'?t)\s+(?:yet\s+)?(?:done|started|taken|begun|got|do|start|take)\s+"
    r"(?:(?:any|either)\s+(?:sen\w*co\s+|sen\s+)?(?:course|qualification|training|award)s?\b|anything\b(?!\s+(?:else|about|on)\b))"
)
# Words for a course given up: after its name ("the NASENCO, but I dropped out") in _GAVE_UP,
# before it ("had to withdraw from the NPQ") in _WITHDREW.
_GIVING_UP = (
    r"withdraw|withdrew|withdrawn|withdrawing|dropped out|drop out|dropping out|pulled out|gave (?:it )?up|quit|abandoned"
)
_GAVE_UP = re.compile(r"(?:(?!\b(?:friends?|colleagues?|others?|people|they|she|he)\b)[^.]){0,40}?\b(?:" + _GIVING_UP + r")\b")
_START_WORDS = re.compile(
    # "I said Jan 2025 at the start, it was Jan 2024": the start of the conversation, not a course's.
    r"\b(got a place|a place on|place on|a spot on|start(?!\s*[,.;!?])|started|starting|starts|began|begin|begun|enrolled|enrol|joined|join|since|cohort|signed up|registered|commenced|from)\b"
)
_END_WORDS = re.compile(
    r"\b(submitted|handed in|finishin|endin|"
    + _FINISHED_MISSPELT
    + r"|finish|finished|finishing|finishes|complete|completed|completing|completes|pass|passed|qualified|qualify|due to finish|due to complete|end|ends|ended|result|results|awarded|done|get it|got it|achieved|gained|by|extension|extended)\b"
)
_APPOINTED = re.compile(
    r"\b(sen\w*co since|sen\w*co from|picked up|became|become|becoming|becomes|took over|taken over|take over|taking over|appointed|appointment|started as|start as|starting as|began as|begin as|took on|taken on|take on|in post|in the role|in role|got the job|got the role|got (?:the|an?|my) (?:first |new |permanent |substantive |full[- ]time |proper )?sen\w* (?:job|role|post)|promoted|stepped into|step into|moved into the role|stepped up|made (?:the )?sen\w*|took (?:the )?sen\w*(?: role| job| post)? on|start(?:ed|ing)? (?:the|my|this) (?:sen\w* )?(?:role|job|post))\b"
)
_PRIOR = re.compile(
    r"\b(before|previous|previously|last school|old school|other school|another school|former|prior|earlier|at my last|already been|had been|'d been|used to be|was|were|elsewhere|somewhere else|another|other)\b"
)
_SELF_ROLE = re.compile(
    r"(?:\btaken on|\btook on|\btake on|\btaking on|\bi'?m|\bi am|\bi've been|\bi have been|\bas|\bbecame|\bbecome|\bappointed(?: as)?|\btook over as|\btaken over as|\btaking over as|\bmade|\bwork as|\bworking as|\bnew|\bnow|\bcurrently|\bstill|\bam|\bjust|\balso|\bstarted as|\bstarting as|\bstart as|\bbeen|\binterim|\bacting|\bour new|\bthe school's|\bschool's)\s+(?:an?\s+|the\s+|our\s+|acting\s+|interim\s+|new\s+|school'?s\s+|actual\s+|proper\s+|official\s+|real\s+|named\s+|designated\s+)*$"
)
_ASPIRING = re.compile(
    r"(?:aspiring|future|trainee|(?:been |got |was |i've been )?offered|want(?:s|ed)? (?:me )?to (?:be|become)|me to (?:be|become)|asked to (?:be|become)|going to (?:be|become)|will (?:be|become)|'ll (?:be|become)|hoping to (?:be|become)|hope to (?:be|become)|plan(?:ning)? to (?:be|become)|about to (?:be|become)|would like to (?:be|become)|like to (?:be|become)|to become|taking over as|take over as|takes over as|due to become|set to become|next)\s+(?:an?\s+|the\s+|our\s+|school'?s\s+)*$"
)
_NOT_ROLE = re.compile(r"(?:not|n't|isn't|never been)\s+(?:an?\s+|the\s+|our\s+|school'?s\s+)*$")
_SELF_OTHER = re.compile(r"(?:\bi'?m|\bi am|\bwork as|\bworking as|\bjust|\bonly|\bbut)\s+(?:an?\s+|the\s+|just\s+|only\s+)*$")
_HEAD_SELF = re.compile(
    r"(?:\bbecame|\bbecome|\bi'?m|\bi am|\bas|\balso|\band|\bboth|\bbeing|\bi'm also|\bi am also|\bcurrently)\s+(?:the\s+|a\s+|acting\s+|also\s+|both\s+)*$"
)
_HEAD_AND_ROLE = re.compile(r"^\s*(?:and|&|\+|/|as well as)\s*(?:the\s+)?sen")
_NOT_QTS = re.compile(
    r"\b(no|not|without|don't|dont|do not|doesn't|doesnt|does not|didn't|didnt|did not|haven't|havent|have not|hasn't|never|towards|working towards|waiting(?:\s+for|\s+on)?|awaiting|applying for|applied for|yet to|n't)\b[^.]*$"
)
_INDUCTION_DONE = re.compile(
    r"\b(finished|completed|passed|done|past|through|out of|no longer|not an?|any more|anymore|over|signed off|(?:did|had) (?:my|his|her|their|the|an?))\b"
)
_COORDINATE_SEN = re.compile(
    r"\b(?:i|i'm|i am)\s+(?:also\s+|now\s+)?(?:co-?ordinat(?:e|ing)|lead(?:ing)?(?: on)?|run(?:ning)?|manag(?:e|ing)|in charge of)"
    r"\s+(?:the\s+|our\s+)?sen(?:d)?\b(?!co)"
    # "I picked up the SEN role", "took on the SEND job": the SENCO's post by another name.
    r"|\b(?:i|i've|i have)\s+(?:just\s+)?(?:picked up|took on|taken on|took over|taken over|got|stepped into)\s+"
    r"(?:the\s+)?sen(?:d)?(?:\s+(?:role|job|post|lead)\b|(?=\s+(?:at|in|for|here|since|from|last|this)\b))"
    # "Been doing the SENCO job since...", "I do the SENCO role": the post by what it is.
    r"|\b(?:i|i've|i have|been|i'm|im|i am)\s+(?:been\s+)?(?:doing|do|done|covering|holding)\s+(?:the\s+)?sen\w*co\s+(?:job|role|post)\b"
    # "I also undertake the role of SENCO", "I've covered SENCO since 2012"
    r"|\b(?:i|i've|i have|i'm|im|i am)\s+(?:also\s+)?(?:undertake|undertaking|hold|perform|fulfil|carry out)\s+the\s+(?:role|post|duties)\s+of\s+(?:the\s+)?sen\w*co\b"
    r"|\b(?:i|i've|i have)\s+(?:also\s+)?(?:covered|been covering)\s+(?:the\s+)?sen\w*co\b(?=\s+(?:since|for|from|role|job|post))"
)
_INDUCTION_EXEMPT = re.compile(
    r"\b(exempt|didn't need|did not need|not required|no need|don't need|wasn't required|wasn't needed|before induction|never did (?:an?|my|the) (?:nqt|ect|induction)|didn't (?:do|have) (?:an?|my|the) (?:nqt|ect|induction)|no nqt|qualified (?:in )?19[0-9]{2}|before 1999|pre[- ]?1999)\b"
)
_PAST_WORKPLACE = re.compile(
    r"\b(?:(?<!term )(?<!half )before(?!\s+last)|previously|used to|formerly|last school|old school|previous school|left|leaving|"
    r"former|moved from|moved into|came from|joined(?: us| the school| our school)?(?: in \w+)? from|prior to|(?:was|were|(?<!'ve )(?<!ve )(?<!have )(?<!has )(?<!'s )been) (?:a |the )?sen\w* at|"
    r"worked at|used to work|back when|at my last|"
    r"(?:had|spent|did|after)\b[^.]{0,30}\bas (?:a |the )?sen\w* at|"
    r"(?:years?|months?|terms?|time) as (?:a |the )?sen\w* (?:at|in))\b"
)
# "moved from a special school to a mainstream primary": what follows "to" or "now" is the present.
_NOW_CUE = re.compile(r"(?<!used )\b(?:to|now|currently|into a|into an|into the)\b")
# Where a person trained or worked before is not where their school is.
_PAST_PLACE = re.compile(
    r"\b(?:moved from|came from|trained in|qualified in|grew up in|(?:i|we) live in|living in|"
    r"(?:friends|colleagues|people|teachers|sencos|sendcos|counterparts|schools) (?:over )?in|"
    r"(?:was|were|used to be)\s+(?:an?\s+|the\s+)?(?:alnco\w*|sen\w*co|teacher)\b[^.]{0,25}\b(?:in|at)\b|(?:was|were|used to be)(?=\s+(?:an?\s+|the\s+)?$)|did my (?:nqt|ect|pgce|training)\w*|"
    r"used to (?:work|teach)|previously|before that|originally from|from a school in)\b"
)
_AWAITING_RESULT = re.compile(
    r"\b(?:awaiting|waiting (?:for|on))\s+(?:the\s+|my\s+|her\s+|his\s+|their\s+|our\s+)?(?:results?|marks?|outcome)\b"
    r"|\b(?:results?|marks?|outcome)\s+(?:isn'?t|is not|aren'?t|are not|not|hasn'?t|haven'?t)\s+(?:come\s+)?(?:back|in|out|through)\b"
)
_NOT_YET_BUT_WILL = re.compile(
    r"[\s,.;:!-]*(?:well|but|yet|not yet)\b[\s,]*(?:i|she|he|they)\s*(?:will|'ll|am going to|'m going to|is going to)\s+(?:be|become)\b"
)
# "a new SENCO starting in January": the role is still to come.
_STEPPING_UP = re.compile(
    r"\b(?:step(?:ping)? up|tak(?:e|es|ing) over|mov(?:e|ing) up|will be (?:the\s+)?sen\w*co|'ll be (?:the\s+)?sen\w*co|"
    r"becom(?:e|es|ing) (?:the\s+)?sen\w*co)\b"
)
_STARTS_LATER = re.compile(
    r"\s*(?:who\s+)?(?:is\s+|will\s+be\s+)?(?:starting|starts|joining|will start|due to start|"
    r"taking up|takes up|coming in)\b"
)
# Workplaces whose SENCO time does not count towards the 12 months (not relevant schools).
_NOT_RELEVANT_PLACE = re.compile(
    "|".join(
        r"\b" + re.escape(str(phrase).lower()) + r"\b"
        for phrase in [
            *(
                phrase
                for value in ("special", "independent", "post16", "pvi_nursery", "other")
                for phrase in LEXICON["setting"][value]
            ),
            *LEXICON["abroad"],
            *ELSEWHERE_IN_THE_UK,
            # "SENCo at a prep for 2 yrs", "from the independent sector": independent schools.
            "prep",
            "independent sector",
            "private sector",
        ]
    )
)
_ORGANISATION = re.compile(r"mat|multi[- ]academy trust|academy trust|trust")
_ANSWER_PARTICLE = re.compile(r"^\s*(?:no|nope|nah|yes|yeah|yep|yup)\s*[,.;:!-]+\s*", re.I)
_NEVER_BEFORE = re.compile(r"\b(never)\b(?=[^.]*\b(?:sen\w*|role|job|post)\b)")
_FIRST_POST = re.compile(
    r"\b(first)\b(?=\s+(?:time\s+as\s+(?:a\s+)?sen\w*|sen\w*\s+(?:job|post|role|position)|job as|post as|role as|time being))"
)
_CHANGING = re.compile(r"\b(change|changing|wrong|mistake|correct|correction|update|fix|edit|go back|amend|typo)\b")
# Between two dates, words that put the second in place of the first ("sept last yr... wait no
# sept 2024", "this September, no sorry, September 2025"): the second says which.
_RESTATED = re.compile(
    r"[\s.,;:!(-]*(?:(?:so|i\.?e\.?|that'?s|that is|meaning|which is|which was|or rather|sorry|i mean|i meant|"
    r"wait|no|nope|actually|oops|scratch that|correction|my bad|my mistake|hang on|hold on|i tell a lie|erm|er|um)"
    r"\b[\s.,;:!)-]*)+(?:in\s+|on\s+|it was\s+|it's\s+|its\s+)?"
    r"(?:(?:the\s+)?(?:late|early|mid|end of|start of|beginning of|around|about|roughly)\s+)?$"  # "so late Feb 2027"
)
_MEANT_AFTER = re.compile(r"\s*,?\s*(?:i mean|i meant|sorry|not\b(?!\s+(?:sure|certain)))")
_FOLLOWING = re.compile(r"\b(?:the\s+)?(?:following|next)\s+$")
_ANNIVERSARY = re.compile(
    r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+years?\s+(?:come\s+|in\s+|on\s+)?$"
)
# "NASENCO in June 24, before I got the job in Sept", "... then in March": a later month of the story.
_THEN = re.compile(r"\b(?:before i|before she|before he|then|later|after that|afterwards)\b")
_CORRECTED = re.compile(r"(?:\bnot|\brather than|\binstead of)\s+(?:in\s+|on\s+)?$")
_THAT_YEAR = re.compile(r"\s+(?:of\s+|in\s+)?(?:that|the same) (?:year|yr)\b")


_QUESTION_START = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+|also\s+)?(?:"
    r"(?:how|what|when|who|whom|which|why|where|tell me)\b(?!\s+if\b|\s+about\b)"
    r"|(?:can|could|do|does|did|is|isn't|are|aren't|was|were|will|would|should|must|has|have|may|might|am|shall)"
    r"\s+(?:i|you|we|they|it|he|she|there|this|that|the|a|an|my|our|your|their|all|every|any|someone|somebody"
    r"|people|teachers|sencos|schools|academies|free|special|independent|colleges|nursery|ects|staff)\b)"
)
# "I read a NASENCO started before Sept 2024 is fine": what someone read or heard, a general claim.
_REPORTED = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:i|i've|ive)\s+(?:read|heard|seen|been told|was told)\s+(?:that\s+)?(?:an?|the|any)\s+"
)
_DID_MINE = re.compile(r"^\W*(?:did|done|have done|have)\s+(?:my|the)\s+(?:nasenco|npq|national)\b")
_AUXILIARY_START = re.compile(
    r"^\W*(?:can|could|do|does|did|is|isn't|are|aren't|was|were|will|would|should|must|has|have|may|might|am|shall)\b"
)
_SUPPOSING = re.compile(r"\b(what if|happens? if|happen if|change if|suppose|supposing|imagine|say i)\b")


def _is_question(clause: str) -> bool:
    """A general question ("do I need QTS to take the NPQ?") states no fact about the speaker;
    a what-if ("what would happen if I'd started the NASENCO in August 2024?") does."""
    return _QUESTION_START.search(clause) is not None and _SUPPOSING.search(clause) is None


def _statement_goes_on(low: str, start: int, end: int) -> bool:
    """ "I was assistant SENCO and did my NASENCO": a clause joined on by "and" or "then", with no
    question mark after it, goes on with the statement (its subject left out); it asks nothing."""
    joined = re.search(r"(?:\band|\bthen|,)\s*$", low[max(0, start - 6) : start]) is not None
    return joined and "?" not in low[end : end + 2] and start > 0


def _clauses(text: str):
    """(start, end) of each clause: the unit in which a cue word applies to a phrase."""
    bounds, last = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        bounds.append((last, match.start()))
        last = match.end()
    bounds.append((last, len(text)))
    return [(s, e) for s, e in bounds if e > s]


def _clause_of(clauses, position: int) -> int:
    for index, (start, end) in enumerate(clauses):
        if start <= position < end:
            return index
    return len(clauses) - 1


def find_facts(text: str, today: _dt.date | None = None) -> list[dict]:
    """Entities for ``text`` (see ENTITIES.md), relative to ``today`` (``SENCO_TODAY`` or the date)."""
    today = today or dates.default_today()
    if not text or not text.strip():
        return []
    # The featurizer and the extractor both read each message: work it out once.
    return [dict(entity) for entity in _find_facts_once(text, today)]


@lru_cache(maxsize=2048)
def _find_facts_once(text: str, today: _dt.date) -> tuple:
    return tuple(_find_facts(text, today))


def _find_facts(text: str, today: _dt.date) -> list[dict]:
    nlp, lower_matcher, exact_matcher, labels = _pipeline()
    doc = nlp(text)
    spans = [doc[s:e] for _, s, e in lower_matcher(doc)] + [doc[s:e] for _, s, e in exact_matcher(doc)]
    keyed: dict[tuple, list] = {}
    for match_id, s, e in list(lower_matcher(doc)) + list(exact_matcher(doc)):
        keyed.setdefault((s, e), []).append(labels[doc.vocab.strings[match_id]])
    chosen = filter_spans(spans)
    low = text.lower()
    clauses = _clauses(text)
    found: list[Found] = []
    phrases = []  # (section, value, start_char, end_char)
    changing = _CHANGING.search(low) is not None

    def asks_or_reports(s: int, e: int) -> bool:
        clause = low[s:e]
        if _REPORTED.search(clause):
            return True  # "I read a NASENCO started before Sept 2024 is fine": a claim, not their facts
        if _statement_goes_on(low, s, e):
            return False
        if _DID_MINE.search(clause) and text[e : e + 1] != "?":
            return False  # "did my nasenco in 2024, sendco since sept 23": the subject left out
        return _is_question(clause) or (
            text[e : e + 1] == "?" and _AUXILIARY_START.search(clause) is not None and not _SUPPOSING.search(clause)
        )

    questions = [(s, e) for s, e in clauses if not changing and asks_or_reports(s, e)]

    def in_question(position: int) -> bool:
        return any(s <= position < e for s, e in questions)

    for span in chosen:
        labels_here = keyed[(span.start, span.end)]
        if in_question(span.start_char):
            # A general question names places and school types, but states nothing about the speaker,
            # except a course it says is theirs ("is my NASENCO still valid?", "does my NPQ count?").
            held = re.search(r"\bmy\s+$", low[max(0, span.start_char - 4) : span.start_char]) and re.match(
                r"\s*(?:still\s+)?(?:valid|counts?|enough|ok|okay|recogni[sz]ed)\b", low[span.end_char :]
            )
            labels_here = [label for label in labels_here if label[0] in ("nation", "setting") or held]
        as_name = changing and not re.search(
            r"\b(have|has|got|hold|with|without|no|not|do have)\s+(?:\w+\s+)?$",
            low[max(0, span.start_char - 20) : span.start_char],
        )
        preferred = [label for label in labels_here if (label[0] == "fact_name") == as_name] or (
            [] if not changing and all(label[0] == "fact_name" for label in labels_here) else labels_here
        )
        for section, value in preferred[:1]:
            phrases.append((section, value, span.start_char, span.end_char))

    date_matches = dates.find_dates(text, today)
    date_spans = [(m.start, m.end) for m in date_matches]

    def overlaps_date(start, end):
        return any(s < end and start < e for s, e in date_spans)

    phrases = [p for p in phrases if not overlaps_date(p[2], p[3])]
    course_by_clause: dict[int, list] = {}
    for section, _, start, end in phrases:
        if section in ("nasenco", "npq"):
            course_by_clause.setdefault(_clause_of(clauses, start), []).append((section, start, end))

    settings_found = []
    for section, value, start, end in phrases:
        clause = clauses[_clause_of(clauses, start)]
        before = low[clause[0] : start]
        after = low[end : clause[1]]
        whole = low[clause[0] : clause[1]]
        span_text = text[start:end]
        if (
            section == "setting"
            and re.match(r"\s*(?:schools|academies|colleges|nurseries|units|trusts)\b", after)
            or section == "setting"
            and re.search(r"(?:schools|academies|colleges|nurseries)$", span_text.lower())
        ):
            continue  # plural: schools in general, not the speaker's
        if section == "nation":
            whole_lead_in = lead_in = low[max(clause[0], start - 60) : start]
            lead_in = lead_in[max((m.end() for m in _NOW_CUE.finditer(lead_in)), default=0) :]
            if re.search(r"\b(?:over|across)\s+the\s+(?:bridge|border|river|water)\s+from\s+$", lead_in):
                continue  # "a primary just over the bridge from Bristol": not where the school is
            # "I work with schools in England and Wales": places in general, not the school's.
            general = re.search(
                r"\b(?:with|advise|advising|support|supporting|cover|covering|visit|visiting)\s+(?:\w+\s+){0,2}"
                r"(?:schools|settings)\s+(?:across|in|throughout)\s+(?:both\s+)?$",
                lead_in,
            )
            if (
                not _PAST_PLACE.search(lead_in)
                and not general
                and not (re.match(r"\s+(?:and|or|&)\s+", after[:6]) and re.search(r"\bschools\b", lead_in))
                # "the Welsh border": near it; "the English NPQ": the law's, not the school's place
                and not re.match(
                    r"\s*(?:-\s*)?(?:border|borders|side of the border|npq|rules?|law|regulations?|system|qualifications?|"
                    r"requirements?|version|guidance|framework)\b",
                    after,
                )
            ):
                # "a SEND adviser in Herefordshire, asking for an ALNCo in Monmouth": where the
                # speaker works, which gives way to the school's place if the message names another.
                speaker = "speaker_place" if _SPEAKERS_OWN_PLACE.search(lead_in) else None
                if _MOVED_TO_PLACE.search(whole_lead_in) or _SCHOOLS_PLACE.search(whole_lead_in):
                    # "our former SENCO has moved to a school in Dumfries", "the school's in Chepstow"
                    speaker = "moved_to"
                elif in_question(start) or re.match(r"[^,.;!?]*\?", text[end:]):
                    speaker = "asked_about"  # "england only or scotland too? ASN coordinator, glasgow primary"
                found.append(Found("nation", value, start, end, span_text, speaker))
        elif section == "setting":
            # "she was SENCO at a prep school before", "I moved into schools from FE": a past
            # workplace, not the school the answer is about.
            lead_in = low[max(clause[0], start - 60) : start]
            lead_in = lead_in[max((m.end() for m in _NOW_CUE.finditer(lead_in)), default=0) :]
            if re.search(r"\b(?:over|across)\s+the\s+(?:bridge|border|river|water)\s+from\s+$", lead_in):
                continue  # "a primary just over the bridge from Bristol": not where the school is
            denied = re.search(
                r"\b(?:not|n't|no longer|rather than|instead of)\s+(?:an?\s+|the\s+)?$", low[max(0, start - 20) : start]
            )
            # "we've got a sixth form so we count as a college": what someone thinks the school
            # is classed as, not what it is
            classed_as = re.search(
                r"\b(?:count|counts|counted|classed|class|treated|seen|regarded)\s+as\s+(?:an?\s+)?$",
                low[max(0, start - 25) : start],
            )
            if not _PAST_WORKPLACE.search(lead_in + " " + after[:40]) and not denied and not classed_as:
                settings_found.append(Found("setting", value, start, end, span_text))
        elif section == "role_noun":
            role = _role_of_senco_noun(before, after, span_text, low[:start])
            if role == "other" and _NOT_YET_BUT_WILL.match(low, end):
                role = "aspiring"  # "I'm not the SENCO - well, I will be from January"
            if role:
                found.append(Found("role", role, start, end, span_text))
        elif section == "role_other":
            # "does our assistant SENCO need it?": a colleague's post that is not the SENCO's
            colleagues_post = re.search(r"\b(?:our|my|their)\s+$", before) and "sen" in span_text.lower()
            if _SELF_OTHER.search(before) or before.strip(" ,") in ("", "a", "an", "the", "just a", "only a") or colleagues_post:
                # "assistant SENDCo, stepping up to SENDCo next September": next in line for the post
                stepping_up = "sen" in span_text.lower() and _STEPPING_UP.search(low, end)
                found.append(Found("role", "aspiring" if stepping_up else "other", start, end, span_text))
        elif section == "head_noun":
            school_led = re.match(
                r"\s+of\s+(?:a|an|our|my|the|this)\s+(?:(?!at\b|in\b|for\b)[\w-]+\s+){0,4}?(?:school|academy|primary|secondary|nursery|infants?|"
                r"juniors?|federation|college)\b",
                after,
            )  # "the head teacher of a local authority maintained nursery school", "head of a small academy"
            if (re.match(r"\s+of\s+(?!school\b|the school\b)", after) and not school_led) or (
                span_text.lower() == "principal" and re.match(r"\s+teacher\b", after)
            ):
                continue  # "head of science", "Principal Teacher of Support for Learning": a middle leader
            if re.search(r"(?:not|n't)\s+(?:the\s+|a\s+)?$", before):
                found.append(Found("is_head", False, start, end, span_text))
            elif (
                _HEAD_SELF.search(before)
                or (before.strip() == "" and _HEAD_AND_ROLE.search(after))
                or (
                    # "acting head since Easter, still SENCO too": a message that opens with the post held
                    not low[:start].strip()
                    and re.match(
                        r"\s*(?:since|from|here|atm|at the moment|now|currently|for (?:the )?(?:last |past )?\w+ (?:years?|months?|terms?))\b",
                        after,
                    )
                )
                or (
                    before.strip() in ("", "the")
                    and re.search(r"(?:i'?m|i am)\s+(?:the\s+)?sen\w*\s+and\s+(?:the\s+)?$", low[:start])
                )
            ):
                found.append(Found("is_head", True, start, end, span_text))
        elif section == "qts":
            # "no, full QTS" answers another question with "no"; the QTS itself is not negated.
            # Its own part of the clause: "I'm not the head, got QTS" does not deny the QTS.
            own_part = re.split(r"[,;]", before[-40:])[-1]
            negated = _NOT_QTS.search(_ANSWER_PARTICLE.sub("", own_part)) is not None and not re.search(
                r"\b(?:full|proper|normal|regular)\s*$", before
            )
            found.append(Found("has_qts", not negated, start, end, span_text))
        elif section == "qts_not":
            found.append(Found("has_qts", False, start, end, span_text))
        elif section == "qtls":
            # "it wasn't through QTLS": the n't is inside its word, with no word boundary before it.
            negated = (
                re.search(r"(?:\bnot|n't|\brather than|\binstead of)\s+(?:through\s+|via\s+|by\s+|from\s+)?$", before) is not None
            )
            # Holding QTLS is not having QTS only through it: only words that say so decide it;
            # otherwise the rules core asks.
            only = re.search(
                r"\b(?:only|just|solely)\b[^.]{0,25}$|\b(?:through|via|by|from)\s+(?:my\s+|the\s+)?$", before
            ) or re.match(r"\s*(?:only|route only)\b", after)
            if negated or only:
                found.append(Found("qts_via_qtls_only", not negated, start, end, span_text))
        elif section == "induction":
            if re.search(r"\b(?:not sure|unsure|no idea|don'?t know|what counts)\b", whole):
                continue  # "not sure what counts as induction": the question asks
            if _INDUCTION_EXEMPT.search(whole):
                value = "not_required"
            elif (
                _INDUCTION_DONE.search(before[-40:])
                or re.search(r"\b(?:did|done|had|completed|passed)\s+$", before)
                or _long_ago(re.match(r"\s*(?:years?\s+)?(?:was\s+)?(?:in|back in)?\s*((?:19|20)\d\d)\b", after), today)
                or re.search(r"\b(finished|completed|complete|passed|done|over|signed off)\b", after[:25])
            ):
                value = "completed"
            elif span_text.lower().startswith(("nqt", "newly qualified")) and not re.search(
                r"\b(?:i'?m|i am|she'?s|he'?s|still|currently|doing|in (?:my|her|his))\b[^.]{0,15}$", before
            ):
                value = "completed"  # ECT induction replaced the NQT year (2021 to 2023): an NQT year is past
            else:
                value = "in_progress"
            found.append(Found("induction", value, start, end, span_text))
        elif section in ("nasenco", "npq"):
            # "I've done the NPQ - well, registered": the word put right after the name counts.
            put_right = _PUT_RIGHT_AFTER.match(low, end)
            status = _PUT_RIGHT_STATUS[put_right["word"]] if put_right else _course_status(before, after, section, whole)
            if status == "none" and _WITHDREW.search(before) and _REJOINED.search(low, end):
                status = "in_progress"  # withdrew, then rejoined later in the message
            waiting = _AWAITING_RESULT.search(re.split(r"[.!?;]", low[end : end + 80])[0])
            # "... and I'm waiting for results of my NPQ", after the NASENCO: the other course's result
            of_course = (
                re.match(r"\s+(?:of|for|on|from)\s+(?:the\s+|my\s+|her\s+|his\s+)?(npq|nasenco)", waiting.string[waiting.end() :])
                if waiting
                else None
            )
            awaited = waiting is not None and (of_course is None or of_course.group(1) == section)
            if status == "completed" and awaited:
                status = "in_progress"  # "finished my NPQ SENCO assessment and I'm waiting for my result": not held yet
            if status and _GAVE_UP.match(low, end, end + 60):
                status = "none"  # "started the NASENCO in 2022 but dropped out": a course given up is not held
            if status == "completed" and _HEDGED_DONE.search(re.split(r"[.;!?]", before)[-1][-40:]):
                status = None  # "I think I've finished my NPQ": whether it is held is asked, not assumed
            if (
                status == "completed"
                and section == "npq"
                and re.search(r"\bfinished (?:the|my) course\b|\bcourse (?:is |was )?(?:finished|done|over)\b", whole)
                and not re.search(r"\b(?:passed|got (?:it|the npq|my result)|qualified|certificate|result came)\b", whole)
            ):
                status = None  # "finished the course this summer": the NPQ's result comes after; asked
            if status:
                found.append(Found(f"{section}_status", status, start, end, span_text))
        elif section == "fact_name":
            found.append(Found("fact_name", value, start, end, span_text))

    # "...moved to a mainstream secondary. Does my special school time count?": a school type
    # said in a statement is the school; one named only in a question is what is asked about.
    stated_settings = [f for f in settings_found if not in_question(f.start)]
    found.extend(_pick_setting(stated_settings or settings_found, low))
    # "My school want me to be SENCO, I am doing it already": doing it already is doing it.
    if re.search(r"\b(?:doing it already|already doing it|i'?m already|i am already|already the sen\w*co)\b", low):
        for f in found:
            if f.entity == "role" and f.value == "aspiring":
                f.value = "senco"
    # "I coordinate SEN for our pupils": the SENCO's job said as a verb is being the SENCO.
    coordinates = _COORDINATE_SEN.search(low)
    if coordinates and not any(
        f.entity == "role" and (f.value != "other" or f.text.lower() in ("senco", "sendco", "senco's")) for f in found
    ):  # "I do the SENCO job but I am a HLTA": the job done, not the title held
        found.append(
            Found("role", "senco", coordinates.start(), coordinates.end(), text[coordinates.start() : coordinates.end()])
        )
    # "an HLTA, been asked to be SENCO": the SENCO role said of oneself wins over a job title.
    if any(f.entity == "role" and f.value in ("senco", "aspiring") for f in found):
        found[:] = [
            f
            for f in found
            if not (f.entity == "role" and f.value == "other" and f.text.lower() not in ("senco", "sendco", "senco's"))
        ]
    # "while I was assistant SENCO (not the SENCO), then became SENCO in Feb 2022": the post
    # taken up later in the story wins over what the person was not before it.
    became = [f for f in found if f.entity == "role" and f.value in ("senco", "aspiring")]
    if became and re.search(
        r"\b(?:then|later|now|since|became|become|took over|got the job)\b", low[max(0, became[-1].start - 40) : became[-1].start]
    ):
        found[:] = [f for f in found if not (f.entity == "role" and f.value == "other" and f.start < became[-1].start)]

    # Dates: attach each to the nearest thing it can be about in its sentence: becoming SENCO,
    # a named qualification, or (with no name) a start or finish word.
    cues = _date_cues(low, phrases, found)
    date_matches = _month_with_its_year(date_matches, low)
    previous_end = 0
    restated_as = restated_from = None
    for index, match in enumerate(date_matches):
        corrected = _CORRECTED.search(low[max(0, match.start - 15) : match.start]) is not None
        following = date_matches[index + 1] if index + 1 < len(date_matches) else None
        restated = (
            following is not None
            and (
                _RESTATED.match(low[match.end : following.start])
                # "oct last yr (2024 i mean, not 25)": the words that make it a correction come after it
                or (re.fullmatch(r"[\s,(-]*", low[match.end : following.start]) and _MEANT_AFTER.match(low, following.end))
            )
        )
        if restated and not corrected and not in_question(match.start):
            # "since last sept, so sept 25": the restatement says which, and is about what this was
            restated_as = _date_entity(low, match, cues, today, previous_end)
            corrected = True
        if (
            following is not None
            and match.alternatives
            and following.partial() in match.alternatives
            and re.fullmatch(r"\s*[,(-]?\s*(?:in\s+|on\s+)?", low[match.end : following.start])
        ):
            corrected = True  # "in the spring, March this year": the month says which
        entity = "date" if corrected or in_question(match.start) else _date_entity(low, match, cues, today, previous_end)
        if entity == "date" and not corrected and index and restated_as:
            entity = restated_as
        if restated_from is not None and match.grain == "year" and restated_from.grain == "month":
            # "oct last yr (2024 i mean)": the year put right, the month kept
            match = dates.DateMatch(restated_from.date.replace(year=match.date.year), "month", match.text, match.start, match.end)
        restated_as = restated_as if restated else None
        restated_from = match if restated else None
        ranged = index and re.fullmatch(r"\s*(?:-|\u2013|to|until|till)\s*", low[date_matches[index - 1].end : match.start])
        if ranged and entity.endswith("_start_date") and found and found[-1].entity == entity:
            entity = entity.replace("_start_date", "_completion_date")  # "Sept 2019 to July 2020": the course's span
        read = match.as_finish() if entity.endswith("completion_date") else match
        then = (
            index
            and _THEN.search(low[date_matches[index - 1].end : match.start])
            and not _SENTENCE.search(low, date_matches[index - 1].end, match.start)
        )
        if (
            index
            and (_FOLLOWING.search(low[max(0, match.start - 15) : match.start]) or then)
            and match.grain == "month"
            and not re.search(r"\d|\b(?:last|this|next)\b", match.text.lower())
        ):
            # "SENCO in Sept 21, NASENCO the following January": the first such month after the date before.
            earlier = date_matches[index - 1].date
            year = earlier.year + (1 if read.date.month <= earlier.month else 0)
            read = dates.DateMatch(read.date.replace(year=year), read.grain, read.text, read.start, read.end)
        elif index and match.grain == "month" and _THAT_YEAR.match(low, match.end):
            # "SENCO in April 2024 and started the NASENCO in June that year": the year of the date before.
            earlier = date_matches[index - 1].date
            read = dates.DateMatch(read.date.replace(year=earlier.year), read.grain, read.text, read.start, read.end)
        read = dates.term_around(read, text)  # "the term before my mat leave, which started Jan 2024"
        read = dates.before_the_month(read, text)  # "just before the Sept 2024 cut off": August
        if entity == "appointment_date":
            read = dates.as_start_in_post(read, text)  # "I'll take over at Christmas": January
        if (
            index
            and re.fullmatch(r"(?:next|following) term", match.text.lower())
            and re.search(r"\bthe\s+$", low[max(0, match.start - 5) : match.start])
        ):
            # "off sick around Christmas 2021 ... from the start of the next term": the term after that date.
            read = dates.DateMatch(dates.term_start(date_matches[index - 1].date, 1), "month", read.text, read.start, read.end)
        anniversary = _ANNIVERSARY.search(low, max(0, match.start - 30), match.start)
        if anniversary and entity == "appointment_date":
            # "SENCO for six years this September just gone": six years before that September.
            years = dates.parse_duration_months(anniversary.group(0), today)
            if years is not None and years.months % 12 == 0:
                read = dates.DateMatch(
                    read.date.replace(year=read.date.year - years.months // 12), read.grain, read.text, read.start, read.end
                )
        found.append(
            Found(entity, read.partial(), match.start, match.end, match.text, "not" if corrected else None, read.alternatives)
        )
        previous_end = match.end

    # "started nasenco june 24 ... finished in may.": a finish with no course named, after the one
    # course the message names, is that course's (a bare start is as often the job's).
    named = [(section, start) for section, _, start, _ in phrases if section in ("nasenco", "npq")]
    if len({section for section, _ in named}) == 1:
        course, first = named[0]
        for f in found:
            if (
                f.entity == "completion_date"
                and f.start > first
                and not any(g.entity == f"{course}_completion_date" for g in found)
            ):
                f.entity = f"{course}_completion_date"
    # "hasn't done any SENCO course yet": neither the NASENCO nor the NPQ.
    no_course = _NO_COURSE_AT_ALL.search(low)
    if no_course:
        for course in ("nasenco", "npq"):
            if not any(f.entity == f"{course}_status" for f in found):
                s, e = no_course.span()
                found.append(Found(f"{course}_status", "none", s, e, text[s:e]))
    _earlier_spells(found, low)
    _school_place_over_speakers(found)
    for course in ("nasenco", "npq"):
        starts = [f for f in found if f.entity == f"{course}_start_date"]
        if len(starts) > 1 and _REJOINED.search(low, starts[0].end, starts[-1].start):
            found[:] = [f for f in found if f not in starts[:-1]]  # the cohort rejoined is the one that counts
    found.extend(_durations(text, low, clauses, date_spans, today, questions))
    _spell_dates(found, clauses)
    _course_length(found, low, today)
    found.extend(_bare_status(low, clauses, course_by_clause, found))
    _finished_courses(found, low, today)
    _the_one_course(found, low, set(re.findall(r"\b(nasenco|npq)\b", low)))
    found.sort(key=lambda f: f.start)
    return [f.as_entity() for f in found]


def _the_one_course(found: list, low: str, named: set) -> None:
    """ "I read that a NASENCO started before Sept 2024 is fine ... Mine started May 2024 and I'll
    finish October 2027": with one course named, a course date said of "mine" or "it" is its."""
    if len(named) != 1:
        return
    course = next(iter(named))
    for f in found:
        if f.entity not in ("start_date", "completion_date"):
            continue
        sentence_start = max((m.end() for m in _SENTENCE.finditer(low, 0, f.start)), default=0)
        pronoun = re.search(r"\b(?:mine|it|my one|that one|this one|the course)\b", low[sentence_start : f.start])
        if not pronoun:
            continue
        f.entity = f"{course}_{f.entity}"
        if f.entity.endswith("start_date") and not any(other.entity == f"{course}_status" for other in found):
            s, e = sentence_start + pronoun.start(), sentence_start + pronoun.end()
            found.append(Found(f"{course}_status", "in_progress", s, e, low[s:e]))  # "mine started May 2024"
    if any(other.entity == f"{course}_status" for other in found):
        found[:] = [f for f in found if f.entity != "course_status"]


_WITHDREW = re.compile(
    r"\b(?:"
    + _GIVING_UP
    + r"|left)\s+(?:of\s+|from\s+|on\s+)?(?:the\s+|my\s+)?$"  # a course paused or deferred is still under way
)
_REJOINED = re.compile(r"\b(?:rejoined|re-joined|rejoining|re-enrolled|re-registered|restarted|started again|back on)\b")
_HEDGED_DONE = re.compile(
    r"\b(?:i think|i believe|pretty sure|fairly sure|not sure (?:if|whether)|might have|may have|think i'?ve|"
    r"i reckon|hopefully|basically|pretty much|more or less|just about|practically|nearly|almost)\b"
)


def _course_length(found: list, low: str, today) -> None:
    """ "NASENCO started the following January and took two years": the course's finish, from its
    start and how long it took (the last month of it)."""
    for index, length in enumerate(found):
        if length.entity != "duration" or not re.search(
            r"\b(?:took|lasted|it was|was)\s+(?:me\s+)?(?:about\s+|around\s+|roughly\s+)?$",
            low[max(0, length.start - 25) : length.start],
        ):
            continue
        starts = [f for f in found[:index] if f.entity.endswith("_start_date") and not _SENTENCE.search(low, f.end, length.start)]
        if not starts:
            continue
        course = starts[-1].entity[: -len("_start_date")]
        if any(f.entity == f"{course}_completion_date" for f in found):
            continue
        began = parse_date(str(starts[-1].value))
        if began.grain != "month":
            continue
        finish = dates.add_months(began.first, max(int(length.value) - 1, 0))
        found[index] = Found(f"{course}_completion_date", finish.isoformat()[:7], length.start, length.end, length.text)
        if finish < today.replace(day=1) and re.search(r"\b(?:took|lasted)\b", low[max(0, length.start - 25) : length.start]):
            for f in found:
                if f.entity == f"{course}_status" and f.value == "in_progress":
                    f.value = "completed"  # it took two years, and those years are past: done


_SPEAKERS_OWN_PLACE = re.compile(
    r"\b(?:adviser|advisor|officer|consultant|caseworker|case worker|team|service|council|authority|la|based|"
    r"work|working|i work)\s+(?:\w+\s+){0,2}?(?:in|for|at|across)\s+(?:the\s+)?$"
)


_SCHOOLS_PLACE = re.compile(r"\b(?:the\s+|our\s+|my\s+)?school(?:'s| is)\s+(?:\w+\s+)?(?:in|near|at)\s+(?:the\s+)?$")
_MOVED_TO_PLACE = re.compile(
    r"\b(?:moved|moving|gone|going|transferred|relocated|now)\s+(?:to|over\s+to|at|in)\s+(?:\w+\s+){0,4}?(?:in\s+)?$"
)


def _school_place_over_speakers(found: list) -> None:
    """Of two nations, the school someone moved to wins, and the one where the speaker works gives
    way to the other (the school's)."""
    places = [f for f in found if f.entity == "nation"]
    if len({f.value for f in places}) > 1:
        if any(f.role == "moved_to" for f in places):
            found[:] = [f for f in found if not (f.entity == "nation" and f.role != "moved_to")]
        elif any(f.role != "speaker_place" for f in places):
            found[:] = [f for f in found if not (f.entity == "nation" and f.role == "speaker_place")]
        places = [f for f in found if f.entity == "nation"]
        if any(f.role != "asked_about" for f in places):
            # a place said of the school wins over one only named in a question
            found[:] = [f for f in found if not (f.entity == "nation" and f.role == "asked_about")]
    for f in found:
        if f.entity == "nation":
            f.role = None


def _spell_dates(found: list, clauses) -> None:
    """ "I covered as acting SENCO for a term in 2021 ..., then got the permanent SENCO job in Sept
    2024": of two appointment dates, the earlier, in the clause of a spell's length, is that spell's."""
    posts = [f for f in found if f.entity == "appointment_date"]
    spells = {_clause_of(clauses, f.start) for f in found if f.entity in ("prior_senco_months", "duration")}
    if len(posts) < 2 or not spells:
        return
    for post in posts:
        later = [p for p in posts if p.start > post.start and str(p.value) > str(post.value)]
        if later and _clause_of(clauses, post.start) in spells:
            post.entity = "date"


def _earlier_spells(found: list, low: str) -> None:
    """ "SENCO from Sept 2019 to July 2021 at my last school, then here since Jan 2024": a span of
    two dates, at a school left or before a later appointment, is earlier service, not the post."""
    for index in range(len(found) - 1):
        first, second = found[index], found[index + 1]
        if not (
            first.entity in ("appointment_date", "date")
            and second.entity in ("appointment_date", "date")
            and first.role is None
            and second.role is None
            and re.fullmatch(r"\s*(?:-|\u2013|to|until|till|through to)\s*", low[first.end : second.start])
        ):
            continue
        try:
            began, ended = parse_date(str(first.value)).first, parse_date(str(second.value)).first
        except ValueError:
            continue
        around = low[max(0, first.start - 60) : min(len(low), second.end + 60)]
        later_post = any(
            f.entity == "appointment_date" and f.start > second.end and parse_date(str(f.value)).first >= ended
            for f in found[index + 2 :]
        )
        if ended <= began or not (later_post or _PAST_WORKPLACE.search(around)) or not re.search(r"\bsen\w*", around):
            continue
        months = dates.months_between(began, ended)  # as the answer reader counts a span
        # "6 years as SENCO at an independent senior school (Sept 2018 - July 2024)": none of it counts
        not_counted = _NOT_RELEVANT_PLACE.search(low[max(0, first.start - 70) : first.start]) is not None
        found[index : index + 2] = [
            Found(
                "prior_senco_months",
                0 if not_counted else months,
                first.start,
                second.end,
                low[first.start : second.end],
                "not_counted" if not_counted else None,
            )
        ]
        return


def _long_ago(year_match, today) -> bool:
    """ "NQT in 2001": an induction year two or more years back is over (it takes two)."""
    return bool(year_match) and int(year_match.group(1)) <= (today or dates.default_today()).year - 2


def _finished_courses(found: list, low: str, today) -> None:
    """ "NASENCO: started Jan 2024, completed July 2025": a course read as in progress from its
    start is completed when a past completion date follows with a word that says it finished."""
    for course in ("nasenco", "npq"):
        status = next((f for f in found if f.entity == f"{course}_status"), None)
        if status is None or status.value != "in_progress":
            continue
        for ended in [f for f in found if f.entity == f"{course}_completion_date"]:
            if course == "npq" and _COURSE_NOT_RESULT.search(low, max(0, ended.start - 30), ended.start):
                found.remove(ended)  # when the teaching ended, not the result: the result's date is asked
            elif _said_done(ended, low, today):
                status.value = "completed"


# "finished the course this summer": the NPQ's taught course ends before its assessment result.
_COURSE_NOT_RESULT = re.compile(r"\b(?:finished|completed|done) (?:the|my) course\b")


def _said_done(ended, low: str, today) -> bool:
    try:
        last_day = dates_module_parse(ended.value).last
    except ValueError:
        return False
    said_done = re.search(
        r"\b(completed|finished|passed|awarded|got it|done|got (?:my|the|her|his) (?:pass|result|results|certificate))\b"
        r"(?:\s+(?:it|the\s+\w+))?\W*(?:in\s+|on\s+)?$",
        low[max(0, ended.start - 25) : ended.start],
    )
    return bool(said_done) and last_day <= today


def _role_of_senco_noun(before: str, after: str, noun: str, earlier: str):
    """The speaker's own role from a SENCO noun, or None when the noun is not about them now."""
    if noun.lower().endswith("s"):  # "SENCOs" are other people
        return None
    if re.match(r"\s*(?:at|in)\s+(?:my|our|a|the|an)\s+(?:last|previous|old|other|former)", after) or re.match(
        r"\s*(?:before|previously|elsewhere|somewhere else)", after
    ):
        return None
    if re.match(r"\s*(?:is|was|'s)\s+(?:someone|somebody)\s+else\b", after):
        return "other"  # "I'm a class teacher and the SENCO is someone else"
    if before.strip(" ,") == "the" and re.match(r"\s*(?:is|was)\b(?!\s+(?:me|myself)\b)", after):
        return None  # "the SENCO is off this week": the post, not the speaker
    if _NOT_ROLE.search(before) and not re.search(r"never been", before):
        # "isn't SENCO yet but will be from April": not yet is going to be.
        if re.match(r"\s*yet\b|[^.]{0,30}\b(?:will be|from next|starting|due to)\b", after):
            return "aspiring"
        return "other"
    if re.search(r"\b(was|were|used to be|had been|'d been)\s+(?:an?\s+|the\s+)?$", before) or re.search(
        r"\b(did|spent|worked|done)\b.*\bas\s+(?:an?\s+|the\s+)?$", before
    ):
        return None
    if _ASPIRING.search(before) and re.match(
        r"\W*(?:one day|someday|some day|eventually|in (?:the )?future|in a few years)\b(?!\W*(?:next|this|in)\b)", after
    ):
        return "other"  # "a TA who really wants to be a SENCO one day": a hope, no post to come
    if _ASPIRING.search(before) or _STARTS_LATER.match(after):
        return "aspiring"
    if (
        _SELF_ROLE.search(before)
        or before.strip(" ,") in ("", "the", "a", "an")
        or re.search(r",\s*$", before)
        or re.search(r"(?:^|\s)[-:\u2013]\s*$", before)  # "quick q - sendco at a free school since sept 24"
        or re.fullmatch(r"\s*(?:\w+\s+){0,3}(?:school|academy|primary|secondary|infants?|juniors?|nursery|college)\s*", before)
        or re.search(r"\b(appointed|made|became|become)\s+(?:as\s+)?(?:the\s+)?$", before)
        # "assistant head for inclusion + SENCO", "deputy head and SENCO": two posts, one of them this
        or (
            re.search(
                r"\b(?:head|deputy|teacher|inclusion|lead|leader|manager|co-?ordinator)\b[^,.]{0,25}?\s*(?:&|\+|and|/)\s*(?:also\s+)?$",
                before,
            )
            and not re.match(r"\s*(?:is|was|has|isn'?t|wasn'?t|will|does|doesn'?t)\b", after)
        )
    ):
        return "senco"
    return None


def _month_with_its_year(matches: list, low: str) -> list:
    """ "The term after Easter, the year before last", "September, in 2019": a month said without
    its year, then the year alone, is one date."""
    merged: list = []
    for match in matches:
        earlier = merged[-1] if merged else None
        gap = low[earlier.end : match.start] if earlier is not None else ""
        if (
            earlier is not None
            and earlier.grain == "month"
            and match.grain == "year"
            and not dates.says_a_year(earlier.text)
            and (
                re.fullmatch(r"\s*,?\s*(?:in\s+|of\s+)?", gap)
                # "the September my eldest started reception, 2009": the month, told by its year after
                or (
                    re.search(r"\bthe\s+$", low[max(0, earlier.start - 4) : earlier.start])
                    and len(gap) <= 45
                    and not _SENTENCE.search(gap)
                )
            )
        ):
            merged[-1] = dates.DateMatch(
                earlier.date.replace(year=match.date.year),
                "month",
                f"{earlier.text}{low[earlier.end : match.end]}",
                earlier.start,
                match.end,
            )
            continue
        if (
            earlier is not None
            and earlier.grain == "month"
            and match.grain in ("month", "day")
            and not dates.says_a_year(earlier.text)
            and dates.says_a_year(match.text)
            and re.fullmatch(r"\s*(?:-|\u2013|to|until|till|through)\s*", gap)
        ):
            # "Jan-Dec 2022": the first month of a range in the year of the last.
            year = match.date.year - (1 if earlier.date.month > match.date.month else 0)
            merged[-1] = dates.DateMatch(earlier.date.replace(year=year), "month", earlier.text, earlier.start, earlier.end)
        if (
            earlier is not None
            and earlier.grain == "month"
            and match.grain == "month"
            and dates.says_a_year(earlier.text)
            and not dates.says_a_year(match.text)
            and not re.search(r"\b(?:last|this|next|ago|before|after)\b", match.text)
            and len(gap) <= 60
            and not _SENTENCE.search(gap)
            and re.search(r"\b(?:and|then|later)\b", gap)
        ):
            # "took over at Easter 2025 and started the NPQ in the autumn": the autumn after Easter
            # 2025, as the story runs; the most recent autumn stays an alternative, asked about if
            # it matters.
            year = earlier.date.year + (0 if match.date.month > earlier.date.month else 1)
            if year < match.date.year:
                shift = match.date.year - year
                others = {f"{int(alt[:4]) - shift}{alt[4:]}" for alt in match.alternatives} | {match.partial()}
                match = dates.DateMatch(
                    match.date.replace(year=year), "month", match.text, match.start, match.end, tuple(sorted(others))
                )
        merged.append(match)
    return merged


_PUT_RIGHT_AFTER = re.compile(
    r"[^\w.!?]*(?:well|sorry|actually|i mean|or rather|no wait|wait|ok)[^\w.!?]+(?:well\W+|actually\W+)?"
    r"(?:i'?ve\s+|i\s+have\s+|i'?m\s+|she'?s\s+|he'?s\s+)?(?:just\s+)?"
    r"(?P<word>registered|signed up|booked|applied|enrolled|doing it|started|on it|not started|not yet)\b"
    r"(?!\s+(?:for\s+|on\s+)?(?:the\s+|my\s+|an?\s+)?(?:npq|nasenco|national))"  # another course's word
)
_PUT_RIGHT_STATUS = {
    "registered": "registered",
    "signed up": "registered",
    "booked": "registered",
    "applied": "registered",
    "enrolled": "registered",
    "doing it": "in_progress",
    "started": "in_progress",
    "on it": "in_progress",
    "not started": "none",
    "not yet": "none",
}


def _course_status(before: str, after: str, section: str, whole: str):
    """The status of a named qualification from the words near it, or None."""
    near_before = re.split(r"[,;]", before[-45:])[-1]  # "QTS and induction done, on the NPQ": this clause's words
    near_after = after[:35]
    window = near_before + " " + near_after
    if re.search(
        r"\b(?:question|questions|query|asking|wondering|info|information)\s+(?:about|on|re)\s+(?:the\s+)?$", near_before
    ) or (
        re.search(r"\b(?:whether|if)\s+(?:the\s+)?(?:\w+\s+)?$", near_before)
        and not re.match(
            r"(?i)\s*(?:that\s+)?(?:i|i've|ive)\s+(?:did|done|have done|finished|completed|passed|got)\b", near_after
        )
    ):
        return None  # "I have a question about the NPQ", "asked whether the English NPQ applies": a topic
    if section == "npq" and _ANOTHER_NPQ.match(near_after):
        return None  # "an NPQ (NPQSL, 2022)", "the NPQ in headship": another NPQ, not the SENCO one
    if re.search(r"\b(?:replaced|superseded|taken over|swapped|overtaken)\s+(?:by|with)\s+(?:the\s+|an?\s+)?$", near_before):
        return None  # "I thought that had been replaced by the NPQ": the course named, not held
    if _HYPOTHETICAL.search(near_before):
        return None  # "until I've done the NPQ", "on top of the NASENCO": a condition or a comparison, not a status
    if _OBLIGED.search(near_before):
        return None  # "I've got to do the NPQ": what the person must do, not what they have done
    if _WITHDREW.search(near_before):
        # "had to withdraw from the NPQ last year ... I've rejoined with the November 2026 cohort"
        return "in_progress" if _REJOINED.search(whole) else "none"
    if _COURSE_EVENT.match(near_after):
        # "just had my first NPQ session": under way; "my first NPQ session is next week": booked.
        return "registered" if _EVENT_TO_COME.search(near_after) else "in_progress"
    if _UNFINISHED.search(window):
        return "in_progress"
    if (
        _NOT_STARTED.search(near_before)
        or re.match(r"\W*(?:yet|at all)?\W*(?:no|not yet|none|nothing|not started|not begun|not done|n/a)\b", near_after)
        or re.match(r"\s*(?:yet)?\s*$", near_after)
        and re.search(r"\b(haven't|have not|not|never|no)\b", near_before)
    ):
        return "none"
    future = re.search(r"\b(will|'ll|going to|what if|suppose|plan|planning|hope|next|if i)\b", whole) is not None
    if section == "npq":
        # "I've put my name down for next November's cohort of the NPQ": the clause before, however long
        clause_before = re.split(r"[,;.!?]", before[-90:])[-1]
        if _REGISTERED.search(clause_before) or re.search(r"\b(starting|starts|start)\b", near_after):
            if not re.search(r"\b(started|i'm on|im on|i am on|doing|joined)\b", near_before):
                return "registered"
        if future and re.search(r"\b(start|join|begin|do|take|register|enrol)\b", near_before):
            return "registered"
    if future and re.search(r"\b(finish|complete|pass)\b", near_before):
        return "in_progress"
    if re.search(r"\b(have|has|got)\s+(?:started|begun|been doing)\b", near_before):
        return "in_progress"
    if re.match(r"\W*(?:from|of|in)?\s*(?:\d{4}\s+)?(?:is\s+)?(?:still\s+)?(?:valid|counts?|ok|okay|fine)\b", near_after):
        return "completed"  # "my NASENCO from 2012 is still valid": held, asking whether it counts
    if _COMPLETED.search(near_before) or re.search(
        r"^\W*(?:is\s+|was\s+)?(?:done|completed|finished|"
        + _FINISHED_MISSPELT
        + r"|passed|holder|qualified|certificate|complete)\b",
        near_after,
    ):
        if re.search(r"\bhave to\b|\bhas to\b|\bneed(?:s)?(?: to)?\b|\bmust\b|\bwhen\b", near_before):
            return None  # "when I need the NPQ done by": a question about the duty, not a status
        return "completed"
    if _IN_PROGRESS.search(near_before) or re.search(
        r"^\W*(?:since|from|course since|in progress|underway|started|began|due to finish|finishes|ends)\b", near_after
    ):
        return "in_progress"
    if re.search(r"\b(in|during)\s+(?:my|the)?\s*(?:first|second|final)\s+(?:year|term)\b", whole):
        return "in_progress"
    return None


def _pick_setting(settings: list[Found], low: str) -> list[Found]:
    """Every school type named, except that a more specific one next to a general one wins
    ("independent special school" is a special school, not an independent one), and a phrase
    that fits several kinds ("primary", value "group:mainstream") gives way to any exact kind
    ("primary academy" is an academy)."""
    # "I was at a prep school for 4 years, now SENCO at a state academy": the school they left
    # is not the school they are asking about.
    left = [found for found in settings if _LEFT_SCHOOL.search(_clause_before(low, found.start))]
    if left and len(left) < len(settings) and len({found.value for found in settings}) > 1:
        settings = [found for found in settings if found not in left]
    # "a special school - sorry, no, we're a mainstream secondary": the one put right is dropped.
    put_right = [
        later.start
        for earlier, later in zip(settings, settings[1:], strict=False)
        if _SETTING_PUT_RIGHT.search(low[earlier.end : later.start])
    ]
    if put_right:
        settings = [found for found in settings if found.start >= max(put_right)]
    if any(not str(found.value).startswith("group:") for found in settings):
        settings = [found for found in settings if not str(found.value).startswith("group:")]
    # "MAT central team, our 16-19 academy": the trust is who is writing, the other is the school.
    organisations = [found for found in settings if _ORGANISATION.fullmatch(found.text.lower())]
    if organisations and len(organisations) < len(settings):
        settings = [found for found in settings if found not in organisations]
    kept = []
    for found in settings:
        neighbours = [
            other
            for other in settings
            if other is not found and (0 <= other.start - found.end <= 1 or 0 <= found.start - other.end <= 1)
        ]
        if found.value in ("independent", "maintained_mainstream") and any(
            n.value in ("special", "academy_mainstream", "maintained_nursery", "pru_ap") for n in neighbours
        ):
            continue
        kept.append(found)
    return kept


_SETTING_PUT_RIGHT = re.compile(r"\b(?:sorry|no wait|i mean|i meant|actually|correction|scratch that|oops|not quite)\b")
_LEFT_SCHOOL = re.compile(
    r"\b(?:i was|i'd been|i had been|i used to|used to be|moved from|came from|coming from|previously|"
    r"my (?:last|old|previous) (?:school|job|post|role)|before (?:that|this|here|i)|left|former(?:ly)?)\b"
)


def _clause_before(low: str, position: int) -> str:
    """The words from the start of the clause (or sentence) up to ``position``."""
    window = low[max(0, position - 140) : position]
    cut = max(
        (
            m.end()
            for m in re.finditer(
                r"[.;!?\n]|\b(?:now|but|currently|moved to|converted to|became)\b"
                r"|\bthen\s+(?:i\s+)?(?:moved|joined|came|started|took|got|went)\b",
                window,
            )
        ),
        default=0,
    )
    return window[cut:]


_SENTENCE = re.compile(r"[.;!?\n]+")
# "Qualified 2010, did the NASENCO in 2013-14": "qualified" opening a sentence is the teacher's own
# qualification (after a course's name it would be the course's).
_QUALIFIED_OPENING = re.compile(
    r"(?:^|[.!?]\s+|^(?:hi|hello|hiya|morning|evening)\W+)(qualified)\s+(?:as a teacher\s+)?(?:in\s+)?(?=(?:19|20)\d\d\b)"
)
_OTHER_TOPIC = re.compile(
    r"\b(induction|ect|ects|nqt|qts|qtls|eyts|probation|qualified teacher|conversion|convert|converts|"
    # "qualified in 1997", "teaching since 2005": the teacher's own career, not the SENCO post
    r"qualified (?:as a teacher )?(?:in|back in)(?= (?:19\d\d|'9\d))|pgce|teacher training|started teaching|"
    r"been teaching|teaching since|graduated|"
    # "then mat leave Oct 2024 to Sept 2025": time away, not a course's dates
    r"(?:(?:mat|maternity|paternity|sick) leave|(?:was|were|been|went) off(?: sick| work)?)(?=\s+(?:from\s+|in\s+)?[a-z]{3,9}\.?\s+\d)|"
    r"career break|secondment|"
    r"converting|converted|academise|academised|academisation|became an academy|joined (?:a|the) (?:trust|mat))\b"
)


def _date_cues(low: str, phrases, found):
    """(position, kind) of everything a date can be about: 'appointment' or a course name."""

    # "on the NPQ SENCO since Nov 2025": "SENCO since" there is the course's name, not the post.
    def names_the_course(position: int) -> bool:
        return re.search(r"\bnpq\s+(?:for\s+)?$", low[max(0, position - 9) : position]) is not None

    cues = [(m.start(), "appointment") for m in _APPOINTED.finditer(low) if not names_the_course(m.start())]
    cues += [(f.start, "appointment") for f in found if f.entity == "role" and f.value in ("senco", "aspiring")]
    for section, value, start, end in phrases:
        if section == "npq" and _ANOTHER_NPQ.match(low, end):
            cues.append((start, "topic"))  # "an NPQ (NPQSL, 2022)": the date of another NPQ
        elif section in ("nasenco", "npq"):
            cues.append((start, section))
        elif section == "fact_name" and value and "." in value:
            cues.append((start, value.split(".")[0]))
        elif section == "fact_name" and value == "appointment_date":
            cues.append((start, "appointment"))
        elif section == "head_noun":
            cues.append((start, "topic"))  # "acting head since Easter": a date about the headship
        elif (
            section == "role_noun"
            and not names_the_course(start)
            and re.match(r"\s*[(,-]?\s*(?:started|starting|since|from|appointed|took over|joined)\b", low[end : end + 20])
        ):
            cues.append((start, "appointment"))  # "a newish SENCO (started jan 2025)": when they became SENCO
    cues += [(m.start(), "topic") for m in _OTHER_TOPIC.finditer(low)]
    cues += [(m.start(1), "topic") for m in _QUALIFIED_OPENING.finditer(low)]
    return sorted(cues)


def _date_entity(low: str, match, cues, today, previous_end: int):
    if re.fullmatch(r"(?:the\s+day\s+before\s+)?(?:yesterday|today|tomorrow)", match.text.lower()) and not re.search(
        r"\b(?:start|starts|starting|started|from|begin|begins|take over|taking over|took over|became|become|appointed)"
        r"(?:\s+(?:as|the|a|sen\w*|role|job|post|it|over|on)){0,3}\s+$",
        low[max(0, match.start - 30) : match.start],
    ):
        return "date"  # "before SLT tomorrow": when they are writing, not a fact of theirs
    if re.search(
        r"\b(?:got|have|has|had|given)\s+(?:\w+\s+)?(?:till|until|til)\s+$", low[max(0, match.start - 25) : match.start]
    ):
        return "date"  # "I've got till 2027 to get it done": a deadline someone gave, not a fact of theirs
    if re.match(r"(?:'s)?\s*(?:npq\s+)?cohort\b", low[match.end :]) or re.search(
        r"\bcohort\s+(?:of\s+|from\s+|in\s+)?$", low[max(0, match.start - 15) : match.start]
    ):
        # "started the Nov 2025 cohort": a cohort is a course's (the NPQ's, unless the NASENCO is named)
        named = re.findall(r"\b(nasenco|npq)\b", low[: match.start])
        course = named[-1] if named else "npq"
        return (
            f"{course}_completion_date"
            if re.search(r"\b(?:finish|finished|complet|end)\w*\s+(?:\w+\s+){0,2}$", low[max(0, match.start - 30) : match.start])
            else f"{course}_start_date"
        )
    sentence_start = max((m.end() for m in _SENTENCE.finditer(low, 0, match.start)), default=0)
    following = _SENTENCE.search(low, match.end)
    sentence_end = following.start() if following else len(low)
    before = [c for c in cues if sentence_start <= c[0] < match.start]
    clause_break = _CLAUSE_BREAK.search(low, match.end)
    clause_end = clause_break.start() if clause_break else len(low)
    after = [c for c in cues if match.end <= c[0] < min(sentence_end, clause_end, match.end + 40)]
    cue = before[-1] if before else (after[0] if after else None)
    window = low[max(sentence_start, previous_end) : match.start]
    courses = [c for c in before if c[1] in ("nasenco", "npq")]
    if (
        cue is not None
        and cue[1] == "appointment"
        and cue[0] < match.start - 25
        and courses
        and _last_course_verb(window[-25:], bare=True)
    ):
        # "started the NASENCO in June, before I got the job, and should be done Jan 27": the
        # verb next to the date says what it is, more than an appointment mentioned in between;
        # "since" does not ("got a SENCO post (LA primary) since this time last year").
        cue = courses[-1]
    if cue is None:
        verb = _last_course_verb(window[-30:], bare=True)
        return {"end": "completion_date", "start": "start_date"}.get(verb, "date")
    if cue[1] == "appointment":
        return "appointment_date"
    if cue[1] == "topic":
        return "date"
    starts_a_range = re.match(r"\s*(?:-|\u2013|to|until|till|through)\s*\S", low[match.end :]) is not None
    return _course_date(cue[1], window, low[sentence_start:sentence_end], match, today, starts_a_range)


def _last_course_verb(window: str, bare: bool = False):
    """'start' or 'end', whichever word comes last in ``window``, or None. With no course named
    (``bare``), "since" and "from" are not start words ("since Easter" is just a date)."""
    window = re.sub(r"\b(start|beginning|end) of\b", " ", window)
    if bare:
        window = re.sub(r"\b(since|from|by)\b", " ", window)
    end_at = max((m.end() for m in _END_WORDS.finditer(window)), default=-1)
    start_at = max((m.end() for m in _START_WORDS.finditer(window)), default=-1)
    if end_at == start_at == -1:
        return None
    return "end" if end_at > start_at else "start"


def _course_date(course: str, window: str, sentence: str, match, today, starts_a_range: bool = False):
    if re.search(r"\b(?:had|have|has|held|hold)\b(?![^.]*\bbeen\b)[^.]*\bsince\s*$", window):
        return f"{course}_completion_date"  # "had the NASENCO since 2018": held since then
    if re.search(r"\bfrom\s*$", window) and re.search(r"\b(?:valid|still counts?|counts|have|hold|held|had|got)\b", sentence):
        return f"{course}_completion_date"  # "my NASENCO from 2012 is still valid": the award's date
    verb = _last_course_verb(window)
    if verb is None:
        finished = re.search(r"\b(finished|completed|passed|done|did|qualified|awarded|got|gained|achieved|hold)\b", sentence)
        verb = "end" if finished and match.date <= today and not starts_a_range else "start"
    return f"{course}_{'completion_date' if verb == 'end' else 'start_date'}"


def _durations(text: str, low: str, clauses, date_spans, today, questions=()):
    found = []
    for start, end in clauses:
        asked = (start, end) in questions
        piece = text[start:end]
        duration = dates.parse_duration_months(piece, today)
        if duration is None:
            if asked:
                continue
            clause_low = low[start:end]
            hit = _FIRST_POST.search(clause_low)
            if hit is None and re.search(
                r"\b(before|previously|elsewhere|anywhere else|until now|till now|never been an? sen\w*)\b", clause_low
            ):
                hit = _NEVER_BEFORE.search(clause_low)
            if hit:
                s, e = start + hit.start(1), start + hit.end(1)
                found.append(Found("prior_senco_months", 0, s, e, text[s:e]))
            continue
        s, e = start + duration.start, start + duration.end
        if duration.months == 0 or any(ds < e and s < de for ds, de in date_spans):
            continue
        if re.search(r"\b(?:within|inside|in under|in)\s+(?:the\s+|a\s+)?$", low[max(start, s - 12) : s]):
            continue  # "as long as it's done within 3 years": a time limit, not time served
        clause_low = low[start:end]
        if re.search(r"\bwho(?:'d| had| has|'s| was)?\s+(?:been|was|served)\b", clause_low) or re.search(
            r"\b(?:she|he|they)(?:'d|'s| had| has| was| were)?\s+(?:been\s+)?(?:doing|done|served|been|was|ran|run|led)\b",
            low[max(start, s - 40) : s],
        ):
            continue  # "the old SENCO who'd been here 20 years", "(she'd been doing it 20 years!)": someone else's time
        strong = re.search(
            r"\b(last|old|previous|other|former) school\b|another school|elsewhere|somewhere else|before (?:this|moving|coming|joining|starting here|i (?:joined|came|moved))|previous (?:post|role|job)|my last one|previous one|at my last",
            clause_low,
        )
        entity = (
            "duration"
            if asked
            else "prior_senco_months"
            if strong or (_PRIOR.search(clause_low) and re.search(r"sen\w*|role|job|post", clause_low))
            else "duration"
        )
        if entity == "prior_senco_months" and re.search(r"\b(?:assistant|asst|deputy|associate)\s+sen\w*", clause_low):
            continue  # helping the SENCO is not being it: the question will ask
        named_before = re.search(r"\bat (?:one|it|that one)\b|\bthere\b", clause_low) and _NOT_RELEVANT_PLACE.search(
            low[max(0, start - 80) : start]
        )  # "time at a special school count? I was SENCO at one for 4 years"
        if entity == "prior_senco_months" and (_NOT_RELEVANT_PLACE.search(clause_low) or named_before):
            # Time at an independent or special school, or abroad, does not count: none, said back.
            found.append(Found(entity, 0, s, e, text[s:e], "not_counted"))
            continue
        found.append(Found(entity, duration.months, s, e, text[s:e]))
    if any(f.entity == "prior_senco_months" and f.role is None for f in found):
        found = [f for f in found if f.role != "not_counted"]  # time that counts, said elsewhere, wins
    return found


_BARE_STATUS = [
    ("in_progress", re.compile(r"\b(haven't finished|not finished|still doing|not yet finished|still on it)\b")),
    (
        "none",
        re.compile(
            r"\b(haven't started|havent started|hasn't started|hasnt started|has not started|not started|not yet started|haven't begun|not begun|haven't signed up|not signed up|haven't applied|haven't done it|haven't done|not done it|never did|never started)\b"
        ),
    ),
    ("completed", re.compile(r"\b(finished|completed|passed|done|qualified|got it|have it|achieved it)\b")),
    ("registered", re.compile(r"\b(registered|signed up|applied|got a place|booked|accepted)\b")),
    ("in_progress", re.compile(r"\b(doing it|started|studying|on it|halfway|in progress|currently doing|working on it|begun)\b")),
]


def _bare_status(low: str, clauses, course_by_clause, found):
    """``course_status`` where status words appear with no qualification named nearby."""
    if any(f.entity in ("nasenco_status", "npq_status") for f in found):
        return []
    if any(course_by_clause.values()) or _QUESTION_START.search(low):
        return []
    for start, end in clauses:
        piece = low[start:end]
        if _NOT_A_COURSE.search(low):
            return []
        for value, pattern in _BARE_STATUS:
            hit = pattern.search(piece)
            if hit:
                s, e = start + hit.start(), start + hit.end()
                return [Found("course_status", value, s, e, low[s:e])]
    return []


_NOT_A_COURSE = re.compile(
    r"\b(bye|goodbye|thanks|thank you|deadline|i'm done|i'm finished|sen\w*|role|job|post|qts|qtls|induction|ect|ects|nqt|probation|qualified teacher|teacher status|head|school|teaching)\b"
)
