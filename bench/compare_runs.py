"""Two runs of bench/run.sh side by side for one system (default: the
peer), e.g. the peer without and with its TCP_NODELAY preload:

    python3 bench/compare_runs.py bench/results/S-<before> bench/results/S-<after> [system]

Prints, per concurrency and query, the system's throughput and p50 in each
run and ours/system throughput in each.
"""
import json, sys

before, after = (json.load(open(d.rstrip("/") + "/results.json")) for d in sys.argv[1:3])
system = sys.argv[3] if len(sys.argv) > 3 else "peer"


def cells(r):
    return {(c["system"], c["query"], c["concurrency"]): c for c in r["reads"]}


b, a = cells(before), cells(after)
print(f"| c | query | {system} req/s before → after | {system} p50 ms before → after | ours/{system} req/s before → after |")
print("|---:|---|---:|---:|---:|")
for (s, q, c) in sorted({k for k in a if k[0] == system}, key=lambda k: (k[2], list(dict.fromkeys(x["query"] for x in after["reads"])).index(k[1]))):
    pb, pa = b.get((s, q, c)), a[(s, q, c)]
    ob, oa = b.get(("ours", q, c)), a.get(("ours", q, c))
    def ratio(o, p):
        return f"{o['throughput'] / p['throughput']:.2f}×" if o and p and p["throughput"] else "–"
    tb = f"{pb['throughput']:.0f}" if pb else "–"
    lb = f"{pb['p50ms']:.1f}" if pb else "–"
    print(f"| {c} | {q} | {tb} → {pa['throughput']:.0f} | {lb} → {pa['p50ms']:.1f} | {ratio(ob, pb)} → {ratio(oa, pa)} |")
