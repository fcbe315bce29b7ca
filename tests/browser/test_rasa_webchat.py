"""A training provider's own chat widget, botfront's rasa-webchat 1.0.1 (vendored from the npm
registry, tests/browser/vendor), on the provider's site, pointed at our socket.io channel as the
README's snippet does: it opens with our greeting, holds a whole conversation by buttons and by
typing to the answer, draws the answer's parts on lines of their own, keeps it across a reload,
and logs no errors. A site not in CORS_ORIGINS gets no conversation."""

import re
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from rules_core.render import WORDING
from tests.browser.conftest import DESKTOP, MOBILE, SCREENSHOTS

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails with the reason
    expect = None

pytestmark = pytest.mark.slow

WEBCHAT = Path(__file__).with_name("vendor") / "rasa-webchat.js"
# The README's snippet ("Chat widgets providers already run"), with the test's Rasa URL.
PROVIDER_PAGE = """<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>NPQ for SENCOs | A training provider</title></head>
<body>
<main><h1>NPQ for SENCOs: our next cohort</h1><p>Not sure whether you need it? Ask our assistant.</p></main>
<script src="/rasa-webchat.js"></script>
<script>
  WebChat.default({
    socketUrl: "%(rasa_url)s",
    socketPath: "/socket.io/",
    title: "NPQ or NASENCO?",
    params: {storage: "session"}
  }, null);
</script>
</body>
</html>
"""
GREETING = "Hello! I can tell you whether you need the NASENCO or the NPQ for SENCOs"
MESSAGES = ".rw-messages-container"
BOT = ".rw-from-response .rw-message-text"
SESSION_ID = "JSON.parse(sessionStorage.getItem('chat_session')).session_id"  # where rasa-webchat keeps it


class ProviderSite(BaseHTTPRequestHandler):
    """The provider's page and the widget's file, nothing else."""

    def __init__(self, *args, rasa_url, **kwargs):
        self.rasa_url = rasa_url
        super().__init__(*args, **kwargs)

    def do_GET(self):
        if self.path == "/":
            body, kind = (PROVIDER_PAGE % {"rasa_url": self.rasa_url}).encode(), "text/html; charset=utf-8"
        elif self.path == "/rasa-webchat.js":
            body, kind = WEBCHAT.read_bytes(), "application/javascript"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def provider(web):
    """The provider's site on web.provider_url, an origin in the Rasa server's CORS_ORIGINS."""
    server = ThreadingHTTPServer(("127.0.0.1", web.provider_port), partial(ProviderSite, rasa_url=web.rasa_url))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield web.provider_url
    server.shutdown()
    server.server_close()


@pytest.fixture
def console_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    # rasa-webchat's stylesheet imports a Google Fonts stylesheet: answered empty here, so the test
    # needs no network (on a provider's site the browser fetches it from Google).
    page.route("https://fonts.googleapis.com/**", lambda route: route.fulfill(status=200, content_type="text/css", body=""))
    return errors


def bot_says(page, text):
    expect(page.locator(BOT).last).to_contain_text(text)


def reply(page, title):
    """Clicks one of the buttons (quick replies) under the latest question."""
    page.locator(".rw-replies").last.locator(".rw-reply").filter(has_text=re.compile(f"^{re.escape(title)}$")).click()


def type_message(page, text):
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")


LABELS = WORDING["card"]["labels"]  # the answer's wording (rules_core/wording.yaml)


def plain(markdown):
    return markdown.replace("*", "").replace("_", "")


def marker(label):
    """How a part of the answer starts as drawn: "Deadline:"."""
    return plain(LABELS[label]) + ":"


def answer_lines(page):
    """The answer's text as drawn, line by line (innerText follows the layout: a single newline
    inside a paragraph is drawn, and read, as a space)."""
    lines = [line.strip() for line in page.locator(MESSAGES).inner_text().splitlines() if line.strip()]
    last_user_message = max(i for i, line in enumerate(lines) if line == "not started")
    return lines[last_user_message + 1 :]


