"""Fast tests of the answer pipeline with the deterministic fake embedder on a real Chroma folder."""

from __future__ import annotations

import pytest

from assistant.analysis import fold, split_compound, terms
from assistant.app import build, open_store
from assistant.condense import condense, is_follow_up
from assistant.config import Settings
from assistant.ingest_service import run_ingest
from assistant.lexical import BM25Index
from assistant.question import analyse, split_parts
from assistant.retrieval import expand_query
from assistant.topics import find_topics
from tests.conftest import CORPUS, MECHELEN, SCHELDELAND, HashEmbeddings


@pytest.fixture(scope="module")
def fake_assistant(tmp_path_factory: pytest.TempPathFactory):
    settings = Settings(store=tmp_path_factory.mktemp("fake") / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(CORPUS)], store=store).failed == []
    return build(settings, store=store)


def test_analysis_folds_stems_and_splits_compounds() -> None:
    assert fold("Geëvalueerd") == "geevalueerd"
    assert terms("de wijk-werken") == [*terms("wijk werken"), terms("wijkwerken")[0]]
    assert terms("mobiliteit") == terms("Mobiliteit")
    # a separable verb split by "te" is the word the documents write elsewhere; "om te" is no verb part
    assert terms("om bewakingsactiviteiten uit te voeren") == terms("bewakingsactiviteiten uitvoeren")
    assert terms("om te beslissen") == terms("beslissen")
    # how a list is asked ("kwamen aan bod") and "krijgen" are not what the answer must hold
    assert analyse("Welke vragen van raadsleden kwamen aan bod?").own_terms == tuple(terms("vragen raadsleden"))
    assert analyse("Welke verenigingen kregen een toelage?").own_terms == tuple(terms("verenigingen toelage"))


def test_separable_verbs_written_apart_are_held_joined() -> None:
    """ "De gemeenteraad stelt het reglement vast": a question's "vaststellen" is held by it; "Wie wijst
    de secretaris aan?" is held by a passage with "aanwijzen"; a particle in another sentence joins
    nothing, and a text without particles joins nothing."""
    from assistant.analysis import held_terms, separable_joins
    from assistant.question import paraphrase_terms

    passage = "De gemeenteraad stelt het reglement vast. Het college voert het uit."
    assert terms("vaststellen")[0] in held_terms(passage) and terms("uitvoeren")[0] in held_terms(passage)
    assert terms("vastvoeren")[0] not in held_terms(passage)  # "vast" and "voert" are in two sentences
    assert separable_joins("De raad keurt de rekening goed") == {}  # "goed" is no particle
    assert terms("aanwijzen")[0] in paraphrase_terms("Wie wijst de secretaris aan?")[terms("wijst")[0]]
    assert separable_joins("Geen scheidbaar werkwoord hier") == {}


def test_verb_forms_ending_in_t_or_d_are_held_by_the_verb() -> None:
    """ "Wanneer vergadert de commissie?" is held by "De commissie zal vergaderen ..."; "De leden
    worden benoemd" holds "benoemen"; a noun's last letter is not taken off ("raad" holds no "raa"
    that a question could ask, and short terms are left alone)."""
    from assistant.analysis import held_terms, verb_base
    from assistant.question import paraphrase_terms

    assert terms("benoemen")[0] in held_terms("De leden worden benoemd door de raad.")
    alternatives = paraphrase_terms("Wanneer vergadert de commissie?")
    assert terms("vergaderen")[0] in alternatives[terms("vergadert")[0]]
    assert verb_base(terms("raad")[0]) is None and verb_base("wet") is None


def test_participles_of_verbs_in_enen_are_held_by_the_verb() -> None:
    """The stemmer cuts "ondertekend" to "ondertek" but "ondertekening" to "onderteken": a passage
    "werd ondertekend op" holds a question's "ondertekening", and a question's "tekende" or
    "toegekend" has the verb's stem as an alternative. Forms of other verbs have none."""
    from assistant.analysis import held_terms, participle_base
    from assistant.question import paraphrase_terms

    assert terms("ondertekening")[0] in held_terms("Het protocol werd ondertekend te Gent op 3 mei 2019.")
    assert terms("tekenen")[0] in paraphrase_terms("Wie tekende de overeenkomst?")[terms("tekende")[0]]
    assert participle_base("toegekend") == terms("toekennen")[0]
    assert participle_base("benoemd") is None and participle_base("goedgekeurd") is None
    assert participle_base("ondertekening") is None


def test_bm25_ranks_the_document_with_rare_terms_first() -> None:
    index = BM25Index([["stuurgroep", "vdab"], ["vdab", "vdab"], ["mobiliteit", "vdab"]])
    scores = index.scores(["mobiliteit", "vdab"])
    assert int(scores.argmax()) == 2 and index.document_frequency("vdab") == 3


def test_paraphrases_are_data() -> None:
    assert "einddatum" in expand_query("Wanneer vervalt het akkoord?")
    assert "mobiliteit" in expand_query("Welke acties gaan over vervoer?")
    assert "jeugdwerkloosheid" in expand_query("iets voor jongeren?")
    assert "verstaan onder" in expand_query("wat is de betekenis van lid?")


@pytest.mark.parametrize(("question", "slot"), [
    ("Tot wanneer loopt de overeenkomst met Mechelen?", "end"),
    ("einddatum mechelen?", "end"),
    ("Vanaf wanneer geldt de overeenkomst?", "start"),
    ("Wie tekent namens Zele?", "signatory"),
    ("wie zet zijn handtekening voor de gemeente?", "signatory"),
    ("Hoe dikwijls komt de stuurgroep samen?", "frequency"),
    ("Wie nodigt uit voor de stuurgroep?", "inviter"),
    ("Wie vertegenwoordigt IVSES in de stuurgroep?", "members"),
    ("Welke acties gaan over mobiliteit?", "topic"),
    ("Hoe werd er gestemd?", "vote"),
    ("hoeveel raadsleden stemden tegen?", "vote"),
    ("Wie was er verontschuldigd?", "attendance"),
    ("Wat is wijk-werken?", "definition"),
    ("Waar is de commissie gevestigd?", "seat"),
    ("Wie is de voorzitter van de raad?", "chair"),
    ("Wanneer werd het verdrag getekend?", "signed"),
    ("datum ondertekening verdrag", "signed"),
    ("wie nemen deel aan de regeling?", "parties"),
    ("Welke eerdere beslissingen gingen vooraf?", "history"),
    ("Werd het punt verdaagd?", "decision"),
    ("Hoeveel kost het project?", "amount"),
    ("Wat wordt in het reglement van de geschillencommissie bedoeld met de raad?", "definition"),
    ("Hoe worden geschillen beslecht?", "disputes"),
    ("Hoe is de geschillencommissie samengesteld?", "members"),
    ("Sinds welke datum geldt het reglement op de terrassen?", "start"),
    ("Van welke datum is de regeling over de terrassen?", "signed"),
    ("Hoeveel vergoeding krijgen de leden van het bestuur?", "amount"),
    ("Wie zijn de leden van het bestuur?", "members"),
    ("Binnen hoeveel dagen moet ik het formulier indienen?", None),
    ("wie tekenden het protocol over de aanwezigheid van inspecteurs namens beide gewesten?", "signatory"),
    # how many representatives a member has in a body: its composition, not who signs for it
    ("Hoeveel afgevaardigden heeft elke gemeente in het algemeen bestuur?", "members"),
    ("stuurgroep: hoeveel vertegenwoordigers per partner?", "members"),
    # "voor" as a preposition asks no vote; "waren voor/tegen (het voorstel)" does
    ("Hoeveel leden mag de adviesraad voor het erfgoed hebben?", "members"),
    ("Wie was voor de stad aanwezig?", "attendance"),
    ("Wie was er tegen het voorstel?", "vote"),
    ("hoeveel raadsleden voor en hoeveel tegen?", "vote"),
    # "wat is er ..." asks what happened, it defines nothing
    ("Wat is er besloten over de aankoop van de pastorie?", "decision"),
    ("Wat is een gemeenschappelijke regeling?", "definition"),
    # the task or role of a body is its purpose, not a definition of it
    ("Wat is de taak van de adviesraad?", "purpose"),
    ("Wat is de rol van de werkgroep?", "purpose"),
    # how many people a body has: its composition
    ("Uit hoeveel mensen bestaat de adviescommissie?", "members"),
    ("Hoeveel personen zitten in de jury?", "members"),
    # a "stemmingsvergadering" is a meeting: who chaired it asks no vote
    ("Wie zat de stemmingsvergadering van 3 juni voor?", "chair"),
    ("Wat was de stemmingsuitslag van de motie?", "vote"),
    # whether a proposal passed, in everyday words
    ("Haalde het voorstel van de oppositie over de sporthal het?", "vote"),
    ("Is het gewijzigde retributiereglement erdoor?", "vote"),
])
def test_slots(question: str, slot: str) -> None:
    assert analyse(question).slot_name == slot


