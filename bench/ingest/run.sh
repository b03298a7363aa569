#!/usr/bin/env bash
# Ingest benchmark: single-alert POSTs with distinct labels against the hub and, in the same run, against
# Prometheus Alertmanager, at concurrency 16 and 64; then kill -9 of the hub under load and a count of
# acknowledged (202) alerts against stored ones. A benchmark, not a test: it reports, it does not judge.
#
# Usage: bench/ingest/run.sh [--duration 30s] [--warmup 30s] [--jar path] [--hub-arg ARG]... [--keep-data] [--no-docs]
#   --duration  length of every measured wrk run (default 30s)
#   --warmup    unreported load before measuring each server (default 30s; 2 cores need it, stack.md)
#   --jar       the hub jar; without it the script builds one with `mvn -B -q -DskipTests package`
#   --hub-arg   one more argument for the hub (repeatable), e.g. --hub-arg --logging.level.root=WARN
#   --keep-data keep the hub's H2 files and Alertmanager's storage (about 1 GB per run) under bench/results/
#   --no-docs   do not rewrite the "Ingest" results in docs/benchmarks.md
# Writes raw results under bench/results/ingest-<time>/ (gitignored), prints a Markdown table and updates
# docs/benchmarks.md. Everything listens on 127.0.0.1 only; every process started here is stopped on exit.

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LUA="$ROOT/bench/ingest/alerts.lua"
DURATION=30s
WARMUP=30s
JAR=""
UPDATE_DOCS=1
KEEP_DATA=0
HUB_ARGS=()
THREADS=2            # wrk threads; the reference numbers in stack.md were taken this way on 2 cores
CONCURRENCIES="16 64"
START_TIMEOUT=300    # seconds a server may take to come up (the hub took >2 min on a loaded 2-core box)
TOKEN=demo-token

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=${2:?--duration needs a value}; shift 2 ;;
    --warmup) WARMUP=${2:?--warmup needs a value}; shift 2 ;;
    --jar) JAR=${2:?--jar needs a path}; shift 2 ;;
    --hub-arg) HUB_ARGS+=("${2:?--hub-arg needs a value}"); shift 2 ;;
    --keep-data) KEEP_DATA=1; shift ;;
    --no-docs) UPDATE_DOCS=0; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument \"$1\" (see --help)" ;;
  esac
done

# "30s", "2m" or "30" -> seconds
seconds() {
  case "$1" in
    *s) echo "${1%s}" ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *) echo "$1" ;;
  esac
}
DURATION_S=$(seconds "$DURATION"); WARMUP_S=$(seconds "$WARMUP")
[[ "$DURATION_S" =~ ^[0-9]+$ && "$DURATION_S" -ge 5 ]] || die "--duration must be at least 5s, got \"$DURATION\""
[[ "$WARMUP_S" =~ ^[0-9]+$ ]] || die "--warmup must be a number of seconds, got \"$WARMUP\""

# ---------------------------------------------------------------- tools
if ! command -v wrk >/dev/null || ! command -v prometheus-alertmanager >/dev/null; then
  log "installing wrk and prometheus-alertmanager (Debian packages)"
  apt-get update -qq && apt-get install -y -qq wrk prometheus-alertmanager >/dev/null \
    || die "could not install wrk / prometheus-alertmanager"
fi
for tool in wrk prometheus-alertmanager curl java jar; do
  command -v "$tool" >/dev/null || die "missing tool \"$tool\""
done

if [ -z "$JAR" ]; then
  log "building the hub jar (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "maven build failed"
  JAR="$ROOT/target/alert-hub-0.1.0-SNAPSHOT.jar"
fi
[ -f "$JAR" ] || die "no jar at \"$JAR\""
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

RESULTS="$ROOT/bench/results/ingest-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
log "raw results in $RESULTS"

# ---------------------------------------------------------------- process bookkeeping
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
  done
  sleep 1
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop one process: TERM, then KILL after a bound
stop() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 90); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }; sleep 1; done
  log "process $pid ignored TERM for 90 s, killing it"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  return 0
}

