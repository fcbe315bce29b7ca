#!/usr/bin/env bash
# Starts one production process in the foreground: the one place that says how each is run.
#
#   scripts/production_command.sh actions|rasa|web|retention
#
# scripts/run_production.sh (`make run-production`, one machine) starts actions, rasa (once per
# instance) and web with it; the container images (Dockerfile) have it as their entrypoint and the
# role as their command, and the Kubernetes CronJob runs its retention role. tests/deploy checks
# that they agree, and that Kubernetes sets every variable a role reads. Every setting is an
# environment variable (README "Deploying"); the defaults suit one machine with PostgreSQL and
# Redis on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false  # no calls home (telemetry, error reports)
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
BIN=.venv/bin

# What endpoints.production.yml reads: the PostgreSQL tracker store, the Redis lock store, the
# action server. The Rasa server and the retention command read the same file.
stores_settings() {
  export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:5055/webhook}"
  database_settings
  export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}" REDIS_DB="${REDIS_DB:-1}"
  export REDIS_PASSWORD="${REDIS_PASSWORD:-}" REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX:-senco}"
}

# The tracker store's PostgreSQL database alone. The action server keeps share links there
# (stores/share.py, reading the tracker_store of SHARE_ENDPOINTS) and the web pages read them back.
database_settings() {
  export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}" DB_NAME="${DB_NAME:-senco}"
  export DB_USER="${DB_USER:-postgres}" DB_PASSWORD="${DB_PASSWORD:-}" DB_LOGIN_DB="${DB_LOGIN_DB:-postgres}"
  export SHARE_ENDPOINTS="${SHARE_ENDPOINTS:-endpoints.production.yml}"
}

role="${1:-}"
case "$role" in
  actions)
    database_settings
    exec "$BIN/rasa" run actions --actions actions --port "${ACTION_PORT:-5055}"
    ;;
  rasa)
    stores_settings
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
    # Browsers may use the REST webhook and socket.io only from these origins (space-separated,
    # e.g. "https://www.provider.example"); none by default. The socket.io channel reads
    # CORS_ORIGINS itself (channels/socketio.py).
    read -r -a cors <<< "${CORS_ORIGINS:-}"
    cors_args=()
    [[ ${#cors[@]} -gt 0 ]] && cors_args=(--cors "${cors[@]}")
    exec "$BIN/rasa" run --model "${MODEL:-models/senco.tar.gz}" --port "${RASA_PORT:-5005}" \
      --credentials credentials.yml --endpoints endpoints.production.yml "${api_args[@]}" "${cors_args[@]}"
    ;;
  web)
    # serve_web.py reads WEB_HOST (127.0.0.1 unless set), WEB_PORT and RASA_URL, the Rasa server
    # as the visitor's browser reaches it (the load balancer); /summary reads the share links.
    database_settings
    exec "$BIN/python" scripts/serve_web.py
    ;;
  retention)
    stores_settings
    exec "$BIN/python" -m stores.retention --days "${RETENTION_DAYS:-90}" --endpoints endpoints.production.yml
    ;;
  *)
    echo "usage: $0 actions|rasa|web|retention" >&2
    exit 2
    ;;
esac
