"""Every word the rules core says, from ``wording.yaml``: the reasons and steps of a determination,
and the one answer view every channel draws (``card``), its Markdown text form (``summary``) and
the plain-text explanation (``explain``, also ``python -m rules_core --explain``).

Channels draw the card; none of them holds a sentence of its own about the law."""

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
_CARD = WORDING["card"]


def citation(source_id: str) -> str:
    return SOURCES[source_id]["short"]


def link(source_id: str) -> str:
    return SOURCES[source_id]["href"]


def setting_name(setting: str) -> str:
    return WORDING["setting_names"][setting]


def nation_name(nation: str) -> str:
    return WORDING["nation_names"][nation]


@lru_cache(maxsize=8192)
def _reason_items(code: str, values: tuple, source_id: str) -> tuple:
    return (
        ("rule", code),
        ("text", _REASONS[code].format(**dict(values))),
        ("source", citation(source_id)),
        ("href", link(source_id)),
    )


@lru_cache(maxsize=8192)
def _step_items(code: str, values: tuple, by, source_id: str) -> tuple:
    return (
        ("text", _STEPS[code].format(**dict(values))),
        ("by", by.isoformat() if by else None),
        ("source", citation(source_id)),
        ("href", link(source_id)),
    )


def reason(code: str, values: tuple, source_id: str) -> dict:
    """One reason as the contract prints it; ``values`` are (name, value) pairs for the wording."""
    return dict(_reason_items(code, values, source_id))


def step(code: str, values: tuple, by, source_id: str) -> dict:
    """One next step as the contract prints it."""
    return dict(_step_items(code, values, by, source_id))


def funding_text(code: str, cohort: str, setting: str) -> str:
    text = _FUNDING[code].format(cohort=cohort, setting=setting)
    return text + _FUNDING["caveat"] if code in WORDING["funding_with_caveat"] else text


def headline(determination: dict) -> str:
    outcome = determination["outcome"]
    return WORDING["headlines"]["INCOMPLETE" if outcome is None else outcome]


def status_words(status) -> str:
    return WORDING["status_words"].get(status, "")


def qualification_name(qualification) -> str:
    return WORDING["qualification_names"].get(qualification, "")


def date_text(iso: str, grain: str = "day") -> str:
    """'1 September 2026', or 'September 2026' / '2026' when only the month or year is known."""
    day = parse_iso(iso)
    return long_date(day) if grain == "day" else month_year(day) if grain == "month" else str(day.year)


def card(determination: dict, hypothetical: bool = False) -> dict:
    """The answer as every channel draws it: words only (no markup), with the values behind them.

    ``deadline.text`` keeps the deadline's grain ("in September 2026" is never turned into a day);
    ``status.code`` lets a channel pick a colour or an emoji, never words."""
    labels = dict(_CARD["labels"])
    deadline = None
    if determination["deadline"]:
        grain = determination.get("deadline_grain") or "day"
        deadline = {
            "date": determination["deadline"],
            "grain": grain,
            "text": date_text(determination["deadline"], grain),
            "note": _CARD["deadline_grain_notes"].get(grain, ""),
        }
    status = None
    if determination["status"] and determination["status"] != "not_applicable":
        code = determination["status"]
        status = {"code": code, "text": status_words(code), "note": WORDING["status_notes"][code]}
    expected = None
    if determination["expected_completion"] and determination["status"] != "met":
        expected = {
            "date": determination["expected_completion"],
            "text": _CARD["expected"].format(expected=month_year(parse_iso(determination["expected_completion"]))),
        }
    funding = None
    funding_sentence = determination["funding"].get("text")
    if funding_sentence and determination["outcome"] not in (None, "OUT_OF_SCOPE", "ALREADY_QUALIFIED"):
        funding = {"status": determination["funding"].get("status"), "text": funding_sentence}
    # A step due by the deadline is said at the deadline's grain ("by September 2027", not a made-up
    # first of the month); other dates (a registration closing) are real days.
    deadline_grain = determination.get("deadline_grain") or "day"

    def by_text(by: str | None) -> str | None:
        if not by:
            return None
        return date_text(by, deadline_grain if by == determination.get("deadline") else "day")

    steps = [dict(item, by_text=by_text(item["by"])) for item in determination["next_steps"]]
    reasons = list(determination["reasons"])
    sources, seen = [], set()
    for item in steps + reasons:
        if item.get("href") and item["href"] not in seen:
            seen.add(item["href"])
            sources.append({"title": item["source"], "href": item["href"]})
    return {
        "outcome": determination["outcome"],
        "complete": determination["complete"],
        "hypothetical": hypothetical,
        "headline": headline(determination),
        "qualification": qualification_name(determination["qualification"]) or None,
        "deadline": deadline,
        "status": status,
        "expected": expected,
        "funding": funding,
        "steps": steps,
        # The last reason is the one that settled the outcome (the rules add them in the order of the law).
        "why": reasons[-1]["text"] if reasons else None,
        "reasons": reasons,
        "sources": sources,
        "labels": labels,
    }


