"""Errors the client raises, each carrying the server's ``extensions.code``."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

# The codes the service puts in a GraphQL error's extensions.code (DESIGN.md).
BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
INTERNAL = "INTERNAL"

# Codes the client itself uses when no GraphQL error came back.
CONNECTION_FAILED = "CONNECTION_FAILED"
HTTP_ERROR = "HTTP_ERROR"
PROTOCOL_ERROR = "PROTOCOL_ERROR"


class EventgraphError(Exception):
    """An error from the eventgraph service, or from reaching it.

    ``code`` is the server's ``extensions.code`` (BAD_USER_INPUT, NOT_FOUND,
    UNAUTHENTICATED, ...) or, when the service could not be reached or did not
    answer GraphQL, one of CONNECTION_FAILED, HTTP_ERROR, PROTOCOL_ERROR.
    ``path`` locates the offending input item for input errors
    (``input.events[2].participants[0].actorId``), else the response path of
    the field that failed (``event.participants``), else None.
    ``errors`` keeps every GraphQL error of the response, as the server sent
    them: an ingest batch reports all its bad items at once.
    ``committed`` is ``"unknown"`` when the service could not tell whether a
    write was committed (the connection to its database dropped during the
    commit; the code is then DATABASE_UNAVAILABLE), else None. The client
    sends such a write again like any DATABASE_UNAVAILABLE: every mutation
    is idempotent, so replaying one that did happen changes nothing.
    """

    def __init__(
        self,
        code: str,
        message: str,
        path: str | None = None,
        *,
        errors: Sequence[Mapping[str, Any]] | None = None,
        status: int | None = None,
        committed: str | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.path = path
        self.errors = list(errors or [])
        self.status = status
        self.committed = committed
        super().__init__(str(self))

    def __str__(self) -> str:
        # The service often starts its message with the path already.
        where = f" at {self.path}" if self.path and not self.message.startswith(self.path) else ""
        more = ""
        if len(self.errors) > 1:
            more = f" (and {len(self.errors) - 1} more errors)"
        return f"{self.code}{where}: {self.message}{more}"

    def __repr__(self) -> str:
        return (
            f"EventgraphError(code={self.code!r}, message={self.message!r}, "
            f"path={self.path!r})"
        )

    @classmethod
    def from_graphql(
        cls, errors: Sequence[Mapping[str, Any]], status: int | None = None
    ) -> "EventgraphError":
        """The first of a response's GraphQL errors, keeping all of them."""
        if not errors:
            return cls(INTERNAL, "the service reported an error without details", status=status)
        first = errors[0] if isinstance(errors[0], Mapping) else {"message": str(errors[0])}
        ext = first.get("extensions")
        committed = ext.get("committed") if isinstance(ext, Mapping) else None
        return cls(
            error_code(first),
            str(first.get("message") or "no message"),
            error_path(first),
            errors=errors,
            status=status,
            committed=str(committed) if committed is not None else None,
        )


def error_code(err: Mapping[str, Any]) -> str:
    """The extensions.code of one GraphQL error; INTERNAL when it has none."""
    ext = err.get("extensions") or {}
    code = ext.get("code") if isinstance(ext, Mapping) else None
    return str(code) if code else INTERNAL


def error_path(err: Mapping[str, Any]) -> str | None:
    """Where one GraphQL error points.

    The input path (an ingest item) is what a caller can act on, so it wins
    over the response path (the field that failed).
    """
    ext = err.get("extensions") or {}
    if isinstance(ext, Mapping):
        for key in ("path", "inputPath", "field"):
            value = ext.get(key)
            if value:
                return value if isinstance(value, str) else _join_path(value)
    path = err.get("path")
    if path:
        return _join_path(path)
    return None


def _join_path(parts: Sequence[Any]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out
