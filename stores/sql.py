"""Rasa's SQL tracker store (SQLite for `make run`, PostgreSQL in production), made to survive a
database restart without losing or mixing up a conversation, and to keep the cost of a message
from growing with the length of its conversation.

Why a subclass: Rasa wraps every tracker store in ``FailSafeTrackerStore``, which turns any error
while reading a conversation into "no conversation yet". During a PostgreSQL restart the user's
next message would then start a new conversation (and be answered as one), and its events would
be kept only in that instance's memory. So this store

- checks pooled connections before use (``pool_pre_ping``): connections left over from before a
  restart are replaced instead of failing the first request after it;
- retries reads and writes that fail because the database cannot be reached, for up to
  ``retry_seconds`` (env ``TRACKER_RETRY_SECONDS``, default 10), which covers a restart;
- if the database is still unreachable after that, raises ``TrackerStoreUnavailable``, and lets
  it through ``FailSafeTrackerStore`` (channels/rasa_compat.py). Our channels (channels/guard.py)
  catch it and tell the user to try again, and Rasa's HTTP API answers it with 503 and a message
  saying so (rasa_compat again); nothing said before is lost, because nothing was written.

Bounded sessions: Rasa reads, replays, featurizes and sends to the action server every event of
the current session on every message, so a message's cost grows with the conversation (measured:
about 2 ms more per message with each earlier message). When a finished turn leaves the session
with more than ``session_events`` events (env ``TRACKER_SESSION_EVENTS``, default 120, about 15
messages), this store starts a new session after it, exactly as Rasa's action_session_start does
when a session expires with carry_over_slots_to_new_session: SessionStarted, every slot that is
set, then action_listen. Everything the conversation needs lives in slots (the facts, the pending
question, the last fact for corrections), so nothing changes for the user; the earlier events stay
in the database (Rasa's full-tracker API and the retention command see the whole conversation).

What this relies on inside Rasa (the engine it builds, how it counts a session's events, its
fail-safe wrapper, its HTTP API) is in channels/rasa_compat.py, checked against the Rasa version."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Optional, Text, TypeVar

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import DBAPIError, OperationalError

from channels import rasa_compat

logger = logging.getLogger(__name__)

RETRY_ENV = "TRACKER_RETRY_SECONDS"
DEFAULT_RETRY_SECONDS = 10.0
SESSION_EVENTS_ENV = "TRACKER_SESSION_EVENTS"
DEFAULT_SESSION_EVENTS = 120
# What Rasa's HTTP API says when the store is down (channels answer with channels/guard.py's
# TRY_AGAIN), and when to ask again.
UNAVAILABLE_MESSAGE = (
    "The conversation store cannot be reached right now, so nothing was read or changed. Please try again in a minute."
)
RETRY_AFTER_SECONDS = 60
T = TypeVar("T")


class TrackerStoreUnavailable(Exception):
    """The conversation store could not be reached within the retry budget."""


def _unreachable(error: BaseException) -> bool:
    """Errors that mean "the database is not there right now", as opposed to a bug in a query."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


class ResilientSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self, *args: Any, retry_seconds: Optional[float] = None, session_events: Optional[int] = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = float(
            retry_seconds if retry_seconds is not None else os.environ.get(RETRY_ENV, DEFAULT_RETRY_SECONDS)
        )
        self.session_events = int(
            session_events if session_events is not None else os.environ.get(SESSION_EVENTS_ENV, DEFAULT_SESSION_EVENTS)
        )
        rasa_compat.rebuild_engine_with_pre_ping(self)
        # Rasa builds the tracker store as its server starts: the moment to make its fail-safe
        # wrapper and its HTTP API treat an outage as one.
        rasa_compat.let_store_outages_through(TrackerStoreUnavailable)
        rasa_compat.answer_store_outages_over_http(TrackerStoreUnavailable, UNAVAILABLE_MESSAGE, RETRY_AFTER_SECONDS)

    async def _patiently(self, what: Text, attempt: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.retry_seconds
        pause = 0.2
        while True:
            try:
                return await attempt()
            except (OperationalError, DBAPIError) as error:
                if not _unreachable(error):
                    raise
                if time.monotonic() + pause > deadline:
                    logger.error(
                        "tracker store: %s failed for %.0f s, giving up: %s", what, self.retry_seconds, type(error).__name__
                    )
                    raise TrackerStoreUnavailable(what) from error
                logger.warning("tracker store: %s failed (%s); retrying in %.1f s", what, type(error).__name__, pause)
                self.engine.dispose()
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        read = super().retrieve
        return await self._patiently("read", lambda: read(sender_id))

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        read = super().retrieve_full_tracker
        return await self._patiently("read", lambda: read(conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        # A failed save rolled back as a whole, so saving again writes each new event once.
        write = super().save
        started = self._start_new_session(tracker) if self._session_is_full(tracker) else None
        await self._patiently("write", lambda: write(tracker))
        if started is not None:
            rasa_compat.keep_only_the_new_session(tracker, started)

    def _session_is_full(self, tracker: DialogueStateTracker) -> bool:
        """Whether the tracker's current session is over the limit and its last turn is finished."""
        events = tracker.events
        if not events or not isinstance(events[-1], ActionExecuted) or events[-1].action_name != ACTION_LISTEN_NAME:
            return False
        count = 0
        for event in reversed(events):
            if isinstance(event, SessionStarted):
                break
            count += 1
        return count > self.session_events

    @staticmethod
    def _start_new_session(tracker: DialogueStateTracker) -> SessionStarted:
        # SessionStarted first: a session is read as the events stamped at or after its start.
        started = SessionStarted()
        carried = [SlotSet(slot.name, slot.value) for slot in tracker.slots.values() if slot.value != slot.initial_value]
        for event in [started, *carried, ActionExecuted(ACTION_LISTEN_NAME)]:
            tracker.update(event)
        return started

    async def keys(self):
        keys = super().keys
        return await self._patiently("list", keys)
