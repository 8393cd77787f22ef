#!/usr/bin/env bash
# bench/run.sh: the benchmarks of issue 5, end to end (`make bench` runs it).
#
#   SCALE=S bench/run.sh        # S = 10k events, M = 100k, L = 1M, T = 400 (smoke)
#
# Starts its own Neo4j (fresh data), builds and starts our service and the
# peer (@neo4j/graphql), loads the generated dataset through our ingest,
# records the Cypher our store sends (CYPHER_LOG) for the floor, runs the
# read mix and the ingestion benchmark with the systems alternated, then the
# mixed load (64 clients reading and writing at once, ours only), writes
# everything to bench/results/<scale>-<time>/ and prints the tables.
#
# Environment (all optional):
#   SCALE                 T, S, M or L                                  (S)
#   BENCH_NEO4J_PORT      Bolt port of the benchmark's own Neo4j        (7694)
#   BENCH_OURS_PORT       our service's HTTP port                       (18094)
#   BENCH_PEER_PORT       the peer's HTTP port                          (18095)
#   BENCH_NEO4J_HEAP      Neo4j heap                                    (3g)
#   BENCH_NEO4J_PAGECACHE Neo4j page cache                              (1g)
#   BENCH_CONCURRENCY     concurrency levels                            (1,8,32)
#   BENCH_DURATION        measured seconds per cell and round           (5s)
#   BENCH_ROUNDS          rounds per cell, systems rotated              (2)
#   BENCH_WARMUP          unmeasured time before each cell              (1s)
#   BENCH_SETS            variable sets per query                       (100)
#   BENCH_INGEST_BATCHES  ingestion batches per system                  (3)
#   BENCH_INGEST_SIZE     events per ingestion batch                    (500)
#   BENCH_PEER_INGEST_BATCHES batches for the peer, whose nested create
#                         is slow                                       (1)
#   BENCH_INGEST_TIMEOUT  give up on one batch after this               (5m)
#   BENCH_SYSTEMS         systems compared                              (ours,peer,floor)
#   BENCH_LOAD_CLIENTS    clients of the mixed load (reads and writes)  (64)
#   BENCH_LOAD_DURATION   how long the mixed load runs; 0 = skip it     (60s)
#   BENCH_LOAD_WRITES     share of the mixed load's requests that write (0.1)
#   BENCH_PEER_NODELAY    0 = the peer without its TCP_NODELAY preload
#                         (bench/peer/nodelay.mjs), as the driver leaves it (1)
#   BENCH_OURS_TIMEOUT    NEO4J_QUERY_TIMEOUT and REQUEST_TIMEOUT of the
#                         recording and the measured service (empty = the service's defaults,
#                         15 s and 20 s; smoke.sh sets 60s: on a loaded
#                         machine Neo4j plans the event upsert for longer
#                         than 15 s, and the smoke checks the harness, not
#                         the timings)
#   BENCH_OURS_BIN        a prebuilt service binary instead of building one
#   BENCH_KEEP            1 = leave Neo4j running with the data, and reuse
#                         it on the next run of the same scale          (0)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scale=${SCALE:-S}
port=${BENCH_NEO4J_PORT:-7694}
ours_port=${BENCH_OURS_PORT:-18094}
peer_port=${BENCH_PEER_PORT:-18095}
keep=${BENCH_KEEP:-0}
export NEO4J_PASSWORD=eventgraph
neo4j_uri=bolt://127.0.0.1:$port
out=$root/bench/results/$scale-$(date -u +%Y%m%dT%H%M%SZ)
bin=$root/bench/results/bin
mkdir -p "$out" "$bin"
# The machine's load before and after: a run on a shared machine says so.
{ echo "start: $(uptime)"; nproc; } >"$out/uptime.txt"
data=$root/.data/neo4j-$port
marker=$data/bench-scale