def test_rasa_webchat_holds_a_conversation_to_the_answer_and_keeps_it(page, provider, web, console_errors, requests_log):
    page.goto(provider + "/")
    page.locator(".rw-launcher").click()
    # opening sends a user_uttered without a message: the greeting and the first question answer it
    expect(page.locator(BOT).first).to_contain_text(GREETING)
    bot_says(page, "Is your school in England, Wales, Scotland or Northern Ireland?")
    expect(page.locator(MESSAGES)).not_to_contain_text("I didn't get any words")
    expect(page.locator(".rw-from-client")).to_have_count(0)  # nothing shown as said by the user

    reply(page, "England")
    bot_says(page, "What kind of school or setting is it?")
    reply(page, "Academy, free school, UTC or studio school")
    bot_says(page, "Are you the school's SENCO")
    reply(page, "I'm the SENCO")
    bot_says(page, "When did you become SENCO")
    type_message(page, "1 September 2023")
    bot_says(page, "Before this appointment")
    reply(page, "No, never before")
    bot_says(page, "qualified teacher status")
    reply(page, "Yes")
    bot_says(page, "only through QTLS")
    reply(page, "No")
    bot_says(page, "statutory induction")
    reply(page, "Yes, completed")
    bot_says(page, "Have you done the NASENCO")
    reply(page, "Not started")
    bot_says(page, "And the NPQ for SENCOs")
    type_message(page, "not started")
    expect(page.locator(MESSAGES)).to_contain_text("Overdue")
    expect(page.locator(MESSAGES)).to_contain_text(plain(LABELS["ask_why"]))  # the answer's last part
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("1280x800", DESKTOP), ("375x740", MOBILE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"rasa-webchat-answer-{label}.png"))  # its end
    page.set_viewport_size(DESKTOP)
    page.locator(BOT).filter(has_text="You need the NPQ for SENCOs").last.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / "rasa-webchat-answer-start-1280x800.png"))

    # the answer's parts, each on a line of its own, and its lists as lists
    lines = answer_lines(page)
    assert lines[0].startswith("You need the NPQ for SENCOs"), lines
    for label in ("deadline", "status", "expected", "funding", "why"):
        starts = marker(label)
        holding = [line for line in lines if starts in line]
        assert holding and all(line.startswith(starts) for line in holding), (starts, lines)
    items = page.locator(".rw-from-response li").all_inner_texts()
    assert any(item.startswith(marker("deadline")) for item in items), items
    assert any("Register with DfE" in item for item in items), items  # a next step
    for item in items:
        assert marker("funding") not in item and marker("why") not in item, item
    # our payloads never reached it: nothing drawn as raw JSON
    expect(page.locator(MESSAGES)).not_to_contain_text('"type"')

    # kept across a reload: the same conversation, shown again without a second greeting
    session = page.evaluate(SESSION_ID)
    shown = page.locator(MESSAGES).inner_text()
    page.reload()
    expect(page.locator(MESSAGES)).to_contain_text("Overdue")
    assert page.locator(MESSAGES).inner_text() == shown
    type_message(page, "what have I told you?")
    bot_says(page, "Became SENCO: 1 September 2023")  # the same conversation on the server
    assert page.evaluate(SESSION_ID) == session
    expect(page.locator(BOT).filter(has_text=GREETING)).to_have_count(1)

    assert console_errors == []
    third_party = {urlsplit(request.url).netloc for request in requests_log} - {
        urlsplit(provider).netloc,
        urlsplit(web.rasa_url).netloc,
        "fonts.googleapis.com",
    }
    assert third_party == set()


def test_a_site_not_in_cors_origins_gets_no_conversation(page, provider, web, console_errors):
    # the same page and server, from an origin the Rasa server was not given
    elsewhere = provider.replace("127.0.0.1", "localhost")
    page.goto(elsewhere + "/")
    page.wait_for_timeout(3000)
    # rasa-webchat hides itself while it cannot connect: the provider sees no launcher at all
    expect(page.locator(".rw-launcher")).to_have_count(0)
    assert any("blocked by CORS policy" in error for error in console_errors), console_errors
    # and not over a WebSocket either, which browsers open without any CORS check
    opened = page.evaluate(
        """url => new Promise(done => {
        const socket = new WebSocket(url);
        socket.onmessage = () => done('opened');
        socket.onerror = () => done('refused');
    })""",
        web.rasa_url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
    )
    assert opened == "refused"
    assert any("Unexpected response code: 403" in error for error in console_errors), console_errors
