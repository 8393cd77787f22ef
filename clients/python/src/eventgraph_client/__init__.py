"""eventgraph_client: the eventgraph knowledge graph from Python.

A :class:`Client` sends GraphQL to the eventgraph service, pages through
connections for you, and hands back pandas DataFrames (events, participants,
positions, forecasts) and networkx graphs (a node's neighbourhood, the
co-participation network of actors). Errors raise :class:`EventgraphError`
carrying the server's ``extensions.code``.

    >>> from eventgraph_client import Client
    >>> eg = Client()  # EVENTGRAPH_URL, EVENTGRAPH_KEY
    >>> eg.participants("istanbul-talks-2025-05-16")
"""

from .client import DEFAULT_URL, Client, subgraph_to_networkx
from .errors import EventgraphError
from .palette import actor_color, edge_color, event_color

__all__ = ["Client", "EventgraphError", "subgraph_to_networkx", "DEFAULT_URL", "actor_color", "edge_color", "event_color"]
__version__ = "0.1.0"
