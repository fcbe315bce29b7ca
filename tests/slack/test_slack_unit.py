"""The Slack connector without servers: requests are handed straight to its handler, Slack's Web
API is a fake client. Fast (no model, no network); the same cases against the running server are
in test_slack_server.py."""

import asyncio
import json
import time

import pytest
from sanic.compat import Header

import rules_core
from channels.slack import blocks
from channels.slack.connector import SeenEvents, SencoSlackBot, SencoSlackInput, SharedSeenEvents
from tests.coroutines import run_coroutine
from tests.slack.slack_fakes import BOT_USER, SECRET, TOKEN, event_body, interaction_body, sign


class FakeRequest:
    def __init__(self, body: bytes, headers: dict):
        self.body = body
        self.headers = Header(headers)


def request(body: bytes, content_type="application/json", timestamp=None, secret=SECRET, extra=None):
    headers = {"Content-Type": content_type, **sign(body, timestamp, secret), **(extra or {})}
    return FakeRequest(body, headers)


class Received:
    """on_new_message: records the UserMessages the connector hands to Rasa."""

    def __init__(self):
        self.messages = []

    async def __call__(self, message):
        self.messages.append(message)


def run(channel, req, received=None):
    received = received or Received()

    async def go():
        answer = await channel.handle(req, received)
        await asyncio.sleep(0)  # let the background task start
        for task in list(channel.turns_in_progress):
            await task
        return answer

    return run_coroutine(go()), received


def channel(**settings):
    values = dict(slack_token=TOKEN, slack_signing_secret=SECRET, api_url="http://127.0.0.1:9/api/")
    values.update(settings)
    return SencoSlackInput(**values)


def dm(text="hi", user="U1", channel_id="D1", ts="1700000000.000100", **extra):
    return dict({"type": "message", "channel_type": "im", "user": user, "channel": channel_id, "text": text, "ts": ts}, **extra)


# ---------- settings ----------


@pytest.mark.parametrize(
    "token,secret", [("", SECRET), ("${SLACK_BOT_TOKEN}", SECRET), (TOKEN, ""), (TOKEN, "${SLACK_SIGNING_SECRET}")]
)
def test_without_settings_the_webhook_answers_503_and_nothing_is_processed(token, secret, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    slack = SencoSlackInput.from_credentials({"slack_token": token, "slack_signing_secret": secret})
    assert not slack.configured
    answer, received = run(slack, request(event_body(dm(), "Ev1")))
    assert answer.status == 503 and b"not configured" in answer.body
    assert received.messages == []


def test_settings_come_from_the_environment_through_credentials_yml(monkeypatch, tmp_path):
    from rasa.shared.exceptions import RasaException
    from rasa.shared.utils.io import read_yaml

    entry = (
        "channels.slack.connector.SencoSlackInput:\n  slack_token: ${SLACK_BOT_TOKEN}\n"
        "  slack_signing_secret: ${SLACK_SIGNING_SECRET}\n  use_threads: true\n"
    )
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:1234/api/")
    slack = SencoSlackInput.from_credentials(read_yaml(entry)["channels.slack.connector.SencoSlackInput"])
    assert slack.configured and slack.use_threads and slack.api_url == "http://127.0.0.1:1234/api/"
    assert slack.get_output_channel("D1").client.base_url == "http://127.0.0.1:1234/api/"
    # Defined but empty: the server starts, Slack answers 503.
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "")
    slack = SencoSlackInput.from_credentials(read_yaml(entry)["channels.slack.connector.SencoSlackInput"])
    assert not slack.configured
    # Not defined at all: Rasa 3.6 itself refuses the file (rasa/shared/utils/io.py), before any
    # channel code runs. Hence the defaults the README asks run.sh and the tests to export.
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    with pytest.raises(RasaException):
        read_yaml(entry)
    # The entry without the two keys reads the same variables itself.
    slack = SencoSlackInput.from_credentials({"use_threads": True})
    assert not slack.configured
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    assert SencoSlackInput.from_credentials({"use_threads": True}).configured
    monkeypatch.delenv("SLACK_API_URL")
    assert SencoSlackInput.from_credentials({}).api_url == "https://slack.com/api/"


