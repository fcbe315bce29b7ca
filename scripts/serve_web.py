#!/usr/bin/env python3
"""Serves the web widget's example host page and the staff kiosk (channels/web) on 127.0.0.1.

    WEB_PORT=8080 RASA_URL=http://localhost:5005 python scripts/serve_web.py

WEB_HOST (or --host) listens on another address instead: 0.0.0.0 in a container, where the pod's
network is the boundary (deploy/kubernetes).

Standard library only. The Rasa server's URL is never hard-coded in a page: `/config.js` sets
`window.SENCO_CONFIG = {"rasaUrl": ...}` from RASA_URL, and every response carries a Content
Security Policy that lets the pages talk only to this server ('self') and that Rasa origin.
The pages keep no cookies and this server sets none. Inline <script> blocks in the HTML files are
allowed by their SHA-256 hash, computed when the file is served, so the host page can show the
embedding snippet exactly as a customer would paste it.
"""
from __future__ import annotations

import argparse
import base64
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
    return "; ".join([
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
    ])


def inline_script_hashes(html: str) -> list[str]:
    return [base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            for body in INLINE_SCRIPT.findall(html)]


class Handler(http.server.SimpleHTTPRequestHandler):
    def version_string(self):
        return "senco-web"
    rasa_url = "http://localhost:5005"
    rasa_origin = "http://localhost:5005"
    extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map,
                          **{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                             ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml",
                             ".json": "application/json"})

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
        return super().do_GET()

    def do_HEAD(self):
        if urllib.parse.urlsplit(self.path).path == "/config.js":
            return self.send_config(head=True)
        return super().do_HEAD()

    def send_config(self, head: bool = False):
        body = ("// Written by scripts/serve_web.py from RASA_URL.\n"
                f"window.SENCO_CONFIG = Object.freeze({json.dumps({'rasaUrl': self.rasa_url})});\n").encode()
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
        if (not inside or not local.is_file() or any(part.startswith(".") for part in Path(path).parts)):
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
            sys.stderr.write("serve_web: %s\n" % (format % args))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    args = parser.parse_args(argv)
    rasa_url = args.rasa_url.rstrip("/")
    Handler.rasa_url = rasa_url
    Handler.rasa_origin = origin_of(rasa_url)
    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"serve_web: http://{args.host}:{server.server_address[1]}/ (widget host page), "
          f"/kiosk.html (kiosk); Rasa at {rasa_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
