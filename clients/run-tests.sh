#!/usr/bin/env bash
# Runs the Python client's tests, the analyst notebook included, against a
# running eventgraph service with the article seed loaded.
#
#   EVENTGRAPH_URL  the service (default http://127.0.0.1:18080)
#   EVENTGRAPH_WRITER_KEY  a writer key for the dry-run ingest tests (default dev-writer-key)
#   PYTHON          the interpreter that creates the venv (default python3)
#
# The venv lives in .venv at the repository root (git-ignored) and is made on
# the first run; later runs reuse it. Extra arguments go to pytest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3}"
export EVENTGRAPH_URL="${EVENTGRAPH_URL:-http://127.0.0.1:18080}"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "clients: creating $venv" >&2
  "$python" -m venv "$venv"
fi
# Re-running pip is cheap once installed and picks up changed dependencies.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root/clients/python[test]"

echo "clients: testing against $EVENTGRAPH_URL" >&2
cd "$root/clients/python"
status=0
"$venv/bin/python" -m pytest "$@" || status=$?
# pytest exits 5 when it collected no tests: that is a broken run, not a pass.
if [[ $status -eq 5 ]]; then
  echo "clients: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
