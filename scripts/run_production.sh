#!/usr/bin/env bash
# Production on one machine (README "Deploying"): the action server and RASA_INSTANCES Rasa
# servers on consecutive ports from RASA_PORT, all sharing the PostgreSQL tracker store and the
# Redis lock store of endpoints.production.yml. Put a load balancer in front of the Rasa ports
# (no sticky sessions needed). Ctrl-C stops everything. Every setting is an environment variable;
# the defaults suit this machine's PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
: "${RASA_INSTANCES:=2}" "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}" "${MODEL:=models/senco.tar.gz}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}"
export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}" DB_NAME="${DB_NAME:-senco}"
export DB_USER="${DB_USER:-postgres}" DB_PASSWORD="${DB_PASSWORD:-}" DB_LOGIN_DB="${DB_LOGIN_DB:-postgres}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}" REDIS_DB="${REDIS_DB:-1}"
export REDIS_PASSWORD="${REDIS_PASSWORD:-}" REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX:-senco}"
BIN=.venv/bin

# The HTTP API (conversations, model, status) is on only with a token; the channel webhooks
# (/webhooks/...) and /socket.io stay public.
if [[ -n "${RASA_JWT_SECRET:-}" ]]; then
  api_args=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method "${RASA_JWT_METHOD:-HS256}")
elif [[ -n "${RASA_AUTH_TOKEN:-}" ]]; then
  api_args=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
else
  echo "Set RASA_AUTH_TOKEN (or RASA_JWT_SECRET) to protect Rasa's HTTP API; refusing to start without." >&2
  exit 2
fi
# Browsers may call the REST webhook only from these origins (space-separated, e.g.
# "https://www.provider.example"); none by default.
read -r -a cors <<< "${CORS_ORIGINS:-}"
cors_args=()
[[ ${#cors[@]} -gt 0 ]] && cors_args=(--cors "${cors[@]}")

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
"$BIN/rasa" run actions --actions actions --port "$ACTION_PORT" &
pids+=($!)
for ((i = 0; i < RASA_INSTANCES; i++)); do
  "$BIN/rasa" run --model "$MODEL" --port $((RASA_PORT + i)) --credentials credentials.yml \
    --endpoints endpoints.production.yml "${api_args[@]}" "${cors_args[@]}" &
  pids+=($!)
done
wait -n
