"""The production stack for the store, fault, bad-input and security tests: the action server
and two Rasa instances sharing a PostgreSQL tracker store (a throwaway database) and a Redis lock
store (a throwaway key prefix), configured only through the environment variables that
endpoints.production.yml reads, with the HTTP API behind a token and CORS limited to one origin,
as scripts/run_production.sh runs them. PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)
must be running: `.ci/run` starts them if they are not. The fixture is in conftest.py."""

import json
import subprocess
import uuid
from pathlib import Path
from typing import List

from tests.support.http import post_json
from tests.support.proxy import DelayingProxy
from tests.support.servers import Process, actions_command, free_port, rasa_command, server_env, start_all, stop_all

TOKEN = "production-tests-token"
# Conversations whose sender id contains this have every action held for SLOW_SECONDS (a slow
# action server), so that their messages are sure to overlap.
SLOW_MARKER, SLOW_SECONDS = "slow-", 0.5
ALLOWED_ORIGIN = "https://training-provider.example"


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


class ProductionStack:
    def __init__(self, tmp: Path, instances: int = 2):
        self.tmp = tmp
        run_id = uuid.uuid4().hex[:10]
        self.database = f"senco_test_{run_id}"
        action_port = free_port()
        self.proxy = DelayingProxy(f"http://127.0.0.1:{action_port}", SLOW_MARKER, SLOW_SECONDS)
        self.env = server_env(
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.proxy.port}/webhook",
            DB_HOST="127.0.0.1",
            DB_PORT="5432",
            DB_NAME=self.database,
            DB_USER="postgres",
            DB_PASSWORD="",
            DB_LOGIN_DB="postgres",
            REDIS_HOST="127.0.0.1",
            REDIS_PORT="6379",
            REDIS_DB="1",
            REDIS_PASSWORD="",
            REDIS_KEY_PREFIX=f"sencotest{run_id}",
        )
        self.actions = Process("actions", actions_command(action_port), self.env, action_port, "/health", tmp)
        self.instances = []
        for number in range(instances):
            port = free_port()
            self.instances.append(
                Process(
                    f"rasa{number}",
                    rasa_command(
                        port,
                        endpoints="endpoints.production.yml",
                        extra=("--enable-api", "--auth-token", TOKEN, "--cors", ALLOWED_ORIGIN),
                    ),
                    self.env,
                    port,
                    "/",
                    tmp,
                )
            )
        try:
            start_all([self.actions, *self.instances])
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
        stop_all([*self.instances, self.actions])
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
