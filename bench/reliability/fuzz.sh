#!/usr/bin/env bash
# Fuzzes every normalizer and mail (MIME) intake with Jazzer in fuzzing mode, RUNS inputs per target, and records per
# target executions, crashes and time in docs/reliability.md; then a short HTTP fuzz of the ingest endpoints counts
# 5xx answers (run.sh httpfuzz). Not CI-timed: the full run (10^6 per target) takes hours on 2 cores.
#
# usage: bench/reliability/fuzz.sh [RUNS] [TARGET_CLASS...]
#   RUNS           fuzzed inputs per target (default 1000000)
#   TARGET_CLASS   simple names of *FuzzTest classes (default: every one under src/test/java)
# env: RUN_LABEL (default "full" for 10^6, else "smoke"), MAX_SECONDS per target (default 0: no time limit),
#      HTTP_FUZZ_REQUESTS (default 2000; 0 skips the HTTP fuzz)
# A target's crash is kept by Jazzer as a crash-* file in its Inputs folder under src/test/resources (it then
# replays in every normal build); the row says which file.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-1000000}
shift || true
LABEL=${RUN_LABEL:-$([ "$RUNS" -ge 1000000 ] && echo full || echo smoke)}
MAX_SECONDS=${MAX_SECONDS:-0}
OUT=bench/results/fuzz
mkdir -p "$OUT"
command -v mvn >/dev/null || { echo "fuzz.sh needs Maven (apt-get install maven)"; exit 1; }

if [ $# -gt 0 ]; then targets=("$@"); else
  mapfile -t targets < <(find src/test/java -name '*FuzzTest.java' -printf '%f\n' | sed 's/\.java$//' | sort)
fi
echo "fuzzing ${#targets[@]} targets, $RUNS inputs each ($LABEL run)"
nice -n 10 mvn -B -q -DskipTests test-compile >"$OUT/compile.log" 2>&1 || { tail -n 20 "$OUT/compile.log"; exit 1; }

total_crashes=0
for t in "${targets[@]}"; do
  file=$(find src/test/java -name "$t.java" | head -n 1)
  [ -n "$file" ] || { echo "no fuzz test $t"; exit 1; }
  fqcn=$(echo "${file#src/test/java/}" | sed 's/\.java$//; s#/#.#g')
  inputs=src/test/resources/$(dirname "${file#src/test/java/}")/${t}Inputs
  before=$(find "$inputs" -name 'crash-*' 2>/dev/null | sort)
  start=$(date +%s)
  # jazzer.internal.arg.N are libFuzzer's argv (arg.0 is its program name); given last, they override the
  # @FuzzTest defaults (maxDuration 5m)
  set +e
  # RegexRoadblocks (Jazzer's hook that steers inputs into every regex the code runs) made each input 10x slower
  # through the alert-class rules (~60 mail inputs/s, 10^6 in days); without it ~600/s. The normalizers' own
  # structure is what these targets explore, not the rules' regexes.
  JAZZER_FUZZ=1 nice -n 10 mvn -B -q surefire:test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexRoadblocks \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-runs="$RUNS" \
    -Djazzer.internal.arg.2=-max_total_time="$MAX_SECONDS" >"$OUT/$t.log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  report=target/surefire-reports/$fqcn-output.txt
  cp "$report" "$OUT/$t.fuzz.txt" 2>/dev/null || true
  execs=$(grep -ho 'Done [0-9]* runs' "$OUT/$t.log" "$OUT/$t.fuzz.txt" 2>/dev/null | tail -n 1 | awk '{print $2}')
  [ -n "$execs" ] || execs=$(grep -ho '^#[0-9]*' "$OUT/$t.log" "$OUT/$t.fuzz.txt" 2>/dev/null | tr -d '#' | sort -n | tail -n 1)
  new=$(comm -13 <(echo "$before") <(find "$inputs" -name 'crash-*' 2>/dev/null | sort) | sed '/^$/d')
  crashes=$(echo -n "$new" | grep -c . || true)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  total_crashes=$((total_crashes + crashes))
  result=$([ "$crashes" -eq 0 ] && echo pass || echo "FAIL: $crashes crash(es) ${new//$'\n'/ }")
  echo "$t: ${execs:-?} executions, $crashes crashes, ${secs}s"
  python3 bench/reliability/record.py "$LABEL" "fuzz $t" "${RUNS} Jazzer-mutated inputs (libFuzzer -runs)" \
    "no exception outside the target's documented refusals, no Error, no timeout" "$result" \
    "${execs:-?} executions, $crashes crashes, ${secs} s (incl. ~Maven start)"
done
rm -rf .cifuzz-corpus   # Jazzer's working corpus; the seeds that matter live in the Inputs folders

if [ "${HTTP_FUZZ_REQUESTS:-2000}" -gt 0 ]; then
  RUN_LABEL=$LABEL bash bench/reliability/run.sh 0 httpfuzz
fi
echo "fuzz: $total_crashes crashes"
[ "$total_crashes" -eq 0 ]
