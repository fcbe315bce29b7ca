"""Reads a reply against the question that was asked: one reader per kind of question (choice,
yes/no, a count of months, a date), with the cue words as data in ``lexicon.yml`` (``replies``).

It finds option labels and their synonyms, partial words and typos (rapidfuzz), option numbers
where the question listed them numbered, the many forms of yes and no, negations that carry the
answer ("no, full QTS" to the QTLS question), and "none", "never", "n/a" for counts. What it cannot
settle it says so: several candidates to narrow with a question, "not sure", or nothing at all.
It decides nothing about the law. Pure Python: no Rasa.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz.distance import OSA

from components import dates
from components.lexicon import ELSEWHERE_IN_THE_UK, LEXICON
from rules_core.facts import parse_date
from rules_core.registry import REGISTRY, Fact

REPLIES = LEXICON["replies"]
SETTING_GROUPS = {name: tuple(values) for name, values in LEXICON["setting_groups"].items()}
# Typos are forgiven only in phrases long enough that a near miss is not another word ("la", "ta"):
# similarity by optimal string alignment, where a swapped pair of letters is one slip ("englnad").
FUZZY_MIN_LENGTH = 4
PREFIX_MIN_LENGTH = 3  # "acad" for academy, "maint" for maintained; "ac" says too little
PREFIX_SHARE = 0.4  # and at least this share of the word: "have" is not "Haverfordwest"
WORD_SIMILARITY = 0.8  # of each word in a phrase of several


@dataclass(frozen=True)
class Reply:
    """What a reply says about the fact asked."""

    value: object = None  # the fact's value, when settled
    candidates: tuple = ()  # several values it could be: narrow them with a question
    group: str | None = None  # which narrowing question ("mainstream", "induction_no", ...)
    not_sure: bool = False
    extra: dict = field(default_factory=dict)  # other facts it settles
    approximate: bool = False  # a date read from a relative or vague phrase: say it back
    alternatives: tuple = ()  # other months the vague phrase may mean (dates.DateMatch.alternatives)
    third_party: bool = False  # the person is answering for someone else
    note: str | None = None  # a response saying back how the reply was read
    # Read, and not an answer to this question ("I've been teaching since 2013" to "when did you
    # become SENCO?"): nothing else in the words may answer it either, so it is asked again.
    declined: bool = False

    @property
    def settled(self) -> bool:
        return self.value is not None or bool(self.extra)


NOTHING = Reply()
NOT_AN_ANSWER = Reply(declined=True)
MAINSTREAM = ("maintained_mainstream", "academy_mainstream")
# SENCO time at these does not count towards the 12 months (LEGAL.md: not relevant schools).
NOT_RELEVANT = ("special", "independent", "post16", "pvi_nursery", "other")
REGISTRY_ROLE = REGISTRY["role"]


def normalise(text: str) -> str:
    """Lower case, straight quotes, no punctuation but what words and dates use (' / - + & ?, and a
    dot between digits), single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s*[\u2013\u2014]\s*|\s+-\s+", ", ", text)  # a dash between words breaks the clause
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = re.sub(r"[^\w'/\-+.&?, ]+", " ", text)
    text = re.sub(r"\s*,\s*", ", ", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _phrase_rx(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![\w'])" + re.escape(phrase) + r"(?![\w'])")


def hits(text: str, phrases) -> list:
    """(start, length, phrase) of every phrase found in the normalised text, as whole words."""
    found = []
    for phrase in phrases:
        phrase = normalise(str(phrase))
        for match in _phrase_rx(phrase).finditer(text):
            found.append((match.start(), len(phrase), phrase))
    return found


def fuzzy_hit(text: str, phrases) -> str | None:
    """The phrase a typo-ridden reply most likely meant ("acadmy" -> "academy"), or None."""
    words = text.split()
    close = []  # (phrase length, similarity from 0 to 1, phrase): the longest close phrase wins
    for phrase in phrases:
        phrase = normalise(str(phrase))
        if len(phrase) < FUZZY_MIN_LENGTH:
            continue
        parts = phrase.split()
        for index in range(max(1, len(words) - len(parts) + 1)):
            window = words[index : index + len(parts)]
            if len(window) != len(parts) or not all(_word_close(said, meant) for said, meant in zip(window, parts, strict=True)):
                continue
            close.append((len(phrase), OSA.normalized_similarity(" ".join(window), phrase), phrase))
    return max(close)[2] if close else None


def _word_close(said: str, meant: str) -> bool:
    """A word read as another with a slip: words under five letters must be exact ("a" is not
    "la", "work" is not "york"); longer ones may have one slip in five letters."""
    if said == meant:
        return True
    return len(meant) >= 5 and len(said) >= 4 and OSA.normalized_similarity(said, meant) >= WORD_SIMILARITY


def shortened(text: str, by_phrase: dict):
    """A short reply that abbreviates the first word of one value's phrase ("acad", "indep",
    "maint"): the value, if only one fits; None otherwise."""
    words = text.split()
    if not 1 <= len(words) <= 2:
        return None
    fits = set()
    for word in words:
        if len(word) < PREFIX_MIN_LENGTH:
            continue
        for phrase, value in by_phrase.items():
            first = phrase.split()[0]
            if first.startswith(word) and len(first) > len(word) + 1 and len(word) >= PREFIX_SHARE * len(first):
                fits.add(value)
    return fits.pop() if len(fits) == 1 else None


def pick(text: str, table: dict) -> object:
    """The value whose phrase is found, the longest phrase winning (then the earliest); a typo's
    nearest phrase when none is found exactly; None when nothing fits or two values tie."""
    scored = []
    for value, phrases in table.items():
        for start, length, phrase in hits(text, phrases):
            if not denied(text, phrase):  # "I haven't started it" is not "started it"
                scored.append((length, -start, value))
    if not scored:
        by_phrase = {normalise(str(phrase)): value for value, phrases in table.items() for phrase in phrases}
        nearest = fuzzy_hit(text, by_phrase)
        return by_phrase[nearest] if nearest else shortened(text, by_phrase)
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][:2] == scored[1][:2] and scored[0][2] != scored[1][2]:
        return None
    return scored[0][2]


