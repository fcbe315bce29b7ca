"""Every use of Rasa's private internals, in one place.

Rasa's public interfaces (input and output channels, tracker stores, the HTTP API) do not cover
everything this assistant needs, so a little code reaches into Rasa's private parts: it overrides
or calls a method whose name starts with an underscore, replaces one while the server runs, or
relies on how Rasa's own code calls it. Such code breaks silently when Rasa changes, so it lives
here and nowhere else. Each hook in HOOKS has

- its reason (why the public interface is not enough),
- the Rasa version it was written for (``written_for``, major.minor), and
- a check of what it relies on in Rasa's code.

Importing this module fails with RasaCompatError when the installed Rasa is not the version a hook
was written for; using or applying a hook fails the same way when what it relies on has changed.
tests/channels/test_rasa_compat.py tests each hook, and that it fails on another version.

Upgrading Rasa: run that test on the new version. For each hook it names, read the reason, check
whether the new Rasa still needs the hook (some exist only to work around a bug in Rasa 3.6), then
update or delete it and set its ``written_for``.

Hooks that change Rasa's own classes are applied by explicit calls, never on import:
``repair_action_response_validation`` where a channel of ours is built (channels/guard.py
``guarded``, which every channel's blueprint calls), and ``let_store_outages_through`` and
``answer_store_outages_over_http`` where our tracker store is built (stores/sql.py), which Rasa
does as the server starts. Each is idempotent."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, Optional, Set, Text, Tuple, Type

import rasa.version

if TYPE_CHECKING:
    from rasa.core.channels.socketio import SocketIOInput
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.shared.core.events import SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker


class RasaCompatError(RuntimeError):
    """The installed Rasa is not what a hook was written for: review the hook before running."""


@dataclass(frozen=True)
class Hook:
    name: Text
    reason: Text
    written_for: Text  # Rasa major.minor
    relies_on: Callable[[], None]  # raises Changed when Rasa's code is no longer as the hook expects


class Changed(Exception):
    """What a hook relies on in Rasa's code is not there any more (the message says what)."""


HOOKS: Dict[Text, Hook] = {}


def hook(name: Text, reason: Text, written_for: Text = "3.6") -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Registers the decorated function as hook ``name``'s check of what it relies on."""

    def register(relies_on: Callable[[], None]) -> Callable[[], None]:
        HOOKS[name] = Hook(name, " ".join(reason.split()), written_for, relies_on)
        return relies_on

    return register


def installed_rasa() -> Text:
    return rasa.version.__version__


def check_version(name: Text) -> None:
    written_for = HOOKS[name].written_for
    if installed_rasa().split(".")[:2] != written_for.split("."):
        raise RasaCompatError(
            f"channels/rasa_compat.py: hook {name!r} was written for Rasa {written_for}, but Rasa "
            f"{installed_rasa()} is installed. Why it exists: {HOOKS[name].reason} Check whether this Rasa "
            "still needs it, then update or remove it (the module's docstring says how)."
        )


_verified: Set[Text] = set()


def verify(name: Text) -> None:
    """Fails loudly (RasaCompatError) unless hook ``name`` fits the installed Rasa. What a hook
    relies on is read once per process (it reads Rasa's source)."""
    check_version(name)
    if name in _verified:
        return
    try:
        HOOKS[name].relies_on()
    except Changed as change:
        raise RasaCompatError(
            f"channels/rasa_compat.py: hook {name!r} relies on Rasa code that has changed in Rasa "
            f"{installed_rasa()}: {change}. Why it exists: {HOOKS[name].reason}"
        ) from None
    _verified.add(name)


def _require(condition: bool, what: Text) -> None:
    if not condition:
        raise Changed(what)


def _source(function: Any) -> Text:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError) as error:
        raise Changed(f"cannot read the source of {function!r} ({error})") from None


def _parameters(function: Any) -> Tuple[Text, ...]:
    return tuple(inspect.signature(function).parameters)


def _method(owner: type, name: Text, parameters: Tuple[Text, ...]) -> Any:
    """``owner.name``, which must exist and take ``parameters``."""
    found = getattr(owner, name, None)
    _require(callable(found) and _parameters(found) == parameters, f"{owner.__name__}.{name}({', '.join(parameters)})")
    return found


_applied: Dict[Text, bool] = {}


# ---------------------------------------------------------------------------------------------
# The action server's responses