def test_answer_types() -> None:
    assert analyse("Hoeveel wijk-werkers zijn er?").answer_type == "number"
    assert analyse("Welk budget is voorzien?").answer_type == "amount"
    assert analyse("Wat is het telefoonnummer van VDAB?").answer_type == "contact"
    assert analyse("Wanneer werd IVSES opgericht?").answer_type == "date"
    # a question about a decision that asks when: a date, not the decision
    assert analyse("Wanneer keurde het college het bestek goed?").answer_type == "date"
    assert analyse("Wat besliste het college over het bestek?").answer_type == "status"
    assert analyse("Welke gemeenten zijn partij?").answer_type == "list"
    # a count of days is a period; "om aanwezig te zijn" is a purpose, not an attendance question
    asked = analyse("Binnen hoeveel dagen wordt beslist over een verzoek om aanwezig te zijn bij een controle?")
    assert (asked.slot_name, asked.answer_type) == (None, "duration")
    assert analyse("Wie was er aanwezig op de raad?").slot_name == "attendance"
    assert analyse("Wat moet de aannemer per dag vertraging betalen?").answer_type == "amount"
    # a money word as the head of a compound; "hoe hoog" of money is an amount
    assert analyse("Welk belastingtarief betalen de vissers?").answer_type == "amount"
    assert analyse("Hoe hoog is de huurprijs van de zaal?").answer_type == "amount"
    assert analyse("Wanneer wordt de werkingssubsidie uitbetaald?").answer_type == "date"
    assert analyse("Wat zijn decreetskosten?").slot_name == "definition"
    # "welk artikel regelt ...": the answer names the article; "wat gebeurt er" asks, it names nothing
    assert analyse("Welk artikel van het reglement regelt wat er gebeurt bij schade?").own_terms == tuple(
        terms("reglement schade"))
    assert "regelt" in analyse("Wie regelt het vervoer van de leerlingen?").own_terms
    # "tot wanneer bestaat X": the verb is how an end is asked, not a word the answer must hold
    assert analyse("Tot wanneer bestaat de commissie havenbeheer?").own_terms == ("commissie", "havenbeher")


def test_a_question_that_opens_with_when_asks_a_date_whatever_its_slot() -> None:
    """ "Vanaf welke datum zijn de leden benoemd?" names members but asks a date; "Op welke dag werd
    over de motie gestemd?" names a vote but asks a day; "Voor hoe lang ..." a period. Further on in the
    question the word does not decide ("Wie zat in de jury die op welke datum ...": members)."""
    assert analyse("Vanaf welke datum zijn de leden van de adviesraad benoemd?").answer_type == "date"
    assert analyse("Op welke dag werd over de motie gestemd?").answer_type == "date"
    assert analyse("Voor hoe lang worden de leden van de jury aangesteld?").answer_type == "duration"
    assert analyse("Wie zijn de leden van de adviesraad?").answer_type == "list"
    assert analyse("Hoe is er gestemd over de motie?").answer_type == "vote"


def test_which_body_asks_an_organisation() -> None:
    assert analyse("Welke instantie is het meldpunt voor de gemeenten?").answer_type == "org"
    assert analyse("Welke dienst behandelt de aanvragen?").answer_type == "org"


def test_a_name_of_several_words_is_held_by_its_initials() -> None:
    """A decision list writes a group or body by its initials ("Motie OCMW.2", "Amendement HvDH"):
    a question that writes the name out is held by them, with or without the particles' letters."""
    from assistant.question import acronyms, paraphrase_terms

    found = paraphrase_terms("Wat besliste het Openbaar Centrum voor Maatschappelijk Welzijn?")
    assert "ocmw" in found[terms("Maatschappelijk")[0]] and "ocvmw" in found[terms("Welzijn")[0]]
    assert "hvdh" in acronyms("Haalde de motie van Hart voor Den Haag het?")[terms("Haag")[0]]
    # two words give no initialism: too ambiguous; a sentence's first word is no name
    assert acronyms("Wat zegt Den Haag erover?") == {}
    assert acronyms("Met hoeveel stemmen werd het aangenomen?") == {}


def test_references_and_parts() -> None:
    assert analyse("Wat zegt artikel 12 van de regeling?").references == (("artikel", "12"),)
    assert analyse("wat houdt punt 7 in").references == (("punt", "7"),)
    assert split_parts("Wie tekende het besluit en vanaf wanneer geldt het?") == (
        "wie tekende het besluit", "vanaf wanneer geldt het")
    assert split_parts("Wanneer en waar werd het verdrag getekend?") == (
        "wanneer werd het verdrag getekend", "waar werd het verdrag getekend")
    assert split_parts("Welke rechten en plichten hebben de partijen?") == ()
    # two question words after a subject, and a preposition before the second question word
    assert split_parts("Reglement toelagen jeugd: waar en wanneer goedgekeurd, en door wie?") == (
        "reglement toelagen jeugd: waar goedgekeurd", "reglement toelagen jeugd: wanneer goedgekeurd", "door wie")
    assert split_parts("Hoeveel krijgt de vzw en voor welke activiteiten is dat bedoeld?") == (
        "hoeveel krijgt de vzw", "voor welke activiteiten is dat bedoeld")
    assert split_parts("Met wie werd de huur verlengd en tot wanneer?") == ("met wie werd de huur verlengd", "tot wanneer")
    # after a comma, "en" and a finite verb first open a yes/no question; without the comma, or with a
    # verb later in the clause, it is one question
    assert split_parts("Hoe lang loopt de regeling, en kan een gemeente eruit stappen?") == (
        "hoe lang loopt de regeling", "kan een gemeente eruit stappen")
    assert split_parts("Wie tekent het besluit, en wordt het gepubliceerd?") == ("wie tekent het besluit", "wordt het gepubliceerd")
    assert split_parts("Wat zijn de kosten en de baten die de partijen dragen?") == ()
    assert split_parts("Wie heeft de leden aangewezen en zijn ze benoemd?") == ()


