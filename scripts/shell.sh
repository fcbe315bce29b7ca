#!/usr/bin/env bash
# A terminal chat with the assistant (`make shell`): starts the action server, then `rasa shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false  # no calls home (telemetry, error reports)
: "${ACTION_PORT:=5055}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:${ACTION_PORT}/webhook}"
export TRACKER_DB="${TRACKER_DB:-$PWD/.rasa/shell-tracker.db}"
mkdir -p "$(dirname "$TRACKER_DB")"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
.venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" >/dev/null 2>&1 &
ACTIONS_PID=$!
trap 'kill $ACTIONS_PID 2>/dev/null || true' EXIT INT TERM
.venv/bin/rasa shell --model models/senco.tar.gz --endpoints endpoints.yml
