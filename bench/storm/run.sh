#!/usr/bin/env bash
# Storm benchmark: an alert storm (default 100,000 alerts in 60 s over 1,000 hosts and 50 customers, with flapping keys
# and host-down cascades) sent to the hub and, in the same run, to Prometheus Alertmanager; once on the embedded
# default (H2 file database) and once on a local PostgreSQL server. Reports alerts sent / accepted / stored (0 lost),
# incidents, Slack and PagerDuty requests at HTTP stand-ins, the most Slack notifications one group got within one
# groupInterval (target <= 1), the hub's peak heap under -Xmx512m (GC log; target <= 512 MiB), the time until every
# incident is decided, and Alertmanager's notifications for the same alerts. A benchmark, not a test.
#
# Usage: bench/storm/run.sh [--n 100000] [--duration 60] [--hosts 1000] [--customers 50] [--db h2|postgresql|both]
#                           [--label full|smoke|TEXT] [--jar PATH] [--keep] [--no-docs]
#   --n, --duration   alerts and seconds of the storm (a smoke run: --n 3000 --duration 10 --label smoke)
#   --hosts, --customers  the fleet the alerts are spread over (hosts are dealt to customers in turn)
#   --db              which database(s) the hub runs on (default both, one after the other)
#   --label           the run's name in docs/benchmarks.md (default "full" for 100,000 alerts, else "smoke")
#   --jar             the hub jar (default target/alert-hub-*.jar; built with mvn -o package when missing)
#   --keep            keep the scratch directories (customers, H2 files, PostgreSQL data, logs, GC log)
#   --no-docs         do not write the rows into docs/benchmarks.md
# Needs Java 17, python3, the Debian packages prometheus-alertmanager (installed with apt-get when missing) and, for
# PostgreSQL, postgresql (server binaries under /usr/lib/postgresql/<v>/bin). Everything listens on 127.0.0.1 on free
# ports: the hub runs the demo profile with the demo's fixed-port servers (SSH fleet, mail, stand-ins) turned off.
# Raw results go to bench/results/storm-<time>/ (gitignored). Run it alone on the machine: it is load.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ARGS=()
LABEL=""
JAR=""
N=100000
UPDATE_DOCS=1

die() { echo "run.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --n) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--n needs a whole number, got \"${2:-}\""; N=$2; ARGS+=(--n "$2"); shift 2 ;;
    --duration|--hosts|--customers)
      [[ "${2:-}" =~ ^[0-9]+$ ]] || die "$1 needs a whole number, got \"${2:-}\""
      ARGS+=("$1" "$2"); shift 2 ;;
    --db) [[ "${2:-}" =~ ^(h2|postgresql|both)$ ]] || die "--db takes h2, postgresql or both, got \"${2:-}\""
      ARGS+=(--db "$2"); shift 2 ;;
    --label) LABEL=${2:?--label needs a value}; shift 2 ;;
    --jar) JAR=${2:?--jar needs a path}; shift 2 ;;
    --keep) ARGS+=(--keep); shift ;;
    --no-docs) UPDATE_DOCS=0; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument \"$1\" (see --help)" ;;
  esac
done
[ -n "$LABEL" ] || { [ "$N" -ge 100000 ] && LABEL=full || LABEL=smoke; }

cd "$ROOT"
if [ -z "$JAR" ]; then
  JAR=$(ls target/alert-hub-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)
  if [ -z "$JAR" ]; then
    echo "run.sh: no jar under target/: building it (mvn -o package -DskipTests)" >&2
    nice -n 10 mvn -B -q -o -DskipTests package || nice -n 10 mvn -B -q -DskipTests package
    JAR=$(ls target/alert-hub-*.jar | grep -v -- '-plain\.jar$' | head -1)
  fi
fi
[ -f "$JAR" ] || die "no hub jar at \"$JAR\""
if ! command -v prometheus-alertmanager >/dev/null; then
  echo "run.sh: installing prometheus-alertmanager (Debian package)" >&2
  apt-get update -qq && apt-get install -y -qq prometheus-alertmanager >/dev/null || die "could not install prometheus-alertmanager"
fi
for tool in java python3 prometheus-alertmanager; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done

OUT="$ROOT/bench/results/storm-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
python3 "$ROOT/bench/storm/storm.py" --jar "$JAR" "${ARGS[@]}" 2> >(tee "$OUT/harness.log" >&2) > "$OUT/results.json"
[ -s "$OUT/results.json" ] || die "the harness wrote no results (see $OUT/harness.log)"

if [ "$UPDATE_DOCS" = 1 ]; then
  python3 "$ROOT/bench/storm/record.py" "$OUT/results.json" "$LABEL" "$ROOT/docs/benchmarks.md"
  echo "docs/benchmarks.md updated ($LABEL rows)" >&2
fi
echo "raw results: $OUT" >&2
