"""The refusal model: standardised fitting, features that cannot be measured, lazy features, and the
threshold chosen on out-of-document probabilities (evals/calibrate.py)."""

from __future__ import annotations

import math
import random

from assistant.grounded.refusal import RefusalModel, fit
from evals.calibrate import THRESHOLD, out_of_document, utility


def _rows(n: int = 200, seed: int = 3) -> list[tuple[dict[str, float], bool, bool]]:
    """Cases whose correctness follows `lexical` and a similarity of small spread (0.8-0.9)."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        lexical, sim = rnd.random(), 0.8 + 0.1 * rnd.random()
        answerable = i % 5 != 0
        ok = answerable and lexical + 10 * (sim - 0.85) + rnd.gauss(0, 0.2) > 0.5
        rows.append(({"lexical": lexical, "answer_sim": sim}, ok, answerable))
    return rows


def test_fit_standardises_so_a_narrow_feature_counts_and_returns_weights_on_raw_features() -> None:
    rows = _rows()
    model = fit([(f, ok) for f, ok, _ in rows])
    assert model.weights["answer_sim"] > 5  # spread 0.1: only a standardised fit gives it its weight
    assert model.ranges["answer_sim"][0] >= 0.8 and model.ranges["answer_sim"][1] <= 0.9
    f = rows[0][0]
    z = model.bias + sum(model.weights[k] * f.get(k, model.means[k]) for k in model.weights)
    assert math.isclose(model.probability(f), 1 / (1 + math.exp(-z)), rel_tol=1e-9)


def test_a_feature_that_cannot_be_measured_takes_its_dev_mean() -> None:
    model = RefusalModel({"lexical": 4.0}, -2.0, 0.7, means={"lexical": 0.5})
    assert math.isclose(model.probability({}), 0.5)  # lexical missing: its mean 0.5 -> z = 0
    assert model.supported({"lexical": 1.0}) and not model.supported({"lexical": 0.5})


def test_a_lazy_feature_is_measured_only_when_the_level_depends_on_it() -> None:
    model = RefusalModel({"lexical": 4.0, "answer_sim": 10.0}, -10.5, 0.6, ranges={"answer_sim": (0.8, 0.9)})
    calls = []

    def measure() -> float:
        calls.append(1)
        return 0.9

    assert model.supported({"lexical": 2.0}, {"answer_sim": measure})  # z >= 5.5 over the whole range
    assert not model.supported({"lexical": 0.0}, {"answer_sim": measure})  # z <= -1.5 over the whole range
    assert calls == []
    features = {"lexical": 0.6}  # z from -0.1 to 0.9: refused or given depending on the similarity
    assert model.supported(features, {"answer_sim": measure})
    assert calls == [1] and features["answer_sim"] == 0.9


def test_the_threshold_follows_from_the_cost_of_a_wrong_answer_and_is_reported_out_of_document() -> None:
    assert THRESHOLD == 0.67  # a wrong answer costs twice a right one: answer when P(right) >= 2/3
    rows = _rows(300)
    groups = [f"doc{i % 10}" for i in range(len(rows))]
    probs = out_of_document(rows, groups)
    assert len(probs) == len(rows) and all(0 <= p <= 1 for p in probs)
    # answering everything costs more than answering only what the model gives 2/3 or more
    assert utility(probs, rows, THRESHOLD) > utility(probs, rows, 0.0)


def test_a_word_the_slot_explains_is_left_out_whole_also_when_the_index_splits_it() -> None:
    from assistant.analysis import terms
    from assistant.grounded.answerer import GroundedAnswerer
    from assistant.question import analyse

    def query_terms(text: str) -> list[str]:  # an index that splits "raadsleden" into "raad" + "leden"
        return [t for w in text.split() for t in (terms("raad leden") if w.lower() == "raadsleden" else terms(w))]

    answerer = GroundedAnswerer(lambda t: 1.0, query_terms)
    q = analyse("Welke raadsleden waren verontschuldigd op de gemeenteraad van Aalst?")
    assert q.slot_name == "attendance"
    focus = answerer._focus(q, "")
    assert not set(terms("raad leden")) & set(focus) and terms("aalst")[0] in focus


def test_a_lazy_feature_counts_within_its_range_on_dev() -> None:
    """A similarity far below what the model was fitted on (another embedding model) weighs as the
    lowest value seen on dev, and the lazy decision agrees with the full probability."""
    model = RefusalModel({"fact": 2.0, "answer_sim": 10.0}, -9.0, 0.5, {"answer_sim": 0.85}, {"answer_sim": (0.8, 0.9)})
    assert model.probability({"fact": 1.0, "answer_sim": 0.3}) == model.probability({"fact": 1.0, "answer_sim": 0.8})
    for sim in (0.3, 0.8, 0.85, 0.9, 0.99):
        features = {"fact": 1.0}
        lazy_says = model.supported(features, {"answer_sim": lambda s=sim: s})
        assert lazy_says == (model.probability({"fact": 1.0, "answer_sim": sim}) >= 0.5)


def test_a_decision_lists_one_word_status_is_a_status_value() -> None:
    from assistant.grounded.values import has_value

    assert has_value("Agendapunt 3 (Dringende sloop schuur): akkoord", "status")
    assert has_value("Aanvraag terrasvergunning: weigering", "status")
    assert not has_value("De stuurgroep komt vier keer per jaar samen.", "status")


def test_the_outcome_a_decision_list_gives_a_vote_is_a_vote_result() -> None:
    """ "Hoe is er gestemd over het amendement?": a row "Amendement 3 Groen Verworpen" answers it;
    "Kennis genomen" is no vote, and a count asked for needs a count."""
    from assistant.grounded.values import has_value

    assert has_value("2024_GR_00112 Amendement 3 Groen Parkeerbeleid Verworpen", "vote")
    assert has_value("Motie 7 over het zwembad: stemmen staken", "vote")
    assert not has_value("Agendapunt 4 Vraag van een raadslid over de markt: kennis genomen", "vote")
    assert not has_value("Amendement 3 Groen Parkeerbeleid Verworpen", "vote", "Hoeveel raadsleden stemden voor?")
    assert has_value("Het amendement wordt verworpen met 12 tegen 19 stemmen.", "vote", "Hoeveel raadsleden stemden voor?")


def test_no_cost_is_an_amount() -> None:
    """ "Kost dit de stad iets?": "Financiële gevolgen: Geen" or "zonder kosten" answers it; a decision
    without a figure does not."""
    from assistant.grounded.values import has_value

    assert has_value("Financiële gevolgen: Geen.", "amount")
    assert has_value("Het gebruik van de zaal is zonder kosten voor verenigingen.", "amount")
    assert has_value("Dit besluit heeft geen financiële gevolgen.", "amount")
    assert not has_value("De raad keurt de overeenkomst goed.", "amount")
    assert not has_value("De raad heeft geen bezwaar.", "amount")


def test_an_office_answers_who_and_hours_are_a_period() -> None:
    """ "Wie is de eerste twee jaar voorzitter?": "het lid van het college van burgemeester en
    wethouders" answers it by office; the office the question names itself does not ("wie is de
    directeur?" is not answered by "De directeur is belast met ..."). "Binnen welke termijn?": "binnen
    24 uur" is a period."""
    from assistant.grounded.values import has_value

    assert has_value("Als voorzitter fungeert het lid van het college van burgemeester en wethouders.", "person",
                     "Wie is de eerste twee jaar voorzitter?")
    assert not has_value("De directeur is belast met de uitvoering van de taken.", "person", "Wie is de directeur?")
    assert not has_value("Een lid kan zich laten vervangen.", "person", "Wie vervangt een lid?")
    assert has_value("De meldingen worden binnen 24 uur doorgegeven.", "duration")


