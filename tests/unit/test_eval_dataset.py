"""The eval datasets load, are well formed, and every fact is verbatim in its document."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import DatasetError, EvalCase, load_dataset
from evals.scoring import alternatives, normalize

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "assistant" / "examples" / "corpus"
DATASETS = ROOT / "evals" / "datasets"
EXAMPLES = DATASETS / "examples.jsonl"
PARAPHRASES = DATASETS / "paraphrases.jsonl"

KINDS = {
    "party",
    "signatory",
    "date",
    "duration",
    "governance",
    "action",
    "topic",
    "definition",
    "minutes",
    "comparison",
    "unanswerable",
}


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    """Normalised text of every corpus document, by file name."""
    texts = {p.name: normalize(p.read_text(encoding="utf-8")) for p in CORPUS.iterdir() if p.is_file()}
    assert len(texts) >= 2, f"expected the example documents in {CORPUS}"
    return texts


@pytest.fixture(scope="module", params=[EXAMPLES, PARAPHRASES], ids=["examples", "paraphrases"])
def dataset(request: pytest.FixtureRequest) -> list[EvalCase]:
    return load_dataset(request.param)


def test_examples_size_and_refusals() -> None:
    cases = load_dataset(EXAMPLES)
    assert len(cases) >= 80
    assert sum(1 for c in cases if not c.answer_facts) >= 15


def test_paraphrases_size_and_refusals() -> None:
    cases = load_dataset(PARAPHRASES)
    assert len(cases) >= 30
    assert sum(1 for c in cases if not c.answer_facts) >= 3


def test_all_kinds_present_and_known(dataset: list[EvalCase]) -> None:
    kinds = Counter(c.kind for c in dataset)
    assert set(kinds) == KINDS


def test_ids_unique(dataset: list[EvalCase]) -> None:
    ids = [c.id for c in dataset]
    assert len(ids) == len(set(ids))


def test_ids_unique_across_datasets() -> None:
    ids = [c.id for path in (EXAMPLES, PARAPHRASES) for c in load_dataset(path)]
    assert len(ids) == len(set(ids))


def test_unanswerable_kind_matches_empty_facts(dataset: list[EvalCase]) -> None:
    for case in dataset:
        assert (case.kind == "unanswerable") == (not case.answer_facts), case.id


def test_docs_name_existing_corpus_files(dataset: list[EvalCase], corpus_texts: dict[str, str]) -> None:
    for case in dataset:
        if case.doc is not None:
            assert case.doc in corpus_texts, f"{case.id}: unknown doc {case.doc!r}"


def test_every_fact_is_verbatim_in_its_document(
    dataset: list[EvalCase], corpus_texts: dict[str, str]
) -> None:
    problems = []
    for case in dataset:
        texts = [corpus_texts[case.doc]] if case.doc else list(corpus_texts.values())
        for fact in case.answer_facts:
            if not any(normalize(alt) in text for alt in alternatives(fact) for text in texts):
                problems.append(f"{case.id}: {fact!r} not in {case.doc or 'the corpus'}")
    assert not problems, "\n".join(problems)


def test_facts_are_short(dataset: list[EvalCase]) -> None:
    for case in dataset:
        for fact in case.answer_facts:
            for alt in alternatives(fact):
                assert len(alt.split()) <= 7, f"{case.id}: fact too long: {alt!r}"


# --- loader errors -----------------------------------------------------------------------

GOOD = {"id": "a", "question": "Wie tekent?", "answer_facts": ["X"], "kind": "signatory"}


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _line(**changes: object) -> str:
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not ...})


def test_loader_reads_cases_skips_blank_lines_and_ignores_extra_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            _line(),
            "",
            "   ",
            _line(id="b", answer_facts=[["A", "B"], "C"], doc="x.md", extra="ignored"),
            _line(id="c", answer_facts=[], kind="unanswerable"),
        ],
    )
    cases = load_dataset(path)
    assert [c.id for c in cases] == ["a", "b", "c"]
    assert cases[1] == EvalCase(
        id="b", question="Wie tekent?", answer_facts=(("A", "B"), "C"), kind="signatory", doc="x.md"
    )
    assert cases[0].doc is None
    assert cases[2].expects_refusal


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "b", "question": ', "invalid JSON"),
        (_line(id="b", question=...), "question"),
        (_line(id="b", question="  "), "question"),
        (_line(id="b", answer_facts="X"), "answer_facts"),
        (_line(id="b", answer_facts=["X", 3]), "answer_facts[1]"),
        (_line(id="b", answer_facts=[[]]), "empty list"),
        (_line(id="b", answer_facts=[["A", 1]]), "answer_facts[0]"),
        (_line(id="b", answer_facts=...), "answer_facts"),
        (_line(id=...), "id"),
        (_line(id=""), "id"),
        (_line(id="b", kind=...), "kind"),
        (_line(id="b", doc=5), "doc"),
        ("[1, 2]", "JSON object"),
        (_line(), "duplicate id 'a'"),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path: Path, bad_line: str, message: str) -> None:
    path = _write(tmp_path, [_line(), "", bad_line])
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    text = str(info.value)
    assert "cases.jsonl" in text
    assert "line 3" in text
    assert info.value.line == 3
    assert message in text
    assert isinstance(info.value, ValueError)


def test_duplicate_id_names_first_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line(), _line(id="b"), _line()])
    with pytest.raises(DatasetError, match=r"line 3: duplicate id 'a' \(first used on line 1\)"):
        load_dataset(path)


def test_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="nope.jsonl"):
        load_dataset(tmp_path / "nope.jsonl")
