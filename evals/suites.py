"""The evaluation suites: which questions are asked over which documents, split into dev and blind.

*Dev* suites may be read case by case and tuned on. The *blind* suite is never read case by case
while rules, weights or thresholds change: only its summary and per-kind figures are looked at,
after a change is finished (see evals/README.md). The report of a blind suite therefore never
prints its cases.

Gates (the level CI holds each split to) live in `evals/gates.json`: a threshold is only raised,
and never lowered without saying why in the commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATASETS = ROOT / "datasets"
EXAMPLES_CORPUS = ROOT.parent / "assistant" / "examples" / "corpus"
GATES = ROOT / "gates.json"

SPLITS = ("dev", "blind")


@dataclass(frozen=True)
class Suite:
    name: str
    split: str  # "dev" | "blind"
    dataset: Path
    corpus: Path
    only: tuple[str, ...] = ()  # the files of `corpus` to use; empty: all of them

    @property
    def paths(self) -> list[Path]:
        """The documents of the suite's corpus."""
        if self.only:
            return [self.corpus / name for name in self.only]
        return sorted(p for p in self.corpus.iterdir() if p.is_file() and not p.name.startswith("."))


SUITES: tuple[Suite, ...] = (
    Suite("examples", "dev", DATASETS / "dev" / "examples.jsonl", EXAMPLES_CORPUS),
    Suite("paraphrases", "dev", DATASETS / "dev" / "paraphrases.jsonl", EXAMPLES_CORPUS),
    Suite("varied", "dev", DATASETS / "dev" / "varied.jsonl", DATASETS / "dev" / "corpus"),
    # the real council publication pages of the HTML tests (one Knokke-Heist page, not its saved copy)
    Suite("html", "dev", DATASETS / "dev" / "html.jsonl", ROOT.parent / "tests" / "data" / "html", (
        "aalst-notulen-gemeenteraad-2023-12-19.html", "anzegem-agenda-ocmw-raad-2024-04-09.html",
        "boortmeerbeek-agenda-gemeenteraad-2024-04-22.html", "knokke-heist-besluitenlijst-burgemeester-2023-12-31.html",
        "machelen-agenda-gemeenteraad-2024-03-19.html")),
    # the same pages as plain text: the text-based reading of minutes, without the linked data
    Suite("text-renditions", "dev", DATASETS / "dev" / "text-renditions.jsonl", DATASETS / "dev" / "text-renditions",
          ("aalst-notulen-gemeenteraad-2023-12-19.txt", "knokke-heist-besluitenlijst-burgemeester-2023-12-31.txt")),
    # the minutes page as a PDF print: the reading of minutes from PDF text
    Suite("pdf-renditions", "dev", DATASETS / "dev" / "pdf-renditions.jsonl", DATASETS / "dev" / "pdf-renditions",
          ("aalst-notulen-gemeenteraad-2023-12-19.pdf",)),
    # real treaties, regulations and ministerial decisions that are in neither corpus above: questions
    # written from the documents alone by a helper that did not see the code
    Suite("laws", "dev", DATASETS / "dev" / "laws.jsonl", DATASETS / "dev" / "laws"),
    # a second set of the same shapes, added later in the same way (treaties, tax agreements, decisions)
    Suite("laws2", "dev", DATASETS / "dev" / "laws2.jsonl", DATASETS / "dev" / "laws2"),
    # a third set, written the same way: joint regulations, decisions setting up a committee, a mandate
    # decision with its agreement, a covenant, a Kingdom arrangement and two NL-BE treaties
    Suite("laws3", "dev", DATASETS / "dev" / "laws3.jsonl", DATASETS / "dev" / "laws3"),
    # council minutes and decision lists of one Dutch council in two layouts (full minutes with vote
    # counts as PDF, decision lists with an outcome per motion), questions written the same way
    Suite("minutes2", "dev", DATASETS / "dev" / "minutes2.jsonl", DATASETS / "dev" / "minutes2"),
    Suite("blind", "blind", DATASETS / "blind" / "questions.jsonl", DATASETS / "blind" / "corpus"),
)


def suites(split: str = "all") -> list[Suite]:
    """The suites of one split ("dev", "blind") or all of them, in a fixed order; suites whose
    dataset is missing from this checkout are left out."""
    if split not in (*SPLITS, "all"):
        raise ValueError(f"unknown split {split!r}; allowed: dev, blind, all")
    return [s for s in SUITES if (split == "all" or s.split == split) and s.dataset.exists()]


def gates(path: Path = GATES) -> dict[str, dict[str, float]]:
    """The thresholds per split: {"dev": {"fact_accuracy": 0.9, ...}, "blind": {...}}.

    A key "false_refusal_rate" or "p50_ms" is a maximum; every other key is a minimum."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {split: {k: float(v) for k, v in limits.items()} for split, limits in data.items()
            if split in SPLITS}


MAXIMA = {"false_refusal_rate", "p50_ms", "p95_ms"}


def gate_failures(summary: dict[str, float | None], limits: dict[str, float]) -> list[str]:
    """The gates a summary misses, as readable lines ("fact_accuracy 0.71 < 0.75")."""
    missed = []
    for key, limit in limits.items():
        value = summary.get(key)
        if value is None:
            missed.append(f"{key} missing")
        elif key in MAXIMA and value > limit:
            missed.append(f"{key} {value:.3f} > {limit}")
        elif key not in MAXIMA and value < limit:
            missed.append(f"{key} {value:.3f} < {limit}")
    return missed
