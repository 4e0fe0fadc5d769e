#!/usr/bin/env bash
# Starts Atra and its operator stack with Docker Compose v2 (`docker compose`), waits until every service is
# healthy (or done, for the one-shot kibana-setup) and prints where everything is. Refuses to start without a
# filled-in .env. Extra arguments go to `docker compose up` (e.g. --scale atra=3 with the PostgreSQL store).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f .env ]; then
  echo "start_atra.sh: no .env here; copy .env.example to .env and fill in every value" >&2
  exit 1
fi
if ! docker compose version >/dev/null 2>&1; then
  echo "start_atra.sh: Docker Compose v2 is missing ('docker compose'); install Docker's compose plugin (docker-compose-plugin)" >&2
  exit 1
fi
compose=(docker compose --env-file .env)
"${compose[@]}" config -q
"${compose[@]}" up -d --build --remove-orphans "$@"

timeout=${ATRA_START_TIMEOUT:-600}
poll=${ATRA_START_POLL:-5}
deadline=$((SECONDS + timeout))
echo "Waiting up to ${timeout}s for every service to be healthy ..."
while :; do
  # One line per container: service, state (running, exited …), health (healthy, starting, unhealthy or empty
  # without a health check) and exit code.
  states=$("${compose[@]}" ps --all --format '{{.Service}}|{{.State}}|{{.Health}}|{{.ExitCode}}')
  waiting=""
  failed=""
  while IFS='|' read -r service state health code; do
    [ -z "$service" ] && continue
    case "$state" in
      exited) [ "$code" = "0" ] || failed="$failed $service" ;;
      running)
        # A one-shot service is waited for until it has finished; the others until their health check passes.
        if [ "$service" = "kibana-setup" ]; then waiting="$waiting $service"
        elif [ -n "$health" ] && [ "$health" != "healthy" ]; then waiting="$waiting $service"; fi ;;
      *) waiting="$waiting $service" ;;
    esac
  done <<< "$states"
  if [ -n "$failed" ]; then
    echo "start_atra.sh: failed:$failed; see: docker compose logs$failed" >&2
    exit 1
  fi
  [ -z "$waiting" ] && break
  if [ $SECONDS -ge $deadline ]; then
    echo "start_atra.sh: not healthy after ${timeout}s:$waiting; see: docker compose ps; docker compose logs$waiting" >&2
    exit 1
  fi
  sleep "$poll"
done

domain=$(sed -n 's/^ATRA_DOMAIN=//p' .env | tail -1)
domain=${domain:-localhost}
grafana_user=$(sed -n 's/^GRAFANA_ADMIN_USER=//p' .env | tail -1)
cat <<INFO
Atra is up.
  status page   https://$domain/
  REST API      https://$domain/api/  (documentation: https://$domain/docs)
  Grafana       https://$domain/grafana/  (user ${grafana_user:-admin}, GRAFANA_ADMIN_PASSWORD)
  Kibana        https://$domain/kibana/  (user elastic, ELASTIC_PASSWORD)
  health        docker compose exec atra dotnet /app/atra.dll health --url http://localhost:8080
  backups       docker compose exec atra dotnet /app/atra.dll backup   (folder: atra-data volume, backups/)
Prometheus, Alertmanager, Elasticsearch and Redis listen only inside the compose network; alerts go to the
Telegram chat ATRA_ALERT_TELEGRAM_CHAT_ID. Stop with ./stop_atra.sh (data stays in the volumes).
INFO
