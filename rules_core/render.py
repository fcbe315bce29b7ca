"""Turns the rules' codes and values into the sentences in ``wording.yaml`` and, for people, into a
short plain-text explanation (``python -m rules_core --explain``, reused by the assistant)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .dates import long_date, month_year, parse_iso
from .params import SOURCES

WORDING = yaml.safe_load(Path(__file__).with_name("wording.yaml").read_text(encoding="utf-8"))
_REASONS = WORDING["reasons"]
_STEPS = WORDING["steps"]
_FUNDING = WORDING["funding"]


def citation(source_id: str) -> str:
    return SOURCES[source_id]["short"]


def link(source_id: str) -> str:
    return SOURCES[source_id]["href"]


@lru_cache(maxsize=8192)
def _reason_items(code: str, values: tuple, source_id: str) -> tuple:
    return (("rule", code), ("text", _REASONS[code].format(**dict(values))), ("source", citation(source_id)),
            ("href", link(source_id)))


@lru_cache(maxsize=8192)
def _step_items(code: str, values: tuple, by, source_id: str) -> tuple:
    return (("text", _STEPS[code].format(**dict(values))), ("by", by.isoformat() if by else None),
            ("source", citation(source_id)), ("href", link(source_id)))


def reason(code: str, values: tuple, source_id: str) -> dict:
    """One reason as the contract prints it; ``values`` are (name, value) pairs for the wording."""
    return dict(_reason_items(code, values, source_id))


def step(code: str, values: tuple, by, source_id: str) -> dict:
    """One next step as the contract prints it."""
    return dict(_step_items(code, values, by, source_id))


def funding_text(code: str, cohort: str, setting: str, fee) -> str:
    text = _FUNDING[code].format(cohort=cohort, setting=setting)
    return text + _FUNDING["fee"].format(fee=fee) if fee else text


def headline(determination: dict) -> str:
    outcome = determination["outcome"]
    if outcome is None:
        return WORDING["headlines"]["INCOMPLETE"]
    return WORDING["headlines"][outcome]


def status_words(status) -> str:
    return WORDING["status_words"].get(status, "")


def qualification_name(qualification) -> str:
    return WORDING["qualification_names"].get(qualification, "")


def summary(determination: dict) -> str:
    """The answer in a few lines: what, by when, how it stands, what next, and the deciding reason."""
    words = WORDING["summary"]
    lines = [headline(determination)]
    if determination["deadline"]:
        lines.append(words["deadline"].format(deadline=long_date(parse_iso(determination["deadline"]))))
    if determination["status"] and determination["status"] != "not_applicable":
        lines.append(words["status"].format(status=status_words(determination["status"])))
    if determination["expected_completion"] and determination["status"] != "met":
        lines.append(words["expected"].format(expected=month_year(parse_iso(determination["expected_completion"]))))
    if determination["next_steps"]:
        lines.append(words["next_steps"])
        for item in determination["next_steps"]:
            by = words["by"].format(by=long_date(parse_iso(item["by"]))) if item["by"] else ""
            lines.append(f"- {item['text']}{by}")
    funding = determination["funding"].get("text")
    if funding and determination["outcome"] not in (None, "OUT_OF_SCOPE", "ALREADY_QUALIFIED"):
        lines.append(words["funding"].format(funding=funding))
    if determination["reasons"]:
        # The last reason is the one that settled the outcome (the rules add them in the order of the law).
        lines.append(words["why"].format(why=determination["reasons"][-1]["text"]))
        lines.append(words["ask_why"])
    return "\n".join(lines)


def explain(determination: dict) -> str:
    """The whole determination as plain text: the answer, the dates, the steps, then why."""
    lines = [headline(determination)]
    if determination["deadline"]:
        lines.append(f"Deadline: {long_date(parse_iso(determination['deadline']))}")
    if determination["status"] and determination["status"] != "not_applicable":
        lines.append(f"Status: {status_words(determination['status'])}")
    if determination["expected_completion"]:
        lines.append(f"Expected completion: {long_date(parse_iso(determination['expected_completion']))} (estimate)")
    if determination["missing"]:
        lines.append("Still needed: " + ", ".join(determination["missing"]))
    if determination["next_steps"]:
        lines.append("")
        lines.append("What to do next:")
        for item in determination["next_steps"]:
            by = f" (by {long_date(parse_iso(item['by']))})" if item["by"] else ""
            lines.append(f"- {item['text']}{by}")
    funding = determination["funding"]
    if funding.get("text"):
        lines.append("")
        lines.append(f"Funding: {funding['text']}")
    if determination["reasons"]:
        lines.append("")
        lines.append("Why:")
        for item in determination["reasons"]:
            lines.append(f"- {item['text']} [{item['source']}]")
    return "\n".join(lines)
