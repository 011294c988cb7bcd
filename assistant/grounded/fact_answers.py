"""Answers built from the facts extracted at ingest, one handler per slot (ingest/genre.toml).

A handler gets the analysed question and one document and returns a short Dutch statement with the
quotes that support it, or None. It also returns the words the statement stands for, so that the
answerer can check that the fact accounts for what the question asks ("Wie tekent de bijlage?" is
not answered with the agreement's signatories).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.analysis import fold, terms, words
from assistant.answer import Source
from assistant.dutch import join, with_article
from assistant.question import Question
from ingest.facts.dates import DATE, iso_from_match
from ingest.facts.model import AgendaItem, Body, DateFact, DocumentFacts, Minutes, Party, Person, Quote, Vote
from ingest.genre import genre
from ingest.records import DocumentInfo


@dataclass(frozen=True)
class FactAnswer:
    text: str
    sources: list[Source]
    context: str  # words the fact stands for
    states_value: bool = False  # it is the asked value itself, whatever its words (a document's decision)


def source(doc: DocumentInfo, quote: Quote | None) -> Source | None:
    if quote is None or not quote.text:
        return None
    return Source(doc.name, doc.title, quote.section, quote.page, quote.text, None, quote.start)


def sources(doc: DocumentInfo, *quotes: Quote | None) -> list[Source]:
    found: list[Source] = []
    for q in quotes:
        s = source(doc, q)
        if s is not None and all(x.quote != s.quote for x in found):
            found.append(s)
    return found


def person(p: Person) -> str:
    return f"{p.name} ({p.role})" if p.role else p.name


def flat(text: str) -> str:
    return " ".join(text.split())


def sentence(text: str) -> str:
    """A quoted sentence as a statement: whitespace collapsed, a capital first, a full stop last."""
    text = flat(text).rstrip(" ;,")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def document_context(doc: DocumentInfo) -> str:
    """The words that name a document: title, parties, the deciding body, meeting date and place."""
    facts = doc.facts
    words_ = [doc.title, Path(doc.name).stem.replace("-", " ").replace("_", " "),
              *(f"{p.name} {p.short} {p.full_name or ''}" for p in facts.parties)]
    if facts.minutes:
        m = facts.minutes
        words_ += [m.council or "", m.municipality or "", m.meeting_date.text if m.meeting_date else ""]
    if facts.signed:
        words_ += [facts.signed.place or "", facts.signed.text or ""]
    words_.append({"minutes": "notulen besluitenlijst vergadering", "agreement": "overeenkomst"}.get(doc.kind, ""))
    return " ".join(words_)


ALIAS_WORDS = 8  # a definition this short names something ("hierna te noemen: de Accreditatieorganisatie")


def aliases(doc: DocumentInfo, text: str) -> list[str]:
    """The full names behind the short names `text` uses: "de Accreditatieorganisatie" stands for
    "de Nederlands-Vlaamse Accreditatieorganisatie" where the document says so ("hierna te noemen")."""
    folded = text.lower()
    return [d.text for d in doc.facts.definitions
            if len(d.text.split()) <= ALIAS_WORDS and re.search(rf"\b{re.escape(d.term.lower())}\b", folded)]


# -- which party, body or item the question is about ----------------------------------------

_PARTY_FILLER = {"lokaal", "bestuur", "stad", "gemeente", "het", "de", "van", "der", "den", "en", "voor"}


def _alias_words(question: Question) -> set[str]:
    q = set(words(question.text))
    aliases = genre().aliases
    for word in list(q):
        q |= aliases.get(word, frozenset())
    return q


def parties_mentioned(question: Question, facts: DocumentFacts) -> list[Party]:
    """Parties whose name words (or the usual names of their region or country) the question uses."""
    q = _alias_words(question)
    found = []
    for party in facts.parties:
        name_words = [w for w in words(f"{party.short} {party.name}") if w not in _PARTY_FILLER and len(w) > 2]
        if name_words and any(w in q for w in name_words):
            found.append(party)
    if len(found) > 1:
        # "namens VDAB de overeenkomst met stad Mechelen": the party after namens/voor/tekent wins
        for party in found:
            short = fold(party.short)
            if re.search(r"\b(?:namens|voor|vertegenwoordigt|tekent|tekende)\s+(?:het\s+|de\s+)?(?:lokaal bestuur\s+|stad\s+|gemeente\s+)?"
                         + re.escape(short), question.folded):
                return [party]
    return found


def _overlap(question: Question, text: str) -> float:
    """How many of the question's own words a text holds; a word that is part of a compound on the
    other side ("wethouderstaken" and "wethouders") counts half."""
    present = set(terms(text))
    score = 0.0
    for t in question.own_terms:
        if t in present:
            score += 1
        elif len(t) >= 4 and any(len(w) >= 4 and (t.startswith(w) or t.endswith(w) or w.startswith(t) or w.endswith(t))
                                 for w in present):
            score += 0.5
    return score


def best_by_words(question: Question, items: Sequence, text_of: Callable) -> list:
    """The items sharing most content words with the question (ties kept), none when none share any."""
    scored = [(_overlap(question, text_of(i)), i) for i in items]
    top = max((s for s, _ in scored), default=0)
    return [i for s, i in scored if s == top and s > 0]


# -- handlers ----------------------------------------------------------------------------------

Found = FactAnswer | None


def signatory(question: Question, doc: DocumentInfo) -> Found:
    facts = doc.facts
    mentioned = parties_mentioned(question, facts)
    lines, srcs, context = [], [], []
    for party in mentioned or facts.parties:
        signing = [r for r in party.representatives if r.where == "signature"]
        opening = [r for r in party.representatives if r.where == "opening"]
        name = with_article(party.name, party.quote, *[r.quote for r in party.representatives])
        if signing and opening and {r.name for r in signing} != {r.name for r in opening}:
            lines.append(f"In de aanhef wordt {name} vertegenwoordigd door {join([person(r) for r in opening])}; "
                         f"bij de ondertekening tekent {join([person(r) for r in signing])} namens {name}.")
            srcs += sources(doc, *[r.quote for r in opening + signing])
        elif signing or opening:
            group = signing or opening
            verb = "tekenen" if len(group) > 1 else "tekent"
            lines.append(f"Namens {name} {verb} {join([person(r) for r in group])}.")
            srcs += sources(doc, *[r.quote for r in group])
        context.append(f"{party.name} {party.short}")
    if not lines:
        others = [p for p in facts.signatories if not p.party]
        if not others or mentioned:
            return None
        lines.append(f"Ondertekend door {join([person(p) for p in others])}.")
        srcs += sources(doc, *[p.quote for p in others])
    if facts.signed and facts.signed.text and lines:
        where = f" te {facts.signed.place}" if facts.signed.place else ""
        lines.append(f"Getekend{where} op {facts.signed.text}.")
        srcs += sources(doc, facts.signed.quote)
    return FactAnswer(" ".join(lines), srcs, " ".join(context)) if srcs else None


_ROLE_WORDS = ("voorzitter", "ondervoorzitter", "burgemeester", "directeur", "bestuurder", "schepen", "secretaris",
               "griffier", "adjunct-algemeendirecteur", "algemeen directeur", "gedelegeerd bestuurder", "minister",
               "staatssecretaris", "penningmeester", "wethouder")


def _people(facts: DocumentFacts) -> list[tuple[Person, Party | None]]:
    people: list[tuple[Person, Party | None]] = [(r, p) for p in facts.parties for r in p.representatives]
    people += [(s, None) for s in facts.signatories if not s.party]
    if facts.minutes:
        people += [(s, None) for s in facts.minutes.signatories + facts.minutes.officers]
    people += [(s, None) for s in facts.appointees]
    return people


def chair(question: Question, doc: DocumentInfo) -> Found:
    """ "Wie is de voorzitter van ...": the people whose role has the asked role word."""
    roles = [r for r in _ROLE_WORDS if re.search(r"\b" + re.escape(r) + r"\b", question.folded)]
    if not roles and re.search(r"\bza[t]\b.*\bvoor\b|\bzit\b.*\bvoor\b", question.folded):
        roles = ["voorzitter"]
    if not roles:
        return None
    mentioned = parties_mentioned(question, doc.facts)
    hits = _holding(roles, mentioned, doc.facts)
    office = ""  # the asked office, when its holder goes by another title
    if not hits and len(roles) == 1:  # nobody is called "secretaris": the title the office is held under
        for alias in genre().role_aliases.get(fold(roles[0]), ()):
            hits = hits or _holding([alias], mentioned, doc.facts)
        office = roles[0] if hits else ""
    if not hits:
        return None
    names = [person(p) + (f" voor {party.name}" if party else "") for p, party in hits.values()]
    return FactAnswer(f"{join(names)}.", sources(doc, *[p.quote for p, _ in hits.values()]),
                      " ".join(f"{office} {p.role or ''} {party.name if party else ''}" for p, party in hits.values()))


def _holding(roles: list[str], mentioned: list[Party], facts: DocumentFacts) -> dict[str, tuple[Person, Party | None]]:
    """The people whose role has every asked role word, of the parties the question names."""
    local = [p for p in facts.parties if p.type == "local_government"]
    hits: dict[str, tuple[Person, Party | None]] = {}
    for p, party in _people(facts):
        role = fold(p.role or "")
        if not all(any(w in role for w in fold(r).split()) for r in roles):
            continue
        if mentioned and party is not None and party not in mentioned:
            continue
        if not mentioned and party is not None and party.type == "local_government" and len(local) > 1:
            continue  # "wie is de voorzitter" without naming one of several municipalities
        hits.setdefault(f"{p.name}|{p.role}", (p, party))
    return hits


def person_role(question: Question, doc: DocumentInfo) -> Found:
    """ "Welke functie heeft X?": the role of a person the question names."""
    found = [(p, party) for p, party in _people(doc.facts) if fold(p.name) in question.folded]
    if not found:
        return None
    where_nl = {"opening": "in de aanhef", "signature": "bij de ondertekening"}
    lines = [f"{p.name}: {p.role or 'functie niet vermeld'}" + (f" ({where_nl[p.where]})" if p.where in where_nl else "") + "."
             for p, _ in found]
    return FactAnswer(" ".join(dict.fromkeys(lines)), sources(doc, *[p.quote for p, _ in found]),
                      " ".join(p.name for p, _ in found))


def parties(question: Question, doc: DocumentInfo) -> Found:
    facts = doc.facts
    if len(facts.parties) < 2:
        return None
    names = [p.name for p in facts.parties]
    srcs = sources(doc, *[p.quote or (p.representatives[0].quote if p.representatives else None) for p in facts.parties])
    lead = "De partijen zijn" if facts.parties_complete else "De partijen zijn onder meer"
    text = f"{lead} {join(names)}."
    if doc.title and " tussen " in f" {doc.title.lower()} ":
        srcs = sources(doc, Quote(text=doc.title, start=0, end=len(doc.title), section="", page=1 if doc.n_pages else None)) + srcs
        text = f"{doc.title.rstrip('.')}. {text}"
    return FactAnswer(text, srcs, " ".join(names)) if srcs else None


def end(question: Question, doc: DocumentInfo) -> Found:
    facts = doc.facts
    if not facts.end and not facts.duration:
        return None
    parts = []
    if facts.duration:
        verb = "blijft" if "van kracht" in facts.duration.text else "geldt"  # "blijft ... van kracht als het Verdrag"
        parts.append(f"Het document {verb} {facts.duration.text}")
    if facts.end:
        parts.append(f"{'met als einddatum' if facts.duration else 'Het loopt tot'} {facts.end.text}")
    text = " ".join(parts) + "."
    renewal = facts.renewal
    if renewal and not (facts.duration and renewal.quote.start == facts.duration.quote.start):
        text += f" Over de verlenging: “{flat(renewal.quote.text)}”"
    return FactAnswer(text, sources(doc, facts.duration and facts.duration.quote, facts.end and facts.end.quote,
                                    renewal and renewal.quote), "duur einde verlenging")


def start(question: Question, doc: DocumentInfo) -> Found:
    starts = doc.facts.start_all or ([doc.facts.start] if doc.facts.start else [])
    if not starts:
        return None
    when = dict.fromkeys(re.sub(r"^op\s+", "", s.text) for s in starts)  # "op de datum ..." and "de datum ..." are one
    return FactAnswer(f"Het gaat in op {join(list(when))}.", sources(doc, *[s.quote for s in starts]),
                      "start ingang")


def signed(question: Question, doc: DocumentInfo) -> Found:
    s = doc.facts.signed
    if s is None or not (s.text or s.place):
        return None
    where = f" te {s.place}" if s.place else ""
    when = f" op {s.text}" if s.text else ""
    return FactAnswer(f"Het document is getekend{where}{when}.", sources(doc, s.quote), f"{s.place or ''} getekend")


def _clause(key: str, lead: str) -> Callable[[Question, DocumentInfo], Found]:
    def handler(question: Question, doc: DocumentInfo) -> Found:
        fact = getattr(doc.facts, key)
        if fact is None:
            return None
        return FactAnswer(f"{lead} “{flat(fact.quote.text)}”", sources(doc, fact.quote), fact.text)

    return handler


_HEADING_NUMBER = re.compile(r"^(?:(?:Artikel|Art\.|Hoofdstuk|Afdeling|Paragraaf|Titel|Deel)\s+[\dIVXLC.]+\w*|\d+(?:\.\d+)*)"
                             r"\s*[.:\-–]?\s+(?=\S)", re.IGNORECASE)


def body_name(body: Body) -> str:
    """A body as its section names it, without the heading's number ("Artikel 3. Stuurgroep" ->
    "Stuurgroep")."""
    return _HEADING_NUMBER.sub("", body.body) or body.body


def _bodies(question: Question, doc: DocumentInfo) -> list[Body]:
    return best_by_words(question, doc.facts.governance, lambda b: b.body)


def frequency(question: Question, doc: DocumentInfo) -> Found:
    bodies = [b for b in _bodies(question, doc) if b.frequency]
    if not bodies:
        return None
    return FactAnswer(" ".join(f"{body_name(b)}: {b.frequency}." for b in bodies),
                      sources(doc, *[b.frequency_quote or b.quote for b in bodies]), " ".join(b.body for b in bodies))


def inviter(question: Question, doc: DocumentInfo) -> Found:
    bodies = [b for b in _bodies(question, doc) if b.inviter]
    if not bodies:
        return None
    # the sentence that says who invites is the answer; a statement made from it said the same twice
    lines = [f"{body_name(b)}: {sentence(b.inviter_quote.text)}" if b.inviter_quote
             else f"{body_name(b)}: {b.inviter} nodigt uit." for b in bodies]
    return FactAnswer(" ".join(lines), sources(doc, *[b.inviter_quote for b in bodies]), " ".join(b.body for b in bodies))


def members(question: Question, doc: DocumentInfo) -> Found:
    bodies = _bodies(question, doc)
    named = [fold(p.short) for p in parties_mentioned(question, doc.facts)]
    lines, srcs = [], []
    for b in bodies:
        ms = [m for m in b.members if not named or any(n and n in fold(m.party) for n in named)] or b.members
        if not ms:
            continue
        lines.append(f"{body_name(b)}: " + "; ".join(f"voor {m.party}: {m.text}" for m in ms) + ".")
        srcs += sources(doc, *[m.quote for m in ms])
    if lines:
        return FactAnswer(" ".join(lines), srcs, " ".join(b.body for b in bodies))
    return composition(question, doc)


def composition(question: Question, doc: DocumentInfo) -> Found:
    """What a body consists of ("Het algemeen bestuur bestaat uit vier leden.") and, where an
    appointment lists them, who was appointed to it: the body the question names, else the only
    body the document describes."""
    composed = [b for b in doc.facts.governance if b.composition]
    bodies = best_by_words(question, composed, lambda b: b.body) or (composed if len(composed) == 1 else [])
    appointees = doc.facts.appointees
    if bodies and appointees:  # appointed to the body by name, or in the article that composes it
        appointees = [p for p in appointees if any(fold(body_name(b)) in fold(p.role or "") or
                                                   (b.composition_quote and b.composition_quote.section == p.quote.section)
                                                   for b in bodies)]
    elif not bodies and appointees:
        appointees = best_by_words(question, appointees, lambda p: p.role or "")
    lines = [sentence(b.composition_quote.text) if b.composition_quote and b.composition_quote.text.endswith(".")
             else f"{body_name(b)} bestaat uit {b.composition}." for b in bodies]
    if appointees:
        lines.append(f"Benoemd: {join([person(p) for p in appointees])}.")
    if not lines:
        return None
    srcs = sources(doc, *[b.composition_quote for b in bodies], *[p.quote for p in appointees])
    return FactAnswer(" ".join(lines), srcs, " ".join([*(b.body for b in bodies), *(p.role or "" for p in appointees)]))


# a clock time: "20:00", "17.00 uur", "19u30", "om 20 uur" (not a part of a date such as "19.12.2023")
_TIME = re.compile(r"(?<![\d./-])(?:[01]?\d|2[0-3])(?:[:.u][0-5]\d(?:\s*uur)?|\s*uur)(?![\d./-])", re.IGNORECASE)


def when(date: DateFact) -> str:
    """ "19 december 2023 (19/12/2023) om 20:00": the date, as the sentence that states it also writes
    it when that differs, and the time that sentence gives."""
    text = date.text
    quote = date.quote.text
    for m in DATE.finditer(quote):
        if m.group(0) != text and iso_from_match(m) == date.date and fold(m.group(0)) not in fold(text):
            text += f" ({m.group(0)})"
            break
    first = DATE.search(quote)
    after = first.end() if first else 0
    time = _TIME.search(quote, after)
    if time and time.start() - after <= 40:
        text += f" om {time.group(0)}"
    return text


def meeting_date(question: Question, doc: DocumentInfo) -> Found:
    minutes = doc.facts.minutes
    if minutes is None or minutes.meeting_date is None:
        return None
    body = minutes.council or "De vergadering"
    where = f" van {minutes.municipality}" if minutes.municipality else ""
    return FactAnswer(f"{body[:1].upper()}{body[1:]}{where} vergaderde op {when(minutes.meeting_date)}.",
                      sources(doc, minutes.meeting_date.quote), f"{body} {minutes.municipality or ''} vergadering")


def _meeting(minutes: Minutes) -> str:
    """"De gemeenteraad van Machelen (19 maart 2024)": the body, its municipality and the date, as written."""
    body = minutes.council or "De vergadering"
    where = f" van {minutes.municipality}" if minutes.municipality and minutes.municipality not in body else ""
    when = f" ({minutes.meeting_date.text})" if minutes.meeting_date else ""
    return f"{body}{where}{when}"


def meeting_place(question: Question, doc: DocumentInfo) -> Found:
    minutes = doc.facts.minutes
    if minutes is None or minutes.place is None:
        return None
    return FactAnswer(f"{_meeting(minutes)} vergadert in {minutes.place.text.rstrip('.')}.",
                      sources(doc, minutes.place.quote),
                      f"{minutes.council or ''} {minutes.municipality or ''} vergadering zitting plaats")


AGENDA_SHOWN = 15  # items listed in an answer; a longer agenda is answered with "onder meer" and its count


def agenda(question: Question, doc: DocumentInfo) -> Found:
    items = doc.facts.items
    if not items:
        return None
    minutes = doc.facts.minutes
    head = _meeting(minutes) if minutes is not None else "De vergadering"
    shown = items[:AGENDA_SHOWN]
    listed = "; ".join(f"{i.number}. {flat(i.title).rstrip('.')}" for i in shown)
    head = "de " + head[3:] if head.startswith("De ") else head
    lead = (f"Op de agenda van {head} staan {len(items)} punten, onder meer: " if len(items) > len(shown)
            else f"Op de agenda van {head} staan deze punten: ")
    return FactAnswer(lead + listed + ".", sources(doc, *[i.quote for i in shown]),
                      f"{minutes.council if minutes else ''} agenda punten agendapunten")


# "afwezig bij punt 8", "aanwezig bij de stemming over ...": the attendance of one agenda item
_ITEM_ASKED = re.compile(r"\b(?:bij|tijdens|voor)\s+(?:het\s+|de\s+)?(?:agenda)?punt\b|\bbij\s+de\s+(?:stemming|behandeling|bespreking|goedkeuring)\b")


def attendance(question: Question, doc: DocumentInfo) -> Found:
    minutes = doc.facts.minutes
    if minutes is None:
        return None
    absent_asked = bool(re.search(r"\bafwezig|\bverontschuldigd|\bverhinder|\bontbr[ao]k|\bniet\s+(?:bij|aanwezig)\b",
                                  question.folded))
    label = "Afwezig of verontschuldigd" if absent_asked else "Aanwezig"
    if absent_asked and (question.references or _ITEM_ASKED.search(question.folded)):
        for item in _items(question, doc)[:1]:
            if item.absent and item.absent_quote is not None:
                return FactAnswer(f"Bij agendapunt {item.number} ({item.title}) afwezig of verontschuldigd: {join(item.absent)}.",
                                  sources(doc, item.absent_quote), f"aanwezig afwezig punt {item.number} {item.title}")
    names, quote = (minutes.absent, minutes.absent_quote) if absent_asked else (minutes.present, minutes.present_quote)
    if not names or quote is None:
        return None
    return FactAnswer(f"{label}: {join(names)}.", sources(doc, quote), "aanwezig afwezig")


def _items(question: Question, doc: DocumentInfo) -> list[AgendaItem]:
    facts = doc.facts
    numbered = [i for kind, n in question.references if kind in ("punt", "agendapunt") for i in facts.items if i.number == n]
    if numbered:
        return numbered
    return best_by_words(question, facts.items, lambda i: i.title)


def vote(question: Question, doc: DocumentInfo) -> Found:
    facts = doc.facts
    items = [i for i in _items(question, doc) if i.votes]
    if items:
        lines, srcs = [], []
        for item in items[:2]:
            lines.append(f"{item_name(item)}: " + " ".join(_vote_text(v) for v in item.votes))
            srcs += sources(doc, *[v.quote for v in item.votes])
        return FactAnswer(" ".join(lines), srcs, " ".join(i.title for i in items))
    vote_fact = facts.minutes.vote if facts.minutes else None
    if vote_fact is None or (facts.items and len(facts.items) > 1):
        return None
    return FactAnswer(f"De beslissing werd genomen {vote_fact.text}.", sources(doc, vote_fact.quote), vote_fact.text)


def _vote_text(v: Vote) -> str:
    return f"“{flat(v.quote.text)}”"


def item_name(item: AgendaItem) -> str:
    """ "Agendapunt 12 (Vaststelling van het reglement)"; a subject put to the vote without an item number
    as it is written ("Motie H.1 HvDH (Voorstel van het college inzake ...)")."""
    return f"Agendapunt {item.number} ({item.title})" if item.number else item.title[:1].upper() + item.title[1:]


def decision(question: Question, doc: DocumentInfo) -> Found:
    items = _items(question, doc)
    if not items or len(items) > 2:
        return None
    lines = [item_name(i) + (f": {i.status}." if i.status else ".")
             + (f" {flat(i.decision.text)}" if i.decision else "") for i in items]
    return FactAnswer(" ".join(lines), sources(doc, *[q for i in items for q in (i.quote, i.decision)]),
                      " ".join(i.title for i in items))


def document_decision(question: Question, doc: DocumentInfo) -> Found:
    """What a document that takes one decision decides, when the question asks what was decided about
    that decision as a whole: every word of the question that does not name the document is in the
    decision (a question about one point of it is answered from the passage that holds that point).
    Whether or when it was decided ("Werd het goedgekeurd?") is `approval`'s."""
    fact = doc.facts.decision
    if fact is None or not re.search(r"\bwat\b", question.folded):
        return None
    named = set(terms(document_context(doc)))
    rest = replace(question, own_terms=tuple(t for t in question.own_terms if t not in named))
    if _overlap(rest, fact.text) < len(rest.own_terms) - 0.5:
        return None
    return FactAnswer(f"Beslissing: {sentence(fact.text)}", sources(doc, fact.quote), fact.text, states_value=True)


