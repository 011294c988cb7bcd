"""Votes in minutes and decision lists: the result ("met eenparigheid van stemmen", "in meerderheid
(16 stemmen voor en 14 stemmen tegen)", "bij acclamatie"), the counts, and who voted how.

A vote block starts at a result or at a line that introduces voters ("Voor de motie stemden:",
"Stemming:", "Ja-stemmen:", "Onthoudingen:") and runs over the following paragraphs that list
voters, up to the next agenda item or heading. The block is quoted whole, so that an answer can
name every voter.
"""

from __future__ import annotations

import re

from ingest.facts.model import Vote
from ingest.facts.text import Doc, sentence_at

_NUM = r"(?:\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|twintig)"
# plurals as vote-counting software writes them: "1 stem(men) voor", "2 onthouding(en)"
_STEMMEN = r"stem(?:men|\(men\))"
_ONTHOUDINGEN = r"onthouding(?:en|\(en\))?"
_NUMBERS = {w: i for i, w in enumerate(
    ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "dertien",
     "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"])} | {"één": 1}

# The result of a vote, as written.
RESULT = re.compile(
    r"\bmet\s+(?:eenparigheid|algemene)\s+(?:van\s+)?(?:de\s+)?(?:uitgebrachte\s+)?stemmen\b"
    r"|\b(?:unaniem|eenparig|eenstemmig)(?:\s+(?:goedgekeurd|aangenomen|vastgesteld|besloten))?\b"
    r"|\bbij\s+acclamatie\b"
    r"|\bzonder\s+(?:hoofdelijke\s+)?stemming\b"
    r"|\bin\s+meerderheid\b(?:\s*\([^)]{0,120}\))?"
    rf"|\bmet\s+{_NUM}\s+(?:{_STEMMEN}\s+voor|ja-stemmen|voorstemmen|{_STEMMEN}\s+tegen\s+{_NUM})[^.;\n]{{0,160}}"
    rf"|\b{_NUM}\s+(?:{_STEMMEN}\s+voor|ja-stemmen|voorstemmen)[^.;\n]{{0,160}}"
    rf"|\b(?:aangenomen|verworpen|goedgekeurd|afgewezen)\s+met\s+{_NUM}\s+(?:tegen|{_STEMMEN})[^.;\n]{{0,120}}"
    # "25 ja, 10 neen en 2 onthoudingen", "30 voor, 9 tegen"
    rf"|\b{_NUM}\s+(?:ja|voor)\s*[,;]\s*{_NUM}\s+(?:neen|nee|tegen)\b[^.;\n]{{0,80}}",
    re.IGNORECASE,
)
# A line that introduces who voted how.
VOTERS = re.compile(
    r"^(?:(?P<side>Voor|Tegen)(?:\s+(?:de|het)\s+\w+)?\s+(?:stemden|stemmen|hebben\s+gestemd)"
    r"|(?:Stemden|Hebben\s+gestemd)\s+(?P<side2>voor|tegen)"
    r"|Hebben\s+(?:voor|tegen)gestemd"
    r"|(?P<yes>Ja-?stemmen|Ja|Voorstemmen|Stemmen\s+voor|Voor)\s*(?:\(\d+\))?\s*:"
    r"|(?P<no>Neen-?stemmen|Nee-?stemmen|Neen|Nee|Tegenstemmen|Stemmen\s+tegen|Tegen)\s*(?:\(\d+\))?\s*:"
    r"|(?P<abstain>Onthouding(?:en)?|Onthouden\s+zich|Hebben\s+zich\s+onthouden|Onthielden\s+zich)\s*(?:\(\d+\))?\s*:?"
    r"|(?P<yes2>Stemmen\s+voor|Ja-?stemmen)\s*:?\s*\d+\s*$"
    r"|(?P<no2>Stemmen\s+tegen|Neen-?stemmen|Nee-?stemmen)\s*:?\s*\d+\s*$"
    r"|(?P<abstain2>Onthoudingen|Onthouding)\s*:?\s*\d+\s*$"
    r"|(?P<blank>Blanco\s+stemmen|Ongeldige\s+stemmen)\s*:?\s*\d+\s*$"
    r"|(?P<head>Stemming|Stemmingen|Stemresultaat|Resultaat\s+van\s+de\s+stemming)\b"
    r"|(?:Over\s+(?:de|het)\s+\w+\s+is\s+(?:hoofdelijk\s+)?gestemd)"
    # a bulleted count with its voters: "- 6 stem(men) voor: ...", "- 1 onthouding(en): ..."
    rf"|[-–•]?\s*\d+\s+(?:{_STEMMEN}\s+(?:voor|tegen)|{_ONTHOUDINGEN})\s*:)",
    re.IGNORECASE,
)
# "Tegen het amendement stemden de fracties van het CDA, ..." (inside a paragraph)
SIDE_SENTENCE = re.compile(r"\b(?P<side>Voor|Tegen)\s+(?:de|het)\s+\w+\s+stemden\b[^.]*\.", re.IGNORECASE)
_COUNT_FOR = re.compile(rf"\b(?P<n>{_NUM})[ \t]+(?:(?:{_STEMMEN}\s+voor|ja-stemmen|voorstemmen|stemmen\s+ja)\b|(?:voor|ja)(?=\s*[,;]))"
                        rf"|\b(?:Stemmen\s+voor|Voor|Ja(?:-stemmen)?)\s*:?\s*(?P<n2>\d+)\b", re.IGNORECASE)
