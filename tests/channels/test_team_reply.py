"""channels/team.py: the /team page's reply to an uploaded CSV. Rows most urgent first with their
counts, bad rows kept with their error, the result CSV the same as `python -m rules_core.batch`
writes, summary links that carry the facts and nothing else, and every word about an outcome or a
status taken from the rules core (none written in the page's own files)."""

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from channels import team
from rules_core import batch, determine, render
from rules_core.tests.people import BAD_CELLS, people, to_csv

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def list_of_300():
    data = to_csv(people(300, seed=11, bad_every=30)).encode("utf-8")
    status, reply = team.check_upload(data, AS_OF)
    assert status == 200
    return data, reply


def test_rows_come_most_urgent_first_then_by_deadline(list_of_300):
    _, reply = list_of_300
    rank = [batch.GROUPS.index(row["group"]) for row in reply["rows"]]
    assert rank == sorted(rank)
    assert reply["rows"][0]["group"] == "overdue" and reply["rows"][-1]["group"] == "not_applicable"
    overdue = [row["summary"] for row in reply["rows"] if row["group"] == "overdue"]
    deadlines = [urllib.parse.parse_qs(link.split("?", 1)[1]) for link in overdue]
    assert len(deadlines) > 10
    # the earliest deadline, the longest overdue, comes first (a deadline is 3 years from appointment)
    appointed = [batch.read_date(query["appointment_date"][0]) for query in deadlines]
    assert appointed == sorted(appointed)


def test_counts_are_per_group_in_order_and_add_up_to_every_row(list_of_300):
    _, reply = list_of_300
    assert [item["group"] for item in reply["counts"]] == list(batch.GROUPS)
    assert sum(item["count"] for item in reply["counts"]) == reply["total"] == len(reply["rows"]) == 300
    for item in reply["counts"]:
        assert item["count"] == sum(row["group"] == item["group"] for row in reply["rows"])
        assert item["label"] == batch.group_words(item["group"])
    # counted independently, from determine itself
    table = batch.read_table(to_csv(people(300, seed=11, bad_every=30)))
    statuses = {}
    for item in batch.check_table(table, AS_OF):
        key = item.determination["status"] if item.determination and item.determination["complete"] else None
        statuses[key] = statuses.get(key, 0) + 1
    counted = {item["group"]: item["count"] for item in reply["counts"]}
    for status in ("overdue", "at_risk", "on_track", "met", "not_applicable"):
        assert counted[status] == statuses.get(status, 0), status


