"""channels/slack/manifest.yml asks for exactly the scopes the code needs: those of the Web API
methods the Slack channel calls (found by reading its code, and Rasa's SlackBot it builds on),
of the events it subscribes to, and of its slash command; nothing more. The server test checks
the methods called while it runs against the same list (test_slack_server.py)."""

import ast
import inspect
from pathlib import Path

import rasa.core.channels.slack
import yaml
from slack_sdk.web.async_client import AsyncWebClient

from channels.slack import home
from channels.slack.connector import SencoSlackInput

SLACK_DIR = Path(home.__file__).parent
MANIFEST = yaml.safe_load((SLACK_DIR / "manifest.yml").read_text())

# From Slack's reference (https://api.slack.com/methods/<method>, "Required scopes", bot token;
# https://api.slack.com/events/<event>). A method the code starts calling must be added here, with
# its scope from those pages, before the test can pass.
METHOD_SCOPES = {
    "chat.postMessage": {"chat:write"},
    "conversations.open": {"im:write"},  # a direct message; other kinds of conversation need others
    "views.publish": set(),
}
EVENT_SCOPES = {
    "app_mention": {"app_mentions:read"},
    "message.im": {"im:history"},
    "app_home_opened": set(),
}
SLASH_COMMAND_SCOPE = "commands"


def web_api_methods(source: str) -> set:
    """The Slack Web API methods a piece of Python calls through slack_sdk's client: any call of an
    attribute that is one of AsyncWebClient's methods (chat_postMessage -> chat.postMessage), or
    an explicit api_call("method")."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name == "api_call" and node.args and isinstance(node.args[0], ast.Constant):
            found.add(node.args[0].value)
        elif (
            "_" in name
            and not name.startswith("_")
            and callable(getattr(AsyncWebClient, name, None))
            and name not in {"api_call"}
        ):
            found.add(name.replace("_", "."))
    return found


def methods_the_code_calls() -> set:
    ours = set().union(*(web_api_methods(path.read_text()) for path in SLACK_DIR.glob("*.py")))
    # What Rasa's SlackBot, which ours extends, would call itself.
    return ours | web_api_methods(inspect.getsource(rasa.core.channels.slack.SlackBot))


def test_the_reader_finds_web_api_calls():
    source = (
        "await self.client.chat_postMessage(channel=c)\nclient.users_info(user=u)\n"
        "await web.api_call('reactions.add')\nself.client.base_url\nsomething.publish(x)\n"
    )
    assert web_api_methods(source) == {"chat.postMessage", "users.info", "reactions.add"}


def test_the_code_calls_the_methods_behind_messages_the_home_tab_and_direct_messages():
    assert methods_the_code_calls() == {"chat.postMessage", "views.publish", "conversations.open"}


def test_the_manifests_scopes_are_exactly_those_of_the_methods_events_and_command():
    called = methods_the_code_calls()
    unknown = called - set(METHOD_SCOPES)
    assert not unknown, f"look up the scopes of {unknown} on api.slack.com/methods and add them to METHOD_SCOPES"
    events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    needed = set().union(*(METHOD_SCOPES[method] for method in called), *(EVENT_SCOPES[event] for event in events))
    if MANIFEST["features"].get("slash_commands"):
        needed.add(SLASH_COMMAND_SCOPE)
    scopes = MANIFEST["oauth_config"]["scopes"]["bot"]
    assert len(scopes) == len(set(scopes))
    assert set(scopes) == needed, f"missing {needed - set(scopes)}, not needed {set(scopes) - needed}"
    assert "user" not in MANIFEST["oauth_config"]["scopes"], "the app acts as its bot only"


def test_every_request_goes_to_the_connectors_webhook():
    path = f"/webhooks/{SencoSlackInput.name()}/webhook"
    settings = MANIFEST["settings"]
    urls = [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]]
    urls += [command["url"] for command in MANIFEST["features"]["slash_commands"]]
    assert all(url.startswith("https://") and url.endswith(path) for url in urls), urls
    assert settings["interactivity"]["is_enabled"] and not settings["socket_mode_enabled"]


def test_the_app_has_its_home_tab_its_messages_and_the_senco_command():
    features = MANIFEST["features"]
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert features["app_home"]["messages_tab_read_only_enabled"] is False
    assert [command["command"] for command in features["slash_commands"]] == ["/senco"]
    assert features["slash_commands"][0]["should_escape"] is False  # /senco's words arrive as typed


def test_the_descriptions_fit_slacks_limits():
    information = MANIFEST["display_information"]
    assert len(information["name"]) <= 35 and len(information["description"]) <= 140
    assert 175 <= len(information["long_description"]) <= 4000
    assert home.what_the_app_does().startswith("I work out")
