"""Fact extraction (ingest/facts.py): the two example documents, variants of the genre with other
names, dates and orderings, a document of another kind, and the quote contract."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ingest.chunk import sections
from ingest.clean import clean
from ingest.facts import MAX_QUOTE, extract_facts, iso_date, make_quote
from ingest.facts.votes import MAX_BLOCK
from ingest.load import load_file
from ingest.records import CleanText, Section

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "assistant" / "examples" / "corpus"
FORMATS = ROOT / "assistant" / "examples" / "formats"
VARIANTS = ROOT / "tests" / "data" / "variants"
GOOD = ROOT / "tests" / "data" / "good"

SCHELDELAND = CORPUS / "scheldeland-samenwerkingsovereenkomst-2021.txt"
MECHELEN = CORPUS / "mechelen-gemeenteraad-2021-03-01.md"
AALST = VARIANTS / "aalst-ninove-samenwerkingsovereenkomst-2023.txt"
LOKEREN = VARIANTS / "lokeren-gemeenteraad-2022-06-14.md"
WAASLAND = VARIANTS / "waasland-welzijn-overeenkomst-2024.md"
NEWSLETTER = VARIANTS / "hamme-nieuwsbrief-bibliotheek-2023.txt"


@cache
def _run(path: Path, kind: str) -> tuple[CleanText, dict[str, Any]]:
    loaded = load_file(path, 10**8)
    cleaned = clean(loaded)
    secs = sections(cleaned, plain=loaded.format in ("txt", "pdf"), kind=kind)
    return cleaned, extract_facts(cleaned, secs, kind).dump()


def facts_of(path: Path, kind: str) -> dict[str, Any]:
    return _run(path, kind)[1]


def party(facts: dict[str, Any], short: str) -> dict[str, Any]:
    matches = [p for p in facts["parties"] if p["short"] == short]
    assert len(matches) == 1, [p["short"] for p in facts["parties"]]
    return matches[0]


def people(p: dict[str, Any], where: str) -> list[tuple[str, str | None]]:
    return [(r["name"], r["role"]) for r in p["representatives"] if r["where"] == where]


def governance(facts: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [(g["body"], g["frequency"], g["inviter"]) for g in facts["governance"]]


def quotes(obj: Any) -> list[dict[str, Any]]:
    """Every quote (a dict with text/start/end/section/page) anywhere in the facts."""
    if isinstance(obj, dict):
        if {"text", "start", "end", "section", "page"} <= obj.keys():
            return [obj]
        return [q for v in obj.values() for q in quotes(v)]
    if isinstance(obj, list):
        return [q for v in obj for q in quotes(v)]
    return []


# --- Scheldeland: eight local governments, IVSES and VDAB --------------------------------------

SCHELDELAND_LOCAL = {
    "Berlare": ("Karel De Gucht", "Hilde Van der Jeugt"),
    "Buggenhout": ("Jan Stevens", "Wouter Vermeiren"),
    "Hamme": ("Jan Laceur", "André Reuse"),
    "Laarne": ("Gertjan De Wilde", "Ellen Laroy"),
    "Lebbeke": ("Peter Huyck", "Luc Vermeir"),
    "Wetteren": ("Marianne Gorré", "Pieter Orbie"),
    "Wichelen": ("Bart Segers", "Daan Vanheel"),
    "Zele": ("Maria Verheirstraeten", "Tom De Graeve"),
}


def test_scheldeland_parties_in_order() -> None:
    facts = facts_of(SCHELDELAND, "agreement")
    assert [p["short"] for p in facts["parties"]] == ["VDAB", *SCHELDELAND_LOCAL, "IVSES"]


@pytest.mark.parametrize("town", sorted(SCHELDELAND_LOCAL))
def test_scheldeland_local_government_signs_at_top_and_bottom(town: str) -> None:
    chair, director = SCHELDELAND_LOCAL[town]
    p = party(facts_of(SCHELDELAND, "agreement"), town)
    assert p["name"] == f"lokaal bestuur {town}"
    assert p["type"] == "local_government"
    assert p["full_name"] is None
    expected = [(chair, "voorzitter gemeenteraad"), (director, "algemeen directeur")]
    assert people(p, "opening") == expected
    assert people(p, "signature") == expected


def test_scheldeland_ivses_and_vdab() -> None:
    facts = facts_of(SCHELDELAND, "agreement")
    ivses = party(facts, "IVSES")
    assert ivses["name"] == "IVSES"
    assert ivses["type"] == "association"
    assert ivses["full_name"] == "Interlokale Vereniging Sociale Economie Scheldeland (IVSES)"
    assert people(ivses, "opening") == [("Tom Vermeire", "voorzitter")]
    assert people(ivses, "signature") == [("Tom Vermeire", "voorzitter")]

    vdab = party(facts, "VDAB")
    assert vdab["type"] == "organisation"
    assert vdab["full_name"] == "Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding (VDAB)"
    assert people(vdab, "opening") == [
        ("Wim Adriaens", "gedelegeerd bestuurder"),
        ("Freddy Van Malderen", "directeur VDAB Oost-Vlaanderen"),
    ]
    assert people(vdab, "signature") == [
        ("Freddy Van Malderen", "provinciaal directeur VDAB Oost-Vlaanderen")
    ]


def test_scheldeland_representative_quotes_name_party_and_person() -> None:
    zele = party(facts_of(SCHELDELAND, "agreement"), "Zele")
    opening = next(r for r in zele["representatives"] if r["where"] == "opening")["quote"]
    signature = next(r for r in zele["representatives"] if r["where"] == "signature")["quote"]
    assert opening["text"].startswith("het lokaal bestuur Zele, vertegenwoordigd door Maria Verheirstraeten")
    assert signature["text"].startswith("Voor het lokaal bestuur Zele: Maria Verheirstraeten")
    assert opening["section"].startswith("Samenwerkingsovereenkomst")
    assert signature["section"] == "Samenwerkingsovereenkomst > Ondertekening"  # not under the last part


def test_scheldeland_dates_and_clauses() -> None:
    facts = facts_of(SCHELDELAND, "agreement")
    assert (facts["start"]["text"], facts["start"]["date"]) == ("1 oktober 2021", "2021-10-01")
    assert facts["start"]["quote"]["text"] == "Deze overeenkomst gaat in op 1 oktober 2021."
    assert (facts["end"]["text"], facts["end"]["date"]) == ("31 december 2025", "2025-12-31")
    assert "uiterste einddatum 31 december 2025" in facts["end"]["quote"]["text"]
    assert facts["duration"] is None  # no "voor de duur van" in this agreement
    assert facts["termination"]["text"] == "Elk van de partijen heeft het recht de overeenkomst op te zeggen"
    assert facts["disputes"]["text"].startswith("Betwistingen die voortvloeien uit deze overeenkomst")


def test_scheldeland_governance() -> None:
    facts = facts_of(SCHELDELAND, "agreement")
    assert governance(facts) == [
        ("Stuurgroep", "minstens 1 keer om de twee jaar", "VDAB"),
        ("Werkgroep samenwerkingsovereenkomst", "minimaal 3 keer per jaar", None),
    ]
    stuurgroep = facts["governance"][0]
    assert (
        stuurgroep["frequency_quote"]["text"]
        == "De stuurgroep komt hiervoor minstens 1 keer om de twee jaar samen."
    )
    assert stuurgroep["inviter_quote"]["text"].startswith("VDAB nodigt uit")
    assert stuurgroep["quote"]["text"].startswith("De stuurgroep is verantwoordelijk voor de opvolging")
    assert [(m["party"], m["text"]) for m in stuurgroep["members"]][::2] == [
        ("VDAB", "clustermanager, teamleiders, netwerkmanager lokale besturen"),
        ("IVSES", "voorzitter en de regisseur sociale economie"),
    ]
    assert [m["party"] for m in facts["governance"][1]["members"]] == ["VDAB", "lokaal bestuur", "IVSES"]


def test_scheldeland_has_ambitions_but_no_actions_or_minutes() -> None:
    facts = facts_of(SCHELDELAND, "agreement")
    assert facts["actions"] == []
    assert facts["minutes"] is None
    assert facts["ambitions"] == [
        "Meer mensen aan de slag",
        "Sterke werkgeversdienstverlening",
        "Levenslang leren - sterkere loopbanen binnen een stimulerend leerklimaat",
    ]
    assert [(d["term"], d["text"]) for d in facts["definitions"]] == [
        ("VDAB", "Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding"),
        ("IVSES", "Interlokale Vereniging Sociale Economie Scheldeland"),
    ]


# --- Mechelen: minutes with the agreement annexed ------------------------------------------------


def test_mechelen_parties() -> None:
    facts = facts_of(MECHELEN, "minutes")
    assert [p["name"] for p in facts["parties"]] == ["VDAB", "stad Mechelen"]
    stad = party(facts, "Mechelen")
    assert stad["type"] == "local_government"
    expected = [("Alexander Vandersmissen", "waarnemend burgemeester"), ("Erik Laga", "algemeen directeur")]
    assert people(stad, "opening") == expected
    assert people(stad, "signature") == expected
    vdab = party(facts, "VDAB")
    assert people(vdab, "opening") == [
        ("Wim Adriaens", "gedelegeerd bestuurder"),
        ("Bjorn Cuyt", "provinciaal directeur Antwerpen"),
    ]
    assert people(vdab, "signature") == [("Bjorn Cuyt", "provinciaal directeur Antwerpen")]


def test_mechelen_start_prefers_the_agreement_clause() -> None:
    facts = facts_of(MECHELEN, "minutes")
    assert (facts["start"]["text"], facts["start"]["date"]) == ("1 maart 2021", "2021-03-01")
    assert facts["start"]["quote"]["section"] == "Samenwerkingsovereenkomst > Deel IV. Duur"
    assert [(s["text"], s["date"]) for s in facts["start_all"]] == [
        ("datum van goedkeuring door de gemeenteraad", None),
        ("1 maart 2021", "2021-03-01"),
    ]
    assert facts["start_all"][0]["quote"]["section"].endswith("Feiten en argumentatie")
    assert (facts["end"]["text"], facts["end"]["date"]) == ("31 december 2025", "2025-12-31")
    assert "uiterste einddatum" in facts["end"]["quote"]["text"]
    assert facts["duration"]["text"] == "voor de duur van de legislatuur"
    assert facts["termination"]["quote"]["section"] == "Samenwerkingsovereenkomst > Deel IV. Duur"


def test_mechelen_governance() -> None:
    facts = facts_of(MECHELEN, "minutes")
    assert governance(facts) == [
        # "VDAB wordt minimum 1x per jaar uitgenodigd op de stuurgroep activering" is how often VDAB
        # comes, not how often the body meets: the text does not say that
        ("Stuurgroep Activering", None, "De stad"),
        ("Stuurgroep stad Mechelen - VDAB", "3 keer per jaar", "VDAB"),
        ("Werkgroepen", None, None),
    ]
    activering = facts["governance"][0]
    assert activering["inviter_quote"]["text"] == "De stad nodigt uit."
    assert [m["party"] for m in activering["members"]] == ["VDAB", "lokaal bestuur"]
    assert activering["members"][1]["text"].startswith(
        "Greet Geypen, schepen, Gabriella De Francesco, schepen"
    )
    assert (
        facts["governance"][1]["frequency_quote"]["text"]
        == "De stuurgroep komt hiervoor 3 keer per jaar samen."
    )


def test_mechelen_minutes() -> None:
    minutes = facts_of(MECHELEN, "minutes")["minutes"]
    assert minutes["council"] == "Gemeenteraad"
    assert minutes["municipality"] == "Mechelen"
    assert (minutes["meeting_date"]["text"], minutes["meeting_date"]["date"]) == (
        "1 maart 2021",
        "2021-03-01",
    )
    assert minutes["agenda_item"]["number"] == "24"
    assert minutes["agenda_item"]["title"].startswith("TEWERKSTELLING. Goedkeuring samenwerkingsovereenkomst")
    assert minutes["agenda_item"]["title"].endswith("'Samen sterk voor lokaal werk in 2020-2025'")
    assert minutes["vote"]["text"] == "met eenparigheid van stemmen"
    assert minutes["vote"]["quote"]["text"] == "De beslissing wordt genomen met eenparigheid van stemmen."
    assert [(h["date_text"], h["date"], h["decision"]) for h in minutes["history"]] == [
        ("23 mei 2017", "2017-05-23", True),
        ("November 2019", "2019-11", False),
        ("Augustus – december 2020", None, False),
        ("10 september 2020", "2020-09-10", False),
        ("1 februari 2021", "2021-02-01", True),
    ]
    assert minutes["history"][4]["text"] == (
        "Collegebeslissing 1 februari 2021 – agendapunt 19: verwijzing naar de gemeenteraad."
    )
    assert [a["number"] for a in minutes["decision_articles"]] == ["1"]
    assert minutes["decision_articles"][0]["text"].startswith(
        "De gemeenteraad keurt de samenwerkingsovereenkomst goed"
    )
    assert [(s["name"], s["role"], s["where"]) for s in minutes["signatories"]] == [
        ("Jan Bal", "adjunct-algemeendirecteur", "namens"),
        ("Fabienne Blavier", "voorzitter", "namens"),
        ("Erik Laga", "algemeen directeur", "uittreksel"),
        ("Fabienne Blavier", "voorzitter", "uittreksel"),
    ]
    assert minutes["financial"]["text"] == "Geen."


MECHELEN_ACTIONS = [
    "1.1",
    "1.2",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "2.5",
    "2.6",
    "3.1",
    "3.2",
    "4.1",
    "4.2",
    "5.1",
    "5.2",
    "5.3",
]


def test_mechelen_actions_once_each_from_the_agreement() -> None:
    facts = facts_of(MECHELEN, "minutes")
    actions = facts["actions"]
    assert [a["number"] for a in actions] == MECHELEN_ACTIONS
    by_number = {a["number"]: a for a in actions}
    a21 = by_number["2.1"]
    assert (
        a21["title"] == "Werken aan reële drempels naar de arbeidsmarkt toe"
    )  # the heading, not the overview list
    assert a21["theme"] == "Meer mensen aan de slag"
    assert a21["domain"] == {
        "number": "2",
        "title": "Het lokaal bestuur en VDAB werken samen aan het activeren van burgers richting arbeidsmarkt",
    }
    assert [(s["number"], s["title"]) for s in a21["subitems"]] == [
        ("2.1.1", "E-inclusie"),
        ("2.1.2", "Kinderopvang"),
        ("2.1.3", "Taal"),
        ("2.1.4", "Mobiliteit"),
    ]
    assert a21["subitems"][3]["text"].startswith("Mobiliteit is een brede drempel")
    assert (
        by_number["5.3"]["title"] == "Lokaal werkplekleren (voor kwetsbare doelgroepen)"
    )  # a plain line in the source
    assert by_number["5.3"]["theme"] == "Sterkere loopbanen binnen een stimulerend leerklimaat"
    assert by_number["3.2"]["title"] == "Wijk-werken"
    assert by_number["4.1"]["domain"]["title"] == "Dienstverlening aan bedrijven"
    assert all(a["quote"]["text"].startswith("Actie " + a["number"]) for a in actions)
    assert all(
        a["quote"]["start"] > facts["parties"][0]["representatives"][0]["quote"]["start"] for a in actions
    )
    assert by_number["1.1"]["text"].startswith("Stad Mechelen en VDAB zijn partners")
    assert len(by_number["1.1"]["text"]) <= 401
    assert all(not a["subitems"] for a in actions if a["number"] != "2.1")
    assert facts["ambitions"] == [
        "Meer mensen aan de slag",
        "Veerkrachtige ondernemingen in een toekomstbestendige arbeidsmarkt",
        "Sterkere loopbanen binnen een stimulerend leerklimaat",
    ]


def test_mechelen_as_agreement_has_no_minutes_but_same_agreement_facts() -> None:
    as_agreement = facts_of(MECHELEN, "agreement")
    as_minutes = facts_of(MECHELEN, "minutes")
    assert as_agreement["minutes"] is None
    for key in ("parties", "start", "end", "governance", "actions"):
        assert as_agreement[key] == as_minutes[key]


# --- Other formats of the same documents ---------------------------------------------------------


def _summary(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts without quotes (offsets and pages differ between formats)."""
    return _without_quotes(
        {
            "parties": [(p["name"], people(p, "opening"), people(p, "signature")) for p in facts["parties"]],
            "agenda_item": facts["minutes"] and facts["minutes"]["agenda_item"],
            "start": facts["start"] and facts["start"]["date"],
            "end": facts["end"] and facts["end"]["date"],
            "governance": governance(facts),
            "actions": [(a["number"], [s["number"] for s in a["subitems"]]) for a in facts["actions"]],
            "history": facts["minutes"] and [h["date"] for h in facts["minutes"]["history"]],
            "signatories": facts["minutes"]
            and [(s["name"], s["role"]) for s in facts["minutes"]["signatories"]],
        }
    )


