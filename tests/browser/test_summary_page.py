"""The printable summary (/summary/<token>, scripts/serve_web.py, channels/summary.py) in Debian's
chromium: axe finds nothing at desktop and mobile size, Chromium prints it to an A4 PDF of one or
two pages that holds the headline and the deadline in words, the print button prints, the calendar
link downloads a file that parses, an expired link gets its kind page, the server's log holds no
token; and, through the whole assistant, the answer's share link opens the same answer.

The PDF is read with tests/share/pdf_text.py (standard library only: this machine has neither
pdftotext nor pypdf)."""

import datetime as dt
import sys
import time

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails with the reason; collection goes on
    expect = None

import rules_core
from channels import share
from rules_core.render import WORDING
from stores.share import LIFETIME_SECONDS, ShareStore
from tests.browser.conftest import ARTEFACTS
from tests.share.pdf_text import Pdf, normalised
from tests.support.driving import TYPICAL, converse
from tests.support.servers import ROOT, Process, free_port, server_env

pytestmark = pytest.mark.slow

TODAY = "2026-11-26"
AS_OF = dt.date.fromisoformat(TODAY)
PAGE = WORDING["share"]["page"]
# Appointed in September 2025, the month only, not on the NPQ: at risk, three dates ahead.
AT_RISK = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2025-09",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "none"},
}
# One of the longest answers (the most reasons and steps): a head teacher planning to take the role,
# with a NASENCO that will finish too late.
LONGEST = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "aspiring",
    "is_head": True,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "appointment_date": "2018-09-09",
    "prior_senco_months": 0,
    "nasenco": {"status": "in_progress", "start_date": "2024-04-04", "completion_date": "2027-10-13"},
    "npq": {"status": "none", "previously_funded": False},
}
A4_POINTS = (595.92, 842.88)  # 210 x 297 mm


@pytest.fixture(scope="module")
def summary_server(tmp_path_factory):
    """serve_web.py alone with its share links in an SQLite file, today fixed, its log kept."""
    work = tmp_path_factory.mktemp("summary")
    database = work / "tracker.db"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environ = {
        key: value
        for key, value in server_env(WEB_PORT=str(port), SENCO_TODAY=TODAY, TRACKER_DB=str(database), WEB_PUBLIC_URL=url).items()
        if key not in ("WEB_QUIET", "SHARE_ENDPOINTS")
    }
    web = Process("web", [sys.executable, str(ROOT / "scripts" / "serve_web.py")], environ, port, "/index.html", work)
    try:
        web.start().wait_ready(30)
        store = ShareStore(f"sqlite:///{database}")
        yield {
            "url": url,
            "log": web.log_path,
            "work": work,
            "share": lambda facts: share.links_for(facts, AS_OF, store=store, base=url),
            "expired": store.create(AT_RISK, AS_OF, now=time.time() - LIFETIME_SECONDS - 1).token,
        }
    finally:
        web.stop(seconds=10)


def card_for(facts):
    return rules_core.card(rules_core.determine(facts, AS_OF))


def test_the_summary_page_has_no_accessibility_violations(summary_server, page, check_state):
    links = summary_server["share"](AT_RISK)
    response = page.goto(links["summary_url"])
    assert response.status == 200
    card = card_for(AT_RISK)
    expect(page.get_by_role("heading", level=1)).to_have_text(card["headline"])
    expect(page.get_by_role("button", name=PAGE["print"])).to_be_visible()  # shown by summary.js
    assert page.locator("nav, header nav, [role=navigation]").count() == 0
    check_state(page, "summary-page")


@pytest.mark.parametrize(
    "name, facts, pages", [("at-risk", AT_RISK, (1, 2)), ("longest", LONGEST, (1, 2)), ("wales", {"nation": "wales"}, (1,))]
)
def test_chromium_prints_it_on_one_or_two_a4_pages_with_the_answer(summary_server, page, name, facts, pages):
    links = summary_server["share"](facts)
    page.goto(links["summary_url"])
    page.emulate_media(media="print")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    data = page.pdf(format="A4")
    (ARTEFACTS / f"summary-{name}.pdf").write_bytes(data)
    pdf = Pdf(data)
    assert len(pdf.pages) in pages
    for number in pdf.pages:
        box = [float(value) for value in pdf.objects[number].split(b"/MediaBox [")[1].split(b"]")[0].split()]
        assert abs(box[2] - A4_POINTS[0]) < 1 and abs(box[3] - A4_POINTS[1]) < 1
    text = normalised(pdf.text())
    card = card_for(facts)
    assert normalised(card["headline"]) in text
    if card["deadline"]:
        assert card["deadline"]["text"] in text and normalised(card["deadline"]["note"]) in text
        assert card["status"]["text"] in text
    for reason in card["reasons"]:
        assert normalised(reason["text"])[:60] in text  # every reason is printed ...
        assert reason["href"] in text.replace(" ", "")  # ... with its link written out
    assert PAGE["take_away"] not in text and PAGE["print"] not in text  # the screen's controls are not printed
    assert PAGE["worked_out"].format(date="26 November 2026") in text


