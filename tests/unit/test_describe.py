"""Document kind, title and date: impossible dates are never stored as ISO dates."""

from __future__ import annotations

import pytest

from ingest.describe import document_date, iso_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1 maart 2021", "2021-03-01"),
        ("op 29 februari 2024 besloten", "2024-02-29"),  # a leap year
        ("31 december 2025", "2025-12-31"),
        ("31 februari 2021", None),
        ("29 februari 2021", None),  # not a leap year
        ("30 februari 2024", None),
        ("31 april 2021", None),
        ("31 juni 2022", None),
        ("0 mei 2021", None),
        ("32 januari 2021", None),
    ],
)
def test_iso_date_only_for_dates_that_exist(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_an_impossible_date_is_skipped_for_the_next_real_one() -> None:
    assert iso_date("Verslag van 31 februari 2021, goedgekeurd op 3 maart 2021.") == "2021-03-03"


def test_document_date_never_invents_a_date() -> None:
    text = "De overeenkomst gaat in op 31 februari 2021 en loopt vier jaar."
    assert document_date(text, "agreement", "overeenkomst.txt") is None
    # the file name date is checked too
    assert document_date("Geen datum hier.", "other", "verslag-2021-02-31.txt") is None
    assert document_date("Geen datum hier.", "other", "verslag-2021-13-01.txt") is None
    assert document_date("Geen datum hier.", "other", "verslag-2021-02-28.txt") == "2021-02-28"
    # an impossible start date falls back to a later valid one
    text = "De overeenkomst gaat in op 31 februari 2021. Ze gaat in op 1 maart 2021."
    assert document_date(text, "agreement", "x.txt") == "2021-03-01"


def test_a_long_title_is_never_cut_inside_a_quoted_name() -> None:
    from ingest.describe import _clip

    title = ("24. TEWERKSTELLING. Goedkeuring samenwerkingsovereenkomst tussen de Vlaamse Dienst voor "
             "Arbeidsbemiddeling en Beroepsopleiding (VDAB) en stad Mechelen: 'Samen sterk voor lokaal werk in 2020-2025'.")
    assert _clip(title) == title  # agenda titles run to about 190 characters: kept whole
    cut = _clip(title, 160)
    assert cut.endswith("en stad Mechelen…") and "'Samen" not in cut
    assert _clip("Over “De grote samenwerking tussen alle gemeenten van de regio en nog veel meer”", 60) == "Over…"
    assert _clip("Het is 's avonds laat en we praten over een heel lange titel die niet eindigt", 40) == \
        "Het is 's avonds laat en we praten…"