def definition(question: Question, doc: DocumentInfo) -> Found:
    """What a term or abbreviation the question names stands for; every way the document defines it."""
    q_words = set(words(question.text))
    q_folded = f" {question.folded} "
    found = [d for d in doc.facts.definitions
             if fold(d.term) in q_words or (" " in d.term and f" {fold(d.term)} " in q_folded)]
    if not found:
        return None
    found = list({d.text: d for d in found}.values())[:3]
    lines = [f"{d.term} staat voor {d.text}." if d.term.isupper() else f"{d.term}: {d.text}." for d in found]
    return FactAnswer(" ".join(lines), sources(doc, *[d.quote for d in found]),
                      " ".join(f"{d.term} {d.text}" for d in found))


def seat(question: Question, doc: DocumentInfo) -> Found:
    seats = best_by_words(question, doc.facts.seats, lambda s: f"{s.subject or ''} {s.quote.text}") or doc.facts.seats[:1]
    if not seats:
        return None
    return FactAnswer(" ".join(f"{flat(s.quote.text)}" for s in seats[:2]), sources(doc, *[s.quote for s in seats[:2]]),
                      " ".join(f"{s.subject or ''} {s.place}" for s in seats))


# slots that ask something about an agenda item, not for the item itself: "hoe werd er gestemd over punt 8"
_ABOUT_AN_ITEM = ("attendance", "vote")


