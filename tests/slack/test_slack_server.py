"""Signed fake Slack requests against the running Rasa server (trained model, action server),
with a local stub of the Slack Web API recording what the bot posts (conftest.py)."""
import json
import time

import pytest

from tests.slack.conftest import SLOW_MARKER, SLOW_SECONDS, dump
from tests.slack.slack_fakes import BOT_USER, event_body, interaction_body, new_ts

pytestmark = pytest.mark.slow
ACK_LIMIT = 3.0  # Slack's limit for the HTTP answer


def question_of(post):
    block_id = (post.get("blocks") or [{}])[0].get("block_id", "")
    return block_id[len("senco_q:"):] if block_id.startswith("senco_q:") else None


def is_card(post):
    return any(block.get("block_id") == "senco_determination" for block in post.get("blocks") or [])


def turn_done(since):
    return lambda posts: any(question_of(post) or is_card(post) for post in posts[since:])


def buttons(post):
    return {element["text"]["text"]: element["value"] for block in post.get("blocks") or []
            if block["type"] == "actions" for element in block["elements"] if element["type"] == "button"}


def dm_event(user, channel, text, event_id=None):
    event = {"type": "message", "channel_type": "im", "user": user, "channel": channel, "text": text,
             "ts": new_ts(), "event_ts": new_ts(), "team": "T0SENCO"}
    return event_body(event, event_id or f"Ev{new_ts().replace('.', '')}")


def click(user, channel, post, value=None, date=None, thread_ts=None):
    message = {"type": "message", "ts": post["_ts"], "text": post.get("text"), "blocks": post.get("blocks")}
    if thread_ts:
        message["thread_ts"] = thread_ts
    if date:
        action = {"type": "datepicker", "action_id": "senco_date", "selected_date": date}
    else:
        action = {"type": "button", "action_id": "senco_button", "value": value}
    action.update(block_id="b", action_ts=new_ts())
    return interaction_body({
        "type": "block_actions", "user": {"id": user, "username": user.lower()}, "team": {"id": "T0SENCO"},
        "api_app_id": "A0SENCO", "trigger_id": "1.2.3",
        "container": {"type": "message", "message_ts": post["_ts"], "channel_id": channel, "is_ephemeral": False},
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "senco-team"},
        "message": message, "actions": [action]})


def assert_acked(answer, limit=ACK_LIMIT):
    status, _, body, seconds = answer
    assert status == 200, (status, body)
    assert seconds < limit, f"acknowledged after {seconds:.2f} s"
    return seconds


def assert_block_kit_only(posts):
    for post in posts:
        assert post.get("blocks"), post
        assert post.get("text")
        raw = json.dumps(post)
        for marker in ('"type": "question"', '"type": "determination"', '"outcome":', '"next_steps"'):
            assert marker not in raw, f"raw payload posted: {raw[:500]}"


# Each question answered the way a user would: typing, a button, or the date picker.
ANSWERS = {
    "nation": ("type", "England"),
    "setting": ("button", "Academy, free school, UTC or studio school"),
    "role": ("button", "I'm the SENCO"),
    "appointment_date": ("date", "2023-09-01"),
    "prior_senco_months": ("button", "No, never before"),
    "has_qts": ("button", "Yes"),
    "qts_via_qtls_only": ("button", "No"),
    "induction": ("button", "Yes, completed"),
    "nasenco.status": ("button", "Not started"),
    "npq.status": ("button", "Not started"),
}


def test_a_direct_message_conversation_ends_in_a_determination_card(slack):
    user, channel = "UDM0001", "DDM0001"
    acks = [assert_acked(slack.post(dm_event(user, channel, "hi")))]
    asked, seen = [], 0
    for _ in range(16):
        posts = slack.stub.wait(turn_done(seen), channel)
        last = posts[-1]
        if is_card(last):
            break
        fact = question_of(last)
        assert fact in ANSWERS, f"unexpected question {fact}: {dump(posts[seen:])}"
        asked.append(fact)
        seen = len(posts)
        how, answer = ANSWERS[fact]
        if how == "type":
            body, kind = dm_event(user, channel, answer), "application/json"
        elif how == "date":
            assert last["blocks"][-1]["elements"][0]["type"] == "datepicker", dump(last)
            body, kind = click(user, channel, last, date=answer), "application/x-www-form-urlencoded"
        else:
            assert answer in buttons(last), dump(last)
            body, kind = click(user, channel, last, value=buttons(last)[answer]), "application/x-www-form-urlencoded"
        acks.append(assert_acked(slack.post(body, kind)))
    else:
        raise AssertionError(f"no determination; asked {asked}")
    posts = slack.stub.posts(channel)
    assert asked == list(ANSWERS)
    assert_block_kit_only(posts)
    assert all("thread_ts" not in post for post in posts), "DMs are answered in the conversation, not in threads"
    card = posts[-1]
    fields = [field["text"] for block in card["blocks"] if block["type"] == "section" for field in block.get("fields", [])]
    assert "*Deadline*\n1 September 2026" in fields
    assert any(field.startswith("*Status*\n:red_circle: Overdue") for field in fields)
    assert buttons(card)["Why?"] == "why?"
    assert "<https://www.legislation.gov.uk/uksi/2014/1530/regulation/49|SEND Regulations 2014, reg 49>" in json.dumps(card)
    assert card["blocks"][0]["type"] == "header" and "NPQ for SENCOs" in card["blocks"][0]["text"]["text"]
    # "Why?" in the same conversation: the rules, with their sources as links.
    seen = len(posts)
    assert_acked(slack.post(click(user, channel, card, value="why?"), "application/x-www-form-urlencoded"))
    posts = slack.stub.wait(lambda got: len(got) > seen and any(
        block["type"] == "context" and "Sources:" in json.dumps(block) for post in got[seen:] for block in post["blocks"]),
        channel)
    assert_block_kit_only(posts)
    print(f"\nDM: {len(posts)} posts, questions {asked}; acks {max(acks):.2f} s at most")


