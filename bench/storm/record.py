#!/usr/bin/env python3
"""Writes a storm run's rows into docs/benchmarks.md (the storm-results block): one row per database for the hub and
one for Alertmanager in the same run; a row with the same run label, database and target replaces the older one.

Usage: record.py results.json LABEL docs/benchmarks.md
"""
import json
import os
import re
import sys
import time

HEADER = ("| run | recorded | load | database | target | alerts sent | accepted | stored | lost | incidents (states) "
          "| Slack requests (new messages) | PagerDuty requests | most notifications of one group in one "
          "groupInterval | peak heap MiB (RSS) | every incident decided |")
RULE = "|" + "---|" * 15


def fmt(v, suffix=""):
    return "–" if v is None else "%s%s" % (v, suffix)


def rows(results, label):
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()
    what = ("%d alerts in %d s, %d hosts, %d customers (%d flapping keys, %d host-down cascades); %d cores, load %.1f "
            "at the end" % (results["n"], results["duration"], results["hosts"], results["customers"],
                            results["plan"]["flapKeys"], results["plan"]["cascades"], os.cpu_count(), load[0]))
    out = []
    for r in results["runs"]:
        db = "H2 (embedded default)" if r["db"] == "h2" else "PostgreSQL 15 (local server)"
        states = ", ".join("%s %s" % (k, v) for k, v in sorted(r.get("incidentStates", {}).items()))
        decided = ("not within the wait" if r.get("decidedSecondsAfterLoad") is None
                   else "%s s after the last answer (%s s from the first alert)" % (r["decidedSecondsAfterLoad"],
                                                                                 r["decidedSecondsFromStart"]))
        decided += "; the %d s storm took %s s to send" % (results["duration"], fmt(r.get("loadSeconds")))
        out.append("| %s | %s | %s | %s | Alert Hub (-Xmx512m) | %d | %s | %s | %s | %s (%s) | %s (%s) | %s | %s | %s (%s) | %s |"
                   % (label, when, what, db, r.get("sent", 0), fmt(r.get("accepted")), fmt(r.get("stored")),
                      fmt(r.get("lost")), fmt(r.get("incidents")), states, fmt(r.get("slackRequests")),
                      fmt(r.get("slackNew")), fmt(r.get("pagerdutyRequests")),
                      "%s (%s groups)" % (fmt(r.get("slackMostPerGroupInterval")), fmt(r.get("slackGroups"))),
                      fmt(r.get("peakHeapMiB")), fmt(r.get("rssPeakMiB")), decided))
        out.append("| %s | %s | %s | %s | Alertmanager %s (in memory, same alerts, same run) | %d | %s | – | – | – "
                   "| webhook notifications: %s | – | %s (%s groups) | – | – |"
                   % (label, when, what, db, results["alertmanager"], r.get("sent", 0), fmt(r.get("amAccepted")),
                      fmt(r.get("amNotifications")), fmt(r.get("amMostPerGroupInterval")), fmt(r.get("amGroups"))))
    return out


def key(row):
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return (cells[0], cells[3], cells[4].split(" ")[0]) if len(cells) > 4 else None


def main():
    results, label, doc_path = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
    doc = open(doc_path).read()
    begin = re.search(r"<!-- storm-results:begin[^>]*-->\n", doc)
    end = doc.find("<!-- storm-results:end -->")
    if not begin or end < 0:
        sys.exit("record.py: docs/benchmarks.md has no storm-results block")
    old = [l for l in doc[begin.end():end].splitlines() if l.startswith("| ") and not l.startswith("| run |")]
    new = rows(results, label)
    fresh = {key(r) for r in new}
    kept = [r for r in old if key(r) not in fresh]
    block = "\n".join([HEADER, RULE] + kept + new) + "\n"
    open(doc_path, "w").write(doc[:begin.end()] + block + doc[end:])
    print("\n".join(new))


if __name__ == "__main__":
    main()