def _without_quotes(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _without_quotes(v) for k, v in obj.items() if k != "quote"}
    if isinstance(obj, (list, tuple)):
        return [_without_quotes(v) for v in obj]
    return obj


@pytest.mark.parametrize(
    ("other", "source", "kind"),
    [
        ("mechelen-gemeenteraad-2021-03-01.pdf", MECHELEN, "minutes"),
        ("scheldeland-samenwerkingsovereenkomst-2021.pdf", SCHELDELAND, "agreement"),
        ("scheldeland-samenwerkingsovereenkomst-2021.docx", SCHELDELAND, "agreement"),
    ],
)
def test_other_formats_give_the_same_facts(other: str, source: Path, kind: str) -> None:
    path = FORMATS / other
    if not path.exists():
        pytest.skip(f"{other} not generated")
    assert _summary(facts_of(path, kind)) == _summary(facts_of(source, kind))


# --- Variants of the genre -----------------------------------------------------------------------


def test_variant_aalst_ninove_agreement() -> None:
    facts = facts_of(AALST, "agreement")
    assert [(p["name"], p["short"], p["type"], p["full_name"]) for p in facts["parties"]] == [
        ("VDAB", "VDAB", "organisation", None),
        ("lokaal bestuur Aalst", "Aalst", "local_government", None),
        ("lokaal bestuur Ninove", "Ninove", "local_government", None),
    ]
    aalst = [("Ann Van de Velde", "voorzitter gemeenteraad"), ("Koen D'Hondt", "algemeen directeur")]
    ninove = [("Pieter-Jan Claeys", "waarnemend burgemeester"), ("Lies Van der Linden", "algemeen directeur")]
    vdab = [("Els Peeters", "provinciaal directeur VDAB Oost-Vlaanderen")]
    for short, expected in (("Aalst", aalst), ("Ninove", ninove), ("VDAB", vdab)):
        assert people(party(facts, short), "opening") == expected
        assert people(party(facts, short), "signature") == expected  # signed before the duration clause
    assert (facts["start"]["text"], facts["start"]["date"]) == ("1 januari 2023", "2023-01-01")
    assert (facts["end"]["text"], facts["end"]["date"]) == ("31 december 2028", "2028-12-31")
    assert facts["duration"] is None
    assert (
        facts["termination"]["text"]
        == "Elke partij kan de overeenkomst opzeggen met een opzegtermijn van drie maanden"
    )
    assert facts["disputes"]["text"].startswith("Geschillen over deze overeenkomst")
    assert governance(facts) == [
        ("Stuurgroep Denderstreek", "2 keer per jaar", "Het lokaal bestuur"),
        ("Werkgroep jongeren", "elke maand", None),
    ]
    assert [(m["party"], m["text"]) for m in facts["governance"][0]["members"]] == [
        ("VDAB", "regiomanager en netwerkmanager lokale besturen"),
        ("lokale besturen", "de schepenen van werk en de diensthoofden sociale dienst"),
    ]
    assert [(a["number"], a["title"], a["theme"], a["domain"]) for a in facts["actions"]] == [
        ("1.1", "Jobbeurs voor schoolverlaters", None, {"number": "1", "title": "Jongeren"}),
        ("1.2", "Begeleiding van jongeren zonder diploma", None, {"number": "1", "title": "Jongeren"}),
        ("2.1", "Drempels naar werk", None, {"number": "2", "title": "Drempels wegwerken"}),
    ]
    assert [(s["number"], s["title"]) for s in facts["actions"][2]["subitems"]] == [
        ("2.1.1", "Huisvesting"),
        ("2.1.2", "Kinderopvang"),
    ]
    # the overview in the annex repeats the actions with short titles: the sections with a body win
    assert facts["actions"][0]["text"].startswith("Elk voorjaar organiseren Aalst, Ninove en VDAB")
    assert facts["actions"][2]["subitems"][0]["text"].startswith("Wie geen stabiele woonplaats heeft")
    assert facts["ambitions"] == ["Meer inwoners aan het werk", "Een sterke dienstverlening aan werkgevers"]
    assert [(d["term"], d["text"]) for d in facts["definitions"]] == [
        ("CVO", "Centrum voor Volwassenenonderwijs")
    ]
    assert facts["minutes"] is None


