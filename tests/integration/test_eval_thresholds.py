"""The eval suite in CI: both datasets in grounded mode, failing below the measured thresholds.

Thresholds are set at what was measured (see README); raise them as the system improves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.integration

THRESHOLDS = {
    "examples": {"fact_accuracy": 0.98, "citation_support": 0.99, "refusal_accuracy": 1.0, "false_refusal_rate": 0.02},
    "paraphrases": {"fact_accuracy": 0.97, "citation_support": 0.99, "refusal_accuracy": 1.0, "false_refusal_rate": 0.03},
}


@pytest.mark.parametrize("dataset", sorted(THRESHOLDS))
def test_eval_meets_thresholds(dataset: str, example_settings, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    limits = THRESHOLDS[dataset]
    result = CliRunner().invoke(main, [
        "eval", "--dataset", str(ROOT / "evals" / "datasets" / f"{dataset}.jsonl"),
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
        "eval", "--dataset", str(ROOT / "evals" / "datasets" / "paraphrases.jsonl"),
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
        "eval", "--dataset", str(ROOT / "evals" / "datasets" / "paraphrases.jsonl"),
        "--store", str(example_settings.store), "--min-fact-accuracy", "1.01",
    ])
    assert result.exit_code == 1 and "THRESHOLD MISSED" in result.output
