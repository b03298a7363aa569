#!/usr/bin/env python3
"""Storm benchmark for Alert Hub (bench/storm/run.sh runs it; a benchmark, not a test: it reports, it does not judge).

An alert storm over many customers and hosts, sent to the hub and to Prometheus Alertmanager in the same run, slice by
slice: steady alerts that repeat, a share of flapping keys (firing/resolved every few seconds) and host-down cascades
(one host_unreachable, then that host's disk and process alerts). Per database (the embedded H2 default, a local
PostgreSQL server) it reports alerts sent, accepted (2xx) and stored (0 lost), incidents, Slack/PagerDuty requests at
HTTP stand-ins and the most Slack notifications any group got within one groupInterval (<= 1 is the target), the
hub's peak heap from its GC log (-Xmx512m; target <= 512 MiB), and the time until every incident is decided (no
incident OPEN or AUTOMATING) - beside Alertmanager's notifications for the same alerts (group_by customer and
alertClass, the same group_wait/group_interval). Python 3 standard library only; everything on 127.0.0.1 and on free
ports (the hub runs the demo profile with the demo's fixed-port servers off, so it needs no demo port).
"""
import argparse
import base64
import collections
import http.client
import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.dont_write_bytecode = True   # no __pycache__ left in bench/reliability by the import below
sys.path.insert(0, os.path.join(ROOT, "bench", "reliability"))
from harness import free_port, http as http_json, pg_bin, pg_run  # noqa: E402  (the same helpers, one copy)
CLASSES = ["disk_usage", "cpu_high", "memory_high", "process_down", "http_down"]
LOGIN = "Basic " + base64.b64encode(b"demo:demo").decode()
GROUP_WAIT, GROUP_INTERVAL = 30, 300


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------------- the load
def plan(n, duration, hosts, customers, flap_share, cascade_share, seed=13):
    """The storm as (second, customer, alert) tuples, sorted by time; the same list goes to both targets."""
    rng = random.Random(seed)
    host_names = ["h%04d" % i for i in range(hosts)]
    owner = {h: "c%02d" % (i % customers + 1) for i, h in enumerate(host_names)}

    def alert(host, cls, variant, status, t):
        name = "%s check %d" % (cls, variant)
        return (t, owner[host], {"status": status, "name": name, "alertClass": cls,
                                 "severity": "critical" if cls == "host_unreachable" else "warning",
                                 "resource": {"host": host}, "fingerprint": "%s/%s/%d" % (host, cls, variant),
                                 "summary": "%s on %s" % (name, host)})

    events = []
    # host-down cascades: one host_unreachable, then 2-6 of the same host's disk/process alerts within 5 s
    cascades = max(1, int(hosts * cascade_share))
    for host in rng.sample(host_names, cascades):
        t = rng.uniform(0, duration * 0.8)
        events.append(alert(host, "host_unreachable", 0, "firing", t))
        for k in range(rng.randint(2, 6)):
            events.append(alert(host, rng.choice(["disk_usage", "process_down"]), k, "firing", t + rng.uniform(0.5, 5)))
    # flapping keys: firing/resolved in turn, one change every 1-3 s
    flap_events = int(n * flap_share)
    flap_keys = max(1, flap_events // 20)
    for k in range(flap_keys):
        host, cls = rng.choice(host_names), rng.choice(CLASSES)
        t, status = rng.uniform(0, duration * 0.3), "firing"
        for _ in range(flap_events // flap_keys):
            if t >= duration:
                break
            events.append(alert(host, cls, 90 + k % 10, status, t))
            status = "resolved" if status == "firing" else "firing"
            t += rng.uniform(1, 3)
    # the rest: steady alerts over a pool of keys (each repeats, about 1 in 20 is a recovery)
    pool = [(rng.choice(host_names), rng.choice(CLASSES), rng.randint(1, 3)) for _ in range(max(1, hosts * 10))]
    while len(events) < n:
        host, cls, variant = rng.choice(pool)
        events.append(alert(host, cls, variant, "resolved" if rng.random() < 0.05 else "firing",
                            rng.uniform(0, duration)))
    events = events[:n]
    events.sort(key=lambda e: e[0])
    return events, {"flapKeys": flap_keys, "cascades": cascades, "keys": len(pool)}


def slices(events, width):
    """Batches per customer per time slice: [(slice start, [(customer, [alerts])])]."""
    out, current, start = [], collections.OrderedDict(), 0.0
    for t, customer, a in events:
        while t >= start + width:
            out.append((start, list(current.items())))
            current, start = collections.OrderedDict(), start + width
        current.setdefault(customer, []).append(a)
    out.append((start, list(current.items())))
    return out


class Sender:
    """Keep-alive HTTP connections per thread; posts a batch to the hub (retrying 503/no answer) and to Alertmanager."""

    def __init__(self, hub_port, am_port, tokens):
        self.hub_port, self.am_port, self.tokens = hub_port, am_port, tokens
        self.local = threading.local()
        self.lock = threading.Lock()
        self.hub = collections.Counter()
        self.am = collections.Counter()
        self.latencies = []
        self.behind = 0.0   # the most a batch's answer came after its slice was due

    def _conn(self, port):
        conns = self.local.__dict__.setdefault("conns", {})
        if port not in conns:
            conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return conns[port]

    def _post(self, port, path, body, headers):
        for attempt in range(2):
            conn = self._conn(port)
            try:
                conn.request("POST", path, body, headers)
                r = conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                self.local.conns.pop(port, None)
        return 0, b""

    def hub_batch(self, customer, alerts, due):
        body = json.dumps({"alerts": alerts}).encode()
        headers = {"Content-Type": "application/json", "Authorization": "Bearer " + self.tokens[customer]}
        for attempt in range(6):
            t0 = time.time()
            status, raw = self._post(self.hub_port, "/api/v1/customers/%s/alerts/generic" % customer, body, headers)
            with self.lock:
                self.hub["answer-%d" % status] += 1
                self.latencies.append(time.time() - t0)
            if status == 202:
                ids = len(json.loads(raw).get("alertIds", []))
                with self.lock:
                    self.hub["alerts-accepted"] += ids
                    self.behind = max(self.behind, time.time() - due)
                return
            if status not in (0, 503):
                break
            time.sleep(0.2 * 2 ** attempt)   # a real sender retries what was not accepted
        with self.lock:
            self.hub["alerts-not-accepted"] += len(alerts)

    def am_batch(self, customer, alerts, now_iso):
        body = []
        for a in alerts:
            labels = {"alertname": a["name"], "customer": customer, "host": a["resource"]["host"],
                      "alertClass": a["alertClass"], "severity": a["severity"], "key": a["fingerprint"]}
            item = {"labels": labels, "annotations": {"summary": a["summary"]}}
            if a["status"] == "resolved":
                item["endsAt"] = now_iso
            body.append(item)
        status, _ = self._post(self.am_port, "/api/v2/alerts", json.dumps(body).encode(),
                               {"Content-Type": "application/json"})
        with self.lock:
            self.am["answer-%d" % status] += 1
            self.am["alerts-accepted" if status == 200 else "alerts-not-accepted"] += len(alerts)


# ------------------------------------------------------------------------------------------------- stand-ins
class StandIns:
    """Slack Web API, PagerDuty Events v2 and an Alertmanager webhook receiver on one port, counting every request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.slack, self.pagerduty, self.am = [], [], []
        self.seq = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw) if raw and raw[:1] in (b"{", b"[") else {}
                except ValueError:
                    body = {}
                now = time.time()
                if self.path.startswith("/slack/api/chat.postMessage"):
                    with outer.lock:
                        outer.seq += 1
                        ts = "%d.%06d" % (int(now), outer.seq % 1000000)
                        outer.slack.append((now, body, raw.decode("utf-8", "replace")))
                    self.reply(200, {"ok": True, "channel": body.get("channel", "C0"), "ts": ts})
                elif self.path.startswith("/slack/api/"):
                    self.reply(200, {"ok": True, "messages": [], "has_more": False})
                elif self.path.startswith("/pagerduty/"):
                    with outer.lock:
                        outer.pagerduty.append((now, body))
                    self.reply(202, {"status": "success", "message": "Event processed",
                                     "dedup_key": body.get("dedup_key", "")})
                elif self.path.startswith("/alertmanager"):
                    with outer.lock:
                        outer.am.append((now, body))
                    self.reply(200, {})
                else:
                    self.reply(404, {})

            def reply(self, status, doc):
                out = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self):
        with self.lock:
            self.slack, self.pagerduty, self.am = [], [], []

    def last_request(self):
        with self.lock:
            times = [x[0] for x in self.slack + self.pagerduty + self.am]
        return max(times) if times else 0

    def close(self):
        self.server.shutdown()


def most_per_group(posts, interval):
    """The largest number of posts of one group within any window of `interval` seconds; and the group count."""
    by_group = collections.defaultdict(list)
    for t, group in posts:
        by_group[group].append(t)
    worst = 0
    for times in by_group.values():
        times.sort()
        j = 0
        for i in range(len(times)):
            while times[i] - times[j] >= interval:
                j += 1
            worst = max(worst, i - j + 1)
    return worst, len(by_group)


def slack_groups(posts):
    """Slack's new messages (not thread replies) as (time, (channel, alert class)); a message naming several classes
    counts for each of them."""
    out = []
    for t, body, raw in posts:
        if body.get("thread_ts"):
            continue
        classes = [c for c in CLASSES + ["host_unreachable"] if c + " check" in raw] or ["?"]
        out.extend((t, (body.get("channel"), c)) for c in classes)
    return out


def am_groups(posts):
    return [(t, json.dumps(body.get("groupLabels", {}), sort_keys=True)) for t, body in posts]


# --------------------------------------------------------------------------------------------------- servers
def customers_dir(work, customers):
    """50 customer folders with their own bearer tokens (environment references), Slack and PagerDuty, storm control."""
    tokens, env = {}, {}
    for i in range(1, customers + 1):
        cid = "c%02d" % i
        token = base64.urlsafe_b64encode(os.urandom(18)).decode()
        tokens[cid] = token
        env["STORM_TOKEN_%02d" % i] = token
        os.makedirs(os.path.join(work, "customers", cid))
        with open(os.path.join(work, "customers", cid, "customer.yaml"), "w") as f:
            f.write("""id: %(cid)s
name: Storm customer %(i)d
ingest:
  auth:
    - type: bearer
      token: { env: STORM_TOKEN_%(i)02d }
notifications:
  slack:
    botToken: { env: STORM_SLACK_TOKEN }
    channel: "#storm-%(cid)s"
  pagerduty:
    routingKey: { env: STORM_PAGERDUTY_KEY }
escalation:
  levels:
    - channels: [slack]
    - after: 10m
      channels: [pagerduty]
  groupBy: [alertClass]
  groupWait: %(wait)ds
  groupInterval: %(interval)ds
""" % {"cid": cid, "i": i, "wait": GROUP_WAIT, "interval": GROUP_INTERVAL})
    env["STORM_SLACK_TOKEN"] = "xoxb-storm-bench"
    env["STORM_PAGERDUTY_KEY"] = "storm-bench-routing-key"
    return tokens, env


class Hub:
    def __init__(self, jar, work, sinks_port, env, db_args):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.work = work
        cmd = ["java", "-Xmx512m", "-Xlog:gc:file=%s:uptime" % os.path.join(work, "gc.log"), "-jar", jar,
               "--spring.profiles.active=demo", "--server.port=%d" % self.port,
               "--alerthub.customers.dir=" + os.path.join(work, "customers"),
               "--alerthub.demo-fleet.enabled=false", "--alerthub.demo-sinks.enabled=false",
               "--alerthub.demo-mail.enabled=false", "--alerthub.mail.enabled=false",
               # the demo logins name customers demo and acme, which this run has not: they see nothing of them
               "--alerthub.security.unknown-customers=warn",
               "--alerthub.notify.slack.api-base-url=http://127.0.0.1:%d/slack/api" % sinks_port,
               "--alerthub.notify.pagerduty.base-url=http://127.0.0.1:%d/pagerduty" % sinks_port] + db_args
        self.log = open(os.path.join(work, "hub.log"), "ab")
        self.proc = subprocess.Popen(cmd, cwd=work, stdout=self.log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, **env), preexec_fn=lambda: os.nice(10))

    def wait_healthy(self, wait=600):
        t0 = time.time()
        while time.time() - t0 < wait:
            if self.proc.poll() is not None:
                raise RuntimeError("hub exited at start, see " + os.path.join(self.work, "hub.log"))
            if http_json("GET", self.base + "/actuator/health", timeout=3)[0] == 200:
                return time.time() - t0
            time.sleep(0.5)
        raise RuntimeError("hub not healthy after %d s" % wait)

    def undecided(self):
        """Incidents still OPEN or AUTOMATING (0 when none), from the operator API; None when it did not answer.

        A flapping incident stays OPEN by design until its mark clears (docs/noise.md): people were told once that it
        flaps, which is its first-line answer, so it does not count as undecided."""
        total = 0
        for state in ("OPEN", "AUTOMATING"):
            status, page = http_json("GET", self.base + "/api/v1/incidents?state=%s&limit=100" % state,
                                     headers={"Authorization": LOGIN})
            if status != 200:
                return None
            total += sum(1 for i in page.get("items", []) if not i.get("flapping"))
        return total

    def rss(self):
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            return int(fields["VmHWM"].split()[0]) // 1024
        except (OSError, KeyError, ValueError):
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def peak_heap_mib(gc_log):
    """The most heap in use the GC log shows (the size before each collection), in MiB."""
    peak = 0
    unit = {"K": 1 / 1024, "M": 1, "G": 1024}
    try:
        with open(gc_log) as f:
            for line in f:
                for before, u1, after, u2 in re.findall(r"(\d+)([KMG])->(\d+)([KMG])\(", line):
                    peak = max(peak, int(before) * unit[u1], int(after) * unit[u2])
    except OSError:
        return None
    return round(peak)


def alertmanager(work, sinks_port):
    am_dir = os.path.join(work, "alertmanager")
    os.makedirs(os.path.join(am_dir, "data"))
    with open(os.path.join(am_dir, "alertmanager.yml"), "w") as f:
        f.write("""route:
  receiver: standin
  group_by: [customer, alertClass]
  group_wait: %ds
  group_interval: %ds
  repeat_interval: 4h
receivers:
  - name: standin
    webhook_configs:
      - url: http://127.0.0.1:%d/alertmanager
        send_resolved: true
inhibit_rules:
  - source_matchers: [alertClass="host_unreachable"]
    target_matchers: [alertClass!="host_unreachable"]
    equal: [customer, host]
""" % (GROUP_WAIT, GROUP_INTERVAL, sinks_port))
    port = free_port()
    out = open(os.path.join(am_dir, "alertmanager.log"), "ab")
    proc = subprocess.Popen(["prometheus-alertmanager", "--config.file=" + os.path.join(am_dir, "alertmanager.yml"),
                             "--storage.path=" + os.path.join(am_dir, "data"),
                             "--web.listen-address=127.0.0.1:%d" % port, "--cluster.listen-address="],
                            stdout=out, stderr=subprocess.STDOUT, preexec_fn=lambda: os.nice(10))
    for _ in range(100):
        if http_json("GET", "http://127.0.0.1:%d/-/ready" % port, timeout=2)[0] == 200:
            return proc, port
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("alertmanager did not start, see " + os.path.join(am_dir, "alertmanager.log"))


def am_version():
    out = subprocess.run(["prometheus-alertmanager", "--version"], capture_output=True, text=True)
    m = re.search(r"version (\S+)", out.stdout + out.stderr)
    return m.group(1) if m else "?"


# ------------------------------------------------------------------------------------------------- PostgreSQL
class Postgres:
    def __init__(self, work):
        self.data = os.path.join(work, "pg")
        os.makedirs(self.data)
        if os.geteuid() == 0:
            shutil.chown(work, "postgres")
            shutil.chown(self.data, "postgres")
        self.port = free_port()
        pg_run(pg_bin("initdb"), "-D", self.data, "-U", "alerthub", "--auth=trust", "-E", "UTF8")
        pg_run(pg_bin("pg_ctl"), "-D", self.data, "-w", "-l", os.path.join(self.data, "server.log"), "-o",
               "-p %d -k %s -c listen_addresses=127.0.0.1" % (self.port, self.data), "start")

    def hub_args(self):
        return ["--spring.datasource.url=jdbc:postgresql://127.0.0.1:%d/postgres" % self.port,
                "--spring.datasource.username=alerthub", "--spring.datasource.password="]

    def count(self, sql):
        out = pg_run(pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "alerthub", "-d", "postgres",
                     "-tAc", sql)
        return (out.stdout.decode() if isinstance(out.stdout, bytes) else out.stdout).strip()

    def stop(self):
        pg_run(pg_bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")


def h2_query(jar, work, sql):
    """Runs SQL on the stopped hub's H2 file with the H2 jar the hub ships (same file format)."""
    h2 = os.path.join(work, "h2.jar")
    if not os.path.exists(h2):
        with zipfile.ZipFile(jar) as z:
            entry = next(n for n in z.namelist() if re.match(r"BOOT-INF/lib/h2-.*\.jar$", n))
            with z.open(entry) as src, open(h2, "wb") as dst:
                shutil.copyfileobj(src, dst)
    out = subprocess.run(["java", "-cp", h2, "org.h2.tools.Shell", "-url",
                          "jdbc:h2:file:%s/data/alerthub;MODE=PostgreSQL" % work, "-user", "sa", "-password", "",
                          "-sql", sql], capture_output=True, text=True, timeout=300)
    lines = [l.strip() for l in out.stdout.splitlines() if l.strip()]
    # the Shell prints a header line, the rows, then "(n rows, …)"
    return lines[1:-1] if len(lines) >= 2 else lines


# ---------------------------------------------------------------------------------------------------- one run
def run_one(db, args, jar, sinks, events, info):
    work = tempfile.mkdtemp(prefix="storm-%s-" % db)
    log("%s: scratch directory %s" % (db, work))
    tokens, env = customers_dir(work, args.customers)
    pg = Postgres(work) if db == "postgresql" else None
    sinks.reset()
    am_proc, am_port = alertmanager(work, sinks.port)
    hub = Hub(jar, work, sinks.port, env, pg.hub_args() if pg else [])
    result = {"db": db}
    try:
        result["startSeconds"] = round(hub.wait_healthy(), 1)
        sender = Sender(hub.port, am_port, tokens)
        batches = slices(events, args.slice)
        pool = ThreadPoolExecutor(max_workers=args.threads)
        t0 = time.time()
        futures = []
        for start, per_customer in batches:
            delay = t0 + start - time.time()
            if delay > 0:
                time.sleep(delay)
            now_iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            for customer, alerts in per_customer:
                futures.append(pool.submit(sender.hub_batch, customer, alerts, t0 + start))
                futures.append(pool.submit(sender.am_batch, customer, alerts, now_iso))
        for f in futures:
            f.result()
        load_end = time.time()
        pool.shutdown()
        result["loadSeconds"] = round(load_end - t0, 1)
        result["hubBehindSeconds"] = round(sender.behind, 1)
        log("%s: load sent in %.1f s (the hub's answers came up to %.1f s after their slice was due)"
            % (db, load_end - t0, sender.behind))
        decided = None
        while time.time() - load_end < args.decide_wait:
            left = hub.undecided()
            if left == 0:
                decided = time.time() - load_end
                break
            time.sleep(1)
        result["decidedSecondsAfterLoad"] = None if decided is None else round(decided, 1)
        result["decidedSecondsFromStart"] = None if decided is None else round(load_end - t0 + decided, 1)
        # notifications: group_wait on both sides, then until nothing arrived for 10 s (at most settle-wait)
        settle_from = time.time()
        while time.time() - settle_from < args.settle_wait:
            if time.time() - settle_from > GROUP_WAIT + 5 and time.time() - max(sinks.last_request(), settle_from) > 10:
                break
            time.sleep(1)
        result["rssPeakMiB"] = hub.rss()
        with sinks.lock:
            slack, pd, amp = list(sinks.slack), list(sinks.pagerduty), list(sinks.am)
        worst, groups = most_per_group(slack_groups(slack), GROUP_INTERVAL)
        am_worst, am_group_count = most_per_group(am_groups(amp), GROUP_INTERVAL)
        result.update({
            "sent": len(events), "hubAnswers": dict(sender.hub), "amAnswers": dict(sender.am),
            "accepted": sender.hub["alerts-accepted"], "amAccepted": sender.am["alerts-accepted"],
            "slackRequests": len(slack), "slackNew": sum(1 for s in slack if not s[1].get("thread_ts")),
            "pagerdutyRequests": len(pd), "slackMostPerGroupInterval": worst, "slackGroups": groups,
            "amNotifications": len(amp), "amMostPerGroupInterval": am_worst, "amGroups": am_group_count,
            "requestP99Ms": round(sorted(sender.latencies)[int(len(sender.latencies) * 0.99) - 1] * 1000)
            if sender.latencies else None,
        })
    finally:
        hub.stop()
        am_proc.terminate()
        am_proc.wait(30)
    result["peakHeapMiB"] = peak_heap_mib(os.path.join(work, "gc.log"))
    if pg:
        stored = int(pg.count("SELECT COUNT(*) FROM alerts"))
        incidents = pg.count("SELECT state || '=' || COUNT(*) FROM incidents GROUP BY state ORDER BY state")
        pg.stop()
        states = incidents.split()
    else:
        stored = int(h2_query(jar, work, "SELECT COUNT(*) FROM alerts")[0])
        states = h2_query(jar, work, "SELECT state || '=' || COUNT(*) FROM incidents GROUP BY state ORDER BY state")
    result["stored"] = stored
    result["lost"] = max(0, result.get("accepted", 0) - stored)
    result["incidentStates"] = dict(s.split("=") for s in states if "=" in s)
    result["incidents"] = sum(int(v) for v in result["incidentStates"].values())
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    log("%s: %s" % (db, json.dumps(result)))
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--jar", required=True)
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--duration", type=float, default=60)
    p.add_argument("--hosts", type=int, default=1000)
    p.add_argument("--customers", type=int, default=50)
    p.add_argument("--flap-share", type=float, default=0.1)
    p.add_argument("--cascade-share", type=float, default=0.02)
    p.add_argument("--db", choices=["h2", "postgresql", "both"], default="both")
    p.add_argument("--slice", type=float, default=0.5, help="seconds per slice: one request per customer per slice")
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--decide-wait", type=float, default=600)
    p.add_argument("--settle-wait", type=float, default=120)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    events, info = plan(args.n, args.duration, args.hosts, args.customers, args.flap_share, args.cascade_share)
    log("plan: %d alerts in %.0f s over %d hosts, %d customers: %s" % (len(events), args.duration, args.hosts,
                                                                          args.customers, info))
    sinks = StandIns()
    runs = []
    try:
        for db in (["h2", "postgresql"] if args.db == "both" else [args.db]):
            runs.append(run_one(db, args, os.path.abspath(args.jar), sinks, events, info))
    finally:
        sinks.close()
    print(json.dumps({"n": args.n, "duration": args.duration, "hosts": args.hosts, "customers": args.customers,
                      "flapShare": args.flap_share, "cascadeShare": args.cascade_share, "plan": info,
                      "slice": args.slice, "threads": args.threads, "alertmanager": am_version(),
                      "groupWait": GROUP_WAIT, "groupInterval": GROUP_INTERVAL, "runs": runs}))


if __name__ == "__main__":
    main()