def test_variant_lokeren_minutes() -> None:
    facts = facts_of(LOKEREN, "minutes")
    minutes = facts["minutes"]
    assert facts["parties"] == []  # minutes without the agreement text: no parties invented
    assert facts["governance"] == []  # "De stuurgroep komt ..." in the arguments is no governance section
    assert (facts["start"]["text"], facts["end"]["text"]) == ("1 juli 2022", "31 december 2025")
    assert minutes["council"] == "Gemeenteraad"
    assert minutes["municipality"] == "Lokeren"
    assert (minutes["meeting_date"]["text"], minutes["meeting_date"]["date"]) == (
        "14 juni 2022",
        "2022-06-14",
    )
    assert minutes["meeting_date"]["quote"]["text"] == "Zitting van dinsdag 14 juni 2022"
    assert (minutes["agenda_item"]["number"], minutes["agenda_item"]["title"]) == (
        "7",
        "WERK. Goedkeuring samenwerkingsovereenkomst met VDAB 2022-2025",
    )
    vote = minutes["vote"]
    assert (vote["text"], vote["for"], vote["against"], vote["abstentions"]) == (
        "met 20 stemmen voor, 3 onthoudingen",
        20,
        None,
        3,
    )
    assert [(h["date_text"], h["date"], h["decision"]) for h in minutes["history"]] == [
        ("19 december 2019", "2019-12-19", True),
        ("Maart 2022", "2022-03", False),
        ("30 mei 2022", "2022-05-30", True),
    ]
    assert [(a["number"], a["text"]) for a in minutes["decision_articles"]] == [
        ("1", "De gemeenteraad keurt de samenwerkingsovereenkomst met VDAB 2022-2025 goed."),
        ("2", "Het college van burgemeester en schepenen wordt belast met de uitvoering van dit besluit."),
    ]
    assert [(s["name"], s["role"], s["where"], s["quote"]["text"]) for s in minutes["signatories"]] == [
        ("Sofie Janssens", "algemeen directeur", "namens", "Sofie Janssens, algemeen directeur"),
        ("Peter Van Acker", "voorzitter", "namens", "Peter Van Acker, voorzitter"),
    ]
    assert minutes["financial"]["text"] == (
        "De kosten van 7.500 euro per jaar zijn voorzien in het budget van de dienst werk."
    )
    assert facts["actions"] == []


