"""The determination schema the tests validate against is vendored in the package
(rules_core/determination.schema.json), so a clone of this repository alone can run them; it must
stay equal to the schema beside CONTRACTS.md in ../shared, which is the contract."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import rules_core

REPOSITORY = Path(__file__).resolve().parents[2]
SHARED_SCHEMA = REPOSITORY.parent / "shared" / "determination.schema.json"
VENDORED_SCHEMA = Path(rules_core.__file__).with_name("determination.schema.json")


def test_the_vendored_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(json.loads(VENDORED_SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.skipif(
    not SHARED_SCHEMA.exists(),
    reason=f"{SHARED_SCHEMA} is absent (a clone without ../shared): the vendored copy cannot be "
    "compared with the contract's schema",
)
def test_the_vendored_schema_equals_the_shared_one():
    vendored = json.loads(VENDORED_SCHEMA.read_text(encoding="utf-8"))
    shared = json.loads(SHARED_SCHEMA.read_text(encoding="utf-8"))
    assert vendored == shared, (
        f"{VENDORED_SCHEMA} differs from {SHARED_SCHEMA}: copy the shared schema "
        "over the vendored one (the shared one is the contract)"
    )
