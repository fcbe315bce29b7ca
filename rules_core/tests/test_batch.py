"""``python -m rules_core.batch``: the CONTRACTS.md section 4 command line. Reading the cells (every
date form, booleans, a byte-order mark, other columns carried through), rows that cannot be read
kept with their error, files that are not a CSV refused, and each good row's result the same as
``determine`` gives for the same facts."""

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

import rules_core
from rules_core import FACT_KEYS, REGISTRY, batch, determine
from rules_core.tests.people import BAD_CELLS, HEADER, people, to_csv

PROJECT = Path(__file__).resolve().parents[2]
# `python -m rules_core.batch` run from here imports the same copy as these tests (the
# repository's, or an installed one: make test-pythons).
PACKAGE_PARENT = Path(rules_core.__file__).resolve().parents[1]
AS_OF = "2026-11-26"
FACT_HEADER = [
    "nation",
    "setting",
    "role",
    "appointment_date",
    "prior_senco_months",
    "has_qts",
    "qts_via_qtls_only",
    "induction",
    "nasenco_status",
    "npq_status",
]
# An academy SENCO appointed on 1 September 2023 with no qualification: deadline 1 September 2026,
# overdue on 26 November 2026.
ELIGIBLE = ["england", "academy_mainstream", "senco", "01/09/2023", "0", "yes", "no", "completed", "none", "none"]
ELIGIBLE_FACTS = {
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


def run_batch(data, *args, as_of=AS_OF):
    """(exit status, output rows as dicts, header, stderr) of the command on ``data`` (str or bytes)."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    options = ["--as-of", as_of] if as_of else []
    done = subprocess.run(
        [sys.executable, "-m", "rules_core.batch", *options, *args],
        input=data,
        check=False,
        capture_output=True,
        cwd=PACKAGE_PARENT,
        timeout=120,
    )
    text = done.stdout.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else []
    return done.returncode, [dict(zip(header, row, strict=True)) for row in rows[1:]], header, done.stderr.decode("utf-8")


def csv_text(header, *rows) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def checked(header, *rows, as_of=dt.date(2026, 11, 26)):
    """The same check in-process (faster than the command, for the many cell-reading cases)."""
    table = batch.read_table(csv_text(header, *rows))
    return batch.check_table(table, as_of)


def eligible_with(column, value):
    row = dict(zip(FACT_HEADER, ELIGIBLE, strict=True))
    row[column] = value
    return [row[name] for name in FACT_HEADER]


# ---- the columns --------------------------------------------------------------------------------


def test_every_fact_of_the_rules_core_has_a_column_and_nested_ones_use_an_underscore():
    assert [column.fact.key for column in batch.FACT_COLUMNS] == list(REGISTRY.keys)
    tops = {column.fact.course or column.fact.key for column in batch.FACT_COLUMNS}
    assert tops == set(FACT_KEYS)
    names = {column.name for column in batch.FACT_COLUMNS}
    assert {
        "nasenco_status",
        "nasenco_start_date",
        "nasenco_completion_date",
        "npq_status",
        "npq_start_date",
        "npq_completion_date",
        "npq_previously_funded",
    } <= names
    assert [name for name in batch.RESULT_COLUMNS] == [
        "outcome",
        "qualification",
        "deadline",
        "deadline_grain",
        "status",
        "expected_completion",
        "next_step",
        "next_step_by",
        "missing",
        "error",
    ]


def test_the_template_has_every_fact_column_and_checks_as_an_empty_list():
    status, rows, header, _ = run_batch(batch.template_csv())
    assert status == 0 and rows == []
    assert header == ["name", "school"] + [column.name for column in batch.FACT_COLUMNS] + list(batch.RESULT_COLUMNS)


# ---- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, read",
    [
        ("2023-09-01", "2023-09-01"),
        ("01/09/2023", "2023-09-01"),  # UK order: 1 September
        ("1/9/2023", "2023-09-01"),  # as a spreadsheet shows it
        ("29/02/2024", "2024-02-29"),
        ("2023-09", "2023-09"),  # partial: the month only
        ("09/2023", "2023-09"),  # MM/YYYY becomes YYYY-MM
        ("9/2023", "2023-09"),
        ("2023", "2023"),  # partial: the year only
    ],
)
def test_each_date_form_is_read_into_the_rules_core_form(cell, read):
    assert batch.read_date(cell) == read


@pytest.mark.parametrize(
    "cell, message",
    [
        ("31/02/2024", "'31/02/2024' is not a real date"),
        ("2023-02-30", "'2023-02-30' is not a real date"),
        ("09/13/2023", "'09/13/2023' is not a real date"),  # US order is not a UK date
        ("13/2023", "'13/2023' is not a real month"),
        ("2023-00", "'2023-00' is not a real month"),
        ("01/09/23", "two-digit year"),
        ("September 2023", "is not a date: write it as DD/MM/YYYY, YYYY-MM-DD, MM/YYYY, YYYY-MM or YYYY"),
        ("2023/09/01", "is not a date"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(cell, message):
    with pytest.raises(batch.CellError, match=message.replace("(", r"\(").replace(")", r"\)")):
        batch.read_date(cell)


def test_day_and_uk_and_iso_dates_give_the_same_deadline():
    results = checked(
        FACT_HEADER,
        eligible_with("appointment_date", "2023-09-01"),
        eligible_with("appointment_date", "01/09/2023"),
        eligible_with("appointment_date", "1/9/2023"),
    )
    assert {(item.determination["deadline"], item.determination["status"]) for item in results} == {("2026-09-01", "overdue")}


def test_an_impossible_date_keeps_the_row_with_an_error_naming_the_column():
    [item] = checked(FACT_HEADER, eligible_with("appointment_date", "31/02/2024"))
    assert item.determination is None
    assert item.error == "appointment_date: '31/02/2024' is not a real date"


def test_a_month_known_to_decide_gives_the_earliest_deadline_with_grain_month():
    # Any day of September 2023 gives a deadline in September 2026: overdue on 26 November 2026.
    status, rows, _, _ = run_batch(
        csv_text(FACT_HEADER, eligible_with("appointment_date", "09/2023"), eligible_with("appointment_date", "2023-09"))
    )
    assert status == 0
    for row in rows:
        assert row["error"] == ""
        assert (row["deadline"], row["deadline_grain"], row["status"]) == ("2026-09-01", "month", "overdue")


def test_a_year_known_to_decide_gives_grain_year():
    # Any day of 2023 gives a deadline in 2026, all passed by 1 June 2027.
    status, rows, _, _ = run_batch(csv_text(FACT_HEADER, eligible_with("appointment_date", "2023")), as_of="2027-06-01")
    assert status == 0
    [row] = rows
    assert (row["error"], row["deadline"], row["deadline_grain"], row["status"]) == ("", "2026-01-01", "year", "overdue")


def test_a_year_that_straddles_the_deadline_leaves_the_date_missing_not_an_error():
    # Appointed in 2023: by 26 November 2026 a January appointment is overdue, a December one is not.
    status, rows, _, _ = run_batch(csv_text(FACT_HEADER, eligible_with("appointment_date", "2023")))
    assert status == 0
    [row] = rows
    assert row["error"] == "" and row["status"] == ""
    assert "appointment_date" in row["missing"].split(";")


def test_a_course_date_given_as_a_month_is_read():
    header = FACT_HEADER + ["npq_start_date"]
    row = eligible_with("npq_status", "in_progress") + ["11/2025"]
    [item] = checked(header, row)
    assert item.error == ""
    assert item.determination["expected_completion"] is not None


# ---- booleans, choices, numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, value",
    [
        ("yes", True),
        ("YES", True),
        ("Yes", True),
        ("true", True),
        ("TRUE", True),
        (" no ", False),
        ("No", False),
        ("false", False),
        ("False", False),
    ],
)
def test_booleans_are_yes_no_true_or_false_in_any_case(cell, value):
    facts, errors = batch.facts_from_cells({"has_qts": cell, "npq_previously_funded": cell})
    assert errors == []
    assert facts == {"has_qts": value, "npq": {"previously_funded": value}}


@pytest.mark.parametrize("cell", ["y", "n", "1", "0", "maybe"])
def test_other_booleans_are_an_error_naming_the_column(cell):
    [item] = checked(FACT_HEADER, eligible_with("has_qts", cell))
    assert item.error == f"has_qts: '{cell}' is not yes or no (yes, no, true or false)"


def test_cells_by_an_unknown_name_are_an_error_not_a_crash():
    facts, errors = batch.facts_from_cells({"nation": "england", "colour": "blue"})
    assert facts == {"nation": "england"} and errors == [("colour", "is not a column the rules know")]


def test_choices_are_read_without_regard_to_case_or_spaces_for_underscores():
    facts, errors = batch.facts_from_cells(
        {"nation": "Northern Ireland", "setting": " Academy_Mainstream ", "nasenco_status": "In progress"}
    )
    assert errors == []
    assert facts == {"nation": "northern_ireland", "setting": "academy_mainstream", "nasenco": {"status": "in_progress"}}


@pytest.mark.parametrize("cell", ["six", "1.5", "-3", "²"])
def test_months_must_be_a_whole_number(cell):
    [item] = checked(FACT_HEADER, eligible_with("prior_senco_months", cell))
    assert item.error.startswith("prior_senco_months: ")
    assert item.determination is None


def test_every_problem_in_a_row_is_named_at_once_including_the_rules_cores_own():
    header = FACT_HEADER + ["nasenco_start_date", "nasenco_completion_date"]
    row = eligible_with("setting", "academy") + ["01/09/2023", "01/07/2023"]
    row[FACT_HEADER.index("has_qts")] = "maybe"
    [item] = checked(header, row)
    assert item.error.split("; ") == [
        (
            "setting: 'academy' is not one of: maintained_mainstream, academy_mainstream, maintained_nursery, special, "
            "independent, post16, pvi_nursery, pru_ap, other"
        ),
        "has_qts: 'maybe' is not yes or no (yes, no, true or false)",
        "nasenco_completion_date: completion (1 July 2023) is before the start (1 September 2023)",
    ]


def test_an_empty_cell_is_an_unknown_fact():
    status, rows, _, _ = run_batch(csv_text(FACT_HEADER, eligible_with("appointment_date", "")))
    assert status == 0
    [row] = rows
    assert row["error"] == "" and row["outcome"] == "" and row["status"] == ""
    assert row["missing"] == "appointment_date"


# ---- the file: BOM, other columns, row shapes ---------------------------------------------------


def test_a_byte_order_mark_is_not_part_of_the_first_column_name():
    data = b"\xef\xbb\xbf" + csv_text(FACT_HEADER, ELIGIBLE).encode("utf-8")
    status, rows, header, _ = run_batch(data)
    assert status == 0
    assert header[0] == "nation" and not header[0].startswith("\ufeff")
    assert rows[0]["status"] == "overdue"


def test_other_columns_are_carried_through_untouched_and_in_order():
    header = [
        "Name",
        "nation",
        "School, site",
        "setting",
        "role",
        "appointment_date",
        "prior_senco_months",
        "has_qts",
        "qts_via_qtls_only",
        "induction",
        "nasenco_status",
        "npq_status",
        "URN",
        "notes",
    ]
    cells = [
        "Zoë O'Brien-Łukasz",
        "england",
        'St Mary\'s "Upper", Leeds',
        "academy_mainstream",
        "senco",
        "01/09/2023",
        "0",
        "yes",
        "no",
        "completed",
        "none",
        "none",
        "0123456",
        "  two\nlines, with =SUM(A1)  ",
    ]
    status, rows, out_header, _ = run_batch(csv_text(header, cells))
    assert status == 0
    assert out_header == header + list(batch.RESULT_COLUMNS)
    [row] = rows
    assert [row[name] for name in header] == cells  # every input cell exactly as it was
    assert row["status"] == "overdue"


def test_a_header_is_matched_without_regard_to_case_and_spaces_and_written_back_as_given():
    header = [" Nation ", "SETTING", "nasenco.status"]
    status, rows, out_header, _ = run_batch(csv_text(header, ["England", "special", "none"]))
    assert status == 0
    assert out_header[:3] == header
    assert rows[0]["outcome"] == "NOT_REQUIRED"


def test_one_output_row_per_input_row_with_bad_rows_kept_in_place():
    rows_in = people(300, seed=3, bad_every=25)
    status, rows, _, _ = run_batch(to_csv(rows_in))
    assert status == 0
    assert len(rows) == len(rows_in)
    for number, (given, got) in enumerate(zip(rows_in, rows, strict=True), start=1):
        assert [got[name] for name in HEADER] == [given[name] for name in HEADER]
        if number % 25 == 0:
            column, value = BAD_CELLS[(number // 25) % len(BAD_CELLS)]
            assert got["error"].startswith(f"{column}: '{value}'"), got["error"]
            assert [got[name] for name in batch.RESULT_COLUMNS[:-1]] == [""] * (len(batch.RESULT_COLUMNS) - 1)
        else:
            assert got["error"] == "", (number, got["error"])


def test_a_row_of_empty_cells_is_a_row_but_a_blank_line_is_not():
    text = csv_text(FACT_HEADER, ELIGIBLE, [""] * len(FACT_HEADER)) + "\r\n" + csv_text(FACT_HEADER, ELIGIBLE).split("\r\n", 1)[1]
    status, rows, _, _ = run_batch(text)
    assert status == 0
    assert len(rows) == 3
    assert rows[1]["missing"].startswith("nation;")


def test_a_short_row_is_padded_and_a_long_one_is_an_error_that_keeps_its_place():
    text = (
        "name,nation,setting\r\n"
        "Ann,wales\r\n"
        "Ben,england,special,,\r\n"  # empty extra cells, as spreadsheets write them: fine
        "Cat,england,special,oops,more\r\n"
        "Dan,scotland,\r\n"
    )
    status, rows, _, _ = run_batch(text)
    assert status == 0
    assert [row["name"] for row in rows] == ["Ann", "Ben", "Cat", "Dan"]
    assert rows[0]["outcome"] == "OUT_OF_SCOPE"
    assert rows[1]["outcome"] == "NOT_REQUIRED" and rows[1]["error"] == ""
    assert rows[2]["error"] == "the row has 5 cells but the header row has 3 columns (more cells: 'oops', 'more')"
    assert rows[3]["outcome"] == "OUT_OF_SCOPE"


def test_a_file_argument_is_read_like_standard_input(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(csv_text(FACT_HEADER, ELIGIBLE), encoding="utf-8")
    status, rows, _, _ = run_batch(b"", str(path))
    assert status == 0 and rows[0]["status"] == "overdue"


# ---- files that are not a list ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, says",
    [
        (b"", "the file is empty"),
        (b"\r\n\r\n", "the file is empty"),
        (b"name,school\r\nAnn,St Mary's\r\n", "has no column the rules know"),
        (b'{"nation": "england"}\n', "has no column the rules know"),
        (b"name;nation;setting\r\nAnn;england;special\r\n", "semicolons or tabs"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "not a CSV (it contains binary data)"),
        ("name,nation\r\nZoë,england\r\n".encode("cp1252"), "not UTF-8 text"),
        (b"nation,setting,Nation\r\nengland,special,wales\r\n", "the column nation appears twice"),
    ],
)
def test_a_file_that_is_not_a_list_exits_2_with_one_line_on_standard_error(data, says):
    status, rows, header, stderr = run_batch(data)
    assert status == 2
    assert header == [] and rows == []  # nothing on standard output
    assert stderr.count("\n") == 1 and stderr.endswith("\n")
    assert says in stderr


def test_a_missing_file_and_a_bad_as_of_exit_2_with_one_line(tmp_path):
    for args, as_of, says in (
        ([str(tmp_path / "nowhere.csv")], AS_OF, "cannot read"),
        ([], "26/11/2026", "--as-of '26/11/2026' is not a real date"),
        ([], "2001-01-01", "--as-of: these rules start on"),
        (["--bogus"], AS_OF, "unrecognized arguments"),
    ):
        status, rows, _, stderr = run_batch(csv_text(FACT_HEADER, ELIGIBLE), *args, as_of=as_of)
        assert (status, rows) == (2, []), args
        assert stderr.count("\n") == 1 and says in stderr, stderr


# ---- the same answer as determine ---------------------------------------------------------------


def _cells(facts: dict) -> dict:
    """The CSV cells for a facts dict, written as a person would (UK dates, yes/no)."""
    cells = {}
    for column in batch.FACT_COLUMNS:
        fact = column.fact
        value = facts.get(fact.course, {}).get(fact.field) if fact.course else facts.get(fact.key)
        if value is None:
            cells[column.name] = ""
        elif isinstance(value, bool):
            cells[column.name] = "Yes" if value else "no"
        elif column.kind == "date":
            year, month, day = value.split("-")
            cells[column.name] = f"{day}/{month}/{year}"
        else:
            cells[column.name] = str(value)
    return cells


def _mix():
    sys.path.insert(0, str(PROJECT / "bench"))
    try:
        from rules_core_bench import mix
    finally:
        sys.path.pop(0)
    return mix() + [
        dict(ELIGIBLE_FACTS, npq={"status": "in_progress", "start_date": "2025-11-01", "previously_funded": False}),
        dict(ELIGIBLE_FACTS, is_head=True, has_qts=False),
    ]


@pytest.mark.parametrize("as_of", ["2026-11-26", "2024-03-01"])
def test_a_good_rows_result_is_what_determine_gives_for_the_same_facts(as_of, schema_validator):
    cases = _mix()
    names = [column.name for column in batch.FACT_COLUMNS]
    status, rows, _, _ = run_batch(
        csv_text(["name"] + names, *[[f"p{i}"] + [_cells(f)[n] for n in names] for i, f in enumerate(cases)]), as_of=as_of
    )
    assert status == 0 and len(rows) == len(cases)
    seen = set()
    for facts, row in zip(cases, rows, strict=True):
        expected = determine(facts, dt.date.fromisoformat(as_of))
        schema_validator.validate(expected)
        first = expected["next_steps"][0] if expected["next_steps"] else {"text": "", "by": None}
        assert {name: row[name] for name in batch.RESULT_COLUMNS} == {
            "outcome": expected["outcome"] or "",
            "qualification": expected["qualification"] or "",
            "deadline": expected["deadline"] or "",
            "deadline_grain": expected.get("deadline_grain") or ("day" if expected["deadline"] else ""),
            "status": expected["status"] or "",
            "expected_completion": expected["expected_completion"] or "",
            "next_step": first["text"],
            "next_step_by": first["by"] or "",
            "missing": ";".join(expected["missing"]),
            "error": "",
        }, facts
        seen.add((expected["outcome"], expected["status"]))
    # the mix reaches the different answers, or the comparison would prove little
    assert len(seen) >= 6, seen


# ---- grouping for the team page -----------------------------------------------------------------


def test_groups_are_most_urgent_first_and_their_words_come_from_the_wording():
    assert batch.GROUPS[:2] == ("overdue", "at_risk")
    assert (
        batch.GROUPS.index("missing")
        < batch.GROUPS.index("on_track")
        < batch.GROUPS.index("met")
        < batch.GROUPS.index("not_applicable")
    )
    words = [batch.group_words(group) for group in batch.GROUPS]
    assert all(words) and len(set(words)) == len(words)
    assert batch.group_words("overdue") == "Overdue"  # the status words the widget's card shows


def test_the_column_guide_covers_every_fact_column():
    guide = batch.column_guide()
    assert [item["column"] for item in guide] == [column.name for column in batch.FACT_COLUMNS]
    assert all(item["values"] and item["meaning"] for item in guide)
    assert {item["column"]: item["values"] for item in guide}["appointment_date"].endswith(batch.DATE_FORMS)
