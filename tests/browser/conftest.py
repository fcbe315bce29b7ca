"""Browser tests for the web widget and the kiosk (channels/web): they start what they need.

- the action server and the Rasa server (tests/support's Servers), plus `--cors` and
  CORS_ORIGINS for the web pages' origin and a training provider's (test_rasa_webchat.py);
- scripts/serve_web.py on a free port with RASA_URL pointing at that Rasa server;
- Debian's chromium through Playwright for Python (`executable_path`, never `playwright install`).

Helpers as fixtures: `check_state(page, name)` runs axe-core (vendored, tests/browser/vendor) at
1280x800 and 375x740, asserts zero WCAG 2 A/AA violations and saves a screenshot at each size to
artefacts/screenshots/; `requests_log` lists every request the page made.
"""

import json
import os
import sys
from pathlib import Path

import pytest

from tests.support.servers import ROOT, Process, Servers, free_port, running, server_env

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=en-GB",
]
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTEFACTS = ROOT / "artefacts"
SCREENSHOTS = ARTEFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}
TIMEOUT_MS = 90_000  # the CPU is shared: a reply can take a while


class WebServers(Servers):
    """The action server and the Rasa server with `--cors` and CORS_ORIGINS for the web origin and
    for a training provider's site (test_rasa_webchat.py serves it), and scripts/serve_web.py in
    front."""

    def __init__(self, tmp: Path):
        self.web_port = free_port()
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.provider_port = free_port()
        self.provider_url = f"http://127.0.0.1:{self.provider_port}"
        origins = (self.web_url, self.provider_url)
        # The action server makes share links with this page server's address, in the tracker
        # store's database, where the page server reads them back (TRACKER_DB, as Servers sets it).
        super().__init__(
            tmp,
            extra_env={"CORS_ORIGINS": " ".join(origins), "WEB_PUBLIC_URL": self.web_url},
            extra_rasa_args=("--cors", *origins),
        )
        self.web = Process(
            "web",
            [sys.executable, str(ROOT / "scripts" / "serve_web.py")],
            server_env(
                WEB_PORT=str(self.web_port),
                RASA_URL=self.rasa_url,
                WEB_QUIET="1",
                TRACKER_DB=str(tmp / "tracker.db"),
                WEB_PUBLIC_URL=self.web_url,
            ),
            self.web_port,
            "/index.html",
            tmp,
        )
        try:
            self.web.start().wait_ready(30)
        except Exception:
            self.stop()
            raise

    def stop(self):
        self.web.stop(seconds=10)
        super().stop()


@pytest.fixture(scope="session")
def web(tmp_path_factory):
    yield from running(WebServers, tmp_path_factory, "web")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: `apt-get install -y chromium` (Debian's build; Playwright's own "
            "browser downloads are not used)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: `.venv/bin/pip install -r requirements.txt` (playwright)")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=120_000)
    yield chromium
    chromium.close()
    playwright.stop()


# Collected in the page before anything else runs: Content-Security-Policy violations.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def requests_log():
    return []


@pytest.fixture
def make_context(browser, requests_log):
    """new_context(**options) with the test settings: en-GB, 1280x800, request log, CSP watch."""
    from playwright.sync_api import expect  # present: `browser` checked it

    expect.set_options(timeout=TIMEOUT_MS)
    contexts = []

    def make(**options):
        settings = dict(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_WATCH)
        context.on("request", lambda request: requests_log.append(request))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_context):
    context = make_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    violations = page.evaluate("window.__cspViolations || []") if not page.is_closed() else []
    assert violations == [], f"Content-Security-Policy violations: {violations}"
    assert errors == [], f"JavaScript errors in the page: {errors}"


def run_axe(page) -> dict:
    """Injects the vendored axe-core and runs the WCAG 2 A/AA (2.0, 2.1, 2.2) rules on the page."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # add_script_tag() would insert an inline <script>, which the pages' CSP rightly blocks;
        # evaluating the file through the DevTools protocol is not subject to the page's CSP.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0;")
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
        .then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})),
                     passes: r.passes.length, incomplete: r.incomplete.map(v => v.id)}))""",
        AXE_TAGS,
    )


AXE_SUMMARY = {}


@pytest.fixture
def check_state():
    """check_state(page, name): axe (zero violations) and a screenshot, at desktop and mobile size."""

    def check(page, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size or DESKTOP
        summary = {}
        for label, size in (("1280x800", DESKTOP), ("375x740", MOBILE)):
            page.set_viewport_size(size)
            page.wait_for_timeout(300)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"))
            result = run_axe(page)
            # "incomplete": rules axe could not decide alone ("needs review"), listed for a person to check
            summary[label] = {
                "violations": len(result["violations"]),
                "passes": result["passes"],
                "incomplete": result["incomplete"],
            }
            assert result["violations"] == [], f"axe-core found WCAG violations in state {name!r} at {label}:\n" + json.dumps(
                result["violations"], indent=1
            )
        page.set_viewport_size(original)
        page.wait_for_timeout(200)
        AXE_SUMMARY[name] = summary
        (ARTEFACTS / "axe").mkdir(parents=True, exist_ok=True)
        (ARTEFACTS / "axe" / f"{name}.json").write_text(json.dumps(summary, indent=1))

    return check


def sender_ids(requests, rasa_url: str) -> list:
    """The sender ids of the messages posted to Rasa's REST webhook, in order."""
    found = []
    for request in requests:
        if request.method == "POST" and request.url.startswith(rasa_url + "/webhooks/rest/webhook"):
            found.append(json.loads(request.post_data)["sender"])
    return found


@pytest.fixture
def senders(requests_log, web):
    return lambda: sender_ids(requests_log, web.rasa_url)


def pytest_terminal_summary(terminalreporter):
    if AXE_SUMMARY:
        terminalreporter.write_line(
            "axe-core (WCAG 2 A/AA) per state: "
            + "; ".join(
                f"{name}: "
                + ", ".join(f"{size} {r['violations']} violations/{r['passes']} rules passed" for size, r in sizes.items())
                for name, sizes in AXE_SUMMARY.items()
            )
        )
