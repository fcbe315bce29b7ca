"""Test doubles for the Slack channel, all on 127.0.0.1:

- `sign` / `signed_headers`: a request signed exactly as Slack signs it (v0:timestamp:body,
  HMAC-SHA256 with the signing secret);
- `SlackApiStub`: the Slack Web API (any method under /api/), recording every call and answering
  {"ok": true, "ts": ...} (conversations.open: a direct-message channel "D" + the user id without
  its "U"); it also takes the answers to slash commands posted to their response_url
  (`response_url()`, under /commands/);
(The slow action server, `DelayingProxy`, is in tests/support/proxy.py: the production tests use it too.)
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional

SECRET = "test-secret"
TOKEN = "xoxb-test"
BOT_USER = "UBOTSENCO"
TEAM = "T0SENCO"


def sign(body: bytes, timestamp: Optional[int] = None, secret: str = SECRET) -> Dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def event_body(event: dict, event_id: str) -> bytes:
    """An Events API envelope as Slack sends it."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM,
            "api_app_id": "A0SENCO",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
    ).encode()


def interaction_body(payload: dict) -> bytes:
    """An interactivity request: form-encoded, the JSON in `payload`."""
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


_ts = itertools.count(1)


def new_ts() -> str:
    return f"{int(time.time())}.{next(_ts):06d}"


class SlackApiStub:
    """A local Slack Web API: records every call, answers ok."""

    def __init__(self):
        self.calls: List[dict] = []
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                kind = self.headers.get("Content-Type", "")
                if kind.startswith("application/json"):
                    body = json.loads(raw or b"{}")
                else:
                    body = {key: values[0] for key, values in urllib.parse.parse_qs(raw.decode()).items()}
                path, _, query = self.path.partition("?")
                # slack_sdk sends some methods' arguments in the query string (conversations.open)
                body = dict({key: values[0] for key, values in urllib.parse.parse_qs(query).items()}, **body)
                method = path.rsplit("/", 1)[-1]
                ts = new_ts()
                with stub.lock:
                    stub.calls.append(
                        {
                            "method": method,
                            "path": path,
                            "body": body,
                            "at": time.time(),
                            "ts": ts,
                            "auth": self.headers.get("Authorization"),
                        }
                    )
                if method == "conversations.open":
                    answer = {"ok": True, "channel": {"id": stub.direct_message_channel(body.get("users", ""))}}
                else:
                    answer = {"ok": True, "ts": ts, "channel": body.get("channel")}
                answer = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def direct_message_channel(user: str) -> str:
        return "D" + user[1:]

    def response_url(self, name: str) -> str:
        """A slash command's response_url on this stub."""
        return self.url.replace("/api/", f"/commands/{TEAM}/{name}")

    def responses(self, name: Optional[str] = None) -> List[dict]:
        """What was posted to response_urls (to `name`'s only, if given)."""
        with self.lock:
            return [
                dict(call["body"], _at=call["at"])
                for call in self.calls
                if call["path"].startswith("/commands/") and (name is None or call["path"].endswith(f"/{name}"))
            ]

    def methods(self) -> set:
        """The Web API methods called so far."""
        with self.lock:
            return {call["method"] for call in self.calls if call["path"].startswith("/api/")}

    def calls_of(self, method: str) -> List[dict]:
        with self.lock:
            return [dict(call["body"], _at=call["at"]) for call in self.calls if call["method"] == method]

    def posts(self, channel: Optional[str] = None) -> List[dict]:
        with self.lock:
            return [
                dict(call["body"], _ts=call["ts"], _at=call["at"])
                for call in self.calls
                if call["method"] == "chat.postMessage" and (channel is None or call["body"].get("channel") == channel)
            ]

    def wait(self, predicate: Callable[[List[dict]], bool], channel: str, timeout: float = 120) -> List[dict]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            posts = self.posts(channel)
            if predicate(posts):
                return posts
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout} s; posts to {channel}: {json.dumps(self.posts(channel), indent=1)}")

    def wait_for(self, found: Callable[[], Any], what: str, timeout: float = 120) -> Any:
        """The first true value of `found()` within `timeout` seconds."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = found()
            if value:
                return value
            time.sleep(0.2)
        with self.lock:
            calls = json.dumps(self.calls[-10:], indent=1)[:6000]
        raise AssertionError(f"timed out after {timeout} s waiting for {what}; the last calls: {calls}")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
