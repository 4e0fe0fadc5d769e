#!/usr/bin/env bash
# Stops the stack; data stays in the named volumes (add -v to docker-compose down to delete it).
set -euo pipefail
cd "$(dirname "$0")"
docker-compose --env-file "${ENV_FILE:-.env}" down "$@"
