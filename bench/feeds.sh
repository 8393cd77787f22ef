#!/usr/bin/env bash
# bench/feeds.sh: `kg ingest` end to end on real-shaped GDELT 2.0 exports
# (issue 11, item 5; `make bench-feeds` runs it, `make bench` after the
# read benchmarks).
#
# Starts its own Neo4j (fresh data) and the service (seeded), then for each
# --batch size and run: writes a fresh 2,000-row 15-minute export with
# bench/feeds (a new seed, so most actors, places and articles are new to
# the graph), imports it (first import), imports it again with --restart
# (replay: everything already there), and imports a series of fresh files
# in one kg run. Each kg run is timed by /usr/bin/time (wall clock, kg's
# peak RSS, kg's CPU); the service's and Neo4j's CPU seconds come from
# /proc, and the service's per-statement round-trip times from its /metrics
# (eventgraph_db_round_trip_duration_seconds), as differences around the
# run. Results go to bench/results/feeds-<time>/ (runs.tsv, statements.tsv,
# tables.md) and the tables are printed.
#
# Environment (all optional):
#   BENCH_FEEDS_NEO4J_PORT   Bolt port of its own Neo4j                (7696)
#   BENCH_FEEDS_PORT         the service's HTTP port                   (18096)
#   BENCH_FEEDS_RUNS         runs per cell; the tables give the median (3)
#   BENCH_FEEDS_WARMUP       fresh files imported, unmeasured, before the
#                            runs: Neo4j's JIT and plan cache are cold after
#                            the seed, and the first imports run 3-10x slower (2)
#   BENCH_FEEDS_BATCHES      kg --batch sizes                          (500 1000)
#   BENCH_FEEDS_ROWS         rows per file                             (2000)
#   BENCH_FEEDS_FILES        files in the several-files run            (4)
#   BENCH_FEEDS_TIMEOUT      the service's NEO4J_QUERY_TIMEOUT and REQUEST_TIMEOUT
#                            (its defaults, 15s and 20s: on a loaded machine a
#                            batch of 500 new rows can take longer)
#   BENCH_FEEDS_NEO4J_HEAP   Neo4j heap                                (1g)
#   BENCH_FEEDS_PROFILE      1 = a CPU profile of the service during the
#                            first first import, to profile.pb.gz         (0)
#   BENCH_FEEDS_PROFILE_SECONDS  its length                            (15)
#   BENCH_OURS_BIN, BENCH_KG_BIN  prebuilt service and kg binaries instead
#                            of building them (to measure another commit)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${BENCH_FEEDS_NEO4J_PORT:-7696}
svc_port=${BENCH_FEEDS_PORT:-18096}
runs=${BENCH_FEEDS_RUNS:-3}
batches=${BENCH_FEEDS_BATCHES:-500 1000}
rows=${BENCH_FEEDS_ROWS:-2000}
nfiles=${BENCH_FEEDS_FILES:-4}
export NEO4J_PASSWORD=eventgraph
out=$root/bench/results/feeds-$(date -u +%Y%m%dT%H%M%SZ)
bin=$out/bin
data=$root/.data/neo4j-$port
mkdir -p "$out/files" "$bin"
url=http://127.0.0.1:$svc_port

log() { echo "bench-feeds: $*" >&2; }

