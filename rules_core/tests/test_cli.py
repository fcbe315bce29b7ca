"""``python -m rules_core``: the CONTRACTS.md section 1 command line, its output and its errors."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import rules_core

# `python -m rules_core` run from here imports the same copy as these tests (the repository's, or
# an installed one: make test-pythons).
PACKAGE_PARENT = Path(rules_core.__file__).resolve().parents[1]
FULL_FACTS = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2023-09-01",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "none"},
}


def run_cli(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "rules_core", *args], input=stdin, capture_output=True, text=True, cwd=PACKAGE_PARENT, timeout=60
    )


def test_reads_facts_from_standard_input_and_prints_one_determination(schema_validator):
    done = run_cli("--as-of", "2026-11-26", stdin=json.dumps(FULL_FACTS))
    assert done.returncode == 0
    result = json.loads(done.stdout)
    schema_validator.validate(result)
    assert (result["as_of"], result["deadline"], result["status"]) == ("2026-11-26", "2026-09-01", "overdue")


def test_reads_facts_from_a_file(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"nation": "scotland"}))
    done = run_cli("--as-of", "2026-11-26", str(path))
    assert done.returncode == 0
    assert json.loads(done.stdout)["outcome"] == "OUT_OF_SCOPE"


def test_a_dash_means_standard_input():
    done = run_cli("--as-of", "2026-11-26", "-", stdin='{"nation": "wales"}')
    assert json.loads(done.stdout)["outcome"] == "OUT_OF_SCOPE"


def test_without_as_of_the_real_date_is_used():
    import datetime as dt

    done = run_cli(stdin="{}")
    assert json.loads(done.stdout)["as_of"] in {dt.date.today().isoformat(), (dt.date.today() + dt.timedelta(days=1)).isoformat()}


def test_explain_prints_plain_english_with_the_deadline_written_out():
    done = run_cli("--as-of", "2026-11-26", "--explain", stdin=json.dumps(FULL_FACTS))
    assert done.returncode == 0
    assert "1 September 2026" in done.stdout
    assert "Overdue" in done.stdout
    assert "SEND Regulations 2014, reg 49" in done.stdout


@pytest.mark.parametrize(
    "stdin, args, field, words",
    [
        ('{"nation": "england", "favourite_colour": "blue"}', [], "favourite_colour", "not a known fact"),
        ('{"appointment_date": "2023-02-31"}', [], "appointment_date", "not a real date"),
        ('{"appointment_date": "01/09/2023"}', [], "appointment_date", "YYYY-MM-DD"),
        ('{"prior_senco_months": -3}', [], "prior_senco_months", "negative"),
        ('{"prior_senco_months": "six"}', [], "prior_senco_months", "whole number"),
        ('{"has_qts": "yes"}', [], "has_qts", "true or false"),
        ('{"setting": "grammar"}', [], "setting", "must be one of"),
        (
            '{"nasenco": {"status": "completed", "start_date": "2023-01-01", "completion_date": "2022-06-01"}}',
            [],
            "nasenco.completion_date",
            "before the start",
        ),
        ('{"npq": {"status": "done"}}', [], "npq.status", "must be one of"),
        ('{"npq": {"colour": 1}}', [], "npq.colour", "not a known fact"),
        ('{"nation": "england",}', [], None, "not valid JSON"),
        ("[1, 2]", [], None, "JSON object"),
        ("{}", ["--as-of", "2026-13-01"], "as_of", "not a real date"),
        ("{}", ["--as-of", "2001-01-01"], "as_of", "these rules start"),
    ],
)
def test_bad_input_exits_2_with_errors_naming_the_field(stdin, args, field, words):
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 2
    errors = json.loads(done.stdout)["errors"]
    assert any(error["field"] == field and words in error["message"] for error in errors), errors
    assert set(json.loads(done.stdout)) == {"errors"}


def test_every_error_is_reported_at_once():
    done = run_cli(stdin='{"has_qts": 1, "is_head": "no", "nation": "france"}')
    fields = {error["field"] for error in json.loads(done.stdout)["errors"]}
    assert fields == {"has_qts", "is_head", "nation"}


def test_a_missing_file_is_an_error_not_a_traceback():
    done = run_cli("/no/such/facts.json")
    assert done.returncode == 2
    assert "cannot read" in json.loads(done.stdout)["errors"][0]["message"]
    assert "Traceback" not in done.stderr


def test_an_unknown_option_keeps_standard_output_json():
    done = run_cli("--colour", "red")
    assert done.returncode == 2
    assert "errors" in json.loads(done.stdout)


def test_null_means_not_known_yet():
    done = run_cli("--as-of", "2026-11-26", stdin='{"nation": null, "npq": {"status": null}}')
    result = json.loads(done.stdout)
    assert result["missing"][0] == "nation"


def test_a_step_due_by_a_deadline_known_to_the_month_is_said_to_the_month():
    facts = {
        "nation": "england",
        "setting": "academy_mainstream",
        "role": "senco",
        "appointment_date": "2024-09",
        "prior_senco_months": 0,
        "has_qts": True,
        "qts_via_qtls_only": False,
        "induction": "completed",
        "nasenco": {"status": "none"},
        "npq": {"status": "in_progress", "start_date": "2025-11", "completion_date": "2027-07"},
    }
    determination = rules_core.determine(facts, dt.date(2026, 11, 26))
    card = rules_core.card(determination)
    due_by_deadline = [step for step in card["steps"] if step["by"] == determination["deadline"]]
    assert due_by_deadline and all(step["by_text"] == "September 2027" for step in due_by_deadline)
