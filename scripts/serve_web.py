#!/usr/bin/env python3
"""Serves the web widget's example host page, the staff kiosk and the SEND team's list check
(channels/web) on 127.0.0.1.

    WEB_PORT=8080 RASA_URL=http://localhost:5005 python scripts/serve_web.py

WEB_HOST (or --host) listens on another address instead: 0.0.0.0 in a container, where the pod's
network is the boundary (deploy/kubernetes).

Standard library only (and the rules core, for /team). The Rasa server's URL is never hard-coded
in a page: `/config.js` sets `window.SENCO_CONFIG = {"rasaUrl": ...}` from RASA_URL, and every
response carries a Content Security Policy that lets the pages talk only to this server ('self')
and that Rasa origin.
The pages keep no cookies and this server sets none. Inline <script> blocks in the HTML files are
allowed by their SHA-256 hash, computed when the file is served, so the host page can show the
embedding snippet exactly as a customer would paste it.

/team (a whole list at once) has a server side: its routes are together below
(TEAM_GET, TEAM_POST), the work is in channels/team.py. An uploaded CSV is read from the request
into memory, checked and answered; it is never written to disk, and the log holds only the request
line (method and path), never the file or the results.

/summary (a shared answer: the printable page, its calendar file and QR code) reads the share
links that the action server keeps in the tracker store's database (stores/share.py: SQLAlchemy,
with SHARE_ENDPOINTS, TRACKER_DB or DB_* as for the Rasa server); the work is in
channels/summary.py. The log never holds a share token or the facts of a summary link.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import http.server
import json
import os
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB_DIR = ROOT / "channels" / "web"
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
# A share token works as a key for 24 hours, and a summary link's query holds the facts: neither is logged.
SHARED_PARTS = re.compile(r"(/summary(?:\.ics)?\?)[^\s\"]*|(/summary/)[^\s/.\"]*")
if str(ROOT) not in sys.path:  # run as `python scripts/serve_web.py`: the project's packages
    sys.path.insert(0, str(ROOT))

from channels import summary, team  # noqa: E402  (the rules core, through them; no Rasa)


def origin_of(url: str) -> str:
    """The origin (scheme://host[:port]) of an http(s) URL, or ValueError."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"RASA_URL must be an http(s) URL, got {url!r}")
    if re.search(r"[\s;,'\"]", url):
        raise ValueError(f"RASA_URL contains characters not allowed in a URL: {url!r}")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def csp(rasa_origin: str, script_hashes=()) -> str:
    scripts = " ".join(["'self'"] + [f"'sha256-{h}'" for h in script_hashes])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {rasa_origin}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]
    )


def inline_script_hashes(html: str) -> list[str]:
    return [
        base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") for body in INLINE_SCRIPT.findall(html)
    ]


class Handler(http.server.SimpleHTTPRequestHandler):
    def version_string(self):
        return "senco-web"

    rasa_url = "http://localhost:5005"
    rasa_origin = "http://localhost:5005"
    extensions_map = dict(
        http.server.SimpleHTTPRequestHandler.extensions_map,
        **{
            ".js": "text/javascript; charset=utf-8",
            ".css": "text/css; charset=utf-8",
            ".html": "text/html; charset=utf-8",
            ".svg": "image/svg+xml",
            ".json": "application/json",
        },
    )

    def __init__(self, *args, **kwargs):
        self._script_hashes: list[str] = []
        super().__init__(*args, directory=str(WEB_DIR), **kwargs)

    def end_headers(self):
        self.send_header("Content-Security-Policy", csp(self.rasa_origin, self._script_hashes))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/config.js":
            return self.send_config()
        if path in TEAM_GET:
            return TEAM_GET[path](self)
        if summary.handles(path):
            return self.send_summary()
        return super().do_GET()

    def do_HEAD(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/config.js":
            return self.send_config(head=True)
        if path == "/team":
            self.path = "/team.html"
        return super().do_HEAD()

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path in TEAM_POST:
            return TEAM_POST[path](self)
        self.send_error(405, "Method not allowed")

    def send_body(self, status: int, content_type: str, body: bytes, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status: int, value: dict):
        self.send_body(status, "application/json; charset=utf-8", json.dumps(value).encode("utf-8"))

    # ---- /team: a SEND officer's list of SENCOs, checked in the request and forgotten ----------

    def team_page(self):
        self.path = "/team.html"
        return super().do_GET()

    def team_guide(self):
        self.send_json(200, team.guide())

    def team_template(self):
        self.send_body(
            200,
            "text/csv; charset=utf-8",
            team.template(),
            [("Content-Disposition", 'attachment; filename="senco-list-template.csv"')],
        )

    def team_check(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self.send_json(411, {"error": "The upload had no length: choose the file again."})
        length = int(length)
        if length > team.MAX_UPLOAD_BYTES:
            self.close_connection = True  # do not read a body that will be refused
            return self.send_json(*team.too_large())
        status, body = team.check_upload(self.rfile.read(length), _today())
        self.send_json(status, body)

    # ---- /summary: a shared answer, printable, with its calendar file and QR code ----------------

    def send_summary(self):
        parts = urllib.parse.urlsplit(self.path)
        self.send_body(*summary.reply(parts.path, parts.query, _today()))

    def send_config(self, head: bool = False):
        body = (
            "// Written by scripts/serve_web.py from RASA_URL.\n"
            f"window.SENCO_CONFIG = Object.freeze({json.dumps({'rasaUrl': self.rasa_url})});\n"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_head(self):
        # Files only: no directory listings, no dot files, nothing outside channels/web.
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if path == "/":
            self.path = path = "/index.html"
        local = Path(self.translate_path(self.path))
        try:
            inside = local.resolve().is_relative_to(WEB_DIR.resolve())
        except OSError:
            inside = False
        if not inside or not local.is_file() or any(part.startswith(".") for part in Path(path).parts):
            self.send_error(404, "Not found")
            return None
        if local.suffix == ".html":
            self._script_hashes = inline_script_hashes(local.read_text(encoding="utf-8"))
        return super().send_head()

    def list_directory(self, path):
        self.send_error(404, "Not found")
        return None

    def log_message(self, format, *args):
        if os.environ.get("WEB_QUIET") != "1":
            line = SHARED_PARTS.sub(lambda match: (match.group(1) or match.group(2)) + "<hidden>", format % args)
            sys.stderr.write(f"serve_web: {line}\n")


TEAM_GET = {"/team": Handler.team_page, "/team/columns.json": Handler.team_guide, "/team/template.csv": Handler.team_template}
TEAM_POST = {"/team/check": Handler.team_check}


def _today() -> datetime.date:
    """SENCO_TODAY (YYYY-MM-DD) fixes today for demos and tests, as it does for the assistant."""
    fixed = os.environ.get("SENCO_TODAY")
    return datetime.date.fromisoformat(fixed) if fixed else datetime.date.today()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    args = parser.parse_args(argv)
    try:
        _today()
    except ValueError:
        parser.error(f"SENCO_TODAY must be a date written YYYY-MM-DD, got {os.environ['SENCO_TODAY']!r}")
    rasa_url = args.rasa_url.rstrip("/")
    Handler.rasa_url = rasa_url
    Handler.rasa_origin = origin_of(rasa_url)
    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(
        f"serve_web: http://{args.host}:{server.server_address[1]}/ (widget host page), "
        f"/kiosk.html (kiosk), /team (check a list); Rasa at {rasa_url}",
        flush=True,
    )
    store, why_not = summary.share_store.configured()
    print(
        f"serve_web: /summary reads share links from {store.engine.url.get_backend_name()}" if store else f"serve_web: {why_not}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
