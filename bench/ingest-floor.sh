#!/usr/bin/env bash
# bench/ingest-floor.sh: `kg ingest` end to end against its floor (issue 16,
# item 3). The same kg reads the same kind of real-shaped files (bench/feeds:
# GDELT 2.0 15-minute exports and ACLED exports, repeated and new actors, new
# places and articles) and sends the same batches either to the service
# (validation, guards, resolution of what the graph already holds, merging
# of sources' claims) or to bench/ingestfloor, which writes each batch as one
# UNWIND ... MERGE per kind of item through the Go driver and nothing else.
# Each run imports a fresh file (new seed) into each system, the systems in
# turn, then the same file again with --restart (replay: everything is
# there). Rows per second are kg's rows over kg's wall clock. A third
# endpoint writes nothing (ingestfloor -noop): kg alone, the ceiling any
# service can give kg on this machine.
#
# bench/feeds.sh (owned by the ingest work) measures kg alone in more detail;
# this script only adds the floor beside it.
#
# Environment (all optional):
#   BENCH_FEEDS_NEO4J_PORT   Bolt port of its own Neo4j (fresh data)     (7696)
#   BENCH_FEEDS_PORT         the service's HTTP port                     (18096)
#   BENCH_FLOOR_PORT         the ingest floor's HTTP port                (18097)
#   BENCH_FLOOR_NOOP_PORT    an ingestfloor -noop, which writes nothing: kg
#                            alone, with a service that costs nothing      (18098)
#   BENCH_FLOOR_RUNS         runs per feed and system                    (2)
#   BENCH_FLOOR_ROWS         rows per file                               (2000)
#   BENCH_FLOOR_FEEDS        feeds measured                              (gdelt acled)
#   BENCH_FLOOR_BATCH        kg --batch                                  (500)
#   BENCH_FEEDS_TIMEOUT      the service's NEO4J_QUERY_TIMEOUT and REQUEST_TIMEOUT (60s)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${BENCH_FEEDS_NEO4J_PORT:-7696}
svc_port=${BENCH_FEEDS_PORT:-18096}
floor_port=${BENCH_FLOOR_PORT:-18097}
noop_port=${BENCH_FLOOR_NOOP_PORT:-18098}
runs=${BENCH_FLOOR_RUNS:-2}
rows=${BENCH_FLOOR_ROWS:-2000}
feeds=${BENCH_FLOOR_FEEDS:-gdelt acled}
batch=${BENCH_FLOOR_BATCH:-500}
timeout=${BENCH_FEEDS_TIMEOUT:-60s}
export NEO4J_PASSWORD=eventgraph
out=$root/bench/results/ingest-floor-$(date -u +%Y%m%dT%H%M%SZ)
bin=$out/bin
data=$root/.data/neo4j-$port
mkdir -p "$out/files" "$bin"
{ echo "start: $(uptime)"; nproc; } >"$out/uptime.txt"

