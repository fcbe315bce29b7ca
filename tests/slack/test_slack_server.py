"""Signed fake Slack requests against the running Rasa server (trained model, action server),
with a local stub of the Slack Web API recording what the bot posts (conftest.py)."""

import json
import time
import urllib.parse

import pytest

from channels.slack import blocks, home
from rules_core import REGISTRY
from tests.slack.servers import SLOW_MARKER, SLOW_SECONDS, dump
from tests.slack.slack_fakes import BOT_USER, event_body, interaction_body, new_ts
from tests.slack.test_manifest import MANIFEST, METHOD_SCOPES, methods_the_code_calls
from tests.support.driving import TYPICAL_FACTS, asked, payloads

pytestmark = pytest.mark.slow
ACK_LIMIT = 3.0  # Slack's limit for the HTTP answer


def question_of(post):
    block_id = (post.get("blocks") or [{}])[0].get("block_id", "")
    return block_id[len("senco_q:") :] if block_id.startswith("senco_q:") else None


def is_card(post):
    return any(block.get("block_id") == "senco_determination" for block in post.get("blocks") or [])


def turn_done(since):
    return lambda posts: any(question_of(post) or is_card(post) for post in posts[since:])


def buttons(post):
    """A message's buttons that answer (label -> value); link buttons have a url instead."""
    return {
        element["text"]["text"]: element["value"]
        for block in post.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
        if element["type"] == "button" and "value" in element
    }


def link_buttons(post):
    return {
        element["text"]["text"]: element["url"]
        for block in post.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
        if "url" in element
    }


def dm_event(user, channel, text, event_id=None):
    event = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "channel": channel,
        "text": text,
        "ts": new_ts(),
        "event_ts": new_ts(),
        "team": "T0SENCO",
    }
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
    return interaction_body(
        {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower()},
            "team": {"id": "T0SENCO"},
            "api_app_id": "A0SENCO",
            "trigger_id": "1.2.3",
            "container": {"type": "message", "message_ts": post["_ts"], "channel_id": channel, "is_ephemeral": False},
            "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "senco-team"},
            "message": message,
            "actions": [action],
        }
    )


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
    # With sharing on, the summary and the calendar are link buttons; never the email draft.
    assert all(url.startswith("http") for url in link_buttons(card).values()) and "mailto:" not in json.dumps(card)
    assert "<https://www.legislation.gov.uk/uksi/2014/1530/regulation/49|SEND Regulations 2014, reg 49>" in json.dumps(card)
    assert card["blocks"][0]["type"] == "header" and "NPQ for SENCOs" in card["blocks"][0]["text"]["text"]
    # "Why?" in the same conversation: the rules, with their sources as links.
    seen = len(posts)
    assert_acked(slack.post(click(user, channel, card, value="why?"), "application/x-www-form-urlencoded"))
    posts = slack.stub.wait(
        lambda got: (
            len(got) > seen
            and any(
                block["type"] == "context" and "Sources:" in json.dumps(block) for post in got[seen:] for block in post["blocks"]
            )
        ),
        channel,
    )
    assert_block_kit_only(posts)
    print(f"\nDM: {len(posts)} posts, questions {asked}; acks {max(acks):.2f} s at most")


def test_a_mention_in_a_channel_is_answered_in_its_thread_and_the_thread_is_one_conversation(slack):
    user, channel, ts = "UMEN0001", "CMEN0001", new_ts()
    event = {"type": "app_mention", "user": user, "channel": channel, "ts": ts, "event_ts": ts, "text": f"<@{BOT_USER}> hi"}
    assert_acked(slack.post(event_body(event, f"EvMen{ts.replace('.', '')}")))
    posts = slack.stub.wait(turn_done(0), channel)
    assert question_of(posts[-1]) == "nation", dump(posts)
    assert all(post.get("thread_ts") == ts for post in posts), dump(posts)
    # Clicking "England" under the bot's question in the thread continues the same conversation.
    seen, question = len(posts), posts[-1]
    assert_acked(
        slack.post(
            click(user, channel, question, value=buttons(question)["England"], thread_ts=ts), "application/x-www-form-urlencoded"
        )
    )
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
    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    ).encode()
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


# ---------- the Home tab, /senco and the start button ----------

FORM = "application/x-www-form-urlencoded"