def polarity(text: str):
    """True for a yes, False for a no, None for neither; the first one said counts ("no, I mean
    yes" is rare, "no, full QTS" is common)."""
    # A yes straight after a negator is not one ("not sure", "not really", "don't think so").
    found = [
        (start, -length, True)
        for start, length, _ in hits(text, REPLIES["yes"])
        if not re.search(rf"\b{_NEGATOR}\s*$", text[:start])
    ]
    found += [(start, -length, False) for start, length, _ in hits(text, REPLIES["no"])]
    if found:
        return sorted(found)[0][2]
    first = text.split()[:1]
    if first:
        # "yesss", "noooo", "yse", "nope!": repeated letters squeezed, then letters in any order.
        word = re.sub(r"(.)\1+", r"\1", first[0])
        for answer, phrases in ((True, REPLIES["yes"]), (False, REPLIES["no"])):
            squeezed = {re.sub(r"(.)\1+", r"\1", normalise(p)) for p in phrases if " " not in p}
            if word in squeezed or (len(word) >= 3 and sorted(word) in [sorted(p) for p in squeezed]):
                return answer
    return None


_NEGATOR = r"(?:not|never|no|n't|didn't|did not|don't|do not|isn't|wasn't|haven't|hasn't|am not|i'm not)"


def denied(text: str, phrase: str) -> bool:
    """Whether ``phrase`` is negated by a word just before it ("did not get QTS only through QTLS")."""
    phrase = normalise(phrase)
    if re.match(rf"{_NEGATOR}\b", phrase):
        return False  # the phrase already says no ("not the head")
    # Only words between them: "no, full QTS" answers no to something else, the comma says so; a
    # "no" that opens the reply is that answer too, with or without the comma ("no normal qts").
    text = re.sub(r"^\s*(?:no|nope|nah)\b\W*", "", text)
    text = re.sub(r"\bnot (?:sure|certain)\b", " ", text)  # "not sure what QTLS means": a hedge, not a no
    return re.search(rf"\b{_NEGATOR}\b(?:\s+[\w']+){{0,3}}\s+{re.escape(phrase)}(?![\w'])", text) is not None


def not_sure(text: str) -> bool:
    return bool(hits(text, REPLIES["not_sure"])) or text.strip() in ("?", "??", "???")


_TITLED_NAME = re.compile(r"\b(?:mrs|mr|ms|miss|mx|dr)\.?\s+[a-z][a-z'-]+\b")


_FILLER = re.compile(
    r"\b(?:i'?m|i am|i|really|tbh|to be honest|sorry|honestly|um+|er+|hmm+|actually|totally|100%|"
    r"about that|on that|of that|one|either)\b|[^\w\s]"
)


def only_not_sure(text: str) -> bool:
    """ "not sure", "I'm not sure tbh", "no idea sorry": nothing said but that."""
    found = hits(text, REPLIES["not_sure"])
    if not found:
        return False
    rest = text
    for start, length, _ in sorted(found, reverse=True):
        rest = rest[:start] + " " + rest[start + length :]
    return not _FILLER.sub(" ", rest).strip()


def third_party(text: str) -> bool:
    if _TITLED_NAME.search(text):
        return True  # "Mrs Byrne is, I'm the exec head": a colleague named by title
    # "check I'm sorted for the SENCO qualification": "for the senco" there names the course.
    return any(
        not re.match(r"\s*(?:qualification|award|npq|course|role|job|post|training)\b", text[start + length :])
        for start, length, _ in hits(text, REPLIES["third_party"])
    )


def numbered_option(text: str, fact: Fact, numbered: bool):
    """'2' (or '2.', '(2)', 'number 2', 'option 2') when the question listed its options numbered."""
    if not numbered:
        return None
    match = re.fullmatch(r"(?:number|option|no)?\s*\(?(\d{1,2})[).]?", text)
    if match and 1 <= int(match.group(1)) <= len(fact.options):
        return fact.options[int(match.group(1)) - 1].value
    return None


def option_label(text: str, fact: Fact):
    """A reply that is exactly an option's value or button title (a tap, or a test driver)."""
    for option in fact.options:
        if text in (normalise(str(option.value)), normalise(option.title), normalise(option.said)):
            return option.value
    return None


# --------------------------------------------------------------------------- one reader per kind


_NOT_APPOINTED = re.compile(
    r"\b(?:haven'?t|have not|hasn'?t|has not|never|not|wasn'?t|was not)\s+(?:been\s+|yet\s+)?"
    r"(?:appointed|made (?:the )?sen\w*co)\b"
    r"|\b(?:i'?m|i am|she'?s|he'?s)\s+not\s+(?:the\s+|a\s+)?sen\w*co\b|^\W*not\s+(?:the\s+|a\s+)?sen\w*co\b"
    r"|\bnot\s+(?:yet\s+)?in\s+(?:the\s+)?(?:role|post|job)\b"
)
# "I qualified in 96, so before all that": qualified before induction began (May 1999).
_QUALIFIED_BEFORE_INDUCTION = re.compile(
    r"\b(?:qualified|trained|nqt|started teaching|got (?:my )?qts)\b[^.]{0,20}?\b(?:in\s+)?(?:19([0-8]\d|9[0-8])|'?(9[0-8]))\b"
)


# "no, by the time I started they'd stopped taking people": a start that is the job's, not the course's.
_SOMETHING_ELSE_STARTED = re.compile(
    r"\b(?:by the time|when|before|after|once|since)\s+(?:i|she|he|they|we)\s+(?:started|began|joined|took over|arrived)\b"
)


