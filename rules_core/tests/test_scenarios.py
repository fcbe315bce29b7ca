"""Runs the YAML scenario files in ``scenarios/``: each case names the rule it checks, sits on one
side of a boundary, and states the expected fields of the determination."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from rules_core import FactsError, determine

SCENARIO_DIR = Path(__file__).with_name("scenarios")


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return _iso(value)


def _cases():
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for case in data["cases"]:
            facts = case["facts_only"] if "facts_only" in case else _merge(data["base_facts"], case.get("facts", {}))
            yield pytest.param(_jsonable(facts), case, id=f"{path.stem}: {case['name']}")


def _all_text(result) -> str:
    return " ".join(
        [r["text"] for r in result["reasons"]] + [s["text"] for s in result["next_steps"]] + [result["funding"].get("text") or ""]
    )


@pytest.mark.parametrize("facts, case", list(_cases()))
def test_scenario(facts, case, schema_validator):
    if "expect_error" in case:
        with pytest.raises(FactsError) as error:
            determine(facts, as_of=case["as_of"])
        assert [e["field"] for e in error.value.errors] == [case["expect_error"]]
        return
    result = determine(facts, as_of=case["as_of"])
    schema_validator.validate(result)
    text = _all_text(result)
    for words in case.get("text_includes", []):
        assert words in text, words
    for words in case.get("text_excludes", []):
        assert words not in text, words
    for key, expected in _jsonable(case.get("expect", {})).items():
        if isinstance(expected, dict):
            for sub_key, sub_expected in expected.items():
                assert result[key][sub_key] == sub_expected, f"{key}.{sub_key}"
        else:
            assert result[key] == expected, key
    if "missing_first" in case:
        assert result["missing"][:1] == [case["missing_first"]]
    if "missing_exact" in case:
        assert result["missing"] == case["missing_exact"]
    rules = [reason["rule"] for reason in result["reasons"]]
    for rule in case.get("reasons_include", []):
        assert rule in rules
    for rule in case.get("reasons_exclude", []):
        assert rule not in rules
    step_dates = [step["by"] for step in result["next_steps"]]
    for by in case.get("steps_by", []):
        assert _iso(by) in step_dates