_COUNT_AGAINST = re.compile(rf"\b(?P<n>{_NUM})[ \t]+(?:{_STEMMEN}\s+tegen|neen-stemmen|nee-stemmen|tegenstemmen|tegen|neen|nee)\b"
                            rf"|\b(?:Stemmen\s+tegen|Tegen|Neen|Nee)(?:-stemmen)?\s*:?\s*(?P<n2>\d+)\b", re.IGNORECASE)
_COUNT_ABSTAIN = re.compile(rf"\b(?P<n>{_NUM})[ \t]+{_ONTHOUDINGEN}(?!\w)|\bOnthoudingen?\s*:?\s*(?P<n2>\d+)\b", re.IGNORECASE)
# where one side's voters start inside a block ("Voor: 14 stemmen (...) Tegen: 5 stemmen (...)")
_SIDE_LABEL = re.compile(
    rf"(?:\b\d+\s+(?:(?P<yes3>{_STEMMEN}\s+voor)|(?P<no3>{_STEMMEN}\s+tegen)|(?P<abstain3>{_ONTHOUDINGEN}))\s*:)"
    r"|\b(?:(?P<yes>Hebben\s+voorgestemd|(?:Stemmen|Stemden)\s+voor|Voor|Ja-?stemmen|Ja)"
    r"|(?P<no>Hebben\s+tegengestemd|(?:Stemmen|Stemden)\s+tegen|Tegen|Neen-?stemmen|Nee-?stemmen|Neen|Nee)"
    r"|(?P<abstain>Onthouding(?:en)?|Onthielden\s+zich|Onthouden\s+zich|Hebben\s+zich\s+onthouden|Onthouden)"
    r"|(?P<blank>Blanco\s+stemmen|Ongeldige\s+stemmen|Stemden\s+blanco))"
    r"(?:\s+(?:de|het)\s+\w+)?(?:\s+(?:stemden|stemmen|hebben\s+gestemd))?\s*(?:\(\d+\)|\d+)?\s*(?::|$|(?=\n))",
    re.IGNORECASE | re.MULTILINE)
# (a count stands on the line of its label: "0\n\nOnthoudingen 1" is no "0 onthoudingen")
_BRACKET = re.compile(r"[ \t]*\(([^()\n]{1,300})\)")  # the voters in brackets right after a count
_OUTCOME = re.compile(r"\b(aangenomen|verworpen|goedgekeurd|afgewezen|afgekeurd)\b", re.IGNORECASE)
MAX_BLOCK = 4000  # characters of one vote block (a council of 40 named twice)


