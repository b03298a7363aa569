#!/usr/bin/env bash
# Scenario benchmark: alert POST -> first SSH command on the host, alert POST -> RESOLVED (disk_usage), the floor (a
# bare exec on an open MINA session to the same host), and scenarios/s over 100 simulated hosts against raw exec
# throughput to them, all in one run. A benchmark, not a test: it reports, it does not judge.
#
# Usage: bench/scenario/run.sh [--jar path] [--no-docs] [--keep-data] [harness options]
#   --jar        the hub jar; without it the script builds one with `mvn -B -q -DskipTests package`
#   --no-docs    do not rewrite the "Scenarios" results in docs/benchmarks.md
#   --keep-data  keep the hub's H2 files under bench/results/
# Harness options (bench/scenario/ScenarioBench.java), passed through:
#   --hosts 100  --samples 300  --latency-hosts 10  --gap-ms 50  --warmup 30  --duration 20
#   --raw-concurrency 16,100  --hub-concurrency 16  --jfr (JFR profile of the hub: hub.jfr)  --hub-arg ARG (repeatable)
# The harness is compiled against the jar's own classes (never part of the app), starts the simulated hosts in its
# JVM and the hub jar as a child process (H2 in the results folder), all on 127.0.0.1. Raw results go to
# bench/results/scenario-<time>/ (gitignored); every process started here is stopped on exit.

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=""
UPDATE_DOCS=1
KEEP_DATA=0
HARNESS_ARGS=()

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=${2:?--jar needs a path}; shift 2 ;;
    --no-docs) UPDATE_DOCS=0; shift ;;
    --keep-data) KEEP_DATA=1; shift ;;
    --jfr) HARNESS_ARGS+=("$1"); shift ;;
    --hosts|--samples|--latency-hosts|--gap-ms|--warmup|--duration|--raw-concurrency|--hub-concurrency|--hub-arg|--start-timeout)
      HARNESS_ARGS+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument \"$1\" (see --help)" ;;
  esac
done

for tool in java javac unzip; do
  command -v "$tool" >/dev/null || die "missing tool \"$tool\""
done

if [ -z "$JAR" ]; then
  log "building the hub jar (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "maven build failed"
  JAR="$ROOT/target/alert-hub-0.1.0-SNAPSHOT.jar"
fi
[ -f "$JAR" ] || die "no jar at \"$JAR\""
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

RESULTS="$ROOT/bench/results/scenario-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
log "raw results in $RESULTS"

# ---------------------------------------------------------------- the harness, compiled against the jar's classes
CLASSPATH_DIR="$RESULTS/classpath"
unzip -q "$JAR" 'BOOT-INF/classes/*' 'BOOT-INF/lib/*' -d "$CLASSPATH_DIR" || die "could not unpack $JAR"
CP="$CLASSPATH_DIR/BOOT-INF/classes:$CLASSPATH_DIR/BOOT-INF/lib/*"
javac -nowarn -d "$RESULTS/harness" -cp "$CP" "$ROOT/bench/scenario/ScenarioBench.java" \
  || die "the harness does not compile against $JAR"

HARNESS_PID=""
cleanup() {
  # the harness stops the hub itself (also from its shutdown hook); this only covers an interrupted run
  if [ -n "$HARNESS_PID" ] && kill -0 "$HARNESS_PID" 2>/dev/null; then
    kill "$HARNESS_PID" 2>/dev/null
    for _ in $(seq 1 70); do kill -0 "$HARNESS_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$HARNESS_PID" 2>/dev/null
  fi
  rm -rf "$CLASSPATH_DIR" "$RESULTS/harness"
  [ "$KEEP_DATA" = 1 ] || rm -rf "$RESULTS/hub/data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "running the harness, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "$RESULTS/harness:$CP" io.alerthub.bench.scenario.ScenarioBench --jar "$JAR" --results "$RESULTS" \
  "${HARNESS_ARGS[@]}" > "$RESULTS/harness.out" 2> >(tee "$RESULTS/harness.log" >&2) &
HARNESS_PID=$!
wait "$HARNESS_PID"; STATUS=$?
HARNESS_PID=""
[ "$STATUS" = 0 ] || die "the harness failed ($STATUS), see $RESULTS/harness.log and $RESULTS/hub.log"
[ -f "$RESULTS/table.md" ] || die "the harness wrote no table"

MACHINE="$RESULTS/machine.md"
{
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- CPU: $(lscpu | grep 'Model name' | sed 's/Model name: *//' | head -1), $(nproc) cores (nproc)"
  echo "- Java: $(java -version 2>&1 | head -1); hub run with -Xmx1g, the harness (hosts, HTTP client, raw SSH client) in a second JVM"
  echo "- harness options: \`${HARNESS_ARGS[*]:-(defaults)}\`"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: other work skews absolutes; the ratios come from the same run)"
} > "$MACHINE"
HUB_ERRORS=$(grep -c ' ERROR ' "$RESULTS/hub.log" || true)

echo
cat "$MACHINE"; echo; cat "$RESULTS/table.md"
echo "hub log lines at ERROR: $HUB_ERRORS (log in $RESULTS/hub.log)"

# ---------------------------------------------------------------- docs/benchmarks.md
if [ "$UPDATE_DOCS" = 1 ]; then
  DOC="$ROOT/docs/benchmarks.md"
  SECTION="$RESULTS/section.md"
  {
    echo "<!-- scenario-results:begin (written by bench/scenario/run.sh; edit the script, not this block) -->"
    echo "Last run:"; echo; cat "$MACHINE"; echo; cat "$RESULTS/table.md"
    echo "<!-- scenario-results:end -->"
  } > "$SECTION"
  if [ -f "$DOC" ] && grep -q '<!-- scenario-results:begin' "$DOC" && grep -q '<!-- scenario-results:end' "$DOC"; then
    awk -v section="$SECTION" '
      /<!-- scenario-results:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
      /<!-- scenario-results:end/ { skip = 0; next }
      !skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
  else
    [ -f "$DOC" ] || echo "# Benchmarks" > "$DOC"
    { echo; echo "## Scenarios"; echo; cat "$SECTION"; } >> "$DOC"
  fi
  log "updated $DOC"
fi
