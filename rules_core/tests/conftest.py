import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import rules_core

# The copy of CONTRACTS.md's determination schema that ships with the package (test_schema.py
# checks it equals the shared one); read from the package under test, installed or not.
SCHEMA_PATH = Path(rules_core.__file__).with_name("determination.schema.json")


@pytest.fixture(scope="session")
def schema_validator():
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
