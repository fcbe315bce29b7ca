"""channels/summary.py, the summary routes without a server: the page by token and from a /team row's
link, what it shows and where its words come from, the calendar file and the QR code, and the kind
pages for an expired, unknown or unreadable link or an unreachable database."""

import ast
import datetime as dt
import html
import re
import time
from zoneinfo import ZoneInfo

import pytest

import rules_core
from channels import share, summary, summary_page, team
from rules_core import batch
from rules_core.freshness import earliest_check
from rules_core.render import WORDING
from stores import share as share_store
from stores.share import LIFETIME_SECONDS, ShareStore
from tests.support.servers import ROOT

AS_OF = dt.date(2026, 11, 26)
TODAY = dt.date(2026, 11, 30)
FACTS = {
    "nation": "england",
    "setting": "academy_mainstream",
    "role": "senco",
    "appointment_date": "2025-09",
    "prior_senco_months": 0,
    "has_qts": True,
    "qts_via_qtls_only": False,
    "induction": "completed",
    "nasenco": {"status": "none"},
    "npq": {"status": "none"},
}
PAGE = WORDING["share"]["page"]


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://senco.example.org")
    monkeypatch.delenv("SHARE_ENDPOINTS", raising=False)
    return share_store.configured()[0]


def visible_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def get(path, query=""):
    status, content_type, body, headers = summary.reply(path, query, TODAY)
    return status, content_type, body, dict(headers)


def test_the_page_by_token_draws_the_card_the_facts_and_every_reason(store):
    token = store.create(FACTS, AS_OF).token
    status, content_type, body, _ = get(f"/summary/{token}")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    text = visible_text(body.decode())
    card = rules_core.card(rules_core.determine(FACTS, AS_OF))
    assert card["headline"] in text
    assert f"{card['deadline']['text']} {card['deadline']['note']}" in text  # the deadline with its grain
    assert card["status"]["text"] in text and card["status"]["note"] in text
    for step in card["steps"]:
        assert step["text"] in text and (not step["by_text"] or step["by_text"] in text)
    for reason in card["reasons"]:
        assert f"{reason['text']} {card['labels']['source']}: {reason['source']}" in text
        assert f'href="{html.escape(reason["href"])}"' in body.decode()
    for line in ("Became SENCO: September 2025", "Kind of school: academy or free school", "QTS: yes"):
        assert line in text  # the facts in words, as the conversation says them back
    assert PAGE["worked_out"].format(date="26 November 2026") in text
    assert PAGE["checked"].format(date=f"{earliest_check().day} {earliest_check():%B %Y}") in text


def test_the_page_says_until_when_its_link_works_in_uk_time(store):
    link = store.create(FACTS, AS_OF)
    until = dt.datetime.fromtimestamp(link.expires, ZoneInfo("Europe/London"))
    text = visible_text(get(f"/summary/{link.token}")[2].decode())
    assert PAGE["link_expires"].format(time=f"{until:%H:%M}", date=f"{until.day} {until:%B %Y}") in text


def test_the_page_offers_the_calendar_the_email_and_print_but_no_navigation(store):
    token = store.create(FACTS, AS_OF).token
    page = get(f"/summary/{token}")[2].decode()
    assert f'href="/summary/{token}.ics"' in page
    mailto = re.search(r'href="(mailto:[^"]+)"', page).group(1)
    assert (
        html.unescape(mailto)
        == share.email_draft(
            rules_core.determine(FACTS, AS_OF),
            rules_core.card(rules_core.determine(FACTS, AS_OF)),
            f"https://senco.example.org/summary/{token}",
        )["mailto"]
    )
    assert 'id="print-page"' in page and '<script src="/summary.js" defer></script>' in page
    assert "<nav" not in page and "<script>" not in page and "style=" not in page
    assert page.count("<h1>") == 1 and '<html lang="en-GB">' in page