def read_choice(fact: Fact, text: str, variant: str, candidates: tuple, numbered: bool) -> Reply:
    if fact.course:
        text = _SOMETHING_ELSE_STARTED.sub(" ", text)
    if variant.startswith("narrow:"):
        group = variant.split(":", 1)[1]
        table = {
            value: phrases
            for value, phrases in REPLIES["narrowing"].get(group, {}).items()
            if not candidates or value in candidates
        }
        chosen = pick(text, table)
        if chosen is not None:
            return Reply(value=chosen)
        # The vague words said again ("hospital school") pick the one choice whose title has them
        # ("Something else (virtual or hospital school, ...)").
        kinds = LEXICON.get(fact.key)
        vague = kinds.get(f"group:{group}", []) if isinstance(kinds, dict) else []
        said_again = [normalise(p) for p in vague if hits(text, [p])]
        titled = [
            value
            for value in (candidates or SETTING_GROUPS.get(group, ()))
            if any(p in normalise(getattr(fact.option(value), "title", "")) for p in said_again)
        ]
        if len(titled) == 1:
            return Reply(value=titled[0])
    chosen = numbered_option(text, fact, numbered) or option_label(text, fact)
    if chosen is not None:
        return Reply(value=chosen)
    if fact.key == "role":
        return read_role(text, variant)
    if fact.key == "induction" and _QUALIFIED_BEFORE_INDUCTION.search(text):
        return Reply(value="not_required")
    if fact.key == "setting":
        return read_setting(text)
    # The reply phrases, then the fact finder's own phrases for this fact (towns name nations),
    # then the button titles: words spelt right in any of them first ("North Yorkshire" is not a
    # misspelt "N Ireland"), then with typos forgiven.
    tables = [
        table
        for table in (
            REPLIES["facts"].get(fact.key),
            LEXICON.get(fact.key),
            {option.value: [option.title, option.said] for option in fact.options},
        )
        if isinstance(table, dict)
    ]
    # Typos are forgiven in place names only in a short reply: in a long one, any word is near
    # some town ("carry" is one letter from Barry, "have" from Hove).
    places = LEXICON.get(fact.key)
    near_misses = [t for t in tables if t is not places or len(text.split()) <= 4]
    for table in [t for t in tables if any(hits(text, phrases) for phrases in t.values())] + near_misses:
        chosen = pick(text, table)
        if chosen is not None:
            return Reply(value=chosen)
    return from_polarity(fact, text, variant)


def from_polarity(fact: Fact, text: str, variant: str) -> Reply:
    """A bare yes or no to a question with choices, as the lexicon says it reads ("no" to "have
    you completed induction?" could mean "still doing it" or "didn't need to": ask which)."""
    said = polarity(text)
    meaning = REPLIES["polarity_means"].get(fact.key, {}).get({True: "yes", False: "no"}.get(said))
    if meaning is None:
        return NOTHING
    if str(meaning).startswith("group:"):
        group = meaning.split(":", 1)[1]
        if variant == f"narrow:{group}":
            return NOTHING  # the same bare answer to the narrowing question settles nothing
        values = tuple(value for value in fact.values if value in dict(NARROWING_VALUES).get(group, fact.values))
        return Reply(candidates=values, group=group)
    return Reply(value=meaning)


# The values each narrowing question about a choice offers.
NARROWING_VALUES = (("induction_no", ("in_progress", "not_required")), ("npq_which", ("registered", "in_progress", "completed")))


_SPECIAL_ALONE = re.compile(r"\s*(?:it'?s\s+|we'?re\s+)?(?:an?\s+)?special\b(?!\s+(?:educational|needs|ed\b|unit|resource))")


def read_setting(text: str) -> Reply:
    """A school type as the fact finder's lexicon names it; a phrase that fits several kinds
    ("secondary") gives the candidates to narrow; failing both, the local authority or trust
    words ("LA", "council", "trust") say which kind of mainstream school it is."""
    kinds = {value: phrases for value, phrases in LEXICON["setting"].items() if not value.startswith("group:")}
    groups = {value: phrases for value, phrases in LEXICON["setting"].items() if value.startswith("group:")}
    # Words spelt right anywhere in the reply come before a guess at a typo ("academy sec school"
    # is an academy, not a misspelt "SEN school").
    specific = {value: phrases for value, phrases in kinds.items() if value not in MAINSTREAM}
    general = {value: phrases for value, phrases in kinds.items() if value in MAINSTREAM}
    chosen = None
    if _SPECIAL_ALONE.match(text):
        return Reply(value="special")  # "special (LA maintained)", "special sch": a special school, run by whoever
    # A specific kind ("a PRU, LA maintained") says more than the words for a mainstream school.
    for table in (specific, general, groups, REPLIES["narrowing"]["mainstream"]):
        if any(hits(text, phrases) for phrases in table.values()):
            chosen = pick(text, table)
            break
    if chosen is None:
        # Typos and abbreviations ("acad"): the kinds first, then the vague phrases.
        chosen = pick(text, kinds) or pick(text, groups)
    if isinstance(chosen, str) and chosen.startswith("group:"):
        group = chosen.split(":", 1)[1]
        # "infants, LA": the same reply may already say which of the group it is.
        narrowed = pick(text, REPLIES["narrowing"].get(group, {}))
        if narrowed in SETTING_GROUPS[group]:
            return Reply(value=narrowed)
        return Reply(candidates=SETTING_GROUPS[group], group=group)
    return Reply(value=chosen) if chosen else NOTHING


_NOT_ME_I_AM = re.compile(
    r"\W*(?:no|nope|nah)\b\W+(?:i'?m|i am|im)\s+(?:the\s+|an?\s+|just\s+(?:the\s+|an?\s+)?)?"
    r"(?:assistant|deputy|associate|trainee|ta|hlta|teaching assistant|class teacher|teacher|head|governor|"
    r"business manager|send officer)\b"
)


_INCLUSION_TITLE = re.compile(
    r"\b(?:(?:assistant|deputy)\s+head(?:teacher)?|aht|dht|head|director|lead|leader|manager)\s+(?:for|of)\s+"
    r"(?:inclusion|send|sen|inclusion and send)\b|\b(?:inclusion|send)\s+(?:lead|leader|manager|co-?ordinator)\b"
)


# The person asked about holds another post: "she's the assistant SENCO", "Mrs Grant is a TA".
_COLLEAGUES_OTHER_POST = re.compile(
    r"\b(?:she|he|they|who)?(?:'s|'re|\s+is|\s+are)\s+(?:the\s+|a\s+|an\s+|our\s+|just\s+(?:a|an|the)\s+|only\s+(?:a|an|the)\s+)?"
    r"(?:assistant\s+sen\w*co|deputy\s+sen\w*co|sen\w*co'?s?\s+assistant|teaching assistant|ta|hlta|lsa|class teacher|"
    r"classroom teacher|deputy head|assistant head)\b(?!\s+(?:and|&|\+)\s+(?:the\s+)?sen\w*co)"
)


