"""Grounded answers: built only from the documents, every statement cited, no LLM.

For each question (each part of a two-part question):
1. the question is analysed (assistant/question.py): the slot it asks for, the type of value, the
   words the slot explains;
2. the documents it means are chosen: those it names, else those of the best passages;
3. the facts extracted at ingest for the slot (grounded/fact_answers.py) and the best answer units of
   the retrieved passages (grounded/passages.py) are the candidates; a fact answers when it accounts
   for the question's own words, else the best units do;
4. a calibrated model (grounded/refusal.py) decides whether the answer is supported; if not, the
   answer is that the documents do not say it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.analysis import fold, held_terms, terms, words
from assistant.answer import NOT_FOUND, NOT_IN_CHOSEN, Composer, Source
from assistant.grounded.fact_answers import (
    ALWAYS,
    HANDLERS,
    FactAnswer,
    aliases,
    document_context,
    join,
    parties_mentioned,
    sources,
)
from assistant.grounded.passages import (
    Scorer,
    Unit,
    Weights,
    best_units,
    load_weights,
    matches,
    with_value_nearby,
)
from assistant.grounded.refusal import RefusalModel, load_model
from assistant.grounded.values import asks_value, has_value, written_dates
from assistant.labels import labels
from assistant.question import Question, analyse, paraphrase_terms
from assistant.retrieval import RetrievalResult, expand_query
from ingest.genre import genre
from ingest.records import DocumentInfo

# question words that never need to be found in the text
# (the document nouns, "overeenkomst", "akkoord", ..., are left out by _kind_terms from genre.toml)
_GENERIC = set(terms(
    "document documenten tekst staat vermeld volgens "
    "welke welk wie wat wanneer hoe waar graag geef me zeg kan kun je er"
))


@lru_cache(maxsize=1)
def _kind_terms() -> frozenset[str]:
    """The stems of the document nouns that only name a kind of document (genre.toml)."""
    g = genre()
    return frozenset(t for n in g.document_nouns if n not in g.content_document_nouns for t in terms(n))


def _names_kind(term: str, kinds: frozenset[str]) -> bool:
    """A stem that is a document noun, or a compound ending in one ("hslverdrag", "gevangenisverdrag")."""
    return term in kinds or any(len(term) >= len(k) + 3 and term.endswith(k) for k in kinds)


MAX_TARGETS = 3
TARGET_SHARE = 0.6  # a document is meant too when its best passage scores this share of the best one
FACT_COVER = 0.5  # a fact answers when it accounts for this share of the question's own words
SECOND_UNIT = 0.85  # a second unit is added when it scores this share of the best one
LIST_UNITS = 6  # units quoted at most for a list ("Voor welke evenementen ...?"); else two
MORE_ROWS = "Onder meer:"  # before a list quoted in part: more rows score as close as those shown
ANSWER_CHARS = 300  # of an answer's text, embedded to compare with the question

Search = Callable[[str, Sequence[str] | None], RetrievalResult]


@dataclass
class Draft:
    text: str
    found: bool
    sources: list[Source]
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class _Outcome:
    statements: list[tuple[str, list[Source]]]
    found: bool
    features: dict[str, float]


def with_marker(sentence: str, marker: str) -> str:
    """'... 31 december 2025 [1].': the citation goes before the closing punctuation."""
    sentence = sentence.rstrip()
    if sentence.endswith((".", ";", ":")) and not sentence.endswith("..."):
        return f"{sentence[:-1]} {marker}{sentence[-1]}"
    return f"{sentence} {marker}"


def _flat(text: str) -> str:
    return " ".join(text.split())


class GroundedAnswerer:
    """Answers from facts and passages. `idf(term)` is a term's rarity over the passages."""

    def __init__(self, idf: Callable[[str], float], query_terms: Callable[[str], list[str]],
                 weights: Weights | None = None, model: RefusalModel | None = None,
                 embed: Callable[[list[str]], list[list[float]]] | None = None, embed_model: str | None = None) -> None:
        self.idf = idf
        self.query_terms = query_terms
        self.weights = weights or load_weights()
        self.model = model or load_model()
        # the store's passage embedder: how close the answer itself is to the question. A similarity of
        # another model than the refusal model was fitted with is not comparable: it is not measured,
        # and the model counts its mean on dev instead
        foreign = bool(embed_model and self.model.embedding_model and embed_model != self.model.embedding_model)
        self.embed = None if foreign else embed

    def _in_documents(self, word: str) -> bool:
        """Whether the documents use a word (its stem is an index term)."""
        unknown = self.idf("\x00")
        return any(self.idf(t) < unknown for t in terms(word))

    # -- public ----------------------------------------------------------------------------------

    def answer(self, question: str, result: RetrievalResult, documents: dict[str, DocumentInfo],
               search: Search | None = None, decide: bool = True) -> Draft:
        """The answer, or a refusal when the refusal model finds it unsupported (`decide=False`
        answers whenever there is a candidate: for calibrating the model)."""
        q = analyse(question, self._in_documents)
        outside = self._parties_outside(q, result, documents)
        if outside:
            return Draft(NOT_IN_CHOSEN.format(names=join(outside)), False, [], {})
        if q.parts and search is not None:
            # a later part that only asks for another value of the same fact ("Wie tekende het besluit
            # en op welke datum?": the signature with its date) is answered by one fact that holds every
            # part's value; otherwise part by part
            later = [analyse(part, self._in_documents) for part in q.parts[1:]]
            if all(not p.own_terms and p.answer_type and (p.slot is None or p.slot_name == q.slot_name) for p in later):
                whole = self._one(q, result, documents, search=search, decide=decide)
                said = " ".join(text for text, _ in whole.statements)
                if whole.found and whole.features.get("fact") and all(has_value(said, p.answer_type) for p in later):
                    return self._draft([whole], [None])
            return self._parts(q, result, documents, search, decide)
        outcome = self._one(q, result, documents, search=search, decide=decide)
        return self._draft([outcome], [None])

    @staticmethod
    def _parties_outside(q: Question, result: RetrievalResult, documents: dict[str, DocumentInfo]) -> list[str]:
        """The parties the question names when none of the documents the search may use has any of
        them (the user chose other documents): "met gemeente X" asked of an agreement without X
        is not answered from that agreement."""
        if not result.docs or set(result.docs) == set(result.named_docs):
            return []  # no choice of the user's: the search is restricted to the documents the question names
        chosen = [documents[n] for n in result.docs if n in documents]
        if any(parties_mentioned(q, d.facts) for d in chosen):
            return []
        named: dict[str, None] = {}
        for doc in documents.values():
            if doc.name not in result.docs:
                for party in parties_mentioned(q, doc.facts):
                    named[party.short or party.name] = None
        return list(named)

    # -- parts -----------------------------------------------------------------------------------

    def _parts(self, q: Question, result: RetrievalResult, documents: dict[str, DocumentInfo],
               search: Search, decide: bool = True) -> Draft:
        outcomes, heads = [], []
        used: set[tuple[str, int | None]] = set()  # what an earlier part answered with
        whole = set(self.query_terms(q.text))
        for part in q.parts:
            # a later part often leaves its subject out ("... en waar zit het?"): search it with the
            # words of the whole question, but read its slot from the part alone
            part_q = analyse(part, self._in_documents)
            context = " ".join(w for w in q.text.split() if set(terms(w)) & (whole - set(terms(part))))
            part_result = search(f"{part} {context}".strip(), result.docs or None)
            outcome = self._one(part_q, part_result, documents, extra=context, search=search, exclude=used, decide=decide)
            if decide and outcomes and outcomes[0].found and not outcome.found and asks_value(part_q.answer_type):
                # the first part is supported, so the document and subject are settled: a later part that
                # asks for a kind of value (a number, a date, a name ...) is answered when its best answer
                # holds such a value. The refusal model was fitted on whole questions; a later part alone
                # ("en hoeveel wijst de minister er aan?") keeps few of the words it is judged by
                loose = self._one(part_q, part_result, documents, extra=context, search=search, exclude=used, decide=False)
                if loose.statements and not loose.features.get("value_missing"):
                    outcome = loose
            used |= {(src.doc, src.start) for _, srcs in outcome.statements for src in srcs}
            outcomes.append(outcome)
            heads.append(_as_written(part, q.text))
        return self._draft(outcomes, heads)

    def _draft(self, outcomes: list[_Outcome], heads: list[str | None]) -> Draft:
        composer = Composer()
        found_any = False
        given: set[str] = set()
        for outcome, head in zip(outcomes, heads):
            if not outcome.found:
                if head is not None:
                    composer.add(f"Over “{head}” staat niets in de documenten.")
                continue
            found_any = True
            for text, srcs in outcome.statements:
                if text in given:  # a document that repeats its title as its first line: said once
                    continue
                given.add(text)
                markers = "".join(composer.cite(s) for s in srcs)
                composer.add(with_marker(text, markers))
        features = outcomes[0].features if outcomes else {}
        if not found_any:
            return Draft(NOT_FOUND, False, [], features)
        return Draft(composer.text(), True, composer.sources, features)

    # -- one question ----------------------------------------------------------------------------

    def _one(self, q: Question, result: RetrievalResult, documents: dict[str, DocumentInfo],
             extra: str = "", decide: bool = True, search: Search | None = None,
             exclude: set[tuple[str, int | None]] | None = None) -> _Outcome:
        targets = self._targets(q, result, documents)
        if q.references and search is not None and targets:
            result = self._with_referenced(q, result, targets[0], search)
        focus = self._focus(q, extra)
        # what an answer must account for: the question's own words that do not just name a document
        residual = [t for t in focus if t not in result.name_terms]
        alternatives = paraphrase_terms(f"{q.text} {extra}")
        facts = self._facts(q, targets, residual, alternatives)
        # the words that name the document hold for all of it: a passage is chosen by the other words
        scorer = Scorer(q, self.idf, residual or focus, self._expansion(q, focus), [d.name for d in targets], self.weights,
                        alternatives)
        # one unit more than a list shows: whether the list goes on past what is quoted
        units = best_units(result.hits, scorer, limit=max(4, self._units_shown(q) + 1), exclude=exclude) if result.hits else []
        if exclude:
            facts = [f for f in facts if not any((s.doc, s.start) in exclude for s in f[1].sources)]
        features = self._features(q, residual, units, facts, result, documents)
        statements = self._statements(q, facts, units, documents)
        if not statements:
            return _Outcome([], False, features)
        if features.get("value_missing") and any(has_value(text, q.answer_type, q.text) for text, _ in statements):
            features["value_missing"] = 0.0  # the asked value stands in a unit added beside the best one
        if not features.get("fact") and len(statements) > 1 and features.get("missing"):
            # a passage added beside the best one holds what the answer says too
            said = " ".join(f"{text} {src.section} {document_context(documents[src.doc]) if src.doc in documents else ''}"
                            for text, srcs in statements for src in srcs)
            held = self._missing(residual, held_terms(f"{said} {written_dates(said)}"), alternatives)
            if held["missing"] < features["missing"]:
                features.update(held)
        lazy = {"answer_sim": lambda: self._answer_similarity(result.vector, statements)}
        if not decide:
            features.update({k: v for k, measure in lazy.items() if (v := measure()) is not None})
            return _Outcome(statements, True, features)
        found = self.model.supported(features, lazy)
        return _Outcome(statements if found else [], found, features)

    def _answer_similarity(self, vector: list[float] | None, statements: list[tuple[str, list[Source]]]) -> float | None:
        """Cosine similarity of the question's embedding and the answer's text (its first
        ANSWER_CHARS): the passages were ranked as chunks, this measures what is actually said."""
        if vector is None or self.embed is None:
            return None
        text = " ".join(t for t, _ in statements)[:ANSWER_CHARS]
        answer = self.embed([text])[0]
        norm = math.sqrt(sum(a * a for a in answer)) * math.sqrt(sum(v * v for v in vector))
        return sum(a * v for a, v in zip(answer, vector)) / norm if norm else None

    @staticmethod
    def _with_referenced(q: Question, result: RetrievalResult, doc: DocumentInfo, search: Search) -> RetrievalResult:
        """ "Wat zegt artikel 12?": the passages of the referenced article, item or action first (the
        lexical index holds section paths, so the reference finds its own section)."""
        kind, number = q.references[0]
        extra = search(f"{kind} {number} {q.text}", [doc.name]).hits
        seen = {h.chunk.id for h in extra}
        return RetrievalResult(extra + [h for h in result.hits if h.chunk.id not in seen], result.docs,
                               result.named_docs, result.expanded, result.name_terms, result.vector)

    def _targets(self, q: Question, result: RetrievalResult, documents: dict[str, DocumentInfo]) -> list[DocumentInfo]:
        """The documents the question means: those it names (or the search was restricted to), else
        the documents whose best passage scores close to the best one."""
        best: dict[str, float] = {}
        for hit in result.hits:
            best[hit.chunk.doc] = max(best.get(hit.chunk.doc, 0.0), hit.score)
        if result.docs:
            names = sorted(result.docs, key=lambda d: -best.get(d, 0.0))
            # the documents' facts are read (from the store) only for the targets kept
            return [documents[n] for n in [n for n in names if n in documents][: MAX_TARGETS * 3]]
        if not best:
            return []
        top = max(best.values())
        share = 0.0 if q.wants_all else TARGET_SHARE
        names = [d for d, v in sorted(best.items(), key=lambda kv: -kv[1]) if v >= share * top]
        kept = [n for n in names if n in documents][: (len(names) if q.wants_all else MAX_TARGETS)]
        return [documents[n] for n in kept]

    def _focus(self, q: Question, extra: str) -> list[str]:
        """The question's content stems that the slot and the question words do not explain. A word
        the slot explains is left out whole, also when the index splits it ("raadsleden" -> raad, leden);
        so is a word that only names the kind of document ("het verdrag", "het hsl-verdrag": "hsl" stays),
        and the joined form of a hyphenated word the documents never write joined ("VDAB-afdeling": its
        parts stay, "vdabafdeling" would count as a word no passage holds)."""
        focus: list[str] = []
        kinds = _kind_terms()
        text = f"{q.text} {extra}"
        joined = {"".join(re.split(r"[-']", token)) for token in re.findall(r"\w+(?:-\w+)+", fold(text))}
        for word in words(text):
            if all(t in q.explained or t in _GENERIC or _names_kind(t, kinds) for t in terms(word)):
                continue
            if word in joined and not self._in_documents(word):
                continue
            focus += [t for t in self.query_terms(word)
                      if t not in q.explained and t not in _GENERIC and not _names_kind(t, kinds) and t not in focus]
        return focus

    def coverage(self, terms_: list[str], present: set[str], alternatives: dict[str, set[str]]) -> float:
        """Share of `terms_` (by rarity) that `present` holds, a paraphrase's document words counting
        for the word they stand for; 1.0 when there is nothing to account for."""
        total = sum(self.idf(t) for t in terms_)
        if not total:
            return 1.0
        held = sum(self.idf(t) for t in terms_
                   if matches(t, present, compounds=True) or any(a in present for a in alternatives.get(t, ())))
        return held / total

    def _expansion(self, q: Question, own: list[str]) -> list[str]:
        return [t for t in terms(expand_query(q.text)[len(q.text):]) if t not in own]

    def _facts(self, q: Question, targets: list[DocumentInfo], residual: list[str],
               alternatives: dict[str, set[str]]) -> list[tuple[DocumentInfo, FactAnswer, float]]:
        """Fact answers of the target documents, with the share of the question's own words each
        accounts for (the fact, its quotes and what names the document)."""
        # a list asked for without a slot ("welke voetbalwedstrijden ..."): the items, articles or
        # actions it names, as the topic finder lists them
        listed = not q.slot and q.answer_type == "list"
        handlers = ALWAYS + (HANDLERS.get(q.slot_name or "", ()) if q.slot else HANDLERS["topic"] if listed else ())
        # what such a list holds ("welke bruggen ...": bridges): parts of the document whose labels do not
        # name it are about the question's other words, not a list of those things
        head = terms(m.group(1)) if listed and (m := _LIST_HEAD.search(fold(q.text))) else []
        found = []
        for doc in targets:
            for handler in handlers:
                fact = handler(q, doc)
                if fact is None:
                    continue
                said = " ".join([fact.text, fact.context, *(s.quote for s in fact.sources)])
                context = held_terms(" ".join([said, written_dates(said), document_context(doc), *aliases(doc, said),
                                               *(s.section for s in fact.sources)]))
                if handler not in ALWAYS and head and not any(matches(t, set(terms(fact.text)), compounds=True) for t in head):
                    continue
                found.append((doc, fact, self.coverage(residual, context, alternatives)))
                break
        return found

    def _features(self, q: Question, residual: list[str], units: list[Unit],
                  facts: list[tuple[DocumentInfo, FactAnswer, float]], result: RetrievalResult,
                  documents: dict[str, DocumentInfo]) -> dict[str, float]:
        top = units[0] if units else None
        f = dict(top.features) if top else {}
        f["score"] = top.score if top else 0.0
        f["margin"] = (top.score - units[1].score) if len(units) > 1 and top else (top.score if top else 0.0)
        best_fact = max((c for _, _, c in facts), default=None)
        f["fact"] = 1.0 if best_fact is not None and best_fact >= FACT_COVER else 0.0
        f["fact_cover"] = best_fact or 0.0
        # the rarest word of the question is usually what it is about: an answer without it often
        # answers something else ("de bijdrage van de EU" answered with another party's contribution)
        # measured on the evidence the answer is made of: a fact that covers the question, else the top unit
        used = [(doc, fact) for doc, fact, cover in facts if cover >= FACT_COVER]
        if used:
            doc, fact = used[0]
            said = " ".join([fact.text, *(s.quote for s in fact.sources)])
            present = held_terms(" ".join([document_context(doc), said, written_dates(said),
                                           *(s.section for s in fact.sources)]))
        else:
            # the words that name the passage's document ("de Commissie grensarbeiders", "het hsl-verdrag")
            # are held by it as they are by a fact: a passage seldom repeats its document's subject
            own_doc = document_context(documents[top.doc]) if top and top.doc in documents else ""
            present = held_terms(f"{top.text} {written_dates(top.text)} {top.hit.chunk.section} {own_doc}") if top else set()
        f.update(self._missing(residual, present, paraphrase_terms(q.text)))
        # the asked kind of value (an amount, a date ...) missing from what the answer says: the covering
        # fact ("Welk budget is voorzien voor actie 2.1?" answered with the action's text), else the top unit
        held = (used[0][1].states_value or has_value(used[0][1].text, q.answer_type, q.text)) if used else f.get("value", 1.0)
        f["value_missing"] = f.get("typed", 0.0) * (1.0 - float(held))
        unknown_idf = self.idf("\x00")
        f["unknown"] = sum(1 for t in residual if self.idf(t) >= unknown_idf) / max(len(residual), 1)
        f["named"] = 1.0 if result.named_docs else 0.0
        f["n_own"] = min(len(residual), 6) / 6
        return f

    def _missing(self, residual: list[str], present: set[str], alternatives: dict[str, set[str]]) -> dict[str, float]:
        """How much of the question's own words (by rarity) an answer's words lack, and whether the
        rarest is among them."""
        missing = [t for t in residual if not (matches(t, present) or any(a in present for a in alternatives.get(t, ())))]
        rarest = max(residual, key=self.idf) if residual else None
        return {"rare_missing": 1.0 if rarest is not None and rarest in missing else 0.0,
                "missing": sum(self.idf(t) for t in missing) / (sum(self.idf(t) for t in residual) or 1.0)}

    def _statements(self, q: Question, facts: list[tuple[DocumentInfo, FactAnswer, float]], units: list[Unit],
                    documents: dict[str, DocumentInfo]) -> list[tuple[str, list[Source]]]:
        good = [(doc, fact) for doc, fact, cover in facts if cover >= FACT_COVER and fact.sources]
        if good:
            per_doc = len({doc.name for doc, _ in good}) > 1
            names = labels([doc for doc, _ in good])
            return [((f"{names[doc.name]}: " if per_doc else "") + fact.text, fact.sources) for doc, fact in good]
        if not units:
            return []
        chosen = [units[0]]
        cut_off = False  # a list with more close rows than it quotes says so ("Onder meer: ...")
        for unit in units[1:]:
            if any(_flat(unit.text) == _flat(c.text) for c in chosen):
                continue  # a document that repeats its title as its first line: one row, said once
            close = unit.score >= SECOND_UNIT * units[0].score and unit.doc == units[0].doc
            if len(chosen) >= self._units_shown(q):
                cut_off = close and q.answer_type == "list"
                break
            completes = (q.answer_type and not units[0].features.get("value") and unit.features.get("value")
                         and unit.doc == units[0].doc and unit.features.get("lexical", 0) > 0)
            if close or completes:
                chosen.append(unit)
        if q.answer_type and not chosen[0].features.get("value"):
            neighbour = with_value_nearby(chosen[0], q.answer_type)
            if neighbour is not None and all(neighbour.start != u.start or neighbour.hit is not u.hit for u in chosen):
                chosen.insert(0 if neighbour.start < chosen[0].start else 1, neighbour)
        per_doc = len({u.doc for u in chosen}) > 1
        names = labels([documents[u.doc] for u in chosen if u.doc in documents])
        statements = []
        for unit in chosen:
            doc = documents.get(unit.doc)
            src = Source(unit.doc, doc.title if doc else unit.hit.chunk.title, unit.hit.chunk.section, unit.hit.chunk.page,
                         unit.text, unit.hit.chunk.id, unit.hit.chunk.start + unit.start)
            prefix = f"{names[doc.name]}: " if per_doc and doc else ""
            article = _article_of(unit.hit.chunk.section) if q.asks_article else None
            if article and not _flat(unit.text).lower().startswith(article.lower()):
                prefix += f"{article}: "
            statements.append((prefix + _flat(unit.text), [src]))
        if cut_off:
            text, srcs = statements[0]
            statements[0] = (f"{MORE_ROWS} {text}", srcs)
        return self._with_meeting_date(q, statements, chosen, documents)

    @staticmethod
    def _units_shown(q: Question) -> int:
        """How many close units an answer quotes: a list asked for takes its rows ("Welke moties ..."),
        one on a par with the best of its document each."""
        return LIST_UNITS if q.answer_type == "list" else 2

    @staticmethod
    def _with_meeting_date(q: Question, statements: list[tuple[str, list[Source]]], chosen: list[Unit],
                           documents: dict[str, DocumentInfo]) -> list[tuple[str, list[Source]]]:
        """When something of minutes or a decision list was decided ("Op welke datum heeft de raad over X
        beslist?"): the meeting's date, when the passage that states the decision gives none."""
        doc = documents.get(chosen[0].doc)
        minutes = doc.facts.minutes if doc else None
        if (q.answer_type != "date" or doc is None or minutes is None or minutes.meeting_date is None
                or not genre().decided.search(fold(q.text))
                or any(has_value(text, "date", q.text) for text, _ in statements)):
            return statements
        text, srcs = statements[0]
        date = sources(doc, minutes.meeting_date.quote)
        return [(f"Op de vergadering van {minutes.meeting_date.text}: {text}", date + srcs), *statements[1:]]


