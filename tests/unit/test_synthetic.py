"""The synthetic benchmark corpus: deterministic, renamed, still shaped like the examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evals.synthetic import (
    FIRST_NAMES,
    LAST_NAMES,
    MONTHS,
    ORIGINAL_MUNICIPALITIES,
    ORIGINAL_PERSONS,
    corpus_stats,
    localize,
    make_corpus,
    make_spec,
    other_templates,
    shift_years,
    spec_for_file,
)

N = 6


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_corpus(tmp_path_factory.mktemp("synthetic"), N, seed=0)


def _texts(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in paths]


_PERSON = re.compile(
    r"\b(?:" + "|".join(map(re.escape, FIRST_NAMES)) + r") (?:"
    + "|".join(map(re.escape, sorted(LAST_NAMES, key=len, reverse=True))) + r")\b"
)


def _persons(text: str) -> set[str]:
    return set(_PERSON.findall(text))


def test_n_files_with_unique_names(corpus: list[Path]) -> None:
    assert len(corpus) == N
    assert len({p.name for p in corpus}) == N
    assert all(p.exists() and p.stat().st_size > 5000 for p in corpus[:5])


def test_alternates_txt_and_md(corpus: list[Path]) -> None:
    # index 5 takes another shape (indices ending in 5, 7, 9)
    assert [p.suffix for p in corpus[:5]] == [".txt", ".md", ".txt", ".md", ".txt"]
    assert all(re.fullmatch(r"[a-z0-9-]+-(samenwerkingsovereenkomst|gemeenteraad)-\d{4}\.(txt|md)", p.name)
               for p in corpus[:5])
    assert make_spec(0, 5).template == "other"


def test_other_shapes_come_from_dev_and_html_pages_never_blind(tmp_path: Path) -> None:
    sources, weights = other_templates()
    assert sources and len(sources) == len(weights)
    assert not any("blind" in s for s in sources)
    assert any(s.startswith("evals/datasets/dev/corpus/") for s in sources)
    assert any(s.startswith("tests/data/html/") for s in sources)
    specs = [make_spec(0, i) for i in range(400)]
    others = [s for s in specs if s.template == "other"]
    assert len(others) == 120  # 30 %
    assert len({s.source for s in others}) > len(sources) // 2
    assert {s.suffix for s in others} >= {".txt", ".md", ".html"}  # PDF and Word become their text


def test_other_shapes_vary_only_their_years(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path, 200, seed=0)
    specs = [make_spec(0, i) for i in range(200)]
    by_source: dict[str, set[str]] = {}
    for spec, path in zip(specs, paths, strict=True):
        if spec.template == "other":
            by_source.setdefault(spec.source, set()).add(path.read_text(encoding="utf-8"))
    # at most five variants of a template: the texts to embed stay bounded however large the corpus
    assert by_source and all(1 <= len(v) <= 5 for v in by_source.values())
    assert any(len(v) > 1 for v in by_source.values())


def test_shift_years() -> None:
    assert shift_years("op 3 maart 2015 en 2016-06-29; 10.2015 blijft", 1) == "op 3 maart 2016 en 2017-06-29; 10.2015 blijft"
    assert shift_years("29 februari 2024", 1) == "28 februari 2025"
    assert shift_years("29 februari 2024", 4) == "29 februari 2028"


def test_deterministic_for_a_seed(corpus: list[Path], tmp_path: Path) -> None:
    again = make_corpus(tmp_path / "again", N, seed=0)
    assert [p.name for p in again] == [p.name for p in corpus]
    assert _texts(again) == _texts(corpus)


def test_other_seed_gives_other_documents(corpus: list[Path], tmp_path: Path) -> None:
    other = make_corpus(tmp_path / "other", N, seed=1)
    assert _texts(other) != _texts(corpus)


def test_a_larger_corpus_starts_with_the_smaller_one(corpus: list[Path], tmp_path: Path) -> None:
    larger = make_corpus(tmp_path / "larger", N + 2, seed=0)
    assert _texts(larger[:N]) == _texts(corpus)


def test_no_original_municipality_names_left(corpus: list[Path]) -> None:
    for path, text in zip(corpus, _texts(corpus), strict=True):
        for name in ORIGINAL_MUNICIPALITIES:
            assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), f"{name} left in {path.name}"
        assert "Mechelse" not in text


def test_no_original_person_names_left(corpus: list[Path]) -> None:
    for path, text in zip(corpus, _texts(corpus), strict=True):
        flat = " ".join(text.split())
        for name in ORIGINAL_PERSONS:
            assert name not in flat, f"{name} left in {path.name}"


def test_structure_kept(corpus: list[Path]) -> None:
    for path, text in zip(corpus[:5], _texts(corpus[:5]), strict=True):
        assert "Deel IV" in text, path.name
        assert "uiterste einddatum" in text, path.name
        assert "⟦" not in text, path.name


def test_start_before_end(corpus: list[Path]) -> None:
    months = list(MONTHS)
    for text in _texts(corpus[:5]):
        end = re.search(r"uiterste einddatum (\d+) (\w+) (\d{4})", text)
        start = re.search(r"Deze overeenkomst gaat in op (\d+) (\w+) (\d{4})", text)
        assert end and start
        key = [(int(m.group(3)), months.index(m.group(2)), int(m.group(1))) for m in (start, end)]
        assert key[0] < key[1]


def test_names_differ_between_files(corpus: list[Path]) -> None:
    persons = [_persons(t) for t in _texts(corpus[:5])]
    assert all(len(p) >= 3 for p in persons)
    for i in range(5):
        for j in range(i + 1, 5):
            assert persons[i] != persons[j]
    assert len({p.name.split("-")[0] for p in corpus}) > 1


def test_sections_are_reordered(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path, 20, seed=3)
    kinds = [make_spec(3, i).template for i in range(20)]
    agreements = [t for k, t in zip(kinds, _texts(paths), strict=True) if k == "agreement"]
    minutes = [t for k, t in zip(kinds, _texts(paths), strict=True) if k == "minutes"]
    swapped = [t.index("Deel III.") < t.index("Deel II.") for t in agreements]
    assert any(swapped) and not all(swapped)
    orders = {tuple(re.findall(r"^(?:#+ )?Actie (\d\.\d)", t, re.MULTILINE)) for t in minutes}
    assert len(orders) > 1


def test_frequencies_vary(tmp_path: Path) -> None:
    texts = _texts(make_corpus(tmp_path, 20, seed=0))
    numbers = {m for t in texts for m in re.findall(r"(\d+) keer per jaar", t)}
    assert len(numbers) > 1


def test_localize_question(corpus: list[Path]) -> None:
    spec = spec_for_file(corpus[1].name)
    assert spec is not None and spec.template == "minutes"
    city = spec.municipality.name
    assert localize("Tot wanneer loopt de overeenkomst met Mechelen?", spec).endswith(f"met {city}?")
    assert localize("einddatum mechelen?", spec) == f"einddatum {city.lower()}?"
    assert spec_for_file("mechelen-gemeenteraad-2021-03-01.md") is None


def test_corpus_stats(corpus: list[Path]) -> None:
    stats = corpus_stats(corpus)
    assert stats["files"] == N
    assert sum(stats["by_ext"].values()) == N and stats["by_ext"][".md"] >= 2
    assert stats["min_bytes"] <= stats["mean_bytes"] <= stats["max_bytes"]
    assert stats["bytes"] == sum(p.stat().st_size for p in corpus)
