"""The cue words both readers share (``lexicon.yml``), loaded once, and the lists drawn from it
that both need."""

from __future__ import annotations

from pathlib import Path

import yaml

LEXICON = yaml.safe_load(Path(__file__).with_name("lexicon.yml").read_text(encoding="utf-8"))

# Schools in Wales, Scotland and Northern Ireland are not relevant schools (CFA 2014 s.83 and
# reg 2 name schools in England), so SENCO time there does not count towards the 12 months.
ELSEWHERE_IN_THE_UK = [
    phrase
    for nation in ("wales", "scotland", "northern_ireland")
    for phrase in LEXICON["nation"][nation]
    if len(str(phrase)) > 2  # not "NI", which is also a typo
]
