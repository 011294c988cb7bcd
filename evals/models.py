"""Retrieval and answer quality per embedding model and dense weight, in one run:

    python -m evals.models [--models all-MiniLM-L6-v2,multilingual-e5-small] [--dense-weights 0.1,0.5,1.0]
                           [--datasets evals/datasets/dev/examples.jsonl,evals/datasets/dev/paraphrases.jsonl] [--out FILE]
    python -m evals.models --split all --models all-MiniLM-L6-v2:0.1,multilingual-e5-small:0.3 [--out FILE]

The bundled examples are ingested once per model into a temporary store; every dataset is then
answered for every (model, dense weight) with the other settings at their defaults (grounded mode).
With `--split`, the dev and/or blind suites are run instead (each corpus ingested once per model and
weight, as `akkoord eval --split` does) and only their summaries are printed: blind cases are never
shown.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from evals.bench import format_table

REPO = Path(__file__).resolve().parent.parent
DATASETS = "evals/datasets/dev/examples.jsonl,evals/datasets/dev/paraphrases.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.models", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="all-MiniLM-L6-v2,multilingual-e5-small")
    parser.add_argument("--dense-weights", default="0.1")
    parser.add_argument("--datasets", default=DATASETS)
    parser.add_argument("--split", choices=["dev", "blind", "all"], default=None,
                        help="run the dev and/or blind suites instead of --datasets")
    parser.add_argument("--out", default=None, help="write the JSON report here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.split:
        rows = _split_rows(args)
        _print(rows, "split")
        if args.out:
            Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0

    from assistant.app import build, open_store
    from assistant.config import EXAMPLES_DIR, Settings
    from assistant.ingest_service import run_ingest
    from evals.runner import evaluate
    from vectorstore.embeddings import load_embeddings

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="akkoord-models-") as tmp:
        for model in [m.strip() for m in args.models.split(",") if m.strip()]:
            settings = Settings(store=Path(tmp) / model.replace("/", "_"), embedding_model=model)
            embeddings = load_embeddings(model)
            report = run_ingest(settings, [str(EXAMPLES_DIR)], store=open_store(settings, embeddings))
            if not report.ok:
                raise SystemExit(f"ingest failed for {model}: {report.failed}")
            for weight in [float(w) for w in args.dense_weights.split(",") if w.strip()]:
                assistant = build(settings.model_copy(update={"dense_weight": weight}), embeddings)
                for dataset in [d.strip() for d in args.datasets.split(",") if d.strip()]:
                    result = evaluate(REPO / dataset, assistant, "grounded")
                    summary, retrieval = result["summary"], result["retrieval"]
                    row = {"model": model, "dense_weight": weight, "dataset": Path(dataset).stem,
                           "recall@1": retrieval["recall@1"], "recall@5": retrieval["recall@5"],
                           "mrr": retrieval["mrr"], **{k: summary.get(k) for k in (
                               "fact_accuracy", "refusal_accuracy", "false_refusal_rate", "citation_support")}}
                    rows.append(row)
                    print(json.dumps(row), file=sys.stderr)
    _print(rows, "dataset")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def _split_rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    """One row per (model, dense weight, split): the summary of `akkoord eval --split` for that model."""
    from assistant.config import Settings
    from evals.runner import run_suites

    rows: list[dict[str, Any]] = []
    for entry in [m.strip() for m in args.models.split(",") if m.strip()]:
        # "model:weight" runs that model at its own weight (each at the weight tuned for it)
        model, _, own = entry.rpartition(":") if re.search(r":[\d.]+$", entry) else (entry, "", "")
        for weight in [float(own)] if own else [float(w) for w in args.dense_weights.split(",") if w.strip()]:
            report = run_suites(args.split, Settings(embedding_model=model, dense_weight=weight))
            for split, block in report["splits"].items():
                summary, retrieval = block["summary"], block["retrieval"]
                row = {"model": model, "dense_weight": weight, "split": split, "n": summary.get("n"),
                       "recall@1": retrieval["recall@1"], "recall@5": retrieval["recall@5"], "mrr": retrieval["mrr"],
                       **{k: summary.get(k) for k in ("fact_accuracy", "refusal_accuracy", "false_refusal_rate",
                                                      "citation_support", "doc_hit_rate", "p50_ms")}}
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
    return rows


def _print(rows: list[dict[str, Any]], column: str) -> None:
    headers = ("model", "dense", column, "recall@1", "recall@5", "MRR", "fact acc", "refusal acc",
               "false refusal", "citation support")
    print(format_table(headers, [[r["model"], r["dense_weight"], r[column], _r(r["recall@1"]), _r(r["recall@5"]),
                                  _r(r["mrr"]), _r(r["fact_accuracy"]), _r(r["refusal_accuracy"]),
                                  _r(r["false_refusal_rate"]), _r(r["citation_support"])] for r in rows]))


def _r(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    sys.exit(main())
