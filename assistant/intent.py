"""What a Dutch question asks for: the fact type (intent) and the kind of answer it needs.

Intents are tried in order; the first that matches wins. Trigger words are listed so that the
answer step can tell which of the question's words the intent already explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.analysis import fold


@dataclass(frozen=True)
class Intent:
    name: str
    triggers: tuple[str, ...]  # folded words the intent accounts for


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# (name, pattern on the folded question, words the pattern accounts for)
_INTENTS: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = [
    ("action_number", _rx(r"actie\s*\d+\.\d+(?:\.\d+)?", r"\d+\.\d+\.\d+"), ("actie", "over", "gaat", "waarover", "inhoud", "betekent")),
    ("actions_domain", _rx(r"actiedomein\s*\d+"), ("acties", "actie", "actiedomein", "horen", "bij", "vallen", "onder")),
    ("ambitions", _rx(r"ambities?", r"themas?", r"centrale ambitie"), ("ambities", "ambitie", "centrale", "drie", "tweede", "eerste", "derde", "themas", "thema")),
    ("history", _rx(r"eerdere beslissing(?:en)?", r"vorige beslissing(?:en)?", r"voorgeschiedenis", r"gingen vooraf", r"eerder beslist"),
     ("eerdere", "vorige", "beslissing", "beslissingen", "voorgeschiedenis", "gingen", "vooraf", "goedkeuring", "gemeenteraad", "samenwerking")),
    ("vote", _rx(r"gestemd", r"stemming", r"stemmen", r"eenparig\w*", r"unaniem"), ("gestemd", "stemming", "stemmen", "hoe", "werd", "er", "over", "gr", "eenparig", "unaniem")),
    ("financial", _rx(r"financiele gevolgen", r"financieel", r"kost (?:dit|het)", r"kost\w* .*stad"), ("financiele", "gevolgen", "financieel", "kost", "dit", "de", "stad", "iets")),
    ("extract_signers", _rx(r"uittreksel", r"notulen\b.*\b(?:tekende|ondertekende|getekend)", r"(?:tekende|ondertekende)\b.*\bnotulen"),
     ("uittreksel", "eensluidend", "ondertekende", "tekende", "notulen", "wie", "als", "getekend")),
    ("agenda_item", _rx(r"agendapunt"), ("agendapunt", "welk", "onder", "keurde", "goed", "gemeenteraad")),
    ("approval", _rx(r"keurde\b.*\bgoed", r"goedgekeurd", r"wanneer\b.*\bgoedkeuring"), ("keurde", "goed", "goedgekeurd", "goedkeuring", "wanneer", "gemeenteraad", "deze", "dit")),
    ("meeting_date", _rx(r"vergaderde", r"vergadering", r"zitting"), ("vergaderde", "vergadering", "zitting", "datum", "welke", "op", "gemeenteraad", "wanneer")),
    ("inviter", _rx(r"nodigt\w*\s+uit", r"wie nodigt", r"uitnodig\w*", r"roept\b.*\bsamen", r"bijeenroep\w*", r"wie\b.*\bagenda"),
     ("nodigt", "uit", "uitnodigen", "roept", "samen", "wie", "agenda", "maakt", "op", "voor")),
    ("frequency", _rx(r"hoe vaak", r"hoe dikwijls", r"hoeveel keer", r"hoeveel maal", r"frequentie", r"om de hoeveel", r"keer per jaar"),
     ("hoe", "vaak", "dikwijls", "hoeveel", "keer", "maal", "frequentie", "samen", "komt", "per", "jaar", "uitgenodigd", "wordt")),
    ("members", _rx(r"wie zit\w*", r"wie zetel\w*", r"samenstelling", r"leden", r"welke schepenen", r"wie neemt\b.*\bdeel", r"wie zitten", r"zitten\b.*\bin de",
                    r"(?:vertegenwoordig\w*|namens)\b.*\b(?:stuurgroep|werkgroep)\w*"),
     ("wie", "zit", "zitten", "zetelt", "samenstelling", "leden", "welke", "schepenen", "neemt", "deel", "aan", "in", "namens", "vertegenwoordigt", "vertegenwoordigen", "vertegenwoordigd")),
    ("termination", _rx(r"opzeg\w*", r"opgezegd", r"beeindig\w*", r"stoppen"), ("opzeggen", "opzegging", "opgezegd", "kan", "beeindigen", "stoppen", "partner", "partij")),
    ("disputes", _rx(r"betwisting\w*", r"geschil\w*", r"conflict\w*", r"ruzie"), ("betwistingen", "geschil", "geschillen", "conflict", "ruzie", "afgehandeld", "hoe", "worden", "wie", "beslist")),
    ("person_role", _rx(r"welke functie", r"wat is de functie", r"welke rol heeft", r"wie is \w+ \w+"), ("welke", "functie", "heeft", "rol", "wat")),
    ("role", _rx(r"wie is de", r"wie was de", r"wie was", r"wie is", r"zat\b.*\bvoor"), ("wie", "is", "de", "was", "zat", "voor")),
    ("signatory", _rx(r"wie tekent", r"tekent", r"wie ondertekent", r"ondertekend\w*", r"ondertekenaars?", r"handtekening", r"namens",
                      r"vertegenwoordig\w*", r"door wie", r"getekend"),
     ("wie", "tekent", "ondertekent", "ondertekend", "ondertekenaars", "handtekening", "namens", "vertegenwoordigt",
      "vertegenwoordigd", "vertegenwoordiger", "vertegenwoordigers", "door", "wordt", "voor", "er", "overeenkomst", "samenwerkingsovereenkomst", "de")),
    ("parties", _rx(r"partij\w*", r"partners?", r"tussen wie", r"welke gemeente\w*", r"wie werkt\w* samen", r"gesloten"),
     ("partijen", "partij", "partners", "partner", "tussen", "wie", "welke", "gemeenten", "gemeentes", "doen", "mee", "zitten", "werkt", "samen", "gesloten", "wordt", "in", "met", "regio", "akkoord", "zijn")),
    ("end", _rx(r"tot wanneer", r"loopt\b.*\btot", r"einddatum", r"vervalt", r"verloopt", r"eindigt", r"afloopt", r"loopt af", r"hoe ?lang", r"looptijd", r"geldig tot", r"voor welke duur", r"duur"),
     ("tot", "wanneer", "loopt", "einddatum", "vervalt", "verloopt", "eindigt", "afloopt", "af", "hoe", "lang", "hoelang", "looptijd", "geldig", "welke", "duur", "uiterste", "aangegaan", "wordt", "voor", "het")),
    ("start", _rx(r"vanaf wanneer", r"sinds wanneer", r"wanneer\b.*\bin\b", r"start\w*", r"begin\w*", r"ingangsdatum", r"ingang", r"van kracht", r"in werking", r"gaat\b.*\bin"),
     ("vanaf", "sinds", "wanneer", "gaat", "in", "start", "startdatum", "begint", "begindatum", "ingangsdatum", "ingang", "kracht", "werking", "geldt", "t", "het")),
    ("definition", _rx(r"wat is", r"wat zijn", r"wat betekent", r"waar staat", r"wat doet", r"wat houdt", r"voluit", r"uitleg", r"wat is dat", r"wat bedoelt"),
     ("wat", "is", "zijn", "betekent", "waar", "staat", "afkorting", "voor", "doet", "houdt", "in", "voluit", "uitleg", "dat", "bedoelt", "men", "met")),
    ("topic", _rx(r"welke acties?", r"actienummer", r"welk nummer\b.*\bactie", r"wat doen we", r"wat doen\b", r"wat doet\b.*\brond", r"acties?\b", r"iets rond", r"rond\b",
                  r"wat staat er\b.*\bover\s+[\w-]+$"),
     ("welke", "acties", "actie", "actienummer", "nummer", "heeft", "gaan", "gaat", "over", "wat", "doen", "we", "rond", "iets", "staat", "er", "in", "voor", "de", "samenwerking", "met")),
]

# the kind of value an answer to the question must contain
_NEEDS_DATE = re.compile(r"\b(wanneer|welke datum|op welke dag|in welk jaar|datum)\b")
_NEEDS_NUMBER = re.compile(r"\b(hoeveel|hoe hoog|hoe groot|welk bedrag|aantal|percentage)\b")
_NEEDS_AMOUNT = re.compile(r"\b(budget|bedrag|kost\w*|prijs|euro|geld|subsidie)\b")
_NEEDS_NAME = re.compile(r"\bwie (is|was) (de|het)\b")
_NEEDS_CONTACT = re.compile(r"\b(telefoon\w*|tel nr|gsm|e-?mail\w*|website|e-?mailadres)\b")
_NEEDS_ADDRESS = re.compile(r"\b(adres|zetel|gevestigd|gelegen)\b")

# question words that the kind of value stands for: they need not appear in the text themselves
TYPED_WORDS = {
    "date": ("datum", "dag", "jaar", "wanneer"),
    "number": ("hoeveel", "aantal", "percentage"),
    "amount": (),
    "contact": (),
    "address": ("adres", "zetel", "gevestigd", "gelegen", "waar"),
    "name": (),
}
# nouns that ask for a description of something rather than name something to find
META_NOUNS = ("rol", "taak", "bedoeling", "betekenis", "inhoud", "doel", "uitleg", "info", "informatie")


def detect(question: str) -> Intent | None:
    folded = fold(question).strip().rstrip("?!. ")
    for name, pattern, triggers in _INTENTS:
        if pattern.search(folded):
            return Intent(name, triggers)
    return None


def answer_type(question: str) -> str | None:
    """'date', 'number', 'amount', 'contact', 'address' or 'name' when the question needs such a value."""
    folded = fold(question)
    if _NEEDS_AMOUNT.search(folded):
        return "amount"
    if _NEEDS_NUMBER.search(folded):
        return "number"
    if _NEEDS_CONTACT.search(folded):
        return "contact"
    if _NEEDS_ADDRESS.search(folded):
        return "address"
    if _NEEDS_DATE.search(folded):
        return "date"
    if _NEEDS_NAME.search(folded):
        return "name"
    return None
