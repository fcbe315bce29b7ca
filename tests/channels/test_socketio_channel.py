"""channels/socketio.py without a server: which payloads a session_request asks for, which browser
origins may connect, and where a custom payload is sent. tests/e2e/test_socketio.py holds real
socket.io conversations; tests/browser/test_rasa_webchat.py a provider's widget."""

import pytest

from channels.socketio import AllowedOrigins, SencoSocketIOInput, SencoSocketIOOutput, requested_payload_types
from tests.coroutines import run_coroutine


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"session_id": "s", "customData": {"payloads": ["question", "determination"]}}, ["question", "determination"]),
        ({"session_id": "s"}, []),  # rasa-webchat and <rasa-chatbot-widget> send only this
        ({"customData": {"language": "en"}}, []),
        ({"customData": {"payloads": "question"}}, []),  # a list of types, nothing else
        ({"customData": {"payloads": True}}, []),
        ({"customData": ["payloads"]}, []),
        ({"payloads": ["question"]}, []),  # inside customData only
        ({"customData": {"payloads": ["question", 7, None, "", "question", "faq"]}}, ["question", "faq"]),
    ],
)
def test_the_payload_types_a_session_request_asks_for(data, expected):
    assert requested_payload_types(data) == expected


def test_one_request_cannot_ask_for_endless_payload_types():
    data = {"customData": {"payloads": [f"type{n}" for n in range(1000)] + ["x" * 65]}}
    assert len(requested_payload_types(data)) == 20


@pytest.mark.parametrize(
    "patterns, origin, allowed",
    [
        (["https://www.provider.example"], "https://www.provider.example", True),
        (["https://www.provider.example"], "HTTPS://WWW.PROVIDER.EXAMPLE", True),  # as sanic-cors compares
        (["https://www.provider.example"], "https://evil.example", False),
        (["https://www.provider.example"], "https://www.provider.example.evil.example", False),
        (["https://a.example", "https://b.example"], "https://b.example", True),
        ([r"^https://(www\.)?provider\.example$"], "https://provider.example", True),
        ([r"^https://(www\.)?provider\.example$"], "https://provider.example.evil.example", False),
        ([r"^http://(localhost|127\.0\.0\.1):(5005|8080)$"], "http://127.0.0.1:8080", True),  # make run's default
        ([r"^http://(localhost|127\.0\.0\.1):(5005|8080)$"], "http://127.0.0.1:8081", False),
        (["*"], "https://anyone.example", True),
        ([], "https://www.provider.example", False),  # CORS_ORIGINS unset: no other site
    ],
)
def test_browser_origins_are_matched_as_the_rest_channels_cors(patterns, origin, allowed):
    assert bool(AllowedOrigins(patterns).allow(origin, host="rasa.example:5005")) is allowed


def test_the_servers_own_origin_is_always_allowed():
    assert AllowedOrigins([]).allow("https://chat.provider.example", host="chat.provider.example")
    assert not AllowedOrigins([]).allow("https://chat.provider.example", host="rasa.provider.example")


def test_origins_come_from_cors_origins(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example  https://b.example")
    assert AllowedOrigins.from_environment().allow("https://b.example", None)
    monkeypatch.delenv("CORS_ORIGINS")
    assert not AllowedOrigins.from_environment().allow("https://b.example", None)


class FakeRequest:
    def __init__(self, **headers):
        self.headers = {name.lower(): value for name, value in headers.items()}


class FakeEngineIO:
    def __init__(self):
        self.served = []

    async def handle_request(self, request):
        self.served.append(request)
        return "engine.io's answer"


def test_a_refused_origin_never_reaches_engineio(caplog):
    engineio = FakeEngineIO()
    SencoSocketIOInput.check_origins(engineio, AllowedOrigins(["https://www.provider.example"]))
    refused = run_coroutine(engineio.handle_request(FakeRequest(Origin="https://evil.example", Host="rasa:5005")))
    assert refused.status == 403 and b"CORS_ORIGINS" in refused.body and engineio.served == []
    assert "https://evil.example" in caplog.text
    for request in (
        FakeRequest(Origin="https://www.provider.example", Host="rasa:5005"),
        FakeRequest(Host="rasa:5005"),
    ):  # no Origin: a program, not a browser
        assert run_coroutine(engineio.handle_request(request)) == "engine.io's answer"
    assert len(engineio.served) == 2


class FakeServer:
    def __init__(self):
        self.emitted = []

    async def emit(self, event, data, room=None, namespace=None):
        self.emitted.append((event, data, room, namespace))


def test_a_payload_goes_only_to_the_room_of_its_type_in_its_session():
    sio = FakeServer()
    output = SencoSocketIOOutput(sio, "bot_uttered")
    run_coroutine(output.send_custom_json("session-1", {"type": "question", "fact": "nation"}))
    run_coroutine(output.send_text_message("session-1", "Is your school in England?"))
    assert sio.emitted[0] == (
        "bot_uttered",
        {"custom": {"type": "question", "fact": "nation"}},
        "payloads/question/session-1",
        None,
    )
    assert sio.emitted[1][1:3] == ({"text": "Is your school in England?"}, "session-1")