# TYPICAL_FACTS answered as the buttons answer (the slot the registry names), so that the Home
# tab's test does not depend on how free text is read.
BUTTON_ANSWERS = {
    fact: "/inform" + json.dumps({REGISTRY[fact].slot: value})
    for fact, value in [(key, value) for key, value in TYPICAL_FACTS.items() if not isinstance(value, dict)]
    + [
        (f"{key}.{part}", value)
        for key, nested in TYPICAL_FACTS.items()
        if isinstance(nested, dict)
        for part, value in nested.items()
    ]
}


def converse_over_rest(slack, sender, answers):
    """A conversation held to its answer through the REST channel under ``sender``: for a Slack
    user id, the same conversation as their direct messages (one tracker store)."""
    messages = slack.say(sender, "hi")
    for _ in range(16):
        found = payloads(messages, "determination")
        if found:
            return found[-1]
        messages = slack.say(sender, answers[asked(messages)])
    raise AssertionError(f"no answer for {sender}")


def home_opened(user, event_id=None):
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home", "event_ts": new_ts()}
    return event_body(event, event_id or f"EvHome{new_ts().replace('.', '')}")


def published_view(slack, user, count=1):
    views = slack.stub.wait_for(
        lambda: [call["view"] for call in slack.stub.calls_of("views.publish") if call["user_id"] == user][count - 1 :],
        f"the Home tab of {user}",
    )
    return views[-1]


def command(slack, user, text=""):
    name = f"cmd{new_ts().replace('.', '')}"
    body = urllib.parse.urlencode(
        {
            "team_id": "T0SENCO",
            "channel_id": "C0TEAM",
            "channel_name": "send-team",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/senco",
            "text": text,
            "api_app_id": "A0SENCO",
            "response_url": slack.stub.response_url(name),
            "trigger_id": new_ts(),
        }
    ).encode()
    return body, name


def test_the_home_tab_shows_what_the_app_does_and_the_persons_latest_answer(slack):
    user = "UHOME0001"
    assert_acked(slack.post(home_opened(user)))
    view = published_view(slack, user)
    assert blocks.WORDS["no_answer"] in json.dumps(view) and blocks.START_CHECK_ACTION in json.dumps(view)
    answer = converse_over_rest(slack, user, BUTTON_ANSWERS)
    assert_acked(slack.post(home_opened(user)))
    view = published_view(slack, user, count=2)
    assert view["type"] == "home"
    shown = json.dumps(view)
    card = answer["card"]
    for words in (
        home.app_name(),
        card["headline"],
        card["deadline"]["text"],
        card["status"]["text"],
        "Worked out on 26 November 2026",
    ):
        assert words in shown, words
    assert '"value": "why?"' not in shown, "the conversation's buttons stay in the conversation"
    print(f"\nHome tab: {len(view['blocks'])} blocks, the answer of {card['deadline']['text']}")


def test_the_home_tabs_button_starts_the_check_in_a_direct_message(slack):
    user = "UHOME0002"
    dm = slack.stub.direct_message_channel(user)
    click = interaction_body(
        {
            "type": "block_actions",
            "user": {"id": user},
            "team": {"id": "T0SENCO"},
            "trigger_id": "1.2.3",
            "container": {"type": "view", "view_id": "VHOME0002"},
            "view": {"id": "VHOME0002", "type": "home"},
            "actions": [
                {
                    "type": "button",
                    "action_id": blocks.START_CHECK_ACTION,
                    "block_id": "senco_home_actions",
                    "value": "start",
                    "action_ts": new_ts(),
                }
            ],
        }
    )
    assert_acked(slack.post(click, FORM))
    posts = slack.stub.wait(turn_done(0), dm)
    assert question_of(posts[-1]) == "nation", dump(posts)
    assert {"users": user} in [{"users": call.get("users")} for call in slack.stub.calls_of("conversations.open")]
    assert_block_kit_only(posts)


def test_senco_alone_starts_the_check_in_a_direct_message(slack):
    user = "UCMD00001"
    body, _ = command(slack, user)
    status, _, answer, seconds = slack.post(body, FORM)
    assert status == 200 and seconds < ACK_LIMIT
    acknowledged = json.loads(answer)
    assert acknowledged["response_type"] == "ephemeral" and acknowledged["text"] and acknowledged["blocks"]
    posts = slack.stub.wait(turn_done(0), slack.stub.direct_message_channel(user))
    assert question_of(posts[-1]) == "nation", dump(posts)


