"""Synthetic corpus for benchmarks: many realistic documents derived from the two bundled examples
and from documents of other shapes.

Most documents are one of the two examples with:
- the municipalities replaced by other Flemish municipalities (of one province per document, with the
  matching province in "VDAB <province>", a postcode of that province and a region acronym);
- every person replaced by a generated first + last name;
- the dates replaced by other dates that stay consistent (history < meeting/start < end);
- the numbers in meeting frequencies changed ("3 keer per jaar" -> "2 keer per jaar");
- the order of sections changed (Deel II/III, principles, actions within a domain), headings intact;
- the agreement signed by 5-10 municipalities instead of 8, so that documents differ in size.

Documents alternate: even indices are agreements (.txt), odd indices council minutes (.md), except
that indices ending in 5, 7 or 9 (30 %) take another shape: one of the dev corpus documents
(`evals/datasets/dev/corpus/`: treaties, circulars, regulations, agendas, decision lists, reports; PDF
and Word ones as their extracted text) or one of the HTML publication pages of the tests
(`tests/data/html/`, kept as HTML with their linked data; fewer of these: they are long). Such a copy
varies only its years (shifted by -2..+2 throughout, so dates stay dates), so the texts of its
chunks repeat across the corpus in at most five variants: the store embeds each distinct text once,
which keeps ingest with the real model bounded. The held-out (blind) documents are never used.
A document depends only on (seed, index): `make_corpus(d, 2000)` starts with the documents of
`make_corpus(d, 500)`, which lets a benchmark grow one store incrementally.
"""

from __future__ import annotations

import itertools
import logging
import random
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.config import EXAMPLES_DIR

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEV_CORPUS = REPO / "evals" / "datasets" / "dev" / "corpus"
HTML_PAGES = REPO / "tests" / "data" / "html"
AGREEMENT_FILE = "scheldeland-samenwerkingsovereenkomst-2021.txt"
MINUTES_FILE = "mechelen-gemeenteraad-2021-03-01.md"

# municipality names of the examples that must not survive in a synthetic document
ORIGINAL_MUNICIPALITIES = (
    "Mechelen", "Berlare", "Buggenhout", "Hamme", "Laarne", "Lebbeke", "Wetteren", "Wichelen", "Zele",
    "Scheldeland",
)
_AGREEMENT_MEMBERS = ("Berlare", "Buggenhout", "Hamme", "Laarne", "Lebbeke", "Wetteren", "Wichelen", "Zele")

# real Flemish municipalities with their postcode (the province follows from the postcode)
_MUNICIPALITIES_RAW = """
Aalst 9300; Aalter 9880; Aarschot 3200; Aartselaar 2630; Antwerpen 2000; Asse 1730; Assenede 9960;
Begijnendijk 3130; Bekkevoort 3460; Beringen 3580; Bertem 3060; Beveren 9120; Bilzen 3740; Blankenberge 8370;
Boechout 2530; Bonheiden 2820; Boom 2850; Borgloon 3840; Bornem 2880; Brakel 9660; Brasschaat 2930;
Bree 3960; Brugge 8000; De Haan 8420; Deinze 9800; Denderleeuw 9470; Dendermonde 9200; Destelbergen 9070;
Diest 3290; Diksmuide 8600; Dilbeek 1700; Duffel 2570; Edegem 2650; Eeklo 9900; Erpe-Mere 9420;
Essen 2910; Evergem 9940; Geel 2440; Genk 3600; Gent 9000; Geraardsbergen 9500; Glabbeek 3380;
Grimbergen 1850; Haacht 3150; Halle 1500; Hamont-Achel 3930; Harelbeke 8530; Hasselt 3500;
Heist-op-den-Berg 2220; Hemiksem 2620; Herentals 2200; Herzele 9550; Heusden-Zolder 3550; Holsbeek 3220;
Hoogstraten 2320; Ieper 8900; Izegem 8870; Kalmthout 2920; Kapellen 2950; Keerbergen 3140; Kinrooi 3640;
Knokke-Heist 8300; Koksijde 8670; Kontich 2550; Kortenberg 3070; Kortrijk 8500; Kruibeke 9150; Landen 3400;
Lanaken 3620; Lede 9340; Leuven 3000; Lier 2500; Lochristi 9080; Lokeren 9160; Lommel 3920; Lummen 3560;
Maaseik 3680; Maldegem 9990; Malle 2390; Melle 9090; Menen 8930; Merelbeke 9820; Mol 2400; Mortsel 2640;
Nazareth 9810; Nieuwpoort 8620; Ninove 9400; Oostende 8400; Oosterzele 9860; Oudenaarde 9700;
Overijse 3090; Peer 3990; Poperinge 8970; Putte 2580; Ranst 2520; Riemst 3770; Roeselare 8800; Ronse 9600;
Rotselaar 3110; Schoten 2900; Sint-Niklaas 9100; Sint-Truiden 3800; Stekene 9190; Temse 9140;
Ternat 1740; Tervuren 3080; Tielt 8700; Tienen 3300; Tongeren 3700; Torhout 8820; Turnhout 2300;
Veurne 8630; Vilvoorde 1800; Waasmunster 9250; Waregem 8790; Wellen 3830; Westerlo 2260; Wevelgem 8560;
Willebroek 2830; Zandhoven 2240; Zaventem 1930; Zemst 1980; Zoersel 2980; Zottegem 9620; Zwevegem 8550
"""

