"""channels/rest/connector.py read_request: what the public REST webhook accepts, and the clear 4xx
for what it does not. The same bodies go to a running server in tests/production/bad_input.yml."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels.rest.connector import MAX_BODY_BYTES, MAX_DEPTH, BadRequest, nests_deeper_than, read_request

JSON = "application/json"


def refused(body: bytes, content_type: str = JSON) -> BadRequest:
    with pytest.raises(BadRequest) as caught:
        read_request(content_type, body)
    return caught.value


def nested(depth: int, opening: str = "[", closing: str = "]", inner: str = "") -> str:
    return opening * depth + inner + closing * depth


def test_a_plain_request_gives_sender_message_and_metadata():
    body = json.dumps({"sender": "me", "message": "hi", "metadata": {"page": "kiosk"}}).encode()
    assert read_request(JSON, body) == ("me", "hi", {"page": "kiosk"})


@pytest.mark.parametrize(
    "body",
    [
        '{"sender": "x", "message": "hi", "x": ' + nested(5000) + "}",  # the body: a 500 before
        '{"sender": "x", "message": "hi", "metadata": ' + nested(3000, '{"a": ', "}", "1") + "}",
        '{"sender": "x", "message": ' + nested(5000) + "}",
        nested(100_000),
        "[" * 200_000,
        '{"sender": "x", "message": "hi", "x": ' + nested(MAX_DEPTH) + "}",  # with the body's object, one too many
    ],
    ids=[
        "arrays in a field",
        "objects in metadata",
        "arrays as the message",
        "only arrays",
        "never closed",
        "one level too many",
    ],
)
def test_json_nested_too_deeply_is_refused_with_400_before_parsing(body):
    error = refused(body.encode())
    assert error.status == 400
    assert "nests JSON more than" in str(error)


def test_nesting_up_to_the_limit_is_read():
    metadata = json.loads(nested(MAX_DEPTH - 2, '{"a": ', "}", "1"))  # the body's object and metadata's own
    body = json.dumps({"sender": "x", "message": "hi", "metadata": {"a": metadata}}).encode()
    assert read_request(JSON, body)[2] == {"a": metadata}


@pytest.mark.parametrize(
    "message",
    [
        "[" * 5000 + "]" * 5000,
        "{" * 5000,
        '\\"[[[[' * 1000,
        "\\" * 999 + '"' + "[" * 999,
    ],
    ids=["brackets", "unclosed braces", "escaped quotes do not end the string", "backslashes then a quote"],
)
def test_brackets_inside_a_message_are_text_not_nesting(message):
    body = json.dumps({"sender": "x", "message": message}).encode()
    assert read_request(JSON, body)[1] == message


def test_a_body_over_the_limit_is_refused_with_413():
    padding = "x" * (MAX_BODY_BYTES - len('{"sender": "x", "message": ""}'))
    assert read_request(JSON, json.dumps({"sender": "x", "message": padding}).encode())[1] == padding
    error = refused(json.dumps({"sender": "x", "message": padding + "x"}).encode())
    assert error.status == 413 and "too large" in str(error)


def test_the_content_type_is_still_checked_first():
    assert refused(nested(5000).encode(), "text/plain").status == 415


def json_values():
    leaves = st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:')
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\a', max_size=3), inner, max_size=3),
        max_leaves=40,
    )


def depth_of(value) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


@given(json_values(), st.integers(min_value=0, max_value=6), st.booleans())
def test_nesting_is_measured_as_the_parser_would_see_it(value, limit, ascii_only):
    body = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert nests_deeper_than(body, limit) == (depth_of(value) > limit)