def test_senco_with_a_question_answers_it_only_to_the_person_within_slacks_time(slack):
    """The user id carries the slow marker: every action call of the turn waits 4 s, and Slack
    still has its answer at once."""
    user = f"{SLOW_MARKER}CMD02"
    body, name = command(slack, user, "how long does the NPQ take")
    status, _, answer, seconds = slack.post(body, FORM)
    assert status == 200 and answer == b"" and seconds < ACK_LIMIT, (status, answer, seconds)
    (reply,) = slack.stub.wait_for(lambda: slack.stub.responses(name), "the answer to /senco")
    assert reply["response_type"] == "ephemeral"
    assert "18 months" in reply["text"] or "month" in reply["text"], reply["text"]
    kinds = [block["type"] for block in reply["blocks"]]
    assert kinds[-2:] == ["context", "actions"] and "Sources: <https://" in json.dumps(reply["blocks"][-2])
    assert [element["action_id"] for element in reply["blocks"][-1]["elements"]] == [blocks.START_CHECK_ACTION]
    assert "Source: " not in json.dumps(reply["blocks"]), "the citing paragraph became the links"
    time.sleep(1)
    assert slack.stub.posts(slack.stub.direct_message_channel(user)) == [], "nothing said in the person's DM"
    print(f"\n/senco with a question, slow actions: acknowledged in {seconds:.2f} s")


def test_senco_with_facts_goes_on_in_the_direct_messages(slack):
    user = "UCMD00003"
    body, name = command(slack, user, "I'm the SENCO at an academy in England")
    assert_acked(slack.post(body, FORM))
    dm = slack.stub.direct_message_channel(user)
    posts = slack.stub.wait(turn_done(0), dm)
    assert question_of(posts[-1]) not in {None, "nation", "setting", "role"}, dump(posts)
    (note,) = slack.stub.wait_for(lambda: slack.stub.responses(name), "the note about the DM")
    assert note["response_type"] == "ephemeral" and note["text"] == blocks.fallback(blocks.WORDS["in_direct_messages"])


def test_a_question_in_a_direct_message_gets_its_sources_as_links_and_the_offer_to_check(slack):
    user, channel = "UFAQ00001", "DFAQ00001"
    assert_acked(slack.post(dm_event(user, channel, "how long does the NPQ take?")))
    posts = slack.stub.wait(
        lambda got: any(post["blocks"][0].get("block_id", "").startswith("senco_offer:") for post in got), channel
    )
    answer = next(post for post in posts if any(block["type"] == "context" for block in post["blocks"]))
    assert "Sources: <https://" in json.dumps(answer) and "Source: " not in json.dumps(answer["blocks"])
    offer = posts[-1]
    assert offer["blocks"][0]["block_id"] == "senco_offer:check" and buttons(offer)
    assert_block_kit_only(posts)


def test_an_event_another_instance_handled_is_not_handled_again(slack):
    """The memory of handled requests is Redis, shared by every instance: an event id another
    instance has handled is acknowledged and left alone, here too."""
    body = dm_event("UTWIN0001", "DTWIN0001", "hi", event_id="EvTwinServer01")
    slack.remember_as_another_instance("event:EvTwinServer01")
    answer = slack.post(body)
    assert_acked(answer)
    assert answer[1].get("X-Slack-No-Retry") == "1"
    control_turn(slack, "DCTRL004")
    assert slack.stub.posts("DTWIN0001") == []


def test_every_message_has_plain_text_and_every_method_called_has_its_scope_in_the_manifest(slack):
    # Something of everything, in case this test runs alone.
    control_turn(slack, "DCTRL005")
    assert_acked(slack.post(home_opened("UCTRL0005")))
    published_view(slack, "UCTRL0005")
    messages = slack.stub.posts() + slack.stub.responses()
    assert messages
    for message in messages:
        if message.get("blocks"):
            assert message.get("text", "").strip(), f"blocks without text: {dump(message)}"
            assert "**" not in message["text"], message["text"]
    called = slack.stub.methods()
    assert called <= methods_the_code_calls(), f"called but not found in the code: {called - methods_the_code_calls()}"
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    for method in called:
        assert METHOD_SCOPES[method] <= scopes, method
    print(f"\nWeb API methods called: {sorted(called)}; {len(messages)} messages, all with text")
