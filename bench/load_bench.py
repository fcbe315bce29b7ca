"""Load benchmark: our assistant as it runs in production (action server, Rasa server with
endpoints.production.yml: PostgreSQL tracker store, Redis lock store) against Rasa's reference
bot (the moodbot of `rasa init`, Rasa's default config, given the same kind of stores), both
driven over the REST webhook by simulated users. All traffic goes to servers this script starts
on 127.0.0.1; telemetry is off.

    .venv/bin/python bench/load_bench.py [--quick] [--levels 1,8,32] [--budgets 300,800,1600]
                                         [--seconds 150] [--long-messages 200] [--out results/]

1. Trains the moodbot (`rasa init --no-prompt`) in a temporary directory and prints the time.
2. Starts both stacks on free ports, each with a fresh PostgreSQL database (dropped at the end)
   and its own key prefix in Redis db 1.
3. At each concurrency, N users each hold complete conversations one after another (fresh sender
   per conversation, each message waiting for its reply), until the level's message budget or
   time limit is reached (both are checked before a conversation starts, so a level may overshoot
   its budget by up to one conversation per user). Every conversation is checked: ours must reach
   the expected determination (and answer the FAQ and "why?" where the script asks them); each
   moodbot message must get a text back. The bots take turns at each level.
4. Prints messages, errors, p50/p95/p99 latency and messages/s per server and concurrency, and the
   ratio ours/reference (target: p95 ratio <= 1.25 at every concurrency).
5. Long conversation: one sender, 200 messages (facts, then FAQs, "why?", what-ifs, "what have I
   told you?", corrections), 3 runs, median latency per position (target: last 10 messages at
   most 1.5 times the first 10). The same for the moodbot, for comparison.
6. Resident memory of each server process after the load (target <= 1,300 MB per Rasa server),
   and the events each PostgreSQL database holds (proof the stores were used) before the drop.
7. Writes <out>/load_bench.csv and <out>/load_bench.png; server logs go to <out>/load_bench_logs/
   (ERROR and Traceback lines from them are printed).

Exit status 0 whether or not the targets are met (the verdicts are printed), 1 if any
conversation did not go as expected (each is printed), other non-zero on a crash. On this 2-core
machine --quick takes about 5 minutes (2 of them training the moodbot, under 1 starting the
servers) and a full run about 12 to 15. The figures move with whatever else the machine is
doing: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The tests' launcher (free ports, start, wait until up, stop) and their payload readers.
from tests.support.driving import asked, payloads  # noqa: E402
from tests.support.servers import (  # noqa: E402
    MODEL,
    RASA,
    Process,
    actions_command,
    free_port,
    rasa_command,
    server_env,
    start_all,
    stop_all,
)

POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_LOGIN_DB = "127.0.0.1", 5432, "postgres", "postgres"
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 1

TARGET_P95_RATIO = 1.25
TARGET_LONG_RATIO = 1.5
TARGET_RSS_MB = 1300
FULL_BUDGETS = {1: 300, 8: 800, 32: 1600}
QUICK_BUDGETS = {1: 40, 8: 80, 32: 160}
REQUEST_TIMEOUT_S = 60
STARTUP_TIMEOUT_S = 300
LONG_RUNS = 3
WINDOW = 10  # messages averaged at each end of the long conversation


class ConversationFailed(Exception):
    """A reply was an error, or not what the user was waiting for."""


def describe(replies: list) -> str:
    """A reply in one line for failure reports: texts (shortened) and payload types."""
    parts = []
    for reply in replies:
        if reply.get("text"):
            parts.append(repr(reply["text"][:80]))
        if isinstance(reply.get("custom"), dict):
            parts.append(f"<{reply['custom'].get('type')}>")
    return " ".join(parts) or "(no reply)"


def new_sender(kind: str) -> str:
    return f"bench-{kind}-{uuid.uuid4().hex[:12]}"


class Recorder:
    """Sends messages to one server's REST webhook, recording each message's latency and every
    error and failed conversation."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session, self.url = session, url
        self.sent = 0
        self.latencies_ms: List[float] = []  # messages answered with 200, in the order sent
        self.errors: List[str] = []  # non-200 replies and exceptions
        self.failures: List[str] = []  # conversations that did not go as expected (errors included)
        self.conversations = 0

    async def say(self, sender: str, text: str) -> list:
        self.sent += 1
        start = time.perf_counter()
        try:
            async with self.session.post(self.url, json={"sender": sender, "message": text}) as response:
                body = await response.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.errors.append(f"{text!r}: {type(error).__name__} {error}")
            raise ConversationFailed(self.errors[-1]) from None
        latency_ms = (time.perf_counter() - start) * 1000
        if response.status != 200:
            self.errors.append(f"{text!r}: HTTP {response.status} {body[:200]!r}")
            raise ConversationFailed(self.errors[-1])
        self.latencies_ms.append(latency_ms)
        return json.loads(body)

    async def hold(self, conversation) -> None:
        """Holds one whole conversation, recording a failure if it went wrong."""
        self.conversations += 1
        try:
            await conversation.hold(self)
        except ConversationFailed as failure:
            self.failures.append(f"{conversation.name}: {failure}")


