#!/usr/bin/env python3
"""Fault and attack harness for Alert Hub (bench/reliability/run.sh runs it; not CI-timed).

Runs the hub jar on the demo profile in a scratch folder (a copy of customers/, its own data dir), injects faults
and records one row per scenario in docs/reliability.md through record.py. Python 3 standard library only;
everything on loopback. Scenarios:

  kill9   N x kill -9 under mixed load (webhooks, mails, scenario alerts, escalations), restarts on the same data
          dir; checks accepted = stored, every incident decided, no duplicate page, no remediation run twice
  faults  Slack 429 + Retry-After then 5xx, PagerDuty connection refused, SMTP down, an SSH command that hangs
  dbdown  the hub on a real PostgreSQL; the server stopped for 30 s: ingest answers 503 problem details and recovers
          without a hub restart; no accepted alert lost
"""
import argparse
import base64
import http.server as httpserver
import json
import os
import random
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOKEN = "demo-token"
LOGIN = "Basic " + base64.b64encode(b"demo:demo").decode()
DECIDED_WAIT = int(os.environ.get("DECIDED_WAIT", "300"))
LABEL = os.environ.get("RUN_LABEL", "full")


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def record(scenario, injected, checked, result, figures):
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "reliability", "record.py"), LABEL, scenario,
                    injected, checked, result, figures], check=True)


# ---------------------------------------------------------------------------------------------------------- HTTP
def http(method, url, body=None, headers=None, timeout=10):
    """(status, parsed JSON or text); status 0 when the hub did not answer."""
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw, status, ctype = r.read(), r.status, r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        raw, status, ctype = e.read(), e.code, e.headers.get("Content-Type", "")
    except (OSError, urllib.error.URLError):
        return 0, None
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode("utf-8", "replace")


class Hub:
    """One hub process on the demo profile in WORK (customers copy, data dir, hub.log appended across restarts)."""

    def __init__(self, jar, work, extra=()):
        self.jar, self.work, self.extra = os.path.abspath(jar), work, list(extra)
        self.port = free_port()
        self.proc = None
        self.base = "http://127.0.0.1:%d" % self.port

    def start(self, wait=int(os.environ.get("START_WAIT", "600"))):
        out = open(os.path.join(self.work, "hub.log"), "ab")
        cmd = ["java", "-Xmx768m", "-jar", self.jar, "--spring.profiles.active=demo",
               "--server.port=%d" % self.port] + self.extra
        self.proc = subprocess.Popen(cmd, cwd=self.work, stdout=out, stderr=subprocess.STDOUT,
                                     preexec_fn=lambda: os.nice(10))
        t0 = time.time()
        while time.time() - t0 < wait:
            if self.proc.poll() is not None:
                raise RuntimeError("hub exited at start, see " + os.path.join(self.work, "hub.log"))
            if http("GET", self.base + "/actuator/health", timeout=3)[0] == 200:
                return time.time() - t0
            time.sleep(0.5)
        raise RuntimeError("hub not healthy after %d s" % wait)

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()
        self.proc = None

    def ingest(self, fmt, payload, customer="demo", timeout=10):
        """A sender that gives up after 10 s; status 0 when no answer came in time."""
        return http("POST", "%s/api/v1/customers/%s/alerts/%s" % (self.base, customer, fmt), payload,
                    {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}, timeout)

    def get(self, path, timeout=10):
        return http("GET", self.base + path, headers={"Authorization": LOGIN}, timeout=timeout)

    def incidents(self, state=None):
        return self.pages("/api/v1/incidents?customer=demo&limit=200" + ("&state=" + state if state else ""))

    def alert_ids(self):
        """Every stored alert id of customer demo, read page by page (one login per page, not one per alert)."""
        return {a["id"] for a in self.pages("/api/v1/alerts?customer=demo&limit=200")}

    def pages(self, first):
        items = []
        url = self.base + first
        while url:
            # "next" is the whole link to the following page
            status, page = http("GET", url, headers={"Authorization": LOGIN})
            if status != 200:
                raise RuntimeError("%s answered %s: %s" % (first, status, str(page)[:200]))
            items += page.get("items", [])
            url = page.get("next")
            if url and url.startswith("/"):
                url = self.base + url
        return items


