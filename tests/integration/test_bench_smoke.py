"""The benchmark script runs end to end on a tiny corpus (real model, real store) and reports what the
README quotes from it: ingest throughput, texts embedded, the RSS curve and query latency per size."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.helpers import clean_env

pytestmark = pytest.mark.integration


def test_scale_benchmark_reports_every_size(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "evals.bench", "scale", "--sizes", "2,4", "--questions", "4", "--repeat", "1",
         "--out", str(out)],
        cwd=ROOT, env=clean_env(), capture_output=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    rows = json.loads(out.read_text(encoding="utf-8"))["scale"]
    assert [r["size"] for r in rows] == [2, 4]
    for row in rows:
        assert "error" not in row, row["error"]
        ingest, query = row["ingest"], row["query"]
        assert ingest["ingested"] == 2 and ingest["failed"] == []
        assert 0 < ingest["embedded"] <= ingest["chunks"]
        assert ingest["rss_curve"][-1]["docs"] == 2 and ingest["peak_rss_mb"] > 0
        assert query["docs"] == row["size"] and query["latency_ms"]["n"] == 4
        assert query["latency_ms"]["p50"] > 0
    # the second step reuses vectors of texts the first step already embedded (shared clauses)
    assert rows[1]["ingest"]["embedded"] < rows[1]["ingest"]["chunks"]
    table = proc.stdout.decode()
    assert "SCALE" in table and "embedded" in table


@pytest.mark.server
def test_scale_benchmark_in_server_mode_with_the_cheap_embedder(tmp_path: Path) -> None:
    """The scale run against a real `chroma run` started by the benchmark: client and server memory,
    the first question after adding and after removing one document, the copies kept per size."""
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "evals.bench", "scale", "--sizes", "3,6", "--modes", "server", "--embedder", "hash",
         "--questions", "3", "--repeat", "1", "--changes", "2", "--dir", str(tmp_path / "runs"), "--out", str(out)],
        cwd=ROOT, env=clean_env(), capture_output=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["scale_setup"]["embedder"] == "hash"
    rows = report["scale"]
    assert [(r["mode"], r["size"]) for r in rows] == [("server", 3), ("server", 6)]
    for row in rows:
        assert "error" not in row, row["error"]
        assert row["ingest"]["server_peak_rss_mb"] > 0 and row["query"]["server_peak_rss_mb"] > 0
        assert row["query"]["docs"] == row["size"]
        assert len(row["query"]["changes"]) == 2
        assert all(c["first_question_after_add_ms"] > 0 for c in row["query"]["changes"])
        assert (tmp_path / "runs" / "server" / f"docs-{row['size']}" / "bench-ingest.json").exists()
    assert report["real_query_embedding"]["latency_ms"]["p50"] > 0
    assert "hashed words, NOT the language model" in proc.stdout.decode()


def test_lexical_memory_benchmark_reports_every_size(tmp_path: Path) -> None:
    """The lexical index's memory per corpus size (built, saved, loaded and saved again in a fresh
    process): what the README's scale section quotes for the query client."""
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "evals.bench", "lexical", "--sizes", "4,12", "--dir", str(tmp_path / "runs"),
         "--out", str(out)],
        cwd=ROOT, env=clean_env(), capture_output=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    rows = json.loads(out.read_text(encoding="utf-8"))["lexical"]
    assert [(r["size"], r["docs"]) for r in rows] == [(4, 4), (12, 12)]
    assert rows[0]["rows"] < rows[1]["rows"] and 0 < rows[0]["held_mb"] < rows[1]["held_mb"]
    assert all(r["saved_mb"] > 0 and r["save_peak_above_held_mb"] >= 0 and r["peak_rss_mb"] > 0 for r in rows)
    assert "LEXICAL INDEX" in proc.stdout.decode()