FIRST_NAMES = (
    "An", "Anja", "Annelies", "Arne", "Bert", "Bram", "Carine", "Dirk", "Dries", "Els", "Elke", "Emma",
    "Eva", "Filip", "Frank", "Geert", "Gert", "Hanne", "Hilde", "Ilse", "Inge", "Jan", "Jef", "Joke",
    "Joris", "Karen", "Katrien", "Koen", "Kris", "Lien", "Lieve", "Lotte", "Luc", "Marc", "Marijke",
    "Marleen", "Martine", "Nathalie", "Nele", "Nico", "Patrick", "Peter", "Pieter", "Rik", "Ruben",
    "Sabine", "Sarah", "Sofie", "Stijn", "Sven", "Thomas", "Tine", "Tom", "Veerle", "Wim", "Wouter",
    "Yasmine", "Youssef", "Ahmed", "Fatima", "Mehmet", "Nadia",
)
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet", "Dubois", "Lambert", "Dupont", "Martens", "Vermeulen", "De Clercq", "Pauwels", "Hermans",
    "Aerts", "Michiels", "Van Damme", "Desmet", "Verstraete", "Cools", "De Backer", "Van de Velde",
    "Smets", "Verhoeven", "Declercq", "Coppens", "Stevens", "Leclercq", "Baert", "Dewulf", "Van Hoof",
    "Segers", "Mattheus", "Verbruggen", "Bogaerts", "Van den Broeck", "De Wit", "Hendrickx", "Lemmens",
    "Vandenberghe", "De Meyer", "Vervoort", "Verschueren", "Geerts", "Thys", "Van Dyck", "Bosmans",
    "Smits", "De Cock", "Verlinden", "Huybrechts", "Wuyts", "Van Acker", "Vanhove", "Buyse", "Engels",
    "Nijs", "Vos", "De Vos", "Van Laere", "Moens", "Verbeke", "Devos", "Renders", "Van Hecke", "Daems",
    "El Amrani", "Yilmaz", "Benali",
)