def scratch(prefix):
    work = tempfile.mkdtemp(prefix=prefix)
    shutil.copytree(os.path.join(ROOT, "customers"), os.path.join(work, "customers"))
    return work


def hub_log(work):
    with open(os.path.join(work, "hub.log"), "rb") as f:
        return f.read().decode("utf-8", "replace")


# ------------------------------------------------------------------------------------------------------- load
class Load:
    """Mixed load while the hub lives: webhook alerts, mails, scenario alerts (escalations follow)."""

    SCENARIO_ALERTS = [("DiskUsageHigh", "disk_usage", "demo-web-1"), ("ServiceDown", "process_down", "demo-app-1"),
                       ("HostDown", "host_unreachable", "demo-db-1")]

    def __init__(self, hub, rate=20):
        self.hub, self.rate = hub, rate
        self.accepted = {}          # alertId -> posted name
        self.posted = self.refused = self.no_answer = self.mails = self.scenario_posts = 0
        self.statuses = {}
        self.lock = threading.Lock()
        self.running = False
        self.seq = 0

    def _post(self, payload):
        status, body = self.hub.ingest("generic", payload)
        with self.lock:
            self.posted += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 202 and isinstance(body, dict):
                for alert_id in body.get("alertIds", []):
                    self.accepted[alert_id] = payload["name"]
            elif status == 0:
                self.no_answer += 1
            else:
                self.refused += 1
        return status

    def _next(self):
        with self.lock:
            self.seq += 1
            return self.seq

    def webhooks(self):
        while self.running:
            n = self._next()
            # unknown class: no scenario, escalated at once (Slack, then PagerDuty): notifications in flight
            self._post({"status": "firing", "name": "kill9-load-%d" % n, "alertClass": "unknown",
                        "severity": "warning", "resource": {"host": "load-host-%d" % (n % 40)},
                        "summary": "harness load alert %d" % n})
            time.sleep(1.0 / self.rate)

    def scenarios(self):
        k = 0
        while self.running:
            k += 1
            for name, cls, host in self.SCENARIO_ALERTS:
                if self._post({"status": "firing", "name": "%s-%d" % (name, k), "alertClass": cls,
                               "resource": {"host": host}}) == 202:
                    with self.lock:
                        self.scenario_posts += 1
            time.sleep(3)

    def mail(self):
        while self.running:
            n = self._next()
            msg = ("From: nagios@example.com\r\nTo: alerts@demo.local\r\nMessage-ID: <kill9-%d-%d@harness>\r\n"
                   "Subject: ** PROBLEM Host Alert: mail-host-%d is DOWN **\r\n\r\n***** Nagios *****\r\n\r\n"
                   "Notification Type: PROBLEM\r\nHost: mail-host-%d\r\nState: DOWN\r\n") % (os.getpid(), n, n, n)
            try:
                smtplib.SMTP("127.0.0.1", 3025, timeout=5).sendmail("nagios@example.com", ["alerts@demo.local"],
                                                                     msg.encode())
                with self.lock:
                    self.mails += 1
            except (OSError, smtplib.SMTPException):
                pass
            time.sleep(1)

    def start(self):
        self.running = True
        self.threads = [threading.Thread(target=f, daemon=True)
                        for f in (self.webhooks, self.webhooks, self.scenarios, self.mail)]
        for t in self.threads:
            t.start()

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join(15)


# ------------------------------------------------------------------------------------------------------ checks
def check_stored(hub, accepted):
    # the list first (each request checks a password: one GET per alert took ~10 min for 6,000 alerts), then each
    # one the list lacks on its own, so an alert is missing only if its own URL does not answer either
    listed = hub.alert_ids()
    return [a for a in accepted if a not in listed and hub.get("/api/v1/alerts/" + a)[0] != 200]


