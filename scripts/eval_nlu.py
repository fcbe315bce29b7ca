"""NLU evaluation on a held-out split of our own data: splits data/nlu 80/20 per intent (fixed
seed), trains an NLU model on the 80 %, tests it on the 20 %, and prints intent and entity F1.
Prints whether each reaches the target (0.95); fails below the regression floor (0.85), so a change
that makes the NLU clearly worse cannot land. Run by `make test`."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "results" / "nlu_split"
TARGET = 0.95
FLOOR = 0.85
RASA = str(ROOT / ".venv" / "bin" / "rasa")


def rasa(*args):
    subprocess.run([RASA, *args, "--quiet"], cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    rasa("data", "split", "nlu", "--nlu", "data/nlu", "--training-fraction", "0.8", "--random-seed", "42", "--out", str(OUT))
    rasa(
        "train",
        "nlu",
        "--nlu",
        str(OUT / "training_data.yml"),
        "--config",
        "config.yml",
        "--out",
        str(OUT),
        "--fixed-model-name",
        "nlu_split",
    )
    rasa(
        "test", "nlu", "--nlu", str(OUT / "test_data.yml"), "--model", str(OUT / "nlu_split.tar.gz"), "--out", str(OUT / "report")
    )
    intents = json.loads((OUT / "report" / "intent_report.json").read_text())
    entities = json.loads((OUT / "report" / "FactExtractor_report.json").read_text())
    intent_f1 = intents["weighted avg"]["f1-score"]
    entity_f1 = entities["weighted avg"]["f1-score"]
    for name, value in (("intent", intent_f1), ("entity", entity_f1)):
        verdict = "meets the target" if value >= TARGET else "BELOW THE TARGET"
        print(f"NLU held-out split: {name} F1 {value:.3f}: {verdict} of {TARGET} (floor {FLOOR})")
    worst = sorted(
        (v["f1-score"], k)
        for k, v in entities.items()
        if isinstance(v, dict) and "support" in v and k not in ("micro avg", "macro avg", "weighted avg") and v["support"]
    )[:5]
    print("weakest entity labels:", ", ".join(f"{k} {f:.2f}" for f, k in worst))
    return 0 if intent_f1 >= FLOOR and entity_f1 >= FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