def read_role(text: str, variant: str) -> Reply:
    table = REPLIES["facts"]["role"]
    asking_for_someone = third_party(text)
    chosen = pick(text, table)
    not_senco = re.search(r"\b(?:not|isn't|isnt|n't)\s+(?:the\s+|a\s+|our\s+)?sen\w*co\b", text)
    if _INCLUSION_TITLE.search(text) and not asking_for_someone:
        someone_else = re.search(r"\b(?:the|our)\s+sen\w*co\s+(?:is|was)\b|\bsome(?:one|body) else\b", text)
        if re.search(r"\bsen\w*co\b", text) and not not_senco and not someone_else and polarity(text) is not False:
            return Reply(value="senco")  # "assistant head for inclusion and SENCO"
        if polarity(text) is None:
            return NOT_AN_ANSWER  # "I'm Assistant Head for Inclusion": often the SENCO too, so asked again
    if _NOT_ME_I_AM.match(text):
        # "No - I'm the assistant SENCO ... our SENCO is the deputy head": the person is not the SENCO.
        return Reply(value="other")
    if asking_for_someone and _COLLEAGUES_OTHER_POST.search(text):
        # "No - Mrs Grant is the assistant SENCO"; "she's a TA now but takes over as SENCO in Jan"
        future = pick(text, {"aspiring": table["aspiring"]})
        return Reply(value="aspiring" if future else "other", third_party=True)
    if asking_for_someone and (chosen in (None, "senco") or chosen == "other" and not not_senco):
        # "No, I'm asking for our SENCO": the facts are about the person asked for.
        future = pick(text, {"aspiring": table["aspiring"]})
        return Reply(value="aspiring" if future else "senco", third_party=True)
    if chosen is None:
        return from_polarity(REGISTRY_ROLE, text, variant)
    return Reply(value=chosen) if chosen else NOTHING


# "No - I'm the head, she isn't", "I have, he hasn't": the speaker set against the person asked
# about; what is said of that person is the answer.
_ME_NOT_THEM = re.compile(
    r"\b(?:i'?m|i am|i have|i've|i do|i did|me)\b.*\b(?:she|he|they)\s*(?:isn'?t|is not|'s not|s not|hasn'?t|has not|"
    r"doesn'?t|does not|didn'?t|aren'?t|haven'?t|don'?t|wasn'?t)\b|\bnot (?:her|him|them)\b"
)


# "No, I'm the head" (asked whether the colleague is): the no is the answer, the rest says who is.
_NO_I_AM_THE_HEAD = re.compile(r"(?:no|nope|nah)\b[\s,.!-]*(?:i'?m|i am)\s+(?:the\s+)?head\b")


def read_yes_no(fact: Fact, text: str, numbered: bool) -> Reply:
    chosen = numbered_option(text, fact, numbered)
    if chosen is not None:
        return Reply(value=chosen)
    if _ME_NOT_THEM.search(text) or _NO_I_AM_THE_HEAD.match(text):
        return Reply(value=False)
    table = REPLIES["facts"].get(fact.key)
    if table:
        # Words that carry the answer win over a bare yes or no before them, unless they are
        # denied ("I did not get QTS only through QTLS", "I'm not the head teacher").
        meaning = {value == "true": phrases for value, phrases in table.items()}
        chosen = pick(text, meaning)
        if chosen is not None:
            phrase = max((p for p in meaning[chosen] if hits(text, [p])), key=len, default=None)
            return Reply(value=(not chosen) if phrase and denied(text, phrase) else chosen)
    if not_sure(text):
        return Reply(not_sure=True)  # "no idea", "I'm not sure": the no in them is not an answer
    said = polarity(text)
    return Reply(value=said) if said is not None else NOTHING


def read_months(text: str, variant: str, limit: int, today: _dt.date) -> Reply:
    """Earlier months as SENCO: a length of time, "none" and its kin, or (for the law's own
    question) whether it was more than the limit."""
    if re.search(
        r"\b(?:years?|months?|yrs?|terms?)\s+(?:now|so far)\b|\b(?:in|since) this (?:job|role|post)\b", text
    ) and not re.search(r"\b(?:before|previous|prior|last|other|another|old|earlier)\b", text):
        return NOT_AN_ANSWER  # "about 3 years now": the time in this post, not before it; asked again
    total = _SAID_TOTAL.search(text)
    if total:
        # "7 months at one primary and 7 at another, so 14": the total said is the answer.
        return Reply(value=int(total.group(1) or total.group(2)))
    if variant == "over_limit":
        summed = summed_service(text, today)
        if summed is not None and summed.value:
            return summed
        # A length said ("a year and a term") before the words for under or over the limit (which
        # "a year" is one of); "not more than 12 months" before "more than 12 months".
        duration = dates.parse_duration_months(text, today)
        if duration is not None and duration.months > limit:
            return Reply(value=duration.months)
        if hits(text, REPLIES["under_limit"]):
            return Reply(extra={"prior_senco_over_limit": False})
        spell = date_range_months(text, today)
        if spell is not None and spell != limit:
            return Reply(value=spell)
        if duration is not None and duration.months != limit:
            return Reply(value=duration.months)
        if hits(text, REPLIES["over_limit"]):
            return Reply(extra={"prior_senco_over_limit": True})
        said = polarity(text)
        if said and duration is not None:
            return NOT_AN_ANSWER  # "yes, a year at my old school": the year again, not whether it was more
        return Reply(extra={"prior_senco_over_limit": said}) if said is not None else NOTHING
    summed = summed_service(text, today)
    if summed is not None and summed.value:
        return summed
    if not_relevant_only(text):
        return Reply(value=0, note="utter_prior_not_counted")
    if _ASSISTANT_ONLY.search(text) and (polarity(text) is False or not _SENCO_ITSELF.search(_ASSISTANT_ONLY.sub(" ", text))):
        # "not as such, I was assistant SENCO for 2 years": helping the SENCO is not being it.
        return Reply(value=0, note="utter_prior_assistant_not_counted")
    if summed is not None:
        return summed
    duration = dates.parse_duration_months(text, today)
    if duration is not None:
        return Reply(value=duration.months)
    spell = date_range_months(text, today)
    if spell is not None:
        return Reply(value=spell)
    bare = re.fullmatch(r"(?:about |around |roughly )?(\d{1,3})(?: months?| mths?)?", text)
    if bare:
        return Reply(value=int(bare.group(1)))
    if hits(text, REPLIES["over_limit"]):
        return Reply(extra={"prior_senco_over_limit": True})
    if hits(text, REPLIES["under_limit"]):
        return Reply(extra={"prior_senco_over_limit": False})
    if _ONLY_ELSEWHERE_DENIED.search(text) and not _HERE_DENIED.search(text):
        return NOT_AN_ANSWER  # "No, not at another school": this school is left unsaid, so asked again
    if hits(text, REPLIES["no_months"]) or polarity(text) is False:
        return Reply(value=0)
    if polarity(text) is True:
        return Reply(group="how_long")
    return NOTHING


