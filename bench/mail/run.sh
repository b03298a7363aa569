#!/usr/bin/env bash
# Mail ingest benchmark: mails/s parsed and stored from a mailbox pre-filled with N messages (default 10,000), beside
# the floor measured in the same run: a plain Jakarta Mail client reading the raw bytes of the same N messages from
# the same GreenMail (bench/mail/ImapFetchFloor.java, no parsing, no storing).
#
# Usage: bench/mail/run.sh [--mails N] [--runs R] [--batch B] [--jar path] [--hub-arg ARG]... [--no-docs]
#   --mails   messages per run (default 10000)
#   --runs    fill-and-drain rounds against one hub process (default 2; the first one also warms the JIT)
#   --batch   alerthub.mail.max-messages-per-poll for the hub and the floor's FETCH size (default 500)
#   --jar     the hub jar; without it the script builds one with `mvn -B -q -DskipTests package`
#   --hub-arg one more argument for the hub (repeatable), e.g. --hub-arg -XX:StartFlightRecording=filename=mail.jfr
#             (arguments starting with -X or -D go to the JVM, the others to the application)
#   --no-docs do not rewrite the "Mail ingest" results in docs/benchmarks.md
# Each round: the demo customer has no mail: section (the hub leaves the mailbox alone), N corpus mails (Nagios and
# Icinga samples, each with its own Message-ID) go in over SMTP, the floor reads them (read-only, BODY.PEEK), then the
# mail: section comes back (the registry reloads it within a second or so) and the script times until the inbox folder
# is empty (a mail leaves it only after its commit), then checks that the intake stored N more mail alerts
# (alerthub_intake_alerts_total{channel="mail"}).
# Runs the hub jar on the demo profile (embedded GreenMail on free ports, H2 file database) in a scratch folder;
# raw output under bench/results/mail-<time>/ (gitignored). Everything listens on 127.0.0.1; every process started here
# is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
N=10000
RUNS=2
BATCH=500
PER_MESSAGE_SAMPLE=10   # one FETCH per mail costs a whole-folder scan in GreenMail: a sample is enough
JAR=""
UPDATE_DOCS=1
JVM_ARGS=()
APP_ARGS=()
die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --mails) N=${2:?--mails needs a value}; shift 2 ;;
    --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
    --batch) BATCH=${2:?--batch needs a value}; shift 2 ;;
    --jar) JAR=${2:?--jar needs a path}; shift 2 ;;
    --hub-arg) case "$2" in -X*|-D*) JVM_ARGS+=("$2") ;; *) APP_ARGS+=("$2") ;; esac; shift 2 ;;
    --no-docs) UPDATE_DOCS=0; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument \"$1\" (see --help)" ;;
  esac
done
CORPUS=/work/shared/corpus
[ -d "$ROOT/../shared/corpus" ] && CORPUS="$ROOT/../shared/corpus"
[ -d "$CORPUS/nagios" ] || die "no mail corpus at \"$CORPUS\""
if [ -z "$JAR" ]; then
  log "building the hub jar (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "maven build failed"
  JAR="$ROOT/target/alert-hub-0.1.0-SNAPSHOT.jar"
fi
[ -f "$JAR" ] || die "no jar at \"$JAR\""
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

RESULTS="$ROOT/bench/results/mail-$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$RESULTS/work"
mkdir -p "$WORK/lib"
log "raw results in $RESULTS"
# the floor runs on the Jakarta Mail / Angus jars the hub itself ships
(cd "$WORK/lib" && unzip -q -j "$JAR" 'BOOT-INF/lib/jakarta.mail-api-*' 'BOOT-INF/lib/angus-mail-*' \
   'BOOT-INF/lib/jakarta.activation-api-*' 'BOOT-INF/lib/angus-activation-*')

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(free_port); SMTP=$(free_port); IMAP=$(free_port)
cp -r "$ROOT/customers" "$WORK/"
YAML="$WORK/customers/demo/customer.yaml"
# two versions of the demo customer: with the mail: section (on the benchmark's IMAP port) and without
python3 - "$YAML" "$IMAP" <<'PY'
import sys, re
p, port = sys.argv[1], sys.argv[2]
s = open(p).read()
i = s.find("\n# The demo mailbox")
assert i >= 0, "customers/demo/customer.yaml has no demo mailbox section"
open(p + ".with-mail", "w").write(re.sub(r"(?m)^  port: 3143$", "  port: " + port, s))
open(p + ".without-mail", "w").write(s[:i + 1])
PY
cp "$YAML.without-mail" "$YAML"

