"""Writes through the client against the real service: ingest is
idempotent, and the client reads its own writes through the bookmark.

The tests use ids of their own (pytest-client-...) and delete what they made.
"""

from __future__ import annotations

import pytest

from eventgraph_client import Client

TOPIC = "pytest-client-topic"
EVENT = "pytest-client-event"
# A source of the test's own: citing the article would add to what the
# notebook finds the article supports.
SOURCE = "pytest-client-source"

BATCH = {
    "sources": [{"id": SOURCE, "title": "pytest client note", "kind": "NOTE", "publishedAt": "2025-05-27"}],
    "topics": [{"id": TOPIC, "name": "pytest client topic", "citations": [{"sourceId": SOURCE}]}],
    "events": [
        {
            "id": EVENT,
            "title": "pytest client: Medinsky and Türkiye meet",
            "kind": "CONSULT",
            "startDate": "2025-05-17",
            "participants": [
                {"actorId": "vladimir-medinsky", "kind": "PARTICIPANT", "role": "pytest"},
                {"actorId": "turkiye", "kind": "HOST"},
            ],
            "topicIds": [TOPIC],
            "citations": [{"sourceId": SOURCE, "quote": "pytest"}],
        }
    ],
}


def _delete_all(c: Client) -> None:
    for kind, id in (("Event", EVENT), ("Topic", TOPIC), ("Source", SOURCE)):
        c.execute(f"mutation($id: ID!) {{ delete{kind}(id: $id) {{ deleted }} }}", {"id": id})


@pytest.fixture
def writer(url, writer_key):
    c = Client(url, key=writer_key)
    _delete_all(c)  # what an interrupted earlier run may have left
    yield c
    _delete_all(c)  # even when the test failed halfway
    c.close()


def test_ingest_replay_and_read_own_write(writer):
    first = writer.ingest(BATCH)
    assert first["validateOnly"] is False
    counts = {c["type"]: c for c in first["counts"]}
    assert counts["EVENT"]["created"] == 1 and counts["TOPIC"]["created"] == 1
    assert writer.bookmark, "a write hands back a bookmark the client keeps"

    # Read right after the write, with the bookmark the client now sends.
    df = writer.participants(EVENT).set_index("actor_id")
    assert df.loc["turkiye", "kind"] == "HOST"
    assert df.loc["vladimir-medinsky", "role"] == "pytest"

    again = writer.ingest(BATCH)
    assert again["created"] == 0 and again["updated"] == 0
    assert {c["type"]: c["unchanged"] for c in again["counts"]}["EVENT"] == 1

    # The new event shows up where an analyst would look: in the co-participation network.
    g = writer.co_participation(ids=[EVENT])
    assert g["vladimir-medinsky"]["turkiye"]["weight"] == 1


def test_mutation_payload_bookmark_is_kept(writer):
    writer.ingest({"sources": BATCH["sources"], "topics": BATCH["topics"]})
    before = writer.bookmark
    out = writer.execute(
        "mutation($id: ID!) { deleteTopic(id: $id) { deleted bookmark } }", {"id": TOPIC}
    )["deleteTopic"]
    assert out["deleted"] is True
    assert writer.bookmark == out["bookmark"] and writer.bookmark != before
    assert writer.execute("query($id: ID!) { topic(id: $id) { id } }", {"id": TOPIC})["topic"] is None
