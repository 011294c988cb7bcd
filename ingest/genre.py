"""The genre knowledge of ingest/genre.toml as typed, compiled values (read once, on first use).

Both ingest (headings, role words, bodies) and the answer step (slots, answer types, paraphrases)
read it, so that knowledge of Dutch administrative documents lives in one data file and not in code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GENRE_FILE = Path(__file__).resolve().parent / "genre.toml"


@dataclass(frozen=True)
class HeadingRule:
    pattern: re.Pattern[str]
    rank: int
    label: str  # format string over the pattern's groups; "" keeps the heading text
    keep_word: bool  # label starts with the heading's own first word ("Deel II", "Titel 3")
    max_chars: int | None
    max_words: int | None
    heads_text: bool = False  # "Art. 1. <sentence>" on one line: the label heads the text after it


@dataclass(frozen=True)
class Slot:
    """A kind of fact a question asks for (see genre.toml)."""

    name: str
    type: str
    triggers: tuple[re.Pattern[str], ...]
    explains: frozenset[str]  # folded question words the slot accounts for
    cues: tuple[str, ...]  # folded document phrases that mark a sentence answering it


@dataclass(frozen=True)
class AnswerTypeRule:
    type: str
    triggers: tuple[re.Pattern[str], ...]
    explains: frozenset[str] = frozenset()  # folded question words the answer type accounts for ("datum")


@dataclass(frozen=True)
class Paraphrase:
    patterns: tuple[re.Pattern[str], ...]
    add: str


@dataclass(frozen=True)
class SignatureBlock:
    """How the closing signature block of a document is recognised (see genre.toml)."""

    title: str
    opening: tuple[re.Pattern[str], ...]
    party_line: tuple[re.Pattern[str], ...]
    party_in_line: re.Pattern[str]
    annex: tuple[re.Pattern[str], ...]
    not_under: frozenset[str]  # folded words of section titles whose "Voor X:" lines are delegations


@dataclass(frozen=True)
class Preamble:
    """How a treaty's preamble lists its parties (see genre.toml)."""

    party: re.Pattern[str]  # the start of one party ("De Regering van", "Zijne Majesteit")
    end: re.Pattern[str]  # what ends the list ("Overwegende", "Gelet op", "Hebben besloten")
    designated_label: re.Pattern[str]  # "Ondergetekenden:": a list of party clauses follows
    designator: re.Pattern[str]  # "hierna te noemen ‘VROM’": ends a party's clause, with its short name


@dataclass(frozen=True)
class Genre:
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    headings: tuple[HeadingRule, ...]
    single_word_headings: frozenset[str]
    decision_parts: frozenset[str]
    roles: tuple[str, ...]
    offices: tuple[str, ...]  # the roles that name an office of their own
    not_name_words: frozenset[str]
    bodies: tuple[str, ...]
    councils: tuple[str, ...]
    document_nouns: tuple[str, ...]
    content_document_nouns: frozenset[str]  # document nouns that may also be what a question asks about
    question_words: tuple[str, ...]
    article_question_words: tuple[str, ...]  # "welk artikel regelt ...": words the answer's article label explains
    title_words: tuple[str, ...]
    name_qualifiers: frozenset[str]  # "zuid" of "Zuid-Holland": the name's last part alone names nothing
    minutes_markers: tuple[str, ...]
    meeting_place_labels: tuple[str, ...]
    agreement_markers: tuple[str, ...]
    aliases: dict[str, frozenset[str]]  # folded word a user types -> folded words of the documents
    role_aliases: dict[str, tuple[str, ...]]  # an office -> the titles it is held under (folded)
    statuses: tuple[tuple[str, tuple[str, ...]], ...]  # (status, folded words that state it)
    status_lines: tuple[str, ...]  # folded words that, alone on a line, are an item's decision
    row_code: re.Pattern[str]  # the start of a row of a decision list laid out as a table
    row_outcomes: tuple[str, ...]  # folded outcomes that end such a row
    vote_outcomes: tuple[str, ...]  # folded outcomes among them that state the result of a vote
    decided: re.Pattern[str]  # a question about when something was decided (folded)
    vote_subject: re.Pattern[str]  # a paragraph that puts a subject to the vote ("In stemming komt ...")
    decision_statement: re.Pattern[str]  # the sentence of an item that states what was decided
    decision_formula: re.Pattern[str]  # "Besluit:", "De raad besluit unaniem:" (folded)
    deciders: re.Pattern[str]  # the words of a deciding body in such a sentence
    dispositive: re.Pattern[str]  # what opens the decision of a single-decision document ("Besluit:")
    dispositive_definitions: re.Pattern[str]  # an article that only defines the decision's words
    dispositive_formalities: re.Pattern[str]  # an article about carrying out, entry into force, publication
    dispositive_closing: re.Pattern[str]  # the annex, signatures or closing formula after the decision
    slots: tuple[Slot, ...]
    answer_types: tuple[AnswerTypeRule, ...]
    paraphrases: tuple[Paraphrase, ...]
    signature_block: SignatureBlock
    preamble: Preamble
    guest: tuple[re.Pattern[str], ...]  # a sentence about a guest of a body, not about its meetings
    composition: re.Pattern[str]  # "<body> bestaat uit": the verb of a body's composition
    composition_participle: re.Pattern[str]  # "<body> die ..., bestaande uit"
    appoint: re.Pattern[str]  # a sentence that appoints the people listed after it
    appointed_role: re.Pattern[str]  # what they are appointed as ("tot lid van de commissie")

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)