def test_a_period_of_recurrence_or_a_number_of_times_is_a_frequency() -> None:
    """ "Hoe vaak ...": a report "telkens na vier jaar", an evaluation "vijfjaarlijks", "om de twee
    jaar", a term renewable "voor twee termijnen"; a single period ("binnen vijf jaar") is none."""
    from assistant.grounded.values import has_value

    assert has_value("De Raad stelt telkens na vier jaar een verslag op.", "frequency")
    assert has_value("Dit besluit wordt vijfjaarlijks geëvalueerd.", "frequency")
    assert has_value("Het bestuur vergadert om de twee maanden.", "frequency")
    assert has_value("De leden zijn maximaal voor twee termijnen herbenoembaar.", "frequency")
    assert not has_value("De Raad stelt binnen vijf jaar een verslag op.", "frequency")
    assert not has_value("De leden worden benoemd door de minister.", "frequency")


def test_a_day_of_every_year_is_a_date() -> None:
    """ "Tegen wanneer dient de vereniging haar jaarrekening in?": "vóór 15 maart" answers it without a
    year; a number beside a word that is no month does not."""
    from assistant.grounded.values import has_value

    assert has_value("De vereniging dient haar jaarrekening in vóór 15 maart.", "date")
    assert has_value("Het college legt de rekening uiterlijk op 30 juni voor.", "date")
    assert not has_value("De vereniging dient haar jaarrekening onverwijld in bij het college.", "date")
    assert not has_value("Zie artikel 15 meer bepaald het tweede lid.", "date")
    assert not has_value("De termijn loopt tot 15 maart.", "date", "Wat gebeurt er tot 15 maart?")


def test_a_value_the_question_states_itself_does_not_answer_it() -> None:
    """ "Hoeveel rijksambtenaren zijn minder dan 35% arbeidsongeschikt?" is not answered by a sentence whose
    only figure is that 35%; a date the question does not state is an answer, also beside a stated year,
    and so is the time of a meeting whose date the question gives."""
    from assistant.grounded.values import has_value

    asked = "Hoeveel leerlingen zijn minder dan 35% van de schooldagen afwezig?"
    assert not has_value("De school meldt wie meer dan 35% afwezig is.", "number", asked)
    assert has_value("De school meldt 412 leerlingen die minder dan 35% afwezig zijn.", "number", asked)
    assert not has_value("De huurprijs werd in 2019 herzien.", "amount", "Hoeveel huur betaalt de club sinds 2019?")
    assert has_value("Sinds 2019 betaalt de club 250 euro per maand.", "amount", "Hoeveel huur betaalt de club sinds 2019?")
    assert has_value("Het reglement gaat in op 1 april 2013.", "date", "Vanaf wanneer geldt het reglement van 2013?")
    assert not has_value("Het reglement van 2013 wordt geëvalueerd.", "date", "Vanaf wanneer geldt het reglement van 2013?")
    assert has_value("De raad vergaderde op 3 mei 2022 om 19.30 uur.", "date", "Hoe laat begon de raad van 3 mei 2022?")
    assert not has_value("De raad van 3 mei 2022 besprak artikel 2.13.", "date", "Hoe laat begon de raad van 3 mei 2022?")
    # a count in the question's year is still a new value ("1" is not the "1" of "2015")
    assert has_value("Er is 1 vacature.", "number", "Hoeveel vacatures waren er in 2015?")
