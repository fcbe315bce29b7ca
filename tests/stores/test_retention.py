"""stores/retention.py on an SQLite tracker store: whole conversations idle for N days go, the rest
stay whole (a long conversation that is still going on keeps its old beginning)."""

import json
import subprocess
import sys
import time

import pytest

from stores.retention import DAY_SECONDS, purge
from stores.sql import ResilientSQLTrackerStore
from tests.support.servers import ROOT

NOW = 1_800_000_000.0


def add_conversation(store, sender, *days_ago):
    with store.session_scope() as session:
        for age in days_ago:
            session.add(
                store.SQLEvent(
                    sender_id=sender,
                    type_name="user",
                    timestamp=NOW - age * DAY_SECONDS,
                    data=json.dumps({"event": "user", "text": "hi"}),
                )
            )
        session.commit()


def senders(store):
    with store.session_scope() as session:
        return sorted({sender for (sender,) in session.query(store.SQLEvent.sender_id).all()})


@pytest.fixture
def store(tmp_path):
    store = ResilientSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))
    add_conversation(store, "idle-for-100-days", 120, 110, 100)
    add_conversation(store, "idle-for-31-days", 31)
    add_conversation(store, "old-but-active", 400, 200, 1)
    add_conversation(store, "new", 0)
    return store


def test_conversations_idle_longer_than_the_limit_are_deleted_whole(store):
    result = purge(store, days=30, now=NOW)
    assert (result.conversations, result.events) == (2, 4)
    assert senders(store) == ["new", "old-but-active"]
    with store.session_scope() as session:  # the active one keeps its 400-day-old beginning
        assert session.query(store.SQLEvent).filter_by(sender_id="old-but-active").count() == 3


def test_a_dry_run_counts_but_deletes_nothing(store):
    result = purge(store, days=30, now=NOW, dry_run=True)
    assert (result.conversations, result.events) == (2, 4)
    assert len(senders(store)) == 4


def test_the_limit_is_exclusive_of_conversations_active_within_it(store):
    assert purge(store, days=100.5, now=NOW).conversations == 0
    assert purge(store, days=99.5, now=NOW).conversations == 1


def test_the_command_reads_the_store_from_the_endpoints_file(tmp_path):
    database = tmp_path / "command.db"
    store = ResilientSQLTrackerStore(dialect="sqlite", db=str(database))
    days_from_now_to_NOW = (NOW - time.time()) / DAY_SECONDS  # add_conversation counts back from NOW
    add_conversation(store, "idle-for-40-days", 40 + days_from_now_to_NOW)
    add_conversation(store, "idle-for-1-day", 1 + days_from_now_to_NOW)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: stores.sql.ResilientSQLTrackerStore\n  dialect: sqlite\n  db: {database}\n")
    run = subprocess.run(
        [sys.executable, "-m", "stores.retention", "--days", "30", "--endpoints", str(endpoints)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert (report["deleted_conversations"], report["deleted_events"]) == (1, 1)
    assert senders(store) == ["idle-for-1-day"]


def test_the_command_refuses_a_negative_number_of_days(tmp_path):
    run = subprocess.run([sys.executable, "-m", "stores.retention", "--days", "-1"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and "negative" in run.stderr
