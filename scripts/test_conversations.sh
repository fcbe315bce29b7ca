#!/usr/bin/env bash
# Rasa's own checks of the conversation: test stories with real user text (NLU and dialogue
# together, failing on any wrong prediction), then the NLU evaluation on a held-out split.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false  # no calls home (telemetry, error reports)
mkdir -p results .rasa
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:5055/webhook}"
export TRACKER_DB="${TRACKER_DB:-$PWD/.rasa/test-tracker.db}"
export SENCO_TODAY="${SENCO_TODAY:-2026-11-26}"  # the test stories' dates are read against this day
.venv/bin/rasa test core --model models/senco.tar.gz --stories tests/stories \
  --fail-on-prediction-errors --out results/core --quiet
echo "rasa test core: all test stories passed"
.venv/bin/python scripts/eval_nlu.py