# Where one spell of earlier service ends and the next begins ("18 months at X and 8 at Y", "9
# months here, then 7 at St Mary's"); "a year and a half", "2 years and 3 months" are one spell.
_SPELLS = re.compile(
    r"\s*(?:[,;+]|(?<!years )(?<!year )(?<!yrs )(?<!yr )\band\b(?!\s+(?:a\s+)?half\b)|\bthen\b|\bplus\b|"
    r"\bbefore that\b|\bafter that\b|\bfollowed by\b)\s*"
)
# A spell that restates or hedges the one before ("18 months, so more than a year") adds nothing.
_BARE_LENGTH = re.compile(r"(?:about|around|roughly|approx\w*|so|maybe|like|ish|in total|total|altogether|or so|\W)*")
_RESTATES = re.compile(r"^(?:so|i\.?e\.?|that'?s|that is|which|or|maybe|roughly|basically|in total|total)\b")


_ONLY_ELSEWHERE_DENIED = re.compile(
    r"\bnot (?:at |in )?(?:an?other|a different|any other|other) (?:school|place)s?\b|\bnot elsewhere\b"
)
_HERE_DENIED = re.compile(r"\b(?:or here|nor here|not here|anywhere|either|at all|never)\b")
_BOUND = re.compile(
    r"\b(?:under|less than|fewer than|not more than|no more than|more than|over|at least|at most|max|maximum|up to|"
    r"nowhere near|not even|short of)\s+(?:a\s+|an\s+)?$"
)
_SAID_TOTAL = re.compile(
    r"(?:\bso\b|\bthat'?s\b|\bwhich is\b|=)\s*(?:about\s+|around\s+|roughly\s+)?(\d{1,3})\s*(?:months?|mths?)?"
    r"\s*(?:in total|total|altogether|all in)?\s*$"
    r"|\b(\d{1,3})\s*(?:months?|mths?)\s+(?:in total|total|altogether|all in)\s*$"
)
# "7 months at one primary and 7 at another": a bare number after a spell is in the same unit.
_BARE_COUNT = re.compile(r"^\s*(\d{1,2})(?=\s+(?:at|in|here|there|with|as|covering|more)\b)")


def summed_service(text: str, today: _dt.date) -> Reply | None:
    """Several spells of earlier service, added up, leaving out the ones that do not count (at a
    school that is not a relevant school, or as an assistant or deputy SENCO); None for one spell."""
    spells = [part for part in _SPELLS.split(text) if part and part.strip()]
    said: list = []
    for part in spells:
        found = dates.parse_duration_months(part, today)
        bare = _BARE_COUNT.match(part) if found is None else None
        if bare and said and said[-1][1] is not None:
            unit = "years" if said[-1][1].months % 12 == 0 and "year" in said[-1][1].text else "months"
            found = dates.parse_duration_months(f"{bare.group(1)} {unit}", today)
            found = found and dates.DurationMatch(found.months, bare.group(1), bare.start(1), bare.end(1))
        said.append((part, found))
    lengths = [
        (part, found.months)
        for index, (part, found) in enumerate(said)
        if found is not None
        and not _RESTATES.match(part.strip())
        # "about 8 months, definitely under a year": a bound on the time said, not another spell
        and not (index and _BOUND.search(part[: found.start]))
        # "two terms in 2019 while she was on leave, about 6 months": a bare length after another
        # says the same time again.
        and not (index and _BARE_LENGTH.fullmatch(part.replace(found.text, " ").strip()))
    ]
    if len(lengths) < 2:
        return None
    counted = [
        months
        for part, months in lengths
        if not not_relevant_only(part)
        and not (_ASSISTANT_ONLY.search(part) and not _SENCO_ITSELF.search(_ASSISTANT_ONLY.sub(" ", part)))
    ]
    left_out = len(counted) < len(lengths)
    return Reply(value=sum(counted), note="utter_prior_some_not_counted" if left_out else None)


def not_relevant_only(text: str) -> bool:
    """Earlier SENCO time named only at settings whose time does not count ("2 years at a prep
    school", "5 years in Hungary"): none of it counts towards the 12 months."""
    if hits(text, LEXICON["abroad"]) and not any(hits(text, LEXICON["setting"][value]) for value in RELEVANT_KINDS):
        return True
    # A school in Wales, Scotland or Northern Ireland is not a relevant school (CFA 2014 s.83 and
    # SEND Regulations 2014 reg 2 name schools in England).
    if hits(text, ELSEWHERE_IN_THE_UK) and not hits(text, LEXICON["nation"]["england"]):
        return True
    named = {
        value
        for value, phrases in LEXICON["setting"].items()
        if any(not _NONE_AT.search(text[:start]) for start, _, _ in hits(text, phrases))
    }
    return bool(named) and named <= set(NOT_RELEVANT)


