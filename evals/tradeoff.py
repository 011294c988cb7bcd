"""The refusal / false-refusal trade-off of grounded answers, per split, at several thresholds:

    python -m evals.tradeoff --split blind [--thresholds 0.3,0.4,0.5,0.6,0.7] [--out FILE]

Each suite's corpus is ingested once; its questions are then answered at every threshold of the
refusal model (assistant/data/refusal.json keeps its weights; only the threshold changes). Only the
summary of each split is printed and written: this reports the trade-off, it never chooses the
threshold (that is `python -m evals.calibrate`, on dev).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from evals.bench import format_table

KEYS = ("fact_accuracy", "refusal_accuracy", "false_refusal_rate", "citation_support", "doc_hit_rate")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.tradeoff", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["dev", "blind", "all"], default="blind")
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7")
    parser.add_argument("--out", default=None, help="write the JSON rows here")
    args = parser.parse_args(argv)

    from assistant.config import Settings
    from assistant.grounded import answerer
    from assistant.grounded.refusal import load_model
    from evals.dataset import load_dataset
    from evals.runner import _assistant_for, answer_cases
    from evals.scoring import summarize
    from evals.suites import suites

    fitted = load_model()
    thresholds = sorted({float(t) for t in args.thresholds.split(",") if t.strip()} | {fitted.threshold})
    scored: dict[tuple[str, float], list[Any]] = {}
    settings = Settings()
    by_corpus: dict[tuple[Path, ...], list[Any]] = {}
    for suite in suites(args.split):
        by_corpus.setdefault(tuple(suite.paths), []).append(suite)
    try:
        for corpus, group in by_corpus.items():
            with tempfile.TemporaryDirectory(prefix="akkoord-tradeoff-") as tmp:
                assistant = _assistant_for(list(corpus), settings, Path(tmp))
                for suite in group:
                    cases = load_dataset(suite.dataset)
                    for t in thresholds:
                        model = dataclasses.replace(fitted, threshold=t)
                        answerer.load_model = lambda m=model: m  # the answerer asks for its model per question
                        result, _ = answer_cases(cases, lambda q, a=assistant: a.ask(q, mode="grounded").to_json())
                        scored.setdefault((suite.split, t), []).extend(result)
    finally:
        answerer.load_model = load_model
    rows = [{"split": split, "threshold": t, "chosen": t == fitted.threshold,
             **{k: summarize(cases).get(k) for k in ("n", *KEYS)}} for (split, t), cases in sorted(scored.items())]
    print(format_table(("split", "threshold", "n", *KEYS),
                       [[r["split"], f"{r['threshold']:.3f}" + (" (chosen on dev)" if r["chosen"] else ""), r["n"],
                         *[_r(r[k]) for k in KEYS]] for r in rows]))
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


def _r(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    sys.exit(main())
