"""Which failures the client sends again, above all a write whose commit the
service could not confirm. The service cannot be made to lose its database
connection mid-commit on demand (the Go store tests do that against Neo4j), so
a small HTTP server plays the service's answers here; every other test runs
against the real service."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventgraph_client import Client, EventgraphError
from eventgraph_client.client import _transient

# What the service answers when the connection to Neo4j dropped during the commit.
COMMIT_UNKNOWN = {
    "errors": [
        {
            "message": "the connection to the database dropped while the write was being committed, "
            "so it may or may not have been written; sending it again is safe",
            "path": ["ingest"],
            "extensions": {"code": "DATABASE_UNAVAILABLE", "committed": "unknown"},
        }
    ],
    "data": None,
}
WRITTEN = {"data": {"ingest": {"created": 0, "unchanged": 1, "bookmark": "FB:after-replay"}}}
MUTATION = "mutation($input: IngestInput!) { ingest(input: $input) { created unchanged bookmark } }"


def error(code: str, **ext) -> dict:
    return {"errors": [{"message": "m", "extensions": {"code": code, **ext}}], "data": None}


@pytest.mark.parametrize(
    "answer, transient, committed",
    [
        (COMMIT_UNKNOWN, True, "unknown"),
        (error("DATABASE_UNAVAILABLE"), True, None),
        (error("BAD_USER_INPUT"), False, None),
        (error("QUERY_TOO_COMPLEX"), False, None),
        (error("UNAUTHENTICATED"), False, None),
    ],
    ids=["commit-unknown", "database-unavailable", "bad-input", "too-complex", "unauthenticated"],
)
def test_retry_decision(answer, transient, committed):
    e = EventgraphError.from_graphql(answer["errors"])
    assert _transient(e) is transient
    assert e.committed == committed


class Script:
    """A stand-in service that answers the scripted responses in turn (the
    last one for ever) and keeps every request body it got."""

    def __init__(self, *answers: dict) -> None:
        self.answers = list(answers)
        self.bodies: list[dict] = []
        script = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                script.bodies.append(json.loads(self.rfile.read(length)))
                answer = script.answers[min(len(script.bodies), len(script.answers)) - 1]
                raw = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def script():
    made: list[Script] = []

    def make(*answers: dict) -> Script:
        made.append(Script(*answers))
        return made[-1]

    yield make
    for s in made:
        s.close()


def test_unknown_commit_is_sent_again(script):
    s = script(COMMIT_UNKNOWN, WRITTEN)
    with Client(s.url, key="k", retries=2, backoff=0.01) as eg:
        data = eg.execute(MUTATION, {"input": {"topics": [{"id": "t", "name": "T"}]}})
    assert data["ingest"]["unchanged"] == 1
    # The same write, twice: the replay is the request itself, unchanged.
    assert len(s.bodies) == 2 and s.bodies[0] == s.bodies[1]
    assert eg.bookmark == "FB:after-replay"


def test_unknown_commit_that_persists_is_raised_as_such(script):
    s = script(COMMIT_UNKNOWN)
    eg = Client(s.url, key="k", retries=2, backoff=0.01)
    with pytest.raises(EventgraphError) as err:
        eg.execute(MUTATION, {"input": {}})
    assert err.value.code == "DATABASE_UNAVAILABLE"
    assert err.value.committed == "unknown"
    assert len(s.bodies) == 3  # the first try and two retries


def test_bad_input_is_not_sent_again(script):
    s = script(error("BAD_USER_INPUT"), WRITTEN)
    eg = Client(s.url, key="k", retries=2, backoff=0.01)
    with pytest.raises(EventgraphError) as err:
        eg.execute(MUTATION, {"input": {}})
    assert err.value.code == "BAD_USER_INPUT"
    assert len(s.bodies) == 1