# persons named in the examples; a tuple holds spellings of one person
_AGREEMENT_PERSONS: tuple[tuple[str, ...], ...] = (
    ("Wim Adriaens",), ("Freddy Van Malderen",), ("Tom Vermeire",),
)
_MINUTES_PERSONS: tuple[tuple[str, ...], ...] = (
    ("Fabienne Blavier",), ("Alexander Vandersmissen",), ("Patrick Princen",), ("Greet Geypen",),
    ("Marina De Bie",), ("Koen Anciaux",), ("Björn Siffer",), ("Abdrahman Labsir",), ("Vicky Vanmarcke",),
    ("Gabriella De Francesco",), ("Bart Somers",), ("Frank Creyelman",), ("Marc Hendrickx",),
    ("Stefaan Deleus",), ("Catherine François",), ("Karel Geys",), ("Hamid Riffi",), ("Kristof Calvo",),
    ("Zineb El Boussaadani",), ("Farid Bennasser",), ("Jan Verbergt",), ("Tine Van den Brande",),
    ("Kerstin Hopf",), ("Freya Perdaens",), ("Anne Delvoye",), ("Ingrid Kluppels",), ("Bert Delanoëije",),
    ("Pia Indigne",), ("Klaas Delrue",), ("Arthur Orlians",), ("Faysal El Morabet",), ("Mats Walschaers",),
    ("Charles Leclef",), ("Rina Rabau",), ("Maxine Willemsen",), ("Elisabet Okmen",), ("Dirk Tuypens",),
    ("Yves Selleslagh",), ("Kenzo Van den Bosch",), ("Thijs Verbeurgt",), ("Zohra Hadnan",),
    ("Shanna Jacops",), ("Jan Bal",), ("Erik Laga",), ("Wim Adriaens",), ("Björn Cuyt", "Bjorn Cuyt"),
    ("Greet Jacops", "Greet Jacobs"), ("Carl Van den Eynde",), ("Christophe Cools",), ("Mathias Vaes",),
    ("Caroline Van Steen",), ("Kristin Scharpé",), ("Chris Vandevin",), ("Veerle Van Damme",),
    ("Marleen Goossens",), ("Anke Anthoni",), ("Stijn Anthoons",),
)
ORIGINAL_PERSONS: tuple[str, ...] = tuple(
    dict.fromkeys(name for group in _AGREEMENT_PERSONS + _MINUTES_PERSONS for name in group)
) + (
    "Karel De Gucht", "Hilde Van der Jeugt", "Jan Stevens", "Wouter Vermeiren", "Jan Laceur", "André Reuse",
    "Gertjan De Wilde", "Ellen Laroy", "Peter Huyck", "Luc Vermeir", "Marianne Gorré", "Pieter Orbie",
    "Bart Segers", "Daan Vanheel", "Maria Verheirstraeten", "Tom De Graeve",
)

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
_NUMBER_WORDS = ("twee", "drie", "vier")
_ADDRESSES = ("Grote Markt", "Markt", "Stadhuisplein", "Marktplein", "Kerkplein", "Dorpsstraat", "Stationsstraat")
_PLACEHOLDER = re.compile(r"⟦([A-Z_]+)(?::(\d+))?⟧")
_FREQUENCY = re.compile(r"\b(\d+)( ?x| keer)( per jaar)\b")
_EVERY_N_YEARS = re.compile(r"\b(keer om de )(twee)( jaar)\b")


@dataclass(frozen=True)
class Municipality:
    name: str
    postcode: int

    @property
    def province(self) -> str:
        p = self.postcode
        if 2000 <= p < 3000:
            return "Antwerpen"
        if 3500 <= p < 4000:
            return "Limburg"
        if 8000 <= p < 9000:
            return "West-Vlaanderen"
        if 9000 <= p < 10000:
            return "Oost-Vlaanderen"
        return "Vlaams-Brabant"

    @property
    def slug(self) -> str:
        return slugify(self.name)


def _parse_municipalities(raw: str) -> tuple[Municipality, ...]:
    out = []
    for item in raw.replace("\n", " ").split(";"):
        name, _, code = item.strip().rpartition(" ")
        out.append(Municipality(name, int(code)))
    return tuple(out)


MUNICIPALITIES: tuple[Municipality, ...] = _parse_municipalities(_MUNICIPALITIES_RAW)


