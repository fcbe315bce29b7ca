#!/usr/bin/env bash
# Production on one machine (README "Deploying"): the action server, RASA_INSTANCES Rasa servers
# on consecutive ports from RASA_PORT, all sharing the PostgreSQL tracker store and the Redis lock
# store of endpoints.production.yml, and the web pages on WEB_PORT. Put a load balancer in front
# of the Rasa ports (no sticky sessions needed). Ctrl-C stops everything. Each process is started
# by scripts/production_command.sh, as the container images start it; every setting is an
# environment variable, and the defaults suit this machine's PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RASA_INSTANCES:=2}" "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}"
export ACTION_PORT
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}"
export RASA_URL="${RASA_URL:-http://127.0.0.1:${RASA_PORT}}"
run=scripts/production_command.sh

# Without a token the Rasa role refuses to start: let it say why before anything else starts.
[[ -n "${RASA_JWT_SECRET:-}${RASA_AUTH_TOKEN:-}" ]] || exec "$run" rasa

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
"$run" actions &
pids+=($!)
for ((i = 0; i < RASA_INSTANCES; i++)); do
  RASA_PORT=$((RASA_PORT + i)) "$run" rasa &
  pids+=($!)
done
"$run" web &
pids+=($!)
wait -n
