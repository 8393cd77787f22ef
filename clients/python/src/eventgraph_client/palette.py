"""The explorer's colours for matplotlib and networkx drawings.

They come from ``palette.json`` beside this module, the one palette file the
explorer is built from too (ui/src/styles.ts imports it), so a chart in the
notebook colours an event, an actor or a declined participation as the
explorer does: assault red and consultation green in both.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

PALETTE: dict[str, Any] = json.loads(resources.files(__package__).joinpath("palette.json").read_text(encoding="utf-8"))

#: PLOVER event kind -> the name of its class (cooperation, verbal conflict, ...).
EVENT_CLASS: dict[str, str] = {k: c["name"] for c in PALETTE["eventClasses"] for k in c["kinds"]}

#: Class name -> colour, in the explorer's legend order.
CLASS_COLORS: dict[str, str] = {c["name"]: c["color"] for c in PALETTE["eventClasses"]}


def event_color(kind: str | None) -> str:
    """The colour of an event of this PLOVER kind (grey for an unknown one)."""
    name = EVENT_CLASS.get(kind or "")
    return CLASS_COLORS[name] if name else PALETTE["fallback"]


def actor_color(kind: str | None) -> str:
    """The colour of an actor of this kind (PERSON, STATE, ...)."""
    k = PALETTE["actorKinds"].get(kind or "")
    return k["color"] if k else PALETTE["types"]["ACTOR"]["color"]


def edge_color(name: str) -> str:
    """``relationship``, ``declined`` or ``path``."""
    return PALETTE["edges"][name]
