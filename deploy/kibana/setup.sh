#!/bin/sh
# kibana-setup (docker compose, one shot at every start; idempotent): makes Kibana work on a fresh host with no
# manual step. 1. waits for Elasticsearch; 2. sets the kibana_system user's password (KIBANA_SYSTEM_PASSWORD, the
# one Kibana logs in with) through Elasticsearch's security API; 3. waits for Kibana; 4. imports atra-logs.ndjson
# (data view atra-logs-*, the saved searches, the log dashboard), overwriting older copies. The index lifecycle
# policy that deletes old atra-logs-* indices is Atra's own (Elasticsearch:RetentionDays), set when it starts.
set -eu
es=${ELASTICSEARCH_URL:-http://elasticsearch:9200}
kibana=${KIBANA_URL:-http://kibana:5601/kibana}
attempts=${SETUP_ATTEMPTS:-120}
pause=${SETUP_PAUSE:-5}
here=$(dirname "$0")
say() { echo "kibana-setup: $*"; }
fail() { echo "kibana-setup: $*" >&2; exit 1; }
[ -n "${ELASTIC_PASSWORD:-}" ] || fail "ELASTIC_PASSWORD is not set (.env)"
[ -n "${KIBANA_SYSTEM_PASSWORD:-}" ] || fail "KIBANA_SYSTEM_PASSWORD is not set (.env)"
case $KIBANA_SYSTEM_PASSWORD in *[\"\\]*) fail "KIBANA_SYSTEM_PASSWORD must not contain a quote or a backslash";; esac
auth="elastic:$ELASTIC_PASSWORD"

# retry WHAT COMMAND...: runs COMMAND until it succeeds, at most $attempts times, $pause seconds apart.
retry() {
  what=$1; shift
  n=1
  until "$@"; do
    [ "$n" -lt "$attempts" ] || fail "gave up waiting for $what after $attempts attempts"
    n=$((n + 1))
    sleep "$pause"
  done
}
es_ready() { curl -fsS -o /dev/null -u "$auth" "$es/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null; }
kibana_ready() { curl -fsS -u "$auth" "$kibana/api/status" 2>/dev/null | grep -q '"level":"available"'; }

say "waiting for Elasticsearch at $es"
retry Elasticsearch es_ready
say "setting the kibana_system password"
curl -fsS -o /dev/null -u "$auth" -X POST "$es/_security/user/kibana_system/_password" \
  -H 'Content-Type: application/json' -d "{\"password\":\"$KIBANA_SYSTEM_PASSWORD\"}" \
  || fail "Elasticsearch refused to set the kibana_system password (is ELASTIC_PASSWORD right?)"
say "waiting for Kibana at $kibana"
retry Kibana kibana_ready
say "importing the saved objects"
answer=$(curl -fsS -u "$auth" -X POST "$kibana/api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: true' \
  --form "file=@$here/atra-logs.ndjson") || fail "Kibana refused the saved objects"
case $answer in *'"success":true'*) ;; *) fail "Kibana did not import every saved object: $answer";; esac
say "done: data view atra-logs-*, searches and the Atra logs dashboard are in Kibana"
