"""Drives the blind conversations over REST the way ../shared/tools/drive_conversations.py does
(the same rules: answer the fact of the last question payload, accept an offer with "yes please,
check it for me" at most twice, stop at the first determination; a turn with no question, answer
or offer is a dead end; the same fact asked three times in a row is a loop), in parallel against
one server, and measures:

- the share that reach the expected determination: outcome and status equal, and the deadline
  equal at the precision the assistant states it (``deadline_grain``: a deadline said as "in
  September 2027" is right when the true one is in September 2027; the person was never asked
  the day because the rules core said it did not matter);
- loops and dead ends;
- the mean number of turns against the fewest facts needed (answering the rules core's
  ``missing[0]`` from the true facts until complete);
- first-message fact recall: of the facts the opening states (opening_facts.json, labelled
  blind), the share held right in the tracker after the opening.

``python -m tests.conversations.suite FILE --url URL [--token T]`` prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import rules_core
from rules_core.facts import flatten, parse_date

HERE = Path(__file__).resolve().parent
NUDGE = "yes please, check it for me"
TODAY = dt.date(2026, 11, 26)
MAX_TURNS = 30


def load(name: str) -> list:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def opening_labels() -> dict:
    return load("opening_facts.json")


def post(url: str, sender: str, text: str) -> list:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def payloads(replies: list, kind: str) -> list:
    return [r["custom"] for r in replies if isinstance(r.get("custom"), dict) and r["custom"].get("type") == kind]


@dataclass
class Outcome:
    name: str
    asked: list = field(default_factory=list)
    turns: int = 0
    problems: list = field(default_factory=list)
    determination: dict | None = None
    recalled: int = 0
    stated: int = 0


def deadline_matches(got: dict, want) -> bool:
    """The deadline as precisely as the assistant says it: the same day, or the same month (year)
    when it says only the month (year) because the person gave no more."""
    if got.get("deadline") == want:
        return True
    if got.get("deadline") is None or want is None:
        return False
    grain = got.get("deadline_grain") or "day"
    return (grain == "month" and got["deadline"][:7] == want[:7]) or (grain == "year" and got["deadline"][:4] == want[:4])


def compatible(slot_value, truth) -> bool:
    """Whether what the tracker holds agrees with the truth (a month given for a date whose day
    the person would give only if asked counts)."""
    if slot_value is None:
        return False
    if slot_value == truth:
        return True
    if isinstance(slot_value, str) and isinstance(truth, str) and len(slot_value) in (4, 7):
        try:
            span = parse_date(slot_value)
            day = parse_date(truth)
        except ValueError:
            return False
        return span.first <= day.first <= span.last
    return False


def tracker_slots(url: str, token: str, sender: str) -> dict:
    with urllib.request.urlopen(f"{url}/conversations/{sender}/tracker?token={token}", timeout=30) as response:
        return json.load(response).get("slots", {})


def drive(url: str, conversation: dict, labels: dict | None = None, token: str | None = None) -> Outcome:
    outcome = Outcome(conversation["name"])
    sender = f"blind-{uuid.uuid4().hex[:12]}"
    replies: list = []
    for message in conversation["opening"]:
        replies = post(url, sender, message)
        outcome.turns += 1
    stated = labels.get(conversation["name"], []) if labels is not None and token else []
    if stated:  # only openings labelled for recall: the tracker is read for those alone
        truth = flatten(conversation["facts"])
        slots = tracker_slots(url, token, sender)
        outcome.stated = len(stated)
        outcome.recalled = sum(compatible(slots.get(key.replace(".", "_")), truth.get(key)) for key in stated)
    said: dict = {}
    offers = 0
    for _ in range(MAX_TURNS):
        found = payloads(replies, "determination")
        if found:
            outcome.determination = found[-1]["determination"]
            break
        questions = payloads(replies, "question")
        if not questions:
            if payloads(replies, "offer") and offers < 2:
                offers += 1
                replies = post(url, sender, NUDGE)
                outcome.turns += 1
                continue
            texts = [r.get("text") for r in replies if r.get("text")]
            outcome.problems.append(
                f"dead end after {outcome.asked[-1] if outcome.asked else 'the opening'} "
                f"(bot: {(texts[-1] if texts else '')[:80]!r})"
            )
            break
        fact = questions[-1]["fact"]
        outcome.asked.append(fact)
        if outcome.asked[-3:] == [fact] * 3:
            outcome.problems.append(f"loop: {fact} asked three times in a row")
            break
        answer = conversation["answers"].get(fact, "I don't know")
        if isinstance(answer, list):
            answer = answer[min(said.get(fact, 0), len(answer) - 1)]
        said[fact] = said.get(fact, 0) + 1
        replies = post(url, sender, answer)
        outcome.turns += 1
    if outcome.determination is None and not outcome.problems:
        outcome.problems.append(f"no determination within {MAX_TURNS} turns")
    if outcome.determination is not None:
        want = conversation["expect"]
        got = outcome.determination
        for key in ("outcome", "status"):
            if got.get(key) != want[key]:
                outcome.problems.append(f"{key}={got.get(key)!r}, expected {want[key]!r}")
        if not deadline_matches(got, want["deadline"]):
            outcome.problems.append(
                f"deadline={got.get('deadline')!r} ({got.get('deadline_grain')}), expected {want['deadline']!r}"
            )
    return outcome


def fewest_facts(facts: dict, today: dt.date = TODAY) -> int:
    """How many answers the rules core needs from nothing, each fact given right when asked."""
    flat = flatten(facts)
    known: dict = {}
    for count in range(len(flat) + 2):
        determination = rules_core.determine(rules_core.facts.nest(known), today)
        if determination["complete"]:
            return count
        key = determination["missing"][0]
        if key not in flat or key in known:
            return count
        known[key] = flat[key]
    return len(flat)


@dataclass
class Figures:
    total: int
    reached: int
    loops: int
    dead_ends: int
    mean_turns: float
    mean_fewest: float
    recall: float | None
    failures: list

    @property
    def share(self) -> float:
        return self.reached / self.total if self.total else 0.0

    def line(self, name: str) -> str:
        recall = f"{self.recall:.1%}" if self.recall is not None else "n/a"
        return (
            f"{name}: {self.reached}/{self.total} ({self.share:.1%}) reach the expected determination; "
            f"loops {self.loops}; dead ends {self.dead_ends}; mean turns {self.mean_turns:.1f} against "
            f"{self.mean_fewest:.1f} facts needed at fewest; first-message fact recall {recall}"
        )


def run(url: str, conversations: list, token: str | None = None, workers: int = 6) -> tuple:
    labels = opening_labels() if token else None
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(lambda c: drive(url, c, labels, token), conversations))
    stated = sum(o.stated for o in outcomes)
    figures = Figures(
        total=len(outcomes),
        reached=sum(not o.problems for o in outcomes),
        loops=sum(any(p.startswith("loop") for p in o.problems) for o in outcomes),
        dead_ends=sum(any(p.startswith("dead end") for p in o.problems) for o in outcomes),
        mean_turns=sum(o.turns for o in outcomes) / max(len(outcomes), 1),
        mean_fewest=sum(fewest_facts(c["facts"]) for c in conversations) / max(len(conversations), 1),
        recall=(sum(o.recalled for o in outcomes) / stated) if stated else None,
        failures=[(o.name, o.problems) for o in outcomes if o.problems],
    )
    return figures, outcomes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a conversations file in tests/conversations")
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--token", help="Rasa's API token, to read the tracker for first-message recall")
    parser.add_argument("--failures", action="store_true", help="list each failing conversation (tuning half only)")
    args = parser.parse_args(argv)
    if args.failures and Path(args.file).stem == "blind_report":
        parser.error("the untouched half's failures are not listed: no one reads them for tuning")
    start = time.time()
    figures, _ = run(args.url.rstrip("/"), load(Path(args.file).name), args.token)
    print(figures.line(Path(args.file).stem) + f" ({time.time() - start:.0f} s)")
    if args.failures:
        for name, problems in figures.failures:
            print(f"FAIL {name}: {'; '.join(problems)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
