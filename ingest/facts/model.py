"""Typed facts of one document, as extracted at ingest time and stored with it.

Every fact carries a `Quote`: an exact slice of the cleaned text with its offsets, section path
and page, so that an answer can cite it. A clause the document does not have is None or an empty
list: nothing is invented. Lists that may be cut short say so (`complete`), so that an answer built
from them can say "onder meer" instead of presenting part of a list as all of it.

The JSON form (`model_dump()`) keeps the field names of the stored facts; the store holds it as
the document's manifest, and `DocumentFacts.load()` reads it back (tolerating facts written by an
older pipeline by returning empty facts for what it cannot read).
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

logger = logging.getLogger(__name__)


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")


class Quote(_Fact):
    text: str
    start: int
    end: int
    section: str = ""
    page: int | None = None


class TextFact(_Fact):
    """A clause or phrase: its text (as written, whitespace collapsed) and the sentence that holds it."""

    text: str
    quote: Quote


class DateFact(_Fact):
    text: str  # as written: "1 oktober 2021", "de eerste dag van de tweede maand na ..."
    date: str | None = None  # ISO date when the text is a full date
    quote: Quote


class PlaceDate(_Fact):
    """Where and when a document was signed or adopted: "Gedaan te Gent, op 3 december 2002"."""

    place: str | None = None
    text: str | None = None  # the date as written
    date: str | None = None
    quote: Quote


class Person(_Fact):
    name: str
    role: str | None = None
    where: str = ""  # "opening" | "signature" | "minutes" | "present" | ...
    party: str | None = None  # the party or body the person acts for, as written
    quote: Quote


class Party(_Fact):
    name: str
    short: str
    full_name: str | None = None
    type: str = "other"  # "local_government" | "vdab" | "association" | "state" | "other"
    representatives: list[Person] = Field(default_factory=list)
    quote: Quote | None = None


class Member(_Fact):
    party: str
    text: str
    quote: Quote


class Body(_Fact):
    """A governance body: steering group, board, committee."""

    body: str
    frequency: str | None = None
    frequency_quote: Quote | None = None
    inviter: str | None = None
    inviter_quote: Quote | None = None
    members: list[Member] = Field(default_factory=list)
    composition: str | None = None  # "vier leden": what the body consists of, as a sentence says it
    composition_quote: Quote | None = None
    quote: Quote | None = None


class Vote(_Fact):
    text: str  # the result as written: "met eenparigheid van stemmen", "16 stemmen voor, 14 tegen"
    for_: int | None = Field(default=None, alias="for")
    against: int | None = None
    abstentions: int | None = None
    names_for: list[str] = Field(default_factory=list)
    names_against: list[str] = Field(default_factory=list)
    names_abstaining: list[str] = Field(default_factory=list)
    names_blank: list[str] = Field(default_factory=list)  # blank votes in a secret ballot
    outcome: str | None = None  # "aangenomen" | "verworpen" | None
    quote: Quote


class AgendaItem(_Fact):
    number: str
    title: str
    status: str | None = None  # "goedgekeurd", "verdaagd", "aangenomen", "verworpen", ...
    decision: Quote | None = None  # the sentence that states what was decided ("De raad besluit: ...")
    votes: list[Vote] = Field(default_factory=list)
    quote: Quote
    # who was absent (or excused) for this item, when the minutes say so per item
    absent: list[str] = Field(default_factory=list)
    absent_quote: Quote | None = None


class HistoryItem(_Fact):
    date_text: str | None = None
    date: str | None = None
    text: str
    decision: bool = False
    quote: Quote


class Article(_Fact):
    number: str
    title: str | None = None
    text: str
    quote: Quote


class Minutes(_Fact):
    """What minutes, decision lists and extracts say about their meeting and decision."""

    council: str | None = None
    municipality: str | None = None
    meeting_date: DateFact | None = None
    place: TextFact | None = None  # where the meeting is held, when the minutes say
    agenda_item: AgendaItem | None = None  # the item of an extract ("uittreksel")
    vote: Vote | None = None
    history: list[HistoryItem] = Field(default_factory=list)
    decision_articles: list[Article] = Field(default_factory=list)
    signatories: list[Person] = Field(default_factory=list)
    officers: list[Person] = Field(default_factory=list)  # named with an office in the attendance list
    financial: TextFact | None = None
    present: list[str] = Field(default_factory=list)
    present_quote: Quote | None = None
    absent: list[str] = Field(default_factory=list)
    absent_quote: Quote | None = None


class SubItem(_Fact):
    number: str
    title: str
    text: str
    quote: Quote


class Domain(_Fact):
    number: str
    title: str | None = None


class Action(_Fact):
    number: str
    title: str
    theme: str | None = None
    domain: Domain | None = None
    text: str
    subitems: list[SubItem] = Field(default_factory=list)
    quote: Quote


class Definition(_Fact):
    term: str
    text: str
    quote: Quote


class Seat(_Fact):
    subject: str | None = None  # what is established there, as written ("Het openbaar lichaam")
    place: str
    quote: Quote


class DocumentFacts(_Fact):
    parties: list[Party] = Field(default_factory=list)
    parties_complete: bool = True  # False when the opening names more parties than were read
    signatories: list[Person] = Field(default_factory=list)  # signature blocks at the end
    signed: PlaceDate | None = None
    start: DateFact | None = None
    start_all: list[DateFact] = Field(default_factory=list)
    end: DateFact | None = None
    end_all: list[DateFact] = Field(default_factory=list)
    duration: TextFact | None = None
    renewal: TextFact | None = None  # "wordt stilzwijgend verlengd"
    termination: TextFact | None = None
    disputes: TextFact | None = None
    governance: list[Body] = Field(default_factory=list)
    minutes: Minutes | None = None
    items: list[AgendaItem] = Field(default_factory=list)  # agenda items of minutes and decision lists
    decision: TextFact | None = None  # what a document taking one decision decides (no agenda items)
    articles: list[Article] = Field(default_factory=list)
    seats: list[Seat] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    definitions: list[Definition] = Field(default_factory=list)
    appointees: list[Person] = Field(default_factory=list)  # people a listed appointment names
    ambitions: list[str] = Field(default_factory=list)
    ambition_quotes: list[Quote | None] = Field(default_factory=list)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_defaults=False)

    @classmethod
    def load(cls, data: dict[str, Any] | None) -> DocumentFacts:
        """Facts from their stored JSON form; empty facts when they cannot be read."""
        if not data:
            return cls()
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            logger.warning("stored facts cannot be read (%s); the document needs to be ingested again", exc)
            return cls()
