"""The widget and the kiosk draw the answer card; they word nothing about the law, an outcome or a
status (issue 12): none of the rules core's outcome, status or funding words, nor the words the
widget once kept of its own, appear in their JavaScript or HTML. Fast: reads files only."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "channels" / "web"
FILES = [WEB / name for name in ("widget.js", "kiosk.js", "index.html", "kiosk.html")]
WORDING = yaml.safe_load((ROOT / "rules_core" / "wording.yaml").read_text(encoding="utf-8"))

# The widget's own tables before issue 12, worded apart from wording.yaml (and already drifting).
FORMER_WIDGET_WORDS = [
    "Finish your NASENCO",
    "You already hold a SENCO qualification that counts",
    "You need the NPQ for SENCOs",
    "The law does not require you",
    "You cannot be the SENCO",
    "These rules are for schools in England",
    "The law is unclear for your setting",
    "Not decided yet",
    "Subject to review",
    "Not funded",
    "Funded",
    "(an estimate)",
    "What to do next",
    "Expected to qualify",
    "Deadline",
    "Status",
]


def _fragments(sentence: str) -> list:
    """A sentence from wording.yaml and its clauses without placeholders, long enough to mean
    something ("Complete your NASENCO" from "Complete your NASENCO: it still counts ...")."""
    parts = [sentence.strip()] + re.split(r"[:;.(){}]", sentence)
    return [part.strip() for part in parts if len(part.strip()) >= 12 and "{" not in part and "}" not in part]


def _words() -> list:
    words = list(FORMER_WIDGET_WORDS)
    words += WORDING["status_words"].values()
    for group in ("headlines", "status_notes"):
        for sentence in WORDING[group].values():
            words += _fragments(sentence)
    for sentence in WORDING["funding"].values():
        words += _fragments(sentence)
    # (not "Funding": the host page, a provider's course page, has a section of that name)
    for key in ("deadline", "status", "expected", "steps", "why", "ask_why", "missing", "hypothetical"):
        words += _fragments(WORDING["card"]["labels"][key]) or [WORDING["card"]["labels"][key].strip(":_ ")]
    return sorted(set(words))


def _found(word: str, text: str) -> bool:
    # Whole words, case as written: "Met" must not match "method", "Status" not "statuses".
    return re.search(r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])", text) is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_outcome_status_or_law_words_in_the_web_channel(path):
    text = path.read_text(encoding="utf-8")
    found = [word for word in _words() if _found(word, text)]
    assert found == [], f"{path.name} words what the card should say: {found}"


def test_the_list_of_words_holds_what_it_should():
    words = _words()
    for expected in (
        "Overdue",
        "On track",
        "At risk",
        "Met",
        "Finish your NASENCO",
        "Complete your NASENCO",
        "the deadline has passed",
        "Deadline",
    ):
        assert expected in words, expected


def test_the_check_finds_a_status_word_written_in_a_channel():
    assert _found("Overdue", 'var STATUSES = {overdue: {label: "Overdue"}}')
    assert _found("On track", 'label: "On track",')
    assert not _found("Met", "a method of work")
