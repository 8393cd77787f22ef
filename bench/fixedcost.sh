#!/usr/bin/env bash
# bench/fixedcost.sh: the fixed cost of a request (issue 16, item 4) — what
# our service adds to the floor at concurrency 1, in microseconds, and where
# its CPU goes, part by part.
#
# Needs the database a `BENCH_KEEP=1 SCALE=S bench/run.sh` left running (same
# BENCH_NEO4J_PORT) and that run's recording of our store's Cypher. Starts
# the service with PPROF=1, then for each query: ours and the floor
# alternated at concurrency 1 (bench/load run), p50 ours − p50 floor being
# the fixed overhead; and a CPU profile of the service during a run of
# ours alone, whose samples are divided by the requests served into CPU µs
# per request for each part (HTTP, reading the body, parsing, validation,
# the guards, respond's writing, the driver, JSON of the response).
#
# Environment (all optional):
#   SCALE, BENCH_NEO4J_PORT, BENCH_OURS_PORT   as bench/run.sh  (S, 7694, 18094)
#   BENCH_RECORDING      the floor's recording (newest bench/results/<SCALE>-*/recording.json)
#   BENCH_FIXED_QUERIES  queries measured    (topic positions,forecast list,actor profile)
#   BENCH_FIXED_DURATION measured seconds per system, query and round (5s)
#   BENCH_FIXED_PROFILE  seconds of the CPU profile per query  (8)
#   BENCH_OURS_BIN       a prebuilt service binary (to measure another commit)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scale=${SCALE:-S}
port=${BENCH_NEO4J_PORT:-7694}
ours_port=${BENCH_OURS_PORT:-18094}
queries=${BENCH_FIXED_QUERIES:-topic positions,forecast list,actor profile}
dur=${BENCH_FIXED_DURATION:-5s}
prof=${BENCH_FIXED_PROFILE:-8}
rec=${BENCH_RECORDING:-$(ls -t bench/results/"$scale"-*/recording.json 2>/dev/null | head -1)}
[ -n "$rec" ] || { echo "fixedcost: no recording; run BENCH_KEEP=1 SCALE=$scale bench/run.sh first" >&2; exit 1; }
export NEO4J_PASSWORD=eventgraph
out=$root/bench/results/fixedcost-$scale-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
{ echo "start: $(uptime)"; nproc; echo "recording: $rec"; } >"$out/uptime.txt"
if [ -n "${BENCH_OURS_BIN:-}" ]; then cp "$BENCH_OURS_BIN" "$out/eventgraph"; else go build -o "$out/eventgraph" ./cmd/eventgraph; fi
go build -o "$out/load" ./bench/load
git rev-parse HEAD >"$out/commit.txt" 2>/dev/null || true

env NEO4J_URI=bolt://127.0.0.1:$port ADDR=127.0.0.1:$ours_port SEED=never LOG_LEVEL=warn PPROF=1 \
  "$out/eventgraph" >>"$out/ours.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 400); do curl -fsS -o /dev/null "http://127.0.0.1:$ours_port/readyz" 2>/dev/null && break; sleep 0.25; done
gql=http://127.0.0.1:$ours_port/graphql

IFS=, read -r -a qs <<<"$queries"
for q in "${qs[@]}"; do
  tag=${q// /-}
  # ours against the floor, alternated: the overhead in latency
  "$out/load" run -scale "$scale" -sets 100 -systems ours,floor -ours "$gql" -neo4j "bolt://127.0.0.1:$port" \
    -recording "$rec" -queries "$q" -concurrency 1 -duration "$dur" -rounds 2 -warmup 1s -ingest-batches 0 \
    -out "$out/latency-$tag.json" >/dev/null 2>>"$out/load.log"
  # ours alone under the profiler: where the CPU goes
  curl -fsS -o "$out/cpu-$tag.pb.gz" "http://127.0.0.1:$ours_port/debug/pprof/profile?seconds=$prof" &
  cpid=$!
  "$out/load" run -scale "$scale" -sets 100 -systems ours -ours "$gql" -queries "$q" -concurrency 1 \
    -duration "$((prof + 1))s" -rounds 1 -warmup 0s -ingest-batches 0 -out "$out/profiled-$tag.json" >/dev/null 2>>"$out/load.log"
  wait "$cpid"
  go tool pprof -top -cum -nodecount=100000 "$out/eventgraph" "$out/cpu-$tag.pb.gz" >"$out/top-$tag.txt" 2>/dev/null
done
echo "end: $(uptime)" >>"$out/uptime.txt"
python3 bench/fixedcost_table.py "$out" "$prof" | tee "$out/tables.md"
echo "fixedcost: results in $out" >&2
