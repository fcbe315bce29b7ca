"""``python -m rules_core.batch [--as-of YYYY-MM-DD] [FILE]``: a whole list at once (CONTRACTS.md
section 4). A CSV with one person per row comes in; the same rows go out, each followed by its
determination's outcome, deadline, status, first next step, missing facts and, for a row that
cannot be read, an ``error`` naming the column. No row is ever dropped.

The columns are the facts of the registry (``facts.yaml``), nested ones with an underscore
(``nasenco.status`` is the column ``nasenco_status``); the cells are read in the forms a
spreadsheet writes (booleans as yes/no, UK dates), then ``determine`` decides. Pure: no I/O here
except in ``main``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import io
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property

from . import FactsError, determine, render
from .dates import parse_iso
from .registry import REGISTRY, Fact

RESULT_COLUMNS = (
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
)


@dataclass(frozen=True)
class Column:
    """One fact column: the registry's fact, named with an underscore where the fact is nested. The
    fact's properties are copied once here, as every cell of a long list reads them."""

    fact: Fact
    name: str  # nasenco.status -> nasenco_status
    kind: str  # "choice", "yes_no", "date", "months"
    choices: tuple
    course: str | None  # "nasenco" for nasenco.status; None for a fact at the top level
    field: str  # "status" for nasenco.status; the key itself at the top level

    @classmethod
    def of(cls, fact: Fact) -> Column:
        return cls(fact, fact.slot, fact.kind, fact.values, fact.course, fact.field)


def column_for_fact(fact: str) -> str:
    """The CSV column of a fact key as ``missing`` names it: ``npq.status`` -> ``npq_status``."""
    return _COLUMN_BY_FACT.get(fact, fact)


# Every fact of the registry (facts.yaml) is a column, in its order: a new fact there is a new column here.
FACT_COLUMNS = tuple(Column.of(fact) for fact in REGISTRY)
COLUMNS_BY_NAME = {column.name: column for column in FACT_COLUMNS}
_COLUMN_BY_FACT = {column.fact.key: column.name for column in FACT_COLUMNS}
# A header is matched without regard to case or surrounding spaces; `nasenco.status` also works.
_HEADER_ALIASES = dict(
    {column.name: column for column in FACT_COLUMNS}, **{column.fact.key: column for column in FACT_COLUMNS if column.course}
)

