"""The production stack for the store, fault, bad-input and security tests: the action server
and two Rasa instances sharing a PostgreSQL tracker store (a throwaway database) and a Redis lock
store (a throwaway key prefix), configured only through the environment variables that
endpoints.production.yml reads, with the HTTP API behind a token and CORS limited to one origin,
as scripts/run_production.sh runs them. PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)
must be running: `.ci/run` starts them if they are not."""
import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from tests.e2e.conftest import MODEL, ROOT, TODAY, free_port, wait_for
from tests.slack.slack_fakes import DelayingProxy

# A constant, not a random one: this module is imported twice (by pytest as a conftest, and by the
# tests by name), and both must agree.
TOKEN = "production-tests-token"
# Conversations whose sender id contains this have every action held for SLOW_SECONDS (a slow
# action server), so that their messages are sure to overlap.
SLOW_MARKER, SLOW_SECONDS = "slow-", 0.5
ALLOWED_ORIGIN = "https://training-provider.example"
BIN = ROOT / ".venv" / "bin"


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


class Server:
    """One server process that can be killed and started again on the same port."""

    def __init__(self, name: str, command: List[str], env: Dict[str, str], port: int, ready_path: str,
                 logs: Path):
        self.name, self.command, self.env, self.port, self.ready_path = name, command, env, port, ready_path
        self.log_path = logs / f"{name}.log"
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, seconds: float = 240) -> None:
        wait_for(self.url + self.ready_path, seconds, self.process)

    def kill(self) -> None:
        """As a crash would: no chance to tidy up."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class ProductionStack:
    def __init__(self, tmp: Path, instances: int = 2):
        self.tmp = tmp
        run_id = uuid.uuid4().hex[:10]
        self.database = f"senco_test_{run_id}"
        action_port = free_port()
        self.proxy = DelayingProxy(f"http://127.0.0.1:{action_port}", SLOW_MARKER, SLOW_SECONDS)
        self.env = dict(
            os.environ, SENCO_TODAY=TODAY, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1", TF_CPP_MIN_LOG_LEVEL="2",
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.proxy.port}/webhook",
            DB_HOST="127.0.0.1", DB_PORT="5432", DB_NAME=self.database, DB_USER="postgres", DB_PASSWORD="",
            DB_LOGIN_DB="postgres", REDIS_HOST="127.0.0.1", REDIS_PORT="6379", REDIS_DB="1", REDIS_PASSWORD="",
            REDIS_KEY_PREFIX=f"sencotest{run_id}")
        self.actions = Server("actions", [str(BIN / "rasa"), "run", "actions", "--actions", "actions",
                                          "--port", str(action_port)], self.env, action_port, "/health", tmp)
        self.instances = []
        for number in range(instances):
            port = free_port()
            self.instances.append(Server(
                f"rasa{number}", [str(BIN / "rasa"), "run", "--model", str(MODEL), "--port", str(port),
                                  "--credentials", "credentials.yml", "--endpoints", "endpoints.production.yml",
                                  "--enable-api", "--auth-token", TOKEN, "--cors", ALLOWED_ORIGIN],
                self.env, port, "/", tmp))
        try:
            for server in [self.actions, *self.instances]:
                server.start()
            for server in [self.actions, *self.instances]:
                server.wait_ready()
        except Exception:
            self.stop()
            raise

    def say(self, sender: str, text: str, instance: int = 0) -> list:
        return post_json(self.instances[instance].url + "/webhooks/rest/webhook", {"sender": sender, "message": text})

    def alternating(self) -> "Alternating":
        return Alternating(self)

    def stored_events(self, sender: str) -> List[dict]:
        rows = psql(f"SELECT data FROM events WHERE sender_id = '{sender}' ORDER BY id", self.database)
        return [json.loads(row) for row in rows.splitlines() if row]

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.tmp.glob("*.log")))

    def stop(self) -> None:
        for server in [*self.instances, self.actions]:
            server.stop()
        self.proxy.stop()
        try:
            psql(f"DROP DATABASE IF EXISTS {self.database}")
        except subprocess.CalledProcessError:
            pass


class Alternating:
    """A client that sends each message of a conversation to the next instance in turn."""

    def __init__(self, stack: ProductionStack):
        self.stack, self.count = stack, 0

    def say(self, sender: str, text: str) -> list:
        instance = self.count % len(self.stack.instances)
        self.count += 1
        return self.stack.say(sender, text, instance)


def post_json(url: str, payload: dict, timeout: float = 60) -> list:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def http(method: str, url: str, body: Optional[bytes] = None, headers: Optional[dict] = None, timeout: float = 60):
    """(status, headers, body bytes) for any request, 4xx and 5xx included."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test trains first)")
    for service, check in (("PostgreSQL", ["pg_isready", "-q", "-h", "127.0.0.1"]),
                           ("Redis", ["redis-cli", "-h", "127.0.0.1", "ping"])):
        if subprocess.run(check, capture_output=True).returncode != 0:
            pytest.fail(f"{service} is not running on 127.0.0.1 (.ci/run starts it)")
    started = ProductionStack(tmp_path_factory.mktemp("production"))
    try:
        yield started
    finally:
        started.stop()