def wait_decided(hub, wait=DECIDED_WAIT):
    t0 = time.time()
    while True:
        undecided = [i for s in ("OPEN", "AUTOMATING") for i in hub.incidents(s)]
        if not undecided or time.time() - t0 > wait:
            return undecided, time.time() - t0
        time.sleep(3)


INCIDENT_IN_TEXT = re.compile(r"/incidents/([A-Za-z0-9_-]+)")


def duplicate_pages(journal):
    """Pages received twice with the same content for the same incident (Slack top-level or thread, PagerDuty).

    A PagerDuty event sent again with the same dedup_key and content is not a second page: Events v2 folds it into
    the alert that key already opened (PagerDuty's own de-duplication, which the hub relies on). Such re-sends are
    counted apart (third value) and do not fail the check; an e-mail has no stand-in here."""
    seen, pages = {}, 0
    if not os.path.exists(journal):
        return 0, 0, {}, 0
    for line in open(journal, encoding="utf-8"):
        try:
            r = json.loads(line)
            body = json.loads(r["body"])
        except ValueError:
            continue
        pages += 1
        if r["sink"] == "pagerduty":
            incident = body.get("dedup_key")
        else:
            m = INCIDENT_IN_TEXT.search(r["body"])
            incident = m.group(1) if m else None
        key = (r["sink"], incident, json.dumps(body, sort_keys=True))
        seen[key] = seen.get(key, 0) + 1
    dups = {"%s %s" % (k[0], k[1]): n for k, n in seen.items() if n > 1 and k[0] != "pagerduty"}
    folded = sum(n - 1 for k, n in seen.items() if n > 1 and k[0] == "pagerduty")
    return pages, sum(n - 1 for n in dups.values()), dups, folded


REMEDIATION_AT_HOST = re.compile(r"demo fleet: (demo-\w+-1) <- (find \S+ -xdev -type f -mtime \+\d+ -print -delete"
                                 r"|systemctl restart \S+|sudo -n systemctl restart \S+)")


def remediations(hub, work):
    """(remediation steps per incident on the timelines, incidents with one run twice, runs counted at the hosts)."""
    per_incident, twice = {}, {}
    # only the simulated fleet's incidents can run a remediation (the load alerts are class unknown on load-host-*)
    for inc in (i for i in hub.incidents() if (i.get("host") or "").startswith("demo-")):
        status, view = hub.get("/api/v1/incidents/" + inc["id"])
        if status != 200:
            continue
        steps = [e["detail"].get("step") for e in view.get("timeline", [])
                 if e.get("kind") in ("ssh", "ssh_failed") and (e.get("detail") or {}).get("phase") == "remediate"]
        if steps:
            per_incident[inc["id"]] = len(steps)
            for step in set(steps):
                if steps.count(step) > 1:
                    twice[inc["id"]] = step
    at_hosts = len(REMEDIATION_AT_HOST.findall(hub_log(work)))
    return per_incident, twice, at_hosts


