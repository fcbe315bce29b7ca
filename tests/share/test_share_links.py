"""The share object a real answer carries (README "Taking the answer away"): its links hold nothing but the token,
the email draft is plain text in an RFC 6068 mailto with the answer's words from the card, and the
action gives the answer with links when sharing works, and without them when it does not."""

import datetime as dt
import re
import urllib.parse

import pytest
from rasa_sdk.executor import CollectingDispatcher

import rules_core
from actions.turn import ActionTurn
from channels import share
from rules_core.render import WORDING
from stores import share as share_store
from stores.share import ShareStore

AS_OF = dt.date(2026, 11, 26)
BASE = "https://senco.example.org/help"
# Appointed in September 2025 (the month only): the deadline is "September 2028", with the grain's note.
FACTS = {
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
# RFC 6068 section 2: hfvalue = *qchar; qchar = unreserved / pct-encoded / some-delims
QCHARS = re.compile(r"(?:[A-Za-z0-9\-._~!$'()*+,;:@]|%[0-9A-F]{2})*")


@pytest.fixture
def store(tmp_path):
    return ShareStore(f"sqlite:///{tmp_path / 'tracker.db'}")


@pytest.fixture
def links(store):
    return share.links_for(FACTS, AS_OF, store=store, base=BASE)


def card_for(facts=FACTS, as_of=AS_OF):
    return rules_core.card(rules_core.determine(facts, as_of))


def test_the_share_object_has_every_field_of_the_interface(links):
    token = links["token"]
    assert links["summary_url"] == f"{BASE}/summary/{token}"
    assert links["ics_url"] == f"{BASE}/summary/{token}.ics"
    assert links["qr_url"] == f"{BASE}/summary/{token}/qr.svg"
    assert set(links["email"]) == {"subject", "body", "mailto"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", links["expires"])
    assert links["labels"] == WORDING["share"]["labels"]


def test_the_links_hold_no_facts_only_the_token(links):
    facts_said = {"england", "academy", "senco", "2025", "09", "true", "false", "none", "completed"}
    for key in ("summary_url", "ics_url", "qr_url"):
        rest = links[key][len(BASE) :].lower()
        assert rest.startswith("/summary/" + links["token"].lower())
        leftover = rest.replace("/summary/" + links["token"].lower(), "")
        assert leftover in ("", ".ics", "/qr.svg")
        assert "?" not in links[key] and "#" not in links[key]
    assert not any(word in links["token"].lower() for word in facts_said if len(word) > 4)


def test_the_token_brings_back_the_same_answer(links, store):
    shared = store.get(links["token"])
    assert rules_core.determine(shared.facts, shared.as_of) == rules_core.determine(FACTS, AS_OF)


def test_the_links_expire_24_hours_after_they_are_made(store):
    made = share.links_for(FACTS, AS_OF, store=store, base=BASE, now=1_800_000_000.0)
    assert made["expires"] == "2027-01-16T08:00:00Z"


def test_WEB_PUBLIC_URL_sets_the_base_and_a_trailing_slash_does_not_double(store, monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://senco.example.org/")
    assert share.links_for(FACTS, AS_OF, store=store)["summary_url"].startswith("https://senco.example.org/summary/")
    monkeypatch.delenv("WEB_PUBLIC_URL")
    assert share.links_for(FACTS, AS_OF, store=store)["summary_url"].startswith("http://127.0.0.1:8080/summary/")


def test_an_answer_with_no_dates_ahead_has_no_calendar_link(store):
    held = dict(
        FACTS,
        appointment_date="2019-09-01",
        nasenco={"status": "completed", "start_date": "2019-01-01", "completion_date": "2020-01-01"},
    )
    assert rules_core.determine(held, AS_OF)["deadline"] < AS_OF.isoformat()  # met, and the deadline is past
    assert share.links_for(held, AS_OF, store=store, base=BASE)["ics_url"] is None
    wales = share.links_for({"nation": "wales"}, AS_OF, store=store, base=BASE)
    assert wales["ics_url"] is None and wales["summary_url"]


# ---- the email draft ---------------------------------------------------------------------------


def hfields(uri: str) -> dict:
    assert uri.startswith("mailto:?"), "no address: the person chooses whom to send it to"
    fields = {}
    for pair in uri[len("mailto:?") :].split("&"):
        name, value = pair.split("=", 1)
        assert QCHARS.fullmatch(value), f"{name} has characters RFC 6068 wants percent-encoded"
        assert "+" not in value, "a space must be %20, never +"
        fields[name] = urllib.parse.unquote(value, encoding="utf-8", errors="strict")
    return fields


def test_the_mailto_is_rfc_6068_and_decodes_to_the_subject_and_body(links):
    fields = hfields(links["email"]["mailto"])
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == links["email"]["subject"]
    assert fields["body"] == links["email"]["body"].replace("\n", "\r\n")
    assert "%0D%0A" in links["email"]["mailto"] and "\r\n" not in links["email"]["mailto"]


@pytest.mark.parametrize("text", ["a & b = c?", "50% #1", "café – ‘quoted’", "line one\nline two\r\nthree", "x+y"])
def test_mailto_encodes_reserved_non_ascii_and_line_breaks(text):
    fields = hfields(share.mailto(text, text))
    assert fields["subject"] == text
    assert fields["body"] == text.replace("\r\n", "\n").replace("\n", "\r\n")
    if "é" in text:
        assert "%C3%A9" in share.mailto(text, "")  # UTF-8, then percent-encoded


def test_the_email_says_the_answer_in_the_cards_words(links):
    card = card_for()
    body = links["email"]["body"]
    words = WORDING["share"]["email"]
    assert body.startswith(words["greeting"])
    assert card["headline"] in body
    assert f"{card['labels']['deadline']}: September 2028 ({card['deadline']['note']})" in body  # its grain
    assert card["deadline"]["note"] and "month" in card["deadline"]["note"]
    assert f"{card['labels']['status']}: {card['status']['text']}" in body
    for step in card["steps"]:
        assert step["text"] in body
        if step["by_text"]:
            assert f"{step['text']} ({card['labels']['by']} {step['by_text']})" in body
    main = card["reasons"][-1]
    assert card["why"] == main["text"]
    assert f"{card['why']} ({words['source']}: {main['source']}, {main['href']})" in body
    assert links["summary_url"] in body.splitlines()
    assert links["email"]["subject"] == words["subject_with_deadline"].format(deadline="September 2028")


def test_an_answer_without_a_deadline_has_the_headline_in_the_subject(store):
    card = card_for({"nation": "wales"})
    subject = share.links_for({"nation": "wales"}, AS_OF, store=store, base=BASE)["email"]["subject"]
    assert subject == WORDING["share"]["email"]["subject"].format(headline=card["headline"].rstrip("."))


# ---- the action --------------------------------------------------------------------------------

COMPLETE_SLOTS = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2023-09-01",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco_status": "none",
    "requested_fact": "npq.status",
}


def answer_payload(tracker_factory, text="not started"):
    dispatcher = CollectingDispatcher()
    ActionTurn().run(dispatcher, tracker_factory(slots=COMPLETE_SLOTS, text=text, intent="inform"), {})
    payloads = [m["custom"] for m in dispatcher.messages if (m.get("custom") or {}).get("type") == "determination"]
    assert len(payloads) == 1
    return payloads[0]


def test_the_answer_carries_working_share_links(tracker_factory, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("WEB_PUBLIC_URL", BASE)
    payload = answer_payload(tracker_factory)
    assert payload["determination"]["status"] == "overdue"
    links = payload["share"]
    shared = share_store.configured()[0].get(links["token"])
    assert rules_core.determine(shared.facts, shared.as_of) == payload["determination"]
    assert links["summary_url"] == f"{BASE}/summary/{links['token']}"


def test_a_failing_store_never_loses_the_answer(tracker_factory, monkeypatch, tmp_path, caplog):
    class Broken(ShareStore):
        def create(self, *args, **kwargs):
            raise share_store.ShareStoreUnavailable("OperationalError")

    monkeypatch.setattr(share_store, "configured", lambda: (Broken("sqlite://"), ""))
    payload = answer_payload(tracker_factory)
    assert payload["determination"]["complete"] and "share" not in payload
    assert "share link not made" in caplog.text and "academy" not in caplog.text


def test_without_a_store_configured_the_answer_has_no_share_links(tracker_factory, monkeypatch):
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.setenv("SHARE_ENDPOINTS", "endpoints.yml")
    payload = answer_payload(tracker_factory)
    assert payload["determination"]["complete"] and "share" not in payload


def test_a_what_if_answer_has_no_share_links(tracker_factory, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    slots = dict(COMPLETE_SLOTS, npq_status="none", requested_fact=None)
    tracker = tracker_factory(
        slots=slots,
        text="what if I'd been appointed in September 2024?",
        intent="what_if",
        entities=[{"entity": "appointment_date", "value": "2024-09-01", "extractor": "FactExtractor"}],
    )
    dispatcher = CollectingDispatcher()
    ActionTurn().run(dispatcher, tracker, {})
    payloads = [m["custom"] for m in dispatcher.messages if (m.get("custom") or {}).get("type") == "determination"]
    supposed = [payload for payload in payloads if payload.get("hypothetical")]
    real = [payload for payload in payloads if not payload.get("hypothetical")]
    assert len(supposed) == 1 and "share" not in supposed[0]
    assert all("share" in payload for payload in real)  # the real answer given after it keeps its links
