"""Typing errors in questions: a word the documents do not use, close to one they do.

Officials type fast ("geschillencomissie", "reglemnt"). A question word whose stem no passage uses
is read as the nearest index term when that term is within a small edit distance: one edit for
stems of 8 to 10 letters, two from 11. Shorter stems are left as they are: names, abbreviations
("KMar"), and words one edit from another word ("vordrag" of "voordragen" is one edit from
"verdrag"), and so is a word with two equally near terms: a guess there would change the question.
The distance is computed by rapidfuzz (Levenshtein in C), over the terms of the live passages.
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_LETTERS = 8  # shorter stems are names, abbreviations, or one edit from another word ("vordrag", "verdrag")
TWO_EDITS_FROM = 11  # stems of this length may be two edits away


def max_edits(term: str) -> int:
    if len(term) < MIN_LETTERS or not term.isalpha():
        return 0
    return 2 if len(term) >= TWO_EDITS_FROM else 1


def correction(term: str, vocabulary: Sequence[str]) -> str | None:
    """The one index term nearest to `term` within its edit budget, None when there is none or more
    than one at the same distance."""
    budget = max_edits(term)
    if not budget or not vocabulary:
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    near = process.extract(term, vocabulary, scorer=Levenshtein.distance, score_cutoff=budget, limit=2)
    if not near:
        return None
    if len(near) > 1 and near[1][1] == near[0][1]:
        return None
    return near[0][0]