def test_the_print_button_prints(summary_server, page):
    page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page.goto(summary_server["share"](AT_RISK)["summary_url"])
    page.get_by_role("button", name=PAGE["print"]).click()
    assert page.evaluate("window.__printed") == 1


def test_the_calendar_link_downloads_a_calendar_that_parses(summary_server, page):
    from icalendar import Calendar

    page.goto(summary_server["share"](AT_RISK)["summary_url"])
    with page.expect_download() as download:
        page.get_by_role("link", name=PAGE["calendar"]).click()
    path = download.value.path()
    calendar = Calendar.from_ical(open(path, "rb").read())
    starts = sorted(event.decoded("DTSTART") for event in calendar.walk("VEVENT"))
    assert dt.date(2028, 9, 1) in starts and len(starts) == 3
    assert download.value.suggested_filename.endswith(".ics")


def test_the_email_link_is_the_drafts_mailto(summary_server, page):
    links = summary_server["share"](AT_RISK)
    page.goto(links["summary_url"])
    href = page.get_by_role("link", name=PAGE["email"]).get_attribute("href")
    assert href.split("summary%2F")[0] == links["email"]["mailto"].split("summary%2F")[0]


def test_an_expired_link_gets_a_kind_page_saying_how_to_get_the_answer_again(summary_server, page, check_state):
    response = page.goto(f"{summary_server['url']}/summary/{summary_server['expired']}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE["expired_title"])
    for line in PAGE["expired_lines"]:
        expect(page.get_by_text(line)).to_be_visible()
    expect(page.get_by_role("link", name=PAGE["start_again"])).to_have_attribute("href", "/")
    check_state(page, "summary-expired")


def test_a_team_link_with_a_bad_cell_gets_a_page_listing_it(summary_server, page, check_state):
    response = page.goto(f"{summary_server['url']}/summary?as_of=2026-11-26&nation=england&appointment_date=31%2F02%2F2024")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE["bad_link_title"])
    expect(page.get_by_role("listitem")).to_contain_text("appointment_date")
    check_state(page, "summary-bad-link")


def test_the_qr_code_is_served_as_svg(summary_server, page):
    links = summary_server["share"](AT_RISK)
    response = page.goto(links["qr_url"])
    assert response.status == 200 and response.headers["content-type"] == "image/svg+xml"
    page.screenshot(path=str(ARTEFACTS / "screenshots" / "summary-qr.png"))


def test_the_log_holds_no_token_and_no_facts(summary_server, page):
    links = summary_server["share"](AT_RISK)
    page.goto(links["summary_url"])
    page.goto(f"{summary_server['url']}/summary?as_of=2026-11-26&setting=Quimby-Zebedee-school")
    time.sleep(0.3)
    log = summary_server["log"].read_text()
    assert "/summary/<hidden>" in log and "/summary?<hidden>" in log
    assert links["token"] not in log and "Quimby-Zebedee" not in log


def test_a_real_answer_shares_a_link_that_opens_the_same_answer(web, page, check_state):
    """The whole path: the assistant answers over REST with share links (the action server made the
    token in the tracker store's SQLite file) and the page server reads it back."""
    # The course answers as the buttons say them: this test is about the links, not the reading.
    answers = dict(TYPICAL, **{"nasenco.status": "not started", "npq.status": "not started"})
    determination, _, transcript, _ = converse(web, "hello", answers)
    share_object = [item for role, item in transcript if isinstance(item, dict) and item.get("share")]
    assert share_object, "the answer carried no share links"
    links = share_object[-1]["share"]
    assert links["summary_url"].startswith(web.web_url + "/summary/")
    page.goto(links["summary_url"])
    card = rules_core.card(determination)
    expect(page.get_by_role("heading", level=1)).to_have_text(card["headline"])
    expect(page.get_by_text(card["deadline"]["text"], exact=True)).to_be_visible()
    check_state(page, "summary-from-conversation")
