"""The /team page (channels/web/team.html, scripts/serve_web.py, channels/team.py) in Debian's
chromium: a 500-row CSV chosen with the keyboard and dropped in, the table most urgent first with
its counts, bad rows shown with their error, both downloads, errors, axe at each state; and on the
server, that an upload leaves nothing behind: no file written, nothing of it in the log."""

import csv
import datetime as dt
import http.client
import io
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails with the reason; collection goes on
    expect = None

from rules_core import batch
from rules_core.tests.people import BAD_CELLS, people, to_csv
from tests.support.servers import ROOT, Process, free_port, server_env

pytestmark = pytest.mark.slow

TODAY = "2026-11-26"
ROWS = 500
BAD_EVERY = 50
# Names no other page or log line would hold, to look for after the upload.
MARKER = "Quimby-Zebedee"


def the_list() -> list:
    rows = people(ROWS, seed=5, bad_every=BAD_EVERY)
    rows[0]["name"] = MARKER
    return rows


@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    """serve_web.py alone (the /team page needs no Rasa), today fixed, its own empty TMPDIR, and its
    request log kept (WEB_QUIET unset) to check what it holds."""
    work = tmp_path_factory.mktemp("team")
    temp = work / "tmp"
    temp.mkdir()
    port = free_port()
    env = {
        key: value
        for key, value in server_env(WEB_PORT=str(port), SENCO_TODAY=TODAY, TMPDIR=str(temp)).items()
        if key != "WEB_QUIET"
    }
    web = Process("web", [sys.executable, str(ROOT / "scripts" / "serve_web.py")], env, port, "/team", work)
    try:
        web.start().wait_ready(30)
        yield {"url": web.url, "temp": temp, "log": web.log_path, "work": work}
    finally:
        web.stop(seconds=10)


@pytest.fixture(scope="module")
def list_file(team_server):
    path = team_server["work"] / "senco-list.csv"
    path.write_text(to_csv(the_list()), encoding="utf-8")
    return path


def expected_rows():
    """The row numbers in the order the page must show them, and the count per group, worked out
    here from the rules core's own answers (not from channels/team.py)."""
    checked = batch.check_table(batch.read_table(to_csv(the_list())), dt.date.fromisoformat(TODAY))

    def group(item):
        d = item.determination
        return "error" if d is None else (d["status"] if d["complete"] else "missing")

    order = sorted(
        checked,
        key=lambda item: (batch.GROUPS.index(group(item)), (item.determination or {}).get("deadline") or "9999", item.number),
    )
    counts = {name: 0 for name in batch.GROUPS}
    for item in checked:
        counts[group(item)] += 1
    return [str(item.number + 2) for item in order], counts


def table_rows(page):
    return page.locator("#team-body tr").evaluate_all("""trs => trs.map(tr => ({
        row: tr.querySelector('th').textContent, group: tr.dataset.group,
        cells: Array.from(tr.querySelectorAll('td')).map(td => td.textContent),
        summary: (tr.querySelector('a') || {}).href || null}))""")


def active_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, element_id, limit=30):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active_id(page) == element_id:
            return
    raise AssertionError(f"#{element_id} never got focus with Tab")


