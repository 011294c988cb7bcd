"""Whether a grounded answer is supported well enough to be given, or the documents do not answer.

The decision is a logistic model over evidence that generalises: how much of the question's own
words the answer holds (Dutch stems, compound heads), what its section and passage add, whether it
holds the kind of value asked for and the phrases that state the asked-for fact, the passage's
embedding similarity, the embedding similarity of the question and the answer itself, whether it
comes from an extracted fact, and how much of the question the documents do not know at all. Its
weights and threshold are fitted on the dev sets by `python -m evals.calibrate` (the threshold on
out-of-document probabilities) and stored in assistant/data/refusal.json; the trade-off between
refusing unanswerable questions and refusing answerable ones is reported on blind.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "refusal.json"
FEATURES = ("lexical", "section", "context", "expansion", "cue", "value", "typed", "rank", "dense", "target", "reference", "score",
            "margin", "fact", "fact_cover", "unknown", "named", "n_own", "rare_missing", "missing", "value_missing",
            "answer_sim")
# the evidence the model weighs: fewer than are measured. On out-of-document probabilities (each dev
# document scored by a model fitted without it; `python -m evals.calibrate` prints both) this smaller
# set refuses more unanswerable questions and fewer answerable ones than all FEATURES: left out are
# the passage's own embedding similarity (it moves with `answer_sim`, and the model gave it a negative
# weight that only fits the dev documents) and evidence that adds little beside `score` and `lexical`.
MODEL_FEATURES = ("lexical", "score", "margin", "fact", "fact_cover", "named", "missing", "value_missing", "answer_sim")
# features that cost time (an embedding of the answer): computed only when the decision depends on them
LAZY = ("answer_sim",)


@dataclass(frozen=True)
class RefusalModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    means: dict[str, float] = field(default_factory=dict)  # on dev: stands in for a feature that cannot be measured
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # on dev, of the lazy features
    embedding_model: str = ""  # the embedder of the similarity features on dev ("" : any)

    def _z(self, features: dict[str, float]) -> float:
        return self.bias + sum(self.weights.get(k, 0.0) * self._bounded(k, features.get(k, self.means.get(k, 0.0)))
                               for k in FEATURES)

    def _bounded(self, name: str, value: float) -> float:
        """A lazy feature within its range on dev: a similarity far outside what the model was fitted on
        (another embedding model) does not decide alone."""
        if name not in self.ranges:
            return value
        lo, hi = self.ranges[name]
        return min(max(value, lo), hi)

    def probability(self, features: dict[str, float]) -> float:
        return _sigmoid(self._z(features))

    def supported(self, features: dict[str, float], lazy: dict[str, Callable[[], float | None]] | None = None) -> bool:
        """Whether an answer with these features is given. A lazy feature is measured (and added to
        `features`) only when the decision could go either way over its range on dev."""
        assumed = dict(features)
        for name, measure in (lazy or {}).items():
            if name in features or not self.weights.get(name):
                continue
            lo, hi = self.ranges.get(name, (0.0, 1.0))
            rest = self._z({**features, name: lo}) - self.weights[name] * lo  # all but this feature
            if len({_sigmoid(rest + self.weights[name] * v) >= self.threshold for v in (lo, hi)}) > 1:
                value = measure()
                if value is not None:
                    features[name] = assumed[name] = value
            else:
                assumed[name] = (lo + hi) / 2  # the decision is the same anywhere in the range
        return self.probability(assumed) >= self.threshold


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> RefusalModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return RefusalModel({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]),
                        {k: float(v) for k, v in data.get("means", {}).items()},
                        {k: (float(v[0]), float(v[1])) for k, v in data.get("ranges", {}).items()},
                        str(data.get("embedding_model", "")))


def fit(rows: list[tuple[dict[str, float], bool]], l2: float = 0.01, steps: int = 3000, rate: float = 0.5,
        features: tuple[str, ...] = MODEL_FEATURES) -> RefusalModel:
    """Logistic regression by gradient descent (numpy) on standardised features, so that a feature
    of small spread (a similarity between 0.8 and 0.9) weighs as much as a 0/1 one: the model that
    predicts whether an answer with these features is correct (threshold 0.5 until one is chosen).
    The weights are returned on the features as measured."""
    import numpy as np

    x = np.array([[f.get(k, 0.0) for k in features] for f, _ in rows], dtype=np.float64)
    y = np.array([1.0 if ok else 0.0 for _, ok in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xs @ w + b)))
        grad_w = xs.T @ (p - y) / len(y) + l2 * w
        grad_b = float(np.mean(p - y))
        w -= rate * grad_w
        b -= rate * grad_b
    raw = w / scale
    bias = b - float(np.sum(raw * mean))
    return RefusalModel({k: round(float(v), 4) for k, v in zip(features, raw)}, round(bias, 4), 0.5,
                        {k: round(float(v), 4) for k, v in zip(features, mean)},
                        {k: (round(float(x[:, i].min()), 4), round(float(x[:, i].max()), 4))
                         for i, k in enumerate(features) if k in LAZY})
