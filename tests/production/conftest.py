"""The production stack (stack.py), started once for the production tests; PostgreSQL and Redis
must be running on 127.0.0.1 (`.ci/run` starts them if they are not)."""

import subprocess

import pytest

from tests.production.stack import ProductionStack
from tests.support.servers import MODEL


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test trains first)")
    for service, check in (
        ("PostgreSQL", ["pg_isready", "-q", "-h", "127.0.0.1"]),
        ("Redis", ["redis-cli", "-h", "127.0.0.1", "ping"]),
    ):
        if subprocess.run(check, capture_output=True).returncode != 0:
            pytest.fail(f"{service} is not running on 127.0.0.1 (.ci/run starts it)")
    started = ProductionStack(tmp_path_factory.mktemp("production"))
    try:
        yield started
    finally:
        started.stop()
