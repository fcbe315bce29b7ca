"""Made-up lists of SENCOs as a SEND team would keep them, for the batch tests, the /team browser
test and bench/batch_bench.py: every outcome and status, the date forms a spreadsheet writes (a
month or a year alone now and then), empty cells, and now and then a row that cannot be read. Deterministic for a seed."""

from __future__ import annotations

import csv
import io
import random

HEADER = [
    "name",
    "school",
    "urn",
    "nation",
    "setting",
    "role",
    "is_head",
    "has_qts",
    "qts_via_qtls_only",
    "induction",
    "appointment_date",
    "prior_senco_months",
    "nasenco_status",
    "nasenco_start_date",
    "nasenco_completion_date",
    "npq_status",
    "npq_start_date",
    "npq_completion_date",
    "npq_previously_funded",
]
# A bad cell and the column the error must name.
BAD_CELLS = (
    ("appointment_date", "31/02/2024"),
    ("setting", "academy"),
    ("has_qts", "maybe"),
    ("prior_senco_months", "six"),
    ("npq_start_date", "01/13/2025"),
)


def _date(rng: random.Random, year_from: int, year_to: int) -> str:
    year, month, day = rng.randint(year_from, year_to), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{day:02d}/{month:02d}/{year}", f"{year}-{month:02d}-{day:02d}", f"{day}/{month}/{year}"))


def person(rng: random.Random, number: int) -> dict:
    row = dict.fromkeys(HEADER, "")
    row.update(name=f"Person {number:05d}", school=f"School {rng.randint(1, 400)}", urn=str(100000 + number))
    row["nation"] = rng.choice(("england",) * 18 + ("wales", "England"))
    row["setting"] = rng.choice(
        ("academy_mainstream",) * 6
        + ("maintained_mainstream",) * 4
        + ("special", "independent", "maintained_nursery", "pru_ap", "pvi_nursery")
    )
    row["role"] = rng.choice(("senco",) * 12 + ("aspiring", "other"))
    row["has_qts"] = rng.choice(("yes",) * 10 + ("Yes", "TRUE", "no"))
    row["qts_via_qtls_only"] = rng.choice(("no",) * 10 + ("false", "yes"))
    row["induction"] = rng.choice(("completed",) * 10 + ("not_required", "in_progress"))
    row["is_head"] = rng.choice(("no", "no", "", "yes"))
    row["appointment_date"] = _date(rng, 2007, 2027)
    if rng.random() < 0.1:  # only the month, or only the year, is known
        day_month_year = row["appointment_date"].replace("-", "/").split("/")
        year = max(day_month_year, key=len)
        row["appointment_date"] = rng.choice((f"{rng.randint(1, 12):02d}/{year}", year))
    row["prior_senco_months"] = rng.choice(("0",) * 6 + ("3", "14", "24"))
    nasenco = rng.choice(("none",) * 5 + ("in_progress", "completed"))
    row["nasenco_status"] = nasenco
    if nasenco == "in_progress":
        row["nasenco_start_date"] = _date(rng, 2022, 2024)
        row["nasenco_completion_date"] = _date(rng, 2026, 2027)
    elif nasenco == "completed":
        row["nasenco_completion_date"] = _date(rng, 2010, 2020)
    npq = rng.choice(("none",) * 4 + ("registered", "in_progress", "completed"))
    row["npq_status"] = npq
    if npq in ("registered", "in_progress"):
        row["npq_start_date"] = _date(rng, 2025, 2026)
    row["npq_previously_funded"] = rng.choice(("no", "", "yes"))
    # Some facts not known yet: the row should come back with what is missing.
    for key in rng.sample(("appointment_date", "has_qts", "npq_status", "induction"), k=rng.choice((0,) * 8 + (1, 2))):
        row[key] = ""
    return row


def people(count: int, seed: int = 7, bad_every: int = 50) -> list:
    """``count`` rows (dicts by HEADER); every ``bad_every``-th row has one cell that cannot be read."""
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        row = person(rng, number)
        if bad_every and number % bad_every == 0:
            column, value = BAD_CELLS[(number // bad_every) % len(BAD_CELLS)]
            row[column] = value
        rows.append(row)
    return rows


def to_csv(rows: list, header=HEADER) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