def reference(question: Question, doc: DocumentInfo) -> Found:
    """ "Wat zegt artikel 12?", "punt 7", "actie 2.3": the numbered part itself."""
    facts = doc.facts
    for kind, number in question.references:
        if kind in ("artikel", "art"):
            article = next((a for a in facts.articles if a.number == number), None)
            if article is not None:
                title = f" ({article.title})" if article.title else ""
                return FactAnswer(f"Artikel {article.number}{title}: {article.text}", sources(doc, article.quote),
                                  f"artikel {article.number} {article.title or ''} {article.text}")
        if kind in ("punt", "agendapunt") and question.slot_name not in _ABOUT_AN_ITEM:
            item = next((i for i in facts.items if i.number == number), None)
            if item is not None:
                return FactAnswer(f"Agendapunt {item.number}: {item.title}" + (f" ({item.status})." if item.status else "."),
                                  sources(doc, item.quote), f"punt {item.number} {item.title}")
        if kind == "actie":
            action = next((a for a in facts.actions if a.number == number), None)
            sub = next((s for a in facts.actions for s in a.subitems if s.number == number), None)
            if sub is not None:
                return FactAnswer(f"{sub.number} {sub.title}: {flat(sub.text)}", sources(doc, sub.quote),
                                  f"actie {sub.number} {sub.title} {sub.text}")
            if action is not None:
                text = f"Actie {action.number} – {action.title}." + (f" {flat(action.text)}" if action.text else "")
                return FactAnswer(text, sources(doc, action.quote), f"actie {action.number} {action.title} {action.text}")
    return None


