"""Fit the refusal model of grounded answers on the dev suites and write assistant/data/refusal.json.

    python -m evals.calibrate            # fit, print the trade-off, write the model
    python -m evals.calibrate --dry-run  # fit and print only

Every dev case is answered without a refusal; an answer counts as correct when it holds every
expected fact, and an answer to an unanswerable question as wrong. A logistic model over the refusal
features (assistant/grounded/refusal.py) predicts correctness. An answer is given when that
probability is at least WRONG_COST / (1 + WRONG_COST): a confident wrong answer (the worst outcome)
costs WRONG_COST times what a right answer gains, so below that the expected gain is negative. Users
bring documents the model has never seen, so the trade-off is reported on out-of-document
probabilities: each document's cases (and each corpus's unanswerable ones) are scored by a model
fitted without them. (The empirical utility over those cases, right answers plus refused
unanswerable questions minus twice the wrong answers, is flat between thresholds 0.55 and 0.85 on
dev: its maximum there moved with every small change, so it does not choose the threshold.) The
model written is fitted on all dev cases. With `--weights` the weights of the answer-unit score are
chosen first, by coordinate ascent on the number of correct answers. Only dev data is read: the blind set reports the trade-off, it never sets it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class _Case:
    case: Any
    result: Any
    search: Any
    documents: Any
    index: Any
    group: str  # the document the case is about, or its corpus for an unanswerable case
    embed: Any = None


def prepared(settings: Any) -> tuple[list[_Case], list[Any]]:
    """Every dev case with its retrieval result (retrieval does not depend on the weights tuned here),
    and the temporary folders that hold the stores (clean them up when done)."""
    from evals.dataset import load_dataset
    from evals.runner import _assistant_for
    from evals.suites import suites

    cases, tmps = [], []
    by_corpus: dict[tuple[Path, ...], list[Any]] = {}
    for suite in suites("dev"):
        by_corpus.setdefault(tuple(suite.paths), []).append(suite)
    for corpus, group in by_corpus.items():
        tmp = tempfile.TemporaryDirectory(prefix="akkoord-calibrate-")
        tmps.append(tmp)
        assistant = _assistant_for(list(corpus), settings, Path(tmp.name))
        retriever = assistant.retriever
        index = retriever.index()

        def search(text: str, docs: Any, retriever: Any = retriever) -> Any:
            return retriever.search(text, docs=docs)

        embed = assistant.store.embeddings.embed_documents
        for suite in group:
            for case in load_dataset(suite.dataset):
                group_name = Path(case.doc).stem if case.doc else f"{corpus[0].name}:unanswerable"
                cases.append(_Case(case, retriever.search(case.question), search, index.documents, index, group_name, embed))
    return cases, tmps


def collect(cases: list[_Case], weights: Any = None) -> list[tuple[dict[str, float], bool, bool]]:
    """(features, answer correct, question answerable) for every dev case, answered without refusal."""
    from assistant.grounded import GroundedAnswerer, idf_from_index
    from evals.scoring import score_case

    rows = []
    answerers: dict[int, Any] = {}
    for c in cases:
        if id(c.index) not in answerers:
            answerers[id(c.index)] = GroundedAnswerer(idf_from_index(c.index.bm25.document_frequency, c.index.bm25.n),
                                                      c.index.query_terms, weights=weights, embed=c.embed)
        draft = answerers[id(c.index)].answer(c.case.question, c.result, c.documents, c.search, decide=False)
        citations = [{"quote": s.quote} for s in draft.sources]
        ok = bool(c.case.answer_facts) and draft.found and score_case(c.case, True, draft.text, citations).passed
        rows.append((draft.features, ok, bool(c.case.answer_facts)))
    return rows


def tune_weights(cases: list[_Case]) -> Any:
    """Coordinate ascent over the unit-score weights: the weights under which most answerable dev
    questions get a correct answer (before refusal)."""
    from dataclasses import fields, replace

    from assistant.grounded.passages import Weights

    def correct(w: Weights) -> int:
        return sum(ok for _, ok, _ in collect(cases, w))

    best = Weights()
    best_score = correct(best)
    for _ in range(2):
        for f in fields(Weights):
            for factor in (0.0, 0.5, 1.5, 2.0):
                trial = replace(best, **{f.name: round(getattr(best, f.name) * factor if getattr(best, f.name) else factor * 0.3, 3)})
                score = correct(trial)
                if score > best_score:
                    best, best_score = trial, score
        print(f"  weights: {best_score} correct: {best}", file=sys.stderr)
    return best


def _stats(t: float, probs: list[float], rows: list[tuple[dict[str, float], bool, bool]]) -> dict[str, float]:
    n_un = sum(1 for _, _, answerable in rows if not answerable) or 1
    n_ans = sum(1 for _, _, answerable in rows if answerable) or 1
    given = [(ok, answerable) for p, (_, ok, answerable) in zip(probs, rows) if p >= t]
    refused = [answerable for p, (_, _, answerable) in zip(probs, rows) if p < t]
    right = sum(1 for ok, _ in given if ok)
    return {"threshold": t, "fact_accuracy": right / n_ans,
            "refusal_accuracy": sum(1 for a in refused if not a) / n_un,
            "false_refusal_rate": sum(1 for a in refused if a) / n_ans, "wrong_answers": len(given) - right}


WRONG_COST = 2.0  # a confident wrong answer costs twice what a right answer gains
THRESHOLD = round(WRONG_COST / (1 + WRONG_COST), 2)


def utility(probs: list[float], rows: list[tuple[dict[str, float], bool, bool]], t: float) -> float:
    """Right answers plus refused unanswerable questions minus WRONG_COST times the wrong answers."""
    stats = _stats(t, probs, rows)
    n_un = sum(1 for _, _, answerable in rows if not answerable)
    return (stats["fact_accuracy"] * (len(rows) - n_un) + stats["refusal_accuracy"] * n_un
            - WRONG_COST * stats["wrong_answers"])


def out_of_document(rows: list[tuple[dict[str, float], bool, bool]], groups: list[str],
                    features: tuple[str, ...] | None = None) -> list[float]:
    """Each case's probability from a model fitted without the cases of its group (its document)."""
    from assistant.grounded.refusal import MODEL_FEATURES, fit

    probs = [0.0] * len(rows)
    for g in sorted(set(groups)):
        model = fit([(f, ok) for (f, ok, _), gr in zip(rows, groups) if gr != g], features=features or MODEL_FEATURES)
        for i, gr in enumerate(groups):
            if gr == g:
                probs[i] = model.probability(rows[i][0])
    return probs