@hook(
    "action_response_validation",
    """
    RemoteAction checks each action server response with jsonschema.validate, which first checks
    the schema itself against its meta-schema, on every call: about two thirds of the Rasa
    server's time per message (measured with py-spy under load). The schema never changes, so it
    is checked once and each response is validated with the same validator: the same check and
    the same error message, without the repeated work.""",
)
def _action_response_validation() -> None:
    from rasa.core.actions.action import RemoteAction

    _method(RemoteAction, "_validate_action_result", ("self", "result"))
    _require(callable(getattr(RemoteAction, "action_response_format_spec", None)), "RemoteAction.action_response_format_spec()")
    _require(
        "self._validate_action_result(" in _source(RemoteAction.run),
        "RemoteAction.run validates the response with self._validate_action_result",
    )


def repair_action_response_validation() -> None:
    verify("action_response_validation")
    if _applied.get("action_response_validation"):
        return
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        error = best_match(validator.iter_errors(result))  # what jsonschema.validate raises
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            "the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    _applied["action_response_validation"] = True


# ---------------------------------------------------------------------------------------------
# The tracker store


@hook(
    "store_outages_pass_the_fail_safe",
    """
    Rasa wraps every tracker store in FailSafeTrackerStore (Agent._create_tracker_store), which
    catches every Exception: a failed read becomes "no conversation yet", so the user's next
    message would start a new conversation, and a failed save falls back to the server's memory,
    so the answers would be lost. An outage of our store must instead reach the channel (which
    says "try again", channels/guard.py) and the HTTP API (503): the fail-safe's error callbacks
    re-raise it.""",
)
def _store_outages_pass_the_fail_safe() -> None:
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import FailSafeTrackerStore

    _require(
        "FailSafeTrackerStore(" in _source(Agent._create_tracker_store),
        "Agent._create_tracker_store wraps the store in FailSafeTrackerStore",
    )
    for method, callback in (
        ("retrieve", "on_tracker_store_retrieve_error"),
        ("retrieve_full_tracker", "on_tracker_store_retrieve_error"),
        ("save", "on_tracker_store_error"),
        ("keys", "on_tracker_store_error"),
    ):
        source = _source(getattr(FailSafeTrackerStore, method))
        _require(
            "except Exception" in source and f"self.{callback}(" in source,
            f"FailSafeTrackerStore.{method} hands the error to self.{callback} inside `except Exception`",
        )
        _method(FailSafeTrackerStore, callback, ("self", "error"))


_store_outages: Tuple[Type[Exception], ...] = ()


def let_store_outages_through(outage: Type[Exception]) -> None:
    """Errors of type ``outage`` raised by the store pass through Rasa's fail-safe wrapper."""
    verify("store_outages_pass_the_fail_safe")
    global _store_outages
    if outage in _store_outages:
        return
    if not _store_outages:
        from rasa.core.tracker_store import FailSafeTrackerStore

        for callback in ("on_tracker_store_error", "on_tracker_store_retrieve_error"):

            def reraise_outages(
                self: Any, error: Exception, rasa_callback: Callable = getattr(FailSafeTrackerStore, callback)
            ) -> None:
                if isinstance(error, _store_outages):
                    raise error
                rasa_callback(self, error)

            setattr(FailSafeTrackerStore, callback, reraise_outages)
    _store_outages = (*_store_outages, outage)


@hook(
    "store_outages_over_http",
    """
    Rasa's HTTP API (rasa run --enable-api) answers an error it did not expect with 500 "An
    unexpected error occurred" (most endpoints wrap it in ErrorResponse) or lets it reach Sanic
    (GET /conversations/{id}/tracker reads the store outside its try). An outage of the store is
    not a bug: every endpoint answers it with 503, Rasa's usual error body, a message saying what
    happened and Retry-After. The handlers go on the app Rasa registers as "rasa_server", which
    exists when Rasa builds the tracker store (in its before_server_start listener).""",
)
def _store_outages_over_http() -> None:
    import rasa.server
    from sanic.handlers import ErrorHandler

    _require('Sanic("rasa_server")' in _source(rasa.server.create_app), 'rasa.server.create_app names its app "rasa_server"')
    _require(
        "app.exception(ErrorResponse)" in _source(rasa.server.create_app),
        "rasa.server.create_app handles ErrorResponse with app.exception",
    )
    _require(
        _parameters(rasa.server.ErrorResponse.__init__)[:4] == ("self", "status", "reason", "message")
        and "self.error_info" in _source(rasa.server.ErrorResponse.__init__),
        "ErrorResponse(status, reason, message) carries its body in error_info",
    )
    _require(
        callable(getattr(ErrorHandler, "add", None)) and callable(getattr(ErrorHandler, "lookup", None)),
        "Sanic's ErrorHandler.add and lookup",
    )


def _caused_by(error: BaseException, kind: Type[BaseException]) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return False