# a port nobody on 127.0.0.1 answers on (bash's /dev/tcp: a refused connect means free), taken below the
# kernel's ephemeral range: wrk's reconnect storm after the kill -9 would otherwise hit the hub's own port as a
# source port (a TCP self-connect) and hold it, and the restarted hub fails with "port already in use"
free_port() {
  local low port
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 1 100); do
    port=$(( 10000 + RANDOM % (low - 10000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free port found"
}

# VmRSS and VmHWM of a process, in MiB: "rss hwm"
rss_mib() {
  awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf "%d %d\n", r/1024, h/1024}' "/proc/$1/status" 2>/dev/null \
    || echo "0 0"
}

RUN_NUMBER=$(( $(date +%s) % 10000 * 10 ))   # every wrk run gets its own, so no alert repeats
# wrk_run <name> <target> <url> <connections> <seconds>: raw output in $RESULTS/<name>.txt
wrk_run() {
  local name=$1 target=$2 url=$3 conns=$4 secs=$5
  RUN_NUMBER=$(( RUN_NUMBER + 1 ))
  timeout $(( secs + 60 )) wrk -t"$THREADS" -c"$conns" -d"${secs}s" --timeout 10s --latency \
    -s "$LUA" "$url" -- "$target" "$RUN_NUMBER" "$TOKEN" > "$RESULTS/$name.txt" 2>&1
  grep -q '^BENCH ' "$RESULTS/$name.txt" || { cat "$RESULTS/$name.txt" >&2; die "wrk run \"$name\" gave no result"; }
}
# field <name> <key>: a number from the BENCH line of a run
# (0 for a run that did not happen, e.g. no warm-up)
field() {
  local v
  v=$(sed -n "s/^BENCH .*\b$2=\([0-9]*\).*/\1/p" "$RESULTS/$1.txt" 2>/dev/null)
  echo "${v:-0}"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------- Prometheus Alertmanager
declare -A RATE P50 P99 RSS HWM OTHER
measure() {   # measure <target> <url> <pid>
  local target=$1 url=$2 pid=$3 c name
  log "$target: warm-up ${WARMUP_S}s at c64 (not reported), load $(loadavg)"
  [ "$WARMUP_S" -gt 0 ] && wrk_run "$target-warmup" "$target" "$url" 64 "$WARMUP_S"
  for c in $CONCURRENCIES; do
    name="$target-c$c"
    log "$target: c$c for ${DURATION_S}s, load $(loadavg)"
    echo "load before: $(loadavg)" > "$RESULTS/$name.load"
    wrk_run "$name" "$target" "$url" "$c" "$DURATION_S"
    read -r RSS[$name] HWM[$name] < <(rss_mib "$pid")
    kill -0 "$pid" 2>/dev/null || die "$target died during $name"
    RATE[$name]=$(awk -v ok="$(field "$name" ok)" -v us="$(field "$name" duration_us)" 'BEGIN {printf "%d", ok / (us / 1e6)}')
    P50[$name]=$(field "$name" p50_us); P99[$name]=$(field "$name" p99_us)
    OTHER[$name]=$(( $(field "$name" other) + $(field "$name" connect_errors) + $(field "$name" read_errors) \
      + $(field "$name" write_errors) + $(field "$name" timeouts) ))
    echo "rss_mib=${RSS[$name]} hwm_mib=${HWM[$name]}" >> "$RESULTS/$name.txt"
  done
}

AM_DIR="$RESULTS/alertmanager"; mkdir -p "$AM_DIR/data"
cat > "$AM_DIR/alertmanager.yml" <<'EOF'
# every alert goes to a receiver with no integrations: the benchmark measures intake, not notification
route:
  receiver: "null"
receivers:
  - name: "null"
EOF
AM_PORT=$(free_port)
log "starting Prometheus Alertmanager on 127.0.0.1:$AM_PORT"
prometheus-alertmanager --config.file="$AM_DIR/alertmanager.yml" --storage.path="$AM_DIR/data" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= > "$AM_DIR/alertmanager.log" 2>&1 &
AM_PID=$!; PIDS+=("$AM_PID")
for i in $(seq 1 "$START_TIMEOUT"); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$AM_PORT/-/ready")" = 200 ] && break
  kill -0 "$AM_PID" 2>/dev/null || die "alertmanager exited, see $AM_DIR/alertmanager.log"
  sleep 1
done
AM_VERSION=$(prometheus-alertmanager --version 2>&1 | head -1 | sed 's/.*version \([^ ,]*\).*/\1/')
measure alertmanager "http://127.0.0.1:$AM_PORT/api/v2/alerts" "$AM_PID"
stop "$AM_PID"

# ---------------------------------------------------------------- the hub
HUB_DIR="$RESULTS/hub"; mkdir -p "$HUB_DIR"
if [ -d "$ROOT/customers" ]; then cp -r "$ROOT/customers" "$HUB_DIR/"; else log "warning: no customers/ folder in $ROOT"; fi
HUB_STARTS=0
HUB_PID=""
HUB_PORT=""
HUB_URL=""
# start_hub: runs the jar from $HUB_DIR (it reads ./customers and writes ./data) and waits for Spring Boot's
# "Started" line (the health endpoint may sit behind the login, the log line does not). Keeps its port across
# restarts unless the port is taken, then moves to another one (at most 3 tries).
start_hub() {
  local logf i try
  for try in 1 2 3; do
    [ -n "$HUB_PORT" ] || HUB_PORT=$(free_port)
    HUB_URL="http://127.0.0.1:$HUB_PORT/api/v1/customers/demo/alerts/alertmanager"
    HUB_STARTS=$(( HUB_STARTS + 1 ))
    logf="$HUB_DIR/hub-$HUB_STARTS.log"
    log "starting the hub on 127.0.0.1:$HUB_PORT"
    (cd "$HUB_DIR" && exec java -Xmx1g -jar "$JAR" --spring.profiles.active=demo \
      --server.port="$HUB_PORT" --server.address=127.0.0.1 "${HUB_ARGS[@]}") > "$logf" 2>&1 &
    HUB_PID=$!; PIDS+=("$HUB_PID")
    for i in $(seq 1 "$START_TIMEOUT"); do
      grep -q 'Started [A-Za-z]* in ' "$logf" && { log "hub up after ${i}s (pid $HUB_PID)"; return 0; }
      kill -0 "$HUB_PID" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$HUB_PID" 2>/dev/null && die "the hub did not start within ${START_TIMEOUT}s, see $logf"
    grep -q 'already in use' "$logf" || die "the hub exited at start, see $logf"
    log "port $HUB_PORT is taken, trying another"
    HUB_PORT=""
  done
  die "the hub found no free port in 3 tries, see $HUB_DIR"
}
# count_stored [where]: alerts in the hub's H2 file, read with the H2 jar the hub itself ships (same file
# format); the hub must be stopped (H2 holds a file lock). More robust than paging the API: one query, no login.
H2_JAR=""
count_stored() {
  if [ -z "$H2_JAR" ]; then
    local entry
    entry=$(jar tf "$JAR" | grep -m1 '^BOOT-INF/lib/h2-.*\.jar$') || die "no H2 jar inside $JAR"
    (cd "$RESULTS" && jar xf "$JAR" "$entry") || die "could not extract $entry"
    H2_JAR="$RESULTS/$entry"
  fi
  timeout 120 java -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$HUB_DIR/data/alerthub;MODE=PostgreSQL" \
    -user sa -password "" -sql "select count(*) as stored from alerts ${1:-}" 2>&1 | tee -a "$RESULTS/h2-counts.txt" \
    | awk '/^[0-9]+$/ {print; exit}'
}

start_hub
PROBE=$(curl -s -o "$HUB_DIR/probe.txt" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' --data-binary @- "$HUB_URL" <<EOF
{"version":"4","groupKey":"{}:{instance=\"probe:9100\"}","status":"firing","receiver":"hub","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://bench","alerts":[{"status":"firing","labels":{"alertname":"BenchProbe","instance":"probe:9100","job":"node","severity":"warning"},"annotations":{"summary":"bench"},"startsAt":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://bench","fingerprint":"ffffffffffffffff"}]}
EOF
)
[ "$PROBE" = 202 ] || die "the hub answered the probe alert with $PROBE, not 202: $(head -c 500 "$HUB_DIR/probe.txt")"
measure hub "$HUB_URL" "$HUB_PID"
# the intake's group-commit batch sizes explain much of the hub's throughput; kept with the raw results
curl -s -u demo:demo "http://127.0.0.1:$HUB_PORT/actuator/prometheus" | grep -E '^alerthub_' > "$RESULTS/hub-metrics.txt"

# ---------------------------------------------------------------- kill -9 under load
# On the warm hub: a c64 run, kill -9 halfway, restart on the same ./data, then count. The run's alerts are
# told apart from earlier ones by the run number in their instance label ("host-<run>-<thread>-<n>:9100").
KILL_AFTER=$(( DURATION_S / 2 ))
KILL_RUN=$(( RUN_NUMBER + 1 ))
log "kill -9 run: c64 for ${DURATION_S}s, hub killed after ${KILL_AFTER}s"
wrk_run hub-kill hub "$HUB_URL" 64 "$DURATION_S" &
WRK_PID=$!; PIDS+=("$WRK_PID")
sleep "$KILL_AFTER"
kill -9 "$HUB_PID"; wait "$HUB_PID" 2>/dev/null
log "hub killed; waiting for wrk to finish"
wait "$WRK_PID" || die "the kill -9 wrk run failed"
log "restarting the hub on the same ./data"
start_hub
API_CHECK=$(curl -s -o /dev/null -w '%{http_code}' -u demo:demo \
  "http://127.0.0.1:$HUB_PORT/api/v1/alerts?customer=demo&limit=1")
log "stopping the hub (TERM) to count stored alerts; GET /api/v1/alerts answered $API_CHECK after the restart"
stop "$HUB_PID"
SEEN_KILL=$(field hub-kill ok)
STORED_KILL=$(count_stored "where document like '%host-$KILL_RUN-%'")
SEEN_ALL=$(( 1 + $(field hub-warmup ok) + SEEN_KILL ))
for c in $CONCURRENCIES; do SEEN_ALL=$(( SEEN_ALL + $(field "hub-c$c" ok) )); done
STORED_ALL=$(count_stored)
[ -n "$STORED_KILL" ] && [ -n "$STORED_ALL" ] || die "could not count alerts in H2, see $RESULTS/h2-counts.txt"
lost() { echo $(( $1 > $2 ? $1 - $2 : 0 )); }
DATA_MIB=$(du -sm "$HUB_DIR/data" | cut -f1)
[ "$KEEP_DATA" = 1 ] || rm -rf "$HUB_DIR/data" "$AM_DIR/data" "$RESULTS/BOOT-INF"

# ---------------------------------------------------------------- report
ms() { awk -v us="$1" 'BEGIN {printf (us < 10000 ? "%.2f ms" : "%.0f ms"), us / 1000}'; }
TABLE="$RESULTS/table.md"
{
  echo "| target | concurrency | alerts/s | p50 | p99 | RSS MiB (peak) | ratio hub/Alertmanager |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for target in alertmanager hub; do
    for c in $CONCURRENCIES; do
      name="$target-c$c"
      if [ "$target" = hub ]; then
        label="Alert Hub (durable, H2)"
        ratio=$(awk -v h="${RATE[$name]}" -v a="${RATE[alertmanager-c$c]}" 'BEGIN {printf "%.2f", h / a}')
      else
        label="Alertmanager $AM_VERSION (in memory)"; ratio="1.00"
      fi
      echo "| $label | $c | ${RATE[$name]} | $(ms "${P50[$name]}") | $(ms "${P99[$name]}") | ${RSS[$name]} (${HWM[$name]}) | $ratio |"
    done
  done
} > "$TABLE"
KILL_LINE="kill -9 under load (c64, killed after ${KILL_AFTER}s, restarted on the same ./data): 202s seen $SEEN_KILL, stored $STORED_KILL, lost $(lost "$SEEN_KILL" "$STORED_KILL")"
ALL_LINE="all hub runs (probe, warm-up, measured, kill -9): 202s seen $SEEN_ALL, stored $STORED_ALL, lost $(lost "$SEEN_ALL" "$STORED_ALL") (stored may exceed seen: requests committed whose answer wrk never read, at the end of a timed run or at the kill)"
SIZE_LINE="hub database on disk after the run: $DATA_MIB MiB for $STORED_ALL alerts (H2 file, ./data)"
NOTES=""
for name in "${!OTHER[@]}"; do
  [ "${OTHER[$name]}" -gt 0 ] && NOTES="$NOTES $name: ${OTHER[$name]} non-success answers or socket errors (see raw output);"
done
HUB_ERRORS=$(cat "$HUB_DIR"/hub-*.log | grep -c ' ERROR ' || true)
{
  echo "kill_line=$KILL_LINE"; echo "all_line=$ALL_LINE"; echo "size_line=$SIZE_LINE"; echo "api_after_restart=$API_CHECK"
  echo "hub_error_lines=$HUB_ERRORS"; echo "notes=$NOTES"
} > "$RESULTS/summary.txt"

MACHINE="$RESULTS/machine.md"
{
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- CPU: $(lscpu | grep 'Model name' | sed 's/Model name: *//' | head -1), $(nproc) cores (nproc)"
  echo "- memory: $(free -g | awk '/^Mem:/ {print $2}') GiB (free -g)"
  echo "- Java: $(java -version 2>&1 | head -1)"
  echo "- wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $THREADS threads, ${DURATION_S}s per run after a ${WARMUP_S}s warm-up per server; hub run with -Xmx1g"
  [ ${#HUB_ARGS[@]} -gt 0 ] && echo "- hub extra arguments: \`${HUB_ARGS[*]}\`"
  echo "- load average at the end: $(loadavg) (other work on the machine skews the numbers; compare ratios, not absolutes)"
} > "$MACHINE"

echo
cat "$MACHINE"; echo; cat "$TABLE"; echo; echo "$KILL_LINE"; echo "$ALL_LINE"; echo "$SIZE_LINE"
[ -n "$NOTES" ] && echo "notes:$NOTES"
echo "hub log lines at ERROR: $HUB_ERRORS (logs in $HUB_DIR)"

# ---------------------------------------------------------------- docs/benchmarks.md
if [ "$UPDATE_DOCS" = 1 ]; then
  DOC="$ROOT/docs/benchmarks.md"
  SECTION="$RESULTS/section.md"
  {
    echo "<!-- ingest-results:begin (written by bench/ingest/run.sh; edit the script, not this block) -->"
    echo "Last run:"; echo; cat "$MACHINE"; echo; cat "$TABLE"; echo
    echo "- $KILL_LINE."
    echo "- ${ALL_LINE^}."
    echo "- ${SIZE_LINE^}."
    [ -n "$NOTES" ] && echo "- Notes:$NOTES"
    echo "<!-- ingest-results:end -->"
  } > "$SECTION"
  if [ -f "$DOC" ] && grep -q '<!-- ingest-results:begin' "$DOC" && grep -q '<!-- ingest-results:end' "$DOC"; then
    awk -v section="$SECTION" '
      /<!-- ingest-results:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
      /<!-- ingest-results:end/ { skip = 0; next }
      !skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
  else
    [ -f "$DOC" ] || echo "# Benchmarks" > "$DOC"
    { echo; echo "## Ingest"; echo; cat "$SECTION"; } >> "$DOC"
  fi
  log "updated $DOC"
fi
