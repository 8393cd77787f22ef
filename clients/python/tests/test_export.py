"""Export and the server's aggregations, against the real service.

The GraphML the service writes is read by networkx with as many nodes and
edges as the graph holds (a neighbourhood's as the GraphQL neighborhood
reads it; the whole graph's node count as the lists count it, its edges
as edges.csv of the CSV export lists them), typed attributes included.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest

from eventgraph_client import EventgraphError

from conftest import TALKS, seed_co_participation

LISTS = ["actors", "events", "locations", "topics", "positions", "forecasts", "sources"]


def test_graphml_of_a_neighbourhood_has_its_nodes_and_edges(eg):
    g = eg.to_networkx(root=TALKS, depth=2, limit=60)
    nb = eg.neighborhood(TALKS, depth=2, limit=60)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == nb.number_of_nodes() > 5
    assert g.number_of_edges() == nb.number_of_edges() > 5
    assert set(g.nodes) == set(nb.nodes)
    assert sorted((u, v, d["type"]) for u, v, d in g.edges(data=True)) == sorted(
        (u, v, d["type"]) for u, v, d in nb.edges(data=True)
    )
    assert g.nodes[TALKS]["type"] == "Event"
    assert g.nodes[TALKS]["kind"] == "CONSULT"


def test_graphml_of_the_whole_graph_has_every_node_and_edge(eg):
    g = eg.to_networkx()
    total = sum(eg.execute("{ %s { totalCount } }" % name)[name]["totalCount"] for name in LISTS)
    assert g.number_of_nodes() == total
    with zipfile.ZipFile(io.BytesIO(eg.export("csv"))) as z:
        assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.TextIOWrapper(z.open("nodes.csv"), encoding="utf-8")))
        edges = list(csv.DictReader(io.TextIOWrapper(z.open("edges.csv"), encoding="utf-8")))
    assert len(nodes) == total
    assert g.number_of_edges() == len(edges) > 50
    # typed attributes: coordinates are numbers, lists are JSON text
    located = [d for _, d in g.nodes(data=True) if "latitude" in d]
    assert located and all(isinstance(d["latitude"], float) for d in located)
    zelenskyy = g.nodes["volodymyr-zelenskyy"]
    assert "Zelensky" in json.loads(zelenskyy["aliases"])
    kinds = {d.get("kind") for _, _, d in g.edges(data=True) if d["type"] == "PARTICIPATED_IN"}
    assert "DECLINED" in kinds


def test_graphml_round_trips_through_networkx(eg, tmp_path):
    g = eg.to_networkx(root=TALKS, depth=1)
    path = tmp_path / "talks.graphml"
    nx.write_graphml(g, path)
    again = nx.read_graphml(path, force_multigraph=True)
    assert again.number_of_nodes() == g.number_of_nodes()
    assert again.number_of_edges() == g.number_of_edges()


def test_export_to_a_file_and_refusals(eg, tmp_path):
    path = eg.export("jsonl", path=tmp_path / "graph.jsonl")
    types = {json.loads(line)["type"] for line in path.read_text(encoding="utf-8").splitlines()}
    assert {"source", "actor", "event", "position", "forecast", "affiliation"} <= types
    with pytest.raises(EventgraphError) as e:
        eg.export("graphml", root="no-such-node-anywhere")
    assert e.value.code == "NOT_FOUND"
    with pytest.raises(EventgraphError) as e:
        eg.export("pdf")
    assert e.value.code == "BAD_USER_INPUT"


def test_server_co_participation_equals_the_seeds(eg, seed):
    talks = {TALKS}
    g = eg.co_participation_pairs(where={"ids": sorted(talks)})
    want = seed_co_participation(seed, talks)
    assert want
    got = {frozenset((a, b)): d["weight"] for a, b, d in g.edges(data=True)}
    assert got == want
    assert g.graph["pair_count"] == len(want)


def test_event_counts_by_month_and_kind(eg):
    df = eg.event_counts(["PERIOD", "KIND"], interval="MONTH", where={"from": "2025-05-01", "to": "2025-05-31"})
    events = eg.events(start="2025-05-01", end="2025-05-31")
    assert df["count"].sum() == len(events) > 0
    assert set(df.columns) == {"period", "kind", "count"}
    by_kind = df.groupby("kind")["count"].sum().to_dict()
    assert by_kind == events["kind"].value_counts().to_dict()
