#!/usr/bin/env bash
# The fault and attack harness (not CI-timed): runs the hub jar on the demo profile in scratch folders and records
# one row per check in docs/reliability.md. Works on a fresh clone: builds the jar when target/ has none.
#
# usage: bench/reliability/run.sh [KILLS] [SCENARIO...]
#   KILLS      kill -9 rounds of the kill9 scenario (default 20)
#   SCENARIO   kill9 | faults | dbdown | httpfuzz   (default: kill9 faults dbdown)
# env: RUN_LABEL (default "full" for 20 kills, else "smoke"), MIN_UP/MAX_UP (seconds the hub lives between kills,
#      default 5/20), OUTAGE (database outage, default 30 s), DECIDED_WAIT (default 300 s), HTTP_FUZZ_REQUESTS
#      (httpfuzz, default 2000), KEEP_WORK=1 keeps the kill9 scratch folder (a failed kill9 keeps it anyway).
# Uses the fixed demo ports (2221-2223, 3025/3143, 3099): run it alone, never beside another demo hub.
set -euo pipefail
cd "$(dirname "$0")/../.."
KILLS=${1:-20}
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(kill9 faults dbdown)
export RUN_LABEL=${RUN_LABEL:-$([ "$KILLS" -ge 20 ] && echo full || echo smoke)}

need() {  # command, Debian package
  command -v "$1" >/dev/null && return 0
  echo "installing $2 (for $1)"
  apt-get install -y -q "$2" >/dev/null || { echo "cannot install $2: install it and run again"; exit 1; }
}
need java openjdk-17-jdk-headless
need mvn maven
need python3 python3
need curl curl
for s in "${scenarios[@]}"; do
  if [ "$s" = dbdown ] && ! ls /usr/local/bin/initdb /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    need psql postgresql
  fi
done

for p in 2221 2222 3025 3143 3099; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
    echo "port $p is in use: another demo hub runs here; stop it first"; exit 1
  fi
done

jar=$(ls target/alert-hub-*.jar 2>/dev/null | grep -v -- '-original\|plain' | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "building the jar (mvn -B -DskipTests package)"
  nice -n 10 mvn -B -q -DskipTests package
  jar=$(ls target/alert-hub-*.jar | grep -v -- '-original\|plain' | head -n 1)
fi
echo "jar: $jar; scenarios: ${scenarios[*]}; run: $RUN_LABEL"

status=0
for s in "${scenarios[@]}"; do
  case "$s" in
    kill9) python3 bench/reliability/harness.py kill9 --jar "$jar" --kills "$KILLS" \
             --min-up "${MIN_UP:-5}" --max-up "${MAX_UP:-20}" || status=1 ;;
    faults) python3 bench/reliability/harness.py faults --jar "$jar" || status=1 ;;
    dbdown) python3 bench/reliability/harness.py dbdown --jar "$jar" --outage "${OUTAGE:-30}" || status=1 ;;
    httpfuzz) python3 bench/reliability/harness.py httpfuzz --jar "$jar" \
                --requests "${HTTP_FUZZ_REQUESTS:-2000}" || status=1 ;;
    *) echo "unknown scenario $s (kill9 | faults | dbdown | httpfuzz)"; exit 2 ;;
  esac
done
echo "results: docs/reliability.md"
exit $status