# ---------- what Slack sends ----------


def test_a_forged_signature_is_rejected():
    answer, received = run(channel(), request(event_body(dm(), "Ev2"), secret="not-the-secret"))
    assert answer.status == 400 and received.messages == []


def test_a_stale_timestamp_is_rejected_even_when_correctly_signed():
    answer, received = run(channel(), request(event_body(dm(), "Ev3"), timestamp=int(time.time()) - 6 * 60))
    assert answer.status == 400 and received.messages == []


def test_a_body_changed_after_signing_is_rejected():
    body = event_body(dm("hi"), "Ev4")
    signed = request(body)
    signed.body = body.replace(b'"hi"', b'"start again"')
    answer, received = run(channel(), signed)
    assert answer.status == 400 and received.messages == []


def test_url_verification_is_answered_with_the_challenge():
    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    ).encode()
    answer, _ = run(channel(), request(body))
    assert answer.status == 200
    assert json.loads(answer.body) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_a_direct_message_is_one_conversation_per_user_answered_outside_threads():
    answer, received = run(channel(), request(event_body(dm("I'm the SENCO &amp; head"), "Ev5")))
    assert answer.status == 200
    (message,) = received.messages
    assert (message.sender_id, message.text) == ("U1", "I'm the SENCO & head")
    assert message.output_channel.slack_channel == "D1" and message.output_channel.thread_id is None
    assert message.input_channel == "slack"


def test_a_retried_event_is_acknowledged_without_being_processed_again():
    slack, received = channel(), Received()
    body = event_body(dm(), "Ev6")
    first, _ = run(slack, request(body), received)
    retry, _ = run(slack, request(body, extra={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}), received)
    assert first.status == 200 and "x-slack-no-retry" not in {key.lower() for key in first.headers}
    assert retry.status == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    assert len(received.messages) == 1


def test_a_retry_of_an_event_never_seen_is_processed():
    body = event_body(dm(), "Ev7")
    answer, received = run(channel(), request(body, extra={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}))
    assert answer.status == 200 and len(received.messages) == 1


def test_a_mention_is_answered_in_its_thread_one_conversation_per_thread():
    event = {
        "type": "app_mention",
        "user": "U2",
        "channel": "C1",
        "ts": "1700000001.000200",
        "text": f"<@{BOT_USER}> am I on track? see <https://www.gov.uk/x|this> &lt;3",
    }
    _, received = run(channel(), request(event_body(event, "Ev8")))
    (message,) = received.messages
    assert message.sender_id == "U2_C1_1700000001.000200"
    assert message.text == "am I on track? see this <3"
    assert message.output_channel.thread_id == "1700000001.000200"
    # A mention inside an existing thread continues that thread's conversation.
    event = dict(event, ts="1700000009.000900", thread_ts="1700000001.000200", text=f"<@{BOT_USER}> yes")
    _, received = run(channel(), request(event_body(event, "Ev9")))
    assert received.messages[0].sender_id == "U2_C1_1700000001.000200"
    assert received.messages[0].output_channel.thread_id == "1700000001.000200"


@pytest.mark.parametrize(
    "event",
    [
        dict(dm(), bot_id="B1"),  # our own post in the DM
        dict(dm(), subtype="message_changed"),  # an edit
        {"type": "message", "channel_type": "channel", "user": "U1", "channel": "C1", "text": "hi", "ts": "1.1"},
        {"type": "app_mention", "user": "U1", "channel": "C1", "text": f"<@{BOT_USER}>", "ts": "1.2"},  # empty
    ],
)
def test_events_that_are_not_for_us_are_acknowledged_and_ignored(event):
    answer, received = run(channel(), request(event_body(event, f"Ev-{hash(json.dumps(event))}")))
    assert answer.status == 200 and received.messages == []


def button_click(user, channel_id, value, thread_ts=None, message_ts="1700000002.000300", action_ts="1700000003.1"):
    message = {"type": "message", "ts": message_ts, "text": "Is your school in England?"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id},
        "channel": {"id": channel_id, "name": "directmessage" if channel_id.startswith("D") else "general"},
        "message": message,
        "actions": [{"type": "button", "action_id": "senco_button_0", "block_id": "b", "value": value, "action_ts": action_ts}],
    }