def slugify(text: str) -> str:
    """File-name form of a name: lower case, no accents, words joined by dashes."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _check_lists() -> None:
    """Replacement names must never contain an original name (the tests look for those)."""
    originals = [re.compile(rf"\b{name}\b", re.IGNORECASE) for name in ORIGINAL_MUNICIPALITIES]
    for m in MUNICIPALITIES:
        if any(p.search(m.name) for p in originals):
            raise AssertionError(f"replacement municipality {m.name} contains an original name")
    by_province = Counter(m.province for m in MUNICIPALITIES)
    if min(by_province.values()) < 12:
        raise AssertionError(f"too few municipalities in a province: {by_province}")


_check_lists()


# -- document specification ------------------------------------------------------------------------


@dataclass(frozen=True)
class DocSpec:
    """Everything chosen at random for one synthetic document."""

    index: int
    template: str  # "agreement" | "minutes" | "other" (a copy of `source` with its years shifted)
    municipality: Municipality  # the city (minutes) or the region's name (agreement)
    members: tuple[Municipality, ...]  # municipalities that sign the agreement (empty for minutes)
    persons: dict[str, str]  # original person name (every spelling) -> generated name
    replacements: dict[str, str] = field(default_factory=dict)  # original name -> new, for questions
    source: str = ""  # "other": the template file (a path relative to the repository)
    year_shift: int = 0  # "other": years move by this much

    @property
    def suffix(self) -> str:
        if self.template == "other":
            suffix = Path(self.source).suffix
            return suffix if suffix in (".txt", ".md", ".html") else ".txt"  # PDF, Word: their text
        return ".txt" if self.template == "agreement" else ".md"

    @property
    def kind(self) -> str:
        if self.template == "other":
            return slugify(re.sub(r"[-_]?\d{4}(?:-\d\d){0,2}.*$", "", Path(self.source).stem))[:40] or "document"
        return "samenwerkingsovereenkomst" if self.template == "agreement" else "gemeenteraad"

    @property
    def file_name(self) -> str:
        return f"{self.municipality.slug}-{self.kind}-{self.index:04d}{self.suffix}"


def doc_rng(seed: int, index: int) -> random.Random:
    """The random generator of one document: depends only on the seed and the document index."""
    return random.Random(seed * 1_000_003 + index)


def _person_names(rng: random.Random, n: int) -> list[str]:
    chosen: list[str] = []
    seen: set[str] = set()
    while len(chosen) < n:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            chosen.append(name)
    return chosen


def _same_province(rng: random.Random, center: Municipality, k: int) -> tuple[Municipality, ...]:
    pool = [m for m in MUNICIPALITIES if m.province == center.province and m != center]
    return tuple(sorted(rng.sample(pool, min(k, len(pool))), key=lambda m: m.name))


OTHER_SHAPE_DIGITS = (5, 7, 9)  # indices ending in these take another shape
HTML_WEIGHT = 0.5  # an HTML page is chosen half as often as a dev document (they are 10 times longer)


@lru_cache(maxsize=1)
def other_templates() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The documents of other shapes (paths relative to the repository) and their weights. Pages that
    are saved copies of another page are left out."""
    dev = sorted(p for p in DEV_CORPUS.iterdir() if p.suffix in (".txt", ".md", ".pdf", ".docx"))
    html = sorted(p for p in HTML_PAGES.glob("*.html") if "opgeslagen" not in p.stem)
    paths = [str(p.relative_to(REPO)) for p in dev + html]
    return tuple(paths), tuple([1.0] * len(dev) + [HTML_WEIGHT] * len(html))


def make_spec(seed: int, index: int) -> DocSpec:
    """The random choices of document `index` (deterministic for a seed)."""
    rng = doc_rng(seed, index)
    if index % 10 in OTHER_SHAPE_DIGITS:
        sources, weights = other_templates()
        source = rng.choices(sources, weights)[0]
        return DocSpec(index, "other", rng.choice(MUNICIPALITIES), (), {}, source=source,
                       year_shift=rng.choice((-2, -1, 0, 1, 2)))
    template = "agreement" if index % 2 == 0 else "minutes"
    municipality = rng.choice(MUNICIPALITIES)
    groups = _AGREEMENT_PERSONS if template == "agreement" else _MINUTES_PERSONS
    members = _same_province(rng, municipality, rng.randint(5, 10)) if template == "agreement" else ()
    names = _person_names(rng, len(groups) + 2 * len(members))
    persons = {spelling: names[i] for i, group in enumerate(groups) for spelling in group}
    replacements = dict(persons)
    if template == "agreement":
        replacements["Scheldeland"] = municipality.name
        replacements["IVSES"] = _acronym(municipality)
        for i, original in enumerate(_AGREEMENT_MEMBERS):
            replacements[original] = members[i % len(members)].name
        signatories = names[len(groups):]
        # the signatories of member k are generated names 2k (chair) and 2k+1 (director)
        persons = persons | {f"__member{k}_{role}": signatories[2 * k + j]
                             for k in range(len(members)) for j, role in enumerate(("chair", "director"))}
    else:
        replacements["Mechelen"] = municipality.name
    return DocSpec(index, template, municipality, members, persons, replacements)


def _acronym(region: Municipality) -> str:
    """'Interlokale Vereniging Sociale Economie <Region>' -> IVSE + first letter of the region."""
    return "IVSE" + slugify(region.name)[0].upper()


# -- templates -------------------------------------------------------------------------------------