def _markdown_lines(view: dict) -> list:
    labels = view["labels"]
    parts = []
    if view["hypothetical"]:
        parts.append(labels["hypothetical"])
    parts.append(f"**{view['headline']}**")
    facts = []
    if view["deadline"]:
        note = f" ({view['deadline']['note']})" if view["deadline"]["note"] else ""
        facts.append(f"- {labels['deadline']}: {view['deadline']['text']}{note}")
    if view["status"]:
        facts.append(f"- {labels['status']}: {view['status']['text']} ({view['status']['note']})")
    if view["expected"]:
        facts.append(f"- {labels['expected']}: {view['expected']['text']}")
    if facts:
        parts.append("\n".join(facts))
    if view["steps"]:
        steps = [
            f"- {item['text']}" + (f" ({labels['by']} {item['by_text']})" if item["by_text"] else "") for item in view["steps"]
        ]
        parts.append(f"{labels['steps']}\n\n" + "\n".join(steps))
    if view["funding"]:
        parts.append(f"{labels['funding']}: {view['funding']['text']}")
    if view["why"]:
        parts.append(f"{labels['why']}: {view['why']}")
        parts.append(labels["ask_why"])
    return parts


def summary(determination: dict, hypothetical: bool = False) -> str:
    """The answer as Markdown that chat widgets and terminals draw as separate lines and lists:
    parts separated by blank lines, lists as "- " bullets, never relying on single newlines."""
    return "\n\n".join(_markdown_lines(card(determination, hypothetical)))


def reasons_text(determination: dict) -> str:
    """Every reason behind an answer, with its source, as Markdown ("why?")."""
    view = card(determination)
    lines = [f"- {item['text']} ({view['labels']['source']}: {item['source']}, {item['href']})" for item in view["reasons"]]
    return f"**{view['headline']}**\n\n" + "\n".join(lines)


def explain(determination: dict) -> str:
    """The whole determination as plain text: the answer, the dates, the steps, then why."""
    view = card(determination)
    labels = view["labels"]
    lines = [view["headline"]]
    if view["deadline"]:
        lines.append(f"{labels['deadline']}: {view['deadline']['text']}")
    if view["status"]:
        lines.append(f"{labels['status']}: {view['status']['text']}")
    if view["expected"]:
        lines.append(f"{labels['expected']}: {view['expected']['text']}")
    if determination["missing"]:
        lines.append(f"{labels['missing']}: " + ", ".join(determination["missing"]))
    if view["steps"]:
        lines += ["", labels["steps"]]
        lines += [
            f"- {item['text']}" + (f" ({labels['by']} {item['by_text']})" if item["by_text"] else "") for item in view["steps"]
        ]
    funding = determination["funding"].get("text")
    if funding:
        lines += ["", f"{labels['funding']}: {funding}"]
    if view["reasons"]:
        lines += ["", f"{labels['reasons']}:"]
        lines += [f"- {item['text']} [{item['source']}]" for item in view["reasons"]]
    return "\n".join(lines)
