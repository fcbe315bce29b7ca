"""Replies as the Rasa REST channel sends them, made from the rules core, for browser tests that
need an answer on screen without holding a whole conversation: a what-if, answers with and without
the course link, the kiosk's answer with its QR code.

`answer_messages(facts)` gives what the assistant sends with an answer: the Markdown text form of
the answer split at blank lines (Rasa's REST channel sends each part as its own message), then the
determination payload with its card (and a `share` object made by channels/share.py for a token
that no database holds: its QR code is served by `route_qr`). `route_webhook(page, rasa_url,
reply)` answers the page's POSTs to the webhook with `reply(message)` instead of the Rasa server.
"""

from __future__ import annotations

import datetime
import json

import rules_core

AS_OF = datetime.date(2026, 11, 26)
TOKEN = "Zq4m9T2xWc7bKp1sVd8rNe5yHa3uJf6g"
QR_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" shape-rendering="crispEdges">'
    '<rect width="29" height="29" fill="#fff"/><path d="M4 4h7v7h-7zM18 4h7v7h-7zM4 18h7v7h-7z'
    'M13 13h3v3h-3z" fill="#000"/></svg>'
)

SENCO = {
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
TAKE_NPQ = SENCO  # overdue, with the registration step
NOT_REQUIRED = dict(SENCO, setting="independent")
ALREADY_QUALIFIED = dict(SENCO, npq={"status": "completed", "start_date": "2024-11-01", "completion_date": "2026-06-01"})


def share_for(base: str, facts: dict = SENCO, token: str = TOKEN) -> dict:
    """The share object the server adds to a real answer (channels/share.py), with links under `base`."""
    from channels import share  # the rules core and the share store's module: no Rasa

    determination = rules_core.determine(facts, AS_OF)
    urls = share.urls_for(token, base)
    return {
        "token": token,
        **urls,
        "email": share.email_draft(determination, rules_core.card(determination), urls["summary_url"]),
        "expires": "2026-11-27T10:00:00Z",
        "labels": dict(share.SHARE_WORDS["labels"]),
    }


def answer_messages(facts: dict, hypothetical: bool = False, share: dict | None = None, before=()) -> list:
    """What the assistant sends with the answer for `facts`: any `before` texts, the Markdown summary
    one part per message, then the determination payload with its card (and `share`)."""
    determination = rules_core.determine(facts, AS_OF)
    messages = [{"recipient_id": "stub", "text": text} for text in before]
    messages += [
        {"recipient_id": "stub", "text": part} for part in rules_core.summary(determination, hypothetical).strip().split("\n\n")
    ]
    payload = {"type": "determination", "determination": determination, "card": rules_core.card(determination, hypothetical)}
    if hypothetical:
        payload["hypothetical"] = True
    if share:
        payload["share"] = share
    messages.append({"recipient_id": "stub", "custom": payload})
    return messages


def question_messages(text: str, fact: str, kind: str, variant: str = "first") -> list:
    return [
        {"recipient_id": "stub", "text": text},
        {"recipient_id": "stub", "custom": {"type": "question", "fact": fact, "kind": kind, "variant": variant}},
    ]


CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
}


def route_webhook(page, rasa_url: str, reply) -> list:
    """Answers the page's messages to the REST webhook with reply(message); returns the list of
    messages posted, which grows as the page sends them."""
    posted = []

    def handle(route):
        request = route.request
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers=CORS)
            return
        message = json.loads(request.post_data)["message"]
        posted.append(message)
        route.fulfill(status=200, headers=CORS, content_type="application/json", body=json.dumps(reply(message)))

    page.route(rasa_url.rstrip("/") + "/webhooks/rest/webhook", handle)
    return posted


def route_qr(page, base: str, token: str = TOKEN) -> None:
    """Serves a QR code image at the share payload's qr_url (the "share" helper's route, to come)."""
    page.route(
        f"{base}/summary/{token}/qr.svg", lambda route: route.fulfill(status=200, content_type="image/svg+xml", body=QR_SVG)
    )