# ------------------------------------------------------------------------------------------------------- kill9
def kill9(jar, kills, min_up, max_up):
    work = scratch("reliability-kill9-")
    journal = os.path.join(work, "sinks.jsonl")
    hub = Hub(jar, work, ["--alerthub.demo-sinks.journal=" + journal,
                          # a scenario a crash interrupted is taken as lost after this (default 15m)
                          "--alerthub.scenarios.stuck-after=60s"])
    load = Load(hub)
    starts = []
    try:
        log("kill9: work dir", work)
        starts.append(hub.start())
        load.start()
        for i in range(kills):
            up = random.uniform(min_up, max_up)
            time.sleep(up)
            hub.kill9()
            log("kill9: %d/%d killed after %.1f s up; %d accepted so far" % (i + 1, kills, up, len(load.accepted)))
            starts.append(hub.start())
        time.sleep(min_up)
        load.stop()
        log("kill9: load stopped; %d posts, %d accepted alerts, %d mails" % (load.posted, len(load.accepted),
                                                                              load.mails))
        undecided, waited = wait_decided(hub)
        missing = check_stored(hub, list(load.accepted))
        time.sleep(5)   # notifications due at the verdict leave the outbox within its poll interval
        pages, dups, dup_keys, pd_folded = duplicate_pages(journal)
        per_incident, twice, at_hosts = remediations(hub, work)
        incidents = hub.incidents()
        mail_page = hub.get("/api/v1/alerts?customer=demo&source=mail&limit=200")[1]
        mail_alerts = len(mail_page.get("items", [])) if isinstance(mail_page, dict) else -1
    finally:
        load.running = False
        hub.stop()
    ok = not missing and not undecided and not dups and not twice
    states = {}
    for inc in incidents:
        states[inc["state"]] = states.get(inc["state"], 0) + 1
    figures = ("%d kills; hub up %.0f-%.0f s between kills; %d starts (mean %.0f s to healthy); %d ingest posts "
               "(answers %s); %d accepted alerts, %d missing; %d mails sent to the demo mailbox, %d mail alerts stored; %d incidents %s, "
               "%d undecided after %.0f s; %d pages at the stand-ins, %d duplicates%s, %d PagerDuty events re-sent with the same "
               "dedup_key (folded by PagerDuty, not pages); remediations: %d on incident "
               "timelines over %d incidents, %d received by the simulated hosts, %d incidents with one run twice%s"
               % (kills, min_up, max_up, len(starts), sum(starts) / len(starts), load.posted,
                  json.dumps(load.statuses, sort_keys=True), len(load.accepted), len(missing), load.mails, mail_alerts,
                  len(incidents), json.dumps(states, sort_keys=True), len(undecided), waited, pages, dups,
                  (" " + json.dumps(dup_keys)) if dups else "", pd_folded, sum(per_incident.values()), len(per_incident),
                  at_hosts, len(twice), (" " + json.dumps(twice)) if twice else ""))
    result = "pass" if ok else "FAIL: " + ", ".join(x for x in (
        "%d accepted alerts not stored" % len(missing) if missing else "",
        "%d incidents not decided" % len(undecided) if undecided else "",
        "%d duplicate pages" % dups if dups else "",
        "%d remediations run twice" % len(twice) if twice else "") if x)
    log("kill9:", result, "|", figures)
    record("%d x kill -9 under mixed load" % kills,
           "SIGKILL of the hub at random moments (uniform %.0f-%.0f s up) while 2 webhook threads (~%d alerts/s), "
           "1 mail/s over SMTP, the 3 demo scenario alerts every 3 s and their escalations run; restart on the same "
           "H2 data dir" % (min_up, max_up, 2 * load.rate),
           "every 202'd alertId readable (GET /api/v1/alerts/{id}); no incident OPEN/AUTOMATING within %d s of the "
           "last start; no page received twice with the same content for the same incident (stand-in journal); no "
           "remediation step twice on one incident's timeline" % DECIDED_WAIT, result, figures)
    if ok and os.environ.get("KEEP_WORK") != "1":
        shutil.rmtree(work, ignore_errors=True)
    else:
        # a failed check keeps what explains it: the stand-ins' journal, hub.log, the H2 database
        log("kill9: kept", work)
    return ok


