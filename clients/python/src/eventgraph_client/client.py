"""The eventgraph client: GraphQL over HTTP with gql, results as pandas and networkx."""

from __future__ import annotations

import datetime as _dt
import io
import itertools
import os
import time
from pathlib import Path
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx
import pandas as pd
import requests
from gql import Client as _GqlClient
from gql import GraphQLRequest
from gql.transport.exceptions import (
    TransportConnectionFailed,
    TransportError,
    TransportProtocolError,
    TransportQueryError,
    TransportServerError,
)
from gql.transport.requests import RequestsHTTPTransport

from . import queries as q
from .errors import (
    CONNECTION_FAILED,
    DATABASE_UNAVAILABLE,
    FORBIDDEN,
    HTTP_ERROR,
    PROTOCOL_ERROR,
    QUERY_TOO_COMPLEX,
    UNAUTHENTICATED,
    EventgraphError,
)

DEFAULT_URL = "http://127.0.0.1:8080"
DEFAULT_PAGE_SIZE = 50

DateLike = str | _dt.date | _dt.datetime | None


def _graphql_url(url: str) -> str:
    """Accept the service root (http://host:8080) or the endpoint itself."""
    url = url.rstrip("/")
    return url if url.endswith("/graphql") else url + "/graphql"


def _date(value: DateLike) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _drop_none(d: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _list(value: str | Iterable[str] | None) -> list[str] | None:
    """One id or kind, or several, as the list the schema wants."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def _dig(data: Any, path: Sequence[str]) -> Any:
    for key in path:
        if data is None:
            return None
        data = data[key]
    return data


def _transient(e: EventgraphError) -> bool:
    """Whether the same request may well succeed if sent again.

    A write whose commit the service could not confirm (DATABASE_UNAVAILABLE
    with ``committed == "unknown"``) is one of these: every mutation is
    idempotent, so sending again a write that did happen changes nothing.
    """
    if e.code in (CONNECTION_FAILED, DATABASE_UNAVAILABLE):
        return True
    return e.code == HTTP_ERROR and e.status in (502, 503, 504)


def _to_dates(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    for col in columns:
        if col in df.columns:
            df[col] = pd.to_datetime(df[col], errors="coerce")
    return df


class Client:
    """A connection to one eventgraph service.

    ``url`` defaults to the ``EVENTGRAPH_URL`` environment variable, then to
    http://127.0.0.1:8080; the service root and its ``/graphql`` endpoint are
    both accepted. ``key`` (env ``EVENTGRAPH_KEY``) is sent as a bearer token:
    mutations need a writer key, and reads need a reader key when the service
    is configured to require one.

    ``timeout`` bounds one request in seconds; ``retries`` and ``backoff``
    (seconds, doubling) govern how transient failures are tried again;
    ``page_size`` is how many items one page of a connection asks for.

    After a mutation the client sends the bookmark it got back on its later
    requests, so that it reads its own writes even on a database cluster.

    Use it as a context manager, or call :meth:`close`, to release the
    HTTP connection.
    """

    def __init__(
        self,
        url: str | None = None,
        key: str | None = None,
        *,
        timeout: int = 30,
        retries: int = 2,
        backoff: float = 0.5,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        self.url = _graphql_url(url or os.environ.get("EVENTGRAPH_URL") or DEFAULT_URL)
        key = key if key is not None else os.environ.get("EVENTGRAPH_KEY")
        self.page_size = page_size
        self.bookmark: str | None = None
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        # The client retries by itself (see execute): requests' own retries
        # would turn a 503 that carries DATABASE_UNAVAILABLE into a bare
        # connection error.
        self.retries = retries
        self.backoff = backoff
        self._headers = headers
        self.timeout = timeout
        self._transport = RequestsHTTPTransport(url=self.url, headers=headers, timeout=timeout, retries=0)
        # Without a schema, gql sends what it is given and the server
        # validates it: the server's error codes are the ones that count.
        self._gql = _GqlClient(transport=self._transport, fetch_schema_from_transport=False)
        self._session = None
        self._documents: dict[str, GraphQLRequest] = {}

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(url={self.url!r})"

    def close(self) -> None:
        """Close the HTTP session; the client reconnects on its next request."""
        if self._session is not None:
            self._gql.close_sync()
            self._session = None

    def execute(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send one GraphQL document and return its ``data``.

        Raises :class:`EventgraphError` carrying the server's
        ``extensions.code`` when the response has errors, even alongside
        partial data: a half answer is not what an analysis should build on.

        Transient failures (the service unreachable, DATABASE_UNAVAILABLE,
        a 502/503/504 from a proxy) are tried again ``retries`` times with
        exponential backoff. That is safe for mutations too: ingest and the
        upserts are idempotent by id, so a replay changes nothing. It holds
        for a write whose commit the service could not confirm (the error's
        ``committed`` is ``"unknown"``): it may have happened, and sending
        it again is how to be sure it did.
        """
        doc = self._documents.get(query)
        if doc is None:
            doc = self._documents[query] = GraphQLRequest(query)
        request = GraphQLRequest(doc, variable_values=_drop_none(variables or {}))
        for attempt in itertools.count():
            try:
                data = self._send(request)
                break
            except EventgraphError as e:
                if attempt >= self.retries or not _transient(e):
                    raise
                time.sleep(self.backoff * 2**attempt)
        # Every mutation payload hands back the bookmark of its write; sent
        # on later requests, it lets them read that write on any replica.
        for value in data.values():
            if isinstance(value, dict) and value.get("bookmark"):
                self.bookmark = value["bookmark"]
        return data

    def _send(self, request: GraphQLRequest) -> dict[str, Any]:
        """One HTTP request; every failure becomes an EventgraphError."""
        extra = None
        if self.bookmark:
            # gql replaces the transport's headers with these, so the
            # Authorization header must come along.
            extra = {"headers": {**(self._transport.headers or {}), "Neo4j-Bookmark": self.bookmark}}
        try:
            if self._session is None:
                self._session = self._gql.connect_sync()
            result = self._session.execute(request, get_execution_result=True, extra_args=extra)
        except TransportQueryError as e:
            raise EventgraphError.from_graphql(e.errors or []) from e
        except TransportServerError as e:
            code = {401: UNAUTHENTICATED, 403: FORBIDDEN}.get(e.code or 0, HTTP_ERROR)
            raise EventgraphError(code, f"{self.url} answered: {e}", status=e.code) from e
        except TransportConnectionFailed as e:
            self.close()
            raise EventgraphError(CONNECTION_FAILED, f"cannot reach {self.url}: {e}") from e
        except TransportProtocolError as e:
            raise EventgraphError(PROTOCOL_ERROR, f"{self.url} did not answer GraphQL: {e}") from e
        except TransportError as e:
            self.close()
            raise EventgraphError(CONNECTION_FAILED, f"{self.url}: {e}") from e
        if result.errors:
            raise EventgraphError.from_graphql(result.errors)
        return result.data or {}

    def paginate(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        path: Sequence[str] = (),
        *,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield every edge of a connection, fetching page after page.

        ``query`` takes ``$first`` and ``$after``; ``path`` leads from
        ``data`` to the connection (``("events",)`` or
        ``("event", "participants")``), which must select
        ``pageInfo { hasNextPage endCursor }`` and ``edges``. ``limit`` stops
        after that many edges. A server that says there is a next page but
        hands back the cursor it was given would loop for ever; that is
        reported as a PROTOCOL_ERROR instead.

        The service refuses queries whose cost (page size times what each
        item selects) exceeds its limit; when it does (QUERY_TOO_COMPLEX),
        the page is asked again at half the size, down to one item.
        """
        first = page_size or self.page_size
        after: str | None = None
        seen = 0
        while True:
            if limit is not None:
                first = min(first, limit - seen)
            try:
                data = self.execute(query, {**(variables or {}), "first": first, "after": after})
            except EventgraphError as e:
                if e.code != QUERY_TOO_COMPLEX or first <= 1:
                    raise
                first //= 2
                continue
            conn = _dig(data, path)
            if conn is None:
                return
            for edge in conn["edges"]:
                yield edge
                seen += 1
                if limit is not None and seen >= limit:
                    return
            info = conn["pageInfo"]
            if not info["hasNextPage"]:
                return
            cursor = info.get("endCursor")
            if not cursor or cursor == after:
                raise EventgraphError(
                    PROTOCOL_ERROR,
                    f"{'.'.join(path)}: hasNextPage is true but endCursor did not advance ({cursor!r})",
                )
            after = cursor

    # ------------------------------------------------------------------ writes

    def ingest(self, batch: Mapping[str, Any], *, validate_only: bool = False) -> dict[str, Any]:
        """Write one batch (an ``IngestInput``) in one transaction; needs a writer key.

        Returns the ``IngestResult`` (created, updated, unchanged, counts).
        Replaying a batch changes nothing: it comes back as unchanged.
        Input errors raise :class:`EventgraphError` with code BAD_USER_INPUT,
        the path of the first offending item, and all of them in ``errors``.
        """
        return self.execute(q.INGEST, {"input": batch, "validateOnly": validate_only})["ingest"]

    # ------------------------------------------------------------------ history and the change feed

    def history(self, id: str, *, first: int = DEFAULT_PAGE_SIZE) -> Iterator[dict[str, Any]]:
        """The recorded changes of a node, newest first, page by page.

        Each is a ``Change``: ``cursor``, ``revision`` (``seq``, ``at``, ``key``,
        ``batch``, ``kind``, ``sources``), ``op``, ``fields`` (``field``, ``old``,
        ``new``) and ``relationships``. A deleted node's history stays readable.
        """
        after = None
        while True:
            page = self.execute(q.HISTORY, {"id": id, "first": first, "after": after})["history"]
            yield from page["changes"]
            if not page["hasNextPage"]:
                return
            after = page["endCursor"]

    def changes(
        self,
        after: str | None = None,
        *,
        types: str | Iterable[str] | None = None,
        follow: bool = True,
        poll: float = 1.0,
        first: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[dict[str, Any]]:
        """Every change committed after the cursor ``after`` (the start of the log
        when None), in commit order, as ``Change`` dicts.

        With ``follow`` (the default) the iterator never ends: once caught up it
        asks again every ``poll`` seconds. The feed is gapless, so to resume after
        a restart pass the ``cursor`` of the last change you handled::

            for ch in eg.changes(after=saved_cursor, types="EVENT"):
                handle(ch)
                saved_cursor = ch["cursor"]

        A transient failure (the database restarting) is retried as every read
        is; the iterator keeps its place.
        """
        cursor = after
        variables: dict[str, Any] = {"types": _list(types), "first": first}
        while True:
            page = self.execute(q.CHANGES, {**variables, "after": cursor})["changes"]
            for ch in page["changes"]:
                cursor = ch["cursor"]
                yield ch
            if page["hasNextPage"]:
                continue
            if not follow:
                return
            time.sleep(poll)

    # ------------------------------------------------------------------ merging duplicates

    def merge_actors(self, keep_id: str, merge_ids: str | Iterable[str]) -> dict[str, Any]:
        """Merge the actors ``merge_ids`` into ``keep_id`` in one transaction; needs a writer key.

        Every relationship, citation, alias and code moves to the kept actor;
        the merged ids stay as redirects (reads and later ingests that name
        them reach the kept actor). Returns the ``MergePayload``: keep its
        ``revisionId`` to :meth:`unmerge` it. Unknown ids, ``keep_id`` among
        ``merge_ids`` or ids of another type raise BAD_USER_INPUT.
        """
        variables = {"keepId": keep_id, "mergeIds": _list(merge_ids)}
        return self.execute(q.MERGE_ACTORS, variables)["mergeActors"]

    def merge_locations(self, keep_id: str, merge_ids: str | Iterable[str]) -> dict[str, Any]:
        """:meth:`merge_actors` for locations (also refused for a place inside another of them)."""
        variables = {"keepId": keep_id, "mergeIds": _list(merge_ids)}
        return self.execute(q.MERGE_LOCATIONS, variables)["mergeLocations"]

    def unmerge(self, revision_id: str) -> dict[str, Any]:
        """Undo the merge ``revision_id``: the merged nodes come back with their relationships.

        A merge already undone raises BAD_USER_INPUT.
        """
        return self.execute(q.UNMERGE, {"revisionId": revision_id})["unmerge"]

    def duplicate_candidates(self, type: str = "ACTOR", *, id: str | None = None, first: int = 20) -> pd.DataFrame:
        """Pairs of actors (``type="ACTOR"``) or locations (``"LOCATION"``) that may be one, best first.

        One row per pair: ``a_id``, ``a_name``, ``b_id``, ``b_name``, ``score``
        (0 to 1) and ``reasons`` (a list of ``{kind, detail}``); with ``id``,
        only the pairs that node is in.
        """
        rows = self.execute(q.DUPLICATE_CANDIDATES, {"type": type, "id": id, "first": first})["duplicateCandidates"]
        columns = ["a_id", "a_name", "b_id", "b_name", "score", "reasons"]
        return pd.DataFrame(
            [[r["aId"], r["aName"], r["bId"], r["bName"], r["score"], r["reasons"]] for r in rows], columns=columns
        )

    # ------------------------------------------------------------------ single nodes

    def event(self, id: str) -> dict[str, Any]:
        """One event with its location, parent, consequences, topics and sources."""
        event = self.execute(q.EVENT, {"id": id})["event"]
        if event is None:
            raise EventgraphError("NOT_FOUND", f"no event with id {id!r}", path="event")
        return event

    def actor(self, id: str) -> dict[str, Any]:
        """One actor with its affiliations (offices) and members."""
        actor = self.execute(q.ACTOR, {"id": id})["actor"]
        if actor is None:
            raise EventgraphError("NOT_FOUND", f"no actor with id {id!r}", path="actor")
        return actor

    # ------------------------------------------------------------------ tables

    def events(
        self,
        *,
        ids: str | Iterable[str] | None = None,
        start: DateLike = None,
        end: DateLike = None,
        kinds: str | Iterable[str] | None = None,
        participants_any: str | Iterable[str] | None = None,
        participants_all: str | Iterable[str] | None = None,
        location_id: str | None = None,
        topic_id: str | None = None,
        text: str | None = None,
        order: str = "START_DATE",
        direction: str = "ASC",
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Events as a DataFrame, oldest first by default.

        ``ids`` picks events by id; ``start``/``end`` keep the events that end on or after ``start`` and
        start on or before ``end``; participant filters ignore DECLINED.
        Columns: id, title, kind, mode, contexts, start_date, end_date,
        date_precision, summary, outcome, location_id, location, figures,
        external_ids.
        """
        where = _drop_none(
            {
                "ids": _list(ids),
                "from": _date(start),
                "to": _date(end),
                "kinds": _list(kinds),
                "participantsAny": _list(participants_any),
                "participantsAll": _list(participants_all),
                "locationId": location_id,
                "topicId": topic_id,
                "text": text,
            }
        )
        rows = []
        for edge in self.paginate(
            q.EVENTS,
            {"where": where, "orderBy": {"field": order, "direction": direction}},
            ("events",),
            limit=limit,
        ):
            n = edge["node"]
            loc = n.get("location") or {}
            rows.append(
                {
                    "id": n["id"],
                    "title": n["title"],
                    "kind": n["kind"],
                    "mode": n.get("mode"),
                    "contexts": n.get("contexts") or [],
                    "start_date": n.get("startDate"),
                    "end_date": n.get("endDate"),
                    "date_precision": n.get("datePrecision"),
                    "summary": n.get("summary"),
                    "outcome": n.get("outcome"),
                    "location_id": loc.get("id"),
                    "location": loc.get("name"),
                    "figures": n.get("figures") or [],
                    "external_ids": n.get("externalIds") or [],
                }
            )
        columns = [
            "id", "title", "kind", "mode", "contexts", "start_date", "end_date",
            "date_precision", "summary", "outcome", "location_id", "location",
            "figures", "external_ids",
        ]
        return _to_dates(pd.DataFrame(rows, columns=columns), ["start_date", "end_date"])

    def participants(
        self,
        event_id: str,
        *,
        kinds: str | Iterable[str] | None = None,
        actor_kinds: str | Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Who took part in an event and as what, DECLINED included.

        Columns: actor_id, name, actor_kind, kind (the participation:
        PARTICIPANT, HOST, DECLINED, ...), role, quote.
        """
        where = _drop_none({"kinds": _list(kinds), "actorKinds": _list(actor_kinds)})
        rows = []
        edges = self.paginate(
            q.EVENT_PARTICIPANTS, {"id": event_id, "where": where or None}, ("event", "participants")
        )
        for edge in edges:
            a = edge["node"]
            rows.append(
                {
                    "actor_id": a["id"],
                    "name": a["name"],
                    "actor_kind": a["kind"],
                    "kind": edge["kind"],
                    "role": edge.get("role"),
                    "quote": edge.get("quote"),
                }
            )
        if not rows and self.execute(q.EVENT_PARTICIPANTS, {"id": event_id, "first": 1})["event"] is None:
            raise EventgraphError("NOT_FOUND", f"no event with id {event_id!r}", path="event")
        return pd.DataFrame(rows, columns=["actor_id", "name", "actor_kind", "kind", "role", "quote"])

    def actor_events(
        self,
        actor_id: str,
        *,
        participation_kinds: str | Iterable[str] | None = None,
        start: DateLike = None,
        end: DateLike = None,
    ) -> pd.DataFrame:
        """The events an actor took part in (or declined), with how.

        Columns: event_id, title, event_kind, start_date, end_date, kind, role, quote.
        """
        where = _drop_none(
            {"participationKinds": _list(participation_kinds), "from": _date(start), "to": _date(end)}
        )
        rows = []
        for edge in self.paginate(
            q.ACTOR_EVENTS, {"id": actor_id, "where": where or None}, ("actor", "events")
        ):
            e = edge["node"]
            rows.append(
                {
                    "event_id": e["id"],
                    "title": e["title"],
                    "event_kind": e["kind"],
                    "start_date": e.get("startDate"),
                    "end_date": e.get("endDate"),
                    "kind": edge["kind"],
                    "role": edge.get("role"),
                    "quote": edge.get("quote"),
                }
            )
        columns = ["event_id", "title", "event_kind", "start_date", "end_date", "kind", "role", "quote"]
        return _to_dates(pd.DataFrame(rows, columns=columns), ["start_date", "end_date"])

    def actors(
        self,
        *,
        kinds: str | Iterable[str] | None = None,
        ids: str | Iterable[str] | None = None,
        country_code: str | None = None,
        code: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Actors by name. Columns: id, name, kind, aliases, description,
        country_code, wikidata_id, codes."""
        where = _drop_none(
            {
                "kinds": _list(kinds),
                "ids": _list(ids),
                "countryCode": country_code,
                "code": code,
                "text": text,
            }
        )
        rows = [
            {
                "id": n["id"],
                "name": n["name"],
                "kind": n["kind"],
                "aliases": n.get("aliases") or [],
                "description": n.get("description"),
                "country_code": n.get("countryCode"),
                "wikidata_id": n.get("wikidataId"),
                "codes": n.get("codes") or [],
            }
            for n in (e["node"] for e in self.paginate(q.ACTORS, {"where": where}, ("actors",), limit=limit))
        ]
        columns = ["id", "name", "kind", "aliases", "description", "country_code", "wikidata_id", "codes"]
        return pd.DataFrame(rows, columns=columns)

    def positions(
        self,
        *,
        actor_ids: str | Iterable[str] | None = None,
        topic_ids: str | Iterable[str] | None = None,
        stances: str | Iterable[str] | None = None,
        valid_at: DateLike = None,
        text: str | None = None,
    ) -> pd.DataFrame:
        """Stances of actors on topics.

        Columns: id, actor_id, actor, stance, topic_id, topic, statement,
        valid_from, valid_to, responds_to (ids), responds_to_actors (names),
        quote (the first supporting quote), source_ids.
        """
        where = _drop_none(
            {
                "actorIds": _list(actor_ids),
                "topicIds": _list(topic_ids),
                "stances": _list(stances),
                "validAt": _date(valid_at),
                "text": text,
            }
        )
        rows = []
        for edge in self.paginate(q.POSITIONS, {"where": where}, ("positions",)):
            n = edge["node"]
            refs = n.get("sources") or []
            rows.append(
                {
                    "id": n["id"],
                    "actor_id": n["actor"]["id"],
                    "actor": n["actor"]["name"],
                    "stance": n["stance"],
                    "topic_id": n["topic"]["id"],
                    "topic": n["topic"]["name"],
                    "statement": n["statement"],
                    "valid_from": n.get("validFrom"),
                    "valid_to": n.get("validTo"),
                    "responds_to": [p["id"] for p in n.get("respondsTo") or []],
                    "responds_to_actors": [p["actor"]["name"] for p in n.get("respondsTo") or []],
                    "quote": next((r["quote"] for r in refs if r.get("quote")), None),
                    "source_ids": [r["source"]["id"] for r in refs],
                }
            )
        columns = [
            "id", "actor_id", "actor", "stance", "topic_id", "topic", "statement",
            "valid_from", "valid_to", "responds_to", "responds_to_actors", "quote", "source_ids",
        ]
        return _to_dates(pd.DataFrame(rows, columns=columns), ["valid_from", "valid_to"])

    def forecasts(
        self,
        *,
        about_ids: str | Iterable[str] | None = None,
        horizons: str | Iterable[str] | None = None,
        likelihoods: str | Iterable[str] | None = None,
        statuses: str | Iterable[str] | None = None,
        source_id: str | None = None,
    ) -> pd.DataFrame:
        """Forecasts with their PHIA likelihood and its probability range.

        Columns: id, statement, horizon, likelihood, probability_low,
        probability_high, window_start, window_end, status, resolved_at,
        about (names or titles), about_ids, about_types, source_id, source.
        Ordered by the end of their window, soonest first.
        """
        where = _drop_none(
            {
                "aboutIds": _list(about_ids),
                "horizons": _list(horizons),
                "likelihoods": _list(likelihoods),
                "statuses": _list(statuses),
                "sourceId": source_id,
            }
        )
        rows = []
        for edge in self.paginate(q.FORECASTS, {"where": where}, ("forecasts",)):
            n = edge["node"]
            about = n.get("about") or []
            src = n.get("source") or {}
            rows.append(
                {
                    "id": n["id"],
                    "statement": n["statement"],
                    "horizon": n["horizon"],
                    "likelihood": n["likelihood"],
                    "probability_low": n["probability"]["low"],
                    "probability_high": n["probability"]["high"],
                    "window_start": n.get("windowStart"),
                    "window_end": n.get("windowEnd"),
                    "status": n.get("status"),
                    "resolved_at": n.get("resolvedAt"),
                    "about": [a.get("name") or a.get("title") for a in about],
                    "about_ids": [a["id"] for a in about],
                    "about_types": [a["__typename"] for a in about],
                    "source_id": src.get("id"),
                    "source": src.get("title"),
                }
            )
        columns = [
            "id", "statement", "horizon", "likelihood", "probability_low", "probability_high",
            "window_start", "window_end", "status", "resolved_at", "about", "about_ids",
            "about_types", "source_id", "source",
        ]
        return _to_dates(
            pd.DataFrame(rows, columns=columns), ["window_start", "window_end", "resolved_at"]
        )

    def overdue_forecasts(self, **filters: Any) -> pd.DataFrame:
        """Forecasts still OPEN after their window ended (``forecasts`` with
        ``statuses="OVERDUE"``; the status is derived by the service when read)."""
        return self.forecasts(statuses="OVERDUE", **filters)

    def resolve_forecast(
        self,
        id: str,
        outcome: str,
        *,
        at: DateLike = None,
        resolved_by_id: str | None = None,
        note: str | None = None,
        citations: Iterable[Mapping[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Settle a forecast (CAME_TRUE, DID_NOT_HAPPEN, WITHDRAWN); needs a writer key.

        ``at`` defaults to today. CAME_TRUE and DID_NOT_HAPPEN need a
        resolving event (``resolved_by_id``) or a citation
        (``{"sourceId": ..., "quote": ...}``) of a source other than the
        issuing one; a refusal raises :class:`EventgraphError` with code
        BAD_USER_INPUT and the argument's path.
        """
        return self.execute(
            q.RESOLVE_FORECAST,
            {
                "id": id,
                "outcome": outcome,
                "at": _date(at),
                "resolvedById": resolved_by_id,
                "note": note,
                "citations": [dict(c) for c in citations] if citations is not None else None,
            },
        )["resolveForecast"]

    def reopen_forecast(self, id: str, reason: str) -> dict[str, Any]:
        """Open a settled forecast again, with the reason; needs a writer key."""
        return self.execute(q.REOPEN_FORECAST, {"id": id, "reason": reason})["reopenForecast"]

    def _forecast_scores(self, by: str, where: Mapping[str, Any] | None, first: int) -> list[dict[str, Any]]:
        return self.execute(q.FORECAST_SCORES, {"by": by, "where": dict(where) if where else None, "first": first})[
            "forecastScores"
        ]

    @staticmethod
    def _score_key(by: str, s: Mapping[str, Any]) -> dict[str, Any]:
        if by == "SOURCE":
            src = s.get("source") or {}
            return {"source_id": src.get("id"), "source": src.get("title")}
        return {by.lower(): s.get(by.lower())}

    def forecast_scores(
        self, by: str = "SOURCE", *, where: Mapping[str, Any] | None = None, first: int = 1000
    ) -> pd.DataFrame:
        """Each group's forecasting record, one row per group.

        ``by`` is SOURCE (columns source_id, source), AUTHOR, PUBLISHER,
        HORIZON or LIKELIHOOD (a column of that name); then issued, open,
        overdue, resolved, came_true, did_not_happen, withdrawn and
        brier_score (NaN when nothing is resolved; docs/api.md gives the
        formula). ``where`` is a ForecastWhere.
        """
        rows = []
        for s in self._forecast_scores(by, where, first):
            row = self._score_key(by, s)
            row.update(
                issued=s["issued"], open=s["open"], overdue=s["overdue"], resolved=s["resolved"],
                came_true=s["cameTrue"], did_not_happen=s["didNotHappen"], withdrawn=s["withdrawn"],
                brier_score=s["brierScore"],
            )
            rows.append(row)
        df = pd.DataFrame(rows)
        if "brier_score" in df:
            df["brier_score"] = df["brier_score"].astype(float)
        return df

    def calibration(
        self, by: str = "SOURCE", *, where: Mapping[str, Any] | None = None, first: int = 1000
    ) -> pd.DataFrame:
        """The calibration table of each group: one row per group and PHIA term.

        Columns: the group's key (as in :meth:`forecast_scores`),
        likelihood, low and high (the term's range), resolved, came_true,
        share_true, interval_low and interval_high (the 95% Wilson interval
        of share_true given the count) and consistent (whether the interval
        meets the range); share and interval are NaN, consistent None, for
        a term with nothing resolved. Plot share_true against the ranges for
        a calibration curve.
        """
        rows = []
        for s in self._forecast_scores(by, where, first):
            key = self._score_key(by, s)
            for c in s["calibration"]:
                iv = c.get("interval") or {}
                rows.append(
                    {
                        **key,
                        "likelihood": c["likelihood"],
                        "low": c["probability"]["low"],
                        "high": c["probability"]["high"],
                        "resolved": c["resolved"],
                        "came_true": c["cameTrue"],
                        "share_true": c["shareTrue"],
                        "interval_low": iv.get("low"),
                        "interval_high": iv.get("high"),
                        "consistent": c["consistent"],
                    }
                )
        df = pd.DataFrame(rows)
        for col in ("share_true", "interval_low", "interval_high"):
            if col in df:
                df[col] = df[col].astype(float)
        return df

    def topics(self, *, text: str | None = None) -> pd.DataFrame:
        """Topics. Columns: id, name, description."""
        rows = [
            e["node"]
            for e in self.paginate(q.TOPICS, {"where": _drop_none({"text": text}) or None}, ("topics",))
        ]
        return pd.DataFrame(rows, columns=["id", "name", "description"])

    def citations(self, source_id: str, *, types: str | Iterable[str] | None = None) -> pd.DataFrame:
        """The facts a source supports, one row per citation.

        ``types`` keeps some node types (EVENT, POSITION, ...). Columns: id,
        type (Actor, Event, ...), label, quote. A fact cited with several
        quotes has several rows.
        """
        rows = []
        for edge in self.paginate(
            q.CITATIONS, {"id": source_id, "types": _list(types)}, ("source", "citations")
        ):
            n = edge["node"]
            label = n.get("name") or n.get("title") or n.get("statement")
            rows.append({"id": n["id"], "type": n["__typename"], "label": label, "quote": edge.get("quote")})
        return pd.DataFrame(rows, columns=["id", "type", "label", "quote"])

    def search(
        self, query: str, *, kinds: str | Iterable[str] | None = None, first: int = 20
    ) -> pd.DataFrame:
        """Full-text search, best first. Columns: id, type, label, score."""
        hits = self.execute(q.SEARCH, {"query": query, "kinds": _list(kinds), "first": first})["search"]
        rows = []
        for h in hits:
            n = h["node"]
            label = n.get("name") or n.get("title") or n.get("statement")
            rows.append({"id": n["id"], "type": h["type"], "label": label, "score": h["score"]})
        return pd.DataFrame(rows, columns=["id", "type", "label", "score"])

    def likelihood_scale(self) -> pd.DataFrame:
        """The PHIA yardstick. Columns: term, probability_low, probability_high."""
        bands = self.execute(q.LIKELIHOOD_SCALE)["likelihoodScale"]
        rows = [
            {"term": b["term"], "probability_low": b["probability"]["low"], "probability_high": b["probability"]["high"]}
            for b in bands
        ]
        return pd.DataFrame(rows, columns=["term", "probability_low", "probability_high"])

    # ------------------------------------------------------------------ graphs

    def neighborhood(
        self,
        id: str,
        depth: int = 1,
        *,
        limit: int = 100,
        start: DateLike = None,
        end: DateLike = None,
    ) -> nx.MultiDiGraph:
        """The nodes within ``depth`` hops of ``id`` and the edges among them.

        Nodes are keyed by id with attributes ``type`` (ACTOR, EVENT, ...),
        ``label`` and the stored properties; edges are keyed by their stable
        id with ``type`` (PARTICIPATED_IN, ...) and their properties.
        ``graph.graph["truncated"]`` is True when ``limit`` cut it short.
        """
        sub = self.execute(
            q.NEIGHBORHOOD,
            {"id": id, "depth": depth, "limit": limit, "from": _date(start), "to": _date(end)},
        )["neighborhood"]
        return subgraph_to_networkx(sub, center=id)

    def path(self, from_id: str, to_id: str, max_depth: int = 6) -> nx.MultiDiGraph | None:
        """The shortest connection between two nodes, or None when there is none."""
        sub = self.execute(q.PATH, {"fromId": from_id, "toId": to_id, "maxDepth": max_depth})["path"]
        return None if sub is None else subgraph_to_networkx(sub)

    def co_participation(
        self,
        *,
        ids: str | Iterable[str] | None = None,
        start: DateLike = None,
        end: DateLike = None,
        kinds: str | Iterable[str] | None = None,
        participants_any: str | Iterable[str] | None = None,
        actor_kinds: str | Iterable[str] | None = None,
        page_size: int | None = None,
    ) -> nx.Graph:
        """The co-participation network of actors.

        Two actors are linked when they took part in the same event; the edge
        ``weight`` is the number of events they shared and ``events`` lists
        their ids. A DECLINED participation is not taking part, so it links
        no one. The filters choose the events (as in :meth:`events`);
        ``actor_kinds`` keeps only actors of those kinds (PERSON,
        DELEGATION, ...). Nodes carry ``name``, ``kind`` and ``events`` (how
        many of the chosen events the actor took part in). ``page_size``
        sets both how many events and how many participants of each event
        one request fetches.
        """
        where = _drop_none(
            {
                "ids": _list(ids),
                "from": _date(start),
                "to": _date(end),
                "kinds": _list(kinds),
                "participantsAny": _list(participants_any),
            }
        )
        keep_kinds = set(_list(actor_kinds) or [])
        graph = nx.Graph()
        # Each event brings a page of participants, and the service bounds
        # the cost of one request (events x participants): a modest page of
        # each stays under its default limit, and the rare event with more
        # participants is completed with requests of its own.
        size = page_size or self.page_size
        events_page, participants_page = min(size, 15), min(size, 25)
        for edge in self.paginate(
            q.EVENTS_WITH_PARTICIPANTS,
            {"where": where, "participantsFirst": participants_page},
            ("events",),
            page_size=events_page,
        ):
            event = edge["node"]
            people = self._all_participants(event, size)
            taking_part = {}
            for p in people:
                actor = p["node"]
                if p["kind"] == "DECLINED":
                    continue
                if keep_kinds and actor["kind"] not in keep_kinds:
                    continue
                taking_part[actor["id"]] = actor
            for actor in taking_part.values():
                if actor["id"] not in graph:
                    graph.add_node(actor["id"], name=actor["name"], kind=actor["kind"], events=0)
                graph.nodes[actor["id"]]["events"] += 1
            for a, b in itertools.combinations(sorted(taking_part), 2):
                if graph.has_edge(a, b):
                    graph[a][b]["weight"] += 1
                    graph[a][b]["events"].append(event["id"])
                else:
                    graph.add_edge(a, b, weight=1, events=[event["id"]])
        return graph

    # ------------------------------------------------------------------ aggregations

    def event_counts(
        self,
        by: str | Iterable[str],
        *,
        where: Mapping[str, Any] | None = None,
        interval: str = "MONTH",
        order_by: str = "COUNT_DESC",
        first: int = 1000,
    ) -> pd.DataFrame:
        """Events counted on the server by ``by`` (KIND, MODE, CONTEXT, PERIOD,
        COUNTRY, LOCATION, ACTOR, PARTICIPATION_KIND), one row per bucket.

        The columns are the keys asked for (``period`` as a date, ``actor``
        and ``location`` as ids, with ``actor_name``/``location_name``) and
        ``count``. ``where`` is an EventWhere (``{"from": "2025-05-01"}``);
        pivot the frame for a stacked plot:
        ``df.pivot(index="period", columns="kind", values="count")``.
        """
        keys = _list(by) or []
        data = self.execute(
            q.EVENT_COUNTS,
            {"where": dict(where) if where else None, "by": keys, "interval": interval, "orderBy": order_by, "first": first},
        )["eventCounts"]
        rows = []
        for b in data["buckets"]:
            row: dict[str, Any] = {}
            for key in keys:
                field = {"PARTICIPATION_KIND": "participationKind"}.get(key, key.lower())
                value = b.get(field)
                if field in ("actor", "location"):
                    row[field] = value["id"] if value else None
                    row[field + "_name"] = value["name"] if value else None
                else:
                    row[field] = value
            row["count"] = b["count"]
            rows.append(row)
        df = pd.DataFrame(rows)
        if "period" in df:
            df["period"] = pd.to_datetime(df["period"])
        df.attrs["bucket_count"] = data["bucketCount"]
        return df

    def co_participation_pairs(self, *, where: Mapping[str, Any] | None = None, first: int = 1000) -> nx.Graph:
        """The co-participation network computed by the server (coParticipation):
        one edge per pair of actors that took part in the same events, DECLINED
        never counted, with ``weight`` (the number of shared events) and
        ``first_date``/``last_date``; nodes carry ``name`` and ``kind``. The
        ``first`` pairs with most shared events are kept; the graph's
        ``pair_count`` says how many there are in all.
        """
        data = self.execute(q.CO_PARTICIPATION, {"where": dict(where) if where else None, "first": first})["coParticipation"]
        graph = nx.Graph(pair_count=data["pairCount"])
        for p in data["pairs"]:
            for actor in (p["a"], p["b"]):
                graph.add_node(actor["id"], name=actor["name"], kind=actor["kind"])
            graph.add_edge(p["a"]["id"], p["b"]["id"], weight=p["count"], first_date=p["firstDate"], last_date=p["lastDate"])
        return graph

    # ------------------------------------------------------------------ export

    def export(
        self,
        format: str = "graphml",
        *,
        root: str | None = None,
        depth: int | None = None,
        limit: int | None = None,
        ids: str | Iterable[str] | None = None,
        path: str | os.PathLike | None = None,
    ) -> bytes | Path:
        """Download the graph from the service's ``/export``.

        ``format`` is ``graphml`` (Gephi, yEd, Cytoscape, networkx), ``csv``
        (a zip of nodes.csv and edges.csv) or ``jsonl`` (ingest items that
        rebuild the graph; the whole graph only). ``root`` with ``depth`` and
        ``limit`` exports a neighbourhood, ``ids`` chosen nodes and the
        relationships among them, neither the whole graph. With ``path`` the
        file is streamed there and its path returned; otherwise the bytes
        are. A refusal raises :class:`EventgraphError` with the service's code.
        """
        params = _drop_none({"format": format, "root": root, "depth": depth, "limit": limit})
        if ids is not None:
            params["ids"] = ",".join(_list(ids) or [])
        url = self.url[: -len("/graphql")] + "/export"
        try:
            res = requests.get(url, params=params, headers=self._headers, stream=True, timeout=(self.timeout, None))
        except requests.RequestException as e:
            raise EventgraphError(CONNECTION_FAILED, f"cannot reach {url}: {e}") from e
        with res:
            if res.status_code != 200:
                try:
                    errors = res.json().get("errors") or []
                except ValueError:
                    errors = []
                if errors:
                    raise EventgraphError.from_graphql(errors)
                raise EventgraphError(HTTP_ERROR, f"{url} answered {res.status_code}: {res.text[:200]}", status=res.status_code)
            if path is None:
                return res.content
            out = Path(path)
            try:
                with out.open("wb") as f:
                    for chunk in res.iter_content(chunk_size=1 << 16):
                        f.write(chunk)
            except requests.RequestException as e:
                out.unlink(missing_ok=True)
                raise EventgraphError(CONNECTION_FAILED, f"the export from {url} broke off: {e}") from e
            return out

    def to_networkx(
        self,
        *,
        root: str | None = None,
        depth: int | None = None,
        limit: int | None = None,
        ids: str | Iterable[str] | None = None,
    ) -> nx.MultiDiGraph:
        """The graph (or a neighbourhood, or chosen nodes) as a networkx
        MultiDiGraph, read from the service's GraphML export: nodes carry
        ``type``, ``label`` and their properties (lists as JSON text), edges
        ``type`` and theirs; ``nx.write_graphml`` writes it back out as is."""
        data = self.export("graphml", root=root, depth=depth, limit=limit, ids=ids)
        return nx.read_graphml(io.BytesIO(data), force_multigraph=True)

    def _all_participants(self, event: Mapping[str, Any], page_size: int) -> list[dict[str, Any]]:
        """An event's participant edges, fetching the pages the first one left out."""
        conn = event["participants"]
        edges = list(conn["edges"])
        if conn["pageInfo"]["hasNextPage"]:
            more = self.paginate(
                q.EVENT_PARTICIPANTS, {"id": event["id"]}, ("event", "participants"),
                page_size=page_size,
            )
            # Re-read from the start: cursors of the embedded page and of the
            # standalone query need not be interchangeable.
            edges = list(more)
        return edges


def subgraph_to_networkx(sub: Mapping[str, Any], center: str | None = None) -> nx.MultiDiGraph:
    """A ``Subgraph`` result as a networkx MultiDiGraph (see :meth:`Client.neighborhood`)."""
    graph = nx.MultiDiGraph(truncated=bool(sub.get("truncated")), center=center)
    for n in sub["nodes"]:
        props = dict(n.get("properties") or {})
        # type and label are the service's view of the node; a stored property
        # of the same name must not hide them.
        props.pop("type", None)
        props.pop("label", None)
        graph.add_node(n["id"], type=n["type"], label=n["label"], **props)
    for e in sub["edges"]:
        props = dict(e.get("properties") or {})
        for reserved in ("type", "key"):
            props.pop(reserved, None)
        graph.add_edge(e["source"], e["target"], key=e["id"], type=e["type"], **props)
    return graph