(cd "$WORK" && exec java -Xmx1g ${JVM_ARGS[@]+"${JVM_ARGS[@]}"} -jar "$JAR" --spring.profiles.active=demo \
   --server.port="$PORT" --alerthub.demo-mail.smtp-port="$SMTP" --alerthub.demo-mail.imap-port="$IMAP" \
   --alerthub.mail.max-messages-per-poll="$BATCH" --alerthub.customers.reload-interval=1s \
   --alerthub.mail.timeout=120s \
   ${APP_ARGS[@]+"${APP_ARGS[@]}"} >"$RESULTS/hub.log" 2>&1) &
HUB=$!
trap 'kill $HUB 2>/dev/null; wait $HUB 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null || die "the hub did not start (see $RESULTS/hub.log)"

# read twice per run only: every request costs a bcrypt check of the demo login, real load on a 2-core box
metric() {
  curl -fs -u demo:demo "http://127.0.0.1:$PORT/actuator/prometheus" 2>/dev/null \
    | awk '/^alerthub_intake_alerts_total\{.*channel="mail"/ {s += $2} END {printf "%d", s}' || true
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

SUMMARY="$RESULTS/summary.tsv"
printf "run\tmails\tfill_s\tfloor_batched_s\tfloor_per_msg_n\tfloor_per_msg_s\thub_total_s\thub_first_s\thub_first_n\tload_before\tload_after\n" >"$SUMMARY"
for run in $(seq 1 "$RUNS"); do
  cp "$YAML.without-mail" "$YAML"
  # the mailbox route must be gone before the mailbox fills, or it starts reading early
  for _ in $(seq 1 60); do
    [ "$run" -eq 1 ] && break
    [ "$(grep -c 'customer demo: mailbox route removed' "$RESULTS/hub.log")" -ge $((run - 1)) ] && break
    sleep 1
  done
  log "run $run: filling the demo mailbox with $N mails"
  FILL=$(python3 - "$CORPUS" "$N" "$SMTP" "$run" <<'PY'
import smtplib, sys, glob, re, time
corpus, n, port, run = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
samples = [open(p, 'rb').read() for p in sorted(glob.glob(corpus + '/nagios/*.eml') + glob.glob(corpus + '/icinga/*.eml'))]
t = time.time()
with smtplib.SMTP('127.0.0.1', port, timeout=60) as s:
    for i in range(n):
        raw = re.sub(rb'(?im)^Message-Id:.*\r?\n', b'', samples[i % len(samples)])
        raw = b'Message-ID: <bench-%s-%d@bench.example>\r\n' % (run.encode(), i) + raw
        s.sendmail('monitor@example.com', ['alerts@demo.local'], raw)
print(f"{time.time() - t:.1f}")
PY
)
  log "run $run: filled in $FILL s; floor (plain Jakarta Mail client, read-only)"
  java -cp "$WORK/lib/*" "$ROOT/bench/mail/ImapFetchFloor.java" 127.0.0.1 "$IMAP" alerts@demo.local demo INBOX \
    "$BATCH" "$PER_MESSAGE_SAMPLE" | tee "$RESULTS/floor-$run.txt" >&2
  FLOOR_B=$(awk '$2=="batched" {print $4}' "$RESULTS/floor-$run.txt")
  FLOOR_PN=$(awk '$2=="per-message" {print $3}' "$RESULTS/floor-$run.txt")
  FLOOR_PS=$(awk '$2=="per-message" {print $4}' "$RESULTS/floor-$run.txt")

  BASE=$(metric); BASE=${BASE:-0}
  LOAD_BEFORE=$(loadavg)
  log "run $run: hub reading (stored before: $BASE)"
  # watch the inbox folder over one IMAP session (STATUS is a cheap count in GreenMail): a mail leaves it only after
  # its commit, so "empty" means all stored and filed
  python3 - "$IMAP" "$N" >"$RESULTS/watch-$run.txt" <<'WATCH' &
import imaplib, sys, time, re
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1])); m.login("alerts@demo.local", "demo")
n, first = int(sys.argv[2]), None
last, since = n, time.time()
print(f"start {time.time():.3f}", flush=True)
while True:
    left = int(re.search(rb"MESSAGES (\d+)", m.status("INBOX", "(MESSAGES)")[1][0]).group(1))
    if left != last:
        last, since = left, time.time()
    elif time.time() - since > 600:
        print(f"stuck {time.time():.3f} {left}", flush=True); sys.exit(1)
    if first is None and left < n:
        first = time.time(); print(f"first {first:.3f} {n - left}", flush=True)
    if left == 0:
        print(f"done {time.time():.3f}", flush=True); break
    time.sleep(0.25)