def test_an_expired_or_unknown_token_gets_the_kind_404(store):
    old = store.create(FACTS, AS_OF, now=time.time() - LIFETIME_SECONDS - 1).token
    for path in (
        f"/summary/{old}",
        f"/summary/{old}.ics",
        f"/summary/{old}/qr.svg",
        "/summary/" + "Z" * 32,
        "/summary/not-a-token",
        "/summary/abc/def/ghi",
    ):
        status, content_type, body, headers = get(path)
        assert (status, content_type) == (404, "text/html; charset=utf-8"), path
        text = visible_text(body.decode())
        assert PAGE["expired_title"] in text and all(line in text for line in PAGE["expired_lines"])
        assert headers["X-Robots-Tag"] == "noindex"


def test_without_a_store_configured_a_token_gets_the_same_kind_404(monkeypatch):
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.setenv("SHARE_ENDPOINTS", "endpoints.yml")
    assert get("/summary/" + "A" * 32)[0] == 404


def test_an_unreachable_database_is_a_503_that_says_try_again(monkeypatch, tmp_path):
    broken = ShareStore(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'tracker.db'}")
    monkeypatch.setattr(share_store, "configured", lambda: (broken, ""))
    status, _, body, _ = get("/summary/" + "A" * 32)
    assert status == 503 and PAGE["unavailable_lines"][0] in visible_text(body.decode())


def qr_modules(svg: bytes, border: int = 4) -> set:
    """The dark modules (column, row) an SVG QR code draws, read back from its path: segno draws
    each row's dark runs as horizontal strokes ("M x y", "m dx dy", "h n")."""
    path = re.search(rb'<path[^>]* stroke="[^"]+"[^>]* d="([^"]+)"', svg) or re.search(
        rb'<path[^>]* d="([^"]+)"[^>]* stroke=', svg
    )
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path.group(1).decode()):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = values[0] if command == "h" else values[0] - x
            dark.update((int(x) + i - border, int(y) - border) for i in range(int(length)))
            x += length
    return dark


def test_the_qr_code_encodes_the_public_summary_address(store):
    import segno

    token = store.create(FACTS, AS_OF).token
    status, content_type, body, _ = get(f"/summary/{token}/qr.svg")
    assert (status, content_type) == (200, "image/svg+xml")
    assert body.startswith(b"<?xml") and b"<svg" in body and b"viewBox" in body
    address = f"https://senco.example.org/summary/{token}"
    expected = {
        (column, row)
        for row, values in enumerate(segno.make(address, error="m").matrix)
        for column, value in enumerate(values)
        if value
    }
    assert qr_modules(body) == expected  # the picture is the address's code, module for module
    other = segno.make(address[:-1] + ("x" if address[-1] != "x" else "y"), error="m")
    assert expected != {(c, r) for r, values in enumerate(other.matrix) for c, value in enumerate(values) if value}


def test_the_calendar_file_by_token_is_served_as_text_calendar(store):
    token = store.create(FACTS, AS_OF).token
    status, content_type, body, headers = get(f"/summary/{token}.ics")
    assert (status, content_type) == (200, "text/calendar; charset=utf-8")
    assert headers["Content-Disposition"].startswith("attachment;") and body.startswith(b"BEGIN:VCALENDAR")


def test_no_calendar_link_and_a_kind_404_when_there_are_no_dates_ahead(store):
    token = store.create({"nation": "wales"}, AS_OF).token
    assert ".ics" not in get(f"/summary/{token}")[2].decode()
    status, _, body, _ = get(f"/summary/{token}.ics")
    assert status == 404 and PAGE["no_dates_title"] in body.decode()


# ---- from a /team row's link ------------------------------------------------------------------


def team_link(cells: dict, as_of=AS_OF) -> str:
    """The summary link the /team page gives a row, made by channels/team.py itself."""
    table = batch.read_table(",".join(cells) + "\n" + ",".join(cells.values()) + "\n")
    return team.summary_link(batch.check_row(table, 0, as_of), as_of)


