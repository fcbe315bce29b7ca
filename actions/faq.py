"""Answers to the questions people ask around the main one, from data/faq/answers.yml: the
version valid today, its placeholders filled from the rules core's dated parameters, and its
sources. The turn (actions/turn.py) says it beside whatever else the message needs."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path

import yaml

import rules_core
from rules_core.params import SOURCES

ANSWERS_FILE = Path(__file__).resolve().parents[1] / "data" / "faq" / "answers.yml"


@lru_cache(maxsize=1)
def load_answers() -> dict:
    return yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))


def answer_for(intent: str, today: _dt.date):
    """(text, sources) of the version of ``intent``'s answer valid on ``today``, or None."""
    for version in load_answers().get(intent, []):
        if version["valid_from"] <= today and (version["valid_until"] is None or today <= version["valid_until"]):
            text = " ".join(version["text"].split()).format(**rules_core.npq_calendar(today))
            return text, [SOURCES[source_id] for source_id in version["sources"]]
    return None


def cited(sources: list) -> str:
    """The sources as one line of text: "DfE, Funding for NPQs (https://...); ..."."""
    return "; ".join(f"{source['short']} ({source['href']})" for source in sources)


def links(sources: list) -> list:
    return [{"title": source["short"], "href": source["href"]} for source in sources]
