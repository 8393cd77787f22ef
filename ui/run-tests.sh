#!/usr/bin/env bash
# ui/run-tests.sh: the explorer's browser tests, in Debian's headless Chromium
# driven by playwright-core, with node's test runner.
#
#   EVENTGRAPH_URL  the running service with the seed loaded   (http://127.0.0.1:18080)
#   EVENTGRAPH_BIN  a build of ./cmd/eventgraph for the test that stops a
#                   service; built into a temporary folder when unset
#   NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE
#                   passed to that private service (same database as the
#                   service under test)
#   SCREENSHOT_DIR  where the screenshots go, relative to the repository
#                   (.data/screenshots; docs/screenshots refreshes the docs')
#
# tests/unit/ runs first: the explorer's pure modules in node, no browser.
# Installs what it needs: chromium from apt when /usr/bin/chromium is missing
# (we run as root), the npm packages when node_modules is missing or stale.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

if [ ! -x /usr/bin/chromium ]; then
  echo "ui/run-tests.sh: installing Debian's chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --prefer-offline --no-audit --no-fund
fi

# The pure pieces first (URL state, styles, elements, layout choices, the
# race guard, time range, brush, playback and histogram periods, search
# grouping, path order, clusters, history, export formats, style legend,
# saved views, the map's projection): node alone, no browser, no service,
# a few seconds.
node --test tests/unit/*.test.mjs

export EVENTGRAPH_URL=${EVENTGRAPH_URL:-http://127.0.0.1:18080}
if [ -z "${EVENTGRAPH_BIN:-}" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "ui/run-tests.sh: building ./cmd/eventgraph for the service-stopped test" >&2
  (cd "$root" && go build -o "$tmp/eventgraph" ./cmd/eventgraph)
  export EVENTGRAPH_BIN=$tmp/eventgraph
fi

# One file, tests in order, one browser: the machine is small.
exec node --test --test-concurrency=1 tests/*.test.mjs