def test_parts_after_tegen_binnen_hoelang_and_a_second_question() -> None:
    """Flemish and everyday forms of a second part: "en tegen wanneer", "en binnen welke termijn", "en
    hoelang" (one word), and a second question that only asks "En wanneer?"."""
    assert split_parts("Wat besliste het college over de subsidie en tegen wanneer moet ze besteed zijn?") == (
        "wat besliste het college over de subsidie", "tegen wanneer moet ze besteed zijn")
    assert split_parts("Hoeveel leden telt het bestuur en binnen welke termijn worden ze benoemd?") == (
        "hoeveel leden telt het bestuur", "binnen welke termijn worden ze benoemd")
    assert split_parts("Wat is het doel van de welzijnsvereniging en hoelang loopt ze?") == (
        "wat is het doel van de welzijnsvereniging", "hoelang loopt ze")
    assert split_parts("Wie tekende de huurovereenkomst? En wanneer?") == ("wie tekende de huurovereenkomst", "wanneer")
    assert split_parts("Wie tekende de huurovereenkomst? Ik zoek de namen.") == ()


def test_a_comma_before_a_question_word_opens_a_second_part() -> None:
    """ "..., over welke landen gaat het?" is a second question; a relative clause after a comma
    ("waarvoor", "waar", "wat") is not."""
    assert split_parts("Wat moet de raad van beheer doen, voor hoeveel jaar wordt hij benoemd?") == (
        "wat moet de raad van beheer doen", "voor hoeveel jaar wordt hij benoemd")
    assert split_parts("Welk bedrag is voorzien, wanneer wordt het uitbetaald?") == (
        "welk bedrag is voorzien", "wanneer wordt het uitbetaald")
    assert split_parts("Welke projecten, waarvoor de provincie betaalt, lopen nog?") == ()
    assert split_parts("Welke scholen, wat ook de afstand is, mogen deelnemen?") == ()


def test_compounds_split_into_words_the_documents_use() -> None:
    vocabulary = {"sluis", "verdrag", "stad", "bestuur"}.__contains__
    assert split_compound("sluisverdrag", vocabulary) == ["sluis", "verdrag"]
    assert split_compound("stadsbestuur", vocabulary) == ["stad", "bestuur"]
    assert split_compound("verdrag", vocabulary) == []


def test_named_document_restricts_search(fake_assistant) -> None:
    result = fake_assistant.retriever.search("Wie tekent namens Zele?")
    assert result.docs == [SCHELDELAND]
    assert all(h.chunk.doc == SCHELDELAND for h in result.hits)
    both = fake_assistant.retriever.search("Hoe vaak komt de stuurgroep samen?")
    assert both.docs == [] and {h.chunk.doc for h in both.hits} == {SCHELDELAND, MECHELEN}


def test_lexical_index_is_built_once_per_generation(fake_assistant) -> None:
    first = fake_assistant.retriever.index()
    fake_assistant.ask("Wie tekent namens Zele?")
    assert fake_assistant.retriever.index() is first


def test_grounded_fact_answer_with_quote(fake_assistant) -> None:
    answer = fake_assistant.ask("Tot wanneer loopt de overeenkomst met Mechelen?")
    assert answer.found and "31 december 2025" in answer.answer
    assert answer.citations[0].doc == MECHELEN and "31 december 2025" in answer.citations[0].quote
    assert answer.citations[0].section.endswith("Deel IV. Duur")


def test_refusal_has_no_citations_and_no_technical_paths(fake_assistant) -> None:
    answer = fake_assistant.ask("Wat is het telefoonnummer van VDAB?")
    assert not answer.found and answer.citations == []
    assert answer.answer == "Dat staat niet in de documenten."


def test_condense_follow_up() -> None:
    assert is_follow_up("En voor Zele?") and not is_follow_up("Wie tekent namens Zele?")
    names = lambda text: [w for w in ("wetteren", "zele") if w in text.lower()]
    assert condense("En voor Zele?", [("Wie vertegenwoordigt Wetteren?", "...")], names) == "Wie vertegenwoordigt Zele?"
    assert condense("En Lebbeke?", [("Hoe vaak komt de stuurgroep samen?", "...")], names) == \
        "Hoe vaak komt de stuurgroep samen voor Lebbeke?"


def test_topic_finder_finds_actions_by_topic(fake_assistant) -> None:
    docs = fake_assistant.retriever.documents().values()
    assert find_topics("vervoer", docs)[0].subitem == "2.1.4 Mobiliteit"
    assert {m.number for m in find_topics("jongeren", docs, kinds=["actie"])[:2]} == {"1.1", "1.2"}
    assert find_topics("taal", docs)[0].subitem == "2.1.3 Taal"
    assert find_topics("ruimtevaart", docs) == []
    assert len(find_topics("", docs, kinds=["actie"], limit=100)) == 15
    assert find_topics("mobiliteit", docs, date_from="2030-01-01") == []


def test_multi_document_answers_are_labelled_by_title_not_file_name(fake_assistant) -> None:
    answer = fake_assistant.ask("Wat is de tweede centrale ambitie in de samenwerkingsovereenkomsten?")
    assert answer.found
    for line in answer.answer.splitlines():
        assert "scheldeland samenwerkingsovereenkomst 2021" not in line and ".txt" not in line and ".md" not in line


def test_answer_streams_then_returns_checked_answer(fake_assistant) -> None:
    parts = list(fake_assistant.stream("Wie tekent namens Zele?"))
    assert all(isinstance(p, str) for p in parts[:-1]) and parts[-1].found
    assert len(parts) > 2 and "".join(parts[:-1]) == parts[-1].answer


def test_a_sentence_under_a_decision_heading_states_the_decision() -> None:
    """ "Artikel 1. Het college gunt de opdracht ..." under "Besluit" answers "Wat besliste het college
    over ...?" although it holds no word for a decision; the same sentence under "Feiten en context" does not."""
    from assistant.grounded.passages import Scorer, Weights, units_of
    from assistant.retrieval import Hit
    from ingest.records import Chunk

    def unit_features(section: str) -> dict[str, float]:
        text = "Het college gunt de opdracht voor de renovatie van de bibliotheek aan een studiebureau."
        chunk = Chunk(id="c", doc="besluit.txt", doc_hash="h", title="Uittreksel", section=section, page=None,
                      start=0, end=len(text), text=text)
        scorer = Scorer(analyse("Wat besliste het college over de bibliotheek?"), lambda t: 1.0, ["bibliothek"], [],
                        ["besluit.txt"], Weights())
        return scorer.score(units_of(Hit(chunk=chunk, score=1.0, dense=0.8), 0)[0]).features

    decided, context = unit_features("Besluit > Artikel 1"), unit_features("Feiten en context")
    assert decided["cue"] == decided["value"] == 1.0
    assert context["cue"] == context["value"] == 0.0


