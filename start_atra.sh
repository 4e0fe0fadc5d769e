#!/usr/bin/env bash
# Starts Atra and its operator stack with docker-compose; refuses to start without a filled-in .env.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f .env ]; then
  echo "start_atra.sh: no .env here; copy .env.example to .env and fill in every value" >&2
  exit 1
fi
docker-compose --env-file .env config -q
docker-compose --env-file .env up -d --build "$@"
docker-compose ps
echo "Atra: http://localhost:8080  Grafana: http://localhost:3000  Prometheus: http://localhost:9090  Kibana: http://localhost:5601"
