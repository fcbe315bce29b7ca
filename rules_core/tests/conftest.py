import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "shared" / "determination.schema.json"


@pytest.fixture(scope="session")
def schema_validator():
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