def test_a_short_name_defined_in_the_document_stands_for_its_full_name() -> None:
    """ "de Accreditatieorganisatie" in a fact counts for the question's "Nederlands-Vlaamse
    Accreditatieorganisatie" when the document defines the one as the other; a long definition does not."""
    from assistant.grounded.fact_answers import aliases
    from ingest.facts.model import Definition, DocumentFacts, Quote
    from ingest.records import DocumentInfo

    quote = Quote(text="", start=0, end=0, section="", page=None)
    facts = DocumentFacts(definitions=[
        Definition(term="Commissie", text="de Gemengde Grenscommissie Zuid", quote=quote),
        Definition(term="zetel", text="de plaats waar het bestuur " + "gewoonlijk vergadert en " * 5, quote=quote)])
    doc = DocumentInfo(name="verdrag.txt", sha256="x", format="txt", kind="agreement", title="Verdrag", date=None,
                       n_chunks=1, n_pages=None, facts=facts)
    assert aliases(doc, "De zetel van de Commissie is gelegen in Gent.") == ["de Gemengde Grenscommissie Zuid"]
    assert aliases(doc, "De commissievergadering") == []


def test_a_function_word_never_names_a_document() -> None:
    """The stemmer makes "en" of "eenheden": a title "Samenwerkingsregeling mobiele eenheden" was named
    by every question with "en" in it. Function words of party names ("der") name nothing either."""
    from assistant.index import NameIndex, name_candidates
    from ingest.facts.model import DocumentFacts, Party
    from ingest.records import DocumentInfo

    assert NameIndex.keys("eenheden") == {"eenheden"}
    assert "mobiel" in NameIndex.keys("mobiele")
    facts = DocumentFacts(parties=[Party(name="Heerlijkheid der Kempen", short="Heerlijkheid der Kempen",
                                         type="organisation")])
    doc = DocumentInfo(name="regeling-mobiele-eenheden.txt", sha256="x", format="txt", kind="other",
                       title="Samenwerkingsregeling mobiele eenheden", date=None, n_chunks=1, n_pages=None, facts=facts)
    fixed, _ = name_candidates(doc)
    assert {"eenheden", "heerlijkheid", "kempen"} <= fixed and "der" not in fixed


def test_the_last_part_of_a_region_name_names_no_document() -> None:
    """A party "Streekoverleg Zuid-Holland": "Zuid-Holland" names its document, "Holland" alone (a
    question about another document of the province) does not; "Baarle-Hertog" keeps its parts."""
    from assistant.index import name_candidates
    from ingest.facts.model import DocumentFacts, Party
    from ingest.records import DocumentInfo

    facts = DocumentFacts(parties=[
        Party(name="Streekoverleg Zuid-Holland", short="SZH", type="organisation"),
        Party(name="gemeente Baarle-Hertog", short="Baarle-Hertog", type="local_government")])
    doc = DocumentInfo(name="besluit-mandaat.txt", sha256="x", format="txt", kind="other",
                       title="Mandaatbesluit Provincie Oost-Vlaanderen", date=None, n_chunks=1, n_pages=None, facts=facts)
    fixed, title = name_candidates(doc)
    assert {"zuidholland", "szh", "baarle", "hertog", "baarlehertog"} <= fixed
    assert not {"holland", "zuid", "vlaanderen"} & (fixed | title) and "oostvlaanderen" in title


def test_the_answer_type_explains_its_own_question_words() -> None:
    """ "datum samenwerkingsregeling": the answer is a date, so the text need not hold "datum"."""
    assert analyse("datum samenwerkingsregeling mobiele eenheden").answer_type == "date"
    assert "datum" not in analyse("datum samenwerkingsregeling mobiele eenheden").own_terms
    assert "looptijd" not in analyse("looptijd van het verdrag, hoe lang?").own_terms
    assert "samenwerkingsregel" in " ".join(analyse("datum samenwerkingsregeling").own_terms)


def test_irregular_plurals_are_stemmed_as_their_singular() -> None:
    """ "wie zijn de leden" finds "tot lid benoemd"; compounds follow; "geleden" is no plural of "lid"."""
    from assistant.analysis import terms

    assert terms("leden") == terms("lid") and terms("bestuursleden") == terms("bestuurslid")
    assert terms("steden") == terms("stad") and terms("schepenen") == terms("schepen")
    assert terms("geleden") != terms("lid")


def _answers_without_refusal(folder, tmp_path, drafts: bool = False, model=None):
    """Grounded answers over the documents of `folder` (hashing embedder), never refused: what the
    answer path chooses, apart from the refusal model (`drafts`: the whole draft, with its features).
    With a `model` (a function returning a fresh refusal model per question), that model decides."""
    from assistant.grounded import GroundedAnswerer, idf_from_index

    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(folder)], store=store).failed == []
    retriever = build(settings, store=store).retriever
    index = retriever.index()
    idf = idf_from_index(index.bm25.document_frequency, index.bm25.n)

    def ask(question: str):
        answerer = GroundedAnswerer(idf, index.query_terms, model=model() if model else None)
        draft = answerer.answer(question, retriever.search(question), index.documents,
                                lambda text, docs: retriever.search(text, docs=docs), decide=model is not None)
        return draft if drafts else draft.text

    return ask


def test_a_later_part_is_answered_when_it_holds_the_value_it_asks_for(tmp_path) -> None:
    """When the refusal model supports the first part of a question but not a later one, the later part
    is still answered if its best answer holds the kind of value it asks for ("en hoeveel wijst de
    provincie er aan?": a number). A later part whose best answer holds none stays refused ("en
    hoeveel kost het lidmaatschap?" of a text without an amount)."""
    class FirstPartOnly:
        """A refusal model that supports the first question it is asked about and nothing after it."""
        def __init__(self) -> None:
            self.calls = 0

        def supported(self, features, lazy=None) -> bool:
            self.calls += 1
            return self.calls == 1

    folder = tmp_path / "docs"
    folder.mkdir()
    filler = "De vereniging werkt samen met de gemeenten van het werkingsgebied. " * 3
    (folder / "statuten-welzijnsvereniging-kempen.txt").write_text(
        "Statuten van de welzijnsvereniging Kempen\n\nArtikel 7\n\n" + filler + "Het bestuur bestaat uit negen leden. "
        "De provincie wijst drie leden aan.\n\nArtikel 8\n\nHet lidmaatschap staat open voor elke gemeente van het "
        "arrondissement. " + filler + "\n", encoding="utf-8")
    ask = _answers_without_refusal(folder, tmp_path, model=FirstPartOnly)
    both = ask("Uit hoeveel leden bestaat het bestuur en hoeveel wijst de provincie er aan?")
    assert "negen leden" in both and "drie leden" in both and "staat niets" not in both, both
    cost = ask("Uit hoeveel leden bestaat het bestuur en hoeveel kost het lidmaatschap?")
    assert "negen leden" in cost and "Over “hoeveel kost het lidmaatschap” staat niets in de documenten." in cost, cost


def test_the_words_that_name_a_document_do_not_choose_its_passage(tmp_path) -> None:
    """ "Wie werden benoemd in de Adviescommissie Zwerfvuil?" is answered by the sentence that appoints
    the members, not by the preamble that repeats the committee's name; "welk artikel" names the article."""
    folder = tmp_path / "docs"
    folder.mkdir()
    filler = "De commissie werkt onafhankelijk en brengt verslag uit aan de minister. " * 4
    (folder / "instellingsbesluit-adviescommissie-zwerfvuil.txt").write_text(
        "Instellingsbesluit Wetenschappelijke Adviescommissie Zwerfvuil Kustgemeenten\n\n"
        "De Minister van Milieu, gelet op het advies van de Wetenschappelijke Adviescommissie Zwerfvuil Kustgemeenten "
        "over de werking van de Wetenschappelijke Adviescommissie Zwerfvuil Kustgemeenten, besluit:\n\n"
        f"Artikel 1\n\nEr is een Adviescommissie Zwerfvuil. {filler}\n\n"
        f"Artikel 2\n\n{filler}Mevrouw A. Aerts en de heer B. Bos worden benoemd. {filler}\n\n"
        f"Artikel 3\n\n{filler}De commissie geeft advies over het maaien van bermen. {filler}\n",
        encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n\nArtikel 2\n\n"
        "De huurprijs bedraagt 20 euro per uur.\n", encoding="utf-8")
    ask = _answers_without_refusal(folder, tmp_path)
    assert ask("Wie werden benoemd in de Wetenschappelijke Adviescommissie Zwerfvuil Kustgemeenten?").startswith(
        "Mevrouw A. Aerts")
    assert ask("Welk artikel van het instellingsbesluit zwerfvuil regelt het maaien van bermen?").startswith(
        "Artikel 3: De commissie geeft advies")
    assert not ask("Wanneer maait de commissie zwerfvuil de bermen?").startswith("Artikel 3: ")


