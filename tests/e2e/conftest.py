"""Starts the action server and the Rasa server (trained model, REST channel) once for the e2e
tests, on free local ports, with "today" fixed and a throwaway tracker store."""
import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "senco.tar.gz"
TODAY = "2026-11-26"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float, process) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early while waiting for {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


class Servers:
    """The action server and the Rasa server on free ports. Suites that need more (a CORS origin,
    another credentials file, a proxy in front of the actions) pass it in rather than copy this."""

    def __init__(self, tmp: Path, credentials="credentials.yml", extra_env=None, extra_rasa_args=(),
                 action_url=None, ready_path="/"):
        self.rasa_port, self.action_port = free_port(), free_port()
        action_url = action_url(self.action_port) if action_url else f"http://127.0.0.1:{self.action_port}/webhook"
        env = dict(os.environ, SENCO_TODAY=TODAY, PYTHONPATH=str(ROOT), SQLALCHEMY_SILENCE_UBER_WARNING="1",
                   ACTION_ENDPOINT_URL=action_url, TRACKER_DB=str(tmp / "tracker.db"), TF_CPP_MIN_LOG_LEVEL="2",
                   RASA_TELEMETRY_ENABLED="false", **(extra_env or {}))
        bin_dir = ROOT / ".venv" / "bin"
        self.logs = tmp
        self.actions = subprocess.Popen(
            [str(bin_dir / "rasa"), "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
            cwd=ROOT, env=env, stdout=open(tmp / "actions.log", "w"), stderr=subprocess.STDOUT)
        self.rasa = subprocess.Popen(
            [str(bin_dir / "rasa"), "run", "--model", str(MODEL), "--port", str(self.rasa_port),
             "--credentials", str(credentials), "--endpoints", "endpoints.yml", *extra_rasa_args],
            cwd=ROOT, env=env, stdout=open(tmp / "rasa.log", "w"), stderr=subprocess.STDOUT)
        try:
            wait_for(f"http://127.0.0.1:{self.action_port}/health", 120, self.actions)
            wait_for(f"http://127.0.0.1:{self.rasa_port}{ready_path}", 240, self.rasa)
        except Exception:
            self.stop()
            raise

    def say(self, sender: str, text: str) -> list:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def stop(self):
        for process in (self.rasa, self.actions):
            process.terminate()
        for process in (self.rasa, self.actions):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def running(kind, tmp_path_factory, name):
    """Starts ``kind`` (Servers or a subclass) for a fixture and stops it afterwards."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test trains first)")
    started = kind(tmp_path_factory.mktemp(name))
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    yield from running(Servers, tmp_path_factory, "servers")
