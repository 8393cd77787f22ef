"""Errors of the real service reach the caller as EventgraphError carrying
extensions.code, the message and the path of the offending input."""

from __future__ import annotations

import socket

import pytest

from eventgraph_client import Client, EventgraphError

from conftest import SOURCE, TALKS


def raises(fn, *args, **kwargs) -> EventgraphError:
    with pytest.raises(EventgraphError) as err:
        fn(*args, **kwargs)
    e = err.value
    # Every error reads as "CODE at path: message" and repr shows its parts.
    assert str(e).startswith(e.code)
    assert f"code={e.code!r}" in repr(e)
    return e


@pytest.mark.parametrize(
    "call, needle",
    [
        (lambda eg: eg.events(start="16 May 2025"), "16 May 2025"),
        (lambda eg: eg.events(kinds="PEACE"), "PEACE"),
        (lambda eg: eg.execute("{ events(first: -1) { totalCount } }"), "first"),
        (lambda eg: eg.execute('{ events(after: "not-a-cursor") { totalCount } }'), "cursor"),
        (lambda eg: eg.neighborhood(TALKS, depth=9), "depth"),
    ],
    ids=["date", "enum", "negative-first", "bad-cursor", "depth"],
)
def test_bad_input_is_bad_user_input(eg, call, needle):
    e = raises(call, eg)
    assert e.code in ("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"), repr(e)
    assert needle.lower() in e.message.lower(), repr(e)
    assert e.errors and e.errors[0]["message"] == e.message


def test_unknown_field_names_the_field(eg):
    e = raises(eg.execute, "{ events { edges { node { colour } } } }")
    assert e.code != "INTERNAL", repr(e)
    assert "colour" in e.message


def test_unknown_event_is_not_found(eg):
    e = raises(eg.event, "no-such-event")
    assert e.code == "NOT_FOUND"
    assert "no-such-event" in e.message


def test_unknown_neighborhood_centre(eg):
    e = raises(eg.neighborhood, "no-such-node")
    assert e.code == "NOT_FOUND", repr(e)
    assert e.path == "neighborhood"


BAD_BATCH = {
    "events": [
        {
            "id": "pytest-client-bad-event",
            "title": "An event with participants nobody knows",
            "kind": "CONSULT",
            "startDate": "2025-05-16",
            "participants": [
                {"actorId": "pytest-client-nobody", "kind": "PARTICIPANT"},
                {"actorId": "pytest-client-nobody-either", "kind": "PARTICIPANT"},
            ],
        }
    ]
}


def test_ingest_without_key_is_unauthenticated(url):
    e = raises(Client(url, key="").ingest, BAD_BATCH, validate_only=True)
    assert e.code == "UNAUTHENTICATED", repr(e)


def test_ingest_with_wrong_key_is_refused(url):
    e = raises(Client(url, key="not-a-writer-key").ingest, BAD_BATCH, validate_only=True)
    assert e.code in ("UNAUTHENTICATED", "FORBIDDEN"), repr(e)


def test_ingest_reports_every_bad_item_with_its_path(url, writer_key):
    eg = Client(url, key=writer_key)
    e = raises(eg.ingest, BAD_BATCH, validate_only=True)
    assert e.code == "BAD_USER_INPUT", repr(e)
    assert e.path is not None and "events[0].participants[0]" in e.path, repr(e)
    assert "pytest-client-nobody" in e.message
    # Both dangling references are reported in one answer.
    text = " ".join(err["message"] + str(err.get("extensions", {})) for err in e.errors)
    assert "pytest-client-nobody-either" in text, e.errors
    # Nothing was written.
    assert eg.execute('{ event(id: "pytest-client-bad-event") { id } }')["event"] is None


def test_valid_dry_run_writes_nothing(url, writer_key):
    eg = Client(url, key=writer_key)
    batch = {"events": [{**BAD_BATCH["events"][0], "participants": [{"actorId": "vladimir-medinsky"}], "citations": [{"sourceId": SOURCE}]}]}
    result = eg.ingest(batch, validate_only=True)
    assert result["validateOnly"] is True
    assert eg.execute('{ event(id: "pytest-client-bad-event") { id } }')["event"] is None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountingClient(Client):
    """A real client that counts the HTTP requests it sends."""

    sent = 0

    def _send(self, request):
        self.sent += 1
        return super()._send(request)


def test_unreachable_service_is_connection_failed_after_retries():
    c = CountingClient(f"http://127.0.0.1:{_free_port()}", retries=2, backoff=0.01)
    e = raises(c.events)
    assert e.code == "CONNECTION_FAILED"
    assert "cannot reach" in e.message
    assert c.sent == 3  # the first try and two retries


def test_bad_input_is_not_retried(url):
    c = CountingClient(url, retries=3, backoff=0.01)
    raises(c.events, start="16 May 2025")
    assert c.sent == 1


def test_non_graphql_endpoint_is_an_http_error(url):
    e = raises(Client(url.rstrip("/") + "/no-such-endpoint/graphql", retries=0).events)
    assert e.code == "HTTP_ERROR", repr(e)
    assert e.status == 404
