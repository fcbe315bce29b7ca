"""channels/rasa_fixes.py: action server responses are checked exactly as Rasa checks them."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from channels import rasa_fixes

rasa_fixes.apply()
SCHEMA = RemoteAction.action_response_format_spec()
RESPONSES = [
    {"events": [{"event": "slot", "name": "nation", "value": "england"}], "responses": [{"text": "Hi"}]},
    {"events": [], "responses": [{"response": "utter_ask_setting", "custom": {"type": "question"}}]},
    {},
    {"events": [{"name": "no event key"}]},
    {"events": "not a list"},
    {"responses": [{"text": 7}]},
    {"events": [{"event": "slot", "timestamp": "yesterday"}]},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_a_response_passes_or_fails_as_with_jsonschema_validate(response):
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


def test_some_of_the_examples_are_invalid():
    failing = 0
    for response in RESPONSES:
        try:
            jsonschema.validate(response, SCHEMA)
        except jsonschema.ValidationError:
            failing += 1
    assert 0 < failing < len(RESPONSES)
