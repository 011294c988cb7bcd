"""The genre rules of ingest/facts/ on documents of other shapes than the ones they were written for:
a cross-border agreement between two municipalities (treaty-style opening, definition list, inline
signatures in capitals), Flemish council minutes in plain text (attendance on one line, agenda items,
vote blocks with counts and names) and a ministerial decision in Markdown without spaces after the
heading marks ("###Artikel 1")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ingest.chunk import sections
from ingest.clean import clean
from ingest.describe import document_kind, document_title
from ingest.facts import extract_facts
from ingest.facts.dates import iso_date
from ingest.facts.model import DocumentFacts
from ingest.load import load_file
from ingest.records import CleanText
from ingest.structure import agenda_items

VARIANTS = Path(__file__).resolve().parents[1] / "data" / "variants"
AGREEMENT = VARIANTS / "grensverdrag-baarle-2019.txt"
MINUTES = VARIANTS / "herzele-notulen-gemeenteraad-2023-05-22.txt"
DECISION = VARIANTS / "besluit-minister-aanwijzing-2011.md"


@cache
def facts_of(path: Path) -> tuple[CleanText, DocumentFacts, str]:
    loaded = load_file(path, 10**8)
    cleaned = clean(loaded)
    kind = document_kind(cleaned.text)
    secs = sections(cleaned, plain=loaded.format in ("txt", "pdf"), kind=kind)
    return cleaned, extract_facts(cleaned, secs, kind), document_title(cleaned, secs, kind, path.name)


def test_parties_named_with_enerzijds_anderzijds() -> None:
    _, facts, title = facts_of(AGREEMENT)
    assert [(p.name, p.type) for p in facts.parties] == [
        ("gemeente Baarle-Nassau", "local_government"), ("gemeente Baarle-Hertog", "local_government")]
    assert facts.parties_complete
    assert title.startswith("Overeenkomst tussen de gemeente Baarle-Nassau")


def test_inline_signatures_in_capitals_and_the_place_and_date_of_signing() -> None:
    _, facts, _ = facts_of(AGREEMENT)
    assert [(s.name, s.party) for s in facts.signatories] == [
        ("M. J. A. VAN GEEL", "gemeente Baarle-Nassau"), ("F. DE BRUYN", "gemeente Baarle-Hertog")]
    assert (facts.signed.place, facts.signed.text, facts.signed.date) == ("Baarle-Hertog", "12 november 2019", "2019-11-12")


def test_definition_list_seat_articles_and_terms() -> None:
    cleaned, facts, _ = facts_of(AGREEMENT)
    assert [(d.term, d.text) for d in facts.definitions] == [
        ("commissie", "de gemeenschappelijke brandweercommissie, bedoeld in artikel 3"),
        ("kazerne", "het gebouw aan de Nieuwstraat 12, waarin de brandweerzorg is gevestigd"),
        ("BZB", "Brandweerzone Baarle"),
    ]
    assert [(s.subject, s.place) for s in facts.seats] == [("De commissie", "Baarle-Hertog")]
    assert [(a.number, a.title) for a in facts.articles] == [
        ("1", "Begripsbepalingen"), ("2", "Zetel"), ("3", "De commissie"), ("4", "Kosten"),
        ("5", "Duur en opzegging"), ("6", "Inwerkingtreding")]
    assert facts.start.text == "1 januari 2020" and facts.duration.text == "voor een periode van vijf jaar"
    assert "opzegtermijn van twaalf maanden" in facts.termination.quote.text
    for q in [d.quote for d in facts.definitions] + [a.quote for a in facts.articles]:
        assert cleaned.text[q.start : q.end] == q.text


def test_minutes_heading_attendance_and_signatures() -> None:
    _, facts, _ = facts_of(MINUTES)
    minutes = facts.minutes
    assert (minutes.council, minutes.municipality, minutes.meeting_date.text) == ("Gemeenteraad", "Herzele", "22 mei 2023")
    assert minutes.absent == ["Lien Jacobs", "Pieter Vermeulen"]
    assert minutes.present[:2] == ["Ann Peeters", "Koen Maes"] and "Lien Jacobs" not in minutes.present
    assert [(s.name, s.role) for s in minutes.signatories] == [("Bart Goossens", "algemeen directeur"), ("Ann Peeters", "voorzitter")]


def test_agenda_items_with_status_and_votes() -> None:
    _, facts, _ = facts_of(MINUTES)
    items = {i.number: i for i in facts.items}
    assert sorted(items) == ["1", "2", "3", "4"]
    assert items["2"].title == "Vaststelling van het reglement op de parkeerbelasting"
    assert items["3"].status == "verdaagd" and items["3"].votes == []
    assert items["1"].votes[0].text == "met eenparigheid van stemmen"
    vote = items["2"].votes[0]
    assert (vote.for_, vote.against, vote.abstentions) == (14, 5, 2)
    assert vote.names_against == ["Sara Wouters", "Jan Willems", "Kim Baert", "Nick Pauwels", "Lotte Smets"]
    assert vote.names_abstaining == ["Rik Martens", "Nora Aerts"]
    assert (items["4"].votes[0].for_, items["4"].votes[0].abstentions) == (16, 5)


def test_decision_with_markdown_headings_without_spaces() -> None:
    _, facts, title = facts_of(DECISION)
    assert title.startswith("Besluit van de Minister van Binnenlandse Zaken van 3 maart 2011")
    assert [a.number for a in facts.articles] == ["1", "2", "3"]
    assert all("###" not in a.quote.text for a in facts.articles)
    assert [(s.name, s.role) for s in facts.signatories] == [("P.H. Donner", "De Minister van Binnenlandse Zaken")]
    assert (facts.signed.place, facts.signed.text) == ("Den Haag", "3 maart 2011")
    assert [(s.subject, s.place) for s in facts.seats] == [("Het Streekarchief Midden-Holland", "Gouda")]
    assert facts.start.text.startswith("de dag na de datum van uitgifte")


def test_a_numbered_list_inside_one_part_is_not_a_run_of_agenda_items() -> None:
    body = "\n\n".join(f"{n}. Actie {n}.1 – Iets over werk" for n in range(1, 8))
    text = "Notulen van de gemeenteraad\n\n" + "Motivering\n\n" + body + "\n\n" + "Lange tekst. " * 400
    paragraphs = [(m, m + len(p)) for m, p in _spans(text)]
    assert agenda_items(text, paragraphs) == []


def _spans(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in text.split("\n\n"):
        out.append((pos, piece))
        pos += len(piece) + 2
    return out


def test_impossible_dates_are_not_dates() -> None:
    assert iso_date("op 31 februari 2021") is None
    assert iso_date("op 29 februari 2024") == "2024-02-29"


def test_title_broken_over_pdf_lines_is_joined() -> None:
    cleaned = CleanText(text="Verdrag tussen het Koninkrijk der Nederlanden en de\n\nVlaamse Gemeenschap inzake het onderwijs\n\nArtikel 1\n\nTekst.")
    secs = sections(cleaned, plain=True)
    assert document_title(cleaned, secs, "agreement", "x.pdf") == (
        "Verdrag tussen het Koninkrijk der Nederlanden en de Vlaamse Gemeenschap inzake het onderwijs")


def test_officers_named_in_the_attendance_list() -> None:
    # "Aanwezig: Ann Peeters, voorzitter; ..." on one line (the rule came from lists on their own lines)
    _, facts, _ = facts_of(MINUTES)
    officers = [(p.name, p.role) for p in facts.minutes.officers]
    assert ("Ann Peeters", "voorzitter") in officers and ("Bart Goossens", "algemeen directeur") in officers
    assert ("Koen Maes", "burgemeester") in officers
    assert all(name != "Lien Jacobs" for name, _ in officers)  # excused, not present


def _minutes_file(tmp_path: Path, body: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "notulen.txt"  # facts_of caches by path: one file per folder
    path.write_text("Gemeente Voorbeeld\nNotulen van de gemeenteraad\nZitting van dinsdag 5 maart 2024\n\n" + body,
                    encoding="utf-8")
    return path


def test_vote_block_with_counts_after_the_labels_and_names_on_lines_of_their_own(tmp_path: Path) -> None:
    voters = ", ".join(f"Raadslid{chr(65 + i)} Achternaam{chr(65 + i)}" for i in range(12))
    items = []
    for n in range(1, 4):
        items.append(f"{n}. Punt nummer {n} over de begroting\n\nDe raad keurt het voorstel goed.\n\n"
                     f"Stemming op het voorstel\n\nDeelnemers\n\n{voters}\n\nJa-stemmen 10\n\n{voters[:200]}\n\n"
                     "Neen-stemmen 0\n\nOnthoudingen 1\n\nJan Peeters\n\nBlanco stemmen 0\n\n"
                     + "Toelichting bij het punt. " * 40)
    _, facts, _ = facts_of(_minutes_file(tmp_path, "\n\n".join(items)))
    assert [i.number for i in facts.items] == ["1", "2", "3"]
    vote = facts.items[1].votes[0]
    assert (vote.for_, vote.against, vote.abstentions) == (10, 0, 1)
    assert vote.names_abstaining == ["Jan Peeters"] and len(facts.items[1].votes) == 1
    assert vote.names_for[:2] == ["RaadslidA AchternaamA", "RaadslidB AchternaamB"]


def test_a_second_series_of_items_starts_again_at_one(tmp_path: Path) -> None:
    urgent = [f"SP {n}. Spoedeisend punt {n} over de veiligheid\n\nTekst. " + "Uitleg. " * 60 for n in (1, 2)]
    regular = [f"{n}. Gewoon punt {n} over de wegen\n\nTekst. " + "Uitleg. " * 60 for n in (1, 2, 3)]
    _, facts, _ = facts_of(_minutes_file(tmp_path, "\n\n".join(urgent + regular)))
    assert [(i.number, i.title) for i in facts.items] == [
        ("SP 1", "Spoedeisend punt 1 over de veiligheid"), ("SP 2", "Spoedeisend punt 2 over de veiligheid"),
        ("1", "Gewoon punt 1 over de wegen"), ("2", "Gewoon punt 2 over de wegen"), ("3", "Gewoon punt 3 over de wegen")]


def test_a_decision_list_states_each_decision_under_the_title_in_its_list(tmp_path: Path) -> None:
    titles = [f"Aanvraag terras voor zaak nummer {n} aan de Markt" for n in range(1, 6)]
    decisions = ["Akkoord.", "Weigering", "Akkoord", "Kennisname", "Akkoord"]
    listing = "\n\n".join(f"{t}\n\n{d}" for t, d in zip(titles, decisions, strict=True))
    full = "\n\n".join(f"{n} {t}\n\nHet college beslist na overleg. " + "Uitleg. " * 50 for n, t in enumerate(titles, 1))
    _, facts, _ = facts_of(_minutes_file(tmp_path, "Besluitenlijst\n\n" + listing + "\n\n" + full))
    assert [(i.number, i.status) for i in facts.items] == [
        ("1", "akkoord"), ("2", "weigering"), ("3", "akkoord"), ("4", "kennisname"), ("5", "akkoord")]


def test_votes_written_as_short_counts(tmp_path: Path) -> None:
    """ "25 ja, 10 neen en 2 onthoudingen" and "30 voor, 9 tegen": counts without the word "stemmen"."""
    path = tmp_path / "notulen-gemeenteraad.txt"
    path.write_text(
        "Notulen van de gemeenteraad\n\nZitting van 3 februari 2025\n\n"
        "1. Goedkeuring van het mobiliteitsplan\n\nDe gemeenteraad keurt het plan goed met 25 ja, 10 neen en 2 onthoudingen.\n\n"
        "2. Aanpassing van het retributiereglement\n\nHet voorstel wordt aangenomen: 30 voor, 9 tegen.\n\n"
        "3. Varia\n\nGeen punten.\n", encoding="utf-8")
    _, facts, _ = facts_of(path)
    votes = {i.number: i.votes for i in facts.items}
    first, second = votes["1"][0], votes["2"][0]
    assert (first.for_, first.against, first.abstentions) == (25, 10, 2)
    assert (second.for_, second.against) == (30, 9)


def test_an_item_title_line_is_taken_whole_with_its_inner_full_stops(tmp_path: Path) -> None:
    """ "4. Brandweerzone Oost. Aankoop van een ladderwagen. Gunning" on a line of its own: the whole
    line is the item's title; a first line that runs on into the item's text is cut after its first
    sentence."""
    body = "Het college keurt de gunning goed. " * 12
    text = ("1. Brandweerzone Oost. Aankoop van een ladderwagen. Gunning\n\n" + body + "\n\nGoedgekeurd\n\n"
            "2. Wegenis. Heraanleg van de Kerkstraat - Vaststelling\n\n" + body + "\n\nGoedgekeurd\n\n"
            "3. Sportdienst. Subsidies voor clubs. " + body + "\n\nGoedgekeurd\n\n"
            "4. Varia\n\n" + body + "\n")
    _, facts, _ = facts_of(_minutes_file(tmp_path, text))
    assert [i.title for i in facts.items] == [
        "Brandweerzone Oost. Aankoop van een ladderwagen. Gunning",
        "Wegenis. Heraanleg van de Kerkstraat - Vaststelling",
        "Sportdienst", "Varia"]


def test_sub_numbered_items_under_zitting_headings(tmp_path: Path) -> None:
    """Minutes numbered "1.1, 1.2" under "1 Openbare zitting" and "2.1" under "2 Besloten zitting": the
    items are the sub-numbered ones (the headings are not items), and sections numbered "1.1, 2.1"
    inside a plainly numbered item do not take over."""
    body = "De raad bespreekt het voorstel van het college en de toelichting van de bevoegde schepen. " * 4
    titles = ["Goedkeuring van de notulen", "Belastingreglement op de leegstand", "Aankoop van een perceel bosgrond"]
    text = ("1 Openbare zitting\n\n"
            + "\n\n".join(f"1.{n} {t}\n\n{body}\n\nGoedgekeurd met eenparigheid van stemmen." for n, t in enumerate(titles, 1))
            + "\n\n2 Besloten zitting\n\n2.1 Aanstelling van een diensthoofd\n\n" + body + "\n\nGoedgekeurd.\n")
    _, facts, _ = facts_of(_minutes_file(tmp_path, text))
    assert [(i.number, i.title) for i in facts.items] == [
        ("1.1", "Goedkeuring van de notulen"), ("1.2", "Belastingreglement op de leegstand"),
        ("1.3", "Aankoop van een perceel bosgrond"), ("2.1", "Aanstelling van een diensthoofd")]

    nested = "\n\n".join(
        f"{n}. {t}\n\n{body}\n\n1.1 Inleiding\n\n{body}\n\n1.2 Voorwerp\n\n{body}\n\nGoedgekeurd." for n, t in enumerate(titles, 1))
    _, facts, _ = facts_of(_minutes_file(tmp_path / "genest", nested + "\n\n4. Varia\n\n" + body))
    assert [i.number for i in facts.items] == ["1", "2", "3", "4"]


def test_agendapunt_prefix_is_not_part_of_the_title(tmp_path: Path) -> None:
    body = "De raad bespreekt het voorstel van het college en de toelichting van de bevoegde schepen. " * 4
    text = "\n\n".join(f"Agendapunt {n}: Onderwerp nummer {n} van de zitting\n\n{body}" for n in range(1, 5))
    _, facts, _ = facts_of(_minutes_file(tmp_path, text))
    assert [i.title for i in facts.items] == [f"Onderwerp nummer {n} van de zitting" for n in range(1, 5)]


def test_vote_labels_written_as_verbs_and_voters_in_brackets(tmp_path: Path) -> None:
    """ "Onthouding:" (singular), "Stemden voor / tegen:", "Onthielden zich:", "Hebben tegengestemd:",
    fractions in brackets after the counts, and a counted vote without a word for the decision."""
    body = "De gemeenteraad bespreekt het voorstel van het college en de toelichting van de schepen. " * 3
    votes = [
        "Stemming: met 20 stemmen voor (Lijst Een, Lijst Twee), 5 stemmen tegen (Lijst Drie) en 2 onthoudingen (Lijst Vier).",
        ("Het voorstel wordt goedgekeurd met 18 ja-stemmen, 7 neen-stemmen en 1 onthouding.\n"
         "Ja: Anna Aerts, Bert Bos, Carl Cools\nNeen: Dirk Dams, Eva Eeckhout\nOnthouding: Frank Fierens"),
        ("De raad keurt het voorstel goed met 21 stemmen voor en 4 stemmen tegen.\n"
         "Hebben tegengestemd: Dirk Dams, Eva Eeckhout, Gert Goossens en Hilde Hermans."),
        ("Stemden voor: Anna Aerts, Bert Bos, Carl Cools, Frank Fierens\nStemden tegen: Dirk Dams, Eva Eeckhout\n"
         "Onthielden zich: Gert Goossens"),
        "Met 9 stemmen voor en 16 stemmen tegen.",
    ]
    text = "\n\n".join(f"{n}. Onderwerp {n} van de zitting\n\n{body}\n\n{v}" for n, v in enumerate(votes, 1))
    _, facts, _ = facts_of(_minutes_file(tmp_path, text))
    got = {i.number: (i.status, i.votes[-1]) for i in facts.items}
    first = got["1"][1]
    assert (first.names_for, first.names_against, first.names_abstaining) == (
        ["Lijst Een", "Lijst Twee"], ["Lijst Drie"], ["Lijst Vier"])
    assert got["1"][0] == "aangenomen"  # counted: more for than against
    second = got["2"][1]
    assert second.names_against == ["Dirk Dams", "Eva Eeckhout"] and second.names_abstaining == ["Frank Fierens"]
    assert got["3"][1].names_against == ["Dirk Dams", "Eva Eeckhout", "Gert Goossens", "Hilde Hermans"]
    fourth = got["4"][1]
    assert fourth.names_for == ["Anna Aerts", "Bert Bos", "Carl Cools", "Frank Fierens"]
    assert fourth.names_against == ["Dirk Dams", "Eva Eeckhout"] and fourth.names_abstaining == ["Gert Goossens"]
    assert got["5"][0] == "verworpen"


OPENING_NUMBERED = """SAMENWERKINGSOVEREENKOMST JEUGDWERK