def _number(raw: str | None) -> int | None:
    if raw is None:
        return None
    raw = raw.lower()
    return int(raw) if raw.isdigit() else _NUMBERS.get(raw)


def extract_votes(doc: Doc, stops: list[int]) -> list[Vote]:
    """Every vote of the document, in order. `stops` are the offsets where an agenda item starts: a
    vote block never runs past one. Headings are no stop: converters make "Aanwezig" or "Stemmen voor
    33" a heading of its own, and a heading that lists no voters ends the block anyway."""
    text = doc.text
    votes: list[Vote] = []
    covered_until = -1
    stops = sorted(stops)
    for i, (p_start, p_end) in enumerate(doc.paragraphs):
        if p_start < covered_until:
            continue
        para = text[p_start:p_end]
        intro = VOTERS.match(para)
        result = RESULT.search(para)
        side = SIDE_SENTENCE.search(para)
        if not (intro or result or side):
            continue
        # a result inside a paragraph is quoted from the start of its sentence
        start = p_start if intro else sentence_at(text, p_start + min(m.start() for m in (result, side) if m))[0]
        end = _block_end(doc, i, stops)
        block = text[start:end]
        votes.append(_vote(doc, start, end, block, result.group(0) if result else None))
        covered_until = end
    return votes


def _block_end(doc: Doc, i: int, stops: list[int]) -> int:
    """A vote block runs over the paragraphs that list voters or counts, up to the next stop."""
    text = doc.text
    p_start, p_end = doc.paragraphs[i]
    limit = next((s for s in stops if s > p_start), len(text))
    end = p_end
    following = doc.paragraphs[i + 1 :]
    for k, (q_start, q_end) in enumerate(following):
        if q_start >= limit or q_end - p_start > MAX_BLOCK:
            break
        para = text[q_start:q_end]
        label = text[slice(*following[k - 1])] if k else text[p_start:p_end]
        after_label = VOTERS.match(label) and not re.search(r"\b0\s*$", label)  # "Onthoudingen 0": no names
        if VOTERS.match(para) or _is_voter_list(para) or RESULT.search(para):
            end = q_end
        elif after_label and len(para) <= 600 and not para.rstrip().endswith(".") and _names_in(para):
            end = q_end  # "Blanco stemmen 1", then the one name on a line of its own
        elif _is_label(para) and k + 1 < len(following) and _is_voter_list(text[slice(*following[k + 1])]):
            continue  # "Aanwezig" on its own line, then the names: part of the block, not a side
        else:
            break
    return end


def _is_label(para: str) -> bool:
    """A short caption on its own line ("Aanwezig", "Deelnemers aan de stemming")."""
    return len(para) <= 40 and not any(ch.isdigit() for ch in para) and not para.rstrip().endswith(".")


def _is_voter_list(para: str) -> bool:
    """ "CDA: mevrouw Houtveen en de heren Bazen, Krijns en Slort;" or a plain list of names."""
    if len(para) > 3000:  # a council of 40, each with a role
        return False
    if len(para) <= 600 and re.match(r"^[A-ZÀ-Ý][\w!&'’.\- ]{0,40}:\s+\S", para):
        return True
    names = re.findall(r"\b[A-ZÀ-Ý][a-zà-ÿ'’-]+", para)
    return len(names) >= 3 and len(names) * 4 > len(para.split()) and not para.rstrip().endswith(".")


# "aangenomen met 37 tegen 7 stemmen", "met 43 stemmen tegen 1 stem": the first count is for
_FOR_AGAINST = re.compile(rf"\bmet\s+(?P<n>{_NUM})\s+(?:{_STEMMEN}\s+|stem\s+)?tegen\s+(?P<n2>{_NUM})\s+(?:{_STEMMEN}|stem)\b",
                          re.IGNORECASE)


