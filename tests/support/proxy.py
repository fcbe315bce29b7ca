"""A proxy between Rasa and the action server that holds the calls of chosen conversations for a
few seconds: a slow action server, without a hook in actions/. The Slack and production tests use
it to make messages overlap."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class DelayingProxy:
    """Forwards Rasa's action calls to the action server; calls for a sender id containing
    `marker` are held `delay` seconds first (a slow action)."""

    def __init__(self, target: str, marker: str, delay: float):
        self.target, self.marker, self.delay = target.rstrip("/"), marker, delay
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self, method: str):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method == "POST" else None
                if raw and proxy.marker.encode() in raw:
                    try:
                        sender = json.loads(raw).get("sender_id", "")
                    except ValueError:
                        sender = ""
                    if proxy.marker in sender:
                        time.sleep(proxy.delay)
                request = urllib.request.Request(
                    proxy.target + self.path,
                    data=raw,
                    method=method,
                    headers={"Content-Type": self.headers.get("Content-Type", "application/json")},
                )
                try:
                    with urllib.request.urlopen(request, timeout=120) as answer:
                        status, body = answer.status, answer.read()
                except urllib.error.HTTPError as error:
                    status, body = error.code, error.read()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                self._forward("POST")

            def do_GET(self):
                self._forward("GET")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