def test_variant_waasland_association_agreement() -> None:
    facts = facts_of(WAASLAND, "agreement")
    assert [(p["name"], p["type"], p["full_name"]) for p in facts["parties"]] == [
        ("WVW", "association", "Welzijnsvereniging Waasland (WVW)"),
        ("OCMW Temse", "local_government", None),
        ("VDAB", "organisation", "Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding (VDAB)"),
    ]
    assert people(party(facts, "WVW"), "opening") == [
        ("Nadia El Amrani", "voorzitter"),
        ("Jeroen Verstraete", "secretaris"),
    ]
    assert people(party(facts, "WVW"), "signature") == [("Nadia El Amrani", "voorzitter")]
    assert people(party(facts, "Temse"), "opening") == [
        ("Luc Geerts", "voorzitter van het bijzonder comité voor de sociale dienst"),
    ]
    assert people(party(facts, "Temse"), "signature") == [("Luc Geerts", "voorzitter BCSD")]
    assert people(party(facts, "VDAB"), "signature") == [("Kristel Maes", "directeur Oost-Vlaanderen")]
    assert (facts["start"]["text"], facts["start"]["date"]) == ("01/04/2024", "2024-04-01")
    assert (facts["end"]["text"], facts["end"]["date"]) == ("31 maart 2027", "2027-03-31")
    assert facts["duration"]["text"] == "voor een periode van drie jaar"
    assert facts["termination"] is None
    assert facts["disputes"]["text"] == "Betwistingen worden voorgelegd aan de rechtbank van Dendermonde"
    assert governance(facts) == [("Kerngroep", "driemaandelijks", "de Welzijnsvereniging Waasland")]
    assert [(m["party"], m["text"]) for m in facts["governance"][0]["members"]] == [
        ("VDAB", "teamleider Temse"),
        ("WVW", "coördinator activering"),
        ("OCMW", "maatschappelijk werker activering"),
    ]
    assert [(a["number"], a["title"], a["theme"], a["domain"]) for a in facts["actions"]] == [
        ("1.1", "Trajecten naar werk", "Activering", None),
        ("1.2", "Vrijwilligerswerk als opstap", "Activering", None),
        ("2.1", "Jobdagen", "Werkgevers", None),
    ]
    assert facts["ambitions"] == ["Activering", "Werkgevers"]  # no ambitions list: the themes
    assert [d["term"] for d in facts["definitions"]] == ["WVW", "VDAB"]


