"""The web widget on the example host page (channels/web/index.html), in Debian's chromium: opened
with the keyboard, a whole conversation by typing and by the offered controls to the answer card,
kept across a reload, "start again"; the date question's day, month and year fields; the card drawn
from the server's card with its share links and the provider's course link; accessibility
(axe-core) at each state; safety."""

import json
import re
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails with the reason; collection (and `make test-fast`) goes on
    expect = None

import rules_core
from tests.browser import stub_replies

pytestmark = pytest.mark.slow

LAUNCHER = ".senco-launcher"
PANEL = ".senco-panel"
INPUT = ".senco-panel .senco-input"
LOG = ".senco-panel .senco-log"


def control(page, fact):
    """The control offered for the question about `fact` (its data-fact attribute)."""
    return page.locator(f'.senco-controls .senco-control[data-fact="{fact}"]')


def say(page, text):
    page.locator(INPUT).fill(text)
    page.locator(INPUT).press("Enter")


def active(page, selector) -> bool:
    return page.evaluate("s => document.activeElement === document.querySelector(s)", selector)


def tab_to(page, selector, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, selector):
            return
    raise AssertionError(f"{selector} never got focus with Tab")


def card_facts(card) -> dict:
    """The card's label -> value pairs (dt -> dd), as text without aria-hidden symbols."""
    return card.locator(".senco-fact").evaluate_all("""fs => Object.fromEntries(fs.map(f => {
        const dd = f.querySelector('dd').cloneNode(true);
        dd.querySelectorAll('[aria-hidden="true"]').forEach(x => x.remove());
        return [f.querySelector('dt').textContent.trim(), dd.textContent.trim()];
    }))""")


def stored(page):
    return page.evaluate("JSON.parse(sessionStorage.getItem('senco-widget:v2') || 'null')")


def labels():
    """The card's labels, as the server sends them (rules_core/wording.yaml)."""
    return rules_core.card(rules_core.determine(stub_replies.TAKE_NPQ, stub_replies.AS_OF))["labels"]


def share_words():
    """The share links' labels, as the server sends them (share.labels, rules_core/wording.yaml)."""
    return rules_core.render.WORDING["share"]["labels"]


def date_fields(page, fact="appointment_date"):
    group = control(page, fact)
    return group.get_by_label("Day", exact=True), group.get_by_label("Month", exact=True), group.get_by_label("Year", exact=True)


def test_host_page_with_the_widget_closed(page, web, check_state, requests_log):
    page.goto(web.web_url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("NPQ for Special Educational Needs Co-ordinators")
    launcher = page.get_by_role("button", name="Do I need the NPQ for SENCOs?")
    expect(launcher).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.querySelector('.senco-launcher').tagName") == "BUTTON"
    expect(page.locator(PANEL)).to_be_hidden()
    check_state(page, "widget-closed")
    # one script tag and init: the page loads only its own files (no third-party requests)
    hosts = {urlsplit(r.url).netloc for r in requests_log if not r.url.startswith("data:")}
    assert hosts == {urlsplit(web.web_url).netloc}, hosts


def test_keyboard_opens_and_closes_the_panel_moving_focus(page, web, check_state):
    page.goto(web.web_url + "/")
    tab_to(page, LAUNCHER)
    # visible focus on the launcher
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", outline
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(LAUNCHER)).to_have_attribute("aria-expanded", "true")
    assert active(page, INPUT), "focus should move to the text box when the panel opens"
    expect(page.get_by_role("dialog", name="NPQ or NASENCO? Ask us")).to_be_visible()
    expect(page.get_by_label("Type your answer or question")).to_be_visible()
    check_state(page, "widget-open")
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    assert active(page, LAUNCHER), "focus should go back to the launcher when the panel closes"
    # and with the close button, by keyboard
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    page.get_by_role("button", name="Close chat").focus()
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_hidden()
    assert active(page, LAUNCHER)