def test_a_button_in_a_thread_continues_the_thread_conversation_once():
    slack, received = channel(), Received()
    click = interaction_body(button_click("U2", "C1", '/inform{"nation": "england"}', thread_ts="1700000001.000200"))
    run(slack, request(click, "application/x-www-form-urlencoded"), received)
    again, _ = run(slack, request(click, "application/x-www-form-urlencoded"), received)
    (message,) = received.messages
    assert message.sender_id == "U2_C1_1700000001.000200" and message.text == '/inform{"nation": "england"}'
    assert message.output_channel.thread_id == "1700000001.000200"
    assert again.headers.get("X-Slack-No-Retry") == "1"


def test_a_picked_date_in_a_dm_is_sent_as_the_date():
    payload = button_click("U1", "D1", None)
    payload["actions"] = [
        {
            "type": "datepicker",
            "action_id": "senco_date",
            "block_id": "senco_date:appointment_date",
            "selected_date": "2023-09-01",
            "action_ts": "1700000004.2",
        }
    ]
    _, received = run(channel(), request(interaction_body(payload), "application/x-www-form-urlencoded"))
    (message,) = received.messages
    assert (message.sender_id, message.text, message.output_channel.thread_id) == ("U1", "2023-09-01", None)


def test_seen_events_are_forgotten_after_ten_minutes_and_bounded():
    now = [0.0]
    seen = SeenEvents(clock=lambda: now[0], limit=3)
    assert seen.first_time("a") and not seen.first_time("a")
    now[0] = 599
    assert not seen.first_time("a")
    now[0] = 601
    assert seen.first_time("a")
    for key in "bcde":
        seen.first_time(key)
    assert len(seen) <= 3


# ---------- what the bot posts ----------


class FakeClient:
    def __init__(self):
        self.posts = []

    async def chat_postMessage(self, **kwargs):
        self.posts.append(kwargs)
        return {"ok": True}


def bot(buffered=True, thread_id=None):
    out = SencoSlackBot(TOKEN, "D1", thread_id, api_url="http://127.0.0.1:9/api/", buffered=buffered)
    out.client = FakeClient()
    return out


def send(out, *messages):
    async def go():
        for message in messages:
            await out.send_response("U1", dict(message))
        await out.flush()

    run_coroutine(go())
    return out.client.posts


DETERMINATION = {
    "schema": "senco-determination/1",
    "as_of": "2026-11-26",
    "complete": True,
    "missing": [],
    "outcome": "TAKE_NPQ_SENCO",
    "qualification": "NPQ_SENCO",
    "deadline": "2026-09-01",
    "expected_completion": "2029-09-01",
    "status": "overdue",
    "funding": {"status": None, "cohort": "2027-autumn", "source": "DfE", "text": "Not announced <yet>."},
    "next_steps": [
        {
            "text": "Register for the November 2027 cohort.",
            "by": "2027-10-15",
            "source": "DfE, Funding for NPQs",
            "href": "https://www.gov.uk/guidance/funding-for-national-professional-qualifications-npqs",
        },
        {"text": "Tell your head teacher.", "by": None, "source": "Evil", "href": "javascript:alert(1)"},
    ],
    "reasons": [
        {
            "rule": "estimate.next_cohort",
            "text": "...",
            "source": "SEND Regulations 2014, reg 49",
            "href": "https://www.legislation.gov.uk/uksi/2014/1530/regulation/49",
        }
    ],
}


def all_text(post):
    return json.dumps(post)


def test_text_is_escaped_mrkdwn_in_a_section():
    (post,) = send(bot(), {"text": "Fish & chips <@U123> <!channel>\n\nSecond paragraph"})
    assert post["channel"] == "D1" and "as_user" not in post
    assert [block["type"] for block in post["blocks"]] == ["section", "section"]
    assert post["blocks"][0]["text"] == {"type": "mrkdwn", "text": "Fish &amp; chips &lt;@U123&gt; &lt;!channel&gt;"}