def test_existing_fixture_agreement_without_governance_headings() -> None:
    """tests/data/good: governance only in a sentence ("De stuurgroep komt minstens twee keer per
    jaar samen")."""
    facts = facts_of(GOOD / "cp1252-overeenkomst.txt", "agreement")
    assert [p["name"] for p in facts["parties"]] == ["VDAB", "lokaal bestuur Lokeren"]
    assert people(party(facts, "Lokeren"), "signature") == [
        ("Pieter De Wilde", "voorzitter gemeenteraad"),
        ("Els Verbeke", "algemeen directeur"),
    ]
    assert governance(facts) == [("Stuurgroep", "minstens twee keer per jaar", None)]
    assert facts["start"] is None
    assert facts["end"]["date"] == "2026-12-31"


# --- A document of another kind ------------------------------------------------------------------


def test_newsletter_gets_no_agreement_facts() -> None:
    """Dates, persons, numbers, "gaat in op", "vertegenwoordigd door", "De stuurgroep ... komt elke
    maand samen" and "nodigt uit" appear, but not as clauses of an agreement: nothing may be invented."""
    facts = facts_of(NEWSLETTER, "other")
    assert facts["parties"] == []
    assert facts["start"] is None and facts["start_all"] == []
    assert facts["end"] is None and facts["end_all"] == []
    assert facts["duration"] is None
    assert facts["termination"] is None
    assert facts["disputes"] is None
    assert facts["governance"] == []
    assert facts["actions"] == []
    assert facts["ambitions"] == []
    assert facts["minutes"] is None
    assert facts["definitions"] == []