def test_a_team_rows_link_shows_the_same_answer_as_the_row(store):
    cells = {
        "nation": "England",
        "setting": "academy mainstream",
        "role": "senco",
        "appointment_date": "09/2025",
        "prior_senco_months": "0",
        "has_qts": "yes",
        "qts_via_qtls_only": "no",
        "induction": "completed",
        "nasenco_status": "none",
        "npq_status": "none",
    }
    link = team_link(cells)
    path, query = link.split("?", 1)
    status, _, body, _ = get(path, query)
    assert status == 200
    text = visible_text(body.decode())
    card = rules_core.card(rules_core.determine(FACTS, AS_OF))
    assert card["headline"] in text and card["deadline"]["text"] in text and card["status"]["text"] in text
    assert PAGE["worked_out"].format(date="26 November 2026") in text  # the list's date, not today's
    assert PAGE["link_expires"].split("{")[0] not in text  # no token, nothing expires
    assert f'href="/summary.ics?{html.escape(query)}"' in body.decode()
    ics_status, content_type, ics, _ = get("/summary.ics", query)
    assert (ics_status, content_type) == (200, "text/calendar; charset=utf-8") and b"BEGIN:VEVENT" in ics


def test_a_link_with_an_unreadable_cell_says_what_is_wrong(store):
    status, _, body, _ = get("/summary", "as_of=2026-11-26&nation=england&appointment_date=31%2F02%2F2024&shoe=9")
    text = visible_text(body.decode())
    assert status == 400 and PAGE["bad_link_title"] in text
    assert "appointment_date:" in text and "shoe: is not a column the rules know" in text
    assert get("/summary", "as_of=26-11-2026&nation=england")[0] == 400


def test_without_as_of_the_link_is_worked_out_for_today():
    status, _, body, _ = get("/summary", "nation=wales")
    assert status == 200 and PAGE["worked_out"].format(date="30 November 2026") in visible_text(body.decode())


def test_an_incomplete_link_lists_the_facts_still_needed():
    status, _, body, _ = get("/summary", "as_of=2026-11-26&nation=england")
    text = visible_text(body.decode())
    assert status == 200 and WORDING["card"]["labels"]["missing"] in text
    assert rules_core.REGISTRY["setting"].label in text


def test_text_from_a_link_is_escaped():
    status, _, body, _ = get("/summary", "as_of=2026-11-26&%3Cscript%3Ealert(1)%3C%2Fscript%3E=x")
    assert status == 400 and b"<script>alert" not in body and b"&lt;script&gt;" in body


# ---- the words ---------------------------------------------------------------------------------

SENTENCE = re.compile(r"[A-Za-z]+(?:[ ,'][A-Za-z]+){3,}")


@pytest.mark.parametrize("module", ["channels/share.py", "channels/summary.py", "channels/summary_page.py"])
def test_no_sentence_for_people_is_written_in_the_code(module):
    """Every word a person reads comes from wording.yaml or the card: string constants in these
    modules are markup, names and formats, never sentences (docstrings and log lines aside)."""
    tree = ast.parse((ROOT / module).read_text())
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            skip.add(id(node.body[0].value))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("info", "warning", "error"):
            skip.update(id(arg) for arg in node.args)
            skip.update(id(part) for arg in node.args for part in ast.walk(arg))
    found = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and SENTENCE.search(re.sub(r"<[^>]*>|\{[^}]*\}", " ", node.value))
    ]
    assert found == []


def test_the_page_changes_when_wording_yaml_does(store, monkeypatch):
    monkeypatch.setitem(summary_page.PAGE_WORDS, "facts", "MARKER-FACTS-HEADING")
    token = store.create(FACTS, AS_OF).token
    assert "MARKER-FACTS-HEADING" in get(f"/summary/{token}")[2].decode()


def test_the_summary_files_are_in_the_web_folder():
    assert (ROOT / "channels" / "web" / "summary.css").is_file() and (ROOT / "channels" / "web" / "summary.js").is_file()
    css = (ROOT / "channels" / "web" / "summary.css").read_text()
    assert "@page" in css and "size: A4" in css and "@media print" in css
