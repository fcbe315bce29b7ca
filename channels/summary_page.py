"""The printable summary page (``/summary/<token>`` and ``/summary?as_of=...&<fact columns>``): the
answer card, the facts it rests on in words, every reason with its source and link, the date it was
worked out and the date the rules' figures were last checked. A4 print styles are in
channels/web/summary.css; the page has no navigation, no inline script or style (the server's CSP
allows neither), and every word comes from the card or the ``share:`` section of
rules_core/wording.yaml. Text is escaped; links are made only from http(s) addresses.
"""

from __future__ import annotations

import datetime as _dt
import html
from zoneinfo import ZoneInfo

from actions.slots import describe
from rules_core.dates import long_date
from rules_core.facts import flatten
from rules_core.freshness import earliest_check
from rules_core.registry import REGISTRY
from rules_core.render import WORDING

PAGE_WORDS = WORDING["share"]["page"]
UK = ZoneInfo("Europe/London")
STATUS_CLASSES = {"met": "met", "on_track": "on-track", "at_risk": "at-risk", "overdue": "overdue"}


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _link(href: str | None, text: str) -> str:
    if isinstance(href, str) and href.startswith(("http://", "https://")):
        return f'<a href="{_e(href)}" class="cited">{_e(text)}</a>'
    return _e(text)


def _document(title: str, body: str, scripts: bool = False) -> str:
    script = '\n  <script src="/summary.js" defer></script>' if scripts else ""
    return f"""<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title>{_e(title)}</title>
  <link rel="stylesheet" href="/summary.css">{script}
</head>
<body>
<main class="summary" id="main">
{body}
</main>
</body>
</html>
"""


def _answer(card: dict) -> str:
    labels = card["labels"]
    rows = []
    if card["qualification"]:
        rows.append((PAGE_WORDS["qualification"], _e(card["qualification"]), ""))
    if card["deadline"]:
        note = f'<span class="note">{_e(card["deadline"]["note"])}</span>' if card["deadline"]["note"] else ""
        rows.append((labels["deadline"], f"<strong>{_e(card['deadline']['text'])}</strong>{note}", "deadline"))
    if card["status"]:
        status = card["status"]
        rows.append(
            (
                labels["status"],
                f'<strong>{_e(status["text"])}</strong><span class="note">{_e(status["note"])}</span>',
                f"status status-{STATUS_CLASSES.get(status['code'], 'other')}",
            )
        )
    if card["expected"]:
        rows.append((labels["expected"], _e(card["expected"]["text"]), ""))
    if card["funding"]:
        rows.append((labels["funding"], _e(card["funding"]["text"]), ""))
    if not rows:
        return ""
    items = "\n".join(
        f'    <div class="{cls}"><dt>{_e(term)}</dt><dd>{value}</dd></div>'.replace(' class=""', "") for term, value, cls in rows
    )
    return f'  <dl class="answer">\n{items}\n  </dl>'


def _steps(card: dict) -> str:
    if not card["steps"]:
        return ""
    labels = card["labels"]
    items = []
    for step in card["steps"]:
        by = f' <span class="by">({_e(labels["by"])} {_e(step["by_text"])})</span>' if step["by_text"] else ""
        source = (
            f'<span class="source">{_e(labels["source"])}: {_link(step.get("href"), step["source"])}</span>'
            if step.get("source")
            else ""
        )
        items.append(f"      <li>{_e(step['text'])}{by} {source}</li>")
    return (
        f'  <section aria-labelledby="steps-heading">\n    <h2 id="steps-heading">{_e(labels["steps"].rstrip(":"))}'
        f'</h2>\n    <ol class="steps">\n' + "\n".join(items) + "\n    </ol>\n  </section>"
    )


def _facts(facts: dict, determination: dict) -> str:
    flat = flatten(facts)
    lines = [
        f"      <li>{_e(describe(fact.key, flat[fact.key], facts=flat))}</li>"
        for fact in REGISTRY
        if flat.get(fact.key) is not None
    ]
    listing = (
        ('    <ul class="facts">\n' + "\n".join(lines) + "\n    </ul>") if lines else f"    <p>{_e(PAGE_WORDS['no_facts'])}</p>"
    )
    missing = ""
    if determination["missing"]:
        labels = ", ".join(REGISTRY[key].label for key in determination["missing"] if key in REGISTRY)
        missing = f"\n    <p><strong>{_e(WORDING['card']['labels']['missing'])}:</strong> {_e(labels)}</p>"
    return (
        f'  <section aria-labelledby="facts-heading">\n    <h2 id="facts-heading">{_e(PAGE_WORDS["facts"])}</h2>\n'
        f"{listing}{missing}\n  </section>"
    )