_LIST_HEAD = re.compile(r"\bwelke\s+(\w+)")  # the things a list question asks for
_ARTICLE_LABEL = re.compile(r"^(?:Artikel|Art\.?)\s*\d+\w*(?:\.\d+)?", re.IGNORECASE)


def _article_of(section: str) -> str | None:
    """The innermost article of a section path ("Hoofdstuk 2 > Artikel 11 > 2"): "Artikel 11"."""
    for part in reversed(section.split(" > ")):
        m = _ARTICLE_LABEL.match(part.strip())
        if m:
            return m.group(0)
    return None


def _as_written(part: str, question: str) -> str:
    """A part of a two-part question as the user wrote it (the parts are found in the folded text:
    lower case, accents removed)."""
    folded = fold(question)
    at = folded.find(part)
    if at >= 0 and len(folded) == len(question):
        return question[at : at + len(part)]
    # a part joined from two places ("X: waar getekend" of "X: waar en wanneer getekend"): word by word
    written = {fold(w): w for w in question.split()}
    return " ".join(written.get(w, w) for w in part.split())


def idf_from_index(document_frequency: Callable[[str], int], n: int) -> Callable[[str], float]:
    def idf(term: str) -> float:
        return math.log(1 + (n + 1) / (document_frequency(term) + 0.5))

    return idf