_TRUE, _FALSE = ("yes", "true"), ("no", "false")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UK_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_UK_MONTH = re.compile(r"(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"\d{4}")
_SHORT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")
DATE_FORMS = "DD/MM/YYYY, YYYY-MM-DD, MM/YYYY, YYYY-MM or YYYY"


class BatchFileError(ValueError):
    """The file as a whole cannot be read (not UTF-8 text, not a CSV, no fact column): exit status 2."""


class CellError(ValueError):
    """One cell cannot be read; the message goes after the column's name in the row's ``error``."""


def read_date(text: str) -> str:
    """A date cell in the form the rules core takes: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when only
    the month or the year is known (CONTRACTS.md section 1, partial dates)."""
    match = _ISO_DAY.fullmatch(text) or _UK_DAY.fullmatch(text)
    if match:
        first, second, third = (int(part) for part in match.groups())
        year, month, day = (first, second, third) if match.re is _ISO_DAY else (third, second, first)
        try:
            return _dt.date(year, month, day).isoformat()
        except ValueError:
            raise CellError(f"'{text}' is not a real date") from None
    match = _ISO_MONTH.fullmatch(text) or _UK_MONTH.fullmatch(text)
    if match:
        first, second = (int(part) for part in match.groups())
        year, month = (first, second) if match.re is _ISO_MONTH else (second, first)
        if not 1 <= month <= 12:
            raise CellError(f"'{text}' is not a real month")
        return f"{year:04d}-{month:02d}"
    if _YEAR.fullmatch(text):
        return text
    if _SHORT_YEAR.fullmatch(text):
        raise CellError(f"'{text}' has a two-digit year: write the year in full, for example 01/09/2023")
    raise CellError(f"'{text}' is not a date: write it as {DATE_FORMS}")


def read_cell(column: Column, text: str):
    """The fact value of one non-empty cell, or CellError."""
    if column.kind == "choice":
        value = text.lower().replace(" ", "_")
        if value not in column.choices:
            raise CellError(f"'{text}' is not one of: {', '.join(column.choices)}")
        return value
    if column.kind == "yes_no":
        value = text.lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise CellError(f"'{text}' is not yes or no (yes, no, true or false)")
    if column.kind == "months":
        if not text.isdigit() or not text.isascii():
            raise CellError(f"'{text}' is not a whole number of months (0 or more)")
        return int(text)
    return read_date(text)


def facts_from_cells(cells: dict) -> tuple[dict, list]:
    """The facts dict for one person from ``{column name: cell text}`` (fact columns only; empty cells
    are unknown facts), and the list of ``(column name, message)`` for cells that cannot be read.
    The team page's summary links carry the same column names, so a summary page reads them here too."""
    facts, _, errors = _read_cells(cells)
    return facts, errors


def _read_cells(cells: dict) -> tuple[dict, dict, list]:
    """facts_from_cells, plus each fact read back as a cell in one canonical form (yes/no, ISO dates)."""
    facts: dict = {}
    read: dict = {}
    errors: list = []
    for name, text in cells.items():
        text = (text or "").strip()
        if not text:
            continue
        column = COLUMNS_BY_NAME.get(name)
        if column is None:
            errors.append((name, "is not a column the rules know"))
            continue
        try:
            value = read_cell(column, text)
        except CellError as error:
            errors.append((name, str(error)))
            continue
        if column.course:
            facts.setdefault(column.course, {})[column.field] = value
        else:
            facts[column.field] = value
        read[name] = ("yes" if value else "no") if column.kind == "yes_no" else str(value)
    return facts, read, errors


@dataclass
class Table:
    """A read CSV: the header as written, the data rows (each padded to the header's length), and for
    each fact column its index in the row."""

    header: list
    rows: list
    fact_index: dict = field(default_factory=dict)  # column name -> index
    row_errors: dict = field(default_factory=dict)  # row number (0-based) -> message about its shape
    sheet_rows: list = field(default_factory=list)  # each row's number in a spreadsheet (the header is 1)

    @cached_property
    def written(self) -> dict:
        """Fact column name -> its header as the file writes it, for the messages."""
        return {name: self.header[index].strip() for name, index in self.fact_index.items()}


def decode(data: bytes) -> str:
    """UTF-8 text with or without a byte-order mark, or BatchFileError."""
    if b"\x00" in data:
        raise BatchFileError(
            "the file is not a CSV (it contains binary data); save the spreadsheet as 'CSV UTF-8 (comma delimited)'"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchFileError("the file is not UTF-8 text; save the spreadsheet as 'CSV UTF-8 (comma delimited)'") from None


def read_table(text: str) -> Table:
    """The CSV's header and rows; BatchFileError when it is not a CSV or has no fact column.
    Blank lines are not rows (as for csv.DictReader); a row of empty cells is."""
    text = text.removeprefix("\ufeff")
    try:
        # (row as a spreadsheet numbers it, cells): a blank line is a row there, though not here
        lines = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1) if row]
    except csv.Error as error:
        raise BatchFileError(f"the file is not a CSV that can be read ({error})") from None
    if not lines:
        raise BatchFileError("the file is empty: it needs a header row naming the columns, then one row per person")
    header, rows = lines[0][1], [row for _, row in lines[1:]]
    fact_index = {}
    for index, name in enumerate(header):
        column = _HEADER_ALIASES.get(name.strip().lower())
        if column is None:
            continue
        if column.name in fact_index:
            raise BatchFileError(f"the column {column.name} appears twice in the header row")
        fact_index[column.name] = index
    if not fact_index:
        hint = ""
        if any(separator in header[0] for separator in (";", "\t")):
            hint = " The file seems to use semicolons or tabs between cells; save it with commas."
        raise BatchFileError(
            "the file has no column the rules know: the header row needs at least one of "
            + ", ".join(column.name for column in FACT_COLUMNS)
            + "."
            + hint
        )
    table = Table(header=header, rows=[], fact_index=fact_index, sheet_rows=[number for number, _ in lines[1:]])
    width = len(header)
    for number, row in enumerate(rows):
        if len(row) > width:
            extra = [cell for cell in row[width:] if cell.strip()]
            if extra:
                shown = ", ".join(f"'{cell[:40]}'" for cell in extra[:3]) + (", ..." if len(extra) > 3 else "")
                table.row_errors[number] = (
                    f"the row has {len(row)} cells but the header row has {width} columns (more cells: {shown})"
                )
            row = row[:width]
        elif len(row) < width:
            row = row + [""] * (width - len(row))
        table.rows.append(row)
    return table


@dataclass
class Checked:
    """One row after the check: its cells, the facts as read (by column name, cleaned), and either
    the determination or the error text."""

    number: int  # 0-based data row
    cells: list
    read: dict
    determination: dict | None
    error: str

    def result(self) -> list:
        """The values of RESULT_COLUMNS for this row, as the CSV writes them."""
        d = self.determination
        if d is None:
            return [""] * (len(RESULT_COLUMNS) - 1) + [self.error]
        first_step = d["next_steps"][0] if d["next_steps"] else {"text": "", "by": None}
        grain = d.get("deadline_grain") or ("day" if d["deadline"] else "")
        return [
            d["outcome"] or "",
            d["qualification"] or "",
            d["deadline"] or "",
            grain,
            d["status"] or "",
            d["expected_completion"] or "",
            first_step["text"],
            first_step["by"] or "",
            ";".join(d["missing"]),
            "",
        ]


