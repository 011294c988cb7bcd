"""What a Dutch question asks: the slot (the kind of fact), the type of value the answer holds, the
words the slot already explains, references to numbered parts, and the parts of a two-part question.

Everything comes from the slots, answer types and paraphrases of ingest/genre.toml; nothing here
knows a particular document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.analysis import fold, participle_base, separable_joins, stem, terms, verb_base, words
from assistant.spelling import correction
from ingest.genre import Slot, genre

# a question word, alone or after a preposition ("tegen wanneer", "binnen welke termijn", "door wie")
_PREPOSITION = r"(?:voor|met|aan|van|bij|door|tot|om|over|in|uit|op|onder|per|tegen|vanaf|sinds|binnen|na|naar)"
_WH_PHRASE = (rf"{_PREPOSITION}\s+(?:wie|wat|welk\w*|hoeveel|wanneer|hoe ?lang)"
              r"|wie|wat|wanneer|waar|waarom|waarover|waarvoor|hoe(?:veel|lang| vaak| lang| dikwijls| laat)?|welke?|om de hoeveel")
_WH_START = re.compile(rf"^(?:{_WH_PHRASE})\b")
# "artikel 12", "punt 7", "agendapunt 3", "actie 2.3", "hoofdstuk II", "amendement A8.1"
_REFERENCE = re.compile(
    r"\b(?P<kind>artikel|art|punt|agendapunt|actie|actiedomein|hoofdstuk|bijlage|amendement|motie)\s*\.?\s*"
    r"(?P<number>[a-z]?\d+(?:\.\d+)*[a-z]?|[ivxlc]+)\b"
)
# "welk artikel gaat over ...": the answer names the article
_WHICH_ARTICLE = re.compile(r"\bwelke?\s+(?:artikel\w*|art\b|bepaling\w*)")
# a question that asks across documents
_ALL_DOCS = re.compile(r"\b(?:documenten|overeenkomsten|samenwerkingsovereenkomsten|verdragen|regelingen|akkoorden|convenanten|"
                       r"overal|telkens|elk document|elke overeenkomst|alle)\b")


@dataclass(frozen=True)
class Question:
    text: str
    folded: str
    slot: Slot | None
    answer_type: str | None
    explained: frozenset[str]  # stems of question words the slot and type account for
    references: tuple[tuple[str, str], ...]  # ("artikel", "12")
    parts: tuple[str, ...] = ()  # the parts of a two-part question, each a question of its own
    wants_all: bool = False
    asks_article: bool = False  # "welk artikel ...": which numbered article says it
    own_terms: tuple[str, ...] = field(default=())  # content stems the slot does not explain, in order

    @property
    def slot_name(self) -> str | None:
        return self.slot.name if self.slot else None


def detect_slot(folded: str) -> Slot | None:
    for slot in genre().slots:
        if any(p.search(folded) for p in slot.triggers):
            return slot
    return None


# the types a question that opens with their question word asks for, whatever its slot: "Vanaf welke
# datum zijn de leden benoemd?" wants a date, "Op welke dag stond de motie ter stemming?" too
_LEADING_TYPES = ("date", "duration", "frequency")
_LEADING_WORDS = 4


def detect_type(folded: str, slot: Slot | None) -> str | None:
    head = " ".join(folded.split()[:_LEADING_WORDS])
    for rule in genre().answer_types:
        if any(p.search(folded) for p in rule.triggers):
            if (slot is not None and slot.type in ("list", "vote") and rule.type in _LEADING_TYPES
                    and any(p.search(head) for p in rule.triggers)):
                return rule.type
            # a "wie" question about parties or members asks for a list, a "hoe" question about a
            # vote for a vote result: those slots keep their own type ("wanneer werd X goedgekeurd"
            # asks for a date, not for the decision)
            # ("hoe hoog is de huurprijs" asks a count of money: an amount)
            if slot is not None and (slot.type in ("list", "vote", "frequency", "duration")
                                     or (slot.type, rule.type) == ("amount", "number")):
                return slot.type
            return rule.type
    return slot.type if slot else None


@lru_cache(maxsize=1)
def _genre_vocabulary() -> tuple[str, ...]:
    """The folded words the genre's slots are asked with: roles, bodies, document nouns, the words each
    slot and answer type explains."""
    g = genre()
    found = {w for s in g.slots for w in s.explains} | {w for r in g.answer_types for w in r.explains}
    found |= {fold(w) for w in (*g.roles, *g.bodies, *g.document_nouns, *g.question_words)}
    return tuple(sorted(w for w in found if " " not in w))


@lru_cache(maxsize=1)
def _genre_word_set() -> frozenset[str]:
    return frozenset(_genre_vocabulary())


def _as_asked(folded: str, in_documents: Callable[[str], bool]) -> str:
    """The question with a mistyped genre word read as that word, for finding what it asks ("wie is
    voorziter van de comissie" asks for a chair): one edit in a word of 8 to 10 letters, two from 11,
    only when one word is that near (assistant/spelling.py), and never a word the documents use
    ("verlenen" is no typo of "verlengen")."""
    vocabulary = _genre_vocabulary()
    genre_words = _genre_word_set()

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in genre_words or in_documents(word):
            return word
        return correction(word, vocabulary) or word

    return re.sub(r"[a-z]{8,}", fix, folded)


def analyse(text: str, in_documents: Callable[[str], bool] | None = None) -> Question:
    """What a question asks. With `in_documents` (whether the documents use a word), a mistyped genre
    word is read as that word; without it the question is read as typed."""
    folded = fold(text).strip()
    folded_q = folded.rstrip("?!. ")
    if in_documents is not None:
        folded_q = _as_asked(folded_q, in_documents)
    slot = detect_slot(folded_q)
    answer_type = detect_type(folded_q, slot)
    explained_words = set(slot.explains) if slot else set()
    explained_words |= set(genre().question_words)
    asks_article = bool(_WHICH_ARTICLE.search(folded_q))
    if asks_article:  # the answer names the article: "welk artikel regelt ..." need not be in it
        explained_words |= set(genre().article_question_words)
    # "datum samenwerkingsregeling": the answer is a date, the text need not say "datum"
    explained_words |= next((set(r.explains) for r in genre().answer_types if r.type == answer_type), set())
    explained = frozenset(terms(" ".join(explained_words)))
    own = [t for t in dict.fromkeys(terms(text)) if t not in explained]
    references = tuple((m.group("kind"), m.group("number")) for m in _REFERENCE.finditer(folded_q))
    return Question(
        text=text.strip(),
        folded=folded_q,
        slot=slot,
        answer_type=answer_type,
        explained=explained,
        references=references,
        parts=split_parts(text),
        wants_all=bool(_ALL_DOCS.search(folded_q)),
        asks_article=asks_article,
        own_terms=tuple(own),
    )


# "... en vanaf wanneer geldt het?", "..., en hoe vaak komt ze samen?", "Wanneer en waar werd ...",
# "Wie tekende het? En wanneer?"
# a comma before a question word opens a second question ("wat moet de commissie doen, over welke landen
# gaat het?"); not before "waar", "waarvoor", "wat" alone, which open a relative clause
_COMMA_WH = rf"{_PREPOSITION}\s+(?:wie|welk\w*|hoeveel|wanneer)|wie|wanneer|hoe(?:veel|lang| vaak| lang| dikwijls| laat)|welke?"
# ", en kan een land eruit stappen?": after a comma, "en" and a finite verb first open a yes/no question
_YES_NO = r"kan|kunnen|mag|mogen|moet|moeten|is|zijn|wordt|worden|werd|werden|heeft|hebben|zal|zullen|was|waren"
_YES_NO_START = re.compile(rf"^(?:{_YES_NO})\s")
_PART_SPLIT = re.compile(rf"(?:,\s*|\s+)(?:en|of)\s+(?=(?:{_WH_PHRASE})\b)|\?\s+(?:en\s+)?(?=\S)|,\s*(?=(?:{_COMMA_WH})\s)"
                         rf"|,\s*en\s+(?=(?:{_YES_NO})\s)")
# the question words that two parts share a clause with: "Wanneer en waar werd ...", "X: waar en wanneer getekend"
_WH_SHARED = r"wie|wat|wanneer|waar|hoe ?lang|hoeveel|welke?"
_ENDS_WH = re.compile(rf"^(?P<head>.*?)\b(?:{_WH_SHARED})$")
_TWO_WH = re.compile(rf"^(?P<a>{_WH_SHARED})\s+en\s+(?P<b>{_WH_SHARED})\s+(?P<rest>.+)$")


def split_parts(text: str) -> tuple[str, ...]:
    """The parts of a two-part question: "Wie tekende het besluit en vanaf wanneer geldt het?" ->
    ("wie tekende het besluit", "vanaf wanneer geldt het"); "Wanneer en waar werd X getekend?" ->
    ("wanneer werd x getekend", "waar werd x getekend"). A question with one part gives ().
    A later part often leaves out the subject: the answer step reads it with the whole question."""
    folded = fold(text).strip().rstrip("?!. ")
    m = _TWO_WH.match(folded)
    if m:
        return (f"{m.group('a')} {m.group('rest')}", f"{m.group('b')} {m.group('rest')}")
    pieces = [p.strip(" ,;") for p in _PART_SPLIT.split(folded) if p and p.strip(" ,;")]
    joined = False
    for i in range(len(pieces) - 1):
        # two question words joined after a subject: "Beschikking X: waar en wanneer getekend?"
        head = _ENDS_WH.match(pieces[i])
        later = pieces[i + 1].split(maxsplit=1)
        if head and len(later) == 2 and _WH_START.match(later[0]) and not _WH_START.match(later[1]):
            pieces[i], pieces[i + 1] = f"{pieces[i]} {later[1]}", f"{head.group('head')}{pieces[i + 1]}"
            joined = True
    pieces = [p for p in pieces if len(p.split()) >= 2 or _WH_START.fullmatch(p)]  # "... ? en wanneer?"
    if len(pieces) < 2 or not (joined or _WH_START.match(pieces[1]) or _YES_NO_START.match(pieces[1])):
        return ()
    return tuple(pieces[:3])


# a name of several capitalised words, joined by lowercase particles: "Hart voor Den Haag"
_NAME_WORD = r"[A-ZÀ-Ý][\w&]*"
_NAME_PARTICLE = r"(?:van|voor|de|der|den|en|het|op|in|te|tot)"
_NAME = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:{_NAME_PARTICLE}\s+)*{_NAME_WORD})+")
_MIN_ACRONYM = 3


def acronyms(text: str) -> dict[str, set[str]]:
    """The initialisms a document may write for the names of several words in the question ("Hart voor
    Den Haag" -> "hvdh", a particle giving its lowercase letter), for each of the name's stems: a
    passage holding the initialism holds those words. Every run of three or more words of a name that
    starts and ends with a capitalised word counts ("La Cantina van Hart voor Den Haag" gives "hvdh" too),
    with and without the particles' letters ("Openbaar Centrum voor Maatschappelijk Welzijn" -> "ocvmw",
    "ocmw"); initialisms of fewer than three letters are too ambiguous to count."""
    found: dict[str, set[str]] = {}
    for m in _NAME.finditer(text):
        tokens = m.group(0).split()
        for i, first in enumerate(tokens):
            if not first[0].isupper():
                continue
            for j in range(i + 1, len(tokens)):
                span = tokens[i : j + 1]
                if not span[-1][0].isupper() or len(span) < _MIN_ACRONYM:
                    continue
                # with the particles' letters ("HvDH") and without them ("OCMW", "VDAB")
                forms = {fold("".join(w[0] for w in span)), fold("".join(w[0] for w in span if w[0].isupper()))}
                for t in terms(" ".join(span)):
                    found.setdefault(t, set()).update(f for f in forms if len(f) >= _MIN_ACRONYM)
    return found


def paraphrase_terms(text: str) -> dict[str, set[str]]:
    """For each stem of the question that a paraphrase or an alias matched, the document stems it
    stands for ("vervoer" -> {"mobiliteit", ...}, "vlaanderen" -> {"vlaams", ...}): a passage holding
    one of those holds the question's word."""
    folded = fold(text)
    # a verb the question writes apart from its particle ("wie wijst de leden aan"): the joined verb
    found: dict[str, set[str]] = separable_joins(text)
    for term in terms(text):  # "wanneer vergadert de raad": "vergaderen" holds it
        if base := verb_base(term):
            found.setdefault(term, set()).add(base)
    for word in words(text):
        if base := participle_base(word):  # "wie heeft het ondertekend": "ondertekening" holds it
            found.setdefault(stem(word), set()).add(base)
        if word in genre().aliases:
            found.setdefault(stem(word), set()).update(terms(" ".join(genre().aliases[word])))
    for rule in genre().paraphrases:
        if not rule.add:
            continue
        for pattern in rule.patterns:
            m = pattern.search(folded)
            if m:
                for stem_ in terms(m.group(0)):
                    found.setdefault(stem_, set()).update(terms(rule.add))
    for term, initials in acronyms(text).items():
        found.setdefault(term, set()).update(initials)
    return found
