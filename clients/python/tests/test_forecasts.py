"""The forecast record through the client: overdue forecasts, a refused
resolution with its code and path, scores and calibration as DataFrames.

Uses ids of its own (pytest-forecast-...) and deletes what it made."""

from __future__ import annotations

import pytest

from conftest import SOURCE
from eventgraph_client import Client, EventgraphError

NOTE = "pytest-forecast-note"
LATER = "pytest-forecast-later"
TOPIC = "pytest-forecast-topic"
FC = "pytest-forecast-likely"

BATCH = {
    "sources": [
        {"id": NOTE, "title": "pytest analyst note", "kind": "NOTE", "publishedAt": "2025-06-01", "author": "pytest analyst"},
        {"id": LATER, "title": "pytest follow-up", "kind": "NOTE", "publishedAt": "2025-10-01"},
    ],
    "topics": [{"id": TOPIC, "name": "pytest forecast topic"}],
    "forecasts": [
        {"id": FC, "statement": "pytest: an illustrative development happens.", "horizon": "SHORT_TERM",
         "likelihood": "LIKELY", "aboutIds": [TOPIC], "sourceId": NOTE,
         "citations": [{"sourceId": NOTE, "quote": "We judge it likely."}]}
    ],
}


@pytest.fixture()
def writer(url, writer_key):
    c = Client(url, key=writer_key)
    c.ingest(BATCH)
    yield c
    for kind, id in (("Forecast", FC), ("Topic", TOPIC), ("Source", NOTE), ("Source", LATER)):
        c.execute(f"mutation($id: ID!) {{ delete{kind}(id: $id) {{ deleted }} }}", {"id": id})
    c.close()


def test_the_articles_overdue_forecasts(eg):
    overdue = eg.overdue_forecasts(source_id=SOURCE)
    assert len(overdue) == 5
    assert set(overdue.status) == {"OVERDUE"}
    assert set(overdue.horizon) == {"SHORT_TERM", "MEDIUM_TERM"}


def test_a_resolution_without_evidence_is_refused(writer):
    with pytest.raises(EventgraphError) as e:
        writer.resolve_forecast(FC, "CAME_TRUE", at="2025-09-01")
    assert e.value.code == "BAD_USER_INPUT"
    assert "resolvedById" in str(e.value)


def test_scores_and_calibration_frames(writer, eg):
    done = writer.resolve_forecast(FC, "CAME_TRUE", at="2025-09-01",
                                   citations=[{"sourceId": LATER, "quote": "It happened."}])
    assert done["forecast"]["status"] == "CAME_TRUE"
    scores = eg.forecast_scores("AUTHOR", where={"aboutIds": [TOPIC]})
    assert list(scores.author) == ["pytest analyst"]
    assert scores.brier_score[0] == pytest.approx(0.35 ** 2)
    cal = eg.calibration("SOURCE", where={"aboutIds": [TOPIC]})
    assert len(cal) == 7 and set(cal.source_id) == {NOTE}
    likely = cal[cal.likelihood == "LIKELY"].iloc[0]
    assert (likely.low, likely.high, likely.resolved, likely.share_true) == (0.55, 0.75, 1, 1.0)
    assert likely.interval_low == pytest.approx(0.2065, abs=1e-4) and likely.consistent
    writer.reopen_forecast(FC, "pytest: retracted")
    assert eg.forecasts(about_ids=TOPIC).status.tolist() == ["OVERDUE"]