ours_pid= peer_pid=
cleanup() {
  [ -n "$ours_pid" ] && kill "$ours_pid" 2>/dev/null || true
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
  if [ "$keep" != 1 ]; then
    NEO4J_BOLT_PORT=$port scripts/neo4j stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

log() { echo "bench: $*" >&2; }

# Refuse to start over something already listening on our ports: the load
# would silently go to someone else's server (and write into its database).
for p in "$ours_port" "$peer_port"; do
  if (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then
    log "port $p is in use; set BENCH_OURS_PORT / BENCH_PEER_PORT"; exit 1
  fi
done

wait_http() { # url what seconds
  for _ in $(seq 1 $(( $3 * 4 ))); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  log "$2 did not answer on $1 within $3 s"; return 1
}

log "building our service and the harness"
if [ -n "${BENCH_OURS_BIN:-}" ]; then
  cp "$BENCH_OURS_BIN" "$bin/eventgraph"   # e.g. a build of an earlier commit, to compare versions
else
  go build -o "$bin/eventgraph" ./cmd/eventgraph
fi
{ git rev-parse HEAD; git status --short -- cmd store resolvers server graph go.mod | head -20; } >"$out/commit.txt" 2>/dev/null || true
echo "${BENCH_OURS_BIN:-built from the working tree}" >>"$out/commit.txt"
go build -o "$bin/gen" ./bench/gen
go build -o "$bin/load" ./bench/load

log "installing the peer (npm ci)"
(cd bench/peer && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)

reuse=0
if [ "$keep" = 1 ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$scale" ] && NEO4J_BOLT_PORT=$port scripts/neo4j status >/dev/null 2>&1; then
  reuse=1
  log "reusing the running Neo4j on $port with scale $scale loaded"
else
  NEO4J_BOLT_PORT=$port scripts/neo4j stop >/dev/null 2>&1 || true
  NEO4J_BOLT_PORT=$port scripts/neo4j wipe >/dev/null 2>&1 || true
  NEO4J_BOLT_PORT=$port NEO4J_HEAP=${BENCH_NEO4J_HEAP:-3g} NEO4J_PAGECACHE=${BENCH_NEO4J_PAGECACHE:-1g} scripts/neo4j start >&2
fi

start_ours() { # extra env assignments...
  env NEO4J_URI="$neo4j_uri" ADDR=127.0.0.1:$ours_port SEED=never MAX_BODY_BYTES=67108864 LOG_LEVEL=warn "$@" \
    "$bin/eventgraph" >>"$out/ours.log" 2>&1 &
  ours_pid=$!
  wait_http "http://127.0.0.1:$ours_port/readyz" "our service" 300
}
stop_ours() { kill "$ours_pid" 2>/dev/null || true; wait "$ours_pid" 2>/dev/null || true; ours_pid=; }

# Loading sends batches of thousands of items into a cold database, whose
# first statements take seconds to plan: the loading service gets longer
# timeouts than the measured one (which keeps the defaults).
start_ours NEO4J_QUERY_TIMEOUT=120s REQUEST_TIMEOUT=130s
if [ "$reuse" = 0 ]; then
  log "loading scale $scale through our ingest"
  "$bin/gen" -scale "$scale" -via ingest -url "http://127.0.0.1:$ours_port/graphql" | tee "$out/load.json"
  echo "$scale" >"$marker"
fi
stop_ours

log "recording the Cypher our store sends, for the floor"
recording= record_failed=0
timeouts=()
[ -n "${BENCH_OURS_TIMEOUT:-}" ] && timeouts=(NEO4J_QUERY_TIMEOUT="$BENCH_OURS_TIMEOUT" REQUEST_TIMEOUT="$BENCH_OURS_TIMEOUT")
start_ours CYPHER_LOG="$out/cypher.log" "${timeouts[@]}"
if "$bin/load" record -scale "$scale" -sets "${BENCH_SETS:-100}" -ours "http://127.0.0.1:$ours_port/graphql" \
     -log "$out/cypher.log" -out "$out/recording.json"; then
  recording=$out/recording.json
else
  log "no recording (does the service support CYPHER_LOG?): the floor runs ingestion only; the run will fail"
  record_failed=1
fi
stop_ours

log "starting our service and the peer for the run"
start_ours "${timeouts[@]}"
# The peer at its best: nodelay.mjs sets TCP_NODELAY on its Bolt sockets
# (the JavaScript driver leaves Nagle's algorithm on; see the file).
# BENCH_PEER_NODELAY=0 runs it as the driver leaves it, for the comparison.
peer_preload=(--import ./nodelay.mjs)
[ "${BENCH_PEER_NODELAY:-1}" = 0 ] && peer_preload=()
echo "peer: node ${peer_preload[*]} server.js" >>"$out/commit.txt"
(cd bench/peer && NEO4J_URI="$neo4j_uri" PORT=$peer_port PEER_NODELAY_LOG=1 exec node "${peer_preload[@]}" server.js >>"$out/peer.log" 2>&1) &
peer_pid=$!
# The peer answers GET /graphql with a 4xx without a query; any HTTP answer will do.
for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$peer_port/graphql" && break; sleep 0.25; done
# the subshell exec'd node, so $peer_pid is node's pid

systems=${BENCH_SYSTEMS:-ours,peer,floor}
"$bin/load" run -scale "$scale" -sets "${BENCH_SETS:-100}" -systems "$systems" \
  -ours "http://127.0.0.1:$ours_port/graphql" -peer "http://127.0.0.1:$peer_port/graphql" -neo4j "$neo4j_uri" \
  ${recording:+-recording "$recording"} \
  -concurrency "${BENCH_CONCURRENCY:-1,8,32}" -duration "${BENCH_DURATION:-5s}" -rounds "${BENCH_ROUNDS:-2}" \
  -warmup "${BENCH_WARMUP:-1s}" -ingest-batches "${BENCH_INGEST_BATCHES:-3}" -ingest-size "${BENCH_INGEST_SIZE:-500}" \
  -peer-ingest-batches "${BENCH_PEER_INGEST_BATCHES:-1}" -ingest-timeout "${BENCH_INGEST_TIMEOUT:-5m}" \
  -ours-pid "$ours_pid" -peer-pid "$peer_pid" -out "$out/results.json" -md "$out/tables.md" && status=0 || status=$?

# The mixed load (issue 9): many clients sending reads and small ingest
# batches at once to our service alone; any error fails the run. What the
# writes create is deleted afterwards, so a kept database holds the dataset.
mixed_status=0
if [ "${BENCH_LOAD_DURATION:-60s}" != 0 ]; then
  log "mixed load: ${BENCH_LOAD_CLIENTS:-64} clients for ${BENCH_LOAD_DURATION:-60s}, reads and writes"
  "$bin/load" mixed -scale "$scale" -sets "${BENCH_SETS:-100}" -ours "http://127.0.0.1:$ours_port/graphql" \
    -clients "${BENCH_LOAD_CLIENTS:-64}" -duration "${BENCH_LOAD_DURATION:-60s}" -writes "${BENCH_LOAD_WRITES:-0.1}" \
    -ours-pid "$ours_pid" -neo4j "$neo4j_uri" -out "$out/mixed.json" -md "$out/mixed.md" || mixed_status=$?
fi
[ "$status" = 0 ] && status=$mixed_status
cp "$out/load.json" "$out/tables.md" "$out/mixed.md" "$root/bench/results/" 2>/dev/null || true
echo "end: $(uptime)" >>"$out/uptime.txt"
log "results in $out"
[ "$record_failed" = 1 ] && [ "$status" = 0 ] && status=1
exit $status