def check_row(table: Table, number: int, as_of: _dt.date) -> Checked:
    row = table.rows[number]
    facts, read, errors = _read_cells({name: row[index] for name, index in table.fact_index.items()})
    messages = [f"{table.written[name]}: {message}" for name, message in errors]
    if number in table.row_errors:
        messages.insert(0, table.row_errors[number])
    try:
        determination = determine(facts, as_of)
    except FactsError as error:
        # Reported with the cells that could not be read, so one pass over the file finds every problem.
        by_fact = {COLUMNS_BY_NAME[name].fact.key: written for name, written in table.written.items()}
        messages += [
            f"{by_fact.get(item['field'], item['field'])}: {item['message']}" if item["field"] else item["message"]
            for item in error.errors
        ]
        determination = None
    if messages:
        return Checked(number, row, read, None, "; ".join(messages))
    return Checked(number, row, read, determination, "")


def check_table(table: Table, as_of: _dt.date) -> list:
    """Every row checked, in the file's order."""
    return list(iter_checked(table, as_of))


def iter_checked(table: Table, as_of: _dt.date):
    """Every row checked, in the file's order, one at a time."""
    return (check_row(table, number, as_of) for number in range(len(table.rows)))


def write_csv(table: Table, checked, out) -> None:
    """The result CSV: every input column, then RESULT_COLUMNS. ``checked`` may be a generator, so a
    long list is written as it is checked."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(table.header) + list(RESULT_COLUMNS))
    for item in checked:
        writer.writerow(item.cells + item.result())


def template_csv() -> str:
    """A CSV to fill in: a name and a school column (carried through), then every fact column."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(["name", "school"] + [column.name for column in FACT_COLUMNS])
    return out.getvalue()


# Most urgent first: rows that need something done, then rows that cannot be decided yet (one that
# could not be checked before one that lacks a fact: it may hide an overdue person and is quick to
# fix), then the settled ones.
GROUPS = ("overdue", "at_risk", "error", "missing", "on_track", "met", "not_applicable")


def group_of(item: Checked) -> str:
    """The row's place in GROUPS: its status when the determination is complete."""
    if item.determination is None:
        return "error"
    if not item.determination["complete"] or item.determination["status"] is None:
        return "missing"
    return item.determination["status"]


def group_words(group: str) -> str:
    return render.WORDING["list_groups"].get(group) or render.status_words(group)


def column_guide() -> list:
    """What goes in each fact column, for people filling in the template: its name, the values it
    takes (a choice's values with their words) and what it is, from the registry."""
    values = render.WORDING["list_values"]
    guide = []
    for column in FACT_COLUMNS:
        if column.kind == "choice":
            allowed = "; ".join(f"{option.value} ({option.title})" for option in column.fact.options)
        else:
            allowed = values[column.kind].format(forms=DATE_FORMS)
        guide.append({"column": column.name, "values": allowed, "meaning": column.fact.label})
    return guide


def _fail(message: str) -> None:
    sys.stderr.write(f"rules_core.batch: {message}\n")
    sys.exit(2)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's usage text would be several lines; the contract says one
        _fail(message)


def main(argv=None) -> int:
    parser = _Parser(prog="python -m rules_core.batch", description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", dest="as_of", help="the date to use as today (YYYY-MM-DD)")
    parser.add_argument("file", nargs="?", default="-", help="CSV file; - or absent for standard input")
    args = parser.parse_args(argv)
    as_of = None
    if args.as_of is not None:
        try:
            as_of = parse_iso(args.as_of)
        except ValueError:
            _fail(f"--as-of '{args.as_of}' is not a real date in the form YYYY-MM-DD")
    as_of = as_of or _dt.date.today()
    try:
        determine({}, as_of)  # a date the rules do not cover fails once here, not on every row
    except FactsError as error:
        _fail("--as-of: " + "; ".join(item["message"] for item in error.errors))
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as file:
                data = file.read()
    except OSError as error:
        _fail(f"cannot read {args.file}: {error.strerror}")
    try:
        table = read_table(decode(data))
    except BatchFileError as error:
        _fail(str(error))
    if isinstance(sys.stdout, io.TextIOWrapper):  # not when a test captures it
        sys.stdout.reconfigure(encoding="utf-8", newline="")
    write_csv(table, iter_checked(table, as_of), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