def fetch(url, data=None, method=None, headers=None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_page_before_a_list_is_given(page, team_server, check_state, requests_log):
    page.goto(team_server["url"] + "/team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a list of SENCOs")
    expect(page.get_by_label("Upload a CSV file")).to_have_attribute("type", "file")
    expect(page.locator("#team-results")).to_be_hidden()
    # the column guide comes from the server: every fact column, with its values
    page.get_by_text("What to put in each column").click()
    guide = page.locator("#team-guide-body tr")
    expect(guide).to_have_count(len(batch.FACT_COLUMNS))
    expect(guide.first).to_contain_text("england (England); wales (Wales); scotland (Scotland)")
    check_state(page, "team-start")
    # the page loads only its own files: no third-party requests
    assert {urlsplit(r.url).netloc for r in requests_log if not r.url.startswith("data:")} == {
        urlsplit(team_server["url"]).netloc
    }


def test_a_500_row_list_chosen_with_the_keyboard_comes_back_most_urgent_first(
    page, team_server, list_file, check_state, requests_log
):
    page.goto(team_server["url"] + "/team")
    tab_to(page, "team-file")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", outline  # focus is visible on the file input
    page.locator("#team-file").set_input_files(str(list_file))  # the OS file dialog is outside the page
    tab_to(page, "team-submit")
    page.keyboard.press("Enter")

    results = page.locator("#team-results")
    expect(results).to_be_visible()
    assert active_id(page) == "team-results-title", "focus moves to the results"
    expect(page.locator("#team-results-meta")).to_have_text("Checked 500 rows on 26 November 2026, most urgent first.")

    order, counts = expected_rows()
    rows = table_rows(page)
    assert len(rows) == ROWS  # every row, none dropped
    assert [row["row"] for row in rows] == order
    # counts per status, in the same order, with the rules core's words
    shown = page.locator("#team-counts li").all_inner_texts()
    assert [" ".join(text.split()) for text in shown] == [f"{counts[group]} {batch.group_words(group)}" for group in batch.GROUPS]
    assert counts["overdue"] and counts["at_risk"] and counts["missing"] and counts["met"]
    assert rows[0]["group"] == "overdue" and rows[-1]["group"] == "not_applicable"
    # the live region says it too, for screen readers
    expect(page.locator("#team-progress")).to_contain_text(f"{counts['overdue']} Overdue")

    # bad rows are there, with the error naming the column
    header = page.locator("#team-head th").all_inner_texts()
    assert header[:5] == ["Row", "Status", "name", "school", "urn"]
    detail = header.index("Answer, or what to fix")
    bad = {row["row"]: row for row in rows if row["group"] == "error"}
    assert sorted(bad, key=int) == [str(n + 1) for n in range(BAD_EVERY, ROWS + 1, BAD_EVERY)]
    for number, row in bad.items():
        column, value = BAD_CELLS[((int(number) - 1) // BAD_EVERY) % len(BAD_CELLS)]
        assert row["cells"][detail - 1].startswith(f"{column}: '{value}'"), row
        assert row["cells"][0] == "Could not check" and row["summary"] is None
    first_bad = page.locator("#team-body tr[data-group=error]").first
    expect(first_bad).to_contain_text("Could not check")

    # a decided row: the rules core's headline, the deadline in words, and a summary link with its facts
    decided = next(row for row in rows if row["group"] == "overdue")
    assert decided["cells"][detail - 1].startswith(("You need the NPQ for SENCOs", "Complete your NASENCO"))
    link = urlsplit(decided["summary"])
    assert link.path == "/summary" and "as_of=2026-11-26" in link.query and "name=" not in link.query
    assert page.locator("#team-body tr").first.get_by_role("link").get_attribute("href").startswith("/summary?")
    expect(page.locator("#team-body tr").first.get_by_role("link")).to_have_accessible_name(f"Summary for row {rows[0]['row']}")

    # the counts link to the first row of their group
    page.locator("#team-counts").get_by_role("link", name=f"{counts['error']} Could not check").click()
    assert page.evaluate("location.hash") == "#team-first-error"

    check_state(page, "team-results")

    # the result CSV, from memory: the command line's output, with a byte-order mark for Excel
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the results (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "senco-list-checked-2026-11-26.csv"
    content = Path(download.path()).read_bytes()
    command = subprocess.run(
        [sys.executable, "-m", "rules_core.batch", "--as-of", TODAY, str(list_file)],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert content == b"\xef\xbb\xbf" + command.stdout
    out = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert len(out) == ROWS and out[0]["name"] == MARKER

    # the template
    with page.expect_download() as template_info:
        page.get_by_role("link", name="Download a template (CSV)").click()
    template = Path(template_info.value.path()).read_text(encoding="utf-8")
    assert template.strip().split(",") == ["name", "school"] + [column.name for column in batch.FACT_COLUMNS]

    assert {urlsplit(r.url).netloc for r in requests_log if r.url.startswith("http")} == {urlsplit(team_server["url"]).netloc}
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0 and page.context.cookies() == []


def test_a_file_dropped_on_the_page_is_checked(page, team_server):
    page.goto(team_server["url"] + "/team")
    text = to_csv(people(20, seed=2, bad_every=0))
    page.evaluate(
        """text => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'dropped.csv', {type: 'text/csv'}));
        const zone = document.getElementById('team-drop');
        zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""",
        text,
    )
    expect(page.locator("#team-results-meta")).to_contain_text("Checked 20 rows")
    expect(page.locator("#team-body tr")).to_have_count(20)
    assert page.evaluate("document.getElementById('team-file').files[0].name") == "dropped.csv"


def test_a_file_that_is_not_a_list_shows_the_problem_at_the_top_and_at_the_field(page, team_server, check_state):
    page.goto(team_server["url"] + "/team")
    page.get_by_role("button", name="Check the list").click()
    summary = page.locator("#team-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Select a CSV file")
    assert active_id(page) == "team-error-summary"

    page.locator("#team-file").set_input_files(
        files=[{"name": "notes.csv", "mimeType": "text/csv", "buffer": b"name,school\r\nAnn,St Mary's\r\n"}]
    )
    page.get_by_role("button", name="Check the list").click()
    expect(summary).to_contain_text("The file has no column the rules know")
    expect(page.locator("#team-file-error")).to_contain_text("Error: The file has no column the rules know")
    expect(page.locator("#team-file")).to_have_attribute("aria-describedby", "team-file-hint team-file-error")
    expect(page.locator("#team-results")).to_be_hidden()
    check_state(page, "team-error")
    # the summary's link takes focus to the field
    summary.get_by_role("link").click()
    assert active_id(page) == "team-file"


def test_an_upload_leaves_nothing_on_the_server(team_server, list_file):
    data = list_file.read_bytes()
    status, headers, body = fetch(
        team_server["url"] + "/team/check", data=data, method="POST", headers={"Content-Type": "text/csv"}
    )
    assert status == 200 and MARKER.encode() in body
    assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    # no temporary file was written, and the log holds request lines only
    assert list(team_server["temp"].iterdir()) == []
    log = team_server["log"].read_text(encoding="utf-8")
    assert '"POST /team/check HTTP/1.1" 200' in log
    for secret in (MARKER, "School ", "academy_mainstream", "Overdue"):
        assert secret not in log, secret


def test_the_team_routes_answer_clearly(team_server):
    base = team_server["url"]
    status, headers, body = fetch(base + "/team/template.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert headers["Content-Disposition"] == 'attachment; filename="senco-list-template.csv"'
    status, headers, _ = fetch(base + "/team", method="HEAD")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    status, _, body = fetch(base + "/team/check", data=b"\x00\x01binary", method="POST")
    assert status == 400 and b"not a CSV" in body
    # too big, or of no stated length: refused before the body is read
    for name, value, status_wanted, says in (
        ("Content-Length", "6000000", 413, b"larger than 4 MB"),
        ("Transfer-Encoding", "chunked", 411, b"no length"),
    ):
        connection = http.client.HTTPConnection(urlsplit(base).hostname, urlsplit(base).port, timeout=30)
        connection.putrequest("POST", "/team/check")
        connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        assert (response.status, says in response.read()) == (status_wanted, True), name
        connection.close()
    status, _, _ = fetch(base + "/index.html", data=b"nation\r\n", method="POST")
    assert status == 405
    status, _, _ = fetch(base + "/team/check")  # GET
    assert status == 404