def _name_pattern(name: str) -> re.Pattern[str]:
    """A person's name, allowing a line break between its words (the .txt example wraps lines)."""
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)")


def _replace_persons(text: str, groups: Sequence[tuple[str, ...]]) -> str:
    for spellings in groups:
        for spelling in sorted(spellings, key=len, reverse=True):
            def sub(match: re.Match[str], key: str = spelling) -> str:
                # keep a line break that fell inside the name, before the new name
                return ("\n" if "\n" in match.group(0) else "") + f"⟦PERSON:{ORIGINAL_PERSONS.index(key)}⟧"
            text = _name_pattern(spelling).sub(sub, text)
    return text


def _require(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    match = re.search(pattern, text, flags)
    if match is None:
        raise ValueError(f"example document changed: pattern {pattern!r} not found")
    return match


def _sub_required(pattern: str, repl: str, text: str, flags: int = 0) -> str:
    new, count = re.subn(pattern, repl, text, flags=flags)
    if not count:
        raise ValueError(f"example document changed: pattern {pattern!r} not found")
    return new


@lru_cache(maxsize=1)
def agreement_template() -> str:
    """The agreement example with placeholders for everything that varies."""
    text = (EXAMPLES_DIR / AGREEMENT_FILE).read_text(encoding="utf-8")
    # the per-municipality blocks are generated anew (5-10 members instead of 8)
    text = _sub_required(r"het lokaal bestuur Berlare,.*?(?=\n\s*en\s*\n\s*de Interlokale)", "⟦PARTIES⟧",
                         text, re.DOTALL)
    text = _sub_required(r"Voor lokaal bestuur Berlare:.*?(?=\n\s*Voor IVSES)", "⟦SIGNATURES⟧", text, re.DOTALL)
    text = _replace_persons(text, _AGREEMENT_PERSONS)
    text = _sub_required(r"\bOost-Vlaanderen\b", "⟦PROVINCE⟧", text)
    text = _sub_required(r"\bScheldeland\b", "⟦REGION⟧", text)
    text = _sub_required(r"\bIVSES\b", "⟦ACRONYM⟧", text)
    text = _sub_required(r"\b1 oktober 2021\b", "⟦START⟧", text)
    text = _sub_required(r"\b31 december 2025\b", "⟦END⟧", text)
    return text


@lru_cache(maxsize=1)
def minutes_template() -> str:
    """The council-minutes example with placeholders for everything that varies."""
    text = (EXAMPLES_DIR / MINUTES_FILE).read_text(encoding="utf-8")
    text = _replace_persons(text, _MINUTES_PERSONS)
    text = _sub_required(r"Bonheiden, Bornem, Duffel, Heist-op-den-Berg, Lier, Mechelen, Putte, "
                         r"Puur-Sint-Amands, Sint-Katelijne-Waver en Willebroek", "⟦REGIE⟧", text)
    text = _sub_required(r"van (de )?Mechelse jongeren", r"van \1jongeren uit ⟦CITY⟧", text)
    text = _sub_required(r"in het Mechelse\b", "in de regio ⟦CITY⟧", text)
    text = _sub_required(r"\bMECHELEN\b", "⟦CITY_UPPER⟧", text)
    text = _sub_required(r"\bMechelen\b", "⟦CITY⟧", text)
    text = _sub_required(r"\bAntwerpen\b", "⟦PROVINCE⟧", text)
    text = _sub_required(r"Grote Markt 21, 2800", "⟦ADDRESS⟧, ⟦POSTCODE⟧", text)
    text = _sub_required(r"\*\*24\. TEWERKSTELLING", "**⟦ITEM⟧. TEWERKSTELLING", text)
    text = _sub_required(r"agendapunt 41", "agendapunt ⟦ITEM_PREV⟧", text)
    text = _sub_required(r"agendapunt 19", "agendapunt ⟦ITEM_COLLEGE⟧", text)
    text = _sub_required(r"\b3 maart 2021\b", "⟦EXTRACT⟧", text)
    text = _sub_required(r"\b1 maart 2021\b", "⟦MEETING⟧", text)
    text = _sub_required(r"\b1 februari 2021\b", "⟦COLLEGE⟧", text)
    text = _sub_required(r"\b10 september 2020\b", "⟦STEERING⟧", text)
    text = _sub_required(r"\b23 mei 2017\b", "⟦PREVIOUS⟧", text)
    text = _sub_required(r"Augustus – december 2020", "⟦PREPARATION⟧", text)
    text = _sub_required(r"November 2019", "⟦PRINCIPLES_CAP⟧", text)
    text = _sub_required(r"november 2019", "⟦PRINCIPLES⟧", text)
    text = _sub_required(r"\b2020 ?- ?2025\b", "⟦PERIOD⟧", text)
    text = _sub_required(r"\b31 december 2025\b", "⟦END⟧", text)
    return text


# -- reordering ------------------------------------------------------------------------------------


def _paragraphs(block: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", block.strip("\n")) if p.strip()]


def _shuffle_paragraphs(block: str, keep: int, rng: random.Random) -> str:
    """Shuffle the paragraphs of a block after the first `keep` ones."""
    paras = _paragraphs(block)
    head, tail = paras[:keep], paras[keep:]
    rng.shuffle(tail)
    return "\n\n".join(head + tail) + "\n\n"


def _between(text: str, start: str, end: str) -> tuple[int, int]:
    """Offsets of the text from the line matching `start` up to the line matching `end`."""
    a = _require(start, text, re.MULTILINE).start()
    b = _require(end, text[a:], re.MULTILINE).start() + a
    return a, b


def _shuffle_blocks(lines: list[str], starts: Callable[[str], bool], rng: random.Random) -> list[str]:
    """Shuffle the blocks that begin at lines where `starts` is true; the lines before the first stay."""
    cut = [i for i, line in enumerate(lines) if starts(line)]
    if len(cut) < 2:
        return lines
    prefix = lines[: cut[0]]
    blocks = [lines[a:b] for a, b in zip(cut, cut[1:] + [len(lines)], strict=True)]
    rng.shuffle(blocks)
    out = list(prefix)
    for block in blocks:
        while block and not block[-1].strip():
            block = block[:-1]
        out += block + [""]
    return out


_DOMAIN = re.compile(r"^#{2,3} (?:\*\*)?(?:Actiedomein \d|Thema)")
_ACTION = re.compile(r"^(?:#{3,4} )?Actie \d+\.\d+\b")
_SUBACTION = re.compile(r"^#{4,5} \d+\.\d+\.\d+ ")


def _shuffle_actions(part: str, rng: random.Random) -> str:
    """Shuffle the actions within each action domain, and the sub-items (2.1.x) within an action."""
    lines = part.split("\n")
    domains = [i for i, line in enumerate(lines) if _DOMAIN.match(line)] + [len(lines)]
    out = lines[: domains[0]]
    for a, b in itertools.pairwise(domains):
        region = lines[a:b]
        actions = [i for i, line in enumerate(region) if _ACTION.match(line)] + [len(region)]
        shuffled = region[: actions[0]]
        for c, d in itertools.pairwise(actions):
            shuffled += _shuffle_blocks(region[c:d], lambda s: bool(_SUBACTION.match(s)), rng)
        out += _shuffle_blocks(shuffled, lambda s: bool(_ACTION.match(s)), rng)
    return "\n".join(out)


def reorder_agreement(text: str, rng: random.Random) -> str:
    """Shuffle the principles of Deel II, and swap Deel II and Deel III half of the time."""
    a, b = _between(text, r"^Deel II\. ", r"^Deel III\. ")
    c = _require(r"^Deel IV\. ", text[b:], re.MULTILINE).start() + b
    part2 = _shuffle_paragraphs(text[a:b], keep=2, rng=rng)
    part3 = text[b:c]
    middle = part3 + part2 if rng.random() < 0.5 else part2 + part3
    return text[:a] + middle + text[c:]


def reorder_minutes(text: str, rng: random.Random) -> str:
    """Shuffle the principles of Deel II and the actions within each action domain."""
    a, b = _between(text, r"^## Deel II\. ", r"^### \*\*Deel III\. ")
    text = text[:a] + _shuffle_paragraphs(text[a:b], keep=2, rng=rng) + text[b:]
    a, b = _between(text, r"^### \*\*Deel III\. ", r"^## Deel IV\. ")
    return text[:a] + _shuffle_actions(text[a:b], rng) + "\n\n" + text[b:]


# -- filling ---------------------------------------------------------------------------------------


def dutch_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _random_date(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _end_date(rng: random.Random, start: date) -> date:
    year = start.year + rng.randint(1, 5)
    return date(year, 12, 31) if rng.random() < 0.8 else date(year, 6, 30)


def _enumerate(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _wrap(paragraph: str) -> str:
    return textwrap.fill(paragraph, width=100, break_long_words=False, break_on_hyphens=False)


def _agreement_values(spec: DocSpec, rng: random.Random) -> dict[str, str]:
    start = _random_date(rng, date(2019, 1, 1), date(2024, 12, 1))
    parties, signatures = [], []
    for k, member in enumerate(spec.members):
        chair, director = spec.persons[f"__member{k}_chair"], spec.persons[f"__member{k}_director"]
        parties.append(_wrap(f"het lokaal bestuur {member.name}, vertegenwoordigd door {chair}, voorzitter "
                             f"gemeenteraad, en algemeen directeur {director};"))
        lead = "Voor lokaal bestuur" if k == 0 else "Voor het lokaal bestuur"
        signatures.append(_wrap(f"{lead} {member.name}: {chair}, voorzitter gemeenteraad, en algemeen "
                                f"directeur {director};"))
    return {
        "PARTIES": "\n\n".join(parties),
        "SIGNATURES": "\n\n".join(signatures),
        "PROVINCE": spec.municipality.province,
        "REGION": spec.municipality.name,
        "ACRONYM": _acronym(spec.municipality),
        "START": dutch_date(start),
        "END": dutch_date(_end_date(rng, start)),
    }


def _month_range(first: date, last: date) -> str:
    """'Augustus – december 2020' or 'November 2020 – maart 2021'."""
    if first.year == last.year:
        return f"{MONTHS[first.month - 1].capitalize()} – {MONTHS[last.month - 1]} {last.year}"
    return f"{MONTHS[first.month - 1].capitalize()} {first.year} – {MONTHS[last.month - 1]} {last.year}"


def _minutes_values(spec: DocSpec, rng: random.Random) -> dict[str, str]:
    city = spec.municipality
    meeting = _random_date(rng, date(2019, 3, 1), date(2024, 12, 15))
    end = _end_date(rng, meeting)
    college = meeting - timedelta(days=rng.randint(20, 45))
    steering = college - timedelta(days=rng.randint(60, 150))
    preparation_end = college - timedelta(days=rng.randint(10, 40))
    preparation_start = preparation_end - timedelta(days=rng.randint(90, 150))
    principles = steering - timedelta(days=rng.randint(200, 400))
    previous = _random_date(rng, date(meeting.year - 5, 1, 1), date(meeting.year - 3, 12, 31))
    regie = _same_province(rng, city, 9) + (city,)
    return {
        "CITY": city.name,
        "CITY_UPPER": city.name.upper(),
        "PROVINCE": city.province,
        "POSTCODE": str(city.postcode),
        "ADDRESS": f"{rng.choice(_ADDRESSES)} {rng.randint(1, 60)}",
        "REGIE": _enumerate(sorted(m.name for m in regie)),
        "ITEM": str(rng.randint(3, 60)),
        "ITEM_PREV": str(rng.randint(3, 60)),
        "ITEM_COLLEGE": str(rng.randint(3, 60)),
        "MEETING": dutch_date(meeting),
        "EXTRACT": dutch_date(meeting + timedelta(days=rng.randint(1, 7))),
        "COLLEGE": dutch_date(college),
        "STEERING": dutch_date(steering),
        "PREVIOUS": dutch_date(previous),
        "PREPARATION": _month_range(preparation_start, preparation_end),
        "PRINCIPLES_CAP": f"{MONTHS[principles.month - 1].capitalize()} {principles.year}",
        "PRINCIPLES": f"{MONTHS[principles.month - 1]} {principles.year}",
        "PERIOD": f"{meeting.year - 1}-{end.year}",
        "END": dutch_date(end),
    }


def _fill(template: str, values: dict[str, str], spec: DocSpec) -> str:
    def sub(match: re.Match[str]) -> str:
        key, number = match.group(1), match.group(2)
        if key == "PERSON":
            return spec.persons[ORIGINAL_PERSONS[int(number)]]
        return values[key]

    text = _PLACEHOLDER.sub(sub, template)
    if "⟦" in text:
        raise AssertionError("unfilled placeholder left in a synthetic document")
    return text


def vary_frequencies(text: str, rng: random.Random) -> str:
    """Change the numbers of meeting frequencies; one original number maps to one new number per
    document, so that the same fact stated twice stays the same."""
    mapping: dict[str, int] = {}

    def per_year(match: re.Match[str]) -> str:
        new = mapping.setdefault(match.group(1), rng.randint(1, 6))
        return f"{new}{match.group(2)}{match.group(3)}"

    text = _FREQUENCY.sub(per_year, text)
    every = rng.choice(_NUMBER_WORDS)
    return _EVERY_N_YEARS.sub(lambda m: f"{m.group(1)}{every}{m.group(3)}", text)


@lru_cache(maxsize=64)
def other_text(source: str) -> str:
    """The text of a document of another shape: a text, Markdown or HTML file as it is, the extracted
    text of a PDF or Word file."""
    path = REPO / source
    if path.suffix in (".txt", ".md", ".html"):
        return path.read_bytes().decode("utf-8", errors="replace")
    from ingest.clean import clean
    from ingest.load import load_file

    return clean(load_file(path, 50 * 1024 * 1024)).text + "\n"


_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20[0-4]\d)(?![\d])")


def shift_years(text: str, shift: int) -> str:
    """Every year 1950-2049 moved by `shift` (29 February becomes 28 February when it must)."""
    if not shift:
        return text
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    return re.sub(r"\b29 februari (\d{4})\b",
                  lambda m: m.group(0) if int(m.group(1)) % 4 == 0 else f"28 februari {m.group(1)}", text)


def render(spec: DocSpec, seed: int) -> str:
    """The text of one synthetic document."""
    if spec.template == "other":
        return shift_years(other_text(spec.source), spec.year_shift)
    rng = doc_rng(seed + 7919, spec.index)  # independent of the choices made in make_spec
    if spec.template == "agreement":
        text = _fill(reorder_agreement(agreement_template(), rng), _agreement_values(spec, rng), spec)
    else:
        text = _fill(reorder_minutes(minutes_template(), rng), _minutes_values(spec, rng), spec)
    return vary_frequencies(text, rng)


# -- public API ------------------------------------------------------------------------------------


def make_corpus(out_dir: Path | str, n: int, seed: int = 0) -> list[Path]:
    """Write n synthetic documents into out_dir (created if needed); returns their paths in order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(n):
        spec = make_spec(seed, i)
        path = out / spec.file_name
        path.write_text(render(spec, seed), encoding="utf-8")
        paths.append(path)
    logger.info("wrote %d synthetic documents to %s", n, out)
    return paths


def spec_for_file(name: str, seed: int = 0) -> DocSpec | None:
    """The spec of a synthetic document from its file name (None for other files)."""
    match = re.search(r"-(\d{4,})\.(txt|md|html)$", name)
    if match is None:
        return None
    spec = make_spec(seed, int(match.group(1)))
    return spec if spec.file_name == name else None


def localize(text: str, spec: DocSpec) -> str:
    """Rewrite a question about the examples for one synthetic document (of the examples' shapes): its names replace the
    examples' municipality, region and person names (lower-case names stay lower case)."""
    for original in sorted(spec.replacements, key=len, reverse=True):
        if original.startswith("__"):
            continue
        new = spec.replacements[original]

        def sub(match: re.Match[str], new: str = new) -> str:
            found = match.group(0)
            return new.lower() if found.islower() else new

        text = re.sub(r"(?<!\w)" + r"\s+".join(map(re.escape, original.split())) + r"(?!\w)", sub, text,
                      flags=re.IGNORECASE)
    return text


def corpus_stats(paths: Sequence[Path | str]) -> dict[str, Any]:
    """Size of a corpus: files, bytes, words, per extension."""
    sizes = [Path(p).stat().st_size for p in paths]
    words = [len(Path(p).read_text(encoding="utf-8", errors="replace").split()) for p in paths]
    by_ext = Counter(Path(p).suffix.lower() for p in paths)
    n = len(sizes)
    return {
        "files": n,
        "bytes": sum(sizes),
        "mean_bytes": round(sum(sizes) / n) if n else 0,
        "min_bytes": min(sizes, default=0),
        "max_bytes": max(sizes, default=0),
        "words": sum(words),
        "mean_words": round(sum(words) / n) if n else 0,
        "by_ext": dict(sorted(by_ext.items())),
    }
