"""Tables of bench/fixedcost.sh: the fixed overhead (p50 ours - p50 floor at
concurrency 1) and CPU microseconds per request by part, from the pprof
-top -cum listings divided by the requests served while profiling.

    python3 bench/fixedcost_table.py RESULTS_DIR PROFILE_SECONDS
"""
import glob, json, os, re, sys

out, prof = sys.argv[1], float(sys.argv[2])

# Parts of a request, each a set of functions whose cumulative CPU is summed
# (the functions of one part do not call each other).
PARTS = [
    ("whole request (net/http conn.serve)", [r"^net/http\.\(\*conn\)\.serve$"]),
    ("  HTTP: read the request, write the response, connection", None),  # serve - handler
    ("  handler (ids, access log, timeout, gqlgen)", [r"server\.New\.withRequestID\.func\d+$"]),
    ("    read and decode the body (JSON)", [r"server\.httpTransport\.readPost$"]),
    ("    gqlgen: operation context (cache lookup, variables, the guards below it)", [r"executor\.\(\*Executor\)\.CreateOperationContext$"]),
    ("      parse the document", [r"gqlparser/v2/parser\.ParseQuery\w*$"]),
    ("      validate the document", [r"gqlparser/v2/validator\.Validate\w*$"]),
    ("      coerce the variables", [r"gqlparser/v2/validator\.VariableValues$"]),
    ("      guards (documentLimit, depth, inputs, cost)", [r"server\.\(\*documentLimit\)\.MutateOperationParameters$",
        r"server\.depthLimit\.MutateOperationContext$", r"server\.\(\*inputLimits\)\.MutateOperationContext$",
        r"server\.\(\*costLimit\)\.MutateOperationContext$"]),
    ("    respond (compile, read, write)", [r"respond\.\(\*Extension\)\.InterceptOperation$"]),
    ("      store: compile the Cypher", [r"store\.Compile\w+$"]),
    ("      store: the driver's round trip and decoding", [r"store\.\(\*Client\)\.readOne$"]),
    ("      respond's writing of the answer", [r"respond\.\(\*writer\)\.root$"]),
    ("    encode and write the response", [r"server\.writeResponse$"]),
    ("garbage collector (background)", [r"runtime\.gcBgMarkWorker$"]),
]

UNIT = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}


def cums(path):
    res = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*([\d.]+)(\w*)\s+[\d.]+%\s+[\d.]+%\s+([\d.]+)(\w*)\s+[\d.]+%\s+(.+)$", line)
        if m:
            res[m.group(5).strip()] = float(m.group(3)) * UNIT.get(m.group(4), 0)
    return res


def part(c, pats):
    return sum(v for f, v in c.items() if any(re.search(p, f) for p in pats))


lat_rows, cpu = [], {}
for path in sorted(glob.glob(os.path.join(out, "latency-*.json"))):
    tag = os.path.basename(path)[len("latency-"):-len(".json")]
    r = json.load(open(path))
    cells = {c["system"]: c for c in r["reads"]}
    o, f = cells.get("ours"), cells.get("floor")
    if not o or not f:
        continue
    lat_rows.append((o["query"], o["p50ms"], f["p50ms"], o["throughput"], f["throughput"]))
    pr = json.load(open(os.path.join(out, f"profiled-{tag}.json")))
    served = pr["reads"][0]["throughput"] * prof
    top = os.path.join(out, f"top-{tag}.txt")
    if served > 0 and os.path.exists(top):
        cpu[o["query"]] = (cums(top), served)

print("**Fixed overhead at concurrency 1** (p50 ours − p50 floor; ours and the floor alternated, 2 rounds)\n")
print("| query | ours p50 ms | floor p50 ms | overhead µs | ours/floor p50 | ours req/s | floor req/s |")
print("|---|---:|---:|---:|---:|---:|---:|")
for q, o, f, ot, ft in lat_rows:
    print(f"| {q} | {o:.2f} | {f:.2f} | {(o - f) * 1000:.0f} | {o / f:.2f}× | {ot:.0f} | {ft:.0f} |")
print()
if cpu:
    qs = list(cpu)
    print("**CPU µs per request by part** (the service's CPU profile during a run of ours alone at concurrency 1, "
          "cumulative samples over the requests served)\n")
    print("| part | " + " | ".join(qs) + " |")
    print("|---|" + "---:|" * len(qs))
    for name, pats in PARTS:
        vals = []
        for q in qs:
            c, n = cpu[q]
            if pats is None:
                v = part(c, PARTS[0][1]) - part(c, PARTS[2][1])
            else:
                v = part(c, pats)
            vals.append(f"{v / n * 1e6:.0f}")
        level = (len(name) - len(name.lstrip())) // 2  # Markdown drops leading spaces
        print(f"| {'· ' * level}{name.strip()} | " + " | ".join(vals) + " |")
    print("| requests profiled | " + " | ".join(f"{cpu[q][1]:.0f}" for q in qs) + " |")
    print()