m.logout()
WATCH
  WATCHER=$!
  sleep 0.5
  cp "$YAML.with-mail" "$YAML"
  T0=$(date +%s.%N)
  wait $WATCHER || die "run $run: the inbox folder stopped shrinking (see $RESULTS/watch-$run.txt and hub.log)"
  T1=$(awk '$1=="done" {print $2}' "$RESULTS/watch-$run.txt")
  FIRST=$(awk '$1=="first" {print $2}' "$RESULTS/watch-$run.txt")
  FIRST_N=$(awk '$1=="first" {print $3}' "$RESULTS/watch-$run.txt")
  LOAD_AFTER=$(loadavg)
  STORED=$(( $(metric) - BASE ))
  [ "$STORED" -eq "$N" ] || log "run $run: WARNING: $STORED mail alerts stored for $N mails filed"
  HUB_TOTAL=$(python3 -c "print(f'{$T1 - $T0:.1f}')")
  HUB_FIRST=$(python3 -c "print(f'{$T1 - $FIRST:.1f}')")
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$run" "$N" "$FILL" "$FLOOR_B" "$FLOOR_PN" "$FLOOR_PS" \
    "$HUB_TOTAL" "$HUB_FIRST" "$FIRST_N" "$LOAD_BEFORE" "$LOAD_AFTER" >>"$SUMMARY"
  log "run $run: hub stored $N in $HUB_TOTAL s from the config change ($HUB_FIRST s after the first $FIRST_N were filed)"
done

TABLE=$(python3 - "$SUMMARY" "$BATCH" <<'PY'
import sys, csv
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
batch = sys.argv[2]
out = ["| run | mails | floor: batched FETCH of %s (mails/s) | floor: one FETCH per mail, first %s (mails/s) | hub: config change → all stored (mails/s) | hub: first batch filed → all filed (mails/s) | hub / batched floor | load average before → after the hub's part |" % (batch, rows[0]["floor_per_msg_n"]),
       "|---|---:|---:|---:|---:|---:|---:|---|"]
for r in rows:
    n = int(r["mails"])
    floor = n / float(r["floor_batched_s"])
    per = int(r["floor_per_msg_n"]) / float(r["floor_per_msg_s"])
    total = n / float(r["hub_total_s"])
    first = (n - int(r["hub_first_n"])) / float(r["hub_first_s"])
    out.append(f"| {r['run']} | {n} | {floor:.0f} ({float(r['floor_batched_s']):.1f} s) | {per:.1f} | {total:.0f} ({float(r['hub_total_s']):.1f} s) | {first:.0f} | {total / floor:.2f} | {r['load_before']} → {r['load_after']} |")
print("\n".join(out))
PY
)
echo "$TABLE"
if [ "$UPDATE_DOCS" -eq 1 ]; then
  DOC="$ROOT/docs/benchmarks.md"
  BLOCK="$RESULTS/block.md"
  {
    echo "<!-- mail-results:begin (written by bench/mail/run.sh; edit the script, not this block) -->"
    echo "Last run:"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- CPU: $(nproc) cores (nproc); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
    echo "- Java: $(java -version 2>&1 | head -n 1)"
    echo "- hub: demo profile, -Xmx1g, alerthub.mail.max-messages-per-poll=$BATCH, one hub process for all runs"
    echo "- other work on the machine skews the numbers (load averages in the table; 2 cores): compare the ratio to the floor, not absolutes"
    echo
    echo "$TABLE"
    echo "<!-- mail-results:end -->"
  } >"$BLOCK"
  python3 - "$DOC" "$BLOCK" <<'PY'
import sys, re
doc, block = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
s = open(doc).read()
pat = re.compile(r"<!-- mail-results:begin.*?<!-- mail-results:end -->", re.S)
if pat.search(s):
    s = pat.sub(lambda m: block, s)
else:
    s = s.rstrip("\n") + "\n\n" + block + "\n"
open(doc, "w").write(s)
PY
  log "docs/benchmarks.md updated"
fi