TUSSEN:

1. Het gemeentebestuur van Westhoek, Dorpsplein 1, 9990 Westhoek, vertegenwoordigd door de heer Koen Verlinden, burgemeester, en mevrouw Sara Moens, algemeen directeur, hierna genoemd "de gemeente",

EN

2. De vzw Jeugdhuis De Schuur, met zetel te Veldstraat 3, 9990 Westhoek, vertegenwoordigd door mevrouw Lotte Baert, voorzitter, hierna genoemd "de vzw".

WORDT OVEREENGEKOMEN WAT VOLGT:

Artikel 1 – Voorwerp
Deze overeenkomst regelt de werking van het jeugdhuis.

Artikel 2 – Duur
Deze overeenkomst wordt gesloten voor een periode van drie jaar.

Opgemaakt te Westhoek op 5 januari 2024, in twee exemplaren.
"""


def _signatories(facts: DocumentFacts) -> list[tuple[str, str | None, str | None]]:
    return [(p.name, p.role, p.party) for p in facts.signatories]


def test_numbered_parties_after_tussen_with_legal_forms(tmp_path: Path) -> None:
    """ "1. Het gemeentebestuur van X, vertegenwoordigd door ..., hierna genoemd ..., EN 2. De vzw Y":
    both parties, each with its representatives and roles up to "hierna genoemd"."""
    path = tmp_path / "overeenkomst-jeugdwerk.txt"
    path.write_text(OPENING_NUMBERED, encoding="utf-8")
    _, facts, _ = facts_of(path)
    got = [(p.name, [(r.name, r.role) for r in p.representatives]) for p in facts.parties]
    assert got == [("gemeentebestuur Westhoek", [("Koen Verlinden", "burgemeester"), ("Sara Moens", "algemeen directeur")]),
                   ("vzw Jeugdhuis De Schuur", [("Lotte Baert", "voorzitter")])]


def test_signatures_in_two_columns_of_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "overeenkomst-kolommen.txt"
    path.write_text(OPENING_NUMBERED + "\nVoor de gemeente Westhoek                 Voor de vzw Jeugdhuis De Schuur\n\n"
                    "Koen Verlinden                            Lotte Baert\nBurgemeester                              Voorzitter\n\n"
                    "Sara Moens\nAlgemeen directeur\n", encoding="utf-8")
    _, facts, _ = facts_of(path)
    assert _signatories(facts) == [("Koen Verlinden", "burgemeester", "gemeente Westhoek"),
                                   ("Sara Moens", "algemeen directeur", "gemeente Westhoek"),
                                   ("Lotte Baert", "voorzitter", "vzw Jeugdhuis De Schuur")]


def test_signatures_in_a_word_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for para in OPENING_NUMBERED.split("\n\n"):
        document.add_paragraph(para.strip())
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([("Voor de gemeente Westhoek", "Voor de vzw Jeugdhuis De Schuur"),
                             ("Koen Verlinden\nBurgemeester", "Lotte Baert\nVoorzitter"),
                             ("Sara Moens\nAlgemeen directeur", "")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "overeenkomst-tabel.docx"
    document.save(str(path))
    _, facts, _ = facts_of(path)
    assert _signatories(facts) == [("Koen Verlinden", "burgemeester", "gemeente Westhoek"),
                                   ("Sara Moens", "algemeen directeur", "gemeente Westhoek"),
                                   ("Lotte Baert", "voorzitter", "vzw Jeugdhuis De Schuur")]


def test_heading_without_van_de_and_two_lists_of_absentees(tmp_path: Path) -> None:
    """ "VERSLAG GEMEENTERAAD" names the council; "Verontschuldigd: ..." then "Afwezig: ...": both are absent."""
    body = "De gemeenteraad bespreekt het voorstel van het college en de toelichting van de schepen. " * 3
    path = tmp_path / "verslag.txt"
    path.write_text(
        "GEMEENTE NOORDERVELD\n\nVERSLAG GEMEENTERAAD\nZitting van dinsdag 9 april 2024 om 20 uur\n\n"
        "Aanwezig: Rita Claes, voorzitter; Paul Geens, burgemeester; Ilse Smets, Dries Wuyts, raadsleden.\n"
        "Verontschuldigd: Noor Verbeke, raadslid.\nAfwezig: Stijn Laenen, raadslid.\n\nOPENBARE ZITTING\n\n"
        + "\n\n".join(f"{n}. Onderwerp {n} van de zitting\n\n{body}\n\nGoedgekeurd." for n in range(1, 5)), encoding="utf-8")
    _, facts, _ = facts_of(path)
    minutes = facts.minutes
    assert minutes.council == "Gemeenteraad" and minutes.meeting_date.date == "2024-04-09"
    assert minutes.absent == ["Noor Verbeke", "Stijn Laenen"]
    assert " ".join(minutes.absent_quote.text.split()) == "Verontschuldigd: Noor Verbeke, raadslid. Afwezig: Stijn Laenen, raadslid."


def test_numbered_title_line_directly_above_its_text(tmp_path: Path) -> None:
    """ "2. Vaststelling van het reglement" with the item's text on the next line (no blank line): the
    title is the line, not the line run on into the text."""
    body = "De gemeenteraad keurt het voorstel van het college goed na bespreking in de commissie."
    titles = ["Vaststelling van het reglement op de sporthal", "Toelage aan de muziekvereniging",
              "Heraanleg van de Stationsstraat", "Verkoop van een perceel grond"]
    path = tmp_path / "notulen-doorlopend.txt"
    path.write_text("Notulen van de gemeenteraad\nZitting van 7 mei 2024\n\n" + "\n\n".join(
        f"{n}. {t}\n{body} " + "Toelichting bij het voorstel. " * 8 for n, t in enumerate(titles, 1)), encoding="utf-8")
    _, facts, _ = facts_of(path)
    assert [i.title for i in facts.items] == titles


def test_vote_counts_with_plurals_in_brackets_and_bulleted_sides(tmp_path: Path) -> None:
    """Vote-counting software writes "1 stem(men) voor" and "2 onthouding(en)", as bullets with the
    voters after a colon, or inline in a sentence. Here in a social-welfare council's decision list."""
    body = "De raad bespreekt het voorstel van het college en de toelichting van de voorzitter. " * 3
    votes = [
        ("Stemming op het agendapunt:\n- 6 stem(men) voor: Anna Aerts, Bert Bos, Carl Cools, Dirk Dams, Eva Eeckhout, "
         "Frank Fierens\n- 2 stem(men) tegen: Gert Goossens, Hilde Hermans\n- 1 onthouding(en): Ilse Icks\nGoedgekeurd"),
        "Goedgekeurd met 7 stem(men) voor en 2 onthouding(en) (Gert Goossens, Hilde Hermans).",
        "Goedgekeurd met eenparigheid van stemmen.",
    ]
    text = "\n\n".join(f"Agendapunt {n} - Onderwerp {n} van de zitting\n\n{body}\n\n{v}" for n, v in enumerate(votes, 1))
    _, facts, _ = facts_of(_minutes_file(tmp_path, text))
    got = {i.number: i.votes[-1] for i in facts.items}
    first = got["1"]
    assert (first.for_, first.against, first.abstentions) == (6, 2, 1)
    assert first.names_for[0] == "Anna Aerts" and first.names_for[-1] == "Frank Fierens"
    assert first.names_against == ["Gert Goossens", "Hilde Hermans"] and first.names_abstaining == ["Ilse Icks"]
    second = got["2"]
    assert (second.for_, second.abstentions) == (7, 2)
    assert second.names_abstaining == ["Gert Goossens", "Hilde Hermans"]