_ASSISTANT_ONLY = re.compile(
    r"\b(?:assistant|asst|deputy|associate|trainee|shadow(?:ing)?)\s+sen\w*\b|\bsen\w*\s+(?:assistant|support|deputy)\b"
)
# The SENCO role itself, not said only to deny it ("I wasn't THE SENCO though").
_SENCO_ITSELF = re.compile(
    r"(?<!wasn't the )(?<!wasnt the )(?<!was not the )(?<!never the )(?<!not the )(?<!never been the )\bsen\w*co\b"
)
RELEVANT_KINDS = ("maintained_mainstream", "academy_mainstream", "maintained_nursery")
# "nothing at a state school": a place named only to say no time was spent there.
_NONE_AT = re.compile(
    r"\b(?:nothing|not|never|no time|none)\s+(?:\w+\s+){0,2}(?:at|in)\s+(?:an?\s+|the\s+)?$"
    r"|\b(?:not|rather than)\s+(?:an?\s+|the\s+)?$"
)


def narrow_group(group: str, text: str):
    """Which of a vague school type's kinds the words say ("primary (LA)": maintained), or None."""
    chosen = pick(text, REPLIES["narrowing"].get(group, {}))
    return chosen if chosen in SETTING_GROUPS[group] else None


# "I began the NASENCO in September 2023 and completed it in July 2025": a course's dates, not a
# spell as SENCO, unless the post is named too ("SENCO from 2019 to 2021, did the NASENCO then").
_COURSE_NAMED = re.compile(
    r"\b(?:nasenco|npq(?:\s+for)?(?:\s+sen\w*cos?)?|national award\w*(?:\s+for\s+sen\s+co-?ordination)?)\b"
)
_POST_NAMED = re.compile(r"\bsen\w*co\b|\b(?:role|post|job)\b")


def course_dates_only(text: str) -> bool:
    return bool(_COURSE_NAMED.search(text)) and not _POST_NAMED.search(_COURSE_NAMED.sub(" ", text))


def date_range_months(text: str, today: _dt.date):
    """'2019 to 2021', 'from Sept 2019 until July 2021': whole months between two dates, or None.
    A year alone counts from its start to the other's start ("2019 to 2021" is 24 months)."""
    if course_dates_only(text):
        return None
    found = dates.find_dates(text, today)
    if len(found) < 2 or not re.search(r"\b(to|until|till|til|-|and|through)\b|\d\s*-\s*\d", text):
        return None
    first, second = found[0].date, found[1].date
    return dates.months_between(first, second) if second > first else None


_DAY_OF_MONTH = re.compile(r"(?:the\s+|on\s+the\s+|on\s+)?(\d{1,2})(?:st|nd|rd|th)?(?:\s+of\s+\w+)?$")
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_MONTH_WORDS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_SEASON_WORD = re.compile(r"\b(spring|summer|autumn|fall|easter|christmas|term)\b")
# "haven't" to "when did you start the NASENCO?": not started at all.
_NOT_STARTED_REPLY = re.compile(
    r"(?:\W*(?:i\s+|she\s+|he\s+)?(?:haven'?t|hasn'?t|have not|has not|not yet|nope|no|nah|not started)\b)+\W*(?:yet\W*)?"
)
_HEDGED = re.compile(r"\b(about|around|roughly|maybe|think|ish|i guess|probably|approx)\b")
_RELATIVE = re.compile(
    r"\b(ago|back|last|this|next|since|yesterday|today|term|spring|summer|autumn|easter|"
    r"christmas|half term|covid|lockdown|pandemic)\b"
)


