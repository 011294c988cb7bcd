"""Whether a grounded answer is supported well enough to be given, or the documents do not answer.

The decision is a logistic model over evidence that generalises: how much of the question's own
words the answer holds (Dutch stems, compound heads), what its section and passage add, whether it
holds the kind of value asked for and the phrases that state the asked-for fact, the passage's
embedding similarity, whether it comes from an extracted fact, and how much of the question the
documents do not know at all. Its weights and threshold are fitted on the dev sets by
`python -m evals.calibrate` and stored in assistant/data/refusal.json; the trade-off between
refusing unanswerable questions and refusing answerable ones is reported on blind.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "refusal.json"
FEATURES = ("lexical", "section", "context", "expansion", "cue", "value", "typed", "rank", "dense", "target", "reference", "score",
            "margin", "fact", "fact_cover", "unknown", "named", "n_own", "rare_missing", "missing", "value_missing")


@dataclass(frozen=True)
class RefusalModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * features.get(k, 0.0) for k in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def supported(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> RefusalModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return RefusalModel({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]))


def fit(rows: list[tuple[dict[str, float], bool]], l2: float = 0.01, steps: int = 3000, rate: float = 0.5) -> tuple[dict[str, float], float]:
    """Logistic regression by gradient descent (numpy): the weights and bias that predict whether an
    answer with these features is correct."""
    import numpy as np

    x = np.array([[f.get(k, 0.0) for k in FEATURES] for f, _ in rows], dtype=np.float64)
    y = np.array([1.0 if ok else 0.0 for _, ok in rows])
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        grad_w = x.T @ (p - y) / len(y) + l2 * w
        grad_b = float(np.mean(p - y))
        w -= rate * grad_w
        b -= rate * grad_b
    return {k: round(float(v), 4) for k, v in zip(FEATURES, w)}, round(b, 4)
