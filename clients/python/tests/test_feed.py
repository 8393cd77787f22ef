"""The history and the change feed through the client against the real
service: writes show up in the feed once each, in commit order, and an
iterator started again from a saved cursor resumes without gaps.
"""

from __future__ import annotations

import itertools
import time

from eventgraph_client import Client


def _latest(eg: Client) -> str | None:
    cursor = None
    for ch in eg.changes(follow=False, first=100):
        cursor = ch["cursor"]
    return cursor


def test_feed_resumes_from_a_cursor(url: str, writer_key: str, eg: Client) -> None:
    prefix = f"pytest-feed-{time.time_ns()}-"
    start = _latest(eg)
    with Client(url, key=writer_key) as w:
        for i in range(3):
            w.execute("mutation($id: ID!) { upsertTopic(input: {id: $id, name: \"feed\"}) { status } }", {"id": f"{prefix}{i}"})
    mine = [ch for ch in eg.changes(after=start, types="TOPIC", follow=False) if ch["entityId"].startswith(prefix)]
    assert [ch["entityId"] for ch in mine] == [f"{prefix}{i}" for i in range(3)]
    assert all(ch["op"] == "CREATED" and ch["revision"]["key"] for ch in mine)

    # Handle one change, "crash", resume after its cursor: the other two follow, once.
    resumed = eg.changes(after=mine[0]["cursor"], types="TOPIC", follow=True, poll=0.1)
    rest = [ch["entityId"] for ch in itertools.islice((ch for ch in resumed if ch["entityId"].startswith(prefix)), 2)]
    assert rest == [f"{prefix}1", f"{prefix}2"]

    history = list(eg.history(f"{prefix}0"))
    assert [h["op"] for h in history] == ["CREATED"]
    assert history[0]["fields"] == [{"field": "name", "old": None, "new": "feed"}]
