"""A tracker store whose database a test can take away: stores/sql.py's ResilientSQLTrackerStore
on SQLite, except that while the file named by OUTAGE_FLAG exists, every database operation fails
as it does when PostgreSQL is down or unreachable (SQLAlchemy's OperationalError). The store's own
retries then run for TRACKER_RETRY_SECONDS and it gives up exactly as it would in production."""

import contextlib
import os
from pathlib import Path

from sqlalchemy.exc import OperationalError

from stores.sql import ResilientSQLTrackerStore

OUTAGE_FLAG = "OUTAGE_FLAG"


class OutageTrackerStore(ResilientSQLTrackerStore):
    @contextlib.contextmanager
    def session_scope(self):
        flag = os.environ.get(OUTAGE_FLAG)
        if flag and Path(flag).exists():
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("the test took the database away"))
        with super().session_scope() as session:
            yield session
