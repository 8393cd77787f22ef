#!/usr/bin/env bash
# bench/smoke.sh: a tiny run of the whole benchmark (400 events, concurrency
# 1 and 2, a second per cell, all three systems, then 2 s of the mixed load
# with 8 clients), so that `make test` keeps the harness from rotting; the
# measured service gets 60 s timeouts (BENCH_OURS_TIMEOUT), since a loaded
# machine plans the event upsert for longer than the default 15 s. Exits
# non-zero if any system errors. Its own Neo4j port by default (7695), so it
# never wipes the data of a `make bench` running beside it; run.sh refuses
# HTTP ports already in use.
set -euo pipefail
cd "$(dirname "$0")"
export SCALE=T BENCH_CONCURRENCY=${BENCH_CONCURRENCY:-1,2} BENCH_DURATION=1s BENCH_ROUNDS=1 BENCH_WARMUP=0s \
  BENCH_SETS=10 BENCH_INGEST_BATCHES=1 BENCH_INGEST_SIZE=20 BENCH_INGEST_TIMEOUT=60s \
  BENCH_NEO4J_PORT=${BENCH_NEO4J_PORT:-7695} BENCH_OURS_PORT=${BENCH_OURS_PORT:-18094} BENCH_PEER_PORT=${BENCH_PEER_PORT:-18095} \
  BENCH_LOAD_CLIENTS=8 BENCH_LOAD_DURATION=2s BENCH_OURS_TIMEOUT=${BENCH_OURS_TIMEOUT:-60s} \
  BENCH_NEO4J_HEAP=${BENCH_NEO4J_HEAP:-1g} BENCH_NEO4J_PAGECACHE=${BENCH_NEO4J_PAGECACHE:-256m} BENCH_KEEP=0
exec ./run.sh
