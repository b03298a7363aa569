#!/usr/bin/env bash
# Analytics benchmark: how long GET /api/v1/stats takes over a year of N incidents, on H2 (the embedded default, a
# file database) and on PostgreSQL (embedded-postgres, a real PostgreSQL 14). The harness bench/analytics/AnalyticsBench.java
# migrates each database with the hub's Flyway scripts, generates the same seeded, skewed history in both, builds the
# day rollups (V18, timed) and times the hub's own StatsService (the API's code path below HTTP: rollups for whole
# days, incidents for the rest) for the groupings an MSP uses. The target (issue 16):
# at most 1 s per answer at 1,000,000 incidents. A benchmark, not a test: it reports, it does not judge.
#
# Usage: bench/analytics/run.sh [--n 1000000] [--customers 40] [--runs 5] [--db h2,postgresql] [--no-build] [--no-docs] [--keep]
#   --n          incidents in the generated year (default 1000000: several minutes of loading per database)
#   --customers  customers they are spread over, ten departments (default 40)
#   --runs       measured runs per query after two warm-up runs (default 5); median and max are reported
#   --db         which databases (default h2,postgresql)
#   --no-build   use target/classes as it is (default: mvn -q -DskipTests compile first)
#   --no-docs    do not rewrite the "Analytics" results in docs/benchmarks.md
#   --keep       keep the generated databases in the result folder
# Raw results go to bench/results/analytics-<time>/ (gitignored), the databases too (deleted at the end unless
# --keep). Run it on a quiet machine: the load average is recorded beside the figures.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=1
UPDATE_DOCS=1
KEEP=0
BENCH_ARGS=()

die() { echo "run.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --n|--customers|--runs)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "$1 needs a whole number above 0, got \"${2:-}\""
      BENCH_ARGS+=("$1=$2"); shift 2 ;;
    --db)
      [[ "${2:-}" =~ ^(h2|postgresql)(,(h2|postgresql))?$ ]] || die "--db needs h2, postgresql or both, got \"${2:-}\""
      BENCH_ARGS+=("--db=$2"); shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-docs) UPDATE_DOCS=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument \"$1\" (see --help)" ;;
  esac
done

OUT="$ROOT/bench/results/analytics-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  mvn -q -B -DskipTests compile
fi
[ -d target/classes/io/alerthub ] || die "target/classes is empty: run without --no-build"
# test scope: the harness starts PostgreSQL with embedded-postgres, a test dependency of the hub (no -o: a fresh
# clone may lack the dependency plugin, stack.md trap 23)
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
CP="target/classes:$(cat "$OUT/classpath.txt")"
javac -nowarn -d "$OUT/classes" -cp "$CP" bench/analytics/AnalyticsBench.java
java -Xmx2g -cp "$OUT/classes:$CP" AnalyticsBench --out="$OUT" "${BENCH_ARGS[@]}" 2> >(tee "$OUT/harness.log" >&2) \
  | tail -1 > "$OUT/results.json"
[ -s "$OUT/results.json" ] || die "the harness wrote no results (see $OUT/harness.log)"
[ "$KEEP" = 1 ] || rm -rf "$OUT/h2" "$OUT/pg"

# results.json -> the Markdown block of docs/benchmarks.md
python3 - "$OUT/results.json" "$OUT/results.md" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
load = os.getloadavg()
dbs = list(r["databases"])
queries = list(r["databases"][dbs[0]]["queries"])
lines = [
    "Last run: %s incidents over a year, %d customers, %d measured runs per query after 2 warm-up runs "
    "(%s cores, load average %.1f / %.1f / %.1f when it ended):" % (format(r["incidents"], ","), r["customers"],
                                                                      r["runs"], os.cpu_count(), *load),
    "",
    "| stats query | " + " | ".join("%s median / max" % ("H2" if d == "h2" else "PostgreSQL") for d in dbs) + " |",
    "|---|" + "---|" * len(dbs),
]
for q in queries:
    cells = []
    for d in dbs:
        m = r["databases"][d]["queries"][q]
        cells.append("%d / %d ms" % (m["medianMs"], m["maxMs"]))
    lines.append("| %s (%d rows) | %s |" % (q, r["databases"][dbs[0]]["queries"][q]["rows"], " | ".join(cells)))
lines.append("| loading the history (not a target) | " + " | ".join(
    "%.0f s" % (r["databases"][d]["loadMs"] / 1000) for d in dbs) + " |")
lines.append("| building the day rollups of the year (first backfill, not a target) | " + " | ".join(
    "%.1f s" % (r["databases"][d].get("rollupMs", 0) / 1000) for d in dbs) + " |")
worst = max(m["maxMs"] for d in dbs for m in r["databases"][d]["queries"].values())
lines += ["", "Slowest answer: %d ms (target: at most 1,000 ms at 1,000,000 incidents)." % worst]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY

if [ "$UPDATE_DOCS" = 1 ]; then
  DOC="$ROOT/docs/benchmarks.md"
  grep -q '<!-- analytics-results:begin' "$DOC" || die "docs/benchmarks.md has no analytics-results block"
  python3 - "$DOC" "$OUT/results.md" <<'PY'
import re, sys
doc, block = open(sys.argv[1]).read(), open(sys.argv[2]).read()
begin = re.search(r"<!-- analytics-results:begin[^>]*-->\n", doc)
end = doc.index("<!-- analytics-results:end -->")
open(sys.argv[1], "w").write(doc[:begin.end()] + block + doc[end:])
PY
  echo "docs/benchmarks.md updated" >&2
fi
echo "raw results: $OUT" >&2
