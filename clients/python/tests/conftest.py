"""Fixtures: a client of the real service (EVENTGRAPH_URL) and the seed it loaded.

The tests never mock the service: they need one running with the article
seed (SEED=auto). An unreachable or unseeded service fails the run instead of
skipping it, so that a green run always means the client was exercised.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from eventgraph_client import Client, EventgraphError

REPO = Path(__file__).resolve().parents[3]
SEED_FILE = REPO / "seed" / "article.json"
SOURCE = "stauder-2025-05-26-direct-talks"
TALKS = "istanbul-talks-2025-05-16"
DEFAULT_URL = "http://127.0.0.1:18080"


@pytest.fixture(scope="session")
def url() -> str:
    return os.environ.get("EVENTGRAPH_URL") or DEFAULT_URL


@pytest.fixture(scope="session")
def writer_key() -> str:
    """A key the service accepts for mutations (its default dev key unless told)."""
    return os.environ.get("EVENTGRAPH_WRITER_KEY") or "dev-writer-key"


@pytest.fixture(scope="session")
def seed() -> dict:
    with SEED_FILE.open(encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def eg(url: str, seed: dict) -> Client:
    client = Client(url)
    try:
        found = client.execute("query($id: ID!) { source(id: $id) { id } }", {"id": SOURCE})
    except EventgraphError as e:
        pytest.fail(f"the eventgraph service at {url} is not usable: {e}", pytrace=False)
    if found["source"] is None:
        pytest.fail(f"the service at {url} has no seed (source {SOURCE!r} missing); start it with SEED=auto", pytrace=False)
    yield client
    client.close()


def seed_co_participation(seed: dict, event_ids: set[str] | None = None) -> dict[frozenset, int]:
    """The co-participation weights the seed implies, computed from the file alone."""
    weights: Counter = Counter()
    for event in seed["events"]:
        if event_ids is not None and event["id"] not in event_ids:
            continue
        actors = sorted({p["actorId"] for p in event.get("participants") or [] if p.get("kind", "PARTICIPANT") != "DECLINED"})
        for a, b in itertools.combinations(actors, 2):
            weights[frozenset((a, b))] += 1
    return dict(weights)
