"""Rasa's SQL tracker store (SQLite for `make run`, PostgreSQL in production), made to survive a
database restart without losing or mixing up a conversation.

Why a subclass: Rasa wraps every tracker store in ``FailSafeTrackerStore``, which turns any error
while reading a conversation into "no conversation yet". During a PostgreSQL restart the user's
next message would then start a new conversation (and be answered as one), and its events would
be kept only in that instance's memory. So this store

- checks pooled connections before use (``pool_pre_ping``): connections left over from before a
  restart are replaced instead of failing the first request after it;
- retries reads and writes that fail because the database cannot be reached, for up to
  ``retry_seconds`` (env ``TRACKER_RETRY_SECONDS``, default 10), which covers a restart;
- if the database is still unreachable after that, raises ``TrackerStoreUnavailable``, which
  derives from ``BaseException`` precisely so that ``FailSafeTrackerStore`` (``except Exception``)
  cannot swallow it. Our channels (channels/guard.py) catch it and tell the user to try again;
  nothing they said before is lost, because nothing was written."""
from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import DBAPIError, OperationalError

logger = logging.getLogger(__name__)

RETRY_ENV = "TRACKER_RETRY_SECONDS"
DEFAULT_RETRY_SECONDS = 10.0
T = TypeVar("T")


class TrackerStoreUnavailable(BaseException):
    """The conversation store could not be reached within the retry budget."""


def _unreachable(error: BaseException) -> bool:
    """Errors that mean "the database is not there right now", as opposed to a bug in a query."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


class ResilientSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, retry_seconds: Optional[float] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = float(retry_seconds if retry_seconds is not None
                                   else os.environ.get(RETRY_ENV, DEFAULT_RETRY_SECONDS))
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

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
                    logger.error("tracker store: %s failed for %.0f s, giving up: %s", what,
                                 self.retry_seconds, type(error).__name__)
                    raise TrackerStoreUnavailable(what) from error
                logger.warning("tracker store: %s failed (%s); retrying in %.1f s", what,
                               type(error).__name__, pause)
                self.engine.dispose()
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        read = super()._retrieve
        return await self._patiently("read", lambda: read(sender_id, fetch_events_from_all_sessions))

    async def save(self, tracker: DialogueStateTracker) -> None:
        # A failed save rolled back as a whole, so saving again writes each new event once.
        write = super().save
        await self._patiently("write", lambda: write(tracker))

    async def keys(self):
        keys = super().keys
        return await self._patiently("list", keys)
