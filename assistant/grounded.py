"""Grounded answers: built only from the documents, every statement cited, no LLM.

1. Fact questions (who signs, until when, how often, ...) are answered from the facts extracted at
   ingest time, one short Dutch sentence per document, cited with the fact's exact quote.
2. Other questions get the few sentences of the retrieved passages that answer best, each cited.
3. When neither is supported by the text, the answer says the documents do not contain it.

A fact answer is only used when the fact's text accounts for the question's own words; otherwise
the question asks something more specific and the extractive path (with its support check) decides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.actions import find_actions
from assistant.analysis import fold, terms, words
from assistant.answer import NOT_FOUND, Composer, Source
from assistant.intent import META_NOUNS, TYPED_WORDS, Intent, answer_type, detect
from assistant.retrieval import Hit, RetrievalResult, expand_query
from ingest.chunk import paragraphs, sentence_spans
from ingest.describe import DATE_PATTERN
from ingest.records import Chunk, DocumentInfo

# question words that never need to be found in the text
_GENERIC = set(terms(
    "overeenkomst samenwerkingsovereenkomst akkoord document documenten tekst staat vermeld volgens "
    "welke welk wie wat wanneer hoe waar graag geef me zeg kan kun je"
))
# a question that names no document gets a fact answer per document from all documents up to this
# many; beyond it, from the documents of the retrieved passages
ALL_DOCUMENTS_UP_TO = 10
_MONTH_YEAR = re.compile(r"\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+\d{4}\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_COUNT = re.compile(r"(?<![\d.])(?!(?:19|20)\d{2}\b)\d+(?:[.,]\d+)?\s*(?:%|x\b|keer\b)?|\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|honderd|duizend)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"€|\beuro\b|\bEUR\b")
_CONTACT = re.compile(r"@|\bwww\.|\b0\d{1,3}[ /.-]?\d{2,3}[ /.-]?\d{2}[ /.-]?\d{2}\b")
_NAME = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:\s+(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Ll]e)){0,2}\s+[A-ZÀ-Ý][a-zà-ÿ]+")


@dataclass
class Draft:
    text: str
    found: bool
    sources: list[Source]


class GroundedAnswerer:
    """Answers from facts and passages. `idf` gives the corpus weight of a term (from the BM25 index)."""

    def __init__(self, idf: Callable[[str], float], min_support: float = 0.5) -> None:
        self.idf = idf
        self.min_support = min_support

    def answer(self, question: str, result: RetrievalResult, documents: dict[str, DocumentInfo]) -> Draft:
        intent = detect(question)
        targets = self._targets(result, documents)
        if intent is not None and intent.name == "action_number" and self._residual(question, intent, targets):
            draft = self._within_action(question, intent, result, documents, targets)
            if draft is not None:
                return draft
        if intent is not None:
            draft = self._fact_answer(intent, question, targets, result)
            if draft is not None:
                return draft
        return self._extractive(question, intent, result, documents)

    def _within_action(self, question: str, intent: Intent, result: RetrievalResult,
                       documents: dict[str, DocumentInfo], targets: list[DocumentInfo]) -> Draft | None:
        """'Wat is de basishouding in actie 2.3?': the best sentences inside that action, after its title."""
        m = re.search(r"(\d+\.\d+)", question)
        if not m:
            return None
        for doc in targets:
            action = next((a for a in (doc.facts or {}).get("actions", []) or [] if a.get("number") == m.group(1)), None)
            source = _fact_source(doc, (action or {}).get("quote"))
            if action is None or source is None:
                continue
            inside = [h for h in result.hits if h.chunk.doc == doc.name and f"Actie {m.group(1)}" in h.chunk.section]
            draft = self._extractive(question, intent, result, documents, hits=inside,
                                     lead=(f"Actie {action['number']} – {action['title']}.", source))
            if draft.found:
                return draft
        return None

    # -- facts -----------------------------------------------------------------------------------

    @staticmethod
    def _targets(result: RetrievalResult, documents: dict[str, DocumentInfo]) -> list[DocumentInfo]:
        """The documents a fact answer looks at: those the question names; else, in a small store,
        every document; in a larger one, the documents of the retrieved passages (best first), so that
        an answer stays readable and its cost does not grow with the store."""
        if result.docs:
            names = list(result.docs)
        elif len(documents) <= ALL_DOCUMENTS_UP_TO:
            names = sorted(documents)
        else:
            names = list(dict.fromkeys(h.chunk.doc for h in result.hits))
        return [documents[n] for n in names if n in documents]

    def _residual(self, question: str, intent: Intent, targets: Sequence[DocumentInfo]) -> set[str]:
        """The question's content words that the intent and the document names do not explain."""
        explained = set(terms(" ".join(intent.triggers))) | _GENERIC
        for doc in targets:
            explained |= set(terms(label(doc)))
        return {t for t in terms(question) if t not in explained}

    @staticmethod
    def _covered(residual: set[str], text: str) -> bool:
        present = set(terms(text))
        return all(_matches(t, present) for t in residual)

    def _fact_answer(self, intent: Intent, question: str, targets: list[DocumentInfo],
                     result: RetrievalResult) -> Draft | None:
        handler = _HANDLERS.get(intent.name)
        if handler is None:
            return None
        residual = self._residual(question, intent, targets)
        composer = Composer()
        statements: list[tuple[DocumentInfo, str, list[Source]]] = []
        for doc in targets:
            found = handler(question, doc)
            if found:
                statements.append((doc, *found))
        if intent.name not in _SELF_CHECKED:
            statements = [s for s in statements
                          if self._covered(residual, " ".join([s[1], _doc_context(s[0]), *(x.quote for x in s[2])]))]
        if not statements:
            return None
        per_doc = len({s[0].name for s in statements}) > 1
        for doc, sentence, sources in statements:
            markers = "".join(composer.cite(s) for s in sources)
            prefix = f"{label(doc)}: " if per_doc else ""
            composer.add(prefix + _with_marker(sentence, markers))
        return Draft(composer.text(), True, composer.sources)

    # -- passages --------------------------------------------------------------------------------

    def _extractive(self, question: str, intent: Intent | None, result: RetrievalResult,
                    documents: dict[str, DocumentInfo], hits: Sequence[Hit] | None = None,
                    lead: tuple[str, Source] | None = None) -> Draft:
        """The few sentences of the retrieved passages that answer best, each cited; or a refusal.

        A passage supports an answer when it holds most of the question's content words (weighted by
        rarity), including the rarest one that occurs in the documents at all, and the sentence holds
        a word of the question that is not just a document name, plus the kind of value the question
        needs (a date for "wanneer", a number for "hoeveel", ...)."""
        hits = list(result.hits if hits is None else hits)
        need = answer_type(question)
        typed = set(terms(" ".join(TYPED_WORDS.get(need or "", ())))) | set(terms(" ".join(META_NOUNS)))
        own = [t for t in dict.fromkeys(terms(question)) if t not in _GENERIC and t not in typed]
        if intent is not None and intent.name in ("definition", "topic", "role", "person_role"):
            own = [t for t in own if t not in set(terms(" ".join(intent.triggers)))] or own
        expansion = [t for t in terms(expand_query(question)[len(question):]) if t not in own]
        if not own or not hits:
            return self._refuse(result)
        weight_all = sum(self.idf(t) for t in own)
        known = [t for t in own if self.idf(t) < self.idf("\x00")]  # terms that occur in the documents
        rarest = max(known, key=self.idf) if known else None
        subject = [t for t in own if t not in result.name_terms]
        needed = 1 if len(subject) <= 2 else 2
        candidates: list[tuple[float, Hit, int, int]] = []
        for rank, hit in enumerate(hits):
            doc = documents.get(hit.chunk.doc)
            local = set(terms(f"{hit.chunk.section} {hit.chunk.text} {label(doc) if doc else ''}"))
            context = local | set(terms(_doc_context(doc))) if doc else local
            # a name the question mentions ("in Wetteren") must be in the passage itself, not only
            # somewhere in the document's list of parties
            present = [t for t in own if _matches(t, local if t in result.name_terms else context)]
            support = sum(self.idf(t) for t in present) / weight_all if weight_all else 0.0
            # the rarest known word of the question is its subject: a passage without it supports
            # nothing, unless it holds nearly everything else
            if support < self.min_support or (rarest is not None and rarest not in present and support < 0.8):
                continue
            section_terms = set(terms(hit.chunk.section)) | (set(terms(_KIND_WORDS.get(doc.kind, ""))) if doc else set())
            for start, end in _sentences(hit.chunk.text):
                sentence = hit.chunk.text[start:end]
                sent_terms = set(terms(sentence))
                # the sentence itself must hold the question's subject, not only a document name
                if sum(_matches(t, sent_terms | section_terms) for t in subject) < needed:
                    continue
                score = sum(self.idf(t) for t in own if _matches(t, sent_terms))
                score += 0.5 * sum(self.idf(t) for t in expansion if t in sent_terms)
                score += 0.3 * sum(self.idf(t) for t in own if t in section_terms and t not in sent_terms)
                if not _has_value(sentence, need, question):
                    continue
                score *= support * (1.0 + 0.5 / (1 + rank))
                candidates.append((score, hit, start, end))
        if not candidates:
            return self._refuse(result)
        candidates.sort(key=lambda c: -c[0])
        best_score = candidates[0][0]
        chosen: list[tuple[Hit, int, int]] = []
        for score, hit, start, end in candidates:
            if score < 0.6 * best_score or len(chosen) >= 3:
                break
            if any(h.chunk.id == hit.chunk.id and abs(s - start) < 5 for h, s, _ in chosen):
                continue
            chosen.append((hit, start, end))
        first_hit, first_start, first_end = chosen[0]
        if intent is not None and intent.name == "definition" or first_end - first_start < 80:
            follow = _next_sentence(first_hit.chunk, first_end)
            if follow and all(not (h.chunk.id == first_hit.chunk.id and s == follow[0]) for h, s, _ in chosen):
                chosen.insert(1, (first_hit, *follow))
        composer = Composer()
        if lead is not None:
            composer.add(_with_marker(lead[0], composer.cite(lead[1])))
        per_doc = len({h.chunk.doc for h, _, _ in chosen}) > 1
        for hit, start, end in chosen:
            quote = hit.chunk.text[start:end]
            marker = composer.cite(_chunk_source(hit.chunk, start, end, documents))
            doc = documents.get(hit.chunk.doc)
            prefix = f"{label(doc)}: " if per_doc and doc else ""
            composer.add(prefix + _with_marker(_flat(quote), marker))
        return Draft(composer.text(), True, composer.sources)

    def _refuse(self, result: RetrievalResult) -> Draft:
        text = NOT_FOUND
        near = [h.chunk for h in result.hits[:2]]
        if near:
            places = "; ".join(f"{c.doc}, {c.section or 'begin'}" for c in near)
            text += f" De meest verwante passages, die de vraag niet beantwoorden: {places}."
        return Draft(text, False, [])


