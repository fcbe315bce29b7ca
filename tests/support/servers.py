"""Starting the assistant's servers for a test or a benchmark, on 127.0.0.1 only.

``Process`` is the one launcher: any server process (the action server, a Rasa server, the web
page server, a reference bot), started on a known port, waited for until it answers, killed as a
crash would, stopped, and started again on the same port. ``Servers`` is the pair most suites
need: the action server and a Rasa server (trained model, REST channel) on free ports, with
"today" fixed and a throwaway tracker store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, TextIO, Union

import pytest

from tests.support.http import post_json

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
RASA = BIN / "rasa"
MODEL = ROOT / "models" / "senco.tar.gz"
TODAY = "2026-11-26"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float, process: subprocess.Popen) -> None:
    """Returns once ``url`` answers; raises if ``process`` exits first or ``seconds`` pass."""
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


def server_env(**extra: str) -> Dict[str, str]:
    """The environment every server of ours runs with in a test: "today" fixed, the repository
    importable, telemetry and noisy warnings off; ``extra`` on top."""
    env = dict(
        os.environ,
        SENCO_TODAY=TODAY,
        PYTHONPATH=str(ROOT),
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        RASA_TELEMETRY_ENABLED="false",
    )
    env.update(extra)
    return env


def actions_command(port: int) -> List[str]:
    return [str(RASA), "run", "actions", "--actions", "actions", "--port", str(port)]


def rasa_command(
    port: int,
    *,
    credentials: Union[str, Path] = "credentials.yml",
    endpoints: Union[str, Path] = "endpoints.yml",
    model: Union[str, Path] = MODEL,
    extra: Sequence[str] = (),
) -> List[str]:
    return [
        str(RASA),
        "run",
        "--model",
        str(model),
        "--port",
        str(port),
        "--credentials",
        str(credentials),
        "--endpoints",
        str(endpoints),
        *extra,
    ]


class Process:
    """One server process that can be started, killed, stopped and started again on the same port.
    Its output goes to ``<logs>/<name>.log``: emptied by the first start, added to by restarts."""

    def __init__(
        self, name: str, command: List[str], env: Dict[str, str], port: int, ready_path: str, logs: Path, cwd: Path = ROOT
    ) -> None:
        self.name, self.command, self.env, self.port, self.ready_path = name, command, env, port, ready_path
        self.cwd = cwd
        self.log_path = logs / f"{name}.log"
        self.process: Optional[subprocess.Popen] = None
        self._log: Optional[TextIO] = None
        self._started_before = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} was never started"
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> "Process":
        self._log = open(self.log_path, "a" if self._started_before else "w")
        self._started_before = True
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, seconds: float = 240) -> "Process":
        assert self.process is not None, f"{self.name} was never started"
        wait_for(self.url + self.ready_path, seconds, self.process)
        return self

    def kill(self) -> None:
        """As a crash would: no chance to tidy up."""
        if self.running():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)
        self._close_log()

    def terminate(self) -> None:
        """Asks the process to stop, without waiting (``stop_all`` stops several at once)."""
        if self.running():
            self.process.terminate()

    def stop(self, seconds: float = 20) -> None:
        self.terminate()
        if self.process is not None:
            try:
                self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def restart(self, seconds: float = 240) -> "Process":
        self.stop()
        return self.start().wait_ready(seconds)

    def _close_log(self) -> None:
        if self._log is not None and not self.running():
            self._log.close()
            self._log = None


def stop_all(processes: Iterable[Process]) -> None:
    """Stops several processes at once: every one is asked first, then each is waited for."""
    processes = list(processes)
    for process in processes:
        process.terminate()
    for process in processes:
        process.stop()


def start_all(processes: Sequence[Process], seconds: float = 240) -> None:
    """Starts the processes together and waits until each answers; stops them all if one fails."""
    try:
        for process in processes:
            process.start()
        for process in processes:
            process.wait_ready(seconds)
    except BaseException:
        stop_all(processes)
        raise


class Servers:
    """The action server and a Rasa server on free ports. Suites that need more (a CORS origin,
    another credentials or endpoints file, a proxy in front of the actions, the HTTP API) pass it
    in rather than copy this."""

    def __init__(
        self,
        tmp: Path,
        credentials: Union[str, Path] = "credentials.yml",
        endpoints: Union[str, Path] = "endpoints.yml",
        extra_env: Optional[Dict[str, str]] = None,
        extra_rasa_args: Sequence[str] = (),
        action_url: Optional[Callable[[int], str]] = None,
        ready_path: str = "/",
    ) -> None:
        self.rasa_port, self.action_port = free_port(), free_port()
        self.logs = tmp
        action_url_text = action_url(self.action_port) if action_url else f"http://127.0.0.1:{self.action_port}/webhook"
        self.env = server_env(ACTION_ENDPOINT_URL=action_url_text, TRACKER_DB=str(tmp / "tracker.db"), **(extra_env or {}))
        self.actions = Process("actions", actions_command(self.action_port), self.env, self.action_port, "/health", tmp)
        self.rasa = Process(
            "rasa",
            rasa_command(self.rasa_port, credentials=credentials, endpoints=endpoints, extra=extra_rasa_args),
            self.env,
            self.rasa_port,
            ready_path,
            tmp,
        )
        start_all([self.actions, self.rasa])

    @property
    def rasa_url(self) -> str:
        return self.rasa.url

    def say(self, sender: str, text: str) -> list:
        return post_json(f"{self.rasa.url}/webhooks/rest/webhook", {"sender": sender, "message": text})

    def stop(self) -> None:
        stop_all([self.rasa, self.actions])


def running(kind: Callable[[Path], Servers], tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator:
    """For a fixture: starts ``kind`` (Servers or a subclass) in a fresh temporary directory,
    yields it, and stops it afterwards."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test trains first)")
    started = kind(tmp_path_factory.mktemp(name))
    try:
        yield started
    finally:
        started.stop()
