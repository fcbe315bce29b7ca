"""Holding a conversation over REST as a user would: answer each question the bot asks (by the
fact in its question payload) until the determination payload arrives. Used by the e2e and
production suites and the load benchmark; ``servers`` is anything with
``say(sender, text) -> list of bot messages``."""

import uuid


def payloads(messages, kind):
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind]


def asked(messages):
    questions = payloads(messages, "question")
    return questions[-1]["fact"] if questions else None


def converse(servers, opening, answers, limit=16):
    """Says ``opening``, then answers each question from ``answers`` (fact -> text) until the
    determination arrives; returns (determination, facts asked, transcript)."""
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    transcript = [("user", opening)]
    messages = servers.say(sender, opening)
    asked_facts = []
    for _ in range(limit):
        transcript += [("bot", m.get("text") or m.get("custom")) for m in messages]
        found = payloads(messages, "determination")
        if found:
            return found[-1]["determination"], asked_facts, transcript, sender
        fact = asked(messages)
        assert fact is not None, f"the bot neither asked nor answered: {messages}"
        assert fact in answers, f"unexpected question {fact}; transcript: {transcript}"
        asked_facts.append(fact)
        transcript.append(("user", answers[fact]))
        messages = servers.say(sender, answers[fact])
    raise AssertionError(f"no determination after {limit} turns: {transcript}")


TYPICAL = {
    "nation": "England",
    "setting": "it's an academy",
    "role": "yes I'm the SENCO",
    "appointment_date": "1st September 2023",
    "prior_senco_months": "no, never",
    "has_qts": "yes",
    "qts_via_qtls_only": "no",
    "induction": "yes, I finished my induction years ago",
    "nasenco.status": "no, I haven't started it",
    "npq.status": "not started",
}
# What TYPICAL's answers mean, as the rules core takes them.
TYPICAL_FACTS = {
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
