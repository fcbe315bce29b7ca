"""Security of a production instance: Rasa's HTTP API only with the token, the channel webhooks
public, CORS only for the configured origin, no message text or personal data in the logs, and
old conversations deleted by the retention command."""

import json
import subprocess
import uuid

import pytest

from tests.production.stack import ALLOWED_ORIGIN, TOKEN, psql
from tests.support.driving import asked
from tests.support.http import http
from tests.support.servers import ROOT

pytestmark = pytest.mark.slow

API = [
    ("GET", "/status"),
    ("GET", "/domain"),
    ("GET", "/conversations/someone/tracker"),
    ("POST", "/conversations/someone/messages"),
    ("POST", "/conversations/someone/trigger_intent"),
    ("POST", "/model/parse"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
    ("POST", "/model/train"),
]


@pytest.mark.parametrize("method, path", API, ids=[f"{m} {p}" for m, p in API])
def test_the_http_api_refuses_requests_without_the_token(stack, method, path):
    body = b"{}" if method in ("POST", "PUT") else None
    for headers in ({}, {"Authorization": "Bearer not-the-token"}):
        status, _, _ = http(method, stack.instances[0].url + path, body, {"Content-Type": "application/json", **headers})
        assert status == 401, (method, path, headers)
    status, _, _ = http(method, stack.instances[0].url + path + "?token=wrong", body, {"Content-Type": "application/json"})
    assert status == 401


def test_the_http_api_answers_with_the_token(stack):
    sender = f"sec-{uuid.uuid4().hex[:8]}"
    stack.say(sender, "hi")
    status, _, body = http("GET", f"{stack.instances[1].url}/conversations/{sender}/tracker?token={TOKEN}")
    assert status == 200 and json.loads(body)["sender_id"] == sender
    assert http("GET", f"{stack.instances[0].url}/status?token={TOKEN}")[0] == 200


def test_the_channel_webhooks_are_public(stack):
    status, _, body = http(
        "POST",
        stack.instances[0].url + "/webhooks/rest/webhook",
        json.dumps({"sender": f"sec-{uuid.uuid4().hex[:8]}", "message": "hi"}).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 200 and json.loads(body)
    assert http("GET", stack.instances[0].url + "/webhooks/rest/")[0] == 200


def preflight(stack, origin):
    return http(
        "OPTIONS",
        stack.instances[0].url + "/webhooks/rest/webhook",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )


def test_cors_lets_only_the_configured_origin_call_from_a_browser(stack):
    _, headers, _ = preflight(stack, ALLOWED_ORIGIN)
    assert headers.get("Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    for stranger in ("https://evil.example", "http://training-provider.example", ALLOWED_ORIGIN + ".evil.example"):
        _, headers, _ = preflight(stack, stranger)
        assert "Access-Control-Allow-Origin" not in headers, stranger
        status, headers, _ = http(
            "POST",
            stack.instances[0].url + "/webhooks/rest/webhook",
            json.dumps({"sender": "sec-cors", "message": "hi"}).encode(),
            {"Content-Type": "application/json", "Origin": stranger},
        )
        assert "Access-Control-Allow-Origin" not in headers, stranger


def test_logs_hold_no_message_text_or_personal_data(stack):
    sender = f"sec-{uuid.uuid4().hex[:8]}"
    personal = ["Quillington", "zara.quillington@example.org", "07700 900461", "Thistlewood"]
    stack.say(
        sender,
        "Hi, I'm Zara Quillington (zara.quillington@example.org, 07700 900461), "
        "SENCO at Thistlewood Primary, a maintained school in England",
    )
    stack.say(sender, "I became SENCO on 14/03/2023")
    stack.say(sender, "Zara Quillington again: what was the NASENCO?")
    logs = stack.logs()
    assert logs  # the servers did write logs
    for secret in personal + [sender, "14/03/2023", "2023-03-14"]:
        assert secret not in logs, secret


def test_retention_deletes_conversations_idle_too_long_from_postgresql(stack):
    idle, active = f"sec-idle-{uuid.uuid4().hex[:6]}", f"sec-active-{uuid.uuid4().hex[:6]}"
    for sender in (idle, active):
        stack.say(sender, "hi")
        stack.say(sender, "England")
    psql(f"UPDATE events SET timestamp = timestamp - 100 * 86400 WHERE sender_id = '{idle}'", stack.database)

    run = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "stores.retention",
            "--days",
            "90",
            "--endpoints",
            "endpoints.production.yml",
        ],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["deleted_conversations"] == 1
    assert stack.stored_events(idle) == [] and stack.stored_events(active)
    # the deleted conversation starts afresh; the kept one goes on
    assert asked(stack.say(idle, "hi")) == "nation"
    assert asked(stack.say(active, "a maintained school")) == "role"
