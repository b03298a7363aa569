#!/usr/bin/env bash
# Mail ingest benchmark: mails/s parsed and stored from a mailbox pre-filled with N messages (default 10,000).
# Runs the hub jar on the demo profile (embedded GreenMail, SMTP 127.0.0.1:3025, IMAP 3143) in a scratch folder whose
# demo customer has no mail: section yet, fills the mailbox over SMTP with a mix of corpus mails (each with its own
# Message-ID), then adds the mail: section (the registry reloads it within seconds) and times until the intake has
# stored N mail alerts (alerthub_intake_alerts_total{channel="mail"}).
# Usage: bench/mail/run.sh [N]   (from the project root; builds target/*.jar if missing)
set -euo pipefail
N=${1:-10000}
ROOT=$(pwd)
CORPUS=${CORPUS:-$ROOT/../../shared/corpus}
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
JAR=$(ls "$ROOT"/target/*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[ -n "$JAR" ] || { mvn -q -B -DskipTests package; JAR=$(ls "$ROOT"/target/*.jar | grep -v original | head -n 1); }
WORK=$(mktemp -d /tmp/bench-mail.XXXXXX)
cp -r "$ROOT/customers" "$WORK/"
YAML="$WORK/customers/demo/customer.yaml"
python3 - "$YAML" <<'PY'
import sys, re
p = sys.argv[1]; s = open(p).read()
i = s.find("\n# The demo mailbox")
open(p + ".with-mail", "w").write(s)
open(p, "w").write(s if i < 0 else s[:i + 1])
PY
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
(cd "$WORK" && exec java -Xmx1g -jar "$JAR" --spring.profiles.active=demo --server.port="$PORT" \
   --alerthub.mail.max-messages-per-poll=500 >"$WORK/hub.log" 2>&1) &
HUB=$!
trap 'kill $HUB 2>/dev/null; wait $HUB 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break; sleep 1; done

echo "filling the demo mailbox with $N mails ..."
python3 - "$CORPUS" "$N" <<'PY'
import smtplib, sys, glob, re, time
corpus, n = sys.argv[1], int(sys.argv[2])
samples = [open(p, 'rb').read() for p in sorted(glob.glob(corpus + '/nagios/*.eml') + glob.glob(corpus + '/icinga/*.eml'))]
t = time.time()
with smtplib.SMTP('127.0.0.1', 3025, timeout=30) as s:
    for i in range(n):
        raw = samples[i % len(samples)]
        raw = re.sub(rb'(?im)^Message-Id:.*\r?\n', b'', raw)
        raw = b'Message-ID: <bench-%d@bench.example>\r\n' % i + raw
        s.sendmail('monitor@example.com', ['alerts@demo.local'], raw)
print(f"filled in {time.time() - t:.1f} s")
PY

metric() {
  curl -fs -u demo:demo "http://127.0.0.1:$PORT/actuator/prometheus" 2>/dev/null \
    | awk '/^alerthub_intake_alerts_total\{.*channel="mail"/ {s += $2} END {printf "%d", s}' || true
}
mv "$YAML.with-mail" "$YAML"
T0=$(date +%s.%N)
FIRST=""
while :; do
  n=$(metric) || true; n=${n:-0}
  [ -z "$FIRST" ] && [ "$n" -gt 0 ] && FIRST=$(date +%s.%N) && FIRST_N=$n
  [ "$n" -ge "$N" ] && break
  sleep 0.5
done
T1=$(date +%s.%N)
python3 - "$N" "$T0" "$FIRST" "$FIRST_N" "$T1" <<'PY'
import sys
n, t0, first, first_n, t1 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
print(f"mails stored: {n}")
print(f"from config change to all stored: {t1 - t0:.1f} s ({n / (t1 - t0):.0f} mails/s, includes the reload delay)")
print(f"from first stored to all stored:  {t1 - first:.1f} s ({(n - first_n) / max(t1 - first, 1e-9):.0f} mails/s)")
PY
echo "hub log: $WORK/hub.log"