def test_buttons_become_block_kit_buttons_in_rows_and_the_question_is_tagged():
    buttons = [{"title": f"Option {n}", "payload": f'/inform{{"setting": "s{n}"}}'} for n in range(9)]
    (post,) = send(
        bot(),
        {"text": "What kind of school?", "buttons": buttons},
        {"custom": {"type": "question", "fact": "setting", "kind": "choice", "options": []}},
    )
    kinds = [block["type"] for block in post["blocks"]]
    assert kinds == ["section", "actions", "actions"]
    assert post["blocks"][0]["block_id"] == "senco_q:setting"
    values = [element["value"] for block in post["blocks"][1:] for element in block["elements"]]
    assert values == [button["payload"] for button in buttons]


def test_a_date_question_gets_a_datepicker_in_the_same_message():
    (post,) = send(
        bot(),
        {"text": "When did you become SENCO?"},
        {"custom": {"type": "question", "fact": "appointment_date", "kind": "date"}},
    )
    assert post["blocks"][0]["block_id"] == "senco_q:appointment_date"
    assert post["blocks"][-1]["elements"][0]["type"] == "datepicker"


def determination_payload(determination=DETERMINATION, **extra):
    """The payload as actions/turn.py sends it: the determination and its card."""
    return dict({"type": "determination", "determination": determination, "card": rules_core.card(determination)}, **extra)


def test_the_determination_is_a_card_that_replaces_the_summary_text():
    posts = send(
        bot(thread_id="1700000001.000200"),
        {"text": "Something first."},
        {"text": "**You need the NPQ for SENCOs.**\n\n- Deadline: 1 September 2026"},
        {"custom": determination_payload()},
    )
    assert len(posts) == 2 and all(post["thread_ts"] == "1700000001.000200" for post in posts)
    card = posts[1]
    # Its notification and screen-reader text: the card's headline, deadline and status, plain.
    assert card["text"] == (
        "You need the NPQ for SENCOs (the national professional qualification for SENCOs). "
        "Deadline: 1 September 2026. Status: Overdue."
    )
    header, fields = card["blocks"][0], card["blocks"][1]["fields"]
    assert header["type"] == "header" and "NPQ for SENCOs" in header["text"]["text"]
    assert fields[0]["text"] == "*Deadline*\n1 September 2026"
    assert fields[1]["text"] == "*Status*\n:red_circle: Overdue (the deadline has passed)"
    assert fields[2]["text"] == "*Expected to qualify*\naround September 2029 (an estimate)"
    assert "Not announced &lt;yet&gt;." in fields[3]["text"]
    text = all_text(card)
    assert "*By 15 October 2027:* Register" in text
    assert "<https://www.gov.uk/guidance/funding-for-national-professional-qualifications-npqs|DfE, Funding for NPQs>" in text
    assert "javascript:" not in text
    why = [element for block in card["blocks"] if block["type"] == "actions" for element in block["elements"]]
    labelled = {element["text"]["text"]: element["value"] for element in why}
    assert labelled == {"Why?": "why?", "Start again": "start again"}
    assert '"type": "determination"' not in text and '"outcome"' not in text


def test_custom_payloads_are_never_posted_raw():
    posts = send(
        bot(),
        {"custom": {"type": "answers", "facts": {"nation": "england"}}},
        {"custom": {"type": "question", "fact": "nation", "kind": "choice"}},
        {"custom": {"something": "else"}},
        {"text": "Why, in short"},
        {
            "custom": {
                "type": "reasons",
                "reasons": [{"text": "r", "source": "Reg 49", "href": "https://www.legislation.gov.uk/x"}],
            }
        },
    )
    assert len(posts) == 1
    assert posts[0]["blocks"][-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Sources: <https://www.legislation.gov.uk/x|Reg 49>"}],
    }


def test_unbuffered_output_posts_at_once():
    out = bot(buffered=False)
    run_coroutine(out.send_response("U1", {"text": "hello"}))
    assert len(out.client.posts) == 1


def test_long_text_is_split_under_slacks_section_limit():
    message = blocks.text_message("\n".join(["x" * 100] * 80))
    assert all(len(block["text"]["text"]) <= 3000 for block in message["blocks"])
    assert sum(len(block["text"]["text"]) for block in message["blocks"]) >= 8000