def answer_store_outages_over_http(outage: Type[Exception], message: Text, retry_after_seconds: int) -> bool:
    """Makes the running Rasa HTTP API answer ``outage`` with 503; False when there is no API
    (a server without --enable-api, or no server: the retention command, a test)."""
    verify("store_outages_over_http")
    from rasa.server import ErrorResponse
    from sanic import Sanic, response
    from sanic.exceptions import SanicException

    try:
        app = Sanic.get_app("rasa_server")
    except SanicException:
        return False
    handlers = app.error_handler
    if getattr(handlers, "_senco_outage", None) is outage:
        return True
    rasa_handler = handlers.lookup(ErrorResponse.__new__(ErrorResponse), None)  # Sanic looks up by type
    if rasa_handler is None:
        raise RasaCompatError("channels/rasa_compat.py: the Rasa app has no handler for ErrorResponse")

    def unavailable(request: Any, error: BaseException) -> Any:
        body = ErrorResponse(HTTPStatus.SERVICE_UNAVAILABLE, "StoreUnavailable", message)
        return response.json(
            body.error_info, status=HTTPStatus.SERVICE_UNAVAILABLE, headers={"Retry-After": str(retry_after_seconds)}
        )

    def error_response(request: Any, error: ErrorResponse) -> Any:
        if _caused_by(error, outage):
            return unavailable(request, error)
        return rasa_handler(request, error)

    handlers.add(outage, unavailable)
    handlers.add(ErrorResponse, error_response)
    handlers._senco_outage = outage
    return True


@hook(
    "sql_store_engine",
    """
    Connections pooled before a database restart fail on their first use after it. SQLTrackerStore
    builds its engine without pool_pre_ping and has no setting for it, so the engine is built
    again with the same URL and Rasa's own engine options plus pool_pre_ping, and the session
    maker that session_scope uses is pointed at it.""",
)
def _sql_store_engine() -> None:
    import rasa.core.tracker_store as tracker_store

    _require(callable(getattr(tracker_store, "create_engine_kwargs", None)), "rasa.core.tracker_store.create_engine_kwargs(url)")
    _require("self.engine = " in _source(tracker_store.SQLTrackerStore.__init__), "SQLTrackerStore keeps self.engine")
    _require(
        "self.sessionmaker()" in _source(tracker_store.SQLTrackerStore.session_scope),
        "SQLTrackerStore.session_scope opens sessions with self.sessionmaker",
    )


def rebuild_engine_with_pre_ping(store: "SQLTrackerStore") -> None:
    verify("sql_store_engine")
    import sqlalchemy as sa
    from rasa.core.tracker_store import create_engine_kwargs

    url = store.engine.url
    store.engine.dispose()
    store.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
    store.sessionmaker = sa.orm.session.sessionmaker(bind=store.engine)


@hook(
    "sql_store_session_events",
    """
    Bounded sessions (stores/sql.py) start a new session inside a save. They rely on how
    SQLTrackerStore reads and writes sessions: a session is the events stamped at or after its
    latest SessionStarted, and save writes the tracker's events after as many as the database
    holds for the current session, counted from the start of the tracker. So after such a save
    the tracker must hold only the new session, as one read back would.""",
)
def _sql_store_session_events() -> None:
    from rasa.core.tracker_store import SQLTrackerStore

    additional = _source(getattr(SQLTrackerStore, "_additional_events", None))
    _require(
        "fetch_events_from_all_sessions=False" in additional and "islice(" in additional and "tracker.events" in additional,
        "SQLTrackerStore._additional_events skips as many of tracker.events as the current session has stored",
    )
    _require(
        "SessionStarted.type_name" in _source(getattr(SQLTrackerStore, "_event_query", None)),
        "SQLTrackerStore._event_query reads a session from its latest SessionStarted",
    )


def keep_only_the_new_session(tracker: "DialogueStateTracker", started: "SessionStarted") -> None:
    """After saving a tracker into which ``started`` (a new session) was added."""
    verify("sql_store_session_events")
    while tracker.events[0] is not started:
        tracker.events.popleft()


@hook(
    "store_inside_wrapper",
    """
    TrackerStore.create may return a wrapper (AwaitableTrackerStore, for a store whose methods are
    not async) that keeps the store in its private _tracker_store; the retention command needs the
    SQL store itself to query it.""",
)
def _store_inside_wrapper() -> None:
    from rasa.core.tracker_store import AwaitableTrackerStore

    _require(
        "self._tracker_store = tracker_store" in _source(AwaitableTrackerStore.__init__),
        "AwaitableTrackerStore keeps the wrapped store in self._tracker_store",
    )


def store_inside_wrapper(store: "TrackerStore") -> "TrackerStore":
    verify("store_inside_wrapper")
    return getattr(store, "_tracker_store", store)


