#!/usr/bin/env bash
# Throughput and p99 of one Atra GET endpoint (with a valid access token) against a bare ASP.NET Core endpoint
# that returns the same JSON from memory, measured in the same run on the same machine with wrk.
#
#   Atra.Benchmarks/wrk/api-bench.sh [PATH] [DURATION] [CONNECTIONS] [THREADS]
#   Atra.Benchmarks/wrk/api-bench.sh /api/users/me/settings 20s 64 2
#   Atra.Benchmarks/wrk/api-bench.sh '/api/signals?limit=50'
#
# Needs: dotnet, wrk, curl, python3. Uses a temp data folder and free loopback ports; stops what it starts.
# Atra runs with Serilog at Warning (no per-request log line), as the bare server logs nothing either.
set -euo pipefail

TARGET="${1:-/api/auth/me}"
DURATION="${2:-20s}"
CONNECTIONS="${3:-64}"
THREADS="${4:-2}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 2; }

echo "building (Release)…" >&2
dotnet build -c Release "$ROOT/Atra.Host/Atra.Host.csproj" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/Atra.Benchmarks/Atra.Benchmarks.csproj" -v q -nologo >/dev/null
ATRA="$ROOT/Atra.Host/bin/Release/net10.0/atra"
BARE="$ROOT/Atra.Benchmarks/bin/Release/net10.0/Atra.Benchmarks.dll"

SETTINGS=(
  "--Storage:Sqlite=$WORK/atra.db" "--Storage:BackupFolder=$WORK/backups" "--Storage:LegacyUsersFile=$WORK/none.json"
  "--Logs:Folder=$WORK/logs" "--Serilog:MinimumLevel:Default=Warning" "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning"
)
PASSWORD="bench-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$PASSWORD" | "$ATRA" users create --username bench --password-stdin --admin "${SETTINGS[@]}" >/dev/null 2>&1

ATRA_PORT="$(free_port)"
"$ATRA" serve --urls "http://127.0.0.1:$ATRA_PORT" "${SETTINGS[@]}" >"$WORK/atra.out" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$ATRA_PORT/health/live"

echo "login (PBKDF2-SHA256, 600,000 iterations), 5 times:" >&2
LOGIN_TIMES=()
for _ in 1 2 3 4 5; do
  LOGIN_TIMES+=("$(curl -s -o "$WORK/login.json" -w '%{time_total}' -H 'content-type: application/json' \
    -d "{\"username\":\"bench\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$ATRA_PORT/api/auth/login")")
done
TOKEN="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$WORK/login.json")"

STATUS="$(curl -s -o "$WORK/body.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ATRA_PORT$TARGET")"
if [ "$STATUS" != 200 ]; then echo "GET $TARGET answered $STATUS: $(cat "$WORK/body.json")" >&2; exit 2; fi

BARE_PORT="$(free_port)"
dotnet "$BARE" bare-server "http://127.0.0.1:$BARE_PORT" "$WORK/body.json" >"$WORK/bare.out" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$BARE_PORT$TARGET"

run_wrk() { # name url
  curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$2"   # warm the path
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "$2" >/dev/null   # JIT warm-up
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$2" >"$WORK/$1.wrk"
  local rps p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.wrk")"
  p99="$(awk '$1=="99%" {print $2}' "$WORK/$1.wrk")"
  errors="$(awk '/Non-2xx/ {print $5}' "$WORK/$1.wrk")"
  printf '%-6s %-40s %12s req/s   p99 %8s   non-2xx %s\n' "$1" "$TARGET" "$rps" "$p99" "${errors:-0}"
}

echo "machine: $(nproc) cores, $(uname -sr); wrk -t$THREADS -c$CONNECTIONS -d$DURATION; body $(wc -c <"$WORK/body.json") bytes"
run_wrk atra "http://127.0.0.1:$ATRA_PORT$TARGET"
run_wrk bare "http://127.0.0.1:$BARE_PORT$TARGET"
echo "login seconds: ${LOGIN_TIMES[*]}"