def test_an_everyday_word_finds_the_formal_word_of_a_regulation(tmp_path) -> None:
    """A house regulation of a youth institution says "ontvluchting" where a user asks about an
    escape ("ontsnapping"): the article that holds it is the one named."""
    folder = tmp_path / "docs"
    folder.mkdir()
    filler = "De begeleiders zien toe op de naleving van dit reglement. " * 3
    (folder / "huishoudelijk-reglement-jeugdinstelling.md").write_text(
        "# Huishoudelijk reglement van de gemeenschapsinstelling\n\n"
        f"## Artikel 1 - Bezoek\n\nBezoek is toegelaten op woensdag en zaterdag. {filler}\n\n"
        f"## Artikel 2 - Maaltijden\n\nDe maaltijden worden gezamenlijk genomen in de leefgroep. {filler}\n\n"
        f"## Artikel 3 - Ontvluchting\n\nBij ontvluchting van een jongere verwittigt de directie onmiddellijk de politie "
        f"en de jeugdrechter. {filler}\n", encoding="utf-8")
    ask = _answers_without_refusal(folder, tmp_path)
    answer = ask("welk artikel van het huishoudelijk reglement gaat over een ontsnapping?")
    assert "Artikel 3" in answer and "Artikel 1" not in answer and "Artikel 2" not in answer


