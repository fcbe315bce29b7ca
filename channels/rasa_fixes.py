"""A repair to Rasa 3.6 that every channel's server needs, applied when a channel of ours loads
(channels/guard.py calls apply()).

Checking each action server response against Rasa's schema cost about two thirds of the Rasa
server's time per message (measured with py-spy under load): RemoteAction calls
``jsonschema.validate``, which first checks the schema itself against its meta-schema, on every
call. The schema never changes, so it is checked once here and each response is validated with
the same validator: the same check, the same error message, without the repeated work."""
from __future__ import annotations

from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        error = best_match(validator.iter_errors(result))  # what jsonschema.validate raises
        if error is None:
            return True
        error.message += (". Failed to validate Action server response from API, make sure your response from "
                          "the Action endpoint is valid. For more information about the format visit "
                          f"{DOCS_BASE_URL}/custom-actions")
        raise error

    RemoteAction._validate_action_result = _validate_action_result
    _applied = True