svc_pid=
cleanup() {
  [ -n "$svc_pid" ] && kill "$svc_pid" 2>/dev/null || true
  NEO4J_BOLT_PORT=$port NEO4J_DATA=$data scripts/neo4j stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

if (exec 3<>/dev/tcp/127.0.0.1/"$svc_port") 2>/dev/null; then
  log "port $svc_port is in use; set BENCH_FEEDS_PORT"; exit 1
fi

log "building"
if [ -n "${BENCH_OURS_BIN:-}" ]; then cp "$BENCH_OURS_BIN" "$bin/eventgraph"; else go build -o "$bin/eventgraph" ./cmd/eventgraph; fi
if [ -n "${BENCH_KG_BIN:-}" ]; then cp "$BENCH_KG_BIN" "$bin/kg"; else go build -o "$bin/kg" ./cmd/kg; fi
go build -o "$bin/feeds" ./bench/feeds
{ git rev-parse HEAD; git status --short -- cmd store importer server graph | head -20
  echo "service: ${BENCH_OURS_BIN:-built from the working tree}; kg: ${BENCH_KG_BIN:-built from the working tree}"; } >"$out/commit.txt"

NEO4J_BOLT_PORT=$port NEO4J_DATA=$data scripts/neo4j stop >/dev/null 2>&1 || true
NEO4J_BOLT_PORT=$port NEO4J_DATA=$data scripts/neo4j wipe >/dev/null 2>&1 || true
NEO4J_BOLT_PORT=$port NEO4J_DATA=$data NEO4J_HEAP=${BENCH_FEEDS_NEO4J_HEAP:-1g} scripts/neo4j start >&2
neo4j_pid=$(cat "$data/neo4j.pid")

env NEO4J_URI=bolt://127.0.0.1:$port ADDR=127.0.0.1:$svc_port SEED=auto LOG_LEVEL=warn PPROF=1 \
  ${BENCH_FEEDS_TIMEOUT:+NEO4J_QUERY_TIMEOUT=$BENCH_FEEDS_TIMEOUT REQUEST_TIMEOUT=$BENCH_FEEDS_TIMEOUT} \
  "$bin/eventgraph" >>"$out/service.log" 2>&1 &
svc_pid=$!
for _ in $(seq 1 1200); do curl -fsS -o /dev/null "$url/readyz" 2>/dev/null && break; sleep 0.25; done
curl -fsS -o /dev/null "$url/readyz" || { log "the service did not become ready; see $out/service.log"; exit 1; }

# cpu PID: user+system CPU seconds of a process so far
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
# statements FILE: the service's per-statement round-trip sums and counts
statements() { curl -fsS "$url/metrics" | awk '/^eventgraph_db_round_trip_duration_seconds_(sum|count)\{/ {
  match($0, /query="[^"]*"/); q = substr($0, RSTART + 7, RLENGTH - 8)
  kind = ($0 ~ /_sum\{/) ? "sum" : "count"; print q "\t" kind "\t" $NF }' >"$1"; }

printf 'kind\tbatch\trun\tfiles\trows\trejected\twall_s\trows_per_s\tkg_rss_kb\tkg_cpu_s\tservice_cpu_s\tneo4j_cpu_s\tstatus\n' >"$out/runs.tsv"
printf 'kind\tbatch\trun\tstatement\tcalls\tseconds\n' >"$out/statements.tsv"

# measure KIND BATCH RUN FILE... : one timed kg run
measure() {
  local kind=$1 b=$2 r=$3; shift 3
  local tag=$kind-$b-$r extra=()
  [ "$kind" = replay ] && extra=(--restart)
  statements "$out/m0"
  local s0 n0
  s0=$(cpu "$svc_pid"); n0=$(cpu "$neo4j_pid")
  local status=0
  /usr/bin/time -f '%e %M %U %S' -o "$out/time-$tag" "$bin/kg" ingest --url "$url" --key dev-writer-key \
    --batch "$b" --quiet --report "$out/report-$tag.json" "${extra[@]}" "$@" >"$out/kg-$tag.log" 2>&1 || status=$?
  local s1 n1
  s1=$(cpu "$svc_pid"); n1=$(cpu "$neo4j_pid")
  statements "$out/m1"
  read -r wall rss ucpu scpu < <(tail -n 1 "$out/time-$tag")  # after "Command exited with ..."
  local counts
  counts=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total"]; print(t["rows"], t["rejected"])' "$out/report-$tag.json" 2>/dev/null || echo "0 0")
  read -r nrows rejected <<<"$counts"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$b" "$r" "$#" "$nrows" "$rejected" "$wall" \
    "$(awk -v n="$nrows" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }')" "$rss" \
    "$(awk -v u="$ucpu" -v s="$scpu" 'BEGIN { print u + s }')" \
    "$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", b - a }')" "$(awk -v a="$n0" -v b="$n1" 'BEGIN { printf "%.2f", b - a }')" \
    "$status" | tee -a "$out/runs.tsv" >&2
  awk -F'\t' -v k="$kind" -v b="$b" -v r="$r" 'NR == FNR { v0[$1 "\t" $2] = $3; next }
    { d[$1 "\t" $2] = $3 - v0[$1 "\t" $2]; q[$1] = 1 }
    END { for (s in q) if (d[s "\tcount"] > 0) printf "%s\t%s\t%s\t%s\t%d\t%.3f\n", k, b, r, s, d[s "\tcount"], d[s "\tsum"] }' \
    "$out/m0" "$out/m1" >>"$out/statements.tsv"
}

seed=$(( $(date +%s) % 500 + 100 ))
profiled=0
for w in $(seq 1 "${BENCH_FEEDS_WARMUP:-2}"); do
  seed=$((seed + 1))
  f=$("$bin/feeds" -seed "$seed" -rows "$rows" -out "$out/files")
  log "warm-up $w: $(basename "$f"), not measured"
  "$bin/kg" ingest --url "$url" --key dev-writer-key --quiet "$f" >"$out/kg-warmup-$w.log" 2>&1 || true
done
for b in $batches; do
  for r in $(seq 1 "$runs"); do
    seed=$((seed + 1))
    f=$("$bin/feeds" -seed "$seed" -rows "$rows" -out "$out/files")
    if [ "${BENCH_FEEDS_PROFILE:-0}" = 1 ] && [ "$profiled" = 0 ]; then
      curl -fsS -o "$out/profile.pb.gz" "$url/debug/pprof/profile?seconds=${BENCH_FEEDS_PROFILE_SECONDS:-15}" &
      profiled=$!
    fi
    log "batch $b, run $r: first import of $(basename "$f")"
    measure first "$b" "$r" "$f"
    log "batch $b, run $r: replay"
    measure replay "$b" "$r" "$f"
  done
  seed=$((seed + 1))
  mapfile -t fs < <("$bin/feeds" -seed "$seed" -rows "$rows" -gdelt "$nfiles" -out "$out/files")
  log "batch $b: $nfiles fresh files in one run"
  measure series "$b" 1 "${fs[@]}"
done
[ "$profiled" != 0 ] && wait "$profiled"

python3 bench/feeds_tables.py "$out" | tee "$out/tables.md"
log "results in $out"