# --- Quotes --------------------------------------------------------------------------------------

ALL_DOCUMENTS = [
    (SCHELDELAND, "agreement"),
    (MECHELEN, "minutes"),
    (AALST, "agreement"),
    (LOKEREN, "minutes"),
    (WAASLAND, "agreement"),
    (NEWSLETTER, "other"),
    (GOOD / "cp1252-overeenkomst.txt", "agreement"),
    (GOOD / "latin1-notulen.txt", "minutes"),
    *[(p, "minutes" if "gemeenteraad" in p.name else "agreement") for p in sorted(FORMATS.glob("*.*"))],
]


@pytest.mark.parametrize(("path", "kind"), ALL_DOCUMENTS, ids=lambda v: getattr(v, "name", v))
def test_every_quote_is_an_exact_short_slice(path: Path, kind: str) -> None:
    cleaned, facts = _run(path, kind)
    json.dumps(facts)  # JSON-serialisable
    found = quotes(facts)
    if path not in (NEWSLETTER,):
        assert found
    vote_quotes = {id(v["quote"]) for item in facts["items"] for v in item["votes"]}
    if facts["minutes"] and facts["minutes"]["vote"]:
        vote_quotes.add(id(facts["minutes"]["vote"]["quote"]))
    for q in found:
        assert cleaned.text[q["start"] : q["end"]] == q["text"]
        assert q["text"] and q["text"] == q["text"].strip()
        # a vote block is quoted whole (every voter), up to MAX_BLOCK; everything else is one clause
        assert len(q["text"]) <= (MAX_BLOCK if id(q) in vote_quotes else MAX_QUOTE)
        assert isinstance(q["section"], str)
        assert q["page"] == cleaned.page_at(q["start"])