def test_a_later_part_that_asks_another_value_of_the_same_fact(tmp_path) -> None:
    """ "Wie tekende het besluit en op welke datum?" is one signature with its date, not a second search
    for any date; "... en vanaf wanneer geldt het?" still asks a fact of its own."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "besluit-mandaat-havenbedrijf.txt").write_text(
        "Besluit mandaat havenbedrijf\n\nArtikel 1\n\nHet havenbedrijf krijgt mandaat voor de vergunningen. "
        "Het mandaat werd besproken op 3 februari 2010 en op 17 maart 2010.\n\nArtikel 2\n\n"
        "Dit besluit treedt in werking op 1 juli 2010.\n\nBrussel\n5 mei 2010\n\n"
        "De Minister van Mobiliteit,\nK. Claes\n", encoding="utf-8")
    answer = _answers_without_refusal(folder, tmp_path)("Wie tekende het besluit mandaat havenbedrijf en op welke datum?")
    assert "K. Claes" in answer and "5 mei 2010" in answer and "februari" not in answer


def test_a_similarity_of_another_embedding_model_is_not_measured() -> None:
    """The refusal model's answer similarity was fitted with one embedder: under another (MiniLM, a
    folder, the hashing embedder of the fast tests) it is not measured and its dev mean counts instead."""
    from assistant.grounded import GroundedAnswerer
    from assistant.grounded.refusal import RefusalModel

    def embed(texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] for _ in texts]

    fitted = RefusalModel({"answer_sim": 10.0}, -8.0, 0.67, {"answer_sim": 0.86}, {"answer_sim": (0.75, 0.94)}, "e5")
    same = GroundedAnswerer(lambda t: 1.0, lambda t: [], model=fitted, embed=embed, embed_model="e5")
    other = GroundedAnswerer(lambda t: 1.0, lambda t: [], model=fitted, embed=embed, embed_model="hash-embeddings-test")
    unknown = GroundedAnswerer(lambda t: 1.0, lambda t: [], model=fitted, embed=embed)
    assert same.embed is embed and unknown.embed is embed and other.embed is None


def test_a_body_composition_and_its_appointees_answer_who_sits_in_it(tmp_path) -> None:
    """ "Hoe is X samengesteld?" is answered with the sentence that says what X consists of, "wie zijn
    de leden" adds the people an appointment lists, and they answer "wie is de voorzitter"."""
    folder = tmp_path / "docs"
    folder.mkdir()
    filler = "De vereniging werkt samen met de gemeenten van het werkingsgebied. " * 3
    (folder / "statuten-woonwijs.txt").write_text(
        "Statuten van de opdrachthoudende vereniging Woonwijs\n\nArtikel 1\n\n" + filler + "\n\n"
        "Artikel 12\n\n§ 1. De raad van bestuur is samengesteld uit vijf bestuurders.\n\n"
        "§ 2. Tot bestuurders worden benoemd:\n\n- mevrouw An Peeters, tevens voorzitter;\n\n- de heer Jan De Smet;\n\n"
        "- mevrouw Els Wouters.\n\nArtikel 13\n\n" + filler + "\n", encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n", encoding="utf-8")
    ask = _answers_without_refusal(folder, tmp_path)
    assert ask("Hoe is de raad van bestuur van Woonwijs samengesteld?").startswith(
        "De raad van bestuur is samengesteld uit vijf bestuurders")
    assert "Jan De Smet" in ask("Wie zitten er in de raad van bestuur van Woonwijs?")
    assert ask("Wie is de voorzitter van Woonwijs?").startswith("mevrouw An Peeters")


def test_spelling_corrections_are_near_unique_and_long_enough() -> None:
    from assistant.spelling import correction

    vocabulary = ["rekenkamercommissie", "reglement", "verdrag", "vergader", "mandag"]
    assert correction("rekenkamercomissie", vocabulary) == "rekenkamercommissie"  # two edits in a long word
    assert correction("reglemnt", vocabulary) == "reglement"
    assert correction("vordrag", vocabulary) is None  # short: one edit from another word
    assert correction("mandat", vocabulary) is None
    assert correction("reglemant", ["reglement", "reglemint"]) is None  # two equally near: no guess


def test_a_mistyped_name_still_names_its_document_and_its_words_are_searched(tmp_path) -> None:
    """A council's minutes and a sports-hall regulation: "rekenkamercomissie" (one m) names the minutes
    and finds the passage with "rekenkamercommissie"; before, it named nothing and searched nothing."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notulen-rekenkamercommissie-2024.txt").write_text(
        "Notulen van de rekenkamercommissie van 5 maart 2024\n\n1. Opening\n\nDe voorzitter opent de vergadering.\n\n"
        "2. Onderzoeksplan\n\nDe rekenkamercommissie kiest de jeugdzorg als onderwerp van het volgende onderzoek.\n",
        encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur. Het volgende onderzoek "
        "van de sportraad gaat over de openingsuren.\n", encoding="utf-8")
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(folder)], store=store).failed == []
    result = build(settings, store=store).retriever.search("Welk onderzoek kiest de rekenkamercomissie?")
    assert result.docs == ["notulen-rekenkamercommissie-2024.txt"]
    assert "jeugdzorg" in result.hits[0].chunk.text


def test_the_asked_value_in_the_sentence_beside_the_best_one_counts_as_held(tmp_path) -> None:
    """ "Hoeveel kost het nieuwe meubilair?": the best sentence names the furniture, the next one gives
    the amount; the answer holds both, so the refusal model is not told that the amount is missing."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notulen-politieraad-2024.txt").write_text(
        "Notulen van de politieraad van 12 februari 2024\n\n1. Aankoop meubilair\n\n"
        "De raad keurt de aankoop goed van het nieuwe meubilair voor het hoofdgebouw van de politie. "
        "De levering gebeurt via de provincie, voor 12 345,67 EUR.\n\n2. Varia\n\nEr zijn geen vragen.\n",
        encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n", encoding="utf-8")
    draft = _answers_without_refusal(folder, tmp_path, drafts=True)(
        "Hoeveel kost het nieuwe meubilair voor het hoofdgebouw van de politie?")
    assert "12 345,67 EUR" in draft.text
    assert draft.features["value_missing"] == 0.0


def test_a_month_in_words_finds_a_date_in_figures_and_the_time_is_part_of_it(tmp_path) -> None:
    """ "Wanneer was de gemeenteraad van maart 2024 en hoe laat?" about minutes headed "Datum:
    14-03-2024 20:00 uur": the month in words is the date in figures, and "hoe laat" asks the time of
    that same meeting, not a second search. The municipality keeps its article ("Den Haag")."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "agenda-gemeenteraad.txt").write_text(
        "Vergadering van Gemeenteraad\nDatum: 14-03-2024 20:00 uur\nRaadzaal\n\n1. Opening.\n\n"
        "2. Verordening parkeren van de gemeente Den Haag.\n\nDe raad stelt de verordening vast.\n", encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n", encoding="utf-8")
    answer = _answers_without_refusal(folder, tmp_path)("Wanneer was de gemeenteraad van maart 2024 en hoe laat?")
    assert "van Den Haag vergaderde op 14-03-2024 om 20:00" in answer and "Over" not in answer


def test_a_topic_answer_says_what_an_untitled_article_holds(tmp_path) -> None:
    """ "Welke artikelen gaan over het personeel?" in a regulation whose articles have no titles: the
    label "Artikel 7" alone says nothing, so the article's opening words follow it."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "regeling-streekarchief.txt").write_text(
        "Regeling Streekarchief Kempenland\n\nArtikel 1\n\nEr is een streekarchief.\n\nArtikel 7\n\n"
        "Het dagelijks bestuur benoemt het personeel van het streekarchief.\n\nArtikel 8\n\n"
        "De begroting wordt jaarlijks vastgesteld.\n", encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n", encoding="utf-8")
    answer = _answers_without_refusal(folder, tmp_path)("Welke artikelen van de regeling streekarchief gaan over het personeel?")
    assert "Artikel 7: Het dagelijks bestuur benoemt het personeel" in answer


def test_a_topic_is_not_found_in_the_words_that_name_the_document(tmp_path) -> None:
    """ "Welke punten gaan over belastingen op de gemeenteraad van Herselt?": the municipality names the
    decision list, so an item titled after it ("Samen voor Herselt") is no match; an item whose compound
    starts with the topic ("Bekendmaking van de belastingreglementen") is one."""
    folder = tmp_path / "docs"
    folder.mkdir()
    body = "De gemeenteraad keurt het voorstel goed met eenparigheid van stemmen."
    (folder / "besluitenlijst-gemeenteraad-herselt-2024-03-12.txt").write_text(
        "Besluitenlijst gemeenteraad Herselt 12 maart 2024\n\n"
        f"Agendapunt 1 Samen voor Herselt: jaarverslag van de adviesraden\n\n{body}\n\n"
        f"Agendapunt 2 Belasting op tweede verblijven 2025\n\n{body}\n\n"
        f"Agendapunt 3 Aanpassing van de retributie op het parkeren\n\n{body}\n\n"
        f"Agendapunt 4 Bekendmaking van de belastingreglementen\n\n{body}\n", encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n", encoding="utf-8")
    answer = _answers_without_refusal(folder, tmp_path)("Welke punten gaan over belastingen op de gemeenteraad van Herselt?")
    assert "tweede verblijven" in answer and "belastingreglementen" in answer, answer
    assert "Samen voor Herselt" not in answer and "parkeren" not in answer, answer


def test_a_term_is_answered_with_its_renewal(tmp_path) -> None:
    """ "Hoe lang loopt X?" is the term and, when the document renews itself, how: not a renewal
    "voor onbepaalde tijd" read as the term."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "overeenkomst-fietsdeelsysteem.txt").write_text(
        "Samenwerkingsovereenkomst tussen de stad Kortrijk en de gemeente Kuurne over het fietsdeelsysteem\n\n"
        "Artikel 1\n\nDe stad en de gemeente delen de kosten van het fietsdeelsysteem.\n\nArtikel 9\n\n"
        "Deze overeenkomst treedt in werking op 1 maart 2022. Zij blijft gedurende vier jaar van kracht. Tenzij zij "
        "zes maanden voor het einde van die termijn is opgezegd, wordt zij geacht voor onbepaalde tijd te zijn verlengd.\n",
        encoding="utf-8")
    answer = _answers_without_refusal(folder, tmp_path)("Hoe lang loopt de samenwerkingsovereenkomst over het fietsdeelsysteem?")
    assert "gedurende vier jaar" in answer and "te zijn verlengd" in answer


def test_a_word_that_only_names_the_kind_of_document_is_not_what_is_asked(tmp_path) -> None:
    """ "Wie tekende het erfpachtconvenant?": "convenant" names the document's kind (also as the head of a
    compound), so the signature answers without the passage repeating it; "besluit" may be what is asked."""
    from assistant.grounded.answerer import _kind_terms, _names_kind

    kinds = _kind_terms()
    assert all(_names_kind(t, kinds) for t in terms("convenant erfpachtconvenant verdrag memorandum"))
    assert not any(_names_kind(t, kinds) for t in terms("besluit regeling erfpacht"))
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "convenant-erfpacht-stadsgronden.txt").write_text(
        "Convenant tussen de stad Gent en de vzw Stadsgronden over de erfpacht\n\nArtikel 1\n\nDe stad geeft de gronden "
        "in erfpacht.\n\nGedaan te Gent op 3 mei 2022.\n\nVoor de stad Gent,\n\nM. De Clercq, burgemeester\n\n"
        "Voor de vzw Stadsgronden,\n\nA. Janssens, voorzitter\n", encoding="utf-8")
    answer = _answers_without_refusal(folder, tmp_path)("Wie tekende het erfpachtconvenant van de stad Gent?")
    assert "M. De Clercq" in answer


def test_a_mistyped_genre_word_still_says_what_is_asked() -> None:
    """ "wie is voorziter van de comissie" asks for a chair; a word the documents use is never read as
    another ("verlenen" is not a typo of "verlengen")."""
    assert analyse("wie is voorziter van de comissie grensarbeiders?", lambda w: False).slot_name == "chair"
    assert analyse("wie is voorziter van de comissie grensarbeiders?").slot_name != "chair"  # no documents: as typed
    asked = analyse("In welke gebieden mag de hogeschool graden verlenen?", lambda w: w == "verlenen")
    assert asked.slot_name != "end" and "verlenen" in asked.folded


def test_a_file_name_word_that_most_texts_use_names_no_document(tmp_path) -> None:
    """Six documents, four about France, one with "frankrijk" in its file name, three about Spain, one
    with "spanje" in its file name: neither word in a question about the tunnel restricts the search to
    that one document (before, both did, and the answer came from a fishing arrangement or a railway
    agreement); a word only its own text uses still names a document."""
    folder = tmp_path / "docs"
    folder.mkdir()
    texts = {
        "regeling-frankrijk-visserij.txt": "Regeling visserij\n\nFrankrijk en Spanje regelen de visserij in de Golf "
                                           "van Biskaje. De vangst wordt jaarlijks verdeeld.\n",
        "verdrag-madrid-2019.txt": "Verdrag van Madrid\n\nSpanje betaalt aan Frankrijk een bijdrage van "
                                        "40 miljoen euro voor de tunnel onder de Pyreneeën.\n",
        "akkoord-spanje-spoorlijn.txt": "Akkoord spoorlijn\n\nDe spoorlijn tussen Frankrijk en Spanje wordt in "
                                        "2030 geëlektrificeerd.\n",
        "reglement-sporthal.txt": "Reglement van de sporthal\n\nDe sporthal is open van 8 tot 22 uur.\n",
        "notulen-raad-2024.txt": "Notulen van de raad\n\nDe raad keurt de rekening goed.\n",
        "memorandum-havens-bilbao.txt": "Memorandum havens\n\nDe havens van Bilbao en Bordeaux in Frankrijk "
                                        "werken samen bij de loodsdienst.\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(folder)], store=store).failed == []
    retriever = build(settings, store=store).retriever
    result = retriever.search("Hoeveel betaalt Spanje aan Frankrijk voor de tunnel?")
    assert result.docs == [] and not {"frankrijk", "spanj"} & result.name_terms
    assert result.hits[0].chunk.doc == "verdrag-madrid-2019.txt"
    assert retriever.named_documents("Hoe werken de havens van Bilbao samen?")[0] == ["memorandum-havens-bilbao.txt"]


def test_the_words_that_name_the_answers_document_are_not_missing_from_it(tmp_path) -> None:
    """ "Wanneer wordt het adviesorgaan uit het besluit havens opgeheven?": the article that answers
    never says "besluit", which its document's title ("Besluit havens 2024") holds. That word counts as
    held, as it does for an answer from an extracted fact; before, it counted as missing (0.57)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "besluit-havenbeheer.md").write_text(
        "Besluit havens 2024\n\n## Artikel 1\n\nEr is een adviesorgaan dat adviseert over de kaaien en de sluizen.\n\n"
        "## Artikel 2\n\nHet adviesorgaan wordt opgeheven per 1 juli 2026, tenzij de minister anders beslist.\n",
        encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n", encoding="utf-8")
    draft = _answers_without_refusal(folder, tmp_path, drafts=True)(
        "Wanneer wordt het adviesorgaan uit het besluit havens opgeheven?")
    assert draft.text.startswith("Artikel 2 Het adviesorgaan wordt opgeheven per 1 juli 2026")
    assert draft.features["missing"] == 0.0


def test_the_words_of_every_passage_an_answer_gives_count_as_held(tmp_path) -> None:
    """ "Wanneer wordt het adviesorgaan voor de kaaien geëvalueerd?": the best passage names the body,
    the one given beside it the evaluation and its date. The answer holds every question word; before,
    only the best passage's words counted, and "geëvalueerd" was missing."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "besluit-havens.md").write_text(
        "Besluit havens 2024\n\n## Artikel 1\n\nEr is een adviesorgaan voor de kaaien en de sluizen van de haven.\n\n"
        "## Artikel 2\n\nHet wordt geëvalueerd in juli 2026 door de minister.\n", encoding="utf-8")
    (folder / "reglement-sporthal.txt").write_text(
        "Reglement van de sporthal\n\nArtikel 1\n\nDe sporthal is open van 8 tot 22 uur.\n", encoding="utf-8")
    draft = _answers_without_refusal(folder, tmp_path, drafts=True)(
        "Wanneer wordt het adviesorgaan voor de kaaien geëvalueerd?")
    assert "juli 2026" in draft.text and len(draft.sources) == 2
    assert draft.features["missing"] == 0.0


def test_a_title_the_document_repeats_is_said_once(tmp_path) -> None:
    """A text whose title stands twice at its top (a heading and the same first line, as converted
    treaties often have) answers with that sentence once."""
    folder = tmp_path / "docs"
    folder.mkdir()
    title = "Overeenkomst tussen de gemeente Aarde en de gemeente Beek betreffende het gezamenlijk beheer van de vijver"
    filler = "De partijen overleggen over het beheer. " * 4
    (folder / "overeenkomst-vijver.txt").write_text(
        f"{title}\n\n{title}\n\nArtikel 1\n\n{filler}\n\nArtikel 2\n\nDe vijver wordt tweemaal per jaar geruimd. {filler}\n",
        encoding="utf-8")
    answer = _answers_without_refusal(folder, tmp_path)("tussen welke gemeenten is de vijverovereenkomst gesloten?")
    assert answer.count("gemeente Aarde") == 1


def test_a_full_date_names_the_document_of_that_date(tmp_path) -> None:
    """ "de zitting van 12 maart 2024" names the minutes of that meeting among minutes of other dates,
    in words or in figures; a date that is no document's date names nothing."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for day, item in ((12, "de heraanleg van het marktplein"), (9, "de verkoop van een perceel grond"),
                      (23, "het reglement op de begraafplaatsen")):
        (folder / f"notulen-{day}.txt").write_text(
            f"Notulen van de gemeenteraad\n\nZitting van {day} april 2024\n\nDe raad bespreekt {item}. "
            "De zitting begint om 20 uur.\n", encoding="utf-8")
    settings = Settings(store=tmp_path / "store")
    store = open_store(settings, HashEmbeddings())
    assert run_ingest(settings, [str(folder)], store=store).failed == []
    retriever = build(settings, store=store).retriever
    assert retriever.named_documents("Hoe laat begon de zitting van 9 april 2024?")[0] == ["notulen-9.txt"]
    assert retriever.named_documents("Wat besprak de raad op 23/04/2024?")[0] == ["notulen-23.txt"]
    result = retriever.search("Hoe laat begon de zitting van 12 april 2024?")
    assert result.docs == ["notulen-12.txt"] and {"12", "april", "2024"} <= result.name_terms
    assert retriever.named_documents("Wat gebeurde er op 1 april 2024?")[0] == []