def test_instances_sharing_redis_answer_a_retried_event_once(monkeypatch):
    import uuid

    monkeypatch.setenv("REDIS_HOST", "127.0.0.1")
    monkeypatch.setenv("REDIS_KEY_PREFIX", f"slacktest{uuid.uuid4().hex[:8]}")
    first_instance, second_instance = SharedSeenEvents.from_env(), SharedSeenEvents.from_env()
    assert first_instance.first_time("Ev123") and not second_instance.first_time("Ev123")
    assert second_instance.first_time("Ev456")
    short = SharedSeenEvents(first_instance.client, first_instance.prefix + "short:", seconds=1)
    assert short.first_time("Ev789") and not short.first_time("Ev789")
    time.sleep(1.2)
    assert short.first_time("Ev789")  # remembered for the window only


def test_without_redis_settings_each_instance_remembers_for_itself(monkeypatch):
    monkeypatch.delenv("REDIS_HOST", raising=False)
    assert SharedSeenEvents.from_env() is None
    assert isinstance(SencoSlackInput(slack_token="", slack_signing_secret="").seen, SeenEvents)


def test_every_message_posted_has_plain_text_for_notifications_and_screen_readers():
    posts = send(
        bot(),
        {"text": "**Bold** start"},
        {"custom": {"type": "question", "fact": "appointment_date", "kind": "date"}},
        {"custom": {"type": "reasons", "reasons": [{"source": "Reg 49", "href": "https://www.legislation.gov.uk/x"}]}},
        {"text": "Summary"},
        {"custom": determination_payload()},
        {"text": "Answer.\n\nSource: DfE (https://www.gov.uk/npq)"},
        {"custom": {"type": "faq", "sources": [{"title": "DfE", "href": "https://www.gov.uk/npq"}]}},
        {"text": "Shall I check?", "buttons": [{"title": "Yes", "payload": "yes"}]},
        {"custom": {"type": "offer", "offer": "check"}},
    )
    assert [post["blocks"][0].get("block_id") for post in posts] == [
        "senco_q:appointment_date",
        "senco_determination",
        None,
        "senco_offer:check",
    ]
    for post in posts:
        assert post["blocks"] and post["text"].strip() and "**" not in post["text"], post
    assert posts[0]["text"] == "*Bold* start"


def test_a_choice_question_without_buttons_gets_them_from_its_options():
    options = [{"value": "england", "label": "England"}, {"value": "wales", "label": "Wales"}]
    (post,) = send(
        bot(),
        {"text": "Where is your school?"},
        {"custom": {"type": "question", "fact": "nation", "kind": "choice", "variant": "precise", "options": options}},
    )
    values = [element["value"] for block in post["blocks"] if block["type"] == "actions" for element in block["elements"]]
    assert values == ['/inform{"nation": "england"}', '/inform{"nation": "wales"}']
    (post,) = send(
        bot(),
        {"text": "Which one?", "buttons": [{"title": "England", "payload": "/x"}]},
        {"custom": {"type": "question", "fact": "nation", "kind": "choice", "options": options}},
    )
    assert [element["value"] for block in post["blocks"] if block["type"] == "actions" for element in block["elements"]] == [
        "/x"
    ], "the response's own buttons are kept as they are"
    (post,) = send(
        bot(),
        {"text": "Did you finish?"},
        {
            "custom": {
                "type": "question",
                "fact": "npq.status",
                "kind": "choice",
                "options": [{"value": "completed", "label": "Completed"}],
            }
        },
    )
    assert '/inform{\\"npq_status\\": \\"completed\\"}' in json.dumps(post), "the slot, not the dotted fact"


def test_a_click_on_a_link_button_is_acknowledged_and_starts_no_turn():
    click = button_click("U1", "D1", None, action_ts="1700000005.5")
    click["actions"] = [
        {
            "type": "button",
            "action_id": "senco_share_summary",
            "block_id": "senco_determination_actions",
            "url": "https://senco.example.org/summary/abc",
            "action_ts": "1700000005.5",
        }
    ]
    answer, received = run(channel(), request(interaction_body(click), "application/x-www-form-urlencoded"))
    assert answer.status == 200 and received.messages == []