# --- Our assistant's conversations (the shape of tests/e2e/test_rest_conversations.py) ---

ANSWERS = {
    "nation": "England",
    "setting": "a maintained primary school",
    "role": "yes I'm the SENCO",
    "appointment_date": "September 2023",
    "prior_senco_months": "no",
    "has_qts": "yes",
    "qts_via_qtls_only": "no",
    "induction": "yes I finished my induction",
    "nasenco.status": "no",
    "npq.status": "not started",
}
FAQ_QUESTION = "how long does the NPQ take?"
MAX_ANSWERS = 16


@dataclass(frozen=True)
class SencoConversation:
    """A user who answers each question the bot asks from ``answers`` until the determination
    arrives, optionally asking FAQ_QUESTION after ``faq_after`` answers (the FAQ must be answered
    and the pending question asked again) and "why?" after the determination (the reasons must
    come back)."""

    name: str
    opening: str
    answers: Dict[str, str]
    outcome: str
    deadline: Optional[str]
    faq_after: Optional[int] = None
    ask_why: bool = False

    async def hold(self, recorder: Recorder) -> None:
        sender = new_sender("senco")
        await self.reach_determination(recorder, sender)
        if self.ask_why:
            replies = await recorder.say(sender, "why?")
            if not payloads(replies, "reasons"):
                raise ConversationFailed(f"'why?' got {describe(replies)}, expected the reasons")

    async def reach_determination(self, recorder: Recorder, sender: str) -> None:
        text = self.opening
        replies = await recorder.say(sender, text)
        for answered in range(MAX_ANSWERS):
            determinations = payloads(replies, "determination")
            if determinations:
                found = determinations[-1]["determination"]
                if (found["outcome"], found["deadline"]) != (self.outcome, self.deadline):
                    raise ConversationFailed(
                        f"determination {found['outcome']} {found['deadline']}, expected {self.outcome} {self.deadline}"
                    )
                return
            fact = asked(replies)
            if fact not in self.answers:
                raise ConversationFailed(
                    f"{text!r} got {describe(replies)}, expected a question about one of "
                    f"{sorted(self.answers)} or the determination"
                )
            if answered == self.faq_after:
                replies = await recorder.say(sender, FAQ_QUESTION)
                if not payloads(replies, "faq") or asked(replies) != fact:
                    raise ConversationFailed(
                        f"{FAQ_QUESTION!r} got {describe(replies)}, expected the answer and the question about {fact} again"
                    )
            text = self.answers[fact]
            replies = await recorder.say(sender, text)
        raise ConversationFailed(f"no determination after {MAX_ANSWERS} answers")


TYPICAL = SencoConversation("typical", "hi", ANSWERS, "TAKE_NPQ_SENCO", "2026-09-01")
SENCO_CONVERSATIONS = [
    TYPICAL,
    SencoConversation("wales", "hello", {"nation": "Wales"}, "OUT_OF_SCOPE", None),
    SencoConversation("faq midway", "hi", ANSWERS, "TAKE_NPQ_SENCO", "2026-09-01", faq_after=2),
    SencoConversation("why after", "hi", ANSWERS, "TAKE_NPQ_SENCO", "2026-09-01", ask_why=True),
]


