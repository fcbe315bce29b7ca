"""Short-lived share links: a random token that stands for one answer for 24 hours.

The token is all the link holds (``/summary/<token>``): the facts and the as-of date needed to draw
the answer again stay in the tracker store's own database, in the table ``share_links``, and are
deleted when the link expires (``python -m stores.retention`` deletes expired rows; a link past its
time is refused even before that). The database keeps only the SHA-256 of each token, so a copy of
the table cannot be turned back into working links.

Which database: the tracker store of an endpoints file, with the same environment variables the
Rasa server reads, so the action server (which makes links) and the web pages (which read them)
use the same database as the conversations. ``SHARE_ENDPOINTS`` names the file (default
``endpoints.yml``: SQLite at ``$TRACKER_DB``; in production ``endpoints.production.yml``:
PostgreSQL from ``DB_*``). When a variable that file needs is not set, sharing is off and
``configured()`` says why; the answer is given without links.

SQLAlchemy only (no Rasa), so the web server can use it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlalchemy.engine.url import URL, make_url

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
ENDPOINTS_ENV = "SHARE_ENDPOINTS"
POOL_SIZE_ENV, MAX_OVERFLOW_ENV = "SQL_POOL_SIZE", "SQL_MAX_OVERFLOW"
DEFAULT_ENDPOINTS = "endpoints.yml"
LIFETIME_SECONDS = 24 * 60 * 60
TOKEN_BYTES = 24  # 192 random bits: 32 URL-safe characters
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")
_VARIABLE = re.compile(r"\$\{([^}]+)\}")

metadata = sa.MetaData()
share_links = sa.Table(
    "share_links",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("facts", sa.Text, nullable=False),  # the facts object of the rules core, as JSON
    sa.Column("as_of", sa.String(10), nullable=False),  # YYYY-MM-DD: the date the answer was worked out for
    sa.Column("created", sa.Float, nullable=False),  # seconds since the epoch, as the events table
    sa.Column("expires", sa.Float, nullable=False, index=True),
)


class ShareStoreUnavailable(Exception):
    """The database holding the share links could not be reached or read."""


@dataclass(frozen=True)
class Link:
    token: str
    expires: float  # seconds since the epoch

    @property
    def expires_iso(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.expires))


@dataclass(frozen=True)
class Shared:
    facts: dict
    as_of: _dt.date
    created: float
    expires: float


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(text: str) -> bool:
    return bool(TOKEN_SHAPE.fullmatch(text))


class ShareStore:
    """The share links in one database (an SQLAlchemy URL or engine). The table is made on first use."""

    def __init__(self, target: str | URL | sa.engine.Engine):
        if isinstance(target, sa.engine.Engine):
            self.engine = target
        else:
            url = make_url(target) if isinstance(target, str) else target
            # pool_pre_ping: a connection left from before a database restart is replaced, not failed.
            options: dict = {"pool_pre_ping": True}
            if url.get_backend_name() == "postgresql":
                # The same settings as Rasa's pool (one short query at a time per process: small is
                # enough), so the deployment counts every process's connections alike.
                options.update(
                    pool_size=int(os.environ.get(POOL_SIZE_ENV, 1)), max_overflow=int(os.environ.get(MAX_OVERFLOW_ENV, 2))
                )
            self.engine = sa.create_engine(url, **options)
        self._ready = False
        self._lock = threading.Lock()

    def _ensure_table(self) -> None:
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            try:
                metadata.create_all(self.engine, checkfirst=True)
            except sa.exc.ProgrammingError:
                # Two processes made it at the same moment: the other one won, which is all we need.
                if not sa.inspect(self.engine).has_table(share_links.name):
                    raise
            self._ready = True

    def create(self, facts: dict, as_of: _dt.date, now: float | None = None) -> Link:
        """A new link for the answer to ``facts`` on ``as_of``, valid for 24 hours from ``now``."""
        now = time.time() if now is None else now
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = now + LIFETIME_SECONDS
        try:
            self._ensure_table()
            with self.engine.begin() as connection:
                connection.execute(
                    share_links.insert().values(
                        token_hash=_hash(token),
                        facts=json.dumps(facts, sort_keys=True, default=str),
                        as_of=as_of.isoformat(),
                        created=now,
                        expires=expires,
                    )
                )
        except sa.exc.SQLAlchemyError as error:
            raise ShareStoreUnavailable(type(error).__name__) from error
        return Link(token, expires)

    def get(self, token: str, now: float | None = None) -> Shared | None:
        """The answer behind ``token``, or None when it is unknown, malformed or expired."""
        if not looks_like_token(token):
            return None
        now = time.time() if now is None else now
        try:
            self._ensure_table()
            with self.engine.connect() as connection:
                row = connection.execute(sa.select(share_links).where(share_links.c.token_hash == _hash(token))).first()
        except sa.exc.SQLAlchemyError as error:
            raise ShareStoreUnavailable(type(error).__name__) from error
        if row is None or row.expires <= now:
            return None
        return Shared(json.loads(row.facts), _dt.date.fromisoformat(row.as_of), row.created, row.expires)

    def delete_expired(self, now: float | None = None, dry_run: bool = False) -> int:
        """Deletes (or with dry_run, counts) every link that has expired by ``now``."""
        now = time.time() if now is None else now
        self._ensure_table()
        expired = share_links.c.expires <= now
        with self.engine.begin() as connection:
            if dry_run:
                return connection.execute(sa.select(sa.func.count()).select_from(share_links).where(expired)).scalar()
            return connection.execute(share_links.delete().where(expired)).rowcount


# ---- which database: the tracker store of an endpoints file ------------------------------------


class NotConfigured(ValueError):
    """The endpoints file names no SQL tracker store, or a variable it needs is not set."""


def _substitute(value, environ):
    if not isinstance(value, str):
        return value
    missing = [name for name in _VARIABLE.findall(value) if name not in environ]
    if missing:
        raise NotConfigured(f"{', '.join(missing)} not set")
    return _VARIABLE.sub(lambda match: environ[match.group(1)], value)


def database_url(endpoints: Path, environ=None) -> URL:
    """The SQLAlchemy URL of the tracker store ``endpoints`` configures, built as Rasa's SQL tracker
    store builds it (``${VAR}`` read from the environment)."""
    environ = os.environ if environ is None else environ
    data = yaml.safe_load(Path(endpoints).read_text(encoding="utf-8")) or {}
    config = data.get("tracker_store") or {}
    kind = str(config.get("type", ""))
    if not (kind == "sql" or kind.endswith("SQLTrackerStore")):
        raise NotConfigured(f"{endpoints} configures no SQL tracker store")
    values = {key: _substitute(value, environ) for key, value in config.items()}
    dialect = values.get("dialect") or "sqlite"
    host = values.get("url")
    if host and "://" in str(host):
        return make_url(str(host))
    port = values.get("port")
    return URL.create(
        dialect,
        username=values.get("username") or None,
        password=values.get("password") or None,
        host=host or None,
        port=int(port) if port not in (None, "") else None,
        database=values.get("db") or "rasa.db",
    )


_configured: dict = {}


def configured(environ=None) -> tuple[ShareStore | None, str]:
    """(the store, "") when sharing is configured, else (None, why not). One store per process."""
    environ = os.environ if environ is None else environ
    endpoints = Path(environ.get(ENDPOINTS_ENV) or DEFAULT_ENDPOINTS)
    if not endpoints.is_absolute():
        endpoints = ROOT / endpoints
    try:
        url = database_url(endpoints, environ)
    except (NotConfigured, OSError, yaml.YAMLError) as error:
        return None, f"share links are off: {error}"
    key = str(url)
    if key not in _configured:
        _configured[key] = ShareStore(url)
    return _configured[key], ""
