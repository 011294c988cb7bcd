"""Dutch text analysis for lexical retrieval: accent folding, tokens, stop words, snowball stems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import snowballstemmer

_DATA = Path(__file__).resolve().parent / "data"
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STEMMER = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without accents: 'Geëvalueerd' -> 'geevalueerd'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in (_DATA / "stopwords_nl.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


_DOUBLE_VOWEL = re.compile(r"([aeou])\1")


@lru_cache(maxsize=1)
def irregular_plurals() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """(plural ending, singular ending) pairs and the words kept as they are (data/irregular_plurals_nl.txt)."""
    pairs, kept = [], set()
    for line in (_DATA / "irregular_plurals_nl.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            kept.add(line[1:])
        else:
            plural, singular = line.split()
            pairs.append((plural, singular))
    return tuple(pairs), frozenset(kept)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The snowball stem with doubled vowels made single: the Dutch stemmer restores the long vowel of
    an open syllable ("wegen" -> "weeg", "notulen" -> "notuul"), so that singular and plural of the
    same word would otherwise differ ("buurtweg" / "buurtwegen"). An irregular plural is stemmed as
    its singular ("leden" as "lid")."""
    pairs, kept = irregular_plurals()
    if word not in kept:
        for plural, singular in pairs:
            if word.endswith(plural):
                word = word[: -len(plural)] + singular
                break
    return _DOUBLE_VOWEL.sub(r"\1", _STEMMER.stemWord(word))


# the particles of Dutch separable verbs, which "te" splits off: "uit te voeren" is "uitvoeren"
# (not "om": "om te beslissen" is a purpose clause)
_PARTICLES = frozenset(["aan", "af", "bij", "door", "in", "mee", "na", "op", "over", "terug", "toe", "uit", "vast", "voor",
                        "weg"])


def words(text: str) -> list[str]:
    """Folded words; hyphenated compounds give their parts and the joined form ('wijk-werken' ->
    'wijk', 'werken', 'wijkwerken'); a separable verb split by "te" is one word ('uit te voeren' ->
    'uit', 'te', 'uitvoeren'), as the documents write it elsewhere ("het uitvoeren van")."""
    out: list[str] = []
    tokens = _TOKEN.findall(fold(text))
    for i, token in enumerate(tokens):
        if "-" in token or "'" in token:
            parts = [p for p in re.split(r"[-']", token) if p]
            out.extend(parts)
            out.append("".join(parts))
        elif i >= 2 and tokens[i - 1] == "te" and tokens[i - 2] in _PARTICLES and token.isalpha() and len(token) > 2:
            out.append(tokens[i - 2] + token)
        else:
            out.append(token)
    return out


_CLAUSE_END = re.compile(r"[.;:!?\n]+")


def separable_joins(text: str) -> dict[str, set[str]]:
    """The separable verbs a text writes apart, by the stem of their verb: a particle and a verb of one
    clause joined ("stelt ... een ontwerpbegroting op": "stelt" -> the stem of "opstellen"; "wijst de
    leden aan": "wijst" -> "aanwijzen"). A passage holds the joined stems, so that a question's
    "opstellen" is held by a passage that splits it; a question that splits a verb is held by a
    passage with the joined one. Every verb of the clause is joined with every particle (which one
    belongs to it is not parsed): a join that is no Dutch word matches no question word."""
    stop = stopwords()
    found: dict[str, set[str]] = {}
    for clause in _CLAUSE_END.split(fold(text)):
        tokens = _TOKEN.findall(clause)
        particles = {t for t in tokens if t in _PARTICLES}
        if not particles:
            continue
        for verb in {t for t in tokens if t.isalpha() and len(t) > 2 and t not in stop and t not in _PARTICLES}:
            joined = found.setdefault(stem(verb), set())
            for particle in particles:
                joined.add(stem(particle + verb))
                if verb[-1] in "td" and len(verb) > 3:  # "stelt" -> "opstel(len)"
                    joined.add(stem(particle + verb[:-1]))
    return found


def terms(text: str) -> list[str]:
    """Index terms: stems of the non-stop words."""
    return _terms_of(words(text))


def _terms_of(found: list[str]) -> list[str]:
    stop = stopwords()
    return [stem(w) for w in found if w not in stop and (len(w) > 1 or w.isdigit())]


def verb_base(term: str) -> str | None:
    """A verb form's stem without its ending -t or -d ("vergadert", "benoemd", "betaalt" -> the stem of
    "vergaderen", "benoemen", "betalen"), which the stemmer keeps (it cannot tell them from nouns such
    as "raad"); None for short terms and other endings."""
    return term[:-1] if len(term) > 4 and term[-1] in "td" else None


# a participle or past tense of a verb in -enen: "ondertekend", "tekende", "toegekenden"
_EN_VERB_FORM = re.compile(r"([a-z]{2,}en)(?:d|de|den)")


def participle_base(word: str) -> str | None:
    """The stem of the verb in -enen that a folded participle or past tense comes from, where the
    stemmer cuts the form shorter than the verb ("ondertekend", "tekende", "toegekend" -> the stems of
    "ondertekenen", "tekenen", "toekennen"; the stemmer gives "ondertek", "tek", "toegek"). None for
    other words and where the two stems are the same."""
    m = _EN_VERB_FORM.fullmatch(word)
    if not m:
        return None
    base = stem(m.group(1) + "en")
    return base if base != stem(word) else None


def held_terms(text: str) -> set[str]:
    """The terms a passage holds for a question: its index terms, their verb bases (`verb_base`), the
    verbs in -enen of its participles (`participle_base`) and the separable verbs it writes apart
    (`separable_joins`)."""
    found = words(text)  # split once: the index terms and the participles both read them
    own = set(_terms_of(found))
    participles = {b for w in set(found) if (b := participle_base(w))}
    return own.union({b for t in own if (b := verb_base(t))}, participles, *separable_joins(text).values())


def split_compound(word: str, vocabulary: Callable[[str], bool]) -> list[str]:
    """A Dutch compound that the documents do not use, split into two words they do:
    'sluisverdrag' -> ['sluis', 'verdrag'], 'stadsbestuur' -> ['stad', 'bestuur'] (a linking s or e
    is dropped). `vocabulary(word)` says whether the documents use a word. [] when no split fits."""
    if len(word) < 8 or vocabulary(word):
        return []
    best: list[str] = []
    for i in range(len(word) - 3, 3, -1):
        head, tail = word[:i], word[i:]
        if not vocabulary(tail):
            continue
        for left in (head, head[:-1] if head.endswith(("s", "e")) else None):
            if left and len(left) >= 3 and vocabulary(left):
                if len(tail) > len(best[-1] if best else ""):
                    best = [left, tail]
                break
    return best


def question_words(text: str, vocabulary: Callable[[str], bool] | None = None) -> list[str]:
    """Folded words of a question, with the parts of compounds the documents use split off."""
    found = words(text)
    if vocabulary is None:
        return found
    extra = [part for w in found for part in split_compound(w, vocabulary)]
    return found + extra