@dataclass(frozen=True)
class FollowUp:
    """A message after the determination, the payload its reply must carry and, for a
    correction, the deadline it must give."""

    text: str
    payload: str
    deadline: Optional[str] = None


# The corrections alternate, so each one really changes the appointment date.
FOLLOW_UPS = [
    FollowUp("why?", "reasons"),
    FollowUp("how long does the NPQ take?", "faq"),
    FollowUp("what if I start the NPQ in November 2027?", "determination"),
    FollowUp("what have I told you?", "answers"),
    FollowUp("sorry, I became SENCO in September 2024", "determination", "2027-09-01"),
    FollowUp("what happens if I miss the deadline?", "faq"),
    FollowUp("who pays for the NPQ?", "faq"),
    FollowUp("sorry, I became SENCO in September 2023", "determination", "2026-09-01"),
]


async def long_senco_conversation(recorder: Recorder, messages: int) -> None:
    sender = new_sender("senco-long")
    await TYPICAL.reach_determination(recorder, sender)
    for follow_up in itertools.islice(itertools.cycle(FOLLOW_UPS), messages - recorder.sent):
        replies = await recorder.say(sender, follow_up.text)
        found = payloads(replies, follow_up.payload)
        if not found or (follow_up.deadline and found[-1]["determination"]["deadline"] != follow_up.deadline):
            raise ConversationFailed(
                f"message {recorder.sent} {follow_up.text!r} got {describe(replies)}, "
                f"expected <{follow_up.payload}> {follow_up.deadline or ''}"
            )


# --- The moodbot's conversations ---


async def say_expecting_text(recorder: Recorder, sender: str, text: str) -> None:
    replies = await recorder.say(sender, text)
    if not any(reply.get("text") for reply in replies):
        raise ConversationFailed(f"message {recorder.sent} {text!r} got {describe(replies)}, expected a text")


@dataclass(frozen=True)
class MoodConversation:
    name: str
    messages: Sequence[str]

    async def hold(self, recorder: Recorder) -> None:
        # Only an HTTP error counts against the reference: what it answers is its own business.
        # (Its UnexpecTEDIntentPolicy sometimes answers "no" after "Did that help you?" with
        # action_unlikely_intent, i.e. silence, depending on the training run.)
        sender = new_sender("mood")
        for text in self.messages:
            await recorder.say(sender, text)


MOOD_CONVERSATIONS = [
    MoodConversation("sad, helped", ["hi", "I am feeling sad", "yes", "bye"]),
    MoodConversation("great", ["hi", "great", "bye"]),
    MoodConversation("sad, not helped", ["hi", "I am feeling sad", "no", "bye"]),
]


async def long_mood_conversation(recorder: Recorder, messages: int) -> None:
    sender = new_sender("mood-long")
    for text in itertools.islice(itertools.cycle(MOOD_CONVERSATIONS[0].messages), messages):
        await say_expecting_text(recorder, sender, text)


@dataclass
class Bot:
    """One stack under test: where its webhook is, what its users say, its processes."""

    name: str
    port: int
    conversations: list
    long_conversation: Callable[[Recorder, int], Awaitable[None]]
    processes: Dict[str, Process] = field(default_factory=dict)

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"


# --- Measuring ---


@dataclass
class LevelResult:
    bot: str
    concurrency: int
    messages: int
    errors: int
    conversations: int
    failed_conversations: int
    seconds: float
    latencies_ms: List[float]

    def percentile(self, share: float) -> float:
        return float(np.percentile(self.latencies_ms, share)) if self.latencies_ms else float("nan")

    @property
    def messages_per_s(self) -> float:
        return self.messages / self.seconds


def client_session(concurrency: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=concurrency), timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    )


