#!/usr/bin/env python3
"""The tables of bench/feeds.sh: medians of its runs against issue 11's targets.

    python3 bench/feeds_tables.py bench/results/feeds-<time>

Reads runs.tsv and statements.tsv there and prints Markdown: rows per second
and kg's peak memory per kind of run and batch size (median of the runs, and
the range), and where a first import's time went in the service, statement by
statement (round trips per batch and seconds per file, medians).
"""
import csv
import math
import statistics
import sys
from collections import defaultdict

TARGETS = {"first": 1500, "replay": 3000, "series": 1500}
KG_MB = 50
KINDS = {"first": "first import (fresh file)", "replay": "replay (same file, --restart)", "series": "several fresh files in one run"}


def load(path):
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main(out):
    runs = load(f"{out}/runs.tsv")
    stmts = load(f"{out}/statements.tsv")
    cells = defaultdict(list)
    for r in runs:
        cells[(r["kind"], int(r["batch"]))].append(r)

    print("| run | --batch | n | rows/s median (range) | target | kg peak RSS | kg CPU s | service CPU s | Neo4j CPU s | wall s | rejected | failed runs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in ("first", "replay", "series"):
        for (k, b), rs in sorted(cells.items()):
            if k != kind:
                continue
            ok = [r for r in rs if r["status"] == "0" and int(r["rows"]) > 0]
            rate = [float(r["rows_per_s"]) for r in ok]
            rss = [int(r["kg_rss_kb"]) / 1024 for r in rs]
            rng = f" ({min(rate):,.0f}-{max(rate):,.0f})" if len(rate) > 1 else ""
            met = "met" if rate and med(rate) >= TARGETS[kind] else "missed"
            mem = f"{med(rss):.0f} MB ({'<' if max(rss) < KG_MB else '≥'} {KG_MB})"
            print(f"| {KINDS[kind]} | {b} | {len(rs)} | {med(rate):,.0f}{rng} | ≥ {TARGETS[kind]:,} ({met}) | {mem} "
                  f"| {med([float(r['kg_cpu_s']) for r in rs]):.2f} | {med([float(r['service_cpu_s']) for r in rs]):.2f} "
                  f"| {med([float(r['neo4j_cpu_s']) for r in rs]):.2f} | {med([float(r['wall_s']) for r in rs]):.1f} "
                  f"| {sum(int(r['rejected']) for r in rs)} | {len(rs) - len(ok)} |")

    for kind in ("first", "replay"):
        per = defaultdict(lambda: defaultdict(list))  # batch -> statement -> [(calls, seconds)]
        for s in stmts:
            if s["kind"] != kind:
                continue
            per[int(s["batch"])][s["statement"]].append((int(s["calls"]), float(s["seconds"]), s["run"]))
        for b in sorted(per):
            n = max(len({run for v in per[b].values() for _, _, run in v}), 1)
            file_rows = med([int(r["rows"]) for r in cells[(kind, b)]]) or 1
            batches = math.ceil(file_rows / b)
            total = sum(sec for v in per[b].values() for _, sec, _ in v) / n
            print(f"\nWhere a {KINDS[kind]}'s time goes in the service, --batch {b} "
                  f"(round trips of the store to Neo4j, per run of {batches} batches, mean of {n} runs; {total:.1f} s in all):\n")
            print("| statement | round trips per batch | seconds per run | share |")
            print("|---|---|---|---|")
            for name, v in sorted(per[b].items(), key=lambda kv: -sum(x[1] for x in kv[1])):
                calls = sum(c for c, _, _ in v) / n
                secs = sum(x for _, x, _ in v) / n
                print(f"| {name} | {calls / batches:.1f} | {secs:.2f} | {100 * secs / total if total else 0:.0f} % |")


if __name__ == "__main__":
    main(sys.argv[1])
