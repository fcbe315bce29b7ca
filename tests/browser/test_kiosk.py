"""The staff-room kiosk (channels/web/kiosk.html) in Debian's chromium: the home screen's question
buttons, a short conversation to the date question's large day, month and year fields, "Start
again" always visible, the idle reset back to home, nothing kept in the browser, a fresh sender id
for every session, an answer taken away by QR code only; axe-core on the home screen, mid-way and
with the answer and its QR code."""

import re
import time

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails with the reason; collection (and `make test-fast`) goes on
    expect = None

import rules_core
from tests.browser import stub_replies

pytestmark = pytest.mark.slow

HOME_QUESTIONS = [
    "Do I need the NPQ?",
    "How long does the NPQ take?",
    "Is it funded?",
    "Who can be a SENCO?",
    "When is the next cohort?",
]


def control(page, fact):
    return page.locator(f'#kiosk-chat .senco-control[data-fact="{fact}"]')


def nothing_kept(page):
    kept = page.evaluate("""() => ({local: localStorage.length, session: sessionStorage.length,
                                    cookie: document.cookie})""")
    assert kept == {"local": 0, "session": 0, "cookie": ""}, kept
    assert page.context.cookies() == []


def test_kiosk_home_buttons_and_a_short_conversation(page, web, check_state, senders):
    page.goto(web.web_url + "/kiosk.html")
    home = page.locator("#kiosk-home")
    expect(home).to_be_visible()
    for name in HOME_QUESTIONS:
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    restart = page.get_by_role("button", name="Start again")
    expect(restart).to_be_visible()
    expect(page.locator("#kiosk-privacy")).to_contain_text("2 minutes")  # the default idle timeout
    font_size = float(page.locator(".senco-kiosk").evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert font_size >= 22, font_size  # large type
    check_state(page, "kiosk-home")
    nothing_kept(page)

    # a common question sends its text and shows the answer with its sources
    page.get_by_role("button", name="How long does the NPQ take?").click()
    log = page.locator("#kiosk-chat .senco-log")
    expect(log).to_contain_text("18 months")
    expect(log.locator(".senco-sources a").first).to_have_attribute("href", re.compile(r"^https://"))
    expect(restart).to_be_visible()
    first = senders()
    assert len(first) == 1

    # "Start again" goes home and forgets
    restart.click()
    expect(home).to_be_visible()
    expect(page.locator("#kiosk-chat")).to_be_hidden()
    assert "18 months" not in page.locator("#kiosk").inner_text()
    expect(log.locator(".senco-msg")).to_have_count(0)

    # "Do I need the NPQ?" starts the check, with a new sender id
    page.get_by_role("button", name="Do I need the NPQ?").click()
    expect(control(page, "nation")).to_be_visible()
    control(page, "nation").get_by_role("button", name="England").click()
    expect(control(page, "setting")).to_be_visible()
    control(page, "setting").get_by_role("button", name="Maintained mainstream school").click()
    expect(control(page, "role")).to_be_visible()
    expect(restart).to_be_visible()
    control(page, "role").get_by_role("button", name="I'm the SENCO").click()

    # the date question: day, month and year fields with large targets; "I only know the month"
    date = control(page, "appointment_date")
    expect(date).to_be_visible()
    for name in ("Day", "Month", "Year"):
        box = date.get_by_label(name, exact=True).bounding_box()
        assert box["height"] >= 56 and box["width"] >= 72, (name, box)  # a finger's width, at least
    only_month = date.get_by_role("button", name="I only know the month")
    assert only_month.bounding_box()["height"] >= 56
    check_state(page, "kiosk-mid-conversation")
    only_month.click()
    expect(date.get_by_label("Day", exact=True)).to_have_count(0)
    date.get_by_label("Month", exact=True).fill("September")
    date.get_by_label("Year", exact=True).fill("2023")
    date.get_by_role("button", name="Send month").click()
    expect(log.locator(".senco-msg-user").last).to_have_text("You: September 2023")
    expect(control(page, "prior_senco_months")).to_be_visible()  # understood: the next question
    ids = senders()
    assert len(set(ids[1:])) == 1 and ids[1] != first[0], ids
    nothing_kept(page)


def test_kiosk_idle_timeout_clears_everything_and_returns_home(page, web, senders):
    page.goto(web.web_url + "/kiosk.html?idle=3")
    expect(page.locator("#kiosk-privacy")).to_contain_text("3 seconds")
    page.get_by_role("button", name="Do I need the NPQ?").click()
    expect(control(page, "nation")).to_be_visible()
    control(page, "nation").get_by_role("button", name="England").click()
    expect(control(page, "setting")).to_be_visible()
    replied = time.monotonic()
    first = senders()
    assert len(set(first)) == 1

    # no activity: home again, with nothing left
    expect(page.locator("#kiosk-home")).to_be_visible(timeout=15_000)
    waited = time.monotonic() - replied
    assert waited >= 2.0, f"reset after only {waited:.1f} s of an idle timeout of 3 s"
    expect(page.locator("#kiosk-chat")).to_be_hidden()
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    html = page.content()  # hidden parts too
    assert "What kind of school" not in html and "Is your school in England" not in html
    assert page.locator("#kiosk-chat .senco-msg, #kiosk-chat .senco-control").count() == 0
    assert page.locator("#kiosk-chat input").evaluate_all("xs => xs.map(x => x.value)") == [""]
    nothing_kept(page)
    assert page.evaluate("document.activeElement.id") == "kiosk-home-title"

    # the next person gets a fresh sender id
    page.get_by_role("button", name="Is it funded?").click()
    expect(page.locator("#kiosk-chat .senco-log")).to_contain_text("Funding")
    after = senders()[len(first) :]
    assert after and after[0] not in first, (first, after)
    nothing_kept(page)


def test_kiosk_idle_warning_can_be_dismissed(page, web):
    page.goto(web.web_url + "/kiosk.html?idle=6")  # warns 2 s before the 6 s timeout
    page.get_by_role("button", name="Who can be a SENCO?").click()
    log = page.locator("#kiosk-chat .senco-log")
    expect(log).to_contain_text("qualified teacher")
    stay = page.get_by_role("button", name="I'm still here")
    expect(stay).to_be_visible(timeout=10_000)
    expect(stay).to_be_focused()
    stay.click()
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    page.wait_for_timeout(3000)  # past the original timeout
    expect(page.locator("#kiosk-chat")).to_be_visible()
    expect(log).to_contain_text("qualified teacher")


def test_kiosk_answer_offers_a_qr_code_only_and_start_again_clears_it(page, web, check_state):
    share = stub_replies.share_for(web.web_url)
    stub_replies.route_webhook(
        page, web.rasa_url, lambda message: stub_replies.answer_messages(stub_replies.TAKE_NPQ, share=share)
    )
    stub_replies.route_qr(page, web.web_url)
    labels = rules_core.render.WORDING["share"]["labels"]  # as the server sends them in share.labels
    page.goto(web.web_url + "/kiosk.html")
    page.get_by_role("button", name="Do I need the NPQ?").click()
    card = page.locator("#kiosk-chat .senco-card")
    expect(card).to_be_visible()
    qr = card.get_by_role("img", name=labels["qr_alt"])
    expect(qr).to_have_attribute("src", share["qr_url"])
    page.wait_for_function("() => document.querySelector('.senco-qr').naturalWidth > 0")  # it loaded
    group = card.get_by_role("group", name=labels["take_away"])
    expect(group).to_contain_text(labels["qr"])
    expect(group).to_contain_text(labels["expires"])
    # nothing to follow on the shared screen: no summary, email or calendar link
    assert page.locator('#kiosk a[href*="/summary/"], #kiosk a[href^="mailto:"]').count() == 0
    check_state(page, "kiosk-answer-qr")
    nothing_kept(page)

    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#kiosk-home")).to_be_visible()
    assert share["token"] not in page.content()
    assert page.locator("#kiosk img").count() == 0