def test_seat_written_as_the_seat_of_a_body_being_somewhere(tmp_path: Path) -> None:
    path = tmp_path / "statuten.txt"
    path.write_text("Statuten van de welzijnsvereniging Zuiderkempen\n\nArtikel 1\n\nDe vereniging draagt de naam "
                    "Welzijnsvereniging Zuiderkempen, hierna te noemen: de vereniging.\n\nArtikel 2\n\n"
                    "1. De zetel van de vereniging is gelegen in Geel.\n2. De zetel van het secretariaat is Mol.\n",
                    encoding="utf-8")
    _, facts, _ = facts_of(path)
    assert [(s.subject, s.place) for s in facts.seats] == [("de vereniging", "Geel"), ("het secretariaat", "Mol")]


def _compositions(facts: DocumentFacts) -> list[tuple[str, str | None]]:
    return [(b.body, b.composition) for b in facts.governance if b.composition]


def _agreement_file(tmp_path: Path, name: str, text: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parties_listed_in_a_treaty_preamble(tmp_path: Path) -> None:
    """Governments or heads of state one after the other (run together where a converter lost the
    spaces), up to the first consideration."""
    articles = "\n\nArtikel 1\n\nDe samenwerking betreft het beheer van de grensrivier.\n\nArtikel 2\n\nDit verdrag treedt in werking op 1 mei 2001.\n"
    governments = ("Verdrag inzake het beheer van de Grensrivier\n\nDe Regering van het Koninkrijk België,De Vlaamse "
                   "Regering,De Regering van de Bondsrepubliek Duitsland,Overwegende dat de rivier een gedeeld goed is,"
                   "Zijn het volgende overeengekomen:" + articles)
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "verdrag.txt", governments))
    assert [p.name for p in facts.parties] == [
        "Regering van het Koninkrijk België", "Vlaamse Regering", "Regering van de Bondsrepubliek Duitsland"]
    sovereigns = ("Verdrag inzake het beheer van de Grensrivier\n\nZijne Majesteit de Koning der Belgen, enHare Majesteit "
                  "de Koningin der Nederlanden,Geleid door de wens de rivier samen te beheren, Hebben besloten een verdrag "
                  "te sluiten." + articles)
    _, facts, _ = facts_of(_agreement_file(tmp_path / "b", "verdrag.txt", sovereigns))
    assert [p.name for p in facts.parties] == ["Zijne Majesteit de Koning der Belgen", "Hare Majesteit de Koningin der Nederlanden"]
    no_consideration = "Lijst\n\nDe Regering van het Koninkrijk België, De Vlaamse Regering, De Regering van Frankrijk" + articles
    _, facts, _ = facts_of(_agreement_file(tmp_path / "c", "lijst.txt", no_consideration))
    assert facts.parties == []