def test_a_whole_conversation_to_the_answer_card_then_reload_and_start_again(page, web, check_state, senders, requests_log):
    page.goto(web.web_url + "/")
    tab_to(page, LAUNCHER)
    page.keyboard.press("Enter")
    assert active(page, INPUT)

    # typed, with the keyboard only
    page.keyboard.type("hi")
    page.keyboard.press("Enter")
    expect(control(page, "nation")).to_be_visible()
    expect(page.locator(LOG)).to_contain_text("Is your school in England")
    # new bot messages are announced through a polite live region
    live = page.locator('.senco-panel [aria-live="polite"]')
    expect(live).to_contain_text("Is your school in England")
    say(page, "England")

    # offered controls, clicked
    expect(control(page, "setting")).to_be_visible()
    control(page, "setting").get_by_role("button", name="Academy, free school, UTC or studio school").click()
    expect(control(page, "role")).to_be_visible()
    control(page, "role").get_by_role("button", name="I'm the SENCO").click()

    # a date question offers day, month and year fields (a month name is fine), not a date picker
    expect(control(page, "appointment_date")).to_be_visible()
    day, month, year = date_fields(page)
    assert page.locator(".senco-panel input[type=date]").count() == 0
    check_state(page, "widget-mid-conversation")
    day.fill("1")
    month.fill("September")
    year.fill("2023")
    control(page, "appointment_date").get_by_role("button", name="Send date").click()
    expect(page.locator(LOG)).to_contain_text("1 September 2023")  # the user's bubble, in words

    # months: a number input beside the offered "No, never before"
    expect(control(page, "prior_senco_months")).to_be_visible()
    months = control(page, "prior_senco_months").get_by_label("Number of months")
    assert months.get_attribute("type") == "number"
    months.fill("0")
    control(page, "prior_senco_months").get_by_role("button", name="Send months").click()

    # yes/no questions: Yes and No buttons
    expect(control(page, "has_qts")).to_be_visible()
    control(page, "has_qts").get_by_role("button", name="Yes", exact=True).click()
    expect(control(page, "qts_via_qtls_only")).to_be_visible()
    control(page, "qts_via_qtls_only").get_by_role("button", name="No", exact=True).click()
    expect(control(page, "induction")).to_be_visible()
    control(page, "induction").get_by_role("button", name="Yes, completed").click()
    expect(control(page, "nasenco.status")).to_be_visible()
    control(page, "nasenco.status").get_by_role("button", name="Not started").click()
    expect(control(page, "npq.status")).to_be_visible()
    say(page, "not started")  # typed

    card = page.locator(".senco-panel .senco-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("You need the NPQ for SENCOs")
    facts = card_facts(card)
    assert facts["Deadline"] == "1 September 2026", facts
    status = card.locator(".senco-status")
    expect(status).to_have_text(re.compile(r"Overdue"))
    colour = status.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(251, 233, 233)", colour  # the red of "overdue", besides the word
    assert facts["Status"].startswith("Overdue"), facts  # the symbol beside it is aria-hidden, words first
    assert facts["Expected to qualify"] == "around September 2029 (an estimate)", facts
    assert "November 2027 cohort" in facts["Funding"], facts
    steps = card.locator(".senco-steps li")
    expect(steps.first).to_contain_text("By 15 October 2027")
    # sources and steps link to https pages; the course and share links go to the provider and to
    # this server
    links = card.locator("a:not(.senco-share a):not(.senco-course a)")
    assert links.count() >= 3
    for href in links.evaluate_all("as => as.map(a => a.getAttribute('href'))"):
        assert href.startswith("https://"), href
    expect(card.locator(".senco-course a")).to_have_attribute("href", web.web_url + "/index.html#course")
    expect(page.locator(".senco-controls")).to_be_hidden()  # no question pending
    expect(live).to_contain_text("Status: Overdue")
    # the answer's text form (one message per Markdown part) gave way to the card
    assert "**" not in page.locator(LOG).inner_text()
    assert page.locator(LOG).inner_text().count("You need the NPQ for SENCOs (the national") == 1
    # the printable summary (a new tab), the email draft and the calendar file
    # (the server's share links, WEB_PUBLIC_URL being the test's page server)
    share = card.get_by_role("group", name=share_words()["take_away"])
    summary = share.get_by_role("link", name=share_words()["summary"])
    expect(summary).to_have_attribute("href", re.compile("^" + re.escape(web.web_url) + r"/summary/[A-Za-z0-9_-]+$"))
    expect(summary).to_have_attribute("target", "_blank")
    expect(share.get_by_role("link", name=share_words()["email"])).to_have_attribute("href", re.compile(r"^mailto:"))
    expect(share.get_by_role("link", name=share_words()["calendar"])).to_have_attribute(
        "href", re.compile(r"/summary/[A-Za-z0-9_-]+\.ics$")
    )
    check_state(page, "widget-answer")

    # "Why?" sends "why?" and shows every rule with its source
    card.get_by_role("button", name="Why?").click()
    expect(page.locator(".senco-panel .senco-why")).to_contain_text("regulation 49(4)")
    first_sender = senders()[0]
    assert set(senders()) == {first_sender}

    # no request went anywhere but the page's server and the Rasa server (the share links are
    # links: nothing is fetched until someone follows one)
    allowed = {urlsplit(web.web_url).netloc, urlsplit(web.rasa_url).netloc}
    assert {urlsplit(r.url).netloc for r in requests_log if not r.url.startswith("data:")} <= allowed

    # kept across a reload, in this tab's sessionStorage (messages and sender id)
    saved = stored(page)
    assert saved["sender"] == first_sender and saved["open"] is True
    assert any(e.get("item", {}).get("type") == "determination" for e in saved["entries"])
    assert page.evaluate("localStorage.length") == 0 and page.context.cookies() == []
    page.reload()
    card = page.locator(".senco-panel .senco-card").last  # "why?" gave the reasons and the answer again
    expect(card).to_be_visible()
    expect(card.locator(".senco-status")).to_contain_text("Overdue")
    expect(card).to_contain_text("1 September 2026")
    expect(card.get_by_role("link", name=share_words()["summary"])).to_be_visible()
    expect(page.locator(LOG)).to_contain_text("Academy, free school, UTC or studio school")
    say(page, "what have I told you?")
    expect(page.locator(LOG)).to_contain_text("Became SENCO: 1 September 2023")  # the same tracker
    assert set(senders()) == {first_sender}

    # start again: clears the view, the assistant forgets, asks the first question again
    page.locator(".senco-header").get_by_role("button", name="Start again").click()
    expect(control(page, "nation")).to_be_visible()
    expect(page.locator(".senco-panel .senco-card")).to_have_count(0)
    expect(page.locator(LOG)).not_to_contain_text("Overdue")
    expect(page.locator(LOG)).to_contain_text("Let's start again")
    assert "Overdue" not in json.dumps(stored(page))
    posted = [json.loads(r.post_data) for r in requests_log if r.method == "POST"]
    assert posted[-1] == {"sender": first_sender, "message": "start again"}


def test_works_at_320_px_without_horizontal_scrolling(make_context, web):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(web.web_url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.locator(LAUNCHER).click()
    box = page.locator(PANEL).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    say(page, "hi")
    expect(control(page, "nation")).to_be_visible()
    control(page, "nation").get_by_role("button", name="England").click()
    expect(control(page, "setting")).to_be_visible()  # nine long choices
    for selector in (LOG, ".senco-controls", ".senco-form"):
        width = page.locator(selector).evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert width[0] <= width[1], (selector, width)
    for button in control(page, "setting").get_by_role("button").all():
        b = button.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 320 and b["height"] >= 24, b  # WCAG 2.5.8 target size
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_reduced_motion_is_honoured(make_context, web):
    moving = make_context(reduced_motion="no-preference").new_page()
    moving.goto(web.web_url + "/")
    moving.locator(LAUNCHER).click()
    assert moving.locator(PANEL).evaluate("e => getComputedStyle(e).animationName") == "senco-in"
    still = make_context(reduced_motion="reduce").new_page()
    still.goto(web.web_url + "/")
    still.locator(LAUNCHER).click()
    assert still.locator(PANEL).evaluate("e => getComputedStyle(e).animationName") == "none"


def test_text_is_shown_as_text_and_only_http_links_are_made(page, web):
    page.goto(web.web_url + "/")
    page.locator(LAUNCHER).click()
    attack = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    say(page, attack)
    user = page.locator(".senco-msg-user p").last
    expect(user).to_have_text(attack)
    expect(page.locator(LOG)).not_to_have_attribute("aria-busy", "true")  # the reply has come
    expect(page.locator(LOG)).not_to_contain_text("Sorry, I couldn't reach")
    assert page.locator(".senco-panel img, .senco-panel b").count() == 0
    # bot content, as it would come from the server, with markup and javascript:/data: links
    page.evaluate("""() => {
        const items = SencoWidget.core.toItems([
          {text: '<script>window.__pwned=2</script>Answer **<img src=x onerror="window.__pwned=3">**'},
          {custom: {type: 'determination', determination: {as_of: '2026-11-26'},
             card: {outcome: 'TAKE_NPQ_SENCO', headline: '<b>headline</b>', labels: {status: 'Status',
                      sources: 'Sources', source: 'Source', by: 'by', steps: 'Steps'},
                    status: {code: 'at_risk" onclick="x', text: 'At risk', note: '<u>n</u>'},
                    steps: [{text: '<i>step</i>', by: '2027-10-15', by_text: '15 October 2027', source: 'bad',
                             href: 'javascript:alert(1)'},
                            {text: 'ok', by: null, by_text: null, source: 'good', href: 'https://www.gov.uk/'}],
                    sources: [{title: 'data', href: 'data:text/html,<b>x</b>'}]},
             share: {summary_url: 'javascript:alert(2)', ics_url: 'data:text/calendar,x',
                     qr_url: 'javascript:alert(3)', email: {mailto: 'mailto:?subject=Answer&body=Hello'},
                     labels: {take_away: 'Share', summary: '<i>summary</i>', email: 'Email', calendar: 'Calendar',
                              expires: {toString: 'not a string'}}}}}]);
        const box = document.createElement('div');
        box.id = 'safety';
        document.body.appendChild(box);
        const chat = new SencoWidget.core.Conversation(box, {serverUrl: 'http://127.0.0.1:9', share: 'links'});
        chat.receive(items);
    }""")
    box = page.locator("#safety")
    expect(box.locator(".senco-card")).to_contain_text("<i>step</i>")
    expect(box.locator(".senco-card h3")).to_have_text("<b>headline</b>")
    assert box.locator("i, img, script, b, u").count() == 0
    hrefs = box.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs and set(hrefs) == {"https://www.gov.uk/", "mailto:?subject=Answer&body=Hello"}, hrefs
    expect(box.locator(".senco-status")).to_contain_text("At risk")
    assert box.locator("[onclick]").count() == 0
    assert page.evaluate("window.__pwned") is None
    core = "SencoWidget.core.safeHref"
    assert page.evaluate(
        f"[{core}('javascript:alert(1)'), {core}(' JAVASCRIPT:x'), {core}('//evil.example'), "
        f"{core}('https://ok.example/a?b=1'), {core}('http://ok.example')]"
    ) == [None, None, None, "https://ok.example/a?b=1", "http://ok.example"]
    assert page.evaluate("SencoWidget.core.formatDate('2024-02-29')") == "29 February 2024"


def open_with_stub(page, web, reply):
    """The host page with the widget open, its messages answered by `reply` instead of Rasa."""
    posted = stub_replies.route_webhook(page, web.rasa_url, reply)
    page.goto(web.web_url + "/")
    page.locator(LAUNCHER).click()
    return posted


def ask_date(message):
    return stub_replies.question_messages("When did you become SENCO at this school?", "appointment_date", "date")


def test_the_date_question_has_day_month_and_year_fields_the_gov_uk_way(page, web, check_state):
    posted = open_with_stub(page, web, ask_date)
    say(page, "hi")
    group = control(page, "appointment_date")
    expect(group).to_be_visible()
    day, month, year = date_fields(page)
    for field in (day, month, year):
        assert field.get_attribute("inputmode") == "numeric" and field.get_attribute("type") == "text"
    expect(group.get_by_role("group", name="Date")).to_be_visible()  # the fieldset and its legend
    assert page.locator(".senco-panel input[type=date]").count() == 0

    # keyboard only, and no automatic move to the next field after two digits
    day.focus()
    page.keyboard.type("01")
    assert day.evaluate("e => e === document.activeElement"), "focus moved on by itself"
    page.keyboard.press("Tab")
    page.keyboard.type("Sept")  # a month name (short) is accepted
    page.keyboard.press("Tab")
    page.keyboard.type("23")
    page.keyboard.press("Enter")

    # one error message for the group, the field to put right marked and focused
    errors = group.locator(".senco-error:visible")
    expect(errors).to_have_count(1)
    expect(errors).to_have_text("Error: The year must include 4 numbers")
    expect(year).to_have_attribute("aria-invalid", "true")
    assert day.get_attribute("aria-invalid") is None and month.get_attribute("aria-invalid") is None
    expect(year).to_be_focused()
    described = group.locator("fieldset").get_attribute("aria-describedby").split()
    assert errors.get_attribute("id") in described
    check_state(page, "widget-date-error")

    year.fill("2023")
    day.fill("31")  # there is no 31 September
    page.keyboard.press("Enter")
    expect(errors).to_have_text("Error: The date must be a real date")
    expect(day).to_have_attribute("aria-invalid", "true")
    day.fill("")
    month.fill("13")
    page.keyboard.press("Enter")
    expect(errors).to_have_text("Error: The date must include a day")
    day.fill("1")
    page.keyboard.press("Enter")
    expect(errors).to_have_text("Error: The date must be a real date")
    expect(month).to_have_attribute("aria-invalid", "true")
    month.fill("sept")
    page.keyboard.press("Enter")
    expect(page.locator(".senco-msg-user").last).to_have_text("You: 1 September 2023")
    assert posted[-1] == "2023-09-01"

    # "I only know the month": month and year only, sent as a partial date in words
    expect(control(page, "appointment_date")).to_be_visible()
    control(page, "appointment_date").get_by_role("button", name="I only know the month").click()
    group = control(page, "appointment_date")
    expect(group.get_by_label("Day", exact=True)).to_have_count(0)
    expect(group.get_by_label("Month", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(group.locator(".senco-error:visible")).to_have_text("Error: Enter the month and year")
    group.get_by_label("Month", exact=True).fill("2")
    group.get_by_label("Year", exact=True).fill("2024")
    group.get_by_role("button", name="Send month").click()
    expect(page.locator(".senco-msg-user").last).to_have_text("You: February 2024")
    assert posted[-1] == "February 2024"


def test_the_answer_card_is_the_servers_card_with_share_links_and_the_course_link(page, web, check_state):
    cases = {"npq": stub_replies.TAKE_NPQ, "free": stub_replies.NOT_REQUIRED, "done": stub_replies.ALREADY_QUALIFIED}
    share = stub_replies.share_for(web.web_url, stub_replies.TAKE_NPQ)

    def reply(message):
        if message == "what if":
            return stub_replies.answer_messages(stub_replies.TAKE_NPQ, hypothetical=True)
        return stub_replies.answer_messages(
            cases[message], share=stub_replies.share_for(web.web_url, cases[message]), before=["Noted: Your role: the SENCO."]
        )

    open_with_stub(page, web, reply)
    words = labels()
    shared = share_words()
    course_label = "Book the NPQ for SENCOs with Riverside Teaching School Hub"  # index.html's courseLabel
    course_href = web.web_url + "/index.html#course"  # its courseUrl, "/index.html#course", made absolute

    say(page, "npq")
    card = page.locator(".senco-panel .senco-card").last
    expect(card).to_be_visible()
    expected = rules_core.card(rules_core.determine(stub_replies.TAKE_NPQ, stub_replies.AS_OF))
    expect(card.locator("h3")).to_have_text(expected["headline"])
    assert card_facts(card) == {
        words["deadline"]: expected["deadline"]["text"],
        words["status"]: f"{expected['status']['text']} ({expected['status']['note']})",
        words["expected"]: expected["expected"]["text"],
        words["funding"]: expected["funding"]["text"],
    }
    assert "senco-card-overdue" in card.get_attribute("class")
    # the text form gave way to the card; what came before it stays
    log = page.locator(LOG)
    expect(log).to_contain_text("Noted: Your role: the SENCO.")
    assert log.inner_text().count(expected["headline"]) == 1 and "**" not in log.inner_text()
    # one course link, labelled, beside the registration step (the step dated by the registration's close)
    course = card.get_by_role("link", name=course_label)
    expect(course).to_have_count(1)
    expect(course).to_have_attribute("href", course_href)
    expect(course).to_have_attribute("target", "_blank")
    registration = card.locator(".senco-steps > li").filter(has=page.get_by_role("link", name=course_label))
    expect(registration).to_contain_text(expected["steps"][0]["text"])
    expect(registration).to_contain_text(words["course_intro"])
    # share: the summary in a new tab, the email draft, the calendar file; reached with Tab
    group = card.get_by_role("group", name=shared["take_away"])
    summary = group.get_by_role("link", name=shared["summary"])
    expect(summary).to_have_attribute("href", share["summary_url"])
    expect(summary).to_have_attribute("target", "_blank")
    expect(group.get_by_role("link", name=shared["email"])).to_have_attribute("href", share["email"]["mailto"])
    expect(group.get_by_role("link", name=shared["calendar"])).to_have_attribute("href", share["ics_url"])
    expect(group).to_contain_text(shared["expires"])
    card.get_by_role("button", name=words["why_button"]).focus()
    page.keyboard.press("Tab")
    expect(summary).to_be_focused()
    check_state(page, "widget-answer-share")

    # the law does not require it but the NPQ is open: the course link too, after the steps
    say(page, "free")
    card = page.locator(".senco-panel .senco-card").last
    expect(card.locator("h3")).to_have_text(rules_core.render.WORDING["headlines"]["NOT_REQUIRED"])
    expect(card.get_by_role("link", name=course_label)).to_have_count(1)
    expect(card.locator(".senco-steps .senco-course")).to_have_count(0)
    # no status row when no deadline applies
    assert words["status"] not in card_facts(card)

    # already qualified: no course link; a what-if: neither a course link nor share links
    say(page, "done")
    card = page.locator(".senco-panel .senco-card").last
    expect(card.locator("h3")).to_have_text(rules_core.render.WORDING["headlines"]["ALREADY_QUALIFIED"])
    expect(card.get_by_role("link", name=course_label)).to_have_count(0)
    expect(card.get_by_role("link", name=shared["summary"])).to_have_count(1)
    say(page, "what if")
    card = page.locator(".senco-panel .senco-card").last
    expect(card.locator(".senco-card-kicker")).to_have_text(words["hypothetical"].strip("_"))
    expect(card.get_by_role("link", name=course_label)).to_have_count(0)
    expect(card.get_by_role("link", name=shared["summary"])).to_have_count(0)
    assert page.locator(LOG).text_content().count(words["hypothetical"].strip("_")) == 1  # the card's only


def test_date_fields_and_the_answer_card_fit_in_320_px(make_context, web):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    share = stub_replies.share_for(web.web_url)
    open_with_stub(
        page,
        web,
        lambda message: (
            ask_date(message) if message == "hi" else stub_replies.answer_messages(stub_replies.TAKE_NPQ, share=share)
        ),
    )
    say(page, "hi")
    expect(control(page, "appointment_date")).to_be_visible()
    for field in date_fields(page):
        b = field.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 320 and b["height"] >= 24, b
    width = page.locator(".senco-controls").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert width[0] <= width[1], width
    say(page, "1 September 2023")
    expect(page.locator(".senco-card .senco-share")).to_be_visible()
    width = page.locator(LOG).evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert width[0] <= width[1], width
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
