"""Merging duplicates through the client against the real service: the
candidates are found, a merge moves the participation and leaves the merged
id as a redirect, unmerge gives it back, and a second unmerge is refused.

The tests use ids of their own (pytest-merge-...) and delete what they made.
"""

from __future__ import annotations

import pytest

from eventgraph_client import Client, EventgraphError

KEEP = "pytest-merge-keep"
DUP = "pytest-merge-dup"
EVENT = "pytest-merge-event"

BATCH = {
    "actors": [
        {"id": KEEP, "name": "Pytest Merge Republic", "kind": "STATE", "countryCode": "TUR"},
        {"id": DUP, "name": "PYTEST MERGE REPUBLIC", "kind": "ORGANIZATION", "countryCode": "TUR", "codes": ["PYTMRG"]},
    ],
    "events": [
        {"id": EVENT, "title": "pytest merge meeting", "kind": "CONSULT", "startDate": "2025-05-18",
         "participants": [{"actorId": DUP, "kind": "HOST"}]}
    ],
}


def _delete_all(c: Client) -> None:
    for kind, id in (("Event", EVENT), ("Actor", KEEP), ("Actor", DUP)):
        c.execute(f"mutation($id: ID!) {{ delete{kind}(id: $id) {{ deleted }} }}", {"id": id})


@pytest.fixture
def writer(url, writer_key):
    c = Client(url, key=writer_key)
    _delete_all(c)
    c.ingest(BATCH)
    yield c
    _delete_all(c)
    c.close()


def test_candidates_merge_and_unmerge(writer):
    cands = writer.duplicate_candidates("ACTOR", id=DUP)
    assert list(cands[["a_id", "b_id"]].itertuples(index=False, name=None)) == [(DUP, KEEP)]
    kinds = [r["kind"] for r in cands.loc[0, "reasons"]]
    assert kinds == ["SIMILAR_NAME", "SAME_COUNTRY"]
    assert 0 < cands.loc[0, "score"] <= 1

    merged = writer.merge_actors(KEEP, DUP)
    assert merged["kept"]["id"] == KEEP and merged["mergedIds"] == [DUP] and merged["moved"] == 1
    assert merged["kept"]["aliases"] == ["PYTEST MERGE REPUBLIC"] and merged["kept"]["codes"] == ["PYTMRG"]

    # The merged id reads as the kept actor, which now holds the participation.
    assert writer.actor(DUP)["id"] == KEEP
    df = writer.participants(EVENT)
    assert list(df["actor_id"]) == [KEEP] and list(df["kind"]) == ["HOST"]

    back = writer.unmerge(merged["revisionId"])
    assert back["kept"]["id"] == KEEP and [r["id"] for r in back["restored"]] == [DUP]
    assert writer.actor(DUP)["id"] == DUP
    assert list(writer.participants(EVENT)["actor_id"]) == [DUP]

    with pytest.raises(EventgraphError) as e:
        writer.unmerge(merged["revisionId"])
    assert e.value.code == "BAD_USER_INPUT" and "undone already" in str(e.value)


def test_merge_refusals_name_the_argument(writer):
    with pytest.raises(EventgraphError) as e:
        writer.merge_actors(KEEP, [KEEP])
    assert e.value.code == "BAD_USER_INPUT" and "mergeIds[0]" in str(e.value)
    with pytest.raises(EventgraphError) as e:
        writer.merge_locations("istanbul", [DUP])
    assert e.value.code == "BAD_USER_INPUT" and "not a location" in str(e.value)
