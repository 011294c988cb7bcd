"""Score answers against eval cases and summarise a run (definitions in the report contract, evals/README.md).

Matching ignores case, accents, and differences in whitespace, dashes and quotes: both the
fact and the answer go through :func:`normalize` and the fact must be a substring.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.dataset import EvalCase, Fact

logger = logging.getLogger(__name__)

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"

_TRANSLATION = str.maketrans(
    {
        **{ch: "-" for ch in _DASHES},
        **{ch: "'" for ch in _SINGLE_QUOTES},
        **{ch: '"' for ch in _DOUBLE_QUOTES},
    }
)
_WHITESPACE = re.compile(r"\s+")
_SPACED_DASH = re.compile(r" ?- ?")


def normalize(text: str) -> str:
    """Normalise text for fact matching.

    Lower-cases (casefold), strips accents (NFKD without combining marks), maps all dash
    characters to "-" and typographic quotes to ' and ", collapses whitespace runs to one
    space, and removes spaces around dashes so that "2020 - 2025" equals "2020-2025".
    """
    # Map quotes and dashes before NFKD: NFKD would turn a double prime into two primes.
    text = text.translate(_TRANSLATION).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Compatibility decomposition can produce characters of the table again (e.g. U+2011).
    text = text.translate(_TRANSLATION)
    text = _WHITESPACE.sub(" ", text).strip()
    return _SPACED_DASH.sub("-", text)


def alternatives(fact: Fact | Sequence[str]) -> tuple[str, ...]:
    """Return the alternatives of a fact: a string is a fact with one alternative."""
    if isinstance(fact, str):
        return (fact,)
    return tuple(fact)


def fact_present(fact: Fact | Sequence[str], text: str) -> bool:
    """True when one alternative of the fact appears in the text after normalisation."""
    haystack = normalize(text)
    return any(normalize(alt) in haystack for alt in alternatives(fact) if normalize(alt))


def missing_facts(facts: Iterable[Fact], text: str) -> list[Fact]:
    """The facts (as given) that do not appear in the text."""
    return [fact for fact in facts if not fact_present(fact, text)]


@dataclass(frozen=True)
class CaseScore:
    """The score of one answered case."""

    passed: bool
    missing_facts: list[Fact] = field(default_factory=list)
    supported: bool = True
    found: bool = False


def _quotes(citations: Iterable[Mapping[str, Any]]) -> list[str]:
    """The quote text of every citation; a missing quote counts as empty."""
    return [str(citation.get("quote") or "") for citation in citations]


def facts_supported(facts: Iterable[Fact], citations: Iterable[Mapping[str, Any]]) -> bool:
    """True when every fact appears in the quote of at least one citation."""
    quotes = _quotes(citations)
    return all(any(fact_present(fact, quote) for quote in quotes) for fact in facts)


def score_case(case: EvalCase, found: bool, answer: str, citations: Sequence[Mapping[str, Any]]) -> CaseScore:
    """Score one answer.

    A case without facts passes iff ``found`` is false (refusal cases are always
    ``supported``). A case with facts passes iff ``found`` is true and the answer holds every
    fact; it is ``supported`` iff every fact also appears in some citation's quote.
    """
    if not case.answer_facts:
        return CaseScore(passed=not found, missing_facts=[], supported=True, found=found)
    missing = missing_facts(case.answer_facts, answer)
    return CaseScore(
        passed=found and not missing,
        missing_facts=missing,
        supported=facts_supported(case.answer_facts, citations),
        found=found,
    )


# One scored case as summarize() takes it: the case, its score, the latency in milliseconds,
# and the doc of the answer's first citation (None when there was no citation).
ScoredCase = tuple[EvalCase, CaseScore, float, str | None]


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) with linear interpolation between closest ranks.

    Same as numpy's default ("linear") method; None for no values.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def summarize(cases: Sequence[ScoredCase]) -> dict[str, Any]:
    """The summary block of an eval report, exactly as defined in the report contract (evals/README.md).

    Rates whose denominator is 0 are None (null in JSON).
    """
    fact_cases = [(c, s) for c, s, _, _ in cases if c.answer_facts]
    refusal_cases = [(c, s) for c, s, _, _ in cases if not c.answer_facts]
    passing = [s for _, s in fact_cases if s.passed]
    with_doc = [(c, first_doc) for c, _, _, first_doc in cases if c.doc is not None]
    latencies = [float(ms) for _, _, ms, _ in cases]
    return {
        "n": len(cases),
        "fact_accuracy": _ratio(len(passing), len(fact_cases)),
        "citation_support": _ratio(sum(s.supported for s in passing), len(passing)),
        "refusal_accuracy": _ratio(sum(not s.found for _, s in refusal_cases), len(refusal_cases)),
        "false_refusal_rate": _ratio(sum(not s.found for _, s in fact_cases), len(fact_cases)),
        "doc_hit_rate": _ratio(sum(first == c.doc for c, first in with_doc), len(with_doc)),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
    }


def summarize_by_kind(cases: Sequence[ScoredCase]) -> dict[str, dict[str, Any]]:
    """Per kind (sorted): n, fact_accuracy over fact cases, refusal_accuracy over refusal cases."""
    by_kind: dict[str, list[ScoredCase]] = {}
    for scored in cases:
        by_kind.setdefault(scored[0].kind, []).append(scored)
    result: dict[str, dict[str, Any]] = {}
    for kind in sorted(by_kind):
        summary = summarize(by_kind[kind])
        result[kind] = {
            "n": summary["n"],
            "fact_accuracy": summary["fact_accuracy"],
            "refusal_accuracy": summary["refusal_accuracy"],
        }
    return result