def read_date(fact: Fact, text: str, variant: str, known, today: _dt.date, tense: str = "past") -> Reply:
    """A date as precisely as it was said (YYYY-MM-DD, YYYY-MM or YYYY). When the question asked
    for the day within a month already given, a bare day ("the 1st") completes it."""
    done = tense == "done"  # the date a course was finished: "this summer" is the one gone
    tense = "past" if done else tense
    if variant == "precise" and known:
        span = parse_date(known)
        said_dates = dates.find_dates(text, today, tense)
        restated = [m for m in said_dates if m.grain == span.grain and m.date == span.first]
        ordinal = re.search(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b", text)
        other_days = [m for m in said_dates if m.grain == "day" and m.date.month != span.first.month]
        if restated and ordinal and span.grain == "month" and not other_days:
            # "sept 2025, the 1st": the month said again, with the day asked for.
            try:
                return Reply(value=span.first.replace(day=int(ordinal.group(1))).isoformat())
            except ValueError:
                return NOTHING
        month_named = span.grain == "year" and _months_named(text)
        if restated and not ordinal and not month_named:
            return Reply(not_sure=True)  # "nov 23" again: the month said before, not the day asked for
        coarser = [m for m in said_dates if m.grain == "year" and span.grain == "month" and m.date.year == span.first.year]
        if coarser and len(said_dates) == 1:
            return Reply(not_sure=True)  # "this time last year" to "which day?": less than was known
        if span.grain == "month" and not re.search(r"\b(19|20)\d\d\b", text):
            # "the 6th", "6th nov", "first": the day in the month already given.
            words = text.replace("the ", "").strip()
            day = _ORDINAL_WORDS.get(words.split()[0]) if words else None
            number_said = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text)
            if number_said:
                day = int(number_said.group(1))
            if day:
                try:
                    return Reply(value=span.first.replace(day=day).isoformat())
                except ValueError:
                    return NOTHING
    if variant == "which_month" and known:
        # "April", "the May I think": the month, in the year of the vague date it narrows.
        month_said = re.search(r"\b(" + "|".join(_MONTH_WORDS) + r")\b", text)
        said_dates = dates.find_dates(text, today, tense)
        if month_said and not any(re.search(r"\d|\b(?:last|this|next|ago)\b", m.text.lower()) for m in said_dates):
            # "after october half term I think - so november": the last month said outright; a
            # half term alone is the month it gives ("after October half term" is November)
            plain = [
                m
                for m in re.finditer(r"\b(" + "|".join(_MONTH_WORDS) + r")\b", text)
                if not re.match(r"\s+half[- ]?term", text[m.end() :])
            ]
            half_terms = [m for m in said_dates if re.search(r"half[- ]?term", m.text.lower())]
            number = (
                _MONTH_WORDS[plain[-1].group(1)]
                if plain
                else half_terms[-1].date.month
                if half_terms
                else _MONTH_WORDS[month_said.group(1)]
            )
            return Reply(value=f"{parse_date(known).first.year:04d}-{number:02d}")
    if variant == "precise" and known and parse_date(known).grain == "year":
        # "the April", "May I think", "after the October half term in 2023, early November": the
        # month in the year already given (of several, the one not naming a half term).
        year = parse_date(known).first.year
        named = _months_named(text)
        other_years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)} - {year}
        days_said = [m for m in dates.find_dates(text, today, tense) if m.grain == "day"]
        if named and not other_years and not days_said:
            return Reply(value=f"{year:04d}-{named[-1]:02d}")
    found = dates.find_dates(text, today, tense)
    if done:
        found = [
            replace(m, date=m.date.replace(year=m.date.year - 1), alternatives=())
            if m.date > today and re.search(r"\bthis\b", m.text, re.I)
            else m
            for m in found
        ]
    bounds = [m for m in found if m.grain == "year" and _A_BOUND.search(text[max(0, m.start - 25) : m.start])]
    if bounds and len(bounds) < len(found):
        found = [m for m in found if m not in bounds]  # "before 2009 definitely - 2006 I think": 2006
    if fact.key == "appointment_date" and _CAREER_NOT_POST.search(text) and not _THE_POST.search(text):
        return NOT_AN_ANSWER  # "I've been teaching since 2013, all at this school": not when they became SENCO
    if fact.field == "completion_date":
        found = [m.as_finish() for m in found]
    corrected = re.search(r"(?:^|[,;:.\s-])\s*(?:no|nope|sorry|oops)\b[,!\s-]+", text)
    if corrected and found:
        earlier = [m for m in found if m.end <= corrected.start()]
        later = [m for m in found if m.start >= corrected.end()]
        if earlier and later:
            with_year = [m for m in later if dates.says_a_year(m.text)]
            if with_year and with_year[-1].grain == "year" and earlier[0].grain in ("month", "day"):
                # "Sept 2023, sorry, I mean 2022": the month said first, in the year said last.
                return Reply(value=f"{with_year[-1].date.year:04d}-{earlier[0].date.month:02d}")
            if with_year:
                return Reply(value=with_year[-1].partial())  # "... no, after half term, so February 2024"
            # "January 2025 - no, February": the month said last, in the year said first.
            if later[-1].grain == "month" and earlier[0].grain in ("month", "day"):
                return Reply(value=f"{earlier[0].date.year:04d}-{later[-1].date.month:02d}")
            return Reply(value=later[-1].partial())
    years = [m for m in found if m.grain == "year"]
    months = [m for m in found if m.grain == "month" and not dates.says_a_year(m.text)]
    if len(found) == 2 and years and months:
        # "after October half term, two years ago", "2019, in September": one says the month, the
        # other the year.
        return Reply(
            value=f"{years[0].date.year:04d}-{months[0].date.month:02d}",
            approximate=bool(_RELATIVE.search(years[0].text.lower())),
        )
    if found:
        # Of several dates ("summer term, so May 2024"), the one with its year says most.
        with_year = [m for m in found if re.search(r"\b(19|20)\d\d(?!\d)|'\d\d\b|[a-z]\.?\s+\d\d$", m.text.lower())]
        match = (with_year or found)[0]
        # "Ofsted was Nov 2023, so I started in Jan 2024": the date the person says they started.
        said_of_them = [
            m
            for m in (with_year or found)
            if _THEY_STARTED.search(text, max(0, m.start - 30), m.start)
            or re.search(r"\bsen\w*co\s+(?:since|from)\s+(?:the\s+)?$", text[max(0, m.start - 20) : m.start])
        ]
        if said_of_them and fact.key == "appointment_date":
            match = said_of_them[-1]
        course_began = [m for m in (with_year or found) if _COURSE_BEGAN.search(text, max(0, m.start - 40), m.start)]
        if course_began and fact.field == "start_date":
            match = course_began[-1]  # "I registered in summer 2024 but the course actually started 3rd October 2024"
        month_only = [m for m in found if m is not match and m.grain == "month" and not dates.says_a_year(m.text)]
        if month_only and _SEASON_WORD.search(match.text.lower()):
            # "the spring 2025 cohort, in April", "summer term 2024, after May half term": the
            # month said, in the season's year.
            month = month_only[0].date.month
            year = match.date.year + (1 if month < match.date.month else 0)
            return Reply(value=f"{year:04d}-{month:02d}")
        match = dates.before_the_month(dates.term_around(match, text), text)
        if fact.key == "appointment_date":
            match = dates.as_start_in_post(match, text)
        approximate = bool(_RELATIVE.search(match.text.lower())) or bool(_HEDGED.search(text)) or bool(match.alternatives)
        return Reply(value=match.partial(), approximate=approximate, alternatives=match.alternatives)
    if fact.key == "appointment_date" and _NOT_APPOINTED.search(text):
        # "I haven't been appointed to anything": no date, because they are not the SENCO.
        return Reply(extra={"role": "other"})
    if fact.course and (hits(text, REPLIES["no_course"]) or fact.field == "start_date" and _NOT_STARTED_REPLY.fullmatch(text)):
        # "n/a" to "when did you start the NASENCO?": the course was never done.
        return Reply(extra={f"{fact.course}.status": "none"})
    bare_year = re.fullmatch(r"(?:in\s+|about\s+|around\s+)?'?(\d{2})\??", text)
    if bare_year and int(bare_year.group(1)) <= today.year % 100 + 5:
        # "23" to a question about a date: the year 2023.
        return Reply(value=f"20{bare_year.group(1)}")
    if fact.key == "appointment_date":
        # "I've been SENCO for two years" answers "when did you become SENCO?"
        duration = dates.parse_duration_months(text, today)
        if duration is not None and duration.months > 0 and re.fullmatch(r"[^\d]*\bterms?\b[^\d]*", duration.text):
            # "three terms": this term and the two before it, so from the start of the first of them.
            first = dates.term_start(today, 1 - max(1, round(duration.months / 4)))
            return Reply(value=first.isoformat()[:7], approximate=True)
        if duration is not None and duration.months > 0:
            hedge = dates.hedged_months(text, duration.start) if duration.months % 12 == 0 else 0
            start = dates.add_months(today, -(duration.months + hedge))
            grain = "year" if duration.months % 12 == 0 and "year" in duration.text and not hedge else "month"
            value = start.isoformat()[:4] if grain == "year" else start.isoformat()[:7]
            either_side = (
                tuple(dates.add_months(start.replace(day=1), shift).isoformat()[:7] for shift in (-1, 1))
                if grain == "month"
                else ()
            )
            return Reply(value=value, approximate=True, alternatives=either_side)
    if not_sure(text):
        return Reply(not_sure=True)
    return NOTHING


