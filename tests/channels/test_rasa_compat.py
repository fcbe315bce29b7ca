"""channels/rasa_compat.py: every hook into Rasa's private parts fits the installed Rasa, fails
loudly on another version or when what it relies on changes, does what it is for, and no other
module of ours reaches into Rasa's private parts."""

import importlib
import inspect
import re
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import jsonschema
import pytest
import rasa.version
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from channels import rasa_compat
from channels.rasa_compat import HOOKS, RasaCompatError
from stores.sql import ResilientSQLTrackerStore, TrackerStoreUnavailable
from tests.coroutines import run_coroutine
from tests.support.servers import ROOT


@pytest.fixture
def fresh_checks(monkeypatch):
    """Each hook's check is read again (verify remembers a hook that passed)."""
    monkeypatch.setattr(rasa_compat, "_verified", set())


# ---------- every hook: its reason, its version, its check ----------


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_each_hook_says_why_and_fits_the_installed_rasa(name, fresh_checks):
    hook = HOOKS[name]
    assert len(hook.reason) > 80 and hook.written_for == "3.6"
    rasa_compat.verify(name)


@pytest.mark.parametrize("version", ["3.7.0", "4.0.0", "3.5.17"])
@pytest.mark.parametrize("name", sorted(HOOKS))
def test_each_hook_fails_loudly_on_another_rasa_version(name, version, monkeypatch):
    monkeypatch.setattr(rasa.version, "__version__", version)
    with pytest.raises(RasaCompatError) as raised:
        rasa_compat.verify(name)
    assert f"{name!r} was written for Rasa 3.6, but Rasa {version} is installed" in str(raised.value)
    assert HOOKS[name].reason in str(raised.value)


