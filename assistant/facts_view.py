"""Readable rows of a document's extracted facts (for `akkoord facts` and the Documenten tab)."""

from __future__ import annotations

from ingest.records import DocumentInfo

KIND_NL = {"agreement": "overeenkomst of regeling", "minutes": "notulen of besluitenlijst", "other": "ander document"}
WHERE_NL = {"opening": "aanhef", "signature": "ondertekening"}


def facts_table(doc: DocumentInfo) -> list[tuple[str, str]]:
    """(label, value) rows in Dutch, in a fixed order; absent facts are left out."""
    f = doc.facts
    rows: list[tuple[str, str]] = [("Document", doc.name), ("Soort", KIND_NL.get(doc.kind, doc.kind)),
                                   ("Titel", doc.title), ("Datum", doc.date or "-")]
    for party in f.parties:
        reps = "; ".join(f"{r.name}" + (f" ({r.role})" if r.role else "") + f" [{WHERE_NL.get(r.where, r.where)}]"
                         for r in party.representatives)
        rows.append((f"Partij: {party.name}", reps or "-"))
    if f.parties and not f.parties_complete:
        rows.append(("Partijen", "mogelijk onvolledig gelezen"))
    for person in f.signatories:
        if not person.party:
            rows.append(("Ondertekend door", f"{person.name}" + (f" ({person.role})" if person.role else "")))
    if f.signed:
        rows.append(("Getekend", " ".join(x for x in (f.signed.place, f.signed.text) if x)))
    for key, label in (("start", "Ingangsdatum"), ("end", "Einddatum"), ("duration", "Duur"),
                       ("termination", "Opzegging"), ("disputes", "Geschillen")):
        fact = getattr(f, key)
        if fact is not None:
            rows.append((label, fact.text))
    for seat in f.seats[:3]:
        rows.append(("Zetel", seat.place))
    for body in f.governance:
        rows.append((f"Overleg: {body.body}",
                     f"{body.frequency or 'frequentie niet vermeld'}; uitnodiging: {body.inviter or '-'}"))
    minutes = f.minutes
    if minutes is not None:
        if minutes.meeting_date:
            rows.append(("Vergadering", minutes.meeting_date.text))
        if minutes.agenda_item:
            rows.append(("Agendapunt", f"{minutes.agenda_item.number}. {minutes.agenda_item.title}"))
        if minutes.vote:
            rows.append(("Stemming", minutes.vote.text))
        for h in minutes.history:
            rows.append(("Voorgeschiedenis", f"{h.date_text or ''}: {h.text}"))
    for item in f.items:
        votes = "; ".join(v.text for v in item.votes)
        rows.append((f"Agendapunt {item.number}", item.title + (f" ({item.status})" if item.status else "")
                     + (f" — {votes}" if votes else "")))
    for action in f.actions:
        subs = ", ".join(f"{s.number} {s.title}" for s in action.subitems)
        rows.append((f"Actie {action.number}", action.title + (f" ({subs})" if subs else "")))
    for article in f.articles[:60]:
        rows.append((f"Artikel {article.number}", article.title or article.text[:80]))
    for d in f.definitions:
        rows.append((f"Begrip: {d.term}", d.text))
    return rows