def main() -> int:
    from assistant.config import Settings
    from assistant.grounded.passages import WEIGHTS_FILE, load_weights
    from assistant.grounded.refusal import FEATURES, MODEL_FEATURES, MODEL_FILE, fit
    from vectorstore.embeddings import model_id as embedding_model

    settings = Settings()
    cases, tmps = prepared(settings)
    weights = tune_weights(cases) if "--weights" in sys.argv else load_weights()
    rows = collect(cases, weights)
    for tmp in tmps:
        tmp.cleanup()
    model = fit([(f, ok) for f, ok, _ in rows])
    probs = out_of_document(rows, [c.group for c in cases])
    threshold, stats = THRESHOLD, _stats(THRESHOLD, probs, rows)
    print(f"{len(rows)} dev cases, out-of-document; threshold {threshold}: " + ", ".join(
        f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in stats.items() if k != "threshold"))
    every = _stats(THRESHOLD, out_of_document(rows, [c.group for c in cases], FEATURES), rows)
    print(f"  the same with every measured feature ({len(FEATURES)}, not only the model's {len(MODEL_FEATURES)}): "
          + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in every.items() if k != "threshold"))
    print("refusal weights:", json.dumps(model.weights), "bias", model.bias)
    print("trade-off on dev, out-of-document (threshold: refusal accuracy / false refusal rate / fact accuracy / wrong answers):")
    for t in (0.3, 0.4, 0.5, 0.6, THRESHOLD, 0.7, 0.8):
        st = _stats(t, probs, rows)
        print(f"  {t:.2f}: {st['refusal_accuracy']:.3f} / {st['false_refusal_rate']:.3f} / {st['fact_accuracy']:.3f} / "
              f"{st['wrong_answers']} (utility {utility(probs, rows, t):.0f})")
    if "--dump" in sys.argv:
        Path(sys.argv[sys.argv.index("--dump") + 1]).write_text(json.dumps(
            [{"features": f, "ok": ok, "answerable": a, "p": p} for (f, ok, a), p in zip(rows, probs)]), encoding="utf-8")
    if "--dry-run" in sys.argv:
        return 0
    if "--weights" in sys.argv:
        WEIGHTS_FILE.write_text(json.dumps({
            "_comment": "Weights of the answer-unit score (assistant/grounded/passages.py), chosen on the dev sets by "
                        "`python -m evals.calibrate --weights`; do not edit by hand.", **asdict(weights)}, indent=2) + "\n",
            encoding="utf-8")
        print(f"written: {WEIGHTS_FILE}")
    MODEL_FILE.write_text(json.dumps({
        "_comment": "Refusal model of grounded answers (assistant/grounded/refusal.py), fitted on the dev sets by "
                    "`python -m evals.calibrate`; do not edit by hand.",
        "weights": model.weights, "bias": model.bias, "threshold": threshold,
        "means": model.means, "ranges": model.ranges, "embedding_model": embedding_model(settings.embedding_model),
        "dev_out_of_document": {k: round(v, 3) if isinstance(v, float) else v for k, v in stats.items()},
    }, indent=2) + "\n", encoding="utf-8")
    print(f"written: {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
