#!/usr/bin/env python3
"""Checks the targets of issue 5 against benchmark runs.

    bench/targets.py bench/results/S-<time> bench/results/M-<time> bench/results/L-<time>

Reads each run's results.json (written by bench/load) and prints, as
Markdown, one table per target with the ratios it is judged on and whether
each cell meets it. The targets are the issue's; nothing here is tuned to
the numbers.
"""
import json
import sys

QUERIES = ["actor profile", "timeline page", "neighbourhood", "search", "topic positions", "forecast list"]
GROWTH = ["actor profile", "timeline page", "neighbourhood"]


def load(path):
    with open(path + "/results.json") as f:
        d = json.load(f)
    reads = {(r["system"], r["query"], r["concurrency"]): r for r in d["reads"]}
    return d, reads


def met(ok):
    return "**met**" if ok else "missed"


def main(paths):
    runs = [load(p) for p in paths]
    scales = [d["scale"] for d, _ in runs]

    print("### 1. Read throughput ≥ 2× the peer's at c = 8 and 32, p99 no worse\n")
    print("Cells: ours/peer throughput, ours/peer p99 (≤ 1 is no worse). Met needs both.\n")
    head = [f"{s} c={c}" for s in scales for c in (8, 32)]
    print("| query | " + " | ".join(head) + " |")
    print("|---|" + "---|" * len(head))
    total = good = 0
    for q in QUERIES:
        cells = []
        for _, reads in runs:
            for c in (8, 32):
                o, p = reads[("ours", q, c)], reads[("peer", q, c)]
                tr, pr = o["throughput"] / p["throughput"], o["p99ms"] / p["p99ms"]
                ok = tr >= 2 and pr <= 1
                total += 1
                good += ok
                cells.append(f"{tr:.2f}×, p99 {pr:.2f}× {met(ok)}")
        print(f"| {q} | " + " | ".join(cells) + " |")
    print(f"\nMet in {good} of {total} cells.\n")

    print("### 2. p50 at c = 1 within 1.25× of the floor\n")
    print("| query | " + " | ".join(scales) + " |")
    print("|---|" + "---|" * len(scales))
    total = good = 0
    for q in QUERIES:
        cells = []
        for _, reads in runs:
            o, f = reads[("ours", q, 1)], reads[("floor", q, 1)]
            r = o["p50ms"] / f["p50ms"]
            total += 1
            good += r <= 1.25
            cells.append(f"{r:.2f}× ({o['p50ms']:.1f} vs {f['p50ms']:.1f} ms) {met(r <= 1.25)}")
        print(f"| {q} | " + " | ".join(cells) + " |")
    print(f"\nMet in {good} of {total} cells.\n")

    print("### 3. Ingestion ≥ 0.8× the raw UNWIND floor and ≥ 5× the peer\n")
    print("| scale | ours events/s | floor events/s | ours/floor | peer events/s | ours/peer |")
    print("|---|---:|---:|---:|---:|---:|")
    for d, _ in runs:
        ing = {i["system"]: i for i in d["ingest"]}
        o, f, p = ing["ours"], ing["floor"], ing.get("peer", {})
        of = o["eventsPerSecond"] / f["eventsPerSecond"]
        peer = p.get("eventsPerSecond", 0)
        bound = "< " if p.get("timedOut") else ""
        op = o["eventsPerSecond"] / peer if peer else float("inf")
        ob = "> " if bound else ""
        print(f"| {d['scale']} | {o['eventsPerSecond']:.0f} | {f['eventsPerSecond']:.0f} | {of:.2f}× {met(of >= 0.8)} "
              f"| {bound}{peer:.1f} | {ob}{op:.0f}× {met(op >= 5)} |")
    print()

    print("### 4. From S to L, p50 (c = 1) grows by at most 1.5×\n")
    first, last = runs[0][1], runs[-1][1]
    print(f"| query | " + " | ".join(f"{s} p50" for s in scales) + f" | {scales[-1]} / {scales[0]} | floor {scales[-1]} / {scales[0]} | |")
    print("|---|" + "---:|" * (len(scales) + 2) + "---|")
    for q in GROWTH:
        ps = [reads[("ours", q, 1)]["p50ms"] for _, reads in runs]
        g = ps[-1] / ps[0]
        fg = last[("floor", q, 1)]["p50ms"] / first[("floor", q, 1)]["p50ms"]
        print(f"| {q} | " + " | ".join(f"{p:.1f} ms" for p in ps) + f" | {g:.2f}× | {fg:.2f}× | {met(g <= 1.5)} |")
    print()

    print("### 5. Peak memory under the mix ≤ the peer's\n")
    print("| scale | ours peak MB | peer peak MB | ours / peer |")
    print("|---|---:|---:|---:|")
    for d, _ in runs:
        mem = {}
        for m in d["memory"]:
            mem[m["system"]] = max(mem.get(m["system"], 0), m["peakMB"])
        r = mem["ours"] / mem["peer"]
        print(f"| {d['scale']} | {mem['ours']:.0f} | {mem['peer']:.0f} | {r:.2f}× {met(r <= 1)} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
