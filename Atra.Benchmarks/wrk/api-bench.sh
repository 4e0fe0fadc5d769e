#!/usr/bin/env bash
# Throughput and latency of one Atra GET endpoint (with a valid access token) against a bare ASP.NET Core endpoint
# that returns the same JSON from memory, measured in the same run on the same machine with wrk.
#
#   Atra.Benchmarks/wrk/api-bench.sh [PATH] [DURATION] [CONNECTIONS] [THREADS] [ROUNDS]
#   Atra.Benchmarks/wrk/api-bench.sh /api/users/me/settings 20s 64 2
#   Atra.Benchmarks/wrk/api-bench.sh '/api/signals?limit=50' 10s 64 2 3
#
# The database is seeded with 60 broadcast signals, so a signals page is a full one (50 items, ~25 KB), not the
# empty list of a fresh database. Rounds alternate Atra and the bare server; each round prints both and their
# ratio, the fair figure on a machine shared with other work.
#
# Both servers run with the container's runtime settings; Atra is scraped once at /metrics before measuring, as in
# production; both servers are warmed up for WARMUP (default 15s, tiered JIT needs it) before the rounds.
# Needs: dotnet, wrk, curl, python3. Uses a temp data folder and free loopback ports; stops what it starts.
# Atra runs with Serilog at Warning (no per-request log line), as the bare server logs nothing either.
set -euo pipefail

TARGET="${1:-/api/auth/me}"
DURATION="${2:-20s}"
CONNECTIONS="${3:-64}"
THREADS="${4:-2}"
ROUNDS="${5:-1}"
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

python3 - "$WORK/atra.db" <<'SEED'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for i in range(60):
    t = 1_700_000_000_000 + i * 3_600_000
    closed = i % 3 == 0
    db.execute(
        "INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct,"
        " filter_mode, status, result, exit_reason, exit_price, profit_pct, exit_ts, interval, signal_time, created_at,"
        " anomaly_score, ml_probability) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ("BENCHUSDT" if i % 2 else "BENCH2USDT", "long" if i % 2 else "short", "43125.12", "43800.5", "44475.88",
         "42450.02", "42787.56", "1", "soft" if i % 4 else "strict", "closed" if closed else "open",
         "win" if closed else None, "take_profit_2" if closed else None, "44475.88" if closed else None,
         "0.031234567" if closed else None, t + 7_200_000 if closed else None, "1h", t, t, 3.25, 0.61))
db.commit()
SEED

ATRA_PORT="$(free_port)"
# The runtime settings of the container (Dockerfile ENV): workstation GC, tiered compilation on, 32 MB gen0 budget.
# The bare server gets the same, so the ratio measures the pipeline, not a runtime knob.
RUNTIME_ENV=(DOTNET_gcServer=0 DOTNET_TieredCompilation=1 DOTNET_GCgen0size=0x2000000)
env "${RUNTIME_ENV[@]}" "$ATRA" serve --urls "http://127.0.0.1:$ATRA_PORT" "${SETTINGS[@]}" >"$WORK/atra.out" 2>&1 &
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
env "${RUNTIME_ENV[@]}" dotnet "$BARE" bare-server "http://127.0.0.1:$BARE_PORT" "$WORK/body.json" >"$WORK/bare.out" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$BARE_PORT$TARGET"

run_wrk() { # name url → "rps p50 p99" on stdout; the wrk report stays in $WORK/name.wrk
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$2" >"$WORK/$1.wrk"
  local errors
  errors="$(awk '/Non-2xx/ {print $5}' "$WORK/$1.wrk")"
  if [ -n "$errors" ]; then echo "$1: $errors non-2xx answers" >&2; fi
  echo "$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.wrk") $(awk '$1=="50%" {print $2}' "$WORK/$1.wrk") $(awk '$1=="99%" {print $2}' "$WORK/$1.wrk")"
}

# Scraped once, as Prometheus does in production: prometheus-net starts its collectors at the first scrape.
curl -s -o /dev/null "http://127.0.0.1:$ATRA_PORT/metrics"
ATRA_URL="http://127.0.0.1:$ATRA_PORT$TARGET"
BARE_URL="http://127.0.0.1:$BARE_PORT$TARGET"
for url in "$ATRA_URL" "$BARE_URL"; do   # warm both up (JIT, pools, caches) before measuring either
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-15s}" -H "Authorization: Bearer $TOKEN" "$url" >/dev/null
done

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$THREADS -c$CONNECTIONS -d$DURATION; GET $TARGET; body $(wc -c <"$WORK/body.json") bytes"
printf '%-5s %10s %9s %9s   %10s %9s %9s   %s\n' round atra_rps p50 p99 bare_rps p50 p99 ratio
for round in $(seq 1 "$ROUNDS"); do
  read -r a_rps a_p50 a_p99 <<<"$(run_wrk atra "$ATRA_URL")"
  read -r b_rps b_p50 b_p99 <<<"$(run_wrk bare "$BARE_URL")"
  printf '%-5s %10s %9s %9s   %10s %9s %9s   %s\n' "$round" "$a_rps" "$a_p50" "$a_p99" "$b_rps" "$b_p50" "$b_p99" \
    "$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$a_rps" "$b_rps")"
done
echo "login seconds: ${LOGIN_TIMES[*]}"
