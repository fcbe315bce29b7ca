"""stores/share.py on SQLite: tokens are random and hold nothing, a link works for exactly 24 hours,
only the token's hash is kept, the store is found from the same endpoints file and variables as the
Rasa server's, and `python -m stores.retention` deletes expired links (and only those)."""

import datetime as dt
import json
import re
import sqlite3
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stores import share
from stores.share import LIFETIME_SECONDS, NotConfigured, ShareStore, configured, database_url
from tests.support.servers import ROOT

NOW = 1_800_000_000.0
AS_OF = dt.date(2026, 11, 26)
FACTS = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2023-09-01",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "none"},
}


@pytest.fixture
def database(tmp_path) -> Path:
    return tmp_path / "tracker.db"


@pytest.fixture
def store(database) -> ShareStore:
    return ShareStore(f"sqlite:///{database}")


def rows(database: Path) -> list:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT token_hash, facts, as_of, created, expires FROM share_links").fetchall()


def test_tokens_are_random_url_safe_and_long_enough_not_to_be_guessed(store):
    tokens = [store.create(FACTS, AS_OF, now=NOW).token for _ in range(500)]
    assert len(set(tokens)) == 500  # the same facts never give the same token
    alphabet = set(string.ascii_letters + string.digits + "-_")
    assert all(set(token) <= alphabet and len(token) >= 32 for token in tokens)
    # 32 characters of base64url are 192 bits; every character position varies across tokens
    assert all(len({token[i] for token in tokens}) > 30 for i in range(32))


def test_a_link_works_for_24_hours_and_not_a_second_more(store):
    link = store.create(FACTS, AS_OF, now=NOW)
    assert link.expires == NOW + 24 * 60 * 60 == NOW + LIFETIME_SECONDS
    assert link.expires_iso == "2027-01-16T08:00:00Z"
    assert store.get(link.token, now=NOW + LIFETIME_SECONDS - 1).facts == FACTS
    assert store.get(link.token, now=NOW + LIFETIME_SECONDS) is None


def test_the_row_holds_the_facts_and_the_as_of_date_and_only_the_tokens_hash(store, database):
    link = store.create(FACTS, AS_OF, now=NOW)
    shared = store.get(link.token, now=NOW)
    assert (shared.facts, shared.as_of) == (FACTS, AS_OF)
    [(token_hash, facts, as_of, created, expires)] = rows(database)
    assert json.loads(facts) == FACTS and as_of == "2026-11-26" and (created, expires) == (NOW, link.expires)
    assert link.token not in token_hash and link.token not in Path(database).read_bytes().decode("latin-1")


def test_unknown_and_malformed_tokens_find_nothing(store):
    store.create(FACTS, AS_OF, now=NOW)
    assert store.get("A" * 32, now=NOW) is None
    for bad in ("", "short", "../../etc/passwd", "x" * 65, "a b c d e f g h i j k l m n o p"):
        assert store.get(bad, now=NOW) is None


def test_delete_expired_deletes_only_links_past_their_time(store, database):
    old = store.create(FACTS, AS_OF, now=NOW - LIFETIME_SECONDS - 1)
    fresh = store.create(FACTS, AS_OF, now=NOW - 60)
    assert store.delete_expired(now=NOW, dry_run=True) == 1 and len(rows(database)) == 2
    assert store.delete_expired(now=NOW) == 1
    assert store.get(old.token, now=NOW) is None and store.get(fresh.token, now=NOW) is not None
    assert len(rows(database)) == 1


def test_the_store_is_the_one_endpoints_yml_configures_from_TRACKER_DB(database):
    url = database_url(ROOT / "endpoints.yml", {"TRACKER_DB": str(database), "ACTION_ENDPOINT_URL": "x"})
    assert (url.get_backend_name(), url.database) == ("sqlite", str(database))


def test_in_production_it_is_the_postgresql_database_of_the_DB_variables():
    environ = {
        "DB_HOST": "db.internal",
        "DB_PORT": "5433",
        "DB_NAME": "senco",
        "DB_USER": "senco",
        "DB_PASSWORD": "s3cret:/@",
        "DB_LOGIN_DB": "postgres",
        "ACTION_ENDPOINT_URL": "x",
        "REDIS_HOST": "r",
        "REDIS_PORT": "6379",
        "REDIS_DB": "1",
        "REDIS_PASSWORD": "",
        "REDIS_KEY_PREFIX": "s",
    }
    url = database_url(ROOT / "endpoints.production.yml", environ)
    assert (url.get_backend_name(), url.host, url.port, url.database, url.username, url.password) == (
        "postgresql",
        "db.internal",
        5433,
        "senco",
        "senco",
        "s3cret:/@",
    )


def test_without_the_variables_sharing_is_off_and_says_which_are_missing(tmp_path):
    with pytest.raises(NotConfigured, match="TRACKER_DB"):
        database_url(ROOT / "endpoints.yml", {})
    store, why_not = configured({"SHARE_ENDPOINTS": str(ROOT / "endpoints.production.yml")})
    assert store is None and "DB_HOST" in why_not
    other = tmp_path / "endpoints.yml"
    other.write_text("tracker_store:\n  type: redis\n")
    assert configured({"SHARE_ENDPOINTS": str(other)})[0] is None


def test_configured_gives_one_store_per_database(database):
    environ = {"TRACKER_DB": str(database)}
    first, _ = configured(environ)
    second, _ = configured(dict(environ))
    assert first is second and isinstance(first, ShareStore)


def test_the_retention_command_also_deletes_expired_share_links(database):
    from stores.sql import ResilientSQLTrackerStore

    ResilientSQLTrackerStore(dialect="sqlite", db=str(database))  # the events table, as Rasa makes it
    store = ShareStore(f"sqlite:///{database}")
    expired = store.create(FACTS, AS_OF, now=time.time() - LIFETIME_SECONDS - 5)
    live = store.create(FACTS, AS_OF)
    endpoints = database.with_name("endpoints.yml")
    endpoints.write_text(f"tracker_store:\n  type: stores.sql.ResilientSQLTrackerStore\n  dialect: sqlite\n  db: {database}\n")
    command = [sys.executable, "-m", "stores.retention", "--days", "30", "--endpoints", str(endpoints)]
    dry = subprocess.run(command + ["--dry-run"], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["would_delete_share_links"] == 1 and len(rows(database)) == 2
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["deleted_share_links"] == 1
    assert store.get(expired.token) is None and store.get(live.token) is not None
    assert len(rows(database)) == 1


def test_the_web_side_needs_no_rasa():
    """The web server reads share links and draws summaries: that must not pull Rasa in."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, stores.share, channels.summary; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'rasa', 'rasa_sdk', 'tensorflow'}))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "[]"


def test_a_token_shape_is_what_the_store_makes():
    assert re.fullmatch(share.TOKEN_SHAPE, ShareStore("sqlite://").create(FACTS, AS_OF).token)
