"""Paging through connections against the real service, with pages small
enough that the seed spans several of them."""

from __future__ import annotations

import math

import pytest

from eventgraph_client import Client, EventgraphError
from eventgraph_client import queries as q

from conftest import SOURCE, TALKS, seed_co_participation


class CountingClient(Client):
    """A real client that counts the requests it sends."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = 0

    def execute(self, query, variables=None):
        self.requests += 1
        return super().execute(query, variables)


@pytest.mark.parametrize("page_size", [1, 2, 3, 5, 50])
def test_paginate_returns_every_event_once(url, seed, eg, page_size):
    ids = [e["id"] for e in seed["events"]]
    c = CountingClient(url, page_size=page_size)
    edges = list(c.paginate(q.EVENTS, {"where": {"ids": ids}}, ("events",)))
    got = [e["node"]["id"] for e in edges]
    assert len(got) == len(set(got)), f"duplicates across pages: {got}"
    assert set(got) == set(ids)
    # One request per page; a full last page costs one more only if the
    # server cannot tell it is the last.
    pages = math.ceil(len(ids) / page_size)
    assert pages <= c.requests <= pages + 1


def test_pages_follow_one_order(url, seed):
    """Paged results keep the order one big page has."""
    where = {"where": {"ids": [e["id"] for e in seed["events"]]}, "orderBy": {"field": "START_DATE", "direction": "ASC"}}
    big = [e["node"]["id"] for e in Client(url, page_size=100).paginate(q.EVENTS, where, ("events",))]
    small = [e["node"]["id"] for e in Client(url, page_size=2).paginate(q.EVENTS, where, ("events",))]
    assert small == big


def test_after_resumes_behind_the_cursor(eg, seed):
    where = {"ids": [e["id"] for e in seed["events"]]}
    first = eg.execute(q.EVENTS, {"first": 4, "where": where})["events"]
    rest = eg.execute(q.EVENTS, {"first": 100, "after": first["pageInfo"]["endCursor"], "where": where})["events"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert rest["pageInfo"]["hasNextPage"] is False
    assert first["totalCount"] == rest["totalCount"] == len(seed["events"])
    ids = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert len(ids) == len(set(ids)) == len(seed["events"])


def test_limit_stops_early(url, seed):
    c = CountingClient(url, page_size=2)
    got = list(c.paginate(q.EVENTS, {"where": {"ids": [e["id"] for e in seed["events"]]}}, ("events",), limit=3))
    assert len(got) == 3
    assert c.requests == 2  # pages of 2 and 1, nothing beyond


def test_participants_across_pages(url, seed):
    talks = next(e for e in seed["events"] if e["id"] == TALKS)
    expected = {(p["actorId"], p["kind"]) for p in talks["participants"]}
    c = CountingClient(url, page_size=3)
    df = c.participants(TALKS)
    assert set(zip(df.actor_id, df.kind)) == expected
    assert len(df) == len(expected)
    assert c.requests >= math.ceil(len(expected) / 3)


@pytest.mark.parametrize("page_size", [2, 50])
def test_forecasts_across_pages(url, seed, page_size):
    df = Client(url, page_size=page_size).forecasts(source_id=SOURCE)
    assert sorted(df.id) == sorted(f["id"] for f in seed["forecasts"])


def test_co_participation_same_for_any_page_size(url, seed):
    """Small pages exercise the completion of an event's participant list
    beyond the first embedded page."""
    ids = [e["id"] for e in seed["events"]]
    expected = seed_co_participation(seed)
    for size in (2, 100):
        g = Client(url).co_participation(ids=ids, page_size=size)
        got = {frozenset((a, b)): d["weight"] for a, b, d in g.edges(data=True)}
        assert got == expected, f"page size {size}"


def test_a_cursor_that_does_not_advance_is_reported(url):
    """A next page announced with the same cursor would loop for ever."""

    class StuckClient(Client):
        def execute(self, query, variables=None):
            after = variables.get("after")
            data = super().execute(query, {**variables, "after": None})
            real = data["events"]["pageInfo"]["endCursor"]
            data["events"]["pageInfo"] = {"hasNextPage": True, "endCursor": after or real}
            return data

    with pytest.raises(EventgraphError) as err:
        list(StuckClient(url, page_size=1).paginate(q.EVENTS, {}, ("events",)))
    assert err.value.code == "PROTOCOL_ERROR"


def test_too_costly_pages_are_asked_again_smaller(url, seed):
    """100 events x 100 participants is over the service's cost limit: the
    client halves the page until the service accepts it, and still returns
    every event once."""
    ids = [e["id"] for e in seed["events"]]
    c = CountingClient(url, page_size=100)
    edges = list(c.paginate(q.EVENTS_WITH_PARTICIPANTS, {"where": {"ids": ids}, "participantsFirst": 100}, ("events",)))
    assert sorted(e["node"]["id"] for e in edges) == sorted(ids)
    assert c.requests > 2  # refused at least once, then paged
