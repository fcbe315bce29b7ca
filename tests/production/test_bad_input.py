"""The bad-input corpus (bad_input.yml) against the public REST webhook of a production instance."""

import json
import uuid
from pathlib import Path

import pytest
import yaml

from channels.guard import TRY_AGAIN
from tests.support.driving import TYPICAL, converse
from tests.support.http import http

pytestmark = pytest.mark.slow
CORPUS = yaml.safe_load((Path(__file__).with_name("bad_input.yml")).read_text(encoding="utf-8"))


def body_of(case) -> bytes:
    sender = f"bad-{uuid.uuid4().hex[:8]}"
    if "message" in case:
        return json.dumps({"sender": sender, "message": case["message"]}).encode()
    if "message_repeat" in case:
        text, times = case["message_repeat"]
        return json.dumps({"sender": sender, "message": text * times}).encode()
    if "json" in case:
        return json.dumps(case["json"]).encode()
    if "raw" in case:
        return case["raw"].encode("utf-8", "surrogatepass")
    if "raw_parts" in case:
        return "".join(text * times for text, times in case["raw_parts"]).encode()
    return bytes.fromhex(case["raw_hex"].replace(" ", ""))


def test_the_corpus_covers_what_the_issue_lists():
    names = " ".join(case["name"] for case in CORPUS).lower()
    for kind in (
        "empty",
        "whitespace",
        "100 kb",
        "control",
        "invalid utf-8",
        "emoji",
        "script",
        "html",
        "sql",
        "welsh",
        "chinese",
        "malformed json",
        "content type",
        "missing sender",
        "form-encoded",
        "nested",
    ):
        assert kind in names, kind


@pytest.mark.parametrize("case", CORPUS, ids=[case["name"] for case in CORPUS])
def test_bad_input_gets_a_clear_answer_and_never_a_server_error(stack, case):
    headers = {"Content-Type": case.get("content_type", "application/json")} if case.get("content_type", 1) else {}
    status, _, body = http("POST", stack.instances[0].url + "/webhooks/rest/webhook", body_of(case), headers)
    assert status < 500, body[:300]
    answer = json.loads(body)
    if case["expect"] == "reply":
        assert status == 200
        texts = [message.get("text") or "" for message in answer]
        assert any(text.strip() for text in texts), answer
        assert TRY_AGAIN not in texts  # that means a turn failed inside: input must not do that
    else:
        assert status == case["expect"]
        assert isinstance(answer.get("error"), str) and answer["error"]


def test_after_the_corpus_the_server_still_holds_a_normal_conversation(stack):
    for case in CORPUS:  # the whole corpus again, in one go, on the same instance
        headers = {"Content-Type": case.get("content_type", "application/json")} if case.get("content_type", 1) else {}
        http("POST", stack.instances[0].url + "/webhooks/rest/webhook", body_of(case), headers)
    assert stack.instances[0].process.poll() is None
    determination, _, _, _ = converse(stack, "hi", TYPICAL)
    assert determination["outcome"] == "TAKE_NPQ_SENCO"