def _reasons(card: dict) -> str:
    if not card["reasons"]:
        return ""
    labels = card["labels"]
    items = [
        f'      <li>{_e(item["text"])} <span class="source">{_e(labels["source"])}: '
        f"{_link(item.get('href'), item['source'])}</span></li>"
        for item in card["reasons"]
    ]
    return (
        f'  <section aria-labelledby="reasons-heading">\n    <h2 id="reasons-heading">{_e(PAGE_WORDS["reasons"])}'
        f'</h2>\n    <ol class="reasons">\n' + "\n".join(items) + "\n    </ol>\n  </section>"
    )


def _sources(card: dict) -> str:
    if not card["sources"]:
        return ""
    # On paper each step and reason already prints its source's address, so this list is for the screen.
    items = [f"      <li>{_link(item['href'], item['title'])}</li>" for item in card["sources"]]
    return (
        f'  <section class="sources" aria-labelledby="sources-heading">\n    <h2 id="sources-heading">'
        f"{_e(card['labels']['sources'])}</h2>\n    <ul>\n" + "\n".join(items) + "\n    </ul>\n  </section>"
    )


def _take_away(ics_url: str | None, mailto: str | None) -> str:
    """Screen only (hidden in print): print, the calendar file, the email draft."""
    items = [f'      <li class="print-item" hidden><button type="button" id="print-page">{_e(PAGE_WORDS["print"])}</button></li>']
    if ics_url:
        items.append(f'      <li><a href="{_e(ics_url)}" download>{_e(PAGE_WORDS["calendar"])}</a></li>')
    if mailto and mailto.startswith("mailto:"):
        items.append(f'      <li><a href="{_e(mailto)}">{_e(PAGE_WORDS["email"])}</a></li>')
    return (
        f'  <section class="take-away" aria-labelledby="take-away-heading">\n    <h2 id="take-away-heading">'
        f"{_e(PAGE_WORDS['take_away'])}</h2>\n    <ul>\n" + "\n".join(items) + "\n    </ul>\n  </section>"
    )


def uk_time(epoch: float) -> dict:
    """The time and the date of ``epoch`` in the UK, for the wording's {time} and {date}."""
    moment = _dt.datetime.fromtimestamp(epoch, UK)
    return {"time": f"{moment:%H:%M}", "date": long_date(moment.date())}


def page(
    determination: dict,
    card: dict,
    facts: dict,
    ics_url: str | None = None,
    mailto: str | None = None,
    expires: float | None = None,
) -> str:
    """The summary page for one answer. ``expires`` (seconds since the epoch) for a share link."""
    as_of = _dt.date.fromisoformat(determination["as_of"])
    footer = [
        PAGE_WORDS["worked_out"].format(date=long_date(as_of)),
        PAGE_WORDS["checked"].format(date=long_date(earliest_check())),
    ]
    if expires is not None:
        footer.append(PAGE_WORDS["link_expires"].format(**uk_time(expires)))
    footer.append(PAGE_WORDS["not_advice"])
    status = card["status"]["code"] if card["status"] else "none"
    answer = _answer(card)
    body = "\n".join(
        part
        for part in [
            f'  <header class="summary-header status-{STATUS_CLASSES.get(status, "other")}">',
            f'    <p class="kicker">{_e(PAGE_WORDS["kicker"])}</p>',
            f"    <h1>{_e(card['headline'])}</h1>",
            "  </header>",
            f'  <section aria-labelledby="answer-heading">\n    <h2 id="answer-heading" class="visually-hidden">'
            f"{_e(PAGE_WORDS['answer'])}</h2>\n{answer}\n  </section>"
            if answer
            else "",
            _steps(card),
            _facts(facts, determination),
            _reasons(card),
            _sources(card),
            '  <footer class="summary-footer">\n' + "\n".join(f"    <p>{_e(line)}</p>" for line in footer) + "\n  </footer>",
            _take_away(ics_url, mailto),
        ]
        if part
    )
    return _document(PAGE_WORDS["title"], body, scripts=True)


def message_page(title: str, lines: list, details: list | None = None, after: tuple = (), link: tuple | None = None) -> str:
    """A short page that says what happened and what to do (an expired link, a bad link, a fault)."""
    parts = [f"  <h1>{_e(title)}</h1>"] + [f"  <p>{_e(line)}</p>" for line in lines]
    if details:
        parts.append('  <ul class="problems">\n' + "\n".join(f"    <li>{_e(item)}</li>" for item in details) + "\n  </ul>")
    parts += [f"  <p>{_e(line)}</p>" for line in after]
    if link:
        parts.append(f'  <p><a href="{_e(link[0])}">{_e(link[1])}</a></p>')
    return _document(title, "\n".join(parts))


def expired_page() -> str:
    return message_page(PAGE_WORDS["expired_title"], PAGE_WORDS["expired_lines"], link=("/", PAGE_WORDS["start_again"]))


def unavailable_page() -> str:
    return message_page(PAGE_WORDS["unavailable_title"], PAGE_WORDS["unavailable_lines"])


def bad_link_page(problems: list) -> str:
    return message_page(
        PAGE_WORDS["bad_link_title"], PAGE_WORDS["bad_link_lines"], details=problems, after=(PAGE_WORDS["bad_link_after"],)
    )