log() { echo "bench-ingest-floor: $*" >&2; }
svc_pid= floor_pid= noop_pid=
cleanup() {
  [ -n "$svc_pid" ] && kill "$svc_pid" 2>/dev/null || true
  [ -n "$noop_pid" ] && kill "$noop_pid" 2>/dev/null || true
  [ -n "$floor_pid" ] && kill "$floor_pid" 2>/dev/null || true
  NEO4J_BOLT_PORT=$port NEO4J_DATA=$data scripts/neo4j stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
for p in "$svc_port" "$floor_port" "$noop_port"; do
  if (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then log "port $p is in use"; exit 1; fi
done

log "building"
go build -o "$bin/eventgraph" ./cmd/eventgraph
go build -o "$bin/kg" ./cmd/kg
go build -o "$bin/feeds" ./bench/feeds
go build -o "$bin/ingestfloor" ./bench/ingestfloor
git rev-parse HEAD >"$out/commit.txt" 2>/dev/null || true

NEO4J_BOLT_PORT=$port NEO4J_DATA=$data scripts/neo4j stop >/dev/null 2>&1 || true
NEO4J_BOLT_PORT=$port NEO4J_DATA=$data scripts/neo4j wipe >/dev/null 2>&1 || true
NEO4J_BOLT_PORT=$port NEO4J_DATA=$data NEO4J_HEAP=${BENCH_FEEDS_NEO4J_HEAP:-1g} scripts/neo4j start >&2

# The service migrates (constraints, indexes) and seeds; the floor writes
# into the same database afterwards, with the same constraints.
env NEO4J_URI=bolt://127.0.0.1:$port ADDR=127.0.0.1:$svc_port SEED=auto LOG_LEVEL=warn \
  NEO4J_QUERY_TIMEOUT=$timeout REQUEST_TIMEOUT=$timeout "$bin/eventgraph" >>"$out/service.log" 2>&1 &
svc_pid=$!
"$bin/ingestfloor" -addr 127.0.0.1:$floor_port -neo4j bolt://127.0.0.1:$port >>"$out/floor.log" 2>&1 &
floor_pid=$!
"$bin/ingestfloor" -noop -addr 127.0.0.1:$noop_port -neo4j bolt://127.0.0.1:$port >>"$out/noop.log" 2>&1 &
noop_pid=$!
for u in "http://127.0.0.1:$svc_port/readyz" "http://127.0.0.1:$floor_port/readyz" "http://127.0.0.1:$noop_port/readyz"; do
  for _ in $(seq 1 1200); do curl -fsS -o /dev/null "$u" 2>/dev/null && break; sleep 0.25; done
  curl -fsS -o /dev/null "$u" || { log "$u is not ready; see $out/*.log"; exit 1; }
done

url_of() {
  case $1 in ours) echo "http://127.0.0.1:$svc_port" ;; floor) echo "http://127.0.0.1:$floor_port" ;; *) echo "http://127.0.0.1:$noop_port" ;; esac
}
file_of() { # feed seed
  if [ "$1" = gdelt ]; then "$bin/feeds" -seed "$2" -rows "$rows" -out "$out/files"
  else "$bin/feeds" -seed "$2" -gdelt 0 -acled 1 -acled-rows "$rows" -out "$out/files"; fi
}
printf 'feed\tsystem\tkind\trun\trows\trejected\twall_s\trows_per_s\tstatus\n' >"$out/runs.tsv"
measure() { # feed system kind run file
  local extra=() status=0
  [ "$3" = replay ] && extra=(--restart)
  local t0 t1
  t0=$(date +%s.%N)
  "$bin/kg" ingest --url "$(url_of "$2")" --key dev-writer-key --batch "$batch" --quiet \
    --report "$out/report-$1-$2-$3-$4.json" "${extra[@]}" "$5" >"$out/kg-$1-$2-$3-$4.log" 2>&1 || status=$?
  t1=$(date +%s.%N)
  local counts
  counts=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total"]; print(t["rows"], t["rejected"])' \
    "$out/report-$1-$2-$3-$4.json" 2>/dev/null || echo "0 0")
  read -r n rej <<<"$counts"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%.0f\t%s\n' "$1" "$2" "$3" "$4" "$n" "$rej" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$n / ($t1 - $t0)" | bc -l)" "$status" | tee -a "$out/runs.tsv" >&2
}

seed=$(( $(date +%s) % 500 + 2000 ))
# Warm-up, unmeasured: Neo4j plans every statement of both once.
for f in $feeds; do
  for sys in ours floor; do
    seed=$((seed + 1)); file=$(file_of "$f" "$seed")
    "$bin/kg" ingest --url "$(url_of $sys)" --key dev-writer-key --batch "$batch" --quiet "$file" >"$out/kg-warmup-$f-$sys.log" 2>&1 || true
  done
done
for r in $(seq 1 "$runs"); do
  for f in $feeds; do
    order="ours floor"; [ $((r % 2)) = 0 ] && order="floor ours"
    for sys in $order; do
      seed=$((seed + 1)); file=$(file_of "$f" "$seed")
      log "run $r, $f on $sys: first import of $(basename "$file")"
      measure "$f" "$sys" first "$r" "$file"
      measure "$f" "$sys" replay "$r" "$file"
    done
    seed=$((seed + 1)); file=$(file_of "$f" "$seed")
    measure "$f" "kg-alone" first "$r" "$file"
  done
done
echo "end: $(uptime)" >>"$out/uptime.txt"

python3 - "$out" <<'PY' | tee "$out/tables.md"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/runs.tsv"), delimiter="\t"))
print("| feed | import | ours rows/s | floor rows/s | ours/floor | kg alone rows/s | runs | rejected (ours) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for feed in dict.fromkeys(r["feed"] for r in rows):
    for kind in ("first", "replay"):
        def med(sys):
            v = [float(r["rows_per_s"]) for r in rows if r["feed"] == feed and r["kind"] == kind and r["system"] == sys and r["status"] == "0"]
            return (statistics.median(v) if v else 0.0), len(v)
        o, n = med("ours"); fl, _ = med("floor"); kg, _ = med("kg-alone")
        rej = sum(int(r["rejected"] or 0) for r in rows if r["feed"] == feed and r["kind"] == kind and r["system"] == "ours")
        ratio = f"{o / fl:.2f}×" if o and fl else "–"
        kgs = f"{kg:.0f}" if kg else "–"
        print(f"| {feed} | {kind} | {o:.0f} | {fl:.0f} | {ratio} | {kgs} | {n} | {rej} |")
PY
log "results in $out"
