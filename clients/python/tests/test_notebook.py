"""Runs notebooks/analyst-tour.ipynb headless against the real service and
checks what its cells computed, not merely that they ran."""

from __future__ import annotations

import json
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO, SOURCE, TALKS, seed_co_participation
from eventgraph_client import event_color

NOTEBOOK = REPO / "notebooks" / "analyst-tour.ipynb"

# Appended to a copy of the notebook: prints, as one JSON line, what the
# analyst's cells left in the kernel.
DUMP = r'''
import json as _json
print("NOTEBOOK-STATE " + _json.dumps({
    "article": article,
    "participants": participants[["actor_id", "kind", "role"]].to_dict("records"),
    "declined": sorted(declined.actor_id),
    "produced": produced[["relation", "id", "figures"]].to_dict("records"),
    "call_id": call_id,
    "call_participants": sorted(call_participants.actor_id),
    "demands": demands[["id", "side", "stance"]].to_dict("records"),
    "peskov": peskov[["stance", "statement", "responds_to"]].to_dict("records"),
    "answered": answered[["responds_to", "statement"]].to_dict("records"),
    "forecasts": forecasts[["id", "horizon", "likelihood", "range", "statement"]].to_dict("records"),
    "timeline": sorted(events.id),
    "kind_color": kind_color,
    "network": [[a, b, d["weight"]] for a, b, d in G.edges(data=True)],
    "network_events": [[a, b, d["events"]] for a, b, d in G.edges(data=True)],
    "hood_nodes": sorted(hood.nodes),
    "composed": sorted(e["node"]["id"] for e in composed["edges"]),
    "composed_total": composed["totalCount"],
    "monthly_total": int(monthly["count"].sum()),
    "monthly_kinds": sorted(by_month.columns),
    "server_network": [[a, b, d["weight"]] for a, b, d in server_G.edges(data=True)],
    "graphml_trip": list(graphml_trip),
    "bad_date": [bad_date.code, bad_date.message],
    "overdue": sorted(overdue.id),
    "overdue_status": sorted(set(overdue.status)),
    "scores": scores.to_dict("records"),
    "calibration": cal[["likelihood", "resolved", "came_true", "share_true", "consistent"]].to_dict("records"),
}, default=str))
'''


KERNEL = "eventgraph-client-test"


