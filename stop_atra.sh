#!/usr/bin/env bash
# Stops the stack with Docker Compose v2; data stays in the named volumes (add -v to delete it, with care).
# Atra gets its stop_grace_period (40 s) to finish the Telegram messages on the wire.
set -euo pipefail
cd "$(dirname "$0")"
if ! docker compose version >/dev/null 2>&1; then
  echo "stop_atra.sh: Docker Compose v2 is missing ('docker compose'); install Docker's compose plugin (docker-compose-plugin)" >&2
  exit 1
fi
docker compose --env-file "${ENV_FILE:-.env}" down "$@"
