#!/usr/bin/env bash
# ui/build.sh: rebuilds the explorer's assets into ui/dist/ (embedded in the Go
# binary by ui/embed.go). Idempotent: `npm ci` runs only when node_modules is
# missing or older than package-lock.json, and prefers npm's local cache.
# dist/ is committed, so a fresh clone builds the Go binary without Node;
# run this (or `make ui`) after changing anything under ui/src/.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "ui/build.sh: node and npm are needed to rebuild the explorer (the committed ui/dist/ still works without them)" >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --prefer-offline --no-audit --no-fund
fi

npx --no-install tsc --noEmit -p .
node build.mjs
