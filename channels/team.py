"""The server side of the /team page (scripts/serve_web.py routes to it): a SEND officer's CSV in,
the table the page draws out. Pure functions of the uploaded bytes and the date: the CSV is read
in memory, checked with ``rules_core.batch`` and answered; nothing is written, kept or logged.

Every word about an outcome or a status comes from the rules core (its answer card, the groups'
words), so the page only lays out what it is sent.
"""

from __future__ import annotations

import datetime as _dt
import io
import urllib.parse

from rules_core import batch, render
from rules_core.dates import long_date

SUMMARY_PATH = "/summary"
# Far more than a local authority's or a trust's SENCOs; the reply for that many rows is about 10 MB
# and the server's memory stays within the web pod's limit (deploy/kubernetes). Bigger lists get a
# clear message instead of a long wait; the command line has no limit.
MAX_ROWS = 10_000
MAX_UPLOAD_BYTES = 4 * 1024 * 1024


def _first_step(card: dict) -> str:
    if not card["steps"]:
        return ""
    step = card["steps"][0]
    return step["text"] + (f" ({card['labels']['by']} {step['by_text']})" if step["by_text"] else "")


def summary_link(item: batch.Checked, as_of: _dt.date) -> str:
    """Where the row's printable summary will be: the facts as read, by CSV column name (read them
    back with ``rules_core.batch.facts_from_cells``), and the date they were checked on. No other
    column (name, school) goes in the link."""
    return SUMMARY_PATH + "?" + urllib.parse.urlencode([("as_of", as_of.isoformat())] + list(item.read.items()))


def _row_view(item: batch.Checked, group: str, table: batch.Table, shown: list, as_of: _dt.date) -> dict:
    """One row of the page's table, from the rules core's answer card. ``detail`` is the card's
    headline, or for a row without an answer what to fix: the error, or the columns still to fill in
    (by the CSV's names)."""
    view = {
        "row": table.sheet_rows[item.number],  # as a spreadsheet numbers it: the header is row 1
        "group": group,
        "label": batch.group_words(group),
        "carried": [item.cells[index] for index in shown],
        "detail": item.error,
        "deadline": "",
        "next_step": "",
        "summary": None,
    }
    d = item.determination
    if d is None:
        return view
    view["summary"] = summary_link(item, as_of)
    if group == "missing":
        view["detail"] = ", ".join(batch.column_for_fact(fact) for fact in d["missing"])
    else:
        card = render.card(d)
        view.update(
            detail=card["headline"], deadline=card["deadline"]["text"] if card["deadline"] else "", next_step=_first_step(card)
        )
    return view


def too_large() -> tuple[int, dict]:
    return 413, {
        "error": f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; this page checks up to "
        f"{MAX_ROWS:,} rows at a time. Split the list into smaller files and check each one."
    }


def check_upload(data: bytes, as_of: _dt.date) -> tuple[int, dict]:
    """(HTTP status, JSON body): the rows most urgent first with their counts and the result CSV, or
    ``{"error": message}`` for a file that is not a CSV with a fact column, or too big.

    Each row is checked, written to the CSV and turned into its table row in one go, so only the
    row being checked holds a whole determination: memory stays small for a long list."""
    if len(data) > MAX_UPLOAD_BYTES:
        return too_large()
    try:
        table = batch.read_table(batch.decode(data))
    except batch.BatchFileError as error:
        message = str(error)
        return 400, {"error": message[:1].upper() + message[1:]}
    if len(table.rows) > MAX_ROWS:
        return 413, {
            "error": f"The file has {len(table.rows):,} rows; this page checks up to {MAX_ROWS:,} at a "
            "time. Split the list into smaller files and check each one."
        }
    # Name, school, URN and the like: every column that is not a fact; and when the file is an
    # earlier result checked again, not its old result columns either.
    old_results = set(batch.RESULT_COLUMNS) if set(batch.RESULT_COLUMNS) <= set(table.header) else set()
    fact_indexes = set(table.fact_index.values())
    shown = [index for index, name in enumerate(table.header) if index not in fact_indexes and name not in old_results]
    rank = {group: place for place, group in enumerate(batch.GROUPS)}
    counts = {group: 0 for group in batch.GROUPS}
    keyed_views = []

    def checked_rows():
        for number in range(len(table.rows)):
            item = batch.check_row(table, number, as_of)
            group = batch.group_of(item)
            counts[group] += 1
            deadline = item.determination["deadline"] if item.determination else None
            # Most urgent first; within a group the earliest deadline, then the file's order.
            keyed_views.append(((rank[group], deadline or "9999-12-31", number), _row_view(item, group, table, shown, as_of)))
            yield item

    out = io.StringIO(newline="")
    batch.write_csv(table, checked_rows(), out)  # the same writer as the command line's
    keyed_views.sort(key=lambda pair: pair[0])
    return 200, {
        "as_of": as_of.isoformat(),
        "as_of_text": long_date(as_of),
        "total": len(table.rows),
        "columns": [table.header[index] for index in shown],
        "counts": [{"group": group, "label": batch.group_words(group), "count": counts[group]} for group in batch.GROUPS],
        "rows": [view for _, view in keyed_views],
        "csv": out.getvalue(),
        "filename": f"senco-list-checked-{as_of.isoformat()}.csv",
    }


def template() -> bytes:
    return batch.template_csv().encode("utf-8")


def guide() -> dict:
    return {"columns": batch.column_guide(), "template": "/team/template.csv"}
