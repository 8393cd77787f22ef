"""The palette: one file for the explorer and the notebook, covering every
kind the schema knows. Pure: reads files, needs no service."""

from __future__ import annotations

import json
import re

from conftest import REPO
from eventgraph_client import actor_color, edge_color, event_color
from eventgraph_client.palette import CLASS_COLORS, EVENT_CLASS, PALETTE


def enum(name: str) -> set[str]:
    """The values of a GraphQL enum in schema.graphqls (descriptions skipped)."""
    schema = (REPO / "schema.graphqls").read_text()
    body = re.search(r"enum %s \{(.*?)\}" % name, schema, re.S).group(1)
    body = re.sub(r'""".*?"""|"[^"\n]*"', "", body, flags=re.S)
    return set(re.findall(r"^\s*([A-Z][A-Z_]*)\s*$", body, re.M))


def test_every_event_kind_has_one_class():
    kinds = enum("EventKind")
    assert kinds, "no EventKind values read from the schema"
    listed = [k for c in PALETTE["eventClasses"] for k in c["kinds"]]
    assert sorted(listed) == sorted(kinds), "each PLOVER kind in exactly one class"


def test_every_actor_kind_stance_and_type_has_a_colour():
    assert set(PALETTE["actorKinds"]) == enum("ActorKind")
    assert set(PALETTE["stances"]) == enum("Stance")
    assert set(PALETTE["types"]) == enum("NodeType")


def test_the_explorer_colours():
    # The complaint: the notebook coloured assault green and
    # consultation red, the explorer's opposite.
    assert EVENT_CLASS["ASSAULT"] == "material conflict"
    assert EVENT_CLASS["CONSULT"] == "cooperation"
    assert event_color("ASSAULT") == CLASS_COLORS["material conflict"] == "#c62828"
    assert event_color("CONSULT") == CLASS_COLORS["cooperation"] == "#2e7d32"
    assert event_color(None) == event_color("NO_SUCH_KIND") == PALETTE["fallback"]
    assert actor_color("STATE") == PALETTE["actorKinds"]["STATE"]["color"]
    assert actor_color(None) == PALETTE["types"]["ACTOR"]["color"]
    assert edge_color("declined") == PALETTE["edges"]["declined"]


def test_the_explorer_is_built_from_this_file():
    styles = (REPO / "ui" / "src" / "styles.ts").read_text()
    assert "clients/python/src/eventgraph_client/palette.json" in styles
    # No event colour written a second time in the explorer's source.
    for c in PALETTE["eventClasses"]:
        assert c["color"] not in styles, f"{c['name']}'s colour is written in styles.ts too"
    bundle = next((REPO / "ui" / "dist").glob("app-*.js")).read_text()
    for c in PALETTE["eventClasses"]:
        assert c["color"] in bundle, f"the built explorer lacks {c['name']}'s colour"
    json.loads((REPO / "clients" / "python" / "src" / "eventgraph_client" / "palette.json").read_text())
