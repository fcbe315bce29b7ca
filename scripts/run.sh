#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST and socket.io) in the foreground; Ctrl-C
# stops both. Used by `make run`; settings come from the environment (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false  # no calls home (telemetry, error reports)
: "${RASA_PORT:=5005}"
: "${ACTION_PORT:=5055}"
: "${MODEL:=models/senco.tar.gz}"
: "${WEB_PORT:=8080}"
export RASA_URL="${RASA_URL:-http://localhost:${RASA_PORT}}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:${ACTION_PORT}/webhook}"
export TRACKER_DB="${TRACKER_DB:-$PWD/.rasa/tracker.db}"
mkdir -p "$(dirname "$TRACKER_DB")"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
BIN=.venv/bin

"$BIN/rasa" run actions --actions actions --port "$ACTION_PORT" &
ACTIONS_PID=$!
# The web widget's example host page and the staff kiosk (channels/web), on 127.0.0.1:$WEB_PORT.
WEB_PORT="$WEB_PORT" "$BIN/python" scripts/serve_web.py &
WEB_PID=$!
trap 'kill $ACTIONS_PID $WEB_PID 2>/dev/null || true; wait $ACTIONS_PID $WEB_PID 2>/dev/null || true' EXIT INT TERM

# Browsers may call Rasa only from these origins (space-separated; each may be a regular
# expression): by default the pages served above. Exported: the socket.io channel reads it too.
export CORS_ORIGINS="${CORS_ORIGINS:-^http://(localhost|127\.0\.0\.1):(${RASA_PORT}|${WEB_PORT})\$}"
read -r -a cors <<< "$CORS_ORIGINS"
# Rasa's HTTP API (conversations, model) is off unless RASA_AUTH_TOKEN is set, and then needs it.
api_args=()
[[ -n "${RASA_AUTH_TOKEN:-}" ]] && api_args=(--enable-api --auth-token "$RASA_AUTH_TOKEN")

"$BIN/rasa" run --model "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
  --endpoints endpoints.yml --cors "${cors[@]}" "${api_args[@]}" ${RASA_EXTRA_ARGS:-}
