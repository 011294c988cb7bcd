"""Fact matching, per-case scoring and the report summary of the report contract (evals/README.md)."""

from __future__ import annotations

import pytest

from evals.dataset import EvalCase
from evals.scoring import (
    CaseScore,
    fact_present,
    missing_facts,
    normalize,
    percentile,
    score_case,
    summarize,
    summarize_by_kind,
)

M = "mechelen-gemeenteraad-2021-03-01.md"
S = "scheldeland-samenwerkingsovereenkomst-2021.txt"


def case(facts: list | tuple = (), kind: str = "duration", doc: str | None = M, id: str = "c") -> EvalCase:
    return EvalCase(id=id, question="?", answer_facts=tuple(facts), kind=kind, doc=doc)


def cite(quote: str, doc: str = M) -> dict:
    return {"n": 1, "doc": doc, "title": "t", "section": "s", "page": None, "quote": quote}


# --- normalize ---------------------------------------------------------------------------


def test_normalize_case() -> None:
    assert normalize("VDAB Oost-Vlaanderen") == normalize("vdab oost-vlaanderen")
    assert normalize("ABC") == "abc"


def test_normalize_accents() -> None:
    assert normalize("geëvalueerd") == normalize("geevalueerd") == "geevalueerd"
    assert normalize("André Reuse") == "andre reuse"
    assert normalize("Björn") == normalize("Bjorn")
    # Decomposed input (e + combining diaeresis) equals the composed form.
    assert normalize("ge\u0065\u0308valueerd") == "geevalueerd"


@pytest.mark.parametrize(
    "text", ["2020 – 2025", "2020-2025", "2020 - 2025", "2020—2025", "2020 \u2212 2025", "2020\u20112025"]
)
def test_normalize_dashes(text: str) -> None:
    assert normalize(text) == "2020-2025"


def test_normalize_quotes() -> None:
    assert normalize("‘klant’") == normalize("'klant'") == "'klant'"
    assert normalize("“Meer mensen aan de slag”") == normalize('"Meer mensen aan de slag"')
    assert normalize("„x‟") == '"x"'
    assert normalize("″x″") == '"x"'
    assert normalize("OCMW`s") == normalize("OCMW´s") == "ocmw's"


def test_normalize_whitespace() -> None:
    assert normalize("Hilde\nVan der   Jeugt") == "hilde van der jeugt"
    assert normalize("  a\t\u00a0b  \r\n") == "a b"
    assert normalize("Hilde\nVan der Jeugt") == normalize("Hilde Van der Jeugt")


def test_normalize_is_idempotent() -> None:
    text = "Deel IV. Duur – “Samen sterk” ‑ geëvalueerd\n 31  december 2025"
    assert normalize(normalize(text)) == normalize(text)


# --- fact matching -----------------------------------------------------------------------


def test_fact_present_plain_string() -> None:
    assert fact_present("31 december 2025", "Loopt tot 31 DECEMBER\n2025.")
    assert not fact_present("31 december 2025", "Loopt tot 31 december 2024.")


def test_fact_present_alternatives() -> None:
    fact = ("Actie 2.1", "2.1.4")
    assert fact_present(fact, "Zie 2.1.4 Mobiliteit")
    assert fact_present(fact, "actie 2.1 - Werken aan reële drempels")
    assert not fact_present(fact, "Actie 3.1 - Sociale economie")
    assert fact_present(["x", "Gorré"], "Marianne Gorre")


def test_missing_facts_keeps_given_form_and_order() -> None:
    facts = ("Maria Verheirstraeten", ("Tom De Graeve", "T. De Graeve"), "1 oktober 2021")
    assert missing_facts(facts, "Maria Verheirstraeten tekent.") == [
        ("Tom De Graeve", "T. De Graeve"),
        "1 oktober 2021",
    ]
    assert missing_facts(facts, "maria verheirstraeten en tom de graeve, 1 oktober 2021") == []


# --- score_case --------------------------------------------------------------------------


def test_refusal_case_passes_only_when_not_found() -> None:
    refusal = case([], kind="unanswerable", doc=None)
    assert score_case(refusal, False, "Dat staat niet in de documenten.", []) == CaseScore(
        passed=True, missing_facts=[], supported=True, found=False
    )
    wrong = score_case(refusal, True, "Het budget is 5000 euro [1].", [cite("5000 euro")])
    assert wrong.passed is False
    assert wrong.supported is True
    assert wrong.found is True


def test_fact_case_needs_found_and_every_fact() -> None:
    c = case(["duur van de legislatuur", "31 december 2025"])
    quote = "voor de duur van de legislatuur met als uiterste einddatum 31 december 2025"
    good = score_case(c, True, "Voor de duur van de legislatuur, tot 31 december 2025 [1].", [cite(quote)])
    assert good == CaseScore(passed=True, missing_facts=[], supported=True, found=True)

    partial = score_case(c, True, "Tot 31 december 2025 [1].", [cite(quote)])
    assert partial.passed is False
    assert partial.missing_facts == ["duur van de legislatuur"]

    refused = score_case(c, False, "Voor de duur van de legislatuur, tot 31 december 2025.", [])
    assert refused.passed is False
    assert refused.missing_facts == []
    assert refused.found is False


