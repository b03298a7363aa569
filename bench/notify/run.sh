#!/usr/bin/env bash
# Notification benchmark: (1) notifications/s through the outbox to a local Slack stand-in, beside raw HTTP POSTs/s
# to the same stand-in with the same client (the floor); (2) time from an incident's ESCALATED verdict to the first
# Slack request the stand-in receives, p50/p99. The hub runs in-process in bench/notify/NotifyBench.java on an H2 file
# database (WRITE_DELAY=0, the embedded default); the stand-in is a JDK HttpServer answering {"ok":true,...}.
# A benchmark, not a test: it reports, it does not judge.
#
# Usage: bench/notify/run.sh [--n 3000] [--warmup 1000] [--latency-n 300] [--latency-interval-ms 50]
#                            [--floor-n 5000] [--hub-arg ARG]... [--no-build] [--no-docs]
#   --n                    notifications in the measured outbox run (default 3000)
#   --warmup               notifications sent first, unreported (default 1000; the JIT needs it on 2 cores)
#   --latency-n            alerts in the latency run (default 300), one every --latency-interval-ms (default 50)
#   --floor-n              POSTs in the floor run (default 5000)
#   --hub-arg ARG          one more hub property, e.g. --hub-arg alerthub.outbox.senders=8 (repeatable)
#   --no-build             use target/classes as it is (default: mvn -o -q -DskipTests compile first)
#   --no-docs              do not rewrite the "Notifications" results in docs/benchmarks.md
# Raw results go to bench/results/notify-<time>/ (gitignored). Everything listens on 127.0.0.1; the harness stops
# the hub and the stand-in when it ends.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=1
UPDATE_DOCS=1
BENCH_ARGS=()

die() { echo "run.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --n|--warmup|--latency-n|--latency-interval-ms|--floor-n)
      [[ "${2:-}" =~ ^[0-9]+$ ]] || die "$1 needs a whole number, got \"${2:-}\""
      BENCH_ARGS+=("$1=$2"); shift 2 ;;
    --hub-arg) BENCH_ARGS+=("--hub:${2:?--hub-arg needs a value}"); shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-docs) UPDATE_DOCS=0; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument \"$1\" (see --help)" ;;
  esac
done

OUT="$ROOT/bench/results/notify-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  mvn -o -q -B -DskipTests compile
fi
[ -d target/classes/io/alerthub ] || die "target/classes is empty: run without --no-build"
# no -o: a fresh clone may lack the dependency plugin (stack.md trap 23); a failure says why instead of dying silently
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=runtime \
  >"$OUT/classpath.log" 2>&1 || { tail -n 20 "$OUT/classpath.log" >&2; die "cannot list the hub's classpath (see above)"; }
CP="target/classes:$(cat "$OUT/classpath.txt")"
javac -nowarn -d "$OUT/classes" -cp "$CP" bench/notify/NotifyBench.java
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$OUT/classes:$CP" NotifyBench --out="$OUT" "${BENCH_ARGS[@]}" 2> >(tee "$OUT/harness.log" >&2) \
  | tail -1 > "$OUT/results.json"
[ -s "$OUT/results.json" ] || die "the harness wrote no results (see $OUT/harness.log)"

# results.json -> the Markdown block of docs/benchmarks.md
python3 - "$OUT/results.json" "$OUT/results.md" <<'EOF'
import json, os, platform, sys
r = json.load(open(sys.argv[1]))
o, f, f1 = r["outbox"], r["floor"], r["floor1"]
e, rr = r["escalatedToRequestMs"], r["receivedToRequestMs"]
load = os.getloadavg()
lines = [
    "Last run (%s cores, load average %.1f / %.1f / %.1f when it ended):" % (os.cpu_count(), *load),
    "",
    "| measure | result |",
    "|---|---|",
    "| notifications/s through the outbox (%d Slack triggers, %d sender threads, commit to last request) | %.0f |"
    % (o["notifications"], r["senders"], o["perSecondCommitToLastRequest"]),
    "| the same, first to last request | %.0f |" % o["perSecondFirstToLastRequest"],
    "| floor: raw POSTs/s to the same stand-in, same client (camel-http), %d threads | %.0f |"
    % (f["threads"], f["perSecond"]),
    "| floor with 1 thread | %.0f |" % f1["perSecond"],
    "| outbox / floor | %.2f |" % (o["perSecondCommitToLastRequest"] / f["perSecond"]),
    "| all %d settled as SENT in the outbox | %.2f s after the commit |" % (o["notifications"], o["commitToAllSettledSeconds"]),
    "| ESCALATED → first Slack request, p50 / p90 / p99 / max (%d incidents, one every %d ms) | %.1f / %.1f / %.1f / %.1f ms |"
    % (e["n"], r["latencyIntervalMs"], e["p50"], e["p90"], e["p99"], e["max"]),
    "| received → first Slack request, p50 / p99 | %.1f / %.1f ms |" % (rr["p50"], rr["p99"]),
]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF

if [ "$UPDATE_DOCS" = 1 ]; then
  DOC="$ROOT/docs/benchmarks.md"
  grep -q '<!-- notify-results:begin' "$DOC" || die "docs/benchmarks.md has no notify-results block"
  python3 - "$DOC" "$OUT/results.md" <<'EOF'
import re, sys
doc, block = open(sys.argv[1]).read(), open(sys.argv[2]).read()
begin = re.search(r"<!-- notify-results:begin[^>]*-->\n", doc)
end = doc.index("<!-- notify-results:end -->")
open(sys.argv[1], "w").write(doc[:begin.end()] + block + doc[end:])
EOF
  echo "docs/benchmarks.md updated" >&2
fi
echo "raw results: $OUT" >&2