def topic(question: Question, doc: DocumentInfo) -> Found:
    """ "Welke acties gaan over mobiliteit?", "welke punten gingen over X?": the topic finder."""
    from assistant.topics import find_topics

    matches = find_topics(question.text, [doc], limit=6, naming=document_context(doc))
    if not matches:
        return None
    # an untitled article ("Artikel 24") says nothing by its label: its opening words say what it holds
    lines = [m.heading + (f" ({m.subitem})" if m.subitem else "") + (f": {m.snippet.rstrip('.')}" if not m.title else "")
             for m in matches]
    return FactAnswer("Hierover gaan: " + "; ".join(lines) + ".", sources(doc, *[m.quote for m in matches]),
                      " ".join(f"{m.title} {m.subitem or ''} {m.snippet}" for m in matches))


def actions_in_domain(question: Question, doc: DocumentInfo) -> Found:
    m = re.search(r"actiedomein\s*(\d+)", question.folded)
    if not m:
        return None
    found = [a for a in doc.facts.actions if a.domain and a.domain.number == m.group(1)]
    if not found:
        return None
    return FactAnswer("Acties: " + "; ".join(f"Actie {a.number} {a.title}" for a in found) + ".",
                      sources(doc, *[a.quote for a in found]),
                      " ".join(f"{a.title} {a.domain.title if a.domain else ''}" for a in found))


