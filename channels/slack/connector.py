"""The Slack channel: Rasa 3.6's Slack connector (rasa.core.channels.slack), extended where the
assistant needs more. The Slack app itself is channels/slack/manifest.yml.

credentials.yml:

    channels.slack.connector.SencoSlackInput:
      slack_token: ${SLACK_BOT_TOKEN}
      slack_signing_secret: ${SLACK_SIGNING_SECRET}
      use_threads: true

What the base class already does and we keep: the X-Slack-Signature check (HMAC-SHA256 of
"v0:<timestamp>:<body>" with the signing secret) with timestamps more than 5 minutes off rejected,
buttons and datepicker interactions mapped to text, and processing in a background task so Slack
gets its answer at once. What this module adds:

- settings: a token or signing secret that is empty or still reads "${...}" means "Slack is not
  configured": the webhook then answers 503 and the rest of the server runs normally (a missing
  key falls back to the SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET environment variables). The Web API
  base URL comes from SLACK_API_URL (default https://slack.com/api/), so tests can use a stub;
- one address (/webhooks/slack/webhook) for events, interactivity and the slash command, each
  answered at once, whatever it starts running in the background;
- each request is handled once: event ids (and action_ts + user for interactions, the trigger id
  for commands) are remembered for 10 minutes, in Redis when the production settings name one, so
  that several instances share the memory; a repeat (Slack's retries) is acknowledged with 200 and
  X-Slack-No-Retry: 1;
- direct messages are one conversation per user (sender id = user id); a mention in a channel is
  answered in its thread and each thread is one conversation (user + channel + thread); the bot's
  mention is taken out of the text;
- the Home tab (app_home_opened): what the app does, a "Check a SENCO's deadline" button and the
  person's latest answer, read from the tracker store (home.py); the button starts the check in
  the person's direct messages (conversations.open);
- /senco: alone, it starts the check in a direct message; with words after it, it answers them
  only to the person (through the command's response_url) when they ask one of the questions the
  assistant answers, and otherwise takes them into the check in a direct message;
- output through SencoSlackBot: our custom payloads become Block Kit (channels/slack/blocks.py)
  and are never posted as raw JSON.

Where this needs Rasa's private parts (how SlackBot posts, how SlackInput checks its settings and
reads an interaction), it goes through channels/rasa_compat.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
import uuid
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text, Tuple, Union
from urllib.parse import parse_qs, urlsplit

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from channels import rasa_compat
from channels.guard import guarded

from . import blocks, home

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
TOKEN_ENV, SECRET_ENV, API_URL_ENV = "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL"
NOT_CONFIGURED = "Slack is not configured on this server: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET and restart it."
SEEN_SECONDS = 10 * 60
SEEN_MAX = 10_000
# Message subtypes that are still a person writing to us; the rest (edits, deletions, joins,
# bot messages) are ignored.
USER_SUBTYPES = {None, "thread_broadcast", "file_share"}
SLACK_RESPONSE_URLS = ("https://hooks.slack.com/",)
LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")


def configured_value(value: Any) -> bool:
    """A setting counts only if it is not empty and not an unexpanded "${VARIABLE}"."""
    return isinstance(value, str) and value.strip() != "" and not value.strip().startswith("${")


def _setting(credentials: Dict[Text, Any], key: Text, env: Text) -> Text:
    value = credentials.get(key)
    if value is None or (isinstance(value, str) and value.strip().startswith("${")):
        value = os.environ.get(env, "")
    return "" if value is None else str(value).strip()


def _as_bool(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


class SeenEvents:
    """Keys seen in the last `seconds` (Slack's event ids), in memory, oldest dropped first.
    One process only: with several instances, SharedSeenEvents."""

    def __init__(self, seconds: float = SEEN_SECONDS, limit: int = SEEN_MAX, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.limit, self.clock = seconds, limit, clock
        self._seen: "OrderedDict[Text, float]" = OrderedDict()

    def first_time(self, key: Text) -> bool:
        """True (and remembered) if `key` was not seen in the window; False for a repeat."""
        now = self.clock()
        while self._seen:
            expires = next(iter(self._seen.values()))
            if expires > now and len(self._seen) < self.limit:
                break
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now + self.seconds
        return True

    def __len__(self) -> int:
        return len(self._seen)


class SharedSeenEvents:
    """The same, kept in Redis (SET key NX EX) so that several Rasa instances behind a load balancer
    answer Slack's retry of an event once, whichever instance each copy reaches. Used when the
    production settings name a Redis (REDIS_HOST, as endpoints.production.yml's lock store)."""

    def __init__(self, client: Any, prefix: Text, seconds: float = SEEN_SECONDS) -> None:
        self.client, self.prefix, self.seconds = client, prefix, int(seconds)

    @classmethod
    def from_env(cls) -> Optional["SharedSeenEvents"]:
        if not os.environ.get("REDIS_HOST"):
            return None
        import redis

        client = redis.Redis(
            host=os.environ["REDIS_HOST"],
            port=int(os.environ.get("REDIS_PORT") or 6379),
            db=int(os.environ.get("REDIS_DB") or 1),
            password=os.environ.get("REDIS_PASSWORD") or None,
            socket_timeout=2,
        )
        return cls(client, f"{os.environ.get('REDIS_KEY_PREFIX') or 'senco'}:slack-seen:")

    def first_time(self, key: Text) -> bool:
        try:
            return bool(self.client.set(self.prefix + key, 1, nx=True, ex=self.seconds))
        except Exception as error:  # Redis down: answering twice beats not answering
            logger.error(f"Slack: Redis unavailable for event de-duplication ({type(error).__name__})")
            return True


class SencoSlackBot(rasa_compat.SlackPostHook, SlackBot):
    """Rasa's SlackBot with our payloads drawn as Block Kit.

    With `buffered=True` (a conversation turn started from the webhook) it holds the latest
    message back until the next one arrives, so that a question payload can add its date picker
    to the question it belongs to, a determination card can replace the plain-text summary just
    before it (the card says the same, drawn from the payload's card), and an FAQ answer can show
    its sources as links. The input channel calls
    `flush()` when the turn ends. Unbuffered (Rasa's API, reminders), every message goes out at once.
    """

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
        api_url: Text = DEFAULT_API_URL,
        buffered: bool = False,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token=token, base_url=api_url, proxy=proxy)
        self.buffered = buffered
        self._pending: Optional[Tuple[Text, Dict[Text, Any]]] = None

    async def post_message(self, channel: Text, **kwargs: Any) -> None:
        """Every message this bot sends, Rasa's SlackBot's included, is posted here."""
        kwargs.pop("as_user", None)  # legacy: granular bot tokens post as the bot anyway
        kwargs = {key: value for key, value in kwargs.items() if not key.startswith("_")}
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        try:
            await self.client.chat_postMessage(channel=channel, **kwargs)
        except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error(f"Slack chat.postMessage to {channel} failed: {error}")

    async def _emit(self, recipient: Text, message: Dict[Text, Any]) -> None:
        if self.buffered:
            await self.flush()
            self._pending = (recipient, message)
        else:
            await self.post_message(recipient, **message)

    async def flush(self) -> None:
        if self._pending is not None:
            recipient, message = self._pending
            self._pending = None
            await self.post_message(recipient, **message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        message = blocks.text_message(text)
        message["_kind"] = "text"
        await self._emit(self.slack_channel or recipient_id, message)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        message = blocks.buttons_message(text, buttons)
        message["_kind"] = "buttons"
        await self._emit(self.slack_channel or recipient_id, message)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.flush()
        await super().send_image_url(recipient_id, image, **kwargs)

    async def send_attachment(
        self,
        recipient_id: Text,
        attachment: Dict[Text, Any],  # type: ignore[override]
        **kwargs: Any,
    ) -> None:
        await self.flush()
        await super().send_attachment(recipient_id, attachment)

    def _pending_of(self, *kinds: Text) -> Optional[Dict[Text, Any]]:
        if self._pending is not None and self._pending[1].get("_kind") in kinds:
            return self._pending[1]
        return None

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Our payloads (CONTRACTS.md section 3) as Block Kit; anything else is not shown."""
        recipient = self.slack_channel or recipient_id
        kind = json_message.get("type") if isinstance(json_message, dict) else None
        if kind == "question":
            await self._question(recipient, json_message)
        elif kind == "determination":
            card = blocks.determination_message(json_message)
            if card is None:
                return  # nothing to draw: the plain-text summary said just before stands
            if self._pending_of("text") is not None:  # that summary: the card replaces it
                self._pending = None
            card["_kind"] = "card"
            await self._emit(recipient, card)
        elif kind == "offer":
            pending = self._pending_of("text", "buttons")
            if pending is not None:
                blocks.tag(pending, blocks.OFFER_BLOCK_PREFIX, str(json_message.get("offer") or ""))
        elif kind == "faq":
            sources = [source for source in json_message.get("sources") or [] if isinstance(source, dict)]
            pending = self._pending_of("text")
            if pending is None or not blocks.with_faq_sources(pending, sources):
                await self._sources(recipient, sources)
        elif kind == "reasons":
            await self._sources(recipient, json_message.get("reasons") or [])
        else:
            logger.debug(f"Slack: custom payload of type {kind!r} not shown")

    async def _sources(self, recipient: Text, items: List[Dict[Text, Any]]) -> None:
        """Sources as links under the message they belong to (the one said just before)."""
        context = blocks.sources_context(items)
        if context is None:
            return
        pending = self._pending_of("text", "buttons")
        if pending is not None and len(pending["blocks"]) < blocks.BLOCKS_MAX:
            pending["blocks"].append(context)
        else:
            label = blocks.card_labels()["sources"]
            await self._emit(recipient, {"text": label, "blocks": [context], "_kind": "context"})

    async def _question(self, recipient: Text, payload: Dict[Text, Any]) -> None:
        fact = str(payload.get("fact") or "")
        pending = self._pending_of("text", "buttons")
        if payload.get("kind") == "date":
            if pending is not None and len(pending["blocks"]) < blocks.BLOCKS_MAX:
                blocks.tag_question(pending, fact)
                pending["blocks"].append(blocks.date_picker(fact))
            else:
                await self._emit(recipient, dict(blocks.date_question_message(fact), _kind="question"))
        elif pending is not None:
            blocks.tag_question(pending, fact)
            # Choices normally come as buttons with the question's response; if they did not,
            # the payload's options make them.
            if payload.get("kind") == "choice" and not blocks.has_buttons(pending):
                rows = blocks.option_buttons(fact, payload.get("options") or [])
                pending["blocks"] = (pending["blocks"] + rows)[: blocks.BLOCKS_MAX]


class WholeMessages(OutputChannel):
    """Keeps a turn's messages as the assistant said them (Rasa's CollectingOutputChannel splits
    a text at its blank lines)."""

    def __init__(self) -> None:
        self.messages: List[Dict[Text, Any]] = []

    @classmethod
    def name(cls) -> Text:
        return "slack_command"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.messages.append(dict(message))


class SencoSlackInput(rasa_compat.SlackCredentialsHook, SlackInput):
    """Slack Events API and interactivity webhook at /webhooks/slack/webhook."""

    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            slack_token=_setting(credentials, "slack_token", TOKEN_ENV),
            slack_signing_secret=_setting(credentials, "slack_signing_secret", SECRET_ENV),
            use_threads=_as_bool(credentials.get("use_threads"), True),
            proxy=credentials.get("proxy"),
            api_url=(
                credentials.get("slack_api_url")
                if configured_value(credentials.get("slack_api_url"))
                else os.environ.get(API_URL_ENV) or DEFAULT_API_URL
            ),
        )

    def __init__(
        self,
        slack_token: Text = "",
        slack_signing_secret: Text = "",
        use_threads: bool = True,
        proxy: Optional[Text] = None,
        api_url: Text = DEFAULT_API_URL,
        seen: Optional[Union[SeenEvents, SharedSeenEvents]] = None,
    ) -> None:
        self.api_url = api_url or DEFAULT_API_URL
        self.seen = seen or SharedSeenEvents.from_env() or SeenEvents()
        super().__init__(
            slack_token,
            slack_channel=None,
            proxy=proxy,
            errors_ignore_retry=[],
            use_threads=use_threads,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity="thread",
        )
        self.turns_in_progress: Set[asyncio.Future] = set()
        self._web: Optional[AsyncWebClient] = None

    @property
    def configured(self) -> bool:
        return configured_value(self.slack_token) and configured_value(self.slack_signing_secret)

    def check_credentials(self) -> None:
        # Rasa's SlackInput refuses to start without a signing secret; we start and answer 503,
        # so that a server without Slack settings still serves its other channels.
        if not self.configured:
            logger.warning(f"Slack channel disabled: {NOT_CONFIGURED}")

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None, buffered: bool = False
    ) -> OutputChannel:
        return SencoSlackBot(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, api_url=self.api_url, buffered=buffered
        )

    # ---------- reading Slack's requests ----------

    def _bot_user_ids(self, payload: Dict[Text, Any]) -> List[Text]:
        users = [auth.get("user_id") for auth in payload.get("authorizations") or [] if isinstance(auth, dict)]
        users += [user for user in payload.get("authed_users") or [] if isinstance(user, str)]
        return [user for user in users if user]

    @staticmethod
    def clean_text(text: Text, bot_ids: List[Text], mention: bool) -> Text:
        """The user's words: the bot's mention removed (for an app_mention whose bot id we do not
        know, a leading mention), Slack's link markup reduced to its label, entities unescaped."""
        for uid in bot_ids:
            text = re.sub(rf"<@{re.escape(uid)}(?:\|[^>]*)?>", " ", text)
        if mention and not bot_ids:
            text = re.sub(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>", " ", text)
        text = LINK.sub(lambda match: match.group(2) or match.group(1), text)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        return re.sub(r"\s+", " ", text).strip()

    def _event_turn(self, payload: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
        """A message event or a mention as a turn, or None if it is not one for us."""
        event = payload.get("event") or {}
        if event.get("bot_id") or event.get("subtype") not in USER_SUBTYPES or not event.get("user"):
            return None
        user, channel, text = event["user"], event.get("channel"), event.get("text") or ""
        if event.get("type") == "message" and event.get("channel_type") == "im":
            # a direct message: one conversation per user; answer where they wrote
            sender, thread = user, event.get("thread_ts")
        elif event.get("type") == "app_mention" and channel:
            thread = event.get("thread_ts") or event.get("ts")
            if self.use_threads:
                sender = f"{user}_{channel}_{thread}"
            else:
                sender, thread = f"{user}_{channel}", None
        else:
            return None
        text = self.clean_text(text, self._bot_user_ids(payload), event.get("type") == "app_mention")
        if not text:
            return None
        return {"text": text, "sender": sender, "channel": channel, "thread": thread, "user": user}

    def _interaction_turn(self, payload: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
        """A button click or a picked date as a turn."""
        text = rasa_compat.slack_interaction_text(payload)
        user = (payload.get("user") or {}).get("id")
        container = payload.get("container") or {}
        channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
        if not text or not user or not channel:
            return None
        message = payload.get("message") or {}
        thread = message.get("thread_ts") or container.get("thread_ts")
        direct = channel.startswith("D") or (payload.get("channel") or {}).get("name") == "directmessage"
        if direct:
            sender = user
        elif self.use_threads:
            thread = thread or message.get("ts") or container.get("message_ts")
            sender = f"{user}_{channel}_{thread}"
        else:
            sender, thread = f"{user}_{channel}", None
        return {"text": text, "sender": sender, "channel": channel, "thread": thread, "user": user}

    async def handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        """Answers one request from Slack at once; a turn for the bot runs in the background."""
        if not self.configured:
            return response.text(NOT_CONFIGURED, status=HTTPStatus.SERVICE_UNAVAILABLE)
        if not self.is_request_from_slack_authentic(request):
            return response.text(
                "Not properly signed (X-Slack-Signature) or too old (X-Slack-Request-Timestamp).", status=HTTPStatus.BAD_REQUEST
            )
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        try:
            body = (request.body or b"").decode("utf-8")
            if content_type == "application/json":
                kind, payload = "event", json.loads(body)
            elif content_type == "application/x-www-form-urlencoded":
                form = parse_qs(body, keep_blank_values=True)
                if "payload" in form:
                    kind, payload = "interaction", json.loads(form["payload"][0])
                elif "command" in form:  # a slash command: its fields are the form itself
                    kind, payload = "command", {key: values[0] for key, values in form.items()}
                else:
                    raise KeyError("payload")
            else:
                return response.text("Unsupported content type.", status=HTTPStatus.BAD_REQUEST)
            if not isinstance(payload, dict):
                raise ValueError("not an object")
        except (ValueError, KeyError, IndexError, UnicodeDecodeError):
            return response.text("Malformed request.", status=HTTPStatus.BAD_REQUEST)

        if payload.get("type") == "url_verification":
            return response.json({"challenge": payload.get("challenge", "")})

        key = self.request_key(kind, payload)
        if not self.seen.first_time(key):
            logger.info(
                f"Slack: {key} already handled (retry #{request.headers.get('x-slack-retry-num', '0')}, "
                f"{request.headers.get('x-slack-retry-reason', 'no reason')}); not processed again"
            )
            return response.text("", status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})

        if kind == "command":
            return self.slash_command(payload, on_new_message)
        if kind == "interaction":
            action = (payload.get("actions") or [{}])[0]
            user = (payload.get("user") or {}).get("id")
            if isinstance(action, dict) and action.get("action_id") == blocks.START_CHECK_ACTION:
                if user:  # from the Home tab or an answer to /senco: the check goes on in a DM
                    self.in_background(self.start_check_in_dm(user, blocks.START_TEXT, on_new_message))
                return response.text("")
            turn = self._interaction_turn(payload)
        else:
            event = payload.get("event") or {}
            if event.get("type") == "app_home_opened":
                if event.get("tab") == "home" and event.get("user"):
                    self.in_background(self.publish_home(getattr(request, "app", None), event["user"]))
                return response.text("")
            turn = self._event_turn(payload)
        if turn is not None:
            self.in_background(self._run_turn(on_new_message, *self._user_message(turn)))
        return response.text("")

    @staticmethod
    def request_key(kind: Text, payload: Dict[Text, Any]) -> Text:
        """What makes a request from Slack the same request again: the event id (the same in each
        of Slack's retries), the action time and user of an interaction, a command's trigger id."""
        if kind == "command":
            return f"command:{payload.get('trigger_id') or uuid.uuid4().hex}"
        if kind == "interaction":
            action = (payload.get("actions") or [{}])[0]
            return f"action:{(payload.get('user') or {}).get('id')}:{action.get('action_ts')}"
        event = payload.get("event") or {}
        return f"event:{payload.get('event_id') or (event.get('channel'), event.get('ts'), event.get('type'))}"

    def in_background(self, work: Awaitable[Any]) -> None:
        """Runs ``work`` after Slack has had its answer (Slack waits 3 seconds at most)."""
        # Keep a reference to the task so it is not garbage collected before it ends.
        task = asyncio.ensure_future(work)
        self.turns_in_progress.add(task)
        task.add_done_callback(self.turns_in_progress.discard)

    def _user_message(self, turn: Dict[Text, Any]) -> Tuple[UserMessage, SencoSlackBot]:
        metadata = {
            "out_channel": turn["channel"],
            "thread_id": turn["thread"],
            "users": [turn["user"]],
            "slack_user": turn["user"],
        }
        output = self.get_output_channel(turn["channel"], turn["thread"], buffered=True)
        message = UserMessage(turn["text"], output, turn["sender"], input_channel=self.name(), metadata=metadata)
        return message, output

    # ---------- the Web API beyond posting, App Home and /senco ----------

    def web_client(self) -> AsyncWebClient:
        if self._web is None:
            self._web = AsyncWebClient(token=self.slack_token, base_url=self.api_url, proxy=self.proxy)
        return self._web

    async def open_direct_message(self, user: Text) -> Optional[Text]:
        """The id of the app's direct-message conversation with ``user`` (conversations.open)."""
        try:
            answer = await self.web_client().conversations_open(users=user)
        except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error(f"Slack conversations.open failed: {error}")
            return None
        channel = answer.get("channel")
        return channel.get("id") if isinstance(channel, dict) and channel.get("id") else None

    async def start_check_in_dm(self, user: Text, text: Text, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """Says ``text`` for ``user`` in their direct-message conversation, which is where the
        check is held: one conversation per person, the same one their messages to the app reach."""
        channel = await self.open_direct_message(user)
        if channel is None:
            return
        turn = {"text": text, "sender": user, "channel": channel, "thread": None, "user": user}
        await self._run_turn(on_new_message, *self._user_message(turn))

    async def publish_home(self, app: Any, user: Text) -> None:
        """The Home tab for ``user`` (views.publish), with their latest answer."""
        latest = await home.latest_answer(home.conversation_store(app), user)
        view = blocks.home_view(home.app_name(), home.what_the_app_does(), latest)
        try:
            await self.web_client().views_publish(user_id=user, view=view)
        except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error(f"Slack views.publish failed: {error}")

    def slash_command(self, form: Dict[Text, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        """/senco alone starts the check in a direct message; /senco with words after it answers
        them, only to the person, if they ask one of the questions the assistant answers, and
        otherwise takes them into the check in a direct message. Slack has its answer at once."""
        user = str(form.get("user_id") or "")
        if not user:
            return response.text("Malformed request.", status=HTTPStatus.BAD_REQUEST)
        text = self.clean_text(str(form.get("text") or ""), [], mention=False)
        if not text:
            self.in_background(self.start_check_in_dm(user, blocks.START_TEXT, on_new_message))
            return response.json(blocks.ephemeral(blocks.WORDS["in_direct_messages"]))
        self.in_background(self.answer_command(user, text, form.get("response_url"), on_new_message))
        return response.text("")

    async def answer_command(
        self, user: Text, text: Text, response_url: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        # The words go first to a conversation of their own, so that a question asked in passing
        # neither answers nor interrupts the check the person may have under way in their DM.
        collected = WholeMessages()
        sender = f"{user}_command_{uuid.uuid4().hex[:12]}"
        await guarded(on_new_message)(
            UserMessage(text, collected, sender, input_channel=self.name(), metadata={"slack_user": user})
        )
        reply = blocks.faq_reply(collected.messages)
        if reply is not None:
            await self.respond(response_url, reply)
            return
        await self.respond(response_url, blocks.ephemeral(blocks.WORDS["in_direct_messages"]))
        await self.start_check_in_dm(user, text, on_new_message)

    def allowed_response_url(self, url: Any) -> bool:
        """A command's response_url is posted to only if it is Slack's, or on the host of a
        Web API other than Slack's (the tests' stub)."""
        if not isinstance(url, str):
            return False
        if url.startswith(SLACK_RESPONSE_URLS):
            return True
        given, api = urlsplit(url), urlsplit(self.api_url)
        return self.api_url != DEFAULT_API_URL and (given.scheme, given.netloc) == (api.scheme, api.netloc)

    async def respond(self, response_url: Any, body: Dict[Text, Any]) -> None:
        """Answers a slash command through its response_url (no scope needed; only the person sees
        an ephemeral answer)."""
        if not self.allowed_response_url(response_url):
            logger.error("Slack: a command's response_url is not Slack's; not answered")
            return
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
                async with session.post(response_url, json=body, proxy=self.proxy) as answer:
                    if answer.status >= 300:
                        logger.error(f"Slack: the command's response_url answered {answer.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error(f"Slack: the command's response_url failed ({type(error).__name__})")

    @staticmethod
    async def _run_turn(
        on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, output: SencoSlackBot
    ) -> None:
        # guarded() answers a failed turn with "try again" and logs it; Slack has had its 200 already.
        try:
            await guarded(on_new_message)(message)
        finally:
            await output.flush()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.configured else "not configured"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        return slack_webhook