def test_importing_the_module_fails_on_another_rasa_version():
    run = subprocess.run(
        [sys.executable, "-c", "import rasa.version; rasa.version.__version__ = '3.7.0'; import channels.rasa_compat"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0 and "RasaCompatError" in run.stderr and "Rasa 3.7.0 is installed" in run.stderr


def _rasa_breaks(monkeypatch, name):
    """Changes, in memory, the Rasa code that hook ``name`` relies on, as a new Rasa might."""
    import rasa.core.tracker_store as tracker_store
    import rasa.server
    from rasa.core.channels.socketio import SocketIOInput

    def quiet_retrieve(self, sender_id):
        return None

    def other_blueprint(self, on_new_message):
        server = make_server()  # noqa: F821 (never run: only its source is read)
        server.on("session_request", handler)  # noqa: F821

    def plain_init(self, tracker_store):
        self.store = tracker_store

    def plain_slack_init(self, slack_token):
        self.slack_token = slack_token

    async def own_client(self, recipient_id, text, **kwargs):
        await self.client.chat_postMessage(channel=recipient_id, text=text)

    breaks = {
        "action_response_validation": lambda: monkeypatch.delattr(RemoteAction, "_validate_action_result"),
        "store_outages_pass_the_fail_safe": lambda: monkeypatch.setattr(FailSafeTrackerStore, "retrieve", quiet_retrieve),
        "store_outages_over_http": lambda: monkeypatch.setattr(rasa.server, "create_app", plain_init),
        "sql_store_engine": lambda: monkeypatch.delattr(tracker_store, "create_engine_kwargs"),
        "sql_store_session_events": lambda: monkeypatch.setattr(tracker_store.SQLTrackerStore, "_additional_events", plain_init),
        "store_inside_wrapper": lambda: monkeypatch.setattr(AwaitableTrackerStore, "__init__", plain_init),
        "slack_post_message": lambda: monkeypatch.setattr(SlackBot, "send_text_message", own_client),
        "slack_credentials": lambda: monkeypatch.setattr(SlackInput, "__init__", plain_slack_init),
        "slack_interactions": lambda: monkeypatch.setattr(SlackInput, "_get_interactive_response", plain_init),
        "socketio_session_request": lambda: monkeypatch.setattr(SocketIOInput, "blueprint", other_blueprint),
    }
    assert set(breaks) == set(HOOKS), "every hook needs a way to break it here"
    breaks[name]()


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_each_hook_fails_loudly_when_what_it_relies_on_changes(name, monkeypatch, fresh_checks):
    _rasa_breaks(monkeypatch, name)
    with pytest.raises(RasaCompatError) as raised:
        rasa_compat.verify(name)
    assert f"hook {name!r} relies on Rasa code that has changed" in str(raised.value)


# ---------- no module of ours but rasa_compat reaches into Rasa's private parts ----------

RASA_MODULES = [
    "rasa.core.channels.channel",
    "rasa.core.channels.rest",
    "rasa.core.channels.socketio",
    "rasa.core.channels.slack",
    "rasa.core.tracker_store",
    "rasa.core.lock_store",
    "rasa.core.actions.action",
    "rasa.core.agent",
    "rasa.core.processor",
    "rasa.server",
]
ALLOWED = {Path("channels/rasa_compat.py"), Path("tests/channels/test_rasa_compat.py")}


def rasa_private_names():
    """Every private method or attribute of the Rasa modules our code builds on."""
    names = set()
    for module in RASA_MODULES:
        source = inspect.getsource(importlib.import_module(module))
        names |= set(re.findall(r"(?:def |self\.|cls\.)(_[a-z]\w*)", source))
    return names


def our_python_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not relative.parts[0].startswith((".", "build", "models")):
            yield relative


def test_only_the_compat_module_uses_rasas_private_names():
    names = rasa_private_names()
    assert {"_validate_action_result", "_retrieve", "_tracker_store", "_post_message"} <= names
    use = re.compile(r"(?:\.|def |import )(" + "|".join(sorted(names)) + r")\b")
    private_import = re.compile(r"from rasa[\w.]* import [^#\n]*\b_[a-z]\w*|\brasa(?:\.\w+)*\._[a-z]\w*")
    found = [
        f"{path}:{number}: {line.strip()}"
        for path in our_python_files()
        if path not in ALLOWED
        for number, line in enumerate((ROOT / path).read_text(encoding="utf-8").splitlines(), 1)
        if use.search(line) or private_import.search(line)
    ]
    assert found == [], "use channels/rasa_compat.py for these:\n" + "\n".join(found)


# ---------- what each hook does ----------

RESPONSES = [
    {"events": [{"event": "slot", "name": "nation", "value": "england"}], "responses": [{"text": "Hi"}]},
    {"events": [], "responses": [{"response": "utter_ask_setting", "custom": {"type": "question"}}]},
    {},
    {"events": [{"name": "no event key"}]},
    {"events": "not a list"},
    {"responses": [{"text": 7}]},
    {"events": [{"event": "slot", "timestamp": "yesterday"}]},
]
SCHEMA = RemoteAction.action_response_format_spec()


@pytest.mark.parametrize("response", RESPONSES)
def test_action_responses_pass_or_fail_as_with_jsonschema_validate(response):
    rasa_compat.repair_action_response_validation()
    try:
        jsonschema.validate(response, SCHEMA)
        expected = None
    except jsonschema.ValidationError as error:
        expected = error.message
    action = RemoteAction("action_collect_facts", None)
    if expected is None:
        assert action._validate_action_result(response) is True
    else:
        with pytest.raises(jsonschema.ValidationError) as raised:
            action._validate_action_result(response)
        assert raised.value.message.startswith(expected + ". Failed to validate Action server response")


def test_some_of_the_example_responses_are_invalid():
    failing = 0
    for response in RESPONSES:
        try:
            jsonschema.validate(response, SCHEMA)
        except jsonschema.ValidationError:
            failing += 1
    assert 0 < failing < len(RESPONSES)


class FailingStore(InMemoryTrackerStore):
    def __init__(self, error):
        super().__init__(Domain.empty())
        self.error = error

    async def retrieve(self, sender_id):
        raise self.error

    async def retrieve_full_tracker(self, conversation_id):
        raise self.error

    async def save(self, tracker):
        raise self.error

    async def keys(self):
        raise self.error


def test_a_store_outage_passes_rasas_fail_safe_wrapper():
    rasa_compat.let_store_outages_through(TrackerStoreUnavailable)
    wrapped = FailSafeTrackerStore(FailingStore(TrackerStoreUnavailable("read")))
    tracker = DialogueStateTracker("someone", [])
    for call in (
        lambda: wrapped.retrieve("someone"),
        lambda: wrapped.retrieve_full_tracker("someone"),
        lambda: wrapped.save(tracker),
        lambda: wrapped.keys(),
        lambda: wrapped.exists("someone"),
    ):
        with pytest.raises(TrackerStoreUnavailable):
            run_coroutine(call())


def test_other_store_errors_are_still_rasas_to_handle():
    rasa_compat.let_store_outages_through(TrackerStoreUnavailable)
    wrapped = FailSafeTrackerStore(FailingStore(ValueError("a bug in a query")))
    assert run_coroutine(wrapped.retrieve("someone")) is None  # Rasa's fail-safe: "no conversation yet"
    run_coroutine(wrapped.save(DialogueStateTracker("someone", [])))  # Rasa's fail-safe: kept in memory
    assert run_coroutine(wrapped.fallback_tracker_store.retrieve("someone")) is not None


@pytest.fixture
def rasa_api():
    """Rasa's HTTP API app, as `rasa run --enable-api` builds it (no model: none is needed here)."""
    from rasa.server import create_app
    from sanic import Sanic

    app = create_app()
    yield app
    Sanic._app_registry.pop("rasa_server", None)


def answer(app, error):
    """What Sanic sends for ``error`` raised in a request to ``app``."""
    reply = app.error_handler.response(None, error)
    if inspect.isawaitable(reply):
        reply = run_coroutine(reply)
    return reply.status, reply.headers, reply.body


def test_the_http_api_answers_a_store_outage_with_503_whatever_rasa_wrapped_it_in(rasa_api):
    from rasa.server import ErrorResponse

    assert rasa_compat.answer_store_outages_over_http(TrackerStoreUnavailable, "Try again in a minute.", 60)
    try:
        try:
            raise TrackerStoreUnavailable("read")
        except TrackerStoreUnavailable as outage:  # as Rasa's endpoints do: "except Exception as e: raise ..."
            raise ErrorResponse(HTTPStatus.INTERNAL_SERVER_ERROR, "ConversationError", f"Error: {outage}") from outage
    except ErrorResponse as error:
        wrapped = error
    for error in (TrackerStoreUnavailable("read"), wrapped):
        status, headers, body = answer(rasa_api, error)
        assert (status, headers["Retry-After"]) == (503, "60")
        assert b'"reason":"StoreUnavailable"' in body and b"Try again in a minute." in body


def test_the_http_api_answers_its_other_errors_as_before(rasa_api):
    from rasa.server import ErrorResponse

    rasa_compat.answer_store_outages_over_http(TrackerStoreUnavailable, "Try again in a minute.", 60)
    status, _, body = answer(rasa_api, ErrorResponse(HTTPStatus.NOT_FOUND, "Not found", "Conversation ID not found."))
    assert status == 404 and b"Conversation ID not found." in body


def test_without_the_http_api_there_is_nothing_to_answer():
    assert rasa_compat.answer_store_outages_over_http(TrackerStoreUnavailable, "Try again.", 60) is False


def test_the_sql_store_checks_pooled_connections_before_use(tmp_path):
    store = ResilientSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"))
    assert store.engine.pool._pre_ping is True
    assert store.sessionmaker.kw["bind"] is store.engine


def test_the_store_inside_rasas_wrapper_is_found():
    inner = InMemoryTrackerStore(Domain.empty())
    assert rasa_compat.store_inside_wrapper(AwaitableTrackerStore(inner)) is inner
    assert rasa_compat.store_inside_wrapper(inner) is inner
    assert isinstance(inner, TrackerStore)


class RecordingSlackBot(rasa_compat.SlackPostHook, SlackBot):
    def __init__(self):
        super().__init__("xoxb-test")
        self.posted = []

    async def post_message(self, channel, **kwargs):
        self.posted.append((channel, kwargs))


def test_every_message_rasas_slack_bot_sends_goes_through_post_message():
    bot = RecordingSlackBot()
    run_coroutine(SlackBot.send_text_message(bot, "D1", "first\n\nsecond"))
    run_coroutine(SlackBot.send_image_url(bot, "D1", "https://example.org/a.png"))
    assert [kwargs.get("text") for _, kwargs in bot.posted[:2]] == ["first", "second"]
    assert len(bot.posted) == 3 and {channel for channel, _ in bot.posted} == {"D1"}


class LenientSlackInput(rasa_compat.SlackCredentialsHook, SlackInput):
    checked = 0

    def check_credentials(self):
        LenientSlackInput.checked += 1


def test_slack_settings_are_checked_by_our_method_not_rasas_refusal():
    LenientSlackInput("xoxb-test", slack_signing_secret="")  # Rasa's own check would raise here
    assert LenientSlackInput.checked == 1


@pytest.mark.parametrize(
    "action, text",
    [
        ({"type": "button", "value": '/inform{"nation": "england"}'}, '/inform{"nation": "england"}'),
        ({"type": "datepicker", "selected_date": "2023-09-01"}, "2023-09-01"),
        ({"type": "static_select", "selected_option": {"value": "academy"}}, "academy"),
        ({"type": "rich_text_input"}, None),  # not an interaction Rasa reads
    ],
)
def test_a_slack_interaction_is_read_as_rasa_reads_it(action, text):
    assert rasa_compat.slack_interaction_text({"actions": [action]}) == text


class FakeSocketServer:
    def __init__(self):
        self.handlers = {}

    def on(self, event, handler, namespace=None):
        self.handlers[(event, namespace)] = handler


class FakeSocketChannel:
    namespace = "/chat"

    def __init__(self):
        self.sio = FakeSocketServer()


def test_our_socketio_session_request_takes_the_place_of_rasas():
    channel = FakeSocketChannel()

    async def ours(sid, data):
        pass

    rasa_compat.replace_socketio_session_request(channel, ours)
    assert channel.sio.handlers == {("session_request", "/chat"): ours}