def test_members_of_a_joint_regulation_in_its_preamble(tmp_path: Path) -> None:
    text = ("Besluit van de minister\n\nArtikel 1\n\nHet Rijk neemt deel aan de regeling.\n\n"
            "Regeling Streekarchief Kempenland\n\n3 maart 2010/Nr. ABC/10/123De Minister van Binnenlandse Zaken, "
            "P.Q. van den Berg,De raad en het college van burgemeester en wethouders van de gemeente Eersel,"
            "Gedeputeerde Staten van Noord-Brabant,Gelet op de Wet gemeenschappelijke regelingen;\n\nBesluiten:\n\n"
            "Artikel 1\n\nEr is een openbaar lichaam Streekarchief Kempenland.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "regeling.txt", text))
    assert [(p.name, p.short) for p in facts.parties] == [
        ("Minister van Binnenlandse Zaken", "Minister van Binnenlandse Zaken"),
        ("raad en het college van burgemeester en wethouders van de gemeente Eersel", "gemeente Eersel"),
        ("Gedeputeerde Staten van Noord-Brabant", "Gedeputeerde Staten van Noord-Brabant")]


def test_an_office_and_name_after_the_signing_clause_in_one_paragraph(tmp_path: Path) -> None:
    text = ("Beschikking van de Raad van Bestuur\n\nArtikel 1\n\nDe vergoeding bedraagt 20 euro per vergadering.\n\n"
            "Artikel 2\n\nDeze beschikking treedt in werking op 1 juni 2010.\n\n"
            "Opgemaakt te Brussel, op 3 mei 2010. De Voorzitter van de Raad van Bestuur, (get.) J. JANSSENS\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "beschikking.txt", text))
    assert [(p.name, p.role) for p in facts.signatories] == [("J. JANSSENS", "De Voorzitter van de Raad van Bestuur")]
    assert facts.signed is not None and facts.signed.date == "2010-05-03"


def test_the_decision_statement_of_each_agenda_item(tmp_path: Path) -> None:
    """What was decided: a formula with its points after the colon, a body's statement, and the body's
    formula before a group's statement; a vote block is not the decision."""
    body = "Het college bespreekt de nota van de dienst en de adviezen van de commissie. " * 3
    items = [
        f"1. Subsidie aan de jeugdraad\n\n{body}\n\nHet college beslist:\n\n1. een subsidie van 2.500 euro toe te kennen aan de jeugdraad.\n\n2. de dienst financiën te belasten met de uitbetaling.",
        f"2. Reglement op de markten\n\n{body}\n\nHet college keurt het gewijzigde marktreglement goed.",
        (f"3. Motie over de kermis\n\nDe fractie Lijst Een besluit haar motie aan te passen.\n\n{body}\n\n"
         "De raad besluit in meerderheid:\n\nde aangepaste motie te aanvaarden.\n\nVoor de motie stemden: Anna Aerts, Bert Bos en Carl Cools."),
    ]
    _, facts, _ = facts_of(_minutes_file(tmp_path, "\n\n".join(items)))
    got = {i.number: " ".join(i.decision.text.split()) if i.decision else None for i in facts.items}
    assert got["1"] == ("Het college beslist: 1. een subsidie van 2.500 euro toe te kennen aan de jeugdraad. "
                        "2. de dienst financiën te belasten met de uitbetaling.")
    assert got["2"] == "Het college keurt het gewijzigde marktreglement goed."
    assert got["3"].startswith("De raad besluit in meerderheid: de aangepaste motie te aanvaarden.")
    assert "Anna Aerts" not in got["3"]


def test_two_offices_signing_one_after_the_other_and_a_defining_clause_that_is_no_signature(tmp_path: Path) -> None:
    text = ("Regeling samenwerking brandweer en ambulancedienst\n\nArtikel 1\n\nDe Minister van Zorg en de Minister "
            "van Veiligheid, hierna te noemen „de ministers”, vormen samen het Overlegcomité Hulpdiensten.\n\n"
            "Artikel 2\n\nOnder „hulpdiensten” worden in deze regeling verstaan de brandweer en de ambulancedienst.\n\n"
            "Artikel 3\n\nDeze regeling treedt in werking op 1 maart 2012.\n\n"
            "De Minister van Veiligheid,\n\nP.J. van Dam De Minister van Zorg, L. de Wit\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "regeling.txt", text))
    assert [(p.name, p.role) for p in facts.signatories] == [
        ("P.J. van Dam", "De Minister van Veiligheid"), ("L. de Wit", "De Minister van Zorg")]
    assert [(d.term, d.text) for d in facts.definitions if d.term == "hulpdiensten"] == [
        ("hulpdiensten", "de brandweer en de ambulancedienst")]


def test_the_composition_of_bodies_in_the_articles_of_statutes(tmp_path: Path) -> None:
    """Statutes of an intermunicipal association describe their bodies in articles, with a list number
    and a clause between the body and the verb; a project that "bestaat uit" phases is no body."""
    text = ("Statuten van de opdrachthoudende vereniging Woonwijs\n\nArtikel 12. Raad van bestuur\n\n"
            "§ 1. De raad van bestuur is samengesteld uit vijftien bestuurders, benoemd door de algemene vergadering.\n\n"
            "Artikel 13. Adviescomité\n\n1) Het adviescomité, opgericht bij besluit van de raad, telt negen leden.\n\n"
            "Artikel 14. Werking\n\nHet project bestaat uit drie fasen.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "statuten-woonwijs.txt", text))
    assert _compositions(facts) == [
        ("Artikel 12. Raad van bestuur", "vijftien bestuurders, benoemd door de algemene vergadering"),
        ("Adviescomité", "negen leden")]


def test_the_people_an_appointment_lists_after_its_colon(tmp_path: Path) -> None:
    """A council decision that designates representatives, one per paragraph, the chair marked in the
    item; an appointment left blank (a template) names nobody and the next heading is no person."""
    text = ("Besluit van de gemeenteraad van 3 juni 2024\n\nArtikel 1\n\n"
            "De gemeenteraad duidt als vertegenwoordiger in de algemene vergadering van Woonwijs aan:\n\n"
            "- mevrouw An Peeters, schepen, tevens voorzitter;\n\n- de heer dr. Jan De Smet, gemeenteraadslid.\n\n"
            "Artikel 2\n\nTot lid van de jury wordt benoemd:\n\nArtikel 3\n\nDit besluit wordt bekendgemaakt.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "besluit-vertegenwoordiging.txt", text))
    assert [(p.name, p.role) for p in facts.appointees] == [
        ("mevrouw An Peeters", "voorzitter en vertegenwoordiger in de algemene vergadering van Woonwijs"),
        ("de heer dr. Jan De Smet", "vertegenwoordiger in de algemene vergadering van Woonwijs")]


def test_entry_into_force_written_with_an_auxiliary_verb(tmp_path: Path) -> None:
    text = ("Reglement op de toelagen voor jeugdverenigingen\n\nArtikel 1\n\nDe gemeente geeft toelagen.\n\n"
            "Artikel 9\n\nDit reglement zal in werking treden op 1 januari 2025.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "reglement-jeugd.txt", text))
    assert (facts.start.text, facts.start.date) == ("1 januari 2025", "2025-01-01")


def test_signatures_run_together_after_the_signing_clause(tmp_path: Path) -> None:
    """A converter dropped the line breaks of the signature block: "...exemplaren.Voor de stad X,(get.)
    NAME*Voor de gemeente Y,*(get.) NAME". Signing for an office ("Voor de voorzitter van ...") names
    no party."""
    text = ("Samenwerkingsovereenkomst tussen de stad Eeklo en de gemeente Kaprijke\n\nArtikel 1\n\n"
            "De partijen delen een fietspad.\n\nOpgemaakt te Eeklo op 3 mei 2022 in twee exemplaren.Voor de stad "
            "Eeklo,(get.) K. DE SCHEPPER*Voor de gemeente Kaprijke,*(get.) M. VAN HECKE*Voor de voorzitter van het "
            "overlegcomité,*(get.) A. PIETERS\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "overeenkomst-fietspad.txt", text))
    assert [p.name for p in facts.parties] == ["stad Eeklo", "gemeente Kaprijke"]
    assert [(s.name, s.party) for s in facts.signatories if s.party] == [
        ("K. DE SCHEPPER", "stad Eeklo"), ("M. VAN HECKE", "gemeente Kaprijke")]


def test_closing_signatures_of_decisions_in_other_layouts(tmp_path: Path) -> None:
    """Decisions signed in the layouts a converter leaves: the name over its office after the dateline,
    an office and a name in initials without a comma, an office that lost the space before "van", a
    double surname, and "namens deze:" with the signer's own office on the next line. (The rules came
    from Dutch ministerial mandate decisions; these are Flemish provincial and municipal ones.)"""
    body = "Besluit van de deputatie over de subsidie voor trage wegen\n\nArtikel 1\n\nDe subsidie bedraagt 5.000 euro.\n\n"
    cases = {
        "a.txt": ("Antwerpen 12 maart 2021\n\nK. Peeters\n\nprovinciegriffier", ("K. Peeters", "provinciegriffier")),
        "b.txt": ("De gouverneur van de provincie Antwerpen C.G.M. Berx",
                  ("C.G.M. Berx", "De gouverneur van de provincie Antwerpen")),
        "c.txt": ("De Vlaamse ministervan Binnenlands Bestuur, B. Somers", ("B. Somers", "De Vlaamse ministervan Binnenlands Bestuur")),
        "d.txt": ("De burgemeester, A.M. van Dijk-van der Wal", ("A.M. van Dijk-van der Wal", "De burgemeester")),
        "e.txt": ("De burgemeester, namens deze: J. Claes,\n\nschepen van personeel.", ("J. Claes", "De burgemeester, namens deze")),
    }
    for name, (closing, expected) in cases.items():
        _, facts, _ = facts_of(_agreement_file(tmp_path / name, name, body + closing + "\n"))
        assert [(s.name, s.role) for s in facts.signatories] == [expected], name
    sentence = body + "De voorzitter opent de vergadering om 20 uur samen met J. Peeters.\n"
    _, facts, _ = facts_of(_agreement_file(tmp_path / "g", "g.txt", sentence))
    assert facts.signatories == []  # a sentence that ends in a name is no signature
    preamble = ("Regeling trage wegen\n\nDe gouverneur van de provincie Antwerpen en de gedeputeerde voor mobiliteit, "
                "J. Claes,\n\nGelet op het decreet van 20 maart 2009 over de trage wegen en op het advies van de raad, "
                "besluiten:\n\nArtikel 1\n\nDe subsidie bedraagt 5.000 euro.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "f", "f.txt", preamble))
    assert facts.signatories == []  # an office and a name before "Gelet op" open the text: no signature


def test_entry_into_force_in_the_wordings_of_final_articles(tmp_path: Path) -> None:
    """Final articles of municipal regulations and an exchange of letters between two municipalities:
    a pronoun for the document, the time before "in werking", a compound document noun, a full stop
    without a space after it, and a duration after the start."""
    cases = {
        "a.txt": (("Reglement op de markten\n\nArtikel 1\n\nDe markt is op zaterdag.\n\nArtikel 12\n\n"
                  "2. Het treedt in werking op de eerste dag van de maand na de bekendmaking.\n"), "de eerste dag van de maand na de bekendmaking"),
        "b.txt": (("Retributiereglement parkeren\n\nArtikel 1\n\nParkeren kost 2 euro.\n\nArtikel 9\n\nDit retributiereglement "
                  "treedt dertig dagen na de bekendmaking in werking.\n"), "dertig dagen na de bekendmaking"),
        "c.txt": (("Briefwisseling tussen de stad Gent en de gemeente Merelbeke over de grenscorrectie\n\nArtikel 1\n\n"
                  "De grens volgt de Schelde.Deze briefwisseling treedt in werking op 1 mei 2024 voor de duur van een jaar."
                  "Zij wordt stilzwijgend verlengd.\n"), "1 mei 2024"),
    }
    for name, (text, expected) in cases.items():
        _, facts, _ = facts_of(_agreement_file(tmp_path / name, name, text))
        assert facts.start is not None and facts.start.text == expected, name


def test_definition_lists_in_the_wordings_of_other_regulations(tmp_path: Path) -> None:
    """A municipal regulation and an intermunicipal agreement: lettered items run together with quoted
    terms, items without letters, one definition in the intro's sentence, and "onder „X” ..." items."""
    text = ("Reglement op de buurtinitiatieven\n\nArtikel 1\n\nIn dit reglement en de daarop berustende besluiten wordt "
            "verstaan onder: a. ‘het college’: het college van burgemeester en schepenen; b. ‘initiatief’: een project "
            "van minstens drie buren.\n\nArtikel 2\n\nIn dit reglement wordt verstaan onder:\n\nGAS: gemeentelijke "
            "administratieve sanctie;\n\nbuurt: een straat of een deel ervan.\n\nArtikel 3\n\nVoor de toepassing van "
            "dit artikel wordt verstaan onder dienst BO: de dienst Burgerparticipatie en Ondersteuning.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "reglement.txt", text))
    assert {(d.term, d.text) for d in facts.definitions} >= {
        ("college", "het college van burgemeester en schepenen"), ("initiatief", "een project van minstens drie buren"),
        ("GAS", "gemeentelijke administratieve sanctie"), ("buurt", "een straat of een deel ervan"),
        ("dienst BO", "de dienst Burgerparticipatie en Ondersteuning")}
    quoted = ("Overeenkomst tussen de gemeenten Lanaken en Maasmechelen over de veerpont\n\nArtikel 1\n\nIn deze "
              "overeenkomst wordt verstaan:onder „de gemeenten” Lanaken en Maasmechelen;onder „veer”: de pont over de "
              "Maas.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "b", "overeenkomst.txt", quoted))
    assert {(d.term, d.text) for d in facts.definitions} >= {("gemeenten", "Lanaken en Maasmechelen"),
                                                           ("veer", "de pont over de Maas")}


def test_a_composition_listed_after_its_colon_or_in_a_relative_clause(tmp_path: Path) -> None:
    """A municipal regulation: a body introduced by "Een", its members in a list under the sentence,
    and a body described in a relative clause inside a longer sentence."""
    text = ("Reglement van de adviesraad voor cultuur\n\nArtikel 4\n\nEen beroepscommissie als bedoeld in artikel 9 "
            "bestaat uit:\n\na) een lid aangewezen door het college;\n\nb) een lid aangewezen door de adviesraad.\n\n"
            "Artikel 5\n\nBij betwisting beslist een jury die bestaat uit drie onafhankelijke deskundigen.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "reglement-cultuur.txt", text))
    assert _compositions(facts) == [
        ("Beroepscommissie", "een lid aangewezen door het college; een lid aangewezen door de adviesraad"),
        ("Jury", "drie onafhankelijke deskundigen")]


def test_a_composition_after_a_participle(tmp_path: Path) -> None:
    """Flemish statutes of an intermunicipal association: "een adviescomité dat ... opvolgt, bestaande
    uit vijf leden" (the body, what it does, then its composition as a participle)."""
    text = ("Statuten van de opdrachthoudende vereniging Afvalbeheer Meetjesland\n\nArtikel 22\n\nEr wordt een "
            "adviescomité opgericht dat de werking van de containerparken opvolgt, bestaande uit vijf leden van de "
            "raad van bestuur.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "statuten-afvalbeheer.txt", text))
    assert ("Adviescomité", "vijf leden van de raad van bestuur") in _compositions(facts)


def test_a_term_and_its_renewal_in_the_wordings_of_municipal_agreements(tmp_path: Path) -> None:
    """An intermunicipal agreement, the statutes of a joint body and a municipal regulation: a term
    "blijft ... van kracht" (also after a pronoun, also tied to another document), the renewal in the
    sentence after it, which does not replace the term, and renewals of other agreements left out."""
    text = ("Samenwerkingsovereenkomst tussen de gemeenten Lochristi en Wachtebeke over de sporthal\n\nArtikel 1\n\n"
            "De gemeenten beheren de sporthal samen.\n\nArtikel 8\n\nDeze overeenkomst treedt in werking op 1 januari 2024. "
            "Zij blijft gedurende zes jaar van kracht. Tenzij zij drie maanden voor het einde van die termijn is opgezegd, "
            "wordt zij telkens met drie jaar verlengd.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", text))
    assert facts.duration.text == "gedurende zes jaar"
    assert facts.renewal.quote.text.startswith("Tenzij zij drie maanden")
    statutes = ("Statuten van de dienstverlenende vereniging Sportregio Waasland\n\nArtikel 1\n\nDe vereniging is "
                "opgericht door de gemeenten van het Waasland.\n\nArtikel 40\n\nDeze statuten blijven voor dezelfde tijd "
                "van kracht als de vereniging zelf.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "b", "b.txt", statutes))
    assert facts.duration.text == "voor dezelfde tijd van kracht als de vereniging zelf"
    others = ("Reglement op de huur van gemeentelijke zalen\n\nArtikel 1\n\nDit reglement geldt voor de zalen van de "
              "gemeente.\n\nArtikel 5\n\nEen huurovereenkomst wordt niet verlengd als de huurder de zaal beschadigde.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "c", "c.txt", others))
    assert facts.renewal is None


def test_entry_into_force_in_subordinate_clauses_and_with_retroactive_effect(tmp_path: Path) -> None:
    """Council decisions and a municipal regulation: the start in a subordinate clause ("beslist dat dit
    reglement in werking treedt per ..."), "met terugwerkende kracht", "wordt van kracht op", "zal op
    ... in werking treden"; "in werking treedt op grond van ..." names no time."""
    cases = {
        "a.txt": (("Reglement op de standplaatsen\n\nArtikel 1\n\nEen standplaats kost 10 euro.\n\nArtikel 6\n\n"
                  "De gemeenteraad beslist dat dit reglement in werking treedt per 1 januari 2025.\n"), "1 januari 2025"),
        "b.txt": (("Besluit over de toelage voor jeugdverenigingen\n\nArtikel 1\n\nDe toelage bedraagt 500 euro.\n\nArtikel 2\n\n"
                  "Dit besluit treedt met terugwerkende kracht in werking vanaf 1 maart 2023.\n"), "1 maart 2023"),
        "c.txt": (("Politiereglement op de markt\n\nArtikel 1\n\nDe markt is op vrijdag.\n\nArtikel 4\n\n"
                  "Dit politiereglement wordt van kracht op 1 juli 2024.\n"), "1 juli 2024"),
        "d.txt": (("Addendum bij de overeenkomst over de bibliotheek\n\nArtikel 1\n\nDe openingsuren worden uitgebreid.\n\n"
                  "Artikel 2\n\nDit addendum zal op 1 september 2024 in werking treden.\n"), "1 september 2024"),
    }
    for name, (text, expected) in cases.items():
        _, facts, _ = facts_of(_agreement_file(tmp_path / name, name, text))
        assert facts.start is not None and facts.start.text == expected, name
    basis = ("Reglement op de evenementen\n\nArtikel 1\n\nEen evenement wordt gemeld.\n\nArtikel 5\n\n"
             "Dit reglement treedt in werking op grond van artikel 286 van het decreet.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "e", "e.txt", basis))
    assert facts.start is None


def test_the_meeting_place_from_a_labelled_field_of_the_heading(tmp_path: Path) -> None:
    """Minutes of a Dutch committee (fields on lines of their own) and the agenda of a Flemish district
    council (fields run together on one line); an empty field gives no place."""
    cases = {
        "a.txt": (("Verslag van de vergadering van de raadscommissie Bestuur\n\nDatum: 12 maart 2019\nLocatie: Raadzaal "
                  "van het stadhuis\nVoorzitter: mevrouw K. de Vries\n\n1. Opening\n\nDe voorzitter opent de vergadering.\n"),
                  "Raadzaal van het stadhuis"),
        "b.txt": (("Agenda districtsraad Deurne\n\nZitting: 4 juni 2024 om 20 uur Plaats: Zaal Boekenberg, Boekenberglei 1\n\n"
                  "1. Goedkeuring notulen\n\nDe districtsraad keurt de notulen goed.\n"), "Zaal Boekenberg, Boekenberglei 1"),
        "c.txt": (("Besluitenlijst van de burgemeester, zitting van 2 januari 2024\n\nLocatie:\n\n1. Evenementen - Nieuwjaarsfeest\n\n"
                  "Akkoord.\n"), None),
    }
    for name, (text, expected) in cases.items():
        _, facts, _ = facts_of(_agreement_file(tmp_path / name, name, text))
        place = facts.minutes.place if facts.minutes else None
        assert (place.text if place else None) == expected, name


def test_the_head_of_state_signing_a_royal_decree(tmp_path: Path) -> None:
    """A Belgian royal decree ("Gegeven te ...", the king's name in capitals, "Van Koningswege:" before the
    minister) and a provincial decision whose dateline is followed by a status word, not a name."""
    decree = ("Koninklijk besluit tot erkenning van de politiezone Kempen Noord-Oost\n\nArtikel 1\n\nDe politiezone wordt "
              "erkend.\n\nArtikel 2\n\nDe minister bevoegd voor Binnenlandse Zaken is belast met de uitvoering van dit "
              "besluit.\n\nGegeven te Brussel, 3 mei 2020.\n\nFILIP\n\nVan Koningswege :\n\nDe Minister van Binnenlandse "
              "Zaken,\n\nP. DE CREM\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", decree))
    assert [s.name for s in facts.signatories][:1] == ["FILIP"]
    status = ("Besluit van de deputatie over de subsidie aan het provinciaal domein\n\nArtikel 1\n\nDe subsidie wordt "
              "goedgekeurd.\n\nAntwerpen 5 maart 2021\n\nGoedgekeurd\n\nDe gouverneur,\n\nC. Berx\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "b", "b.txt", status))
    assert "Goedgekeurd" not in [s.name for s in facts.signatories]


def test_entry_into_force_as_a_later_decision_refers_to_it(tmp_path: Path) -> None:
    """A decision of a joint committee that refers to its agreement: "ondertekend te ... op ... en op ... in
    werking getreden"."""
    text = ("Beslissing van het gemengd comité van de overeenkomst over de grensoverschrijdende brandweerzorg\n\n"
            "Het gemengd comité, gelet op artikel 4 van de overeenkomst over de grensoverschrijdende brandweerzorg, "
            "ondertekend te Gent op 2 mei 2019 en op 1 juli 2019 in werking getreden, beslist:\n\nArtikel 1\n\n"
            "De bijdrage wordt 2.000 euro per jaar.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", text))
    assert "1 juli 2019" in [s.text for s in facts.start_all]


def test_signers_with_spaced_initials_a_date_before_the_office_and_no_place_or_service_as_a_name(tmp_path: Path) -> None:
    """A protocol between two Flemish and Walloon services, signed run together in one paragraph:
    "Voor X, <place>, <date>. <office>, <name>." twice; a name with spaced initials and a surname of two
    words; "Den Haag" and a capitalised service are no names."""
    text = ("Protocol tussen de Vlaamse Belastingdienst en de Waalse belastingdienst over de uitwisseling van gegevens\n\n"
            "Artikel 1\n\nDe diensten wisselen gegevens uit.\n\nArtikel 2\n\nDit protocol is van toepassing vanaf 1 januari "
            "2024. Voor de Vlaamse Belastingdienst, Vlaams Gewest, Brussel, 12 december 2023. De Administrateur-Generaal, "
            "K. Van der Veken. Voor de Waalse belastingdienst, Waals Gewest, Namen, 15 december 2023. Wnd. directeur "
            "Regionale Fiscale Zaken, A. B. De Wilde Peeters.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", text))
    signers = [(s.name, s.role) for s in facts.signatories]
    assert ("K. Van der Veken", "administrateur-Generaal") in signers
    assert any(name == "A. B. De Wilde Peeters" for name, _ in signers)
    assert not any(name in ("Namen", "Regionale Fiscale Zaken", "Den Haag") for name, _ in signers)


def test_a_retroactive_start_and_the_end_of_a_body_set_up_for_a_time(tmp_path: Path) -> None:
    """A college decision that "werkt terug tot 1 september 2023", and a provincial decision setting up a
    working group that "zal per 31 december 2024 ophouden te bestaan"."""
    text = ("Besluit van het college over de vergoeding van vrijwilligers\n\nArtikel 1\n\nDe vergoeding bedraagt 40 euro "
            "per dag.\n\nArtikel 2\n\nDit besluit werkt terug tot en met 1 september 2023.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", text))
    assert facts.start is not None and facts.start.text == "1 september 2023"
    body = ("Besluit van de deputatie tot oprichting van de werkgroep fietssnelwegen\n\nArtikel 1\n\nEr is een werkgroep "
            "fietssnelwegen.\n\nArtikel 4\n\nDe werkgroep zal per 31 december 2024 ophouden te bestaan.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "b", "b.txt", body))
    assert facts.end is not None and facts.end.date == "2024-12-31"


def test_the_head_of_state_on_the_line_of_the_dateline(tmp_path: Path) -> None:
    """A royal decree from a Word file whose dateline and the king's name ended up in one paragraph."""
    decree = ("Besluit houdende instelling van een adviescommissie grensbewoners\n\nArtikel 1\n\nEr is een adviescommissie.\n\n"
              "’s-Gravenhage 12 maart 2019 Willem-Alexander\n\nDe Minister van Financiën, W.B. Hoekstra\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", decree))
    assert [s.name for s in facts.signatories] == ["Willem-Alexander", "W.B. Hoekstra"]


def test_numbered_appointments_with_a_second_office_in_the_appointing_sentence(tmp_path: Path) -> None:
    """A Flemish advisory council: "1. Tot lid, tevens voorzitter van de raad wordt benoemd:" with the
    person under it, then "2. Tot lid, tevens secretaris ...:", which is the next appointment, not a person."""
    text = ("Besluit tot samenstelling van de adviesraad voor ontwikkelingssamenwerking\n\nArtikel 1\n\nEr is een adviesraad.\n\n"
            "Artikel 2\n\n1. Tot lid, tevens voorzitter van de raad wordt benoemd:\n\nmevrouw dr. E. Vandamme, docent aan de "
            "hogeschool,\n\n2. Tot lid, tevens secretaris van de raad wordt benoemd:\n\nde heer J. Peeters, ambtenaar van de gemeente,\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", text))
    found = [(p.name, p.role) for p in facts.appointees]
    assert len(found) == 2
    assert found[0][0].endswith("E. Vandamme") and found[0][1] == "lid, tevens voorzitter van de raad"
    assert found[1][0].endswith("J. Peeters") and found[1][1] == "lid, tevens secretaris van de raad"


def test_an_abbreviation_of_a_name_with_small_words_between_its_capitals(tmp_path: Path) -> None:
    """A council decision: "de Wet Werk en Inkomen naar Arbeidsvermogen (WIA)" and "het Agentschap
    Innoveren en Ondernemen (VLAIO)" stand for their names; "naar" used to end the name, so the WIA
    was never defined. A small word does not start a name."""
    text = ("Besluit van de gemeenteraad\n\nArtikel 1\n\nMedewerkers die niet onder de Wet Werk en Inkomen naar "
            "Arbeidsvermogen (WIA) vallen, krijgen steun. Het dossier gaat naar het Vlaams Agentschap Innoveren "
            "en Ondernemen (VLAIO).\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "besluit.txt", text))
    assert {(d.term, d.text) for d in facts.definitions} >= {
        ("WIA", "Wet Werk en Inkomen naar Arbeidsvermogen"), ("VLAIO", "Vlaams Agentschap Innoveren en Ondernemen")}


def test_a_form_header_extracted_column_by_column_is_read_row_by_row(tmp_path: Path) -> None:
    """A memo whose header table came out of the PDF as its label column, its colon column and its
    value column: each row is put back as "Label: value"; the reference number above it is no title,
    the place is read from its row, and the report's first paragraph after "Afwezig" names nobody."""
    path = tmp_path / "verslag.txt"
    path.write_text(
        "*ZK240117*\nZK240117\nVerslag\nDatum\nAanvang\nPlaats\nBetreft\n:\n:\n:\n:\n:\nOverleg wijkcomité\n"
        "12 maart 2024\n20:00 uur\nOntmoetingscentrum Den Hoek\nHeraanleg Stationsplein\nAanwezig\nAfwezig\n:\n:\n"
        "zie bijlage\nDe voorzitter opent het overleg en verwelkomt de bewoners van de Kerkstraat en de Molenweg. Het\n"
        "College van Burgemeester en Schepenen stelt het ontwerp voor van Studiebureau Verhaegen uit Lier.\n",
        encoding="utf-8")
    cleaned, facts, title = facts_of(path)
    assert "Plaats: Ontmoetingscentrum Den Hoek" in cleaned.text and "Betreft: Heraanleg Stationsplein" in cleaned.text
    assert title == "Verslag: Overleg wijkcomité"
    assert facts.minutes.place.text == "Ontmoetingscentrum Den Hoek"
    assert facts.minutes.absent == []


def test_label_lines_without_a_matching_colon_column_are_left_alone() -> None:
    from ingest.clean import unfold_label_columns

    page = "Verkeer\nScholen\n:\nDe ouders vragen een veilige oversteek aan de schoolpoort en minder verkeer in de straat."
    assert unfold_label_columns(page) == page
    two = "Aan\nVan\n:\n:\nhet college\nde dienst mobiliteit\nDe dienst stelt voor om de proef te verlengen."
    assert [p.strip() for p in unfold_label_columns(two).split("\n\n")] == [
        "Aan: het college", "Van: de dienst mobiliteit", "De dienst stelt voor om de proef te verlengen."]


DEV_LAWS = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "dev" / "laws"


def test_the_decision_of_a_single_decision_document_in_several_shapes() -> None:
    """What a document that takes one decision decides, after the formula that opens its dispositive
    part: a ministerial decision ("Besluit:" then "###Artikel N"), council extracts (a "## Besluit"
    heading; "Besluit: met eenparigheid van stemmen" before "Artikel 1."), a royal decree in running
    text ("Hebben goedgevonden en verstaan:") and a ministerial decree whose first article only
    defines words. Articles that only say who carries it out, when it takes effect or where it is
    published are not part of it; minutes with agenda items have no single decision."""
    _, facts, _ = facts_of(DECISION)
    assert facts.decision.text == ("Artikel 1 Het Streekarchief Midden-Holland wordt aangewezen als regionaal archief. "
                                   "Artikel 2 Het Streekarchief Midden-Holland is gevestigd in Gouda.")
    _, facts, _ = facts_of(VARIANTS / "lokeren-gemeenteraad-2022-06-14.md")
    assert facts.decision.text == "Artikel 1 De gemeenteraad keurt de samenwerkingsovereenkomst met VDAB 2022-2025 goed."
    _, facts, _ = facts_of(VARIANTS.parent / "good" / "latin1-notulen.txt")
    assert facts.decision.text.startswith("Artikel 1. De gemeenteraad keurt de samenwerkingsovereenkomst met VDAB goed.")
    assert "belast" not in facts.decision.text
    _, facts, _ = facts_of(DEV_LAWS / "kb-machtiging-deelname-gemeenschappelijke-regeling-erfgoedcentrum-nieuw-land-2003.md")
    assert facts.decision.text.startswith("De besturen van de Stichting Nieuw Land")
    assert facts.decision.text.endswith("te machtigen tot deelname aan de gemeenschappelijke regeling Erfgoedcentrum Nieuw Land.")
    _, facts, _ = facts_of(DEV_LAWS / "instellingsbesluit-adviescommissie-convenant-ritueel-slachten-2015.docx")
    assert facts.decision.text.startswith("Artikel 2 Er is een Wetenschappelijke Adviescommissie")
    _, facts, _ = facts_of(MINUTES)
    assert facts.items and facts.decision is None
    _, facts, _ = facts_of(AGREEMENT)
    assert facts.decision is None


def test_a_decision_formula_is_a_verb_not_the_noun(tmp_path: Path) -> None:
    """ "In dit besluit wordt verstaan onder:" and "typeof=besluit:Behandeling" open no decision: only
    the deciding verb or the "Besluit" heading does."""
    path = tmp_path / "nota.txt"
    path.write_text("Nota over de vergaderingen\n\nIn dit besluit wordt verstaan onder:\n\na. de raad: de gemeenteraad;\n\n"
                    "De pagina gebruikt typeof=besluit:BehandelingVanAgendapunt voor elk punt van de agenda.\n",
                    encoding="utf-8")
    _, facts, _ = facts_of(path)
    assert facts.decision is None


def test_parties_listed_under_the_undersigned_with_their_short_names(tmp_path: Path) -> None:
    """A Flemish agreement that lists its parties under "De ondergetekenden:", numbered, each with its
    representatives and the short name it is given ("hierna genoemd ‘de gemeente’"), one of them a
    body that no party pattern knows; and a Dutch covenant in running text under "Ondertekenende
    partijen:", the party in lower case ("de minister van ..."), named "verder te noemen: SBO"."""
    text = ("Samenwerkingsovereenkomst sportkampen 2025\n\nDe ondergetekenden:\n\n1. De gemeente Lochristi, "
            "vertegenwoordigd door de heer Jan Peeters, burgemeester, en mevrouw An Claeys, algemeen directeur, "
            "hierna genoemd ‘de gemeente’, en\n\n2. De jeugdraad van Lochristi, vertegenwoordigd door mevrouw Els De Smet, "
            "voorzitter, hierna genoemd: Jeugdraad.\n\nkomen het volgende overeen:\n\nArtikel 1\n\nDe gemeente stelt "
            "de sporthal ter beschikking.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "overeenkomst-sportkampen.txt", text))
    assert [(p.name, p.short, [r.name for r in p.representatives]) for p in facts.parties] == [
        ("gemeente Lochristi", "Lochristi", ["Jan Peeters", "An Claeys"]),
        ("jeugdraad van Lochristi", "Jeugdraad", ["Els De Smet"])]
    text = ("Convenant over stages\n\nOndertekenende partijen:\n\nDe minister van Onderwijs, handelend als "
            "vertegenwoordiger van de Staat der Nederlanden, mevrouw dr. A. de Boer, verder te noemen: minister en "
            "Het Sectorbestuur Onderwijsarbeidsmarkt, vertegenwoordigd door de heer K. Jansen, verder te noemen: SBO\n\n"
            "Overwegende dat stages nodig zijn, komen partijen het volgende overeen.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "convenant-stages.txt", text))
    assert [(p.name, p.short, [r.name for r in p.representatives]) for p in facts.parties] == [
        ("minister van Onderwijs", "minister van Onderwijs", ["A. de Boer"]),
        ("Sectorbestuur Onderwijsarbeidsmarkt", "SBO", ["K. Jansen"])]


def test_a_treaty_signed_after_its_copies_and_languages_with_a_capitalised_month(tmp_path: Path) -> None:
    """ "Gedaan in tweevoud, in de Nederlandse en de Franse taal, beide teksten zijnde gelijkelijk
    authentiek, te Brussel, op 3 Juni 1952": the place and date after how many copies and languages,
    the month written with a capital as older treaties do."""
    text = ("Overeenkomst tussen België en Nederland betreffende de grenswateren\n\nArtikel 1\n\nDe Partijen werken samen.\n\n"
            "Gedaan in tweevoud, in de Nederlandse en de Franse taal, beide teksten zijnde gelijkelijk authentiek, "
            "te Brussel, op 3 Juni 1952.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path, "overeenkomst-grenswateren.txt", text))
    assert (facts.signed.place, facts.signed.text, facts.signed.date) == ("Brussel", "3 Juni 1952", "1952-06-03")


def test_members_by_surname_and_party_and_officers_in_labelled_fields(tmp_path: Path) -> None:
    """Minutes of a Dutch committee (officers in labelled fields, members listed by surname and party
    after "Aanwezig zijn 9 leden:", absent members after "Afwezig met kennisgeving:") and a decision list
    whose fields run together on one line ("... Afwezig Yilmaz (PvdA)", a label without a colon); the
    meeting date in a labelled field goes before a later meeting named in the text."""
    committee = ("Verslag van de vergadering van de raadscommissie Ruimte\n\nDatum: 12 maart 2019\n"
                 "Voorzitter: mevrouw K. de Vries\nGriffier: de heer drs. P.J. van Dam\n\n"
                 "Aanwezig zijn 9 leden: De Boer (VVD), Van der Linden (D66), Bakker (GroenLinks), Van 't Hof (CDA),\n"
                 "Smit (SP), El Amrani (PvdA), De Wit (Partij voor de Dieren), Jansen (VVD) en Öztürk (DENK).\n\n"
                 "Afwezig met kennisgeving: Visser (CDA) en Mulder (D66)\n\n1. Opening\n\nDe voorzitter opent de vergadering.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", committee))
    minutes = facts.minutes
    assert minutes is not None
    assert len(minutes.present) == 9 and minutes.present[3] == "Van 't Hof (CDA)" and minutes.present[-1] == "Öztürk (DENK)"
    assert minutes.absent == ["Visser (CDA)", "Mulder (D66)"]
    assert [(p.name, p.role) for p in minutes.officers] == [("K. de Vries", "voorzitter"), ("P.J. van Dam", "griffier")]
    fields = ("Besluitenlijst\n\nGemeenteraad Datum en tijd 4 juni 2024, 19.30 uur Locatie Raadzaal Aanwezig zijn 3 leden: "
              "Peters (VVD), Van Dijk (CDA), Kok (SP) Afwezig Yilmaz (PvdA)\n\nPunt Omschrijving Besluit\n\n"
              "A Vaststelling agenda Conform\n\nB Aangehouden stemmingen van de raadsvergadering 28 mei 2024 Conform\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "b", "b.txt", fields))
    minutes = facts.minutes
    assert minutes is not None
    assert minutes.present == ["Peters (VVD)", "Van Dijk (CDA)", "Kok (SP)"] and minutes.absent == ["Yilmaz (PvdA)"]
    assert minutes.meeting_date is not None and minutes.meeting_date.date == "2024-06-04"


def test_subjects_put_to_the_vote_one_after_the_other(tmp_path: Path) -> None:
    """Minutes of a provincial council that record the votes without numbered agenda items: a proposal
    line with a bullet, then "We stemmen over ..." / "Ter stemming komt ..." and the result in the next
    paragraph ("met 20 tegen 19 stemmen": for, then against); a subject without a result is no item."""
    text = ("Notulen van de vergadering van Provinciale Staten van 14 februari 2024\n\n"
            "Aanwezig: J. de Vries, voorzitter\n\n"
            "• Statenvoorstel over de regionale energiestrategie Noord (PS-2024-12).\n\n"
            "De voorzitter. Dan gaan we nu stemmen.\n\n"
            "We stemmen over motie M1 van de PvdA over zonneparken op daken.\n\n"
            "De voorzitter. De motie is verworpen met 19 tegen 20 stemmen.\n\n"
            "Ter stemming komt het statenvoorstel.\n\n"
            "De voorzitter. Het statenvoorstel is aangenomen met 33 stemmen tegen 6 stemmen.\n\n"
            "Ter stemming komt motie M2 van de SP.\n\n"
            "De voorzitter. Deze motie wordt aangehouden.\n")
    _, facts, _ = facts_of(_agreement_file(tmp_path / "a", "a.txt", text))
    assert [(i.number, i.title, i.status) for i in facts.items] == [
        ("", ("motie M1 van de PvdA over zonneparken op daken (Statenvoorstel over de regionale energiestrategie Noord "
              "(PS-2024-12))"), "verworpen"),
        ("", "het statenvoorstel (Statenvoorstel over de regionale energiestrategie Noord (PS-2024-12))", "aangenomen")]
    assert [(v.for_, v.against) for i in facts.items for v in i.votes] == [(19, 20), (33, 6)]