def test_pdf_quotes_carry_pages() -> None:
    path = FORMATS / "mechelen-gemeenteraad-2021-03-01.pdf"
    if not path.exists():
        pytest.skip("PDF not generated")
    facts = facts_of(path, "minutes")
    assert facts["minutes"]["meeting_date"]["quote"]["page"] == 1
    assert facts["end"]["quote"]["page"] > facts["minutes"]["vote"]["quote"]["page"]


def test_make_quote_trims_and_locates() -> None:
    text = "Deel I. Duur\n\n  Deze overeenkomst gaat in op 1 maart 2021.\n\nVolgende pagina."
    cleaned = CleanText(text=text, page_starts=(0, text.index("Volgende")))
    secs = [Section(("Deel I. Duur",), "Deel I. Duur", 14, text.index("Volgende") - 2, 0)]
    start = text.index("  Deze")
    q = make_quote(cleaned, secs, start, text.index("\n\nVolgende")).model_dump()
    assert q == {
        "text": "Deze overeenkomst gaat in op 1 maart 2021.",
        "start": start + 2,
        "end": start + 2 + len("Deze overeenkomst gaat in op 1 maart 2021."),
        "section": "Deel I. Duur",
        "page": 1,
    }
    last = make_quote(cleaned, secs, text.index("Volgende"), len(text))
    assert (last.section, last.page) == ("", 2)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1 maart 2021", "2021-03-01"),
        ("op 31 December 2025.", "2025-12-31"),
        ("01/04/2024", "2024-04-01"),
        ("31 februari 2021", None),
        ("November 2019", None),
        ("geen datum", None),
    ],
)
def test_iso_date(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso
