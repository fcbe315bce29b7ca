"""scripts/serve_web.py: static files from channels/web only, /config.js from RASA_URL, security
headers (a CSP whose connect-src is 'self' and the Rasa origin), bound to 127.0.0.1; and the Rasa
server's CORS answer for the web origin."""

import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.servers import ROOT, Process, free_port, server_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = free_port()
    web = Process(
        "web",
        [sys.executable, str(ROOT / "scripts" / "serve_web.py")],
        server_env(WEB_PORT=str(port), RASA_URL="https://rasa.example.org:8443/", WEB_QUIET="1"),
        port,
        "/index.html",
        tmp_path_factory.mktemp("serve_web"),
    )
    try:
        web.start().wait_ready(30)
        yield web.url, port
    finally:
        web.stop(seconds=10)


def get(url, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_config_js_carries_the_rasa_url(served):
    base, _ = served
    status, headers, body = get(base + "/config.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert 'window.SENCO_CONFIG = Object.freeze({"rasaUrl": "https://rasa.example.org:8443"});' in body
    assert headers["Cache-Control"] == "no-store"


def test_pages_carry_the_security_headers(served):
    base, _ = served
    for path in ("/", "/index.html", "/kiosk.html", "/widget.js", "/widget.css", "/config.js"):
        status, headers, _ = get(base + path)
        assert status == 200, path
        policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == "'none'"
        assert policy["connect-src"] == "'self' https://rasa.example.org:8443"
        assert policy["script-src"].split()[0] == "'self'" and "unsafe" not in policy["script-src"]
        assert policy["style-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "Set-Cookie" not in headers
    # the host page's inline init snippet is allowed by its hash, and only it
    _, headers, _ = get(base + "/index.html")
    assert headers["Content-Security-Policy"].count("'sha256-") == 1
    _, headers, _ = get(base + "/kiosk.html")
    assert "'sha256-" not in headers["Content-Security-Policy"]


def test_only_files_under_channels_web(served):
    base, _ = served
    assert (ROOT / "README.md").exists()
    for path in (
        "/../README.md",
        "/%2e%2e/README.md",
        "/..%2fREADME.md",
        "/vendor/",
        "/.hidden",
        "/nothing.html",
        "//etc/passwd",
    ):
        status, _, body = get(base + path)
        assert status == 404, (path, status)
        assert "SENCO qualification assistant" not in body


def test_listens_on_loopback_only(served):
    _, port = served
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            listening.append(address)
    assert listening == ["0100007F"], listening  # 127.0.0.1, not 0.0.0.0
    ipv6 = Path("/proc/net/tcp6")
    if ipv6.exists():
        assert not any(
            line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port
            for line in ipv6.read_text().splitlines()[1:]
        )


def test_rasa_allows_the_web_origin_and_no_other(web):
    url = web.rasa_url + "/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    _, headers, _ = get(url, "OPTIONS", dict(preflight, Origin=web.web_url))
    assert headers.get("Access-Control-Allow-Origin") == web.web_url
    _, headers, _ = get(url, "OPTIONS", dict(preflight, Origin="http://evil.example"))
    assert "Access-Control-Allow-Origin" not in headers