async def run_level(bot: Bot, concurrency: int, budget: int, seconds: float, failures: List[str]) -> LevelResult:
    """``concurrency`` users holding conversations (the bot's kinds in turn) until ``budget``
    messages have been sent or ``seconds`` have passed; conversations under way are finished."""
    async with client_session(concurrency) as session:
        recorder = Recorder(session, bot.webhook)
        kinds = itertools.cycle(bot.conversations)
        start = time.perf_counter()

        async def user() -> None:
            while recorder.sent < budget and time.perf_counter() - start < seconds:
                await recorder.hold(next(kinds))

        await asyncio.gather(*(user() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    failures += [f"{bot.name}, {concurrency} users, {failure}" for failure in recorder.failures]
    return LevelResult(
        bot.name,
        concurrency,
        recorder.sent,
        len(recorder.errors),
        recorder.conversations,
        len(recorder.failures),
        elapsed,
        recorder.latencies_ms,
    )


async def warm_up(bot: Bot, failures: List[str]) -> None:
    """Each kind of conversation once, so that first-request costs (lazy imports, connection
    pools, caches) are not measured."""
    async with client_session(1) as session:
        recorder = Recorder(session, bot.webhook)
        for conversation in bot.conversations:
            await recorder.hold(conversation)
    failures += [f"{bot.name}, warm-up, {failure}" for failure in recorder.failures]


async def long_conversation_latencies(bot: Bot, messages: int, failures: List[str]) -> Optional[List[float]]:
    """Latency of each message of one long conversation, or None if it failed."""
    async with client_session(1) as session:
        recorder = Recorder(session, bot.webhook)
        try:
            await bot.long_conversation(recorder, messages)
            return recorder.latencies_ms
        except ConversationFailed as failure:
            failures.append(f"{bot.name}, long conversation, {failure}")
            return None


@dataclass
class LongResult:
    bot: str
    per_position_ms: List[float]  # median over the runs that completed, per message position
    runs: int

    def window_mean(self, first: bool) -> float:
        window = self.per_position_ms[:WINDOW] if first else self.per_position_ms[-WINDOW:]
        return float(np.mean(window))

    # The ratio compares the mean of the last WINDOW messages with the mean of the first WINDOW,
    # not message N with message 1: one message is too noisy to judge by, and message 1 also
    # carries the session start (action_session_start, a new tracker), so it is no baseline for
    # the cost of a turn. Message 1 stays inside the first window, as the target is stated: as one
    # of ten there, a slower session start lowers the ratio a little.
    @property
    def ratio(self) -> float:
        return self.window_mean(first=False) / self.window_mean(first=True)


async def measure(
    bots: Sequence[Bot], levels: Sequence[int], budgets: Dict[int, int], seconds: float, long_messages: int, failures: List[str]
) -> Tuple[List[LevelResult], List[LongResult]]:
    for bot in bots:
        await warm_up(bot, failures)
    # The bots take turns at each level (and in each long run), so that a change in the
    # machine's other load during the run falls on both rather than on one.
    level_results = []
    for concurrency in levels:
        for bot in bots:
            print(f"  {bot.name}: {concurrency} users, up to {budgets[concurrency]} messages or {seconds:.0f} s", flush=True)
            level_results.append(await run_level(bot, concurrency, budgets[concurrency], seconds, failures))
    runs: Dict[str, List[List[float]]] = {bot.name: [] for bot in bots}
    for run in range(LONG_RUNS):
        for bot in bots:
            print(f"  {bot.name}: long conversation {run + 1}/{LONG_RUNS}, {long_messages} messages", flush=True)
            latencies = await long_conversation_latencies(bot, long_messages, failures)
            if latencies is not None:
                runs[bot.name].append(latencies)
    long_results = [
        LongResult(name, np.median(np.array(done), axis=0).tolist(), len(done)) for name, done in runs.items() if done
    ]
    return level_results, long_results


# --- Servers, databases and Redis keys ---


def build_moodbot(directory: Path, env: Dict[str, str], log: Path) -> float:
    """Creates and trains the moodbot with `rasa init`; returns the seconds it took."""
    directory.mkdir()
    start = time.perf_counter()
    with open(log, "w") as output:
        done = subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(directory)],
            cwd=directory,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    if done.returncode != 0 or not list((directory / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init failed (exit {done.returncode}); see {log}")
    return time.perf_counter() - start


def moodbot_endpoints(database: str, key_prefix: str) -> str:
    """The same kind of stores as endpoints.production.yml (Rasa's own SQL store, as ours
    derives from it), so that the comparison is of the bots and not of the storage."""
    return f"""tracker_store:
  type: SQL
  dialect: "postgresql"
  url: {POSTGRES_HOST}
  port: {POSTGRES_PORT}
  db: {database}
  username: {POSTGRES_USER}
  password: ""
  login_db: {POSTGRES_LOGIN_DB}

lock_store:
  type: redis
  url: {REDIS_HOST}
  port: {REDIS_PORT}
  db: {REDIS_DB}
  password: ""
  key_prefix: {key_prefix}
"""


def run_sql(database: str, statements: Sequence[str]) -> list:
    """Runs each statement on ``database`` (autocommit, as DROP DATABASE needs); returns the
    first value each one gives, if any."""
    import sqlalchemy as sa

    engine = sa.create_engine(
        f"postgresql://{POSTGRES_USER}@{POSTGRES_HOST}:{POSTGRES_PORT}/{database}", isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        results = [connection.execute(sa.text(statement)) for statement in statements]
        values = [result.scalar() if result.returns_rows else None for result in results]
    engine.dispose()
    return values


def drop_databases(names: Sequence[str]) -> None:
    # Our own names (letters, digits, underscores): safe to quote this way.
    run_sql(POSTGRES_LOGIN_DB, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names])


def stored_events(database: str) -> int:
    """Events in a bench database's tracker store: shows the conversations really went through
    PostgreSQL."""
    return run_sql(database, ["SELECT count(*) FROM events"])[0]


def delete_redis_keys(prefixes: Sequence[str]) -> None:
    """Rasa deletes each lock once its message is handled; this removes any a stopped server left."""
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    for prefix in prefixes:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    client.close()


def memory_mb(pid: int) -> Tuple[float, float]:
    """(resident now, peak resident) of a process in MB, from /proc (psutil is not installed in
    this venv, and /proc also gives the peak, VmHWM)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


LOG_PROBLEM = re.compile(r"\b(ERROR|CRITICAL|Traceback)\b")


def log_problems(log: Path) -> List[str]:
    return [line.rstrip() for line in log.read_text(errors="replace").splitlines() if LOG_PROBLEM.search(line)]


# --- Report ---


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def ratio_rows(level_results: Sequence[LevelResult], ours: str, reference: str) -> List[dict]:
    by_key = {(r.bot, r.concurrency): r for r in level_results}
    rows = []
    for concurrency in sorted({r.concurrency for r in level_results}):
        mine, theirs = by_key[(ours, concurrency)], by_key[(reference, concurrency)]
        p95_ratio = mine.percentile(95) / theirs.percentile(95)
        rows.append(
            {
                "section": "ratio",
                "server": f"{ours}/{reference}",
                "concurrency": concurrency,
                "p50_ratio": round(mine.percentile(50) / theirs.percentile(50), 3),
                "p95_ratio": round(p95_ratio, 3),
                "target": f"p95 ratio <= {TARGET_P95_RATIO}",
                "verdict": verdict(p95_ratio <= TARGET_P95_RATIO),
            }
        )
    return rows


def print_report(
    training_s: float,
    level_results: Sequence[LevelResult],
    ratios: Sequence[dict],
    long_results: Sequence[LongResult],
    long_messages: int,
    memory: Dict[str, Tuple[float, float]],
    failures: Sequence[str],
    problems: Dict[str, List[str]],
) -> None:
    print(f"\nReference bot training (rasa init --no-prompt, moodbot, default config): {training_s:.1f} s")
    print("\nLoad: REST webhook, whole conversations, each message waits for its reply (latency of 200s only)")
    print(
        f"{'server':8} {'users':>5} {'messages':>8} {'errors':>6} {'conv':>5} {'failed':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'msg/s':>6} {'secs':>5}"
    )
    for r in level_results:
        print(
            f"{r.bot:8} {r.concurrency:>5} {r.messages:>8} {r.errors:>6} {r.conversations:>5} "
            f"{r.failed_conversations:>6} {r.percentile(50):>7.0f} {r.percentile(95):>7.0f} "
            f"{r.percentile(99):>7.0f} {r.messages_per_s:>6.1f} {r.seconds:>5.0f}"
        )
    print(f"\nOurs / reference (target: p95 ratio <= {TARGET_P95_RATIO} at every concurrency)")
    for row in ratios:
        print(f"  {row['concurrency']:>3} users: p50 x{row['p50_ratio']:.2f}, p95 x{row['p95_ratio']:.2f}  {row['verdict']}")
    print(f"  overall: {verdict(all(row['verdict'] == 'PASS' for row in ratios))}")
    print(
        f"\nLong conversation: one sender, {long_messages} messages, median of {LONG_RUNS} runs per position "
        f"(target: mean of the last {WINDOW} <= {TARGET_LONG_RATIO} x mean of the first {WINDOW})"
    )
    for r in long_results:
        print(
            f"  {r.bot:8} message 1 {r.per_position_ms[0]:.0f} ms, message {long_messages} "
            f"{r.per_position_ms[-1]:.0f} ms; mean 1-{WINDOW} {r.window_mean(True):.0f} ms, mean "
            f"{long_messages - WINDOW + 1}-{long_messages} {r.window_mean(False):.0f} ms; ratio x{r.ratio:.2f}"
            f" ({r.runs} runs)  {verdict(r.ratio <= TARGET_LONG_RATIO)}"
        )
    print(f"\nResident memory after the load (target <= {TARGET_RSS_MB:,} MB per Rasa server)")
    for name, (rss, peak) in memory.items():
        judged = f"  {verdict(rss <= TARGET_RSS_MB)}" if name.endswith("rasa") else ""
        print(f"  {name:14} {rss:6.0f} MB (peak {peak:.0f} MB){judged}")
    print(f"\nConversations that did not go as expected: {len(failures)}")
    for failure in failures[:20]:
        print(f"  {failure}")
    if len(failures) > 20:
        print(f"  ... and {len(failures) - 20} more")
    print()
    for name, lines in problems.items():
        print(f"Server log {name}: {len(lines)} ERROR/Traceback lines" + (":" if lines else ""))
        for line in lines[:10]:
            print(f"  {line[:300]}")


def write_csv(
    path: Path,
    level_results: Sequence[LevelResult],
    ratios: Sequence[dict],
    long_results: Sequence[LongResult],
    memory: Dict[str, Tuple[float, float]],
) -> None:
    columns = [
        "section",
        "server",
        "concurrency",
        "messages",
        "errors",
        "conversations",
        "failed_conversations",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "messages_per_s",
        "seconds",
        "p50_ratio",
        "p95_ratio",
        "first_ms",
        "last_ms",
        "mean_first_window_ms",
        "mean_last_window_ms",
        "ratio",
        "rss_mb",
        "peak_rss_mb",
        "target",
        "verdict",
    ]
    rows = [
        {
            "section": "load",
            "server": r.bot,
            "concurrency": r.concurrency,
            "messages": r.messages,
            "errors": r.errors,
            "conversations": r.conversations,
            "failed_conversations": r.failed_conversations,
            "p50_ms": round(r.percentile(50), 1),
            "p95_ms": round(r.percentile(95), 1),
            "p99_ms": round(r.percentile(99), 1),
            "messages_per_s": round(r.messages_per_s, 2),
            "seconds": round(r.seconds, 1),
        }
        for r in level_results
    ]
    rows += ratios
    rows += [
        {
            "section": "long_conversation",
            "server": r.bot,
            "messages": len(r.per_position_ms),
            "first_ms": round(r.per_position_ms[0], 1),
            "last_ms": round(r.per_position_ms[-1], 1),
            "mean_first_window_ms": round(r.window_mean(True), 1),
            "mean_last_window_ms": round(r.window_mean(False), 1),
            "ratio": round(r.ratio, 3),
            "target": f"ratio <= {TARGET_LONG_RATIO}",
            "verdict": verdict(r.ratio <= TARGET_LONG_RATIO),
        }
        for r in long_results
    ]
    rows += [
        {
            "section": "memory",
            "server": name,
            "rss_mb": round(rss),
            "peak_rss_mb": round(peak),
            **({"target": f"rss <= {TARGET_RSS_MB}", "verdict": verdict(rss <= TARGET_RSS_MB)} if name.endswith("rasa") else {}),
        }
        for name, (rss, peak) in memory.items()
    ]
    with open(path, "w", newline="") as output:
        writer = csv.DictWriter(output, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def write_plot(path: Path, level_results: Sequence[LevelResult], long_results: Sequence[LongResult]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (p95_axes, rate_axes, long_axes) = plt.subplots(1, 3, figsize=(16, 4.8))
    users = sorted({r.concurrency for r in level_results})
    for bot in dict.fromkeys(r.bot for r in level_results):
        mine = sorted((r for r in level_results if r.bot == bot), key=lambda r: r.concurrency)
        p95_axes.plot(users, [r.percentile(95) for r in mine], marker="o", label=bot)
        rate_axes.plot(users, [r.messages_per_s for r in mine], marker="o", label=bot)
    for axes, title, unit in ((p95_axes, "p95 latency per message", "ms"), (rate_axes, "throughput", "messages/s")):
        axes.set(xscale="log", xlabel="concurrent users", ylabel=unit, title=title)
        axes.set_xticks(users, [str(u) for u in users])
        axes.grid(alpha=0.3)
        axes.legend()
    for r in long_results:
        long_axes.plot(range(1, len(r.per_position_ms) + 1), r.per_position_ms, label=r.bot, linewidth=1)
    long_axes.set(
        xlabel="message position in the conversation", ylabel="ms", title=f"long conversation (median of {LONG_RUNS} runs)"
    )
    long_axes.grid(alpha=0.3)
    long_axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


# --- Main ---


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help=f"small budgets for development: {QUICK_BUDGETS} and a 60-message long conversation"
    )
    parser.add_argument("--levels", default="1,8,32", help="concurrent users per level (default 1,8,32)")
    parser.add_argument(
        "--budgets", help=f"messages per level, one per --levels entry (default {FULL_BUDGETS}, with --quick {QUICK_BUDGETS})"
    )
    parser.add_argument("--seconds", type=float, default=150, help="time limit per server and level (default 150)")
    parser.add_argument("--long-messages", type=int, help="messages in the long conversation (default 200, with --quick 60)")
    parser.add_argument("--out", type=Path, default=ROOT / "results", help="output directory (default results/)")
    args = parser.parse_args()
    args.levels = [int(level) for level in args.levels.split(",")]
    if args.budgets:
        budgets = [int(budget) for budget in args.budgets.split(",")]
        if len(budgets) != len(args.levels):
            parser.error("--budgets needs one number per --levels entry")
        args.budgets = dict(zip(args.levels, budgets, strict=True))
    else:
        table = QUICK_BUDGETS if args.quick else FULL_BUDGETS
        if not set(args.levels) <= set(table):
            parser.error(f"no default budget for levels {sorted(set(args.levels) - set(table))}: give --budgets")
        args.budgets = {level: table[level] for level in args.levels}
    if args.long_messages is None:
        args.long_messages = 60 if args.quick else 200
    if args.long_messages < 2 * WINDOW + len(ANSWERS) + 1:
        parser.error(f"--long-messages must be at least {2 * WINDOW + len(ANSWERS) + 1}")
    return args


def main() -> int:
    args = parse_args()
    if not MODEL.exists():
        print(f"{MODEL} is missing: train it first (make train)", file=sys.stderr)
        return 2
    # Stop the servers and drop the databases on `kill` too, as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    logs = args.out / "load_bench_logs"
    logs.mkdir(exist_ok=True)
    print(
        f"Load average before the run (other work on this machine skews the figures): "
        f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}"
    )

    tag = os.getpid()
    databases = [f"senco_bench_{tag}", f"moodbot_bench_{tag}"]
    key_prefixes = [f"sencobench{tag}", f"moodbench{tag}"]  # Rasa ignores a prefix that is not alphanumeric
    env = server_env()
    failures: List[str] = []
    with tempfile.TemporaryDirectory(prefix="load_bench_") as tmp:
        moodbot_dir = Path(tmp) / "moodbot"
        print("Training the reference bot (rasa init --no-prompt) ...", flush=True)
        training_s = build_moodbot(moodbot_dir, env, logs / "moodbot_train.log")
        (moodbot_dir / "endpoints.bench.yml").write_text(moodbot_endpoints(databases[1], key_prefixes[1]))

        drop_databases(databases)  # fresh, even if an earlier run with this pid left one behind
        action_port = free_port()
        senco = Bot("senco", free_port(), SENCO_CONVERSATIONS, long_senco_conversation)
        moodbot = Bot("moodbot", free_port(), MOOD_CONVERSATIONS, long_mood_conversation)
        senco_env = dict(
            env,
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
            DB_HOST=POSTGRES_HOST,
            DB_PORT=str(POSTGRES_PORT),
            DB_NAME=databases[0],
            DB_USER=POSTGRES_USER,
            DB_PASSWORD="",
            DB_LOGIN_DB=POSTGRES_LOGIN_DB,
            REDIS_HOST=REDIS_HOST,
            REDIS_PORT=str(REDIS_PORT),
            REDIS_DB=str(REDIS_DB),
            REDIS_PASSWORD="",
            REDIS_KEY_PREFIX=key_prefixes[0],
        )
        interface = ("--interface", "127.0.0.1")
        senco.processes["senco actions"] = Process(
            "senco_actions", actions_command(action_port), senco_env, action_port, "/health", logs
        )
        senco.processes["senco rasa"] = Process(
            "senco_rasa",
            rasa_command(senco.port, endpoints="endpoints.production.yml", extra=interface),
            senco_env,
            senco.port,
            "/",
            logs,
        )
        moodbot.processes["moodbot rasa"] = Process(
            "moodbot_rasa",
            rasa_command(moodbot.port, model="models", endpoints="endpoints.bench.yml", extra=interface),
            env,
            moodbot.port,
            "/",
            logs,
            cwd=moodbot_dir,
        )
        bots = [moodbot, senco]
        processes = [process for bot in bots for process in bot.processes.values()]
        try:
            print("Starting the servers ...", flush=True)
            try:
                start_all(processes, STARTUP_TIMEOUT_S)
            except RuntimeError as error:
                raise RuntimeError(f"{error}; see the logs in {logs}") from None
            print("Measuring ...", flush=True)
            level_results, long_results = asyncio.run(
                measure(bots, args.levels, args.budgets, args.seconds, args.long_messages, failures)
            )
            memory = {name: memory_mb(process.pid) for bot in bots for name, process in bot.processes.items()}
            events = {database: stored_events(database) for database in databases}
        finally:
            stop_all(processes)
            drop_databases(databases)
            delete_redis_keys(key_prefixes)

    ratios = ratio_rows(level_results, "senco", "moodbot")
    problems = {log.name: log_problems(log) for log in sorted(logs.glob("*_rasa.log")) + [logs / "senco_actions.log"]}
    print_report(training_s, level_results, ratios, long_results, args.long_messages, memory, failures, problems)
    print("\nEvents stored in PostgreSQL (then dropped): " + ", ".join(f"{db} {n:,}" for db, n in events.items()))
    write_csv(args.out / "load_bench.csv", level_results, ratios, long_results, memory)
    write_plot(args.out / "load_bench.png", level_results, long_results)
    print(f"\nWritten {args.out / 'load_bench.csv'}, {args.out / 'load_bench.png'}; server logs in {logs}")
    print(
        f"Total time {time.perf_counter() - began:.0f} s; load average now {' '.join(f'{load:.2f}' for load in os.getloadavg())}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