def _vote(doc: Doc, start: int, end: int, block: str, result: str | None) -> Vote:
    counts_for = _COUNT_FOR.search(block)
    counts_against = _COUNT_AGAINST.search(block)
    pair = _FOR_AGAINST.search(block)
    if pair and not counts_for:
        for_, against = _number(pair.group("n")), _number(pair.group("n2"))
        counts_for = counts_against = None
    counts_abstain = _COUNT_ABSTAIN.search(block)
    names: dict[str, list[str]] = {"for": [], "against": [], "abstain": [], "blank": []}
    labels = list(_SIDE_LABEL.finditer(block))
    for i, label in enumerate(labels):
        side = ("for" if label.group("yes") or label.group("yes3") else
                "against" if label.group("no") or label.group("no3") else
                "abstain" if label.group("abstain") or label.group("abstain3") else "blank")
        names[side] += _names_in(block[label.end() : labels[i + 1].start() if i + 1 < len(labels) else len(block)])
    if not labels:
        for s in SIDE_SENTENCE.finditer(block):  # "Tegen het amendement stemden de fracties van ..."
            names["for" if s.group("side").lower() == "voor" else "against"] += _names_in(s.group(0).split("stemden", 1)[-1])
    for side, count in (("for", counts_for), ("against", counts_against), ("abstain", counts_abstain)):
        bracket = _BRACKET.match(block, count.end()) if count and not names[side] else None
        if bracket:  # "20 stemmen voor (CD&V, N-VA), 5 stemmen tegen (Groen)"
            names[side] += _names_in(bracket.group(1))
    names = {side: list(dict.fromkeys(found)) for side, found in names.items()}
    outcome = _OUTCOME.search(block)
    text = result or " ".join(block.split())[:160]
    if not (pair and not _COUNT_FOR.search(block)):
        for_, against = _count(counts_for), _count(counts_against)
    return Vote(
        text=" ".join(text.split()),
        **{"for": for_},
        against=against,
        abstentions=_count(counts_abstain),
        names_for=names["for"], names_against=names["against"], names_abstaining=names["abstain"],
        names_blank=names["blank"],
        outcome=outcome.group(1).lower() if outcome else None,
        quote=doc.quote(start, end),
    )


def _count(m: re.Match[str] | None) -> int | None:
    return _number(m.group("n") or m.group("n2")) if m else None


_PIECES = re.compile(r"\s*(?:[,;:()\n]|\ben\b|\.\s|\.$)\s*")
_HONORIFICS = re.compile(r"^(?:(?:de|het)\s+)?(?:heer|heren|dames|mevrouw|mevr\.|dhr\.|mw\.|raadslid|raadsleden|fractie|fracties)\s+"
                         r"(?:van\s+(?:de\s+|het\s+)?)?", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:de|het)\s+")
_NOT_VOTER = {"voor", "tegen", "stemming", "over", "ja", "neen", "nee", "onthoudingen", "onthouding", "stemden",
              "raad", "motie", "amendement", "voorstel", "stemmen", "de", "het",
              "goedgekeurd", "aangenomen", "verworpen", "afgewezen", "afgekeurd"}


def _names_in(body: str) -> list[str]:
    """The voters of one side, as written: names and party names ("CDA: mevrouw Houtveen en de heren
    Bazen, Krijns en Slort" -> CDA, Houtveen, Bazen, Krijns, Slort)."""
    found = []
    for piece in _PIECES.split(body):
        piece = piece.strip().strip(" .…-–•")
        for _ in range(3):
            piece = _ARTICLE.sub("", _HONORIFICS.sub("", piece))
        if not piece or not piece[0].isupper() or len(piece) > 60 or piece.lower() in _NOT_VOTER:
            continue
        if any(ch.isdigit() for ch in piece) or len(piece.split()) > 5:
            continue
        found.append(piece)
    return found
