-- wrk script for the ingest benchmark: one alert per POST, every alert with its own labels and fingerprint.
-- Usage: wrk ... -s bench/ingest/alerts.lua <url> -- <hub|alertmanager> <run number> [token]
--   hub:          an Alertmanager webhook payload (what Alertmanager itself would send to the hub)
--   alertmanager: the body of Alertmanager's own POST /api/v2/alerts (a JSON array of alerts)
-- The run number goes into every fingerprint so that a warm-up run and the measured runs never repeat an
-- alert (the hub answers a repeated source event from its dedup index, which would flatter it).
-- done() prints one line starting with BENCH, parsed by run.sh.

local threads = {}
local thread_count = 0

-- Runs in wrk's main Lua state, once per thread before it starts: number the threads so their counters
-- never produce the same label, and keep the thread objects for done().
function setup(thread)
   thread_count = thread_count + 1
   thread:set("tid", thread_count)
   table.insert(threads, thread)
end

-- From here on every function runs in the thread's own Lua state, except done().
function init(args)
   target = args[1] or "hub"
   run = tonumber(args[2] or "0") or 0
   expected = (target == "hub") and 202 or 200
   sent = 0
   ok = 0
   other = 0
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   if target == "hub" then
      wrk.headers["Authorization"] = "Bearer " .. (args[3] or "demo-token")
   end
end

local hub_body = '{"version":"4","groupKey":"{}:{instance=\\"%s\\"}","status":"firing","receiver":"hub",'
   .. '"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://bench",'
   .. '"alerts":[{"status":"firing","labels":{"alertname":"BenchAlert","instance":"%s","job":"node",'
   .. '"severity":"warning"},"annotations":{"summary":"bench"},"startsAt":"%s",'
   .. '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://bench","fingerprint":"%s"}]}'

-- Alertmanager computes its own fingerprint from the labels: the distinct instance label is enough.
local am_body = '[{"labels":{"alertname":"BenchAlert","instance":"%s","job":"node","severity":"warning"},'
   .. '"annotations":{"summary":"bench"},"startsAt":"%s","generatorURL":"http://bench"}]'

function request()
   sent = sent + 1
   -- 16 hex digits like Alertmanager's own fingerprints: run, thread, per-thread counter
   local fingerprint = string.format("%05x%03x%08x", run % 0x100000, tid % 0x1000, sent % 0x100000000)
   local instance = string.format("host-%d-%d-%d:9100", run, tid, sent)
   local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
   local body
   if target == "hub" then
      body = string.format(hub_body, instance, instance, now, fingerprint)
   else
      body = string.format(am_body, instance, now)
   end
   return wrk.format(nil, nil, nil, body)
end

-- Only complete answers reach here; a connection cut by kill -9 is an error in wrk's summary, never a count.
function response(status, headers, body)
   if status == expected then
      ok = ok + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local total_ok, total_other = 0, 0
   for _, thread in ipairs(threads) do
      total_ok = total_ok + thread:get("ok")
      total_other = total_other + thread:get("other")
   end
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d ok=%d other=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
      summary.requests, total_ok, total_other, summary.duration,
      latency:percentile(50), latency:percentile(99), latency.max,
      e.connect, e.read, e.write, e.status, e.timeout))
end