# ------------------------------------------------------------------------------------------------------ faults
class SlackStub(httpserver.BaseHTTPRequestHandler):
    """chat.postMessage that answers 429 (Retry-After) to the first calls, then 5xx, then ok."""
    plan = []            # status per call, then 200 forever
    calls = []           # (time, status)
    retry_after = 2

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        n = len(SlackStub.calls)
        status = SlackStub.plan[n] if n < len(SlackStub.plan) else 200
        SlackStub.calls.append((time.time(), status))
        body = b'{"ok":true,"channel":"C0HARNESS","ts":"%d.%06d"}' % (int(time.time()), n) if status == 200 \
            else b'{"ok":false,"error":"ratelimited"}'
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", str(SlackStub.retry_after))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def faults(jar):
    work = scratch("reliability-faults-")
    slack_port, dead_port, smtp_dead = free_port(), free_port(), free_port()
    SlackStub.plan = [429, 429, 500, 503]
    SlackStub.calls = []
    server = httpserver.ThreadingHTTPServer(("127.0.0.1", slack_port), SlackStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cfg = os.path.join(work, "customers", "demo", "customer.yaml")
    text = open(cfg, encoding="utf-8").read()
    # PagerDuty at a port nobody listens on (connection refused)
    text = text.replace("    routingKey: { env: DEMO_PAGERDUTY_KEY }",
                        "    routingKey: { env: DEMO_PAGERDUTY_KEY }\n    baseUrl: http://127.0.0.1:%d" % dead_port)
    # PagerDuty and e-mail at once, so that every failure mode runs within minutes
    text = text.replace("    - after: 20s\n      channels: [pagerduty]", "    - after: 2s\n      channels: [pagerduty]")
    text = text.replace("    - after: 10m\n      channels: [email]", "    - after: 4s\n      channels: [email]")
    open(cfg, "w", encoding="utf-8").write(text)
    hub = Hub(jar, work, ["--alerthub.notify.slack.api-base-url=http://127.0.0.1:%d/api" % slack_port,
                          "--alerthub.notify.email.port=%d" % smtp_dead,
                          "--alerthub.outbox.initial-backoff=1s", "--alerthub.outbox.max-attempts=6",
                          # the disk check never returns on demo-web-1: an SSH host that hangs
                          "--alerthub.demo-fleet.hang-commands=^(timeout \\d+ )?df "])
    rows = []
    try:
        hub.start()
        accepted = []
        for name, cls, host in [("FaultEscalate", "unknown", "fault-host-1"), ("DiskHang", "disk_usage",
                                                                               "demo-web-1")]:
            status, body = hub.ingest("generic", {"status": "firing", "name": name, "alertClass": cls,
                                                  "severity": "critical", "resource": {"host": host}})
            if status == 202:
                accepted += body["alertIds"]
        t0 = time.time()
        undecided, waited = wait_decided(hub, 120)
        time.sleep(40)   # retries: 429 (Retry-After 2 s), 5xx, refused connections, SMTP down
        status, notes = hub.get("/api/v1/notifications?customer=demo&limit=200")
        notes = notes.get("items", []) if isinstance(notes, dict) else []
        by_channel = {}
        for n in notes:
            key = "%s:%s" % (n.get("channel"), n.get("status"))
            by_channel[key] = by_channel.get(key, 0) + 1
        health = hub.get("/actuator/health")[0]
        ingest_after = hub.ingest("generic", {"status": "firing", "name": "after-faults", "resource":
                                              {"host": "fault-host-2"}})[0]
        missing = check_stored(hub, accepted)
        disk = [i for i in hub.incidents() if i.get("host") == "demo-web-1"]
        disk_view = hub.get("/api/v1/incidents/" + disk[0]["id"])[1] if disk else {}
        # a command that did not end in time is an "ssh" step with timedOut (a connection failure is "ssh_failed")
        hung = [e for e in (disk_view or {}).get("timeline", []) if e.get("kind") == "ssh_failed"
                or (e.get("kind") == "ssh" and (e.get("detail") or {}).get("timedOut"))]
    finally:
        hub.stop()
        server.shutdown()
    calls = SlackStub.calls
    gap_after_429 = [round(calls[i + 1][0] - calls[i][0], 1) for i in range(len(calls) - 1) if calls[i][1] == 429]
    slack_ok = any(s == 200 for _, s in calls) and all(g >= SlackStub.retry_after - 0.2 for g in gap_after_429)
    slack_fig = "Slack stub: %d calls %s, gaps after 429: %s s; outbox: %s" % (
        len(calls), [s for _, s in calls], gap_after_429, json.dumps(by_channel, sort_keys=True))
    rows.append(("Slack 429 then 5xx", "chat.postMessage answers 429 (Retry-After: 2) twice, then 500 and 503, then ok",
                 "the next try waits at least Retry-After; the message is delivered once it is accepted",
                 "pass" if slack_ok else "FAIL", slack_fig))
    pd = {k: v for k, v in by_channel.items() if k.startswith("pagerduty")}
    mail = {k: v for k, v in by_channel.items() if k.startswith("email")}
    common = "hub health %s after the faults; ingest %s; %d accepted alerts missing" % (health, ingest_after,
                                                                                         len(missing))
    healthy = health in (200, 503) and ingest_after == 202 and not missing
    rows.append(("PagerDuty down", "PagerDuty base URL at a closed loopback port (connection refused)",
                 "retried with backoff, then fallback or dead letter; nothing else stops", "pass" if pd and healthy
                 else "FAIL", "outbox %s; %s" % (json.dumps(pd), common)))
    rows.append(("SMTP down", "customer e-mail to a closed SMTP port", "retried, then dead letter (visible); the hub "
                 "keeps ingesting", "pass" if mail and healthy else "FAIL", "outbox %s; %s" % (json.dumps(mail), common)))
    decided = disk and disk[0]["state"] not in ("OPEN", "AUTOMATING")
    rows.append(("SSH host that hangs", "demo-web-1's df never returns (alerthub.demo-fleet.hang-commands)",
                 "the scenario step times out, the incident is decided (handed over/escalated), not stuck",
                 "pass" if decided and hung else "FAIL",
                 "disk incident %s after %.0f s; %d timed-out or failed SSH steps on its timeline%s" % (
                     disk[0]["state"] if disk else "missing", waited, len(hung),
                     (": " + str(hung[0]["detail"].get("error") or hung[0]["detail"].get("durationMs"))[:160])
                     if hung else "")))
    ok = True
    for r in rows:
        log("faults:", r[0], r[3], "|", r[4])
        record(*r)
        ok = ok and r[3] == "pass"
    shutil.rmtree(work, ignore_errors=True)
    return ok


# ------------------------------------------------------------------------------------------------------ dbdown
def pg_run(*args, **kw):
    """Runs a PostgreSQL tool as user postgres (it refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + list(args), check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


def pg_bin(tool):
    for d in ["/usr/local/bin"] + sorted(["/usr/lib/postgresql/%s/bin" % v for v in os.listdir("/usr/lib/postgresql")]
                                         if os.path.isdir("/usr/lib/postgresql") else [], reverse=True):
        if os.path.exists(os.path.join(d, tool)):
            return os.path.join(d, tool)
    sys.exit("dbdown needs PostgreSQL server binaries (Debian: apt-get install postgresql)")


def dbdown(jar, outage):
    work = scratch("reliability-dbdown-")
    pgdata = os.path.join(work, "pg")
    os.makedirs(pgdata)
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
        shutil.chown(pgdata, "postgres")
    pg_port = free_port()
    pg_run(pg_bin("initdb"), "-D", pgdata, "-U", "alerthub", "--auth=trust", "-E", "UTF8")
    pg_ctl = pg_bin("pg_ctl")
    start_pg = lambda: pg_run(pg_ctl, "-D", pgdata, "-w", "-l", os.path.join(pgdata, "server.log"), "-o",
                              "-p %d -k %s -c listen_addresses=127.0.0.1" % (pg_port, pgdata), "start")
    start_pg()
    hub = Hub(jar, work, ["--spring.datasource.url=jdbc:postgresql://127.0.0.1:%d/postgres" % pg_port,
                          "--spring.datasource.username=alerthub", "--spring.datasource.password=",
                          "--alerthub.mail.enabled=false",
                          # nothing on the demo's fixed ports: this check needs none of them
                          "--alerthub.demo-fleet.enabled=false", "--alerthub.demo-sinks.enabled=false",
                          "--alerthub.demo-mail.enabled=false"])
    accepted, answers, problems, timeline = [], {}, set(), []
    stop = threading.Event()

    def post_loop():
        n = 0
        while not stop.is_set():
            n += 1
            status, body = hub.ingest("generic", {"status": "firing", "name": "dbdown-%d" % n,
                                                  "resource": {"host": "db-host-%d" % (n % 10)}})
            answers[status] = answers.get(status, 0) + 1
            timeline.append((time.time(), status))
            if status == 202:
                accepted.extend(body["alertIds"])
            elif status >= 500 and isinstance(body, dict):
                problems.add("%s %s" % (body.get("status"), body.get("title")))
            time.sleep(0.1)

    try:
        hub.start()
        t = threading.Thread(target=post_loop, daemon=True)
        t.start()
        time.sleep(5)
        pg_run(pg_ctl, "-D", pgdata, "-m", "fast", "-w", "stop")
        down_at = time.time()
        log("dbdown: PostgreSQL stopped for %d s" % outage)
        time.sleep(outage)
        start_pg()
        up_at = time.time()
        log("dbdown: PostgreSQL started again")
        recovered = None
        while time.time() - up_at < 120:
            if any(ts > up_at and s == 202 for ts, s in list(timeline)):
                recovered = min(ts for ts, s in list(timeline) if ts > up_at and s == 202) - up_at
                break
            time.sleep(0.5)
        time.sleep(3)
        stop.set()
        t.join(30)
        during = {}
        for ts, s in timeline:
            if down_at + 2 < ts < up_at:
                during[s] = during.get(s, 0) + 1
        missing = check_stored(hub, accepted)
        same_pid = hub.proc is not None and hub.proc.poll() is None
    finally:
        stop.set()
        hub.stop()
        try:
            pg_run(pg_ctl, "-D", pgdata, "-m", "fast", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
    bad = {s: n for s, n in during.items() if s not in (503,)}
    ok = not bad and recovered is not None and not missing and same_pid
    figures = ("answers during the outage %s, over the whole run %s; problem titles %s; first 202 %.1f s after "
               "PostgreSQL was back%s; %d accepted alerts, %d missing; hub process never restarted: %s"
               % (json.dumps(during, sort_keys=True), json.dumps(answers, sort_keys=True), sorted(problems),
                  recovered if recovered is not None else -1, "" if recovered is not None else " (never)",
                  len(accepted), len(missing), same_pid))
    result = "pass" if ok else "FAIL"
    log("dbdown:", result, "|", figures)
    record("database unavailable %d s" % outage,
           "PostgreSQL 15 (local server, the hub's only database) stopped with pg_ctl -m fast for %d s while a "
           "client posts ~10 webhook alerts/s, then started again" % outage,
           "every answer during the outage is 503 problem details (no 500); 202 again after the restart of the "
           "database without restarting the hub; every 202'd alert stored", result, figures)
    shutil.rmtree(work, ignore_errors=True)
    return ok


# ---------------------------------------------------------------------------------------------------- httpfuzz
FORMATS = ["generic", "alertmanager", "grafana", "datadog", "newrelic", "zabbix", "mackerel", "azure-monitor",
           "gcp-monitoring", "sensu", "opsgenie", "eventbridge"]
FIXTURE_DIRS = {"eventbridge": "eventbridge-sns"}


def seeds():
    out = {}
    for fmt in FORMATS:
        d = os.path.join(ROOT, "src", "test", "resources", "fixtures", FIXTURE_DIRS.get(fmt, fmt))
        files = [os.path.join(d, f) for f in sorted(os.listdir(d))] if os.path.isdir(d) else []
        out[fmt] = [open(f, "rb").read() for f in files if f.endswith(".json")][:20] or [b'{"status":"firing"}']
    return out


def mutate(rng, data):
    """One random mutation of a body: byte flips, cuts, splices, JSON-level type swaps, deep nesting, junk."""
    b = bytearray(data)
    op = rng.randrange(9)
    if op == 0 and b:
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif op == 1 and b:
        b = b[:rng.randrange(len(b))]
    elif op == 2:
        pos = rng.randrange(len(b) + 1)
        b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    elif op == 3:
        try:
            doc = json.loads(data)
            swaps = [None, 0, -1, 1e308, "", "x" * rng.randint(1, 5000), [], {}, True, "\u0000", "2026-13-45T99:99Z"]

            def walk(node):
                if isinstance(node, dict):
                    for k in list(node):
                        if rng.random() < 0.3:
                            node[k] = rng.choice(swaps)
                        else:
                            walk(node[k])
                elif isinstance(node, list):
                    for i in range(len(node)):
                        walk(node[i])
            walk(doc)
            b = bytearray(json.dumps(doc).encode())
        except ValueError:
            pass
    elif op == 4:
        depth = rng.choice([10, 63, 64, 65, 200, 5000])
        b = bytearray(b"[" * depth + b"]" * depth if rng.random() < 0.5 else b'{"a":' * depth + b"1" + b"}" * depth)
    elif op == 5:
        b = bytearray(rng.randrange(256) for _ in range(rng.randint(0, 2048)))
    elif op == 6:
        b = bytearray(json.dumps({"alerts": [json.loads(data) if data.strip().startswith(b"{") else {}] *
                                  rng.randint(1, 300)}).encode()) if rng.random() < 0.5 else b * rng.randint(2, 4)
    elif op == 7:
        b = bytearray(b'{"status":"firing","name":' + json.dumps("\u202e" * rng.randint(1, 2000)).encode() + b"}")
    return bytes(b)


def httpfuzz(jar, requests):
    work = scratch("reliability-httpfuzz-")
    hub = Hub(jar, work, ["--alerthub.mail.enabled=false"])
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "11")))
    corpus = seeds()
    answers, five = {}, []
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    try:
        hub.start()
        t0 = time.time()
        for i in range(requests):
            fmt = rng.choice(FORMATS + ["no-such-format"])
            body = mutate(rng, rng.choice(corpus.get(fmt, [b"{}"])))
            headers = {"Content-Type": rng.choice(["application/json"] * 8 + ["text/plain", "application/xml"])}
            if rng.random() < 0.9:
                headers["Authorization"] = "Bearer " + TOKEN
            status, answer = http("POST", "%s/api/v1/customers/%s/alerts/%s" % (
                hub.base, rng.choice(["demo"] * 9 + ["no-such-customer"]), fmt), body, headers, timeout=30)
            answers[status] = answers.get(status, 0) + 1
            if status >= 500 or status == 0:
                five.append({"format": fmt, "status": status, "answer": answer,
                             "body": base64.b64encode(body[:4096]).decode()})
        took = time.time() - t0
        health = hub.get("/actuator/health")[0]
    finally:
        hub.stop()
    if five:
        with open(os.path.join(ROOT, "bench", "results", "http-fuzz-5xx.json"), "w") as f:
            json.dump(five, f, indent=1)
    ok = not five and health == 200
    figures = "%d requests in %.0f s over %d formats; answers %s; %d 5xx or no answer%s; health afterwards %s" % (
        requests, took, len(FORMATS), json.dumps(answers, sort_keys=True), len(five),
        " (bodies in bench/results/http-fuzz-5xx.json)" if five else "", health)
    result = "pass" if ok else "FAIL"
    log("httpfuzz:", result, "|", figures)
    record("HTTP fuzz of webhook ingest", "mutated fixture bodies (byte flips, cuts, splices, JSON type swaps, deep "
           "nesting, oversize batches, random bytes), 10 %% without a token, unknown format/customer; seed %s"
           % os.environ.get("FUZZ_SEED", "11"), "no 5xx answer, no dropped connection, hub healthy afterwards",
           result, figures)
    shutil.rmtree(work, ignore_errors=True)
    return ok


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scenario", choices=["kill9", "faults", "dbdown", "httpfuzz"])
    p.add_argument("--jar", required=True)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--min-up", type=float, default=5)
    p.add_argument("--max-up", type=float, default=20)
    p.add_argument("--outage", type=int, default=30)
    p.add_argument("--requests", type=int, default=2000)
    a = p.parse_args()
    if a.scenario == "kill9":
        ok = kill9(a.jar, a.kills, a.min_up, a.max_up)
    elif a.scenario == "faults":
        ok = faults(a.jar)
    elif a.scenario == "dbdown":
        ok = dbdown(a.jar, a.outage)
    else:
        ok = httpfuzz(a.jar, a.requests)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
