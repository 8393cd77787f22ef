#!/usr/bin/env bash
# make run: start (or reuse) the local Neo4j, build the service and serve it
# in the foreground. The service applies migrations and seeds an empty
# database itself. Ctrl-C stops the service; Neo4j keeps running (make
# neo4j-stop stops it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export NEO4J_BOLT_PORT=${NEO4J_BOLT_PORT:-7687}
export NEO4J_URI=${NEO4J_URI:-bolt://127.0.0.1:$NEO4J_BOLT_PORT}
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-eventgraph}
export SEED=${SEED:-auto}
case "$NEO4J_URI" in
  *127.0.0.1*|*localhost*) scripts/neo4j start ;;
  *) echo "run: using the Neo4j at $NEO4J_URI" ;;
esac
go build -o bin/eventgraph ./cmd/eventgraph
exec bin/eventgraph
