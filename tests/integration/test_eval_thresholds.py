"""The eval suites in CI, grounded mode, failing below the measured thresholds.

The first dev sets (examples, paraphrases) are held to their own thresholds here; the dev and blind
splits as a whole to the gates in evals/gates.json. Thresholds are set at what was measured (see
README) and only raised; lowering one needs a reason in the commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.integration

THRESHOLDS = {  # measured in the README's Evaluation section, less one case's worth of margin
    "examples": {"fact_accuracy": 0.88, "citation_support": 0.98, "refusal_accuracy": 0.94, "false_refusal_rate": 0.10},
    "paraphrases": {"fact_accuracy": 0.87, "citation_support": 0.99, "refusal_accuracy": 0.75, "false_refusal_rate": 0.08},
}


@pytest.mark.parametrize("dataset", sorted(THRESHOLDS))
def test_eval_meets_thresholds(dataset: str, example_settings, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    limits = THRESHOLDS[dataset]
    result = CliRunner().invoke(main, [
        "eval", "--dataset", str(ROOT / "evals" / "datasets" / "dev" / f"{dataset}.jsonl"),
        "--store", str(example_settings.store), "--json", str(out),
        "--min-fact-accuracy", str(limits["fact_accuracy"]),
        "--min-citation-support", str(limits["citation_support"]),
        "--min-refusal-accuracy", str(limits["refusal_accuracy"]),
    ])
    report = json.loads(out.read_text(encoding="utf-8"))
    summary = report["summary"]
    assert list(summary) == ["n", "fact_accuracy", "citation_support", "refusal_accuracy", "false_refusal_rate",
                             "doc_hit_rate", "p50_ms", "p95_ms"]
    assert summary["false_refusal_rate"] <= limits["false_refusal_rate"], result.output
    assert result.exit_code == 0, result.output
    assert {"recall@1", "recall@5", "mrr"} <= set(report["retrieval"])


def test_eval_with_corpus_and_baseline(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, [
        "eval", "--dataset", str(ROOT / "evals" / "datasets" / "dev" / "paraphrases.jsonl"),
        "--corpus", str(CORPUS), "--baseline", "--json", str(out), "--markdown", str(tmp_path / "r.md"),
    ])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert "baseline" in report and "akkoord" in result.output and "baseline" in result.output
    # the tutorial RAG never refuses, so it fails every unanswerable case
    assert report["baseline"]["summary"]["refusal_accuracy"] == 0.0
    assert report["summary"]["fact_accuracy"] > report["baseline"]["summary"]["fact_accuracy"]


def test_threshold_miss_exits_non_zero(example_settings, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [
        "eval", "--dataset", str(ROOT / "evals" / "datasets" / "dev" / "paraphrases.jsonl"),
        "--store", str(example_settings.store), "--min-fact-accuracy", "1.01",
    ])
    assert result.exit_code == 1 and "THRESHOLD MISSED" in result.output


def test_dev_and_blind_splits_meet_their_gates(tmp_path: Path) -> None:
    """`akkoord eval --split all --gate`: each corpus ingested into a fresh store, dev and blind
    scored, and the run fails when a split is below its gate in evals/gates.json."""
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["eval", "--split", "all", "--gate", "--json", str(out)])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["splits"]) == {"dev", "blind"}
    assert report["splits"]["blind"]["summary"]["n"] >= 120
    # the blind suite's cases are never printed nor kept: only its summary and per-kind figures
    assert "cases" not in report["suites"]["blind"]
    assert "bl-0" not in result.output
    assert result.exit_code == 0, result.output


def test_gate_failures_name_the_metric() -> None:
    from evals.suites import gate_failures

    summary = {"fact_accuracy": 0.5, "false_refusal_rate": 0.3, "p50_ms": 20.0}
    assert gate_failures(summary, {"fact_accuracy": 0.6, "false_refusal_rate": 0.2, "p50_ms": 100}) == [
        "fact_accuracy 0.500 < 0.6", "false_refusal_rate 0.300 > 0.2"]
    assert gate_failures(summary, {"citation_support": 0.9}) == ["citation_support missing"]
