"""Readable rows of a document's extracted facts (for `akkoord facts` and the Documenten tab)."""

from __future__ import annotations

from ingest.records import DocumentInfo

KIND_NL = {"agreement": "samenwerkingsovereenkomst", "minutes": "notulen", "other": "ander document"}
WHERE_NL = {"opening": "aanhef", "signature": "ondertekening"}


def facts_table(doc: DocumentInfo) -> list[tuple[str, str]]:
    """(label, value) rows in Dutch, in a fixed order; absent facts are left out."""
    f = doc.facts or {}
    rows: list[tuple[str, str]] = [("Document", doc.name), ("Soort", KIND_NL.get(doc.kind, doc.kind)),
                                   ("Titel", doc.title), ("Datum", doc.date or "-")]
    for party in f.get("parties", []) or []:
        reps = "; ".join(
            f"{r['name']}" + (f" ({r['role']})" if r.get("role") else "") + f" [{WHERE_NL.get(r.get('where', ''), '')}]"
            for r in party.get("representatives", []) or []
        )
        rows.append((f"Partij: {party.get('name')}", reps or "-"))
    for key, label in (("start", "Ingangsdatum"), ("end", "Einddatum"), ("duration", "Duur"),
                       ("termination", "Opzegging"), ("disputes", "Betwistingen")):
        if f.get(key):
            rows.append((label, str(f[key].get("text", ""))))
    for body in f.get("governance", []) or []:
        rows.append((f"Overleg: {body.get('body')}",
                     f"{body.get('frequency') or 'frequentie niet vermeld'}; uitnodiging: {body.get('inviter') or '-'}"))
    minutes = f.get("minutes") or {}
    if minutes:
        if minutes.get("meeting_date"):
            rows.append(("Vergadering", minutes["meeting_date"].get("text", "")))
        if minutes.get("agenda_item"):
            item = minutes["agenda_item"]
            rows.append(("Agendapunt", f"{item.get('number')}. {item.get('title', '')}"))
        if minutes.get("vote"):
            rows.append(("Stemming", minutes["vote"].get("text", "")))
        for h in minutes.get("history", []) or []:
            rows.append(("Voorgeschiedenis", f"{h.get('date_text', '')}: {h.get('text', '')}"))
    for action in f.get("actions", []) or []:
        subs = ", ".join(f"{s.get('number')} {s.get('title')}" for s in action.get("subitems", []) or [])
        rows.append((f"Actie {action.get('number')}", f"{action.get('title')}" + (f" ({subs})" if subs else "")))
    return rows