def test_a_list_question_is_not_answered_by_parts_that_do_not_name_what_it_lists(tmp_path) -> None:
    """ "Welke bruggen worden vernieuwd bij de heraanleg?": the articles about the heraanleg are no list
    of bridges; the passage that lists them answers. "Welke fietspaden ..." still gets the articles
    whose titles name fietspaden."""
    folder = tmp_path / "docs"
    folder.mkdir()
    filler = "De partijen overleggen hierover in de stuurgroep en brengen verslag uit aan de raad. " * 3
    (folder / "overeenkomst-heraanleg-kanaalzone.txt").write_text(
        "Overeenkomst heraanleg kanaalzone\n\n"
        f"Artikel 1 Doel van de heraanleg\n\nDeze overeenkomst regelt de heraanleg van de kanaalzone. {filler}\n\n"
        f"Artikel 2 Uitvoering van de heraanleg\n\nDe stad voert de heraanleg uit in drie fasen. {filler}\n\n"
        f"Artikel 3 Fietspaden langs de kanaalzone\n\nDe fietspaden worden verbreed tot vier meter. {filler}\n\n"
        f"Artikel 4 Kunstwerken\n\n{filler}Bij de heraanleg worden de brug aan de Zuidkaai en de brug te Meulestede "
        f"vernieuwd. {filler}\n", encoding="utf-8")
    ask = _answers_without_refusal(folder, tmp_path)
    bridges = ask("Welke bruggen worden vernieuwd bij de heraanleg?")
    assert not bridges.startswith("Hierover gaan") and "Meulestede" in bridges, bridges
    assert ask("Welke fietspaden zijn er in de kanaalzone?").startswith("Hierover gaan: Artikel 3")