def test_supported_needs_every_fact_in_some_quote() -> None:
    c = case(["Maria Verheirstraeten", "Tom De Graeve"], doc=S)
    answer = "Maria Verheirstraeten en Tom De Graeve [1][2]."
    # Facts spread over two citations: supported.
    split = [cite("Maria Verheirstraeten, voorzitter", S), cite("algemeen\ndirecteur Tom De Graeve;", S)]
    assert score_case(c, True, answer, split).supported is True
    # One fact in no quote: passes on the answer, but not supported.
    only_one = [cite("Maria Verheirstraeten, voorzitter", S)]
    score = score_case(c, True, answer, only_one)
    assert score.passed is True
    assert score.supported is False
    # No citations at all, or a citation without a quote.
    assert score_case(c, True, answer, []).supported is False
    assert score_case(c, True, answer, [{"n": 1, "doc": S}]).supported is False


def test_supported_with_alternatives() -> None:
    c = case([("1x per jaar", "1 keer per jaar")])
    score = score_case(
        c, True, "Minimaal 1 keer per jaar [1].", [cite("VDAB wordt minimum 1x per jaar uitgenodigd")]
    )
    assert score.passed and score.supported


# --- summary -----------------------------------------------------------------------------


def _scored() -> list[tuple[EvalCase, CaseScore, float, str | None]]:
    """Six hand-built cases.

    fact cases: a (pass, supported, doc hit), b (pass, not supported, doc miss),
                c (fail: refused, doc M but no citation), d (fail: missing fact, no doc)
    refusal cases: e (refused: correct), f (answered: wrong)
    """
    a = case(["x"], kind="duration", doc=M, id="a")
    b = case(["x"], kind="signatory", doc=S, id="b")
    c = case(["x"], kind="duration", doc=M, id="c")
    d = case(["x"], kind="comparison", doc=None, id="d")
    e = case([], kind="unanswerable", doc=None, id="e")
    f = case([], kind="unanswerable", doc=None, id="f")
    return [
        (a, CaseScore(True, [], True, True), 10.0, M),
        (b, CaseScore(True, [], False, True), 20.0, M),
        (c, CaseScore(False, [], False, False), 30.0, None),
        (d, CaseScore(False, ["x"], False, True), 40.0, S),
        (e, CaseScore(True, [], True, False), 50.0, None),
        (f, CaseScore(False, [], True, True), 100.0, M),
    ]


def test_summary_has_exactly_the_design_keys() -> None:
    assert list(summarize(_scored())) == [
        "n",
        "fact_accuracy",
        "citation_support",
        "refusal_accuracy",
        "false_refusal_rate",
        "doc_hit_rate",
        "p50_ms",
        "p95_ms",
    ]


def test_summary_values_by_hand() -> None:
    summary = summarize(_scored())
    assert summary["n"] == 6
    assert summary["fact_accuracy"] == pytest.approx(2 / 4)  # a, b of a, b, c, d
    assert summary["citation_support"] == pytest.approx(1 / 2)  # a of the passing a, b
    assert summary["refusal_accuracy"] == pytest.approx(1 / 2)  # e of e, f
    assert summary["false_refusal_rate"] == pytest.approx(1 / 4)  # c of a, b, c, d
    assert summary["doc_hit_rate"] == pytest.approx(1 / 3)  # a of a, b, c (the cases with doc)
    # ms sorted: 10 20 30 40 50 100; p50 rank 2.5 -> 35; p95 rank 4.75 -> 50 + 0.75 * 50
    assert summary["p50_ms"] == pytest.approx(35.0)
    assert summary["p95_ms"] == pytest.approx(87.5)


def test_summary_empty_denominators_are_none() -> None:
    assert summarize([]) == {
        "n": 0,
        "fact_accuracy": None,
        "citation_support": None,
        "refusal_accuracy": None,
        "false_refusal_rate": None,
        "doc_hit_rate": None,
        "p50_ms": None,
        "p95_ms": None,
    }
    only_refusals = [s for s in _scored() if not s[0].answer_facts]
    summary = summarize(only_refusals)
    assert summary["fact_accuracy"] is None
    assert summary["citation_support"] is None
    assert summary["false_refusal_rate"] is None
    assert summary["doc_hit_rate"] is None
    assert summary["refusal_accuracy"] == pytest.approx(0.5)
    # No passing fact case: citation_support has nothing to divide by.
    failing = [s for s in _scored() if s[0].id in {"c", "d"}]
    assert summarize(failing)["citation_support"] is None
    assert summarize(failing)["fact_accuracy"] == 0.0


def test_percentile_linear_interpolation() -> None:
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0], 50) == pytest.approx(1.5)
    assert percentile([4.0, 1.0, 3.0, 2.0], 95) == pytest.approx(3.85)
    assert percentile([], 50) is None


def test_summarize_by_kind() -> None:
    assert summarize_by_kind(_scored()) == {
        "comparison": {"n": 1, "fact_accuracy": 0.0, "refusal_accuracy": None},
        "duration": {"n": 2, "fact_accuracy": 0.5, "refusal_accuracy": None},
        "signatory": {"n": 1, "fact_accuracy": 1.0, "refusal_accuracy": None},
        "unanswerable": {"n": 2, "fact_accuracy": None, "refusal_accuracy": 0.5},
    }
