#!/usr/bin/env python3
"""Adds one result row to docs/reliability.md (the table between the results markers), newest last.

usage: record.py RUN SCENARIO INJECTED CHECKED RESULT FIGURES
RUN labels the run (e.g. "smoke" or "full"); date and the machine load (/proc/loadavg) are added here.
"""
import datetime
import pathlib
import sys

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
HEADER = ("| run | scenario | what was injected | what was checked | result | figures | date (UTC) | load (1/5/15 min) |\n"
          "|---|---|---|---|---|---|---|---|\n")


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def main(argv):
    if len(argv) != 7:
        sys.exit(__doc__)
    run, scenario, injected, checked, result, figures = argv[1:]
    load = " / ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    row = "| " + " | ".join(cell(c) for c in (run, scenario, injected, checked, result, figures, date, load)) + " |\n"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Reliability\n\n"
    if START not in text:
        text += "\n" + START + "\n" + HEADER + END + "\n"
    head, rest = text.split(START, 1)
    table, tail = rest.split(END, 1)
    if not table.strip():
        table = "\n" + HEADER
    DOC.write_text(head + START + table + row + END + tail, encoding="utf-8")
    print("recorded:", row.strip())


if __name__ == "__main__":
    main(sys.argv)
