"""Fast smoke test of the scale curve (qa.scale) at a toy size."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import qa  # noqa: F401
except ImportError:        # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from qa.scale import ROW_KEYS, format_table, recommend, scale_curve  # noqa: E402


@pytest.fixture(scope="module")
def rows():
    return scale_curve(sizes=(1000,), queries=20, quick=True)


def test_rows_cover_every_method(rows):
    assert [(r["n"], r["method"]) for r in rows] == [
        (1000, "flat"), (1000, "hnsw"), (1000, "ivf"), (1000, "bm25")]
    for r in rows:
        assert set(ROW_KEYS) <= set(r), set(ROW_KEYS) - set(r)


def test_recall_and_latency(rows):
    by = {r["method"]: r for r in rows}
    assert by["flat"]["recall_at_10"] == 1.0
    for method in ("hnsw", "ivf"):
        assert 0.0 <= by[method]["recall_at_10"] <= 1.0
        assert by[method]["curve"] and all(0.0 <= p["recall_at_10"] <= 1.0 for p in by[method]["curve"])
    assert by["bm25"]["recall_at_10"] is None
    for r in rows:
        assert r["p50_ms"] > 0 and r["p95_ms"] >= r["p50_ms"]
        assert r["build_s"] >= 0 and r["index_bytes"] > 0


def test_report_renders(rows):
    table = format_table(rows)
    assert table.startswith("| N | method |") and "hnsw" in table and "bm25" in table
    assert "Rule:" in recommend(rows)
