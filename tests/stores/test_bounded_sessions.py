"""stores/sql.py: a long conversation is carried into a new session once the current one is over
the limit, with every slot kept, so each message costs the same however long the conversation."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.sql import ResilientSQLTrackerStore
from tests.coroutines import run_coroutine
from tests.support.servers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def turn(number):
    return [
        UserUttered(f"message {number}", {"name": "faq_npq_length", "confidence": 1.0}),
        ActionExecuted("action_answer_faq"),
        BotUttered(f"answer {number}"),
        ActionExecuted("action_listen"),
    ]


def store_at(tmp_path, limit=20):
    return ResilientSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"), session_events=limit)


def test_a_session_over_the_limit_starts_again_with_the_slots(tmp_path):
    store = store_at(tmp_path)
    tracker = DialogueStateTracker.from_events(
        "long", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")], DOMAIN.slots
    )
    tracker.update(SlotSet("nation", "england"))
    tracker.update(SlotSet("requested_fact", "setting"))
    tracker.update(ActionExecuted("action_listen"))
    for number in range(6):  # 4 events each: 6 turns take the session past 20
        for event in turn(number):
            tracker.update(event)
        run_coroutine(store.save(tracker))

    stored = run_coroutine(store.retrieve("long"))
    assert isinstance(stored.events[0], SessionStarted)
    assert len(stored.events) < 10  # the new session: start, the carried slots, listen
    assert stored.get_slot("nation") == "england" and stored.get_slot("requested_fact") == "setting"
    everything = run_coroutine(store.retrieve_full_tracker("long"))
    assert [e.text for e in everything.events if isinstance(e, UserUttered)] == [f"message {n}" for n in range(6)]


def test_a_turn_in_progress_is_never_cut(tmp_path):
    store = store_at(tmp_path, limit=3)
    tracker = DialogueStateTracker.from_events("busy", turn(1)[:3], DOMAIN.slots)  # no action_listen yet
    run_coroutine(store.save(tracker))
    assert not any(isinstance(e, SessionStarted) for e in run_coroutine(store.retrieve("busy")).events)


def test_a_short_session_is_left_alone(tmp_path):
    store = store_at(tmp_path, limit=100)
    tracker = DialogueStateTracker.from_events("short", turn(1) + turn(2), DOMAIN.slots)
    run_coroutine(store.save(tracker))
    assert len(run_coroutine(store.retrieve("short")).events) == 8