def test_what_a_single_decision_document_decides(tmp_path) -> None:
    """ "Wat heeft het college beslist?" over a college decision is answered with what it decides (the
    articles after "Besluit", not the one that charges someone with carrying it out), even though those
    hold no word for a decision. A question about one point of it ("... over de kostprijs") is not
    answered with the whole decision, which does not hold that point."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "collegebesluit-speelplein-2024.txt").write_text(
        "Uittreksel uit de notulen van het college van burgemeester en schepenen\n\nZitting van 4 maart 2024\n\n"
        "Speelplein Molenveld: gunning van de herinrichting\n\nMotivering\n\nDe kostprijs van de herinrichting wordt "
        "geraamd op 48.000 euro, btw inbegrepen. Er werden drie offertes ontvangen.\n\nBesluit\n\nArtikel 1\n\n"
        "Het college gunt de opdracht voor de herinrichting van het speelplein Molenveld aan Groenwerken Peeters.\n\n"
        "Artikel 2\n\nDe dienst openbaar domein wordt belast met de uitvoering van dit besluit.\n", encoding="utf-8")
    ask = _answers_without_refusal(folder, tmp_path)
    whole = ask("Wat heeft het college beslist?")
    assert whole.startswith("Beslissing: Artikel 1 Het college gunt de opdracht"), whole
    assert "belast" not in whole
    point = ask("Wat besliste het college over de kostprijs?")
    assert not point.startswith("Beslissing:"), point


def test_the_joined_form_of_a_hyphenated_word_counts_only_when_the_documents_write_it() -> None:
    """ "VDAB-afdeling" gives "vdab", "afdeling" and "vdabafdeling": the joined form is only looked for
    when the documents write it joined; otherwise it would count as a rare word no passage holds."""
    from assistant.grounded import GroundedAnswerer

    def answerer(known: set[str]) -> GroundedAnswerer:
        return GroundedAnswerer(lambda t: 1.0 if t in known else 9.0, terms)

    q = analyse("Welke VDAB-afdeling werkt mee aan de arbeidsmarktstrategie?")
    parts = set(terms("vdab afdeling arbeidsmarktstrategie"))
    joined = terms("vdabafdeling")[0]
    assert set(answerer(parts)._focus(q, "")) >= parts and joined not in answerer(parts)._focus(q, "")
    assert joined in answerer(parts | {joined})._focus(q, "")


def test_the_secretary_of_a_council_under_the_title_it_holds_the_office_by(tmp_path) -> None:
    """Nobody in the minutes is called "secretaris": the council's secretary is its griffier (a Dutch
    council) or its algemeen directeur (a Flemish one), named with that title in the attendance list."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notulen-raad-2019-05-06.txt").write_text(
        "Notulen van de openbare vergadering van de gemeenteraad van 6 mei 2019\n\n"
        "Aanwezig: mevrouw A. Bakker, voorzitter; de heer P. de Vries, griffier; de heer K. Smit, raadslid; "
        "mevrouw L. Mulder, raadslid\n\n1. Opening\n\nDe voorzitter opent de vergadering om 19.30 uur en heet "
        "iedereen welkom.\n", encoding="utf-8")
    ask = _answers_without_refusal(folder, tmp_path)
    answer = ask("Wie was de secretaris van de raad?")
    assert answer.startswith("P. de Vries (griffier)"), answer


def _row_units(rows: list[str], last_far: bool = True) -> list:
    """Units of one chunk, one per row, each a little below the one before (the last far below)."""
    from assistant.grounded.passages import Unit
    from assistant.retrieval import Hit
    from ingest.records import Chunk

    text = "\n\n".join(rows)
    chunk = Chunk("c1", "besluitenlijst.txt", "h", "Besluitenlijst", "", None, 0, len(text), text)
    units, at = [], 0
    for i, row in enumerate(rows):
        score = 0.3 if last_far and i == len(rows) - 1 else 1.0 - i * 0.01
        units.append(Unit(Hit(chunk, 1.0), 1, at, at + len(row), row, {"value": 1.0}, score))
        at += len(row) + 2
    return units


def test_a_list_asked_for_quotes_its_rows_and_other_questions_two_units() -> None:
    """ "Welke evenementen ...?" is answered with every unit on a par with the best (up to LIST_UNITS), a
    question for one value with two at most; a unit far below the best is left out either way. A list
    with more close rows than it quotes says so ("Onder meer: ...")."""
    from assistant.grounded.answerer import LIST_UNITS, MORE_ROWS, GroundedAnswerer

    rows = [f"Toestemming voor bewaking door de vereniging - evenement {i} Akkoord" for i in range(LIST_UNITS + 2)]
    rows.append("De burgemeester ondertekent de lijst.")
    units = _row_units(rows)
    answerer = GroundedAnswerer(lambda t: 1.0, lambda t: [])
    listed = answerer._statements(analyse("Voor welke evenementen kregen verenigingen toestemming?"), [], units, {})
    assert [t for t, _ in listed] == [f"{MORE_ROWS} {rows[0]}", *rows[1:LIST_UNITS]]
    one = answerer._statements(analyse("Wie ondertekent de lijst?"), [], units, {})
    assert [t for t, _ in one] == rows[:2]


def test_a_list_quoted_whole_is_not_said_to_go_on() -> None:
    """The same question over a decision list of another shape (four permits and an unrelated closing
    line): every close row is quoted, and the answer does not say "onder meer"."""
    from assistant.grounded.answerer import MORE_ROWS, GroundedAnswerer

    rows = [f"Omgevingsvergunning voor het verbouwen van woning {i} - goedgekeurd" for i in range(4)]
    rows.append("De zitting wordt gesloten om 22 uur.")
    answerer = GroundedAnswerer(lambda t: 1.0, lambda t: [])
    listed = answerer._statements(analyse("Welke vergunningen werden goedgekeurd?"), [], _row_units(rows), {})
    assert [t for t, _ in listed] == rows[:4]
    assert not any(t.startswith(MORE_ROWS) for t, _ in listed)


def test_the_adjective_of_a_place_is_held_by_its_name() -> None:
    """ "Wie was er niet bij de Gentse gemeenteraad?": a passage of the minutes of Gent holds "Gentse";
    the attendance question's "raad" is how the meeting is named, not a word its answer must hold."""
    from assistant.grounded.passages import matches

    assert matches(terms("Gentse")[0], set(terms("gemeenteraad Gent")))
    assert matches(terms("Haagse")[0], set(terms("Den Haag")))
    assert not matches(terms("Gentse")[0], set(terms("gemeenteraad Brugge")))
    asked = analyse("Wie was er niet bij de Gentse gemeenteraad van 3 mei?")
    assert asked.slot_name == "attendance" and "gemeenterad" not in asked.own_terms
