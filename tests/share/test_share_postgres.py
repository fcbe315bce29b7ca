"""Share links on PostgreSQL, as in production: a throwaway database (as tests/production makes
one), the store found from endpoints.production.yml and the DB_* variables, links made, read and
expired, and `python -m stores.retention --endpoints endpoints.production.yml` deleting the expired
ones. Needs PostgreSQL on 127.0.0.1:5432 (`.ci/run` starts it)."""

import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid

import pytest

from stores.share import LIFETIME_SECONDS, configured
from tests.support.servers import ROOT

pytestmark = pytest.mark.slow

AS_OF = dt.date(2026, 11, 26)
FACTS = {
    "nation": "england",
    "setting": "maintained_nursery",
    "role": "senco",
    "appointment_date": "2024-01-08",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "registered", "start_date": "2026-11-01"},
}


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def environ():
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], capture_output=True).returncode != 0:
        pytest.fail("PostgreSQL is not running on 127.0.0.1 (.ci/run starts it)")
    database = f"senco_share_test_{uuid.uuid4().hex[:10]}"
    psql(f"CREATE DATABASE {database}")
    environ = dict(
        os.environ,
        SHARE_ENDPOINTS="endpoints.production.yml",
        DB_HOST="127.0.0.1",
        DB_PORT="5432",
        DB_NAME=database,
        DB_USER="postgres",
        DB_PASSWORD="",
        DB_LOGIN_DB="postgres",
        ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook",
        REDIS_HOST="127.0.0.1",
        REDIS_PORT="6379",
        REDIS_DB="1",
        REDIS_PASSWORD="",
        REDIS_KEY_PREFIX="sharetest",
        PYTHONPATH=str(ROOT),
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    try:
        yield environ
    finally:
        store, _ = configured(environ)
        if store is not None:
            store.engine.dispose()
        psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def test_links_live_in_the_postgresql_database_and_expire(environ):
    store, why_not = configured(environ)
    assert store is not None, why_not
    assert store.engine.url.get_backend_name() == "postgresql" and store.engine.url.database == environ["DB_NAME"]
    link = store.create(FACTS, AS_OF)
    shared = store.get(link.token)
    assert (shared.facts, shared.as_of) == (FACTS, AS_OF)
    assert psql("SELECT count(*) FROM share_links", environ["DB_NAME"]) == "1"
    assert psql(f"SELECT count(*) FROM share_links WHERE token_hash LIKE '%{link.token}%'", environ["DB_NAME"]) == "0"
    assert store.get(link.token, now=time.time() + LIFETIME_SECONDS + 1) is None


def test_retention_on_postgresql_deletes_expired_links_only(environ):
    store, _ = configured(environ)
    expired = store.create(FACTS, AS_OF, now=time.time() - LIFETIME_SECONDS - 60)
    live = store.create(FACTS, AS_OF)
    run = subprocess.run(
        [sys.executable, "-m", "stores.retention", "--days", "90", "--endpoints", "endpoints.production.yml"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.strip().splitlines()[-1])["deleted_share_links"] == 1
    assert store.get(expired.token) is None and store.get(live.token) is not None
    assert psql("SELECT count(*) FROM share_links", environ["DB_NAME"]) == "1"
