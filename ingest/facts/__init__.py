"""Structured facts from one cleaned document, one module per topic:

- `parties`: parties and their representatives, signature blocks and signatories;
- `people`: person names and roles;
- `dates`: start, end, duration, termination, disputes, and where and when it was signed;
- `governance`: bodies, how often they meet, who convenes them and who sits in them;
- `minutes`: the meeting, attendance, the extract's agenda item, earlier decisions, signatures;
- `agenda`: the numbered agenda items of minutes and decision lists, with their status;
- `decisions`: what a document that takes one decision decides;
- `votes`: vote results, counts and who voted how;
- `definitions`: abbreviations and definition lists;
- `regulations`: articles and seats;
- `actions`: action plans and their ambitions.

Everything is found with readable patterns of the genre (ingest/genre.toml and the modules), never
with knowledge of a particular document. Every fact carries a quote that an answer can cite. A
document without a given clause gets None or an empty list for it: nothing is invented.
"""

from __future__ import annotations

import logging

from ingest.chunk import paragraphs
from ingest.facts import linked_data
from ingest.facts.actions import ambition_quote, extract_actions, extract_ambitions
from ingest.facts.agenda import extract_items, item_starts, voted_items
from ingest.facts.dates import (
    DISPUTES_CLAUSE,
    DURATION_CLAUSE,
    RENEWAL_CLAUSE,
    TERMINATION_CLAUSE,
    best_date,
    clause_fact,
    extract_end,
    extract_signed,
    extract_start,
    iso_date,
)
from ingest.facts.decisions import extract_decision
from ingest.facts.definitions import extract_definitions
from ingest.facts.governance import (
    extract_appointees,
    extract_governance,
    governance_sections,
    with_compositions,
)
from ingest.facts.minutes import extract_minutes
from ingest.facts.model import AgendaItem, DocumentFacts, Minutes
from ingest.facts.parties import extract_parties, signature_people
from ingest.facts.regulations import extract_articles, extract_seats
from ingest.facts.text import MAX_QUOTE, Doc, make_quote
from ingest.facts.votes import extract_votes
from ingest.publication import Publication
from ingest.records import CleanText, Section

logger = logging.getLogger(__name__)

__all__ = ["MAX_QUOTE", "DocumentFacts", "extract_facts", "iso_date", "make_quote"]


def extract_facts(clean: CleanText, sections: list[Section], kind: str,
                  publication: Publication | None = None) -> DocumentFacts:
    """Structured facts of one document; `kind` is "agreement", "minutes" or "other".

    Minutes may carry the agreement they approve as an annex: both are extracted. A publication
    page's linked data (`publication`) gives the meeting, agenda items, votes and attendance; what
    it does not give is read from the text."""
    boundaries = frozenset({s.heading_start for s in sections} | {s.end for s in sections})
    doc = Doc(clean, sorted(sections, key=lambda s: s.heading_start), list(paragraphs(clean.text)), boundaries, kind)
    definitions = extract_definitions(doc)
    governance_spans = [(s.heading_start, s.end) for s in governance_sections(doc)]
    parties, complete = extract_parties(doc, governance_spans, definitions)
    starts = extract_start(doc)
    ends = extract_end(doc)
    actions = extract_actions(doc)
    items_at = item_starts(doc)
    votes = extract_votes(doc, [i.start for i in items_at])
    ambitions = extract_ambitions(doc, actions)
    # a document of no known kind (a newsletter, a web page) says nothing binding about dates and terms
    binding = kind != "other"
    minutes = extract_minutes(doc, votes) if kind == "minutes" else None
    items = extract_items(doc, items_at, votes) or (voted_items(doc, votes) if kind == "minutes" else [])
    if publication is not None:
        minutes, items = _with_linked_data(doc, publication, minutes, items)
    facts = DocumentFacts(
        parties=parties,
        parties_complete=complete,
        signatories=signature_people(doc, parties),
        signed=extract_signed(doc),
        start=best_date(doc, starts) if binding else None,
        start_all=starts if binding else [],
        end=best_date(doc, ends) if binding else None,
        end_all=ends if binding else [],
        duration=clause_fact(doc, DURATION_CLAUSE, "match", follows=True, besides=RENEWAL_CLAUSE) if binding else None,
        renewal=clause_fact(doc, RENEWAL_CLAUSE, "sentence", follows=True) if binding else None,
        termination=clause_fact(doc, TERMINATION_CLAUSE, "clause") if binding else None,
        disputes=clause_fact(doc, DISPUTES_CLAUSE, "sentence") if binding else None,
        governance=with_compositions(doc, extract_governance(doc, fallback=bool(parties))),
        minutes=minutes,
        items=items,
        decision=None if items else extract_decision(doc),
        articles=extract_articles(doc),
        seats=extract_seats(doc),
        actions=actions,
        definitions=definitions,
        appointees=extract_appointees(doc),
        ambitions=ambitions,
        ambition_quotes=[ambition_quote(doc, a) for a in ambitions],
    )
    logger.debug("facts: %d parties, %d bodies, %d items, %d votes, %d articles, %d definitions",
                 len(parties), len(facts.governance), len(facts.items), len(votes), len(facts.articles),
                 len(definitions))
    return facts


def _with_linked_data(doc: Doc, publication: Publication, minutes: Minutes | None,
                      items: list[AgendaItem]) -> tuple[Minutes | None, list[AgendaItem]]:
    """The meeting, items, votes and attendance of the linked data where it has them."""
    linked_items = linked_data.items(doc, publication)
    date = linked_data.meeting_date(doc, publication)
    present, present_quote, absent, absent_quote = linked_data.attendance(doc, publication)
    base = minutes or Minutes()
    update: dict = {}
    if date is not None:
        update["meeting_date"] = date
    where = linked_data.place(doc, publication)
    if where is not None:
        update["place"] = where
    if publication.meeting and publication.meeting.governing_body:
        update["council"] = publication.meeting.governing_body
    if present:
        update |= {"present": present, "present_quote": present_quote}
    if absent:
        update |= {"absent": absent, "absent_quote": absent_quote}
    return base.model_copy(update=update), (linked_items or items)
