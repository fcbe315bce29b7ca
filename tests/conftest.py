"""Shared test helpers: trackers built from small JSON snapshots (tests/fixtures/*.json), as in
Rasa's demos, "today" fixed through SENCO_TODAY, and share links kept in each test's own database."""

import json
from pathlib import Path

import pytest

from tests.support.servers import TODAY

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("SENCO_TODAY", TODAY)


@pytest.fixture(autouse=True)
def share_links_kept_apart(monkeypatch, tmp_path):
    """An answer given in a test keeps its share link in the test's own database, never in the
    checkout's .rasa/tracker.db that `make test` would otherwise name (stores/share.py)."""
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.delenv("SHARE_ENDPOINTS", raising=False)


def load_snapshot(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def make_tracker(slots=None, intent="inform", entities=None, text="", snapshot=None):
    from rasa_sdk import Tracker

    state = load_snapshot(snapshot) if snapshot else {}
    all_slots = dict(state.get("slots", {}))
    all_slots.update(slots or {})
    return Tracker(
        sender_id="test-user",
        slots=all_slots,
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def tracker_factory():
    return make_tracker