_A_BOUND = re.compile(r"\b(?:before|after|earlier than|later than|no later than|not before|not after|pre|post)\s+(?:the\s+)?$")
_CAREER_NOT_POST = re.compile(
    r"\b(?:been teaching|teaching since|started teaching|taught (?:here |there )?since|qualified (?:as a teacher )?in|"
    r"nqt|pgce|trained|worked here since|been here since|been at (?:this|the) school since|joined the school)\b"
)
_THE_POST = re.compile(r"\bsen\w*|\b(?:role|post|job|took (?:it |the role )?over|became|appointed|took it on)\b")
_COURSE_BEGAN = re.compile(
    r"\b(?:course|it|nasenco|npq|cohort|first session|sessions|teaching|programme)\s+"
    r"(?:actually\s+|only\s+|officially\s+|properly\s+)?(?:started|began|kicked off|got going)\s+(?:in|on|from)?\s*$"
)
_THEY_STARTED = re.compile(
    r"\b(?:i|she|he|they)\s+(?:started|began|took (?:it |the role |over |on )+|took over|became|was appointed|joined|got the job)"
    r"(?:\s+(?:as\s+)?(?:the\s+)?sen\w*)?\s+(?:in|on|from)?\s*(?:the\s+)?$"
)
# Words that start a self-correction; "actually" and "wait" only where a clause starts ("what I
# actually have to do" corrects nothing).
_CORRECTION = re.compile(
    r"\b(?:no wait|oh wait|no actually|sorry|i mean|i meant|scratch that|correction|oops|or rather|no no|"
    r"my mistake|my bad|misread|hang on|hold on|i tell a lie|come to think of it|now i think about it|"
    r"should'?ve said|should have said|forgot to (?:say|mention))\b|(?:^|[,.;:!?-]\s*)(?:actually|wait)\b"
    # "not started... wait, I did finish it" (the dots are gone once normalised)
    r"|\bwait\b(?=\s*[,!-]|\s+(?:i|no|yes|actually|it|its|it's|sorry)\b)"
    # "yes completed - oh actually no, I'm still in my second ECT year"
    r"|\b(?:oh|ah|hmm|um|er|erm)\s+(?:actually|wait)\b|\bactually,?\s+no\b"
    # "no, I'm not the SENCO - well, I will be from January"
    r"|(?<!as )(?<!very )(?<!doing )(?<!going )\bwell\b(?=\s*,)"
)


def _months_named(text: str) -> list:
    """The months named in ``text``, in order; a month naming a half term ("the October half
    term") only when no other month is named."""
    said = [(m.group(1), m.end()) for m in re.finditer(r"\b(" + "|".join(_MONTH_WORDS) + r")\b", text)]
    plain = [word for word, end in said if not re.match(r"\s+half[- ]?term", text[end:])]
    return [_MONTH_WORDS[word] for word in (plain or [word for word, _ in said])]


@lru_cache(maxsize=None)
def _other_questions_buttons(key: str) -> frozenset:
    """The labels of other questions' buttons that say more than yes or no, and are not this
    question's own: tapped or typed in reply to this question, they answer another one."""
    own = {normalise(option.title) for option in REGISTRY[key].options}
    return frozenset(
        label
        for other in REGISTRY.keys
        if other != key
        for option in REGISTRY[other].options
        if len((label := normalise(option.title)).split()) > 1 and label not in own
    )


def read_reply(
    fact: Fact,
    text: str,
    *,
    variant: str = "first",
    candidates: tuple = (),
    known=None,
    numbered: bool = False,
    limit: int = 12,
    today: _dt.date | None = None,
    tense: str = "past",
) -> Reply:
    """What ``text`` says about ``fact``, the question asked in ``variant`` (see actions/asking.py).
    A reply that corrects itself ("no wait, yes I do") is read from its last correction on."""
    today = today or dates.default_today()
    said = normalise(text)
    if not said:
        return NOTHING
    if said in _other_questions_buttons(fact.key) and not hits(said, [option.title for option in fact.options]):
        # "Yes, completed" (the induction button) to the QTLS question: asked again; to the NASENCO
        # question, whose own button "Completed" it holds, it is an answer.
        return NOT_AN_ANSWER
    cues = list(_CORRECTION.finditer(said))
    explained = cues and dates.says_a_year(said[: cues[-1].start()]) and not dates.says_a_year(said[cues[-1].end() :])
    if fact.kind == "date" and explained:
        # "June 2025, sorry, I said spring but it was just after May half term": the date comes
        # first and the rest explains it; read_date weighs the two together.
        cues = []
    # The last correction that says something wins: in "not started... wait, I did finish it ...
    # sorry, long day" the apology after the answer corrects nothing.
    for cue in reversed(cues):
        if cue.end() >= len(said):
            continue
        corrected = _read(fact, said[cue.end() :].strip(" ,-"), variant, candidates, known, numbered, limit, today, tense)
        if corrected.settled or corrected.group:
            return corrected
    return _read(fact, said, variant, candidates, known, numbered, limit, today, tense)


def _read(
    fact: Fact,
    said: str,
    variant: str,
    candidates: tuple,
    known,
    numbered: bool,
    limit: int,
    today: _dt.date,
    tense: str = "past",
) -> Reply:
    if not said:
        return NOTHING
    if fact.kind == "date":
        return read_date(fact, said, variant, known, today, tense)
    if only_not_sure(said):
        return Reply(not_sure=True)  # "not sure" is not "not started", however close the words
    if fact.kind == "months":
        reply = read_months(said, variant, limit, today)
    elif fact.kind == "yes_no":
        reply = read_yes_no(fact, said, numbered)
    else:
        reply = read_choice(fact, said, variant, candidates, numbered)
    if not reply.settled and not reply.group and not_sure(said):
        return Reply(not_sure=True)
    return reply