@lru_cache(maxsize=32)
def words_pattern(words: tuple[str, ...], compounds: bool = False) -> re.Pattern[str]:
    """Any of the genre's `words` as a whole word, case-insensitive; with `compounds` also as the head of
    a compound ("retributiereglement", "mandaatbeschikking")."""
    head = r"\b\w*" if compounds else r"\b"
    return re.compile(head + "(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, whitespace runs as one space, accents removed: how genre words are compared."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", " ".join(text.lower().split()))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _any(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `patterns`."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def genre() -> Genre:
    data = tomllib.loads(GENRE_FILE.read_text(encoding="utf-8"))
    headings = tuple(
        HeadingRule(
            pattern=re.compile(h["pattern"]),
            rank=int(h["rank"]),
            label=h.get("label", ""),
            keep_word=bool(h.get("label_keep_word", False)),
            max_chars=h.get("max_chars"),
            max_words=h.get("max_words"),
            heads_text=bool(h.get("heads_text", False)),
        )
        for h in data["heading"]
    )
    roles = "|".join(re.escape(fold(r)) for r in sorted(data["words"]["roles"], key=len, reverse=True))
    bodies = "|".join(re.escape(fold(b)) for b in sorted(data["words"]["bodies"], key=len, reverse=True))
    slots = tuple(
        Slot(
            name=s["name"],
            type=s["type"],
            triggers=tuple(re.compile(t.replace("{roles}", roles).replace("{bodies}", bodies)) for t in s["triggers"]),
            explains=frozenset(fold(w) for w in s.get("explains", [])),
            cues=tuple(fold(c) for c in s.get("cues", [])),
        )
        for s in data["slot"]
    )
    answer_types = tuple(
        AnswerTypeRule(a["type"], tuple(re.compile(t) for t in a["triggers"]), frozenset(fold(w) for w in a.get("explains", [])))
        for a in data["answer_type"]
    )
    paraphrases = tuple(
        Paraphrase(tuple(re.compile(r"\b" + re.escape(fold(m)) + r"\b") for m in p["match"]), p["add"])
        for p in data["paraphrase"]
    )
    return Genre(
        months=tuple(data["months"]),
        weekdays=tuple(data["weekdays"]),
        headings=headings,
        single_word_headings=frozenset(data["words"]["single_word_headings"]),
        decision_parts=frozenset(data["words"]["decision_parts"]),
        roles=tuple(data["words"]["roles"]),
        offices=tuple(r for r in data["words"]["roles"] if r not in set(data["words"]["no_office"])),
        not_name_words=frozenset(data["words"]["not_name_words"]),
        bodies=tuple(data["words"]["bodies"]),
        councils=tuple(data["words"]["councils"]),
        document_nouns=tuple(data["words"]["document_nouns"]),
        content_document_nouns=frozenset(data["words"]["content_document_nouns"]),
        question_words=tuple(data["words"]["question_words"]),
        article_question_words=tuple(data["words"]["article_question_words"]),
        title_words=tuple(data["words"]["title_words"]),
        name_qualifiers=frozenset(data["words"]["name_qualifiers"]),
        minutes_markers=tuple(data["words"]["minutes_markers"]),
        meeting_place_labels=tuple(data["words"]["meeting_place_labels"]),
        agreement_markers=tuple(data["words"]["agreement_markers"]),
        aliases={fold(k): frozenset(fold(w) for w in v) for k, v in data["aliases"].items()},
        role_aliases={fold(k): tuple(fold(w) for w in v) for k, v in data["role_aliases"].items()},
        statuses=tuple((k, tuple(fold(w) for w in v)) for k, v in data["status"].items()),
        status_lines=tuple(fold(w) for w in data["status_lines"]["words"]),
        row_code=re.compile(data["decision_list"]["code"]),
        row_outcomes=tuple(fold(w) for w in data["decision_list"]["outcomes"]),
        vote_outcomes=tuple(fold(w) for w in data["decision_list"]["vote_outcomes"]),
        decided=_any(data["decision_list"]["decided"]),
        vote_subject=re.compile(data["vote_subject"]["pattern"], re.IGNORECASE),
        decision_statement=re.compile("|".join(f"(?:{p})" for p in data["decision_statement"]["patterns"]),
                                      re.IGNORECASE | re.MULTILINE),
        decision_formula=re.compile("|".join(f"(?:{p})" for p in data["decision_statement"]["formula"])),
        deciders=re.compile(r"\b(?:" + "|".join(re.escape(fold(w)) for w in data["decision_statement"]["deciders"]) + r")\b"),
        dispositive=re.compile("|".join(f"(?:{p})" for p in data["decision_statement"]["dispositive"]),
                               re.IGNORECASE | re.MULTILINE),
        dispositive_definitions=_any(data["decision_statement"]["definitions"]),
        dispositive_formalities=_any(data["decision_statement"]["formalities"]),
        dispositive_closing=_any(data["decision_statement"]["closing"]),
        slots=slots,
        answer_types=answer_types,
        paraphrases=paraphrases,
        guest=tuple(re.compile(p) for p in data["governance"]["guest"]),
        composition=re.compile("|".join(f"(?:{p})" for p in data["governance"]["composition"]), re.IGNORECASE),
        composition_participle=re.compile("|".join(f"(?:{p})" for p in data["governance"]["composition_participle"]),
                                          re.IGNORECASE),
        appoint=re.compile("|".join(f"(?:{p})" for p in data["governance"]["appoint"]), re.IGNORECASE),
        appointed_role=re.compile(data["governance"]["role"], re.IGNORECASE),
        preamble=Preamble(
            party=re.compile("|".join(f"(?:{p})" for p in data["preamble"]["party"])),
            end=re.compile("|".join(f"(?:{p})" for p in data["preamble"]["end"])),
            designated_label=re.compile("|".join(f"(?:{p})" for p in data["preamble"]["designated_label"])),
            designator=re.compile("|".join(f"(?:{p})" for p in data["preamble"]["designator"]), re.IGNORECASE),
        ),
        signature_block=SignatureBlock(
            title=data["signature_block"]["title"],
            opening=tuple(re.compile(p) for p in data["signature_block"]["opening"]),
            party_line=tuple(re.compile(p) for p in data["signature_block"]["party_line"]),
            party_in_line=re.compile(data["signature_block"]["party_in_line"]),
            annex=tuple(re.compile(p) for p in data["signature_block"]["annex"]),
            not_under=frozenset(fold(w) for w in data["signature_block"]["not_under"]),
        ),
    )