@pytest.fixture(scope="module")
def run(url, eg, tmp_path_factory):
    """The executed notebook and the state its cells computed."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(DUMP))
    # A kernel of this very interpreter, found first on JUPYTER_PATH: whatever
    # kernels the machine has registered, the notebook runs where
    # eventgraph_client is installed.
    jupyter = tmp_path_factory.mktemp("jupyter")
    spec = jupyter / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "eventgraph client tests",
        "language": "python",
    }))
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(jupyter))
    patch.setenv("EVENTGRAPH_URL", url)  # the kernel inherits it
    try:
        NotebookClient(
            nb, timeout=120, kernel_name=KERNEL, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
        ).execute()
    finally:
        patch.undo()
    line = next(
        line
        for out in nb.cells[-1].outputs
        if out.get("name") == "stdout"
        for line in out["text"].splitlines()
        if line.startswith("NOTEBOOK-STATE ")
    )
    return nb, json.loads(line.removeprefix("NOTEBOOK-STATE "))


def test_every_cell_is_short_and_explained(run):
    nb, _ = run
    cells = nb.cells[:-1]
    for i, cell in enumerate(cells):
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 20, f"cell {i} is long"
            before = [c.cell_type for c in cells[max(0, i - 2):i]]
            assert "markdown" in before, f"code cell {i} has no markdown just before it"
            assert not any(o.output_type == "error" for o in cell.outputs)


def test_plots_were_drawn(run):
    nb, _ = run
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 5  # forecast ranges, calibration, timeline, network, events per month


def test_the_article(run):
    _, s = run
    assert s["article"]["author"] == "Andrea Stauder"
    assert s["article"]["publishedAt"] == "2025-05-26"


def test_who_took_part_and_who_declined(run, seed):
    _, s = run
    kinds = {p["actor_id"]: p["kind"] for p in s["participants"]}
    assert kinds["vladimir-medinsky"] == "PARTICIPANT"
    assert kinds["vladimir-putin"] == "DECLINED"
    assert kinds["turkiye"] == "HOST"
    talks = next(e for e in seed["events"] if e["id"] == TALKS)
    assert kinds == {p["actorId"]: p["kind"] for p in talks["participants"]}
    assert s["declined"] == ["vladimir-putin", "volodymyr-zelenskyy"]


def test_what_the_talks_produced(run):
    _, s = run
    rows = {(r["relation"], r["id"]): r["figures"] for r in s["produced"]}
    assert ("reached at the talks", "istanbul-agreement-prisoner-exchange") in rows
    assert ("reached at the talks", "istanbul-agreement-to-meet-again") in rows
    assert "1000" in rows[("led to", "prisoner-exchange-2025-05-23")]


def test_the_19_may_call(run):
    _, s = run
    assert s["call_id"] == "trump-putin-call-2025-05-19"
    assert s["call_participants"] == ["donald-trump", "vladimir-putin"]


def test_demands_of_both_sides(run, seed):
    _, s = run
    by_side = {}
    for r in s["demands"]:
        by_side.setdefault(r["side"], set()).add(r["id"])
    assert {
        "russia-demands-territorial-consolidation",
        "russia-demands-regime-change-in-kyiv",
        "russia-demands-demilitarisation-of-ukraine",
        "russia-demands-ukrainian-neutrality",
    } <= by_side["Russia"]
    assert {
        "ukraine-rejects-recognising-lost-territory",
        "ukraine-demands-security-guarantees",
        "zelenskyy-demands-sanctions-if-ceasefire-rejected",
    } <= by_side["Ukraine"]


def test_peskov_and_starmer(run):
    _, s = run
    [peskov] = s["peskov"]
    assert peskov["stance"] == "CONDITIONS"
    assert "certain agreements" in peskov["statement"]
    answered = {r["responds_to"] for r in s["answered"]}
    assert "russia-demands-regime-change-in-kyiv" in answered
    assert all("unacceptable" in r["statement"] for r in s["answered"])


def test_forecasts_table(run, seed):
    _, s = run
    rows = {r["id"]: r for r in s["forecasts"]}
    assert len(s["forecasts"]) == len(seed["forecasts"])
    assert set(rows) == {f["id"] for f in seed["forecasts"]}
    ranges = {"REALISTIC_POSSIBILITY": "40%–50%", "LIKELY": "55%–75%", "UNLIKELY": "25%–35%", "HIGHLY_UNLIKELY": "10%–20%"}
    for f in seed["forecasts"]:
        r = rows[f["id"]]
        assert (r["horizon"], r["likelihood"]) == (f["horizon"], f["likelihood"])
        if f["likelihood"] in ranges:
            assert r["range"] == ranges[f["likelihood"]]
    horizons = [r["horizon"] for r in s["forecasts"]]
    assert horizons == sorted(horizons, key=["SHORT_TERM", "MEDIUM_TERM", "LONG_TERM"].index)


def test_timeline_and_network(run, seed):
    _, s = run
    assert s["timeline"] == sorted(e["id"] for e in seed["events"])
    got = {frozenset((a, b)): w for a, b, w in s["network"]}
    assert got == seed_co_participation(seed)
    assert got[frozenset(("russian-delegation", "ukrainian-delegation"))] >= 1
    assert got[frozenset(("vladimir-medinsky", "ukrainian-delegation"))] >= 1
    # Declining is not sitting together: no link rests on an event either end
    # declined (both presidents declined the Istanbul talks).
    declined = {(p["actorId"], e["id"]) for e in seed["events"] for p in e.get("participants") or [] if p.get("kind") == "DECLINED"}
    assert ("vladimir-putin", TALKS) in declined and ("volodymyr-zelenskyy", TALKS) in declined
    for a, b, events in s["network_events"]:
        for ev in events:
            assert (a, ev) not in declined and (b, ev) not in declined, f"{a}–{b} linked through {ev}, which one of them declined"


def test_timeline_colours_are_the_explorers(run, seed):
    _, s = run
    kinds = {e["kind"] for e in seed["events"]}
    assert s["kind_color"] == {k: event_color(k) for k in kinds}


def test_neighbourhood_and_error(run):
    _, s = run
    assert {TALKS, "vladimir-medinsky", "dolmabahce-palace"} <= set(s["hood_nodes"])
    assert s["bad_date"][0] == "BAD_USER_INPUT"
    assert "16 May 2025" in s["bad_date"][1]


def test_server_counts_and_graphml(run, eg, seed):
    _, s = run
    # events per month by kind: every event from 2022 on, counted once
    total = eg.execute('{ events(where: {from: "2022-01-01"}) { totalCount } }')["events"]["totalCount"]
    assert s["monthly_total"] == total > 0
    assert {"CONSULT", "AGREE"} <= set(s["monthly_kinds"])
    # the server's co-participation is the client's, DECLINED excluded
    assert {frozenset((a, b)): w for a, b, w in s["server_network"]} == {frozenset((a, b)): w for a, b, w in s["network"]}
    nodes, edges, nodes_back, edges_back = s["graphml_trip"]
    assert nodes == nodes_back > 5 and edges == edges_back > 5


def test_composed_filter(run, eg):
    """The notebook's composed question answers what the same predicate,
    evaluated here over every event and its participations, says."""
    _, s = run
    events, after = [], None
    while True:
        page = eg.execute(
            "query($after: String) { events(first: 20, after: $after) { pageInfo { hasNextPage endCursor }"
            " edges { node { id contexts participants(first: 50) { totalCount edges { kind node { countryCode } } } } } } }",
            {"after": after},
        )["events"]
        events += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    want = set()
    for e in events:
        parts = e["participants"]
        assert parts["totalCount"] <= 50
        kinds = [(p["kind"], p["node"].get("countryCode")) for p in parts["edges"]]
        if (
            any(k == "INITIATOR" and c == "RUS" for k, c in kinds)
            and not any(k == "DECLINED" for k, _ in kinds)
            and "military" not in (e.get("contexts") or [])
        ):
            want.add(e["id"])
    assert s["composed"] == sorted(want) and s["composed_total"] == len(want) > 0


def test_the_forecast_record(run):
    """The article's record is all open or overdue (the seed settles nothing);
    the fixture analyst note's is scored as docs/api.md computes it by hand."""
    _, s = run
    assert len(s["overdue"]) == 5 and s["overdue_status"] == ["OVERDUE"]
    [note] = s["scores"]
    assert (note["issued"], note["resolved"], note["withdrawn"], note["open"], note["overdue"]) == (11, 9, 1, 1, 0)
    # (0.025² + 0.15² + 0.7² + 0.45² + 0.55² + 2·0.35² + 0.65² + 0.15²) / 9
    assert abs(note["brier_score"] - 1.708125 / 9) < 1e-12
    rows = {r["likelihood"]: r for r in s["calibration"]}
    assert len(rows) == 7
    assert (rows["LIKELY"]["resolved"], rows["LIKELY"]["came_true"]) == (3, 2)
    assert rows["UNLIKELY"]["consistent"] is True  # 1 of 1 true: Wilson 0.21-1 meets 25-35%
    assert rows["ALMOST_CERTAIN"]["resolved"] == 0  # withdrawn: in no row