def test_bad_rows_are_shown_with_their_error_never_dropped(list_of_300):
    _, reply = list_of_300
    bad = [row for row in reply["rows"] if row["group"] == "error"]
    assert [row["row"] for row in bad] == [number + 1 for number in range(30, 301, 30)]  # header is row 1
    for row in bad:
        number = row["row"] - 1
        column, value = BAD_CELLS[(number // 30) % len(BAD_CELLS)]
        assert row["detail"].startswith(f"{column}: '{value}'"), row
        assert row["label"] == "Could not check" and row["summary"] is None
        assert row["carried"][0] == f"Person {number:05d}"


def test_rows_are_numbered_as_a_spreadsheet_numbers_them_blank_lines_included():
    data = b"nation,setting\r\nwales,\r\n\r\nscotland,\r\n"
    _, reply = team.check_upload(data, AS_OF)
    assert [row["row"] for row in reply["rows"]] == [2, 4]


def test_a_row_with_missing_facts_lists_the_csv_columns_to_fill_in():
    data = b"name,nation,setting,role,npq_status\r\nAnn,england,academy_mainstream,senco,none\r\n"
    status, reply = team.check_upload(data, AS_OF)
    [row] = reply["rows"]
    assert (status, row["group"]) == (200, "missing")
    missing = row["detail"].split(", ")
    assert {"appointment_date", "has_qts", "nasenco_status"} <= set(missing)
    assert not any("." in name for name in missing)


def test_a_decided_row_carries_the_rules_cores_headline_deadline_and_first_step():
    data = (
        b"name,nation,setting,role,appointment_date,prior_senco_months,has_qts,qts_via_qtls_only,induction,"
        b"nasenco_status,npq_status\r\nAnn,england,academy_mainstream,senco,01/09/2023,0,yes,no,completed,none,"
        b"none\r\n"
    )
    _, reply = team.check_upload(data, AS_OF)
    [row] = reply["rows"]
    expected = determine(
        {
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
        },
        AS_OF,
    )
    assert row["group"] == "overdue" and row["label"] == render.status_words("overdue")
    assert row["detail"] == render.headline(expected)
    assert row["deadline"] == "1 September 2026"
    assert row["next_step"].startswith(expected["next_steps"][0]["text"])
    assert row["next_step"].endswith("(by 15 October 2027)")
    assert row["carried"] == ["Ann"] and reply["columns"] == ["name"]


def test_the_summary_link_carries_the_facts_as_read_and_no_other_column(list_of_300):
    _, reply = list_of_300
    rows_in = people(300, seed=11, bad_every=30)
    for row in reply["rows"]:
        if row["summary"] is None:
            continue
        path, query = row["summary"].split("?", 1)
        assert path == team.SUMMARY_PATH
        pairs = urllib.parse.parse_qs(query)
        given = rows_in[row["row"] - 2]
        for private in ("name", "school", "urn"):
            assert private not in pairs and given[private] not in row["summary"]
        as_of = dt.date.fromisoformat(pairs.pop("as_of")[0])
        facts, errors = batch.facts_from_cells({name: values[0] for name, values in pairs.items()})
        assert errors == []
        # what a summary page reading the link would decide is what the row shows
        again = determine(facts, as_of)
        assert batch.group_of(batch.Checked(0, [], {}, again, "")) == row["group"]


def test_the_result_csv_is_what_the_command_line_writes(list_of_300, tmp_path):
    data, reply = list_of_300
    done = subprocess.run(
        [sys.executable, "-m", "rules_core.batch", "--as-of", AS_OF.isoformat()],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert reply["csv"] == done.stdout.decode("utf-8")
    assert reply["filename"] == "senco-list-checked-2026-11-26.csv"
    assert len(list(csv.reader(io.StringIO(reply["csv"], newline="")))) == 301


def test_a_result_file_checked_again_shows_only_the_people_columns():
    first = team.check_upload(to_csv(people(5, seed=1, bad_every=0)).encode(), AS_OF)[1]["csv"]
    status, reply = team.check_upload(first.encode(), AS_OF)
    assert status == 200
    assert reply["columns"] == ["name", "school", "urn"]
    # a column of the officer's own that happens to share a result column's name is shown
    reply = team.check_upload(b"name,status,nation\r\nAnn,new in post,wales\r\n", AS_OF)[1]
    assert reply["columns"] == ["name", "status"] and reply["rows"][0]["carried"] == ["Ann", "new in post"]


@pytest.mark.parametrize(
    "data, status, says",
    [
        (b"", 400, "The file is empty"),
        (b"name,school\r\nAnn,St Mary's\r\n", 400, "The file has no column the rules know"),
        (b"\x00" * 10, 400, "not a CSV"),
        (b"nation\r\n" + b"england\r\n" * (team.MAX_UPLOAD_BYTES // 9 + 1), 413, "larger than 4 MB"),
        (b"nation\r\n" + b"england\r\n" * (team.MAX_ROWS + 1), 413, "has 10,001 rows; this page checks up to 10,000"),
    ],
)
def test_a_file_that_is_not_a_list_gets_one_clear_message(data, status, says):
    got, reply = team.check_upload(data, AS_OF)
    assert got == status
    assert list(reply) == ["error"] and says in reply["error"] and "\n" not in reply["error"]


def test_the_guide_lists_every_fact_column_and_the_template():
    guide = team.guide()
    assert [item["column"] for item in guide["columns"]] == [column.name for column in batch.FACT_COLUMNS]
    assert guide["template"] == "/team/template.csv"
    assert team.template().decode().strip().split(",") == ["name", "school"] + [c.name for c in batch.FACT_COLUMNS]
    json.dumps(guide)


def test_the_pages_files_word_no_outcome_or_status():
    words = (
        set(render.WORDING["status_words"].values())
        | set(render.WORDING["headlines"].values())
        | set(render.WORDING["list_groups"].values())
    )
    words |= {text.rstrip(".").split(":")[0] for text in render.WORDING["headlines"].values()}
    for name in ("team.js", "team.html"):
        text = (ROOT / "channels" / "web" / name).read_text(encoding="utf-8")
        found = sorted(word for word in words if re.search(r"\b" + re.escape(word) + r"\b", text))
        assert found == [], f"{name} words {found}: take them from the server's reply"
    for code in ("overdue", "at_risk", "on_track", "not_applicable", "TAKE_NPQ_SENCO"):
        assert code not in (ROOT / "channels" / "web" / "team.js").read_text(encoding="utf-8")
