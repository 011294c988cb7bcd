"""Articles of agreements, regulations, statutes and treaties, and where a body has its seat."""

from __future__ import annotations

import re

from ingest.facts.model import Article, Seat
from ingest.facts.text import Doc, clip, excerpt

ARTICLE_TITLE = re.compile(r"^Art(?:ikel|\.)\s*(?P<number>\d+(?:\.\d+)?(?:\s*(?:bis|ter|quater))?[a-z]?)\b\.?\s*[-–:.]?\s*(?P<title>.*)$")
ARTICLE_TEXT_CHARS = 600
# "Het openbaar lichaam is gevestigd te Assen", "met zetel te Keizerslaan 11, 1000 Brussel",
# "De Accreditatieorganisatie heeft haar zetel in Den Haag", "zetelt te ..."
# "De zetel van de Accreditatieorganisatie is gelegen in Den Haag", "De zetel van het lichaam is Assen"
SEAT = re.compile(
    r"(?:(?:(?P<subject>\b(?:[Hh]et|[Dd]e)\s+[^.;:,]{2,80}?)\s+)?(?:is\s+gevestigd|gevestigd\s+is|heeft\s+(?:zijn|haar)\s+(?:zetel|vestigingsplaats)|zetelt|"
    r"met\s+(?:maatschappelijke\s+)?zetel|wordt\s+gevestigd|is\s+geves?tigd)\s+(?:te|in|op|aan)\s+"
    r"|\b[Dd]e\s+(?:maatschappelijke\s+)?(?:zetel|vestigingsplaats)\s+van\s+(?P<owner>[^.;:,]{2,80}?)\s+"
    r"(?:is|wordt)\s+(?:(?:gelegen|gevestigd|bepaald|vastgesteld)\s+)?(?:(?:te|in|op|aan)\s+)?)"
    r"(?P<place>(?:[’']s-)?[A-ZÀ-Ý][\w’'-]*(?:[ -](?:[A-ZÀ-Ý][\w’'-]*|\d+[a-z]?|aan|op|de|den|der))*(?:,\s*\d{4}\s+[A-ZÀ-Ý][\w-]*)?)"
)


def extract_articles(doc: Doc) -> list[Article]:
    """Every "Artikel N": its number, its title (on the heading line, or the heading below it) and its
    text, over all the sections under it. A heading with nothing but a title below it has no section
    of its own: the article is found as the ancestor of its sections."""
    text = doc.text
    groups: dict[tuple[str, ...], dict] = {}
    for section in doc.sections:
        path = section.path
        idx = next((i for i in range(len(path) - 1, -1, -1) if ARTICLE_TITLE.match(path[i])), None)
        if idx is None:
            continue
        m = ARTICLE_TITLE.match(path[idx])
        key = path[: idx + 1]
        group = groups.get(key)
        if group is None:
            own_title = m.group("title").strip(" .:-–") if idx == len(path) - 1 else ""
            title = own_title or (path[idx + 1] if idx + 1 < len(path) else None)
            groups[key] = {"number": m.group("number").replace(" ", ""), "title": title, "start": section.start,
                           "end": section.end}
        else:
            group["end"] = max(group["end"], section.end)
    articles: list[Article] = []
    seen: set[tuple[str, str]] = set()
    for key, g in groups.items():
        number = g["number"]
        if (number, key[0]) in seen:  # an explanatory part that repeats the articles
            continue
        seen.add((number, key[0]))
        body = text[g["start"] : g["end"]]
        start = g["start"] + (len(body) - len(body.lstrip()))
        s, e = clip(text, start, g["end"], start, start)
        articles.append(Article(number=number, title=g["title"] or None, text=excerpt(body, ARTICLE_TEXT_CHARS),
                                quote=doc.quote(s, e)))
    return articles


def extract_seats(doc: Doc) -> list[Seat]:
    seats: list[Seat] = []
    for m in SEAT.finditer(doc.text):
        place = m.group("place").strip(" ,")
        if place.lower() in {"de", "het"} or len(place) < 2:
            continue
        subject = m.group("subject") or m.group("owner")
        subject = " ".join(subject.split()) if subject else None
        seats.append(Seat(subject=subject, place=place, quote=doc.sentence_quote(m.start(), m.end())))
    return seats