def test_a_mention_in_a_channel_is_answered_in_its_thread_and_the_thread_is_one_conversation(slack):
    user, channel, ts = "UMEN0001", "CMEN0001", new_ts()
    event = {"type": "app_mention", "user": user, "channel": channel, "ts": ts, "event_ts": ts,
             "text": f"<@{BOT_USER}> hi"}
    assert_acked(slack.post(event_body(event, f"EvMen{ts.replace('.', '')}")))
    posts = slack.stub.wait(turn_done(0), channel)
    assert question_of(posts[-1]) == "nation", dump(posts)
    assert all(post.get("thread_ts") == ts for post in posts), dump(posts)
    # Clicking "England" under the bot's question in the thread continues the same conversation.
    seen, question = len(posts), posts[-1]
    assert_acked(slack.post(click(user, channel, question, value=buttons(question)["England"], thread_ts=ts),
                            "application/x-www-form-urlencoded"))
    posts = slack.stub.wait(turn_done(seen), channel)
    assert question_of(posts[-1]) == "setting", dump(posts[seen:])
    assert all(post.get("thread_ts") == ts for post in posts)
    assert_block_kit_only(posts)


def control_turn(slack, channel):
    """A valid DM, answered: by then anything sent before it would have been answered too."""
    assert_acked(slack.post(dm_event(f"U{channel[1:]}", channel, "hi")))
    slack.stub.wait(turn_done(0), channel)


def test_a_forged_signature_is_rejected_and_nothing_is_posted(slack):
    answer = slack.post(dm_event("UFORGE01", "DFORGE01", "hi"), secret="forged-secret")
    assert answer[0] == 400, answer
    unsigned = slack.post(dm_event("UFORGE01", "DFORGE01", "hi"), headers={"X-Slack-Signature": ""})
    assert unsigned[0] == 400
    control_turn(slack, "DCTRL001")
    assert slack.stub.posts("DFORGE01") == []


def test_a_stale_timestamp_is_rejected_and_nothing_is_posted(slack):
    answer = slack.post(dm_event("USTALE01", "DSTALE01", "hi"), timestamp=int(time.time()) - 6 * 60)
    assert answer[0] == 400, answer
    future = slack.post(dm_event("USTALE01", "DSTALE01", "hi"), timestamp=int(time.time()) + 6 * 60)
    assert future[0] == 400
    control_turn(slack, "DCTRL002")
    assert slack.stub.posts("DSTALE01") == []


def test_a_retried_event_is_answered_once(slack):
    body = dm_event("URETRY01", "DRETRY01", "hi", event_id="EvRetry0001")
    first = slack.post(body)
    retry = slack.post(body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert_acked(first)
    assert_acked(retry)
    assert retry[1].get("X-Slack-No-Retry") == "1" and first[1].get("X-Slack-No-Retry") is None
    posts = slack.stub.wait(turn_done(0), "DRETRY01")
    second_retry = slack.post(body, headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"})
    assert second_retry[1].get("X-Slack-No-Retry") == "1"
    control_turn(slack, "DCTRL003")
    posts = slack.stub.posts("DRETRY01")
    assert [question_of(post) for post in posts].count("nation") == 1, dump(posts)


def test_url_verification_is_answered(slack):
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"}).encode()
    status, headers, answer, seconds = slack.post(body)
    assert status == 200 and json.loads(answer) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert seconds < ACK_LIMIT


def test_a_slow_action_is_still_acknowledged_in_time(slack):
    """The proxy holds every action call for this sender SLOW_SECONDS (4 s): Slack still gets
    its 200 at once, and the reply is posted later."""
    channel = "DSLOW001"
    sent = time.time()
    seconds = assert_acked(slack.post(dm_event(f"{SLOW_MARKER}01", channel, "hi")))
    assert slack.stub.posts(channel) == [], "nothing can have been posted before the action answered"
    posts = slack.stub.wait(turn_done(0), channel)
    replied_after = posts[0]["_at"] - sent
    assert replied_after >= SLOW_SECONDS, f"the reply came {replied_after:.1f} s after the event"
    print(f"\nslow action: acknowledged in {seconds:.2f} s, first reply after {replied_after:.1f} s")