# ---------------------------------------------------------------------------------------------
# Slack (channels/slack/connector.py)


@hook(
    "slack_post_message",
    """
    Rasa's SlackBot posts every message (text, buttons, images, attachments, custom JSON) through
    its private _post_message(channel, **kwargs). Overriding it is the only way to post through
    our own client (its base URL from SLACK_API_URL, errors logged instead of raised) and to hold
    a message back until the next one arrives (buffering).""",
)
def _slack_post_message() -> None:
    from rasa.core.channels.slack import SlackBot

    _method(SlackBot, "_post_message", ("self", "channel", "kwargs"))
    for method in ("send_text_message", "send_image_url", "send_attachment", "send_text_with_buttons", "send_custom_json"):
        _require(
            "self._post_message(" in _source(getattr(SlackBot, method)), f"SlackBot.{method} posts through self._post_message"
        )


class SlackPostHook:
    """Put before Rasa's SlackBot in a subclass's bases: every message Rasa's SlackBot sends goes to
    the subclass's ``post_message(channel, **kwargs)``."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        verify("slack_post_message")

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        await self.post_message(channel, **kwargs)

    async def post_message(self, channel: Text, **kwargs: Any) -> None:
        raise NotImplementedError


@hook(
    "slack_credentials",
    """
    SlackInput.__init__ calls its private _validate_credentials, which raises without a signing
    secret, so a server without Slack settings would not start at all. Ours starts and its Slack
    webhook answers 503 (channels/slack/connector.py).""",
)
def _slack_credentials() -> None:
    from rasa.core.channels.slack import SlackInput

    _require(
        "self._validate_credentials()" in _source(SlackInput.__init__), "SlackInput.__init__ calls self._validate_credentials()"
    )


class SlackCredentialsHook:
    """Put before Rasa's SlackInput in a subclass's bases: the subclass's ``check_credentials()``
    runs where Rasa would refuse to start."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        verify("slack_credentials")

    def _validate_credentials(self) -> None:
        self.check_credentials()

    def check_credentials(self) -> None:
        raise NotImplementedError


@hook(
    "slack_interactions",
    """
    What a button click, a menu choice or a picked date says is read by SlackInput's private
    _is_interactive_message and _get_interactive_response; using them keeps the same kinds of
    interactive component as Rasa's own connector.""",
)
def _slack_interactions() -> None:
    from rasa.core.channels.slack import SlackInput

    for method, parameters in (("_is_interactive_message", ("payload",)), ("_get_interactive_response", ("action",))):
        found = inspect.getattr_static(SlackInput, method, None)
        _require(
            isinstance(found, staticmethod) and _parameters(found.__func__) == parameters,
            f"SlackInput.{method}({parameters[0]}) as a static method",
        )


def slack_interaction_text(payload: Dict[Text, Any]) -> Optional[Text]:
    """The text an interaction payload from Slack stands for, or None if it is not one we read."""
    verify("slack_interactions")
    from rasa.core.channels.slack import SlackInput

    if not SlackInput._is_interactive_message(payload):
        return None
    return SlackInput._get_interactive_response(payload["actions"][0])


# ---------------------------------------------------------------------------------------------
# socket.io (channels/socketio.py)


@hook(
    "socketio_session_request",
    """
    Our socket.io channel answers "session_request" itself (channels/socketio.py: it joins the
    rooms that carry the payloads a client asked for, and awaits enter_room, which Rasa 3.6 does
    not, though python-socketio 5.10 and later made it a coroutine: with Rasa's handler the client
    never joined its session's room and every reply went to nobody). It relies on Rasa's
    SocketIOInput.blueprint creating the server as self.sio and registering its own
    session_request there, which ours then replaces.""",
)
def _socketio_session_request() -> None:
    from rasa.core.channels.socketio import SocketIOInput

    source = _source(SocketIOInput.blueprint)
    _require("self.sio = sio" in source, "SocketIOInput.blueprint keeps its socket.io server in self.sio")
    _require(
        '@sio.on("session_request", namespace=self.namespace)' in source,
        'SocketIOInput.blueprint registers its "session_request" handler on it, in self.namespace',
    )


def replace_socketio_session_request(
    channel: "SocketIOInput", handler: Callable[[Text, Optional[Dict[Text, Any]]], Awaitable[None]]
) -> None:
    """Call after Rasa's SocketIOInput.blueprint: ``handler`` takes the place of Rasa's."""
    verify("socketio_session_request")
    channel.sio.on("session_request", handler, namespace=channel.namespace)


# On another Rasa version, importing this module (and so any module that uses a hook) fails here.
for _name in HOOKS:
    check_version(_name)