# -- helpers ---------------------------------------------------------------------------------------


def label(doc: DocumentInfo) -> str:
    """A short, readable name for a document in a per-document answer."""
    return Path(doc.name).stem.replace("-", " ").replace("_", " ")


# intents whose handler itself matches the question's words (the action finder, definitions)
_SELF_CHECKED = {"topic", "actions_domain", "ambitions"}


# words that describe a kind of document: "de notulen" is every sentence of a minutes document
_KIND_WORDS = {"minutes": "notulen gemeenteraad uittreksel", "agreement": "overeenkomst"}


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage, never across paragraphs."""
    return [span for p_start, p_end in paragraphs(text) for span in sentence_spans(text, p_start, p_end)]


def _doc_context(doc: DocumentInfo) -> str:
    """Words that name the document: file name, title, parties."""
    facts = doc.facts or {}
    parties = " ".join(f"{p.get('name', '')} {p.get('full_name') or ''}" for p in facts.get("parties", []) or [])
    minutes = facts.get("minutes") or {}
    item = (minutes.get("agenda_item") or {}).get("title", "")
    item += " " + (minutes.get("meeting_date") or {}).get("text", "")
    return f"{label(doc)} {doc.title} {item} {parties} {_KIND_WORDS.get(doc.kind, '')}"


def _with_marker(sentence: str, marker: str) -> str:
    """'... 31 december 2025 [1].': the citation goes before the closing punctuation."""
    sentence = sentence.rstrip()
    if sentence.endswith((".", ";", ":")) and not sentence.endswith("..."):
        return f"{sentence[:-1]} {marker}{sentence[-1]}"
    return f"{sentence} {marker}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _matches(term: str, context: set[str]) -> bool:
    """A term is in a text, also as the head of a Dutch compound ('bereid' in 'voorbereid')."""
    return term in context or (len(term) >= 5 and any(len(c) > len(term) and c.endswith(term) for c in context))


_ADDRESS = re.compile(r"\b[A-ZÀ-Ý][\w-]*(?:laan|straat|markt|Markt|plein|weg|lei|dreef|kaai|steenweg|square)\s+\d+|\b\d{4}\s+[A-ZÀ-Ý][a-z]+")


def _has_value(sentence: str, need: str | None, question: str) -> bool:
    if need is None:
        return True
    if need == "date":
        return bool(DATE_PATTERN.search(sentence) or _MONTH_YEAR.search(sentence) or _YEAR.search(sentence))
    if need == "number":
        return bool(_COUNT.search(sentence))
    if need == "amount":
        return bool(_AMOUNT.search(sentence))
    if need == "contact":
        return bool(_CONTACT.search(sentence))
    if need == "address":
        return bool(_ADDRESS.search(sentence))
    if need == "name":
        asked = set(words(question))
        return any(not set(words(m.group(0))) <= asked for m in _NAME.finditer(sentence[1:]))
    return True


def _next_sentence(chunk: Chunk, after: int) -> tuple[int, int] | None:
    for start, end in _sentences(chunk.text):
        if start >= after and chunk.text[start:end].strip():
            return start, end
    return None


def _chunk_source(chunk: Chunk, start: int, end: int, documents: dict[str, DocumentInfo]) -> Source:
    doc = documents.get(chunk.doc)
    return Source(chunk.doc, doc.title if doc else chunk.title, chunk.section, chunk.page,
                  chunk.text[start:end], chunk.id, chunk.start + start)


def _fact_source(doc: DocumentInfo, quote: dict | None) -> Source | None:
    if not quote or not quote.get("text"):
        return None
    return Source(doc.name, doc.title, str(quote.get("section", "")), quote.get("page"), str(quote["text"]),
                  None, quote.get("start"))


def _sources(doc: DocumentInfo, *quotes: dict | None) -> list[Source]:
    seen: list[Source] = []
    for q in quotes:
        s = _fact_source(doc, q)
        if s is not None and all(x.quote != s.quote for x in seen):
            seen.append(s)
    return seen


def _join(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _mentions(question: str, name: str) -> bool:
    q = set(words(question))
    name_words = [w for w in words(name) if w not in {"lokaal", "bestuur", "stad", "gemeente", "het", "de", "van"}]
    return bool(name_words) and all(w in q for w in name_words)


def _person(rep: dict) -> str:
    role = rep.get("role")
    return f"{rep['name']} ({role})" if role else str(rep["name"])


# -- one handler per intent: (question, document) -> (sentence, sources) or None ---------------------

Found = tuple[str, list[Source]] | None


def _parties_mentioned(question: str, doc: DocumentInfo) -> list[dict]:
    parties = (doc.facts or {}).get("parties", []) or []
    matched = [p for p in parties if _mentions(question, p.get("short") or p.get("name", ""))]
    if len(matched) > 1:
        # "namens VDAB de overeenkomst met stad Mechelen": the party right after namens/voor wins
        folded = fold(question)
        for p in matched:
            short = fold(p.get("short") or p.get("name", ""))
            if re.search(r"\b(namens|voor|vertegenwoordigt|tekent)\s+(?:het\s+|de\s+)?(?:lokaal bestuur\s+|stad\s+|gemeente\s+)?" + re.escape(short), folded):
                return [p]
    return matched


def _signatory(question: str, doc: DocumentInfo) -> Found:
    parties = _parties_mentioned(question, doc)
    if not parties:
        return None
    lines, sources = [], []
    for party in parties:
        reps = party.get("representatives", []) or []
        opening = [r for r in reps if r.get("where") == "opening"]
        signing = [r for r in reps if r.get("where") == "signature"]
        name = party.get("name") or party.get("short")
        if signing and opening and {r["name"] for r in signing} != {r["name"] for r in opening}:
            lines.append(f"In de aanhef wordt {name} vertegenwoordigd door {_join([_person(r) for r in opening])}; "
                         f"bij de ondertekening tekent {_join([_person(r) for r in signing])} namens {name}.")
            sources += _sources(doc, *[r.get("quote") for r in opening + signing])
        elif signing or opening:
            group = signing or opening
            lines.append(f"Namens {name} tekenen {_join([_person(r) for r in group])}."
                         if len(group) > 1 else f"Namens {name} tekent {_person(group[0])}.")
            sources += _sources(doc, *[r.get("quote") for r in group])
    return (" ".join(lines), sources) if lines and sources else None


def _role_words(question: str) -> list[str]:
    folded = fold(question)
    roles = [r for r in ("voorzitter", "burgemeester", "directeur", "bestuurder", "schepen", "secretaris",
                         "adjunct-algemeendirecteur", "algemeen directeur", "gedelegeerd bestuurder")
             if re.search(r"\b" + re.escape(r) + r"\b", folded)]
    if not roles and re.search(r"\bzat\b.*\bvoor\b", folded):
        roles = ["voorzitter"]
    return roles


def _people(doc: DocumentInfo) -> list[tuple[dict, dict | None]]:
    """(person, party) for every representative and minutes signatory."""
    facts = doc.facts or {}
    people: list[tuple[dict, dict | None]] = [
        (rep, party) for party in facts.get("parties", []) or [] for rep in party.get("representatives", []) or []
    ]
    minutes = facts.get("minutes") or {}
    people += [(s, None) for s in minutes.get("signatories", []) or []]
    return people


def _role(question: str, doc: DocumentInfo) -> Found:
    roles = _role_words(question)
    if not roles:
        return None
    mentioned = _parties_mentioned(question, doc)
    hits = []
    for person, party in _people(doc):
        role = fold(person.get("role") or "")
        if not all(any(w in role for w in fold(r).split()) for r in roles):
            continue
        if mentioned and party is not None and party not in mentioned:
            continue
        if not mentioned and party is not None and party.get("type") == "local_government" and \
                len([p for p in (doc.facts or {}).get("parties", []) if p.get("type") == "local_government"]) > 1:
            continue  # "wie is de voorzitter" without naming one of several municipalities
        hits.append((person, party))
    unique: dict[str, tuple[dict, dict | None]] = {}
    for person, party in hits:
        unique.setdefault(f"{person['name']}|{person.get('role')}", (person, party))
    if not unique:
        return None
    names = [_person(p) + (f" voor {party.get('name')}" if party else "") for p, party in unique.values()]
    return f"{_join(names)}.", _sources(doc, *[p.get("quote") for p, _ in unique.values()])


def _person_role(question: str, doc: DocumentInfo) -> Found:
    folded_q = fold(question)
    found = [(p, party) for p, party in _people(doc) if fold(p["name"]) in folded_q]
    if not found:
        return None
    lines = []
    for person, party in found:
        where = {"opening": "in de aanhef", "signature": "bij de ondertekening"}.get(person.get("where", ""), "")
        lines.append(f"{person['name']}: {person.get('role') or 'functie niet vermeld'}"
                     + (f" ({where})" if where else "") + ".")
    return " ".join(dict.fromkeys(lines)), _sources(doc, *[p.get("quote") for p, _ in found])


def _parties(question: str, doc: DocumentInfo) -> Found:
    parties = (doc.facts or {}).get("parties", []) or []
    if not parties:
        return None
    names = [p.get("name") or p.get("short") for p in parties]
    sources = _sources(doc, *[(p.get("representatives") or [{}])[0].get("quote") for p in parties])
    lead = ""
    if doc.title and " tussen " in f" {doc.title.lower()} ":
        lead = f"{doc.title.rstrip('.')}. "
        sources = _sources(doc, {"text": doc.title, "section": "", "page": 1 if doc.n_pages else None}) + sources
    return f"{lead}De partijen zijn {_join(names)}.", sources


def _end(question: str, doc: DocumentInfo) -> Found:
    facts = doc.facts or {}
    end, duration = facts.get("end"), facts.get("duration")
    if not end and not duration:
        return None
    parts = []
    if duration:
        parts.append(f"De overeenkomst wordt aangegaan {duration['text']}")
    if end:
        parts.append(f"{'met als uiterste einddatum' if duration else 'De overeenkomst loopt tot'} {end['text']}")
    return " ".join(parts) + ".", _sources(doc, (duration or {}).get("quote"), (end or {}).get("quote"))


def _start(question: str, doc: DocumentInfo) -> Found:
    facts = doc.facts or {}
    starts = facts.get("start_all") or ([facts["start"]] if facts.get("start") else [])
    if not starts:
        return None
    texts = _join([s["text"] for s in starts])
    return f"De overeenkomst gaat in op {texts}.", _sources(doc, *[s.get("quote") for s in starts])


def _clause(key: str, lead: str) -> Callable[[str, DocumentInfo], Found]:
    def handler(question: str, doc: DocumentInfo) -> Found:
        fact = (doc.facts or {}).get(key)
        if not fact:
            return None
        quote = fact.get("quote") or {}
        return f"{lead} “{_flat(quote.get('text', fact.get('text', '')))}”", _sources(doc, quote)

    return handler


def _bodies(question: str, doc: DocumentInfo) -> list[dict]:
    bodies = (doc.facts or {}).get("governance", []) or []
    q = set(terms(question))
    scored = [(len(q & set(terms(b.get("body", "")))), b) for b in bodies]
    top = max((s for s, _ in scored), default=0)
    return [b for s, b in scored if s == top and s > 0]


def _frequency(question: str, doc: DocumentInfo) -> Found:
    bodies = [b for b in _bodies(question, doc) if b.get("frequency")]
    if not bodies:
        return None
    lines = [f"{b['body']}: {b['frequency']}." for b in bodies]
    return " ".join(lines), _sources(doc, *[b.get("frequency_quote") or b.get("quote") for b in bodies])


def _inviter(question: str, doc: DocumentInfo) -> Found:
    bodies = [b for b in _bodies(question, doc) if b.get("inviter")]
    if not bodies:
        return None
    lines = []
    for b in bodies:
        quote = (b.get("inviter_quote") or {}).get("text", "")
        lines.append(f"{b['body']}: {b['inviter']} nodigt uit. “{_flat(quote)}”" if quote else f"{b['body']}: {b['inviter']} nodigt uit.")
    return " ".join(lines), _sources(doc, *[b.get("inviter_quote") for b in bodies])


def _members(question: str, doc: DocumentInfo) -> Found:
    bodies = _bodies(question, doc)
    if not bodies:
        return None
    named = [fold(p.get("short") or "") for p in _parties_mentioned(question, doc)]
    lines, sources = [], []
    for b in bodies:
        members = [m for m in b.get("members", []) or []
                   if not named or any(n and n in fold(m.get("party", "")) for n in named)]
        if not members:
            members = b.get("members", []) or []
        if not members:
            continue
        lines.append(f"{b['body']}: " + "; ".join(f"voor {m['party']}: {m['text']}" for m in members) + ".")
        sources += _sources(doc, *[m.get("quote") for m in members])
    return (" ".join(lines), sources) if lines else None


def _minutes_fact(key: str, render: Callable[[dict, dict], str]) -> Callable[[str, DocumentInfo], Found]:
    def handler(question: str, doc: DocumentInfo) -> Found:
        minutes = (doc.facts or {}).get("minutes") or {}
        fact = minutes.get(key)
        if not fact:
            return None
        return render(fact, minutes), _sources(doc, fact.get("quote"))

    return handler


def _meeting(fact: dict, minutes: dict) -> str:
    council = f"{minutes.get('council') or 'De gemeenteraad'}" + (f" van {minutes['municipality']}" if minutes.get("municipality") else "")
    return f"{council} vergaderde op {fact['text']}."


def _approval(question: str, doc: DocumentInfo) -> Found:
    minutes = (doc.facts or {}).get("minutes") or {}
    meeting, item = minutes.get("meeting_date"), minutes.get("agenda_item")
    if not meeting:
        return None
    text = f"De gemeenteraad keurde de overeenkomst goed in de vergadering van {meeting['text']}"
    if item:
        text += f" (agendapunt {item['number']})"
    vote = minutes.get("vote")
    if vote:
        text += f", {vote['text']}"
    return text + ".", _sources(doc, meeting.get("quote"), (item or {}).get("quote"), (vote or {}).get("quote"))


def _history(question: str, doc: DocumentInfo) -> Found:
    items = ((doc.facts or {}).get("minutes") or {}).get("history") or []
    if not items:
        return None
    decisions = [i for i in items if i.get("decision")] or items
    lines = [f"{i.get('date_text', '')}: {_flat(i.get('text', ''))}" for i in decisions]
    return "Eerdere beslissingen: " + " | ".join(lines), _sources(doc, *[i.get("quote") for i in decisions])


def _extract_signers(question: str, doc: DocumentInfo) -> Found:
    signers = ((doc.facts or {}).get("minutes") or {}).get("signatories") or []
    if not signers:
        return None
    blocks: dict[str, list[dict]] = {}
    for s in signers:
        blocks.setdefault(s.get("block", ""), []).append(s)
    names = {"namens": "Namens de gemeenteraad", "uittreksel": "Voor eensluidend uittreksel"}
    lines = [f"{names.get(b, 'Ondertekend')}: {_join([_person(s) for s in group])}." for b, group in blocks.items()]
    return " ".join(lines), _sources(doc, *[s.get("quote") for s in signers])


def _topic(question: str, doc: DocumentInfo) -> Found:
    matches = find_actions(question, [doc], limit=6)
    if not matches:
        return None
    lines = [f"Actie {m.number} {m.title}" + (f" ({m.subitem})" if m.subitem else "") for m in matches]
    return "Acties: " + "; ".join(lines) + ".", _sources(doc, *[m.quote for m in matches])


def _action_number(question: str, doc: DocumentInfo) -> Found:
    m = re.search(r"(\d+\.\d+)(\.\d+)?", question)
    if not m:
        return None
    for action in (doc.facts or {}).get("actions", []) or []:
        if action.get("number") != m.group(1):
            continue
        if m.group(2):
            for sub in action.get("subitems", []) or []:
                if sub.get("number") == m.group(0):
                    return f"{sub['number']} {sub['title']}: {_flat(sub.get('text', ''))}", _sources(doc, sub.get("quote"))
        text = f"Actie {action['number']} – {action['title']}."
        if action.get("text"):
            text += f" {_flat(action['text'])}"
        return text, _sources(doc, action.get("quote"))
    return None


def _actions_domain(question: str, doc: DocumentInfo) -> Found:
    m = re.search(r"actiedomein\s*(\d+)", fold(question))
    if not m:
        return None
    actions = [a for a in (doc.facts or {}).get("actions", []) or [] if (a.get("domain") or {}).get("number") == m.group(1)]
    if not actions:
        return None
    return "Acties: " + "; ".join(f"Actie {a['number']} {a['title']}" for a in actions) + ".", _sources(doc, *[a.get("quote") for a in actions])


def _ambitions(question: str, doc: DocumentInfo) -> Found:
    facts = doc.facts or {}
    ambitions = facts.get("ambitions") or []
    sources = _sources(doc, *(facts.get("ambition_quotes") or []))
    if not ambitions or not sources:
        return None
    return "De centrale ambities zijn: " + "; ".join(f"{i + 1}. {t}" for i, t in enumerate(ambitions)) + ".", sources


def _definition(question: str, doc: DocumentInfo) -> Found:
    q = set(words(question))
    for d in (doc.facts or {}).get("definitions", []) or []:
        if fold(d.get("term", "")) in q:
            return f"{d['term']} staat voor {d['text']}.", _sources(doc, d.get("quote"))
    return None


_HANDLERS: dict[str, Callable[[str, DocumentInfo], Found]] = {
    "signatory": _signatory,
    "role": _role,
    "person_role": _person_role,
    "parties": _parties,
    "end": _end,
    "start": _start,
    "termination": _clause("termination", "Over opzegging:"),
    "disputes": _clause("disputes", "Over betwistingen:"),
    "frequency": _frequency,
    "inviter": _inviter,
    "members": _members,
    "meeting_date": _minutes_fact("meeting_date", _meeting),
    "approval": _approval,
    "vote": _minutes_fact("vote", lambda f, m: f"De beslissing werd genomen {f['text']}."),
    "agenda_item": _minutes_fact("agenda_item", lambda f, m: f"Agendapunt {f['number']}: {f.get('title', '')}"),
    "financial": _minutes_fact("financial", lambda f, m: f"Financiële gevolgen: {f['text']}"),
    "history": _history,
    "extract_signers": _extract_signers,
    "topic": _topic,
    "action_number": _action_number,
    "actions_domain": _actions_domain,
    "ambitions": _ambitions,
    "definition": _definition,
}


def idf_from_index(document_frequency: Callable[[str], int], n: int) -> Callable[[str], float]:
    def idf(term: str) -> float:
        return math.log(1 + (n + 1) / (document_frequency(term) + 0.5))

    return idf