def ambitions(question: Question, doc: DocumentInfo) -> Found:
    facts = doc.facts
    if not facts.ambitions or not re.search(r"\b(?:ambitie|ambities|thema|themas)\b", question.folded):
        return None
    srcs = sources(doc, *facts.ambition_quotes)
    if not srcs:
        return None
    return FactAnswer("De centrale ambities zijn: " + "; ".join(f"{i + 1}. {t}" for i, t in enumerate(facts.ambitions)) + ".",
                      srcs, " ".join(facts.ambitions))


def history(question: Question, doc: DocumentInfo) -> Found:
    minutes = doc.facts.minutes
    if minutes is None or not minutes.history:
        return None
    decisions = [i for i in minutes.history if i.decision] or minutes.history
    lines = [f"{i.date_text or ''}: {flat(i.text)}" for i in decisions]
    return FactAnswer("Eerdere beslissingen: " + " | ".join(lines), sources(doc, *[i.quote for i in decisions]),
                      " ".join(i.text for i in decisions))


def extract_signers(question: Question, doc: DocumentInfo) -> Found:
    minutes = doc.facts.minutes
    if minutes is None or not minutes.signatories or not re.search(r"\b(?:uittreksel|notulen)\b", question.folded):
        return None
    blocks: dict[str, list[Person]] = {}
    for s in minutes.signatories:
        blocks.setdefault(s.where, []).append(s)
    names = {"namens": "Namens de gemeenteraad", "uittreksel": "Voor eensluidend uittreksel"}
    lines = [f"{names.get(b, 'Ondertekend')}: {join([person(s) for s in group])}." for b, group in blocks.items()]
    return FactAnswer(" ".join(lines), sources(doc, *[s.quote for s in minutes.signatories]), "uittreksel notulen")


