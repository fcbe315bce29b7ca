"""Development aid: compares the FactExtractor's entities with the annotations in data/nlu, per
example, and prints the disagreements (type and span). Usage: compare_entities.py [FILE...]"""

import datetime as dt
import os
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from components.fact_finder import find_facts  # noqa: E402

ANNOTATION = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")


def parse(example: str):
    """Plain text and gold (entity, start, end) from Rasa's inline annotation."""
    import json

    text, gold, cursor = "", [], 0
    for match in ANNOTATION.finditer(example):
        text += example[cursor : match.start()]
        start = len(text)
        text += match.group(1)
        spec = match.group(2)
        if spec.startswith("{"):
            entity = json.loads(spec)["entity"]
        else:
            entity = spec[1:-1].split(":")[0]
        gold.append((entity, start, len(text)))
        cursor = match.end()
    text += example[cursor:]
    return text, gold


def main(paths):
    today = dt.date.fromisoformat(os.environ.get("SENCO_TODAY", "2026-11-26"))
    agree = total = 0
    for path in paths or sorted(Path("data/nlu").glob("*.yml")):
        data = yaml.safe_load(Path(path).read_text())
        for block in data.get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if not line.startswith("- "):
                    continue
                text, gold = parse(line[2:])
                found = [(e["entity"], e["start"], e["end"]) for e in find_facts(text, today)]
                total += 1
                if sorted(found) == sorted(gold):
                    agree += 1
                else:
                    missing = [(g[0], text[g[1] : g[2]]) for g in gold if g not in found]
                    extra = [(f[0], text[f[1] : f[2]]) for f in found if f not in gold]
                    print(f"{block['intent']}: {text}\n    missed {missing}\n    extra  {extra}")
    print(f"examples agreeing exactly: {agree}/{total}")


if __name__ == "__main__":
    main(sys.argv[1:])