def financial(question: Question, doc: DocumentInfo) -> Found:
    minutes = doc.facts.minutes
    if minutes is None or minutes.financial is None or not re.search(r"\bfinancie|\bkost", question.folded):
        return None
    return FactAnswer(f"Financiële gevolgen: {minutes.financial.text}", sources(doc, minutes.financial.quote),
                      "financiele gevolgen kosten")


def approval(question: Question, doc: DocumentInfo) -> Found:
    minutes = doc.facts.minutes
    if minutes is None or minutes.meeting_date is None or not genre().decided.search(question.folded):
        return None
    item = minutes.agenda_item
    text = f"De beslissing werd genomen in de vergadering van {minutes.meeting_date.text}"
    if item:
        text += f" (agendapunt {item.number}: {item.title.rstrip('.')})"
    if minutes.vote:
        text += f", {minutes.vote.text}"
    return FactAnswer(text + ".", sources(doc, minutes.meeting_date.quote, item and item.quote, minutes.vote and minutes.vote.quote),
                      "goedgekeurd vergadering")


# the handlers of a slot, tried in order; the first that finds something answers
HANDLERS: dict[str, tuple[Callable[[Question, DocumentInfo], Found], ...]] = {
    "signatory": (extract_signers, signatory),
    "chair": (chair, person_role),
    "parties": (parties,),
    "start": (start,),
    "end": (end,),
    "signed": (approval, signed),
    "termination": (_clause("termination", "Over opzegging:"),),
    "disputes": (_clause("disputes", "Over geschillen:"),),
    "frequency": (frequency,),
    "inviter": (inviter,),
    "members": (members,),
    "meeting_date": (meeting_date,),
    "meeting_place": (meeting_place,),
    "agenda": (agenda,),
    "attendance": (attendance,),
    "vote": (vote,),
    "history": (history,),
    "decision": (document_decision, approval, decision),
    "definition": (definition, ambitions),
    "seat": (seat,),
    "amount": (financial,),
    "topic": (actions_in_domain, ambitions, topic),
    "purpose": (),
    "majority": (),
}
# handlers that do not depend on the slot
ALWAYS: tuple[Callable[[Question, DocumentInfo], Found], ...] = (reference,)
