"""The one place where the project's error messages become Dutch for the people who read them.

The libraries (ingest/, vectorstore/, prompts/, assistant.llm) give their reasons in English, the
language of their logs and tests; some newer ones are written in Dutch already. The command line
and the chat show every reason through `dutch()`, which translates the English ones by pattern and
leaves Dutch ones as they are. A unit test reads every message the code can raise and fails when
one stays English here.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

def _rule(pattern: str, template: str) -> tuple[str, str]:
    """An English message as a full-match pattern, and the Dutch template over its named groups."""
    return pattern, template


_RULES: tuple[tuple[str, str], ...] = (
    # ingest: files
    _rule(r"file does not exist", "het bestand bestaat niet"),
    _rule(r"not a regular file", "dit is geen gewoon bestand (een map of een speciaal bestand)"),
    _rule(r"unsupported file type '(?P<ext>[^']*)'; supported: (?P<allowed>.*)",
     "het bestandstype {ext} wordt niet ondersteund; toegestaan zijn {allowed}"),
    _rule(r"file is empty", "het bestand is leeg"),
    _rule(r"file is (?P<size>[\d.,]+) MB, over the limit of (?P<limit>[\d.,]+) MB",
     "het bestand is {size} MB, groter dan de grens van {limit} MB"),
    _rule(r"no text found in file", "er staat geen tekst in het bestand"),
    _rule(r"file looks binary \((?:control characters|contains NUL bytes)\), not text",
     "het bestand bevat geen leesbare tekst (het lijkt een binair bestand)"),
    _rule(r"cannot decode text", "de tekst van het bestand kan niet gelezen worden (onbekende tekenset)"),
    _rule(r"PDF is encrypted \(password protected\); provide an unencrypted copy",
     "de PDF is beveiligd met een wachtwoord; lever een onbeveiligde kopie aan"),
    _rule(r"PDF has (?P<n>\d+) pages, over the limit of (?P<limit>\d+)",
     "de PDF heeft {n} pagina's, meer dan de grens van {limit}"),
    _rule(r"cannot read PDF \(structure nested too deeply\)",
     "de PDF kan niet gelezen worden (de structuur is te diep genest)"),
    _rule(r"cannot read PDF \(corrupt or not a PDF\).*", "de PDF kan niet gelezen worden (beschadigd of geen PDF)"),
    _rule(r"PDF refused: it exceeds a safety limit of the PDF reader.*",
     "de PDF wordt geweigerd: ze overschrijdt een veiligheidsgrens van de PDF-lezer"),
    _rule(r"PDF has no text layer.*",
     "de PDF heeft geen tekstlaag (gescand of enkel afbeeldingen); er is eerst tekstherkenning (OCR) nodig"),
    _rule(r"Word file would inflate to (?P<mb>\d+) MB \(possible zip bomb\); refused",
     "het Word-bestand zou uitpakken tot {mb} MB (mogelijk een zipbom) en wordt geweigerd"),
    _rule(r"cannot read Word file \(structure nested too deeply\)",
     "het Word-bestand kan niet gelezen worden (de structuur is te diep genest)"),
    _rule(r"cannot read Word file \(corrupt or not a \.docx\).*",
     "het Word-bestand kan niet gelezen worden (beschadigd of geen .docx)"),
    # ingest: the run
    _rule(r"another ingest kept the store locked \((?P<lock>.*)\)",
     "een andere inleesopdracht hield de opslag te lang bezet ({lock})"),
    _rule(r"another ingest is running on this store \((?P<lock>.*)\); waiting for it to finish",
     "er loopt al een inleesopdracht op deze opslag ({lock}); wachten tot ze klaar is"),
    _rule(r"another file with the same name was ingested in this run \((?P<first>.*)\); documents are known by "
     r"their path in the folder given \(here '(?P<name>.*)'\): rename one of them",
     "een ander bestand met dezelfde naam werd in deze opdracht al ingelezen ({first}); documenten worden "
     "herkend aan hun pad in de opgegeven map (hier '{name}'): geef een van beide een andere naam"),
    _rule(r"unexpected error: (?P<rest>.*)", "onverwachte fout: {rest}"),
    # the store
    _rule(r"cannot reach the Chroma server at (?P<url>\S+): (?P<exc>.*)",
     "de Chroma-server op {url} is niet bereikbaar ({exc})"),
    _rule(r"the store in (?P<dir>.*) cannot be opened \((?P<exc>.*)\); it may be damaged or from an incompatible "
     r"Chroma version: move it away and ingest the documents again",
     "de opslag in {dir} kan niet geopend worden ({exc}); ze is misschien beschadigd of gemaakt met een andere "
     "versie van Chroma: zet ze opzij en lees de documenten opnieuw in"),
    _rule(r"cannot open the Chroma collections \((?P<exc>.*)\); ingest into a new store",
     "de Chroma-collecties kunnen niet geopend worden ({exc}); lees de documenten in een nieuwe opslag in"),
    _rule(r"this Chroma store was not made by akkoord \(no schema version recorded\); use another store folder or "
     r"collection",
     "deze Chroma-opslag is niet door akkoord gemaakt (er staat geen schemaversie in); gebruik een andere "
     "opslagmap of collectie"),
    _rule(r"the store has schema version (?P<have>\S+), this akkoord expects (?P<want>\S+): ingest the documents "
     r"again into a new store",
     "de opslag heeft schemaversie {have}, deze versie van akkoord verwacht {want}: lees de documenten opnieuw "
     "in een nieuwe opslag in"),
    _rule(r"embedding dimension (?P<a>\d+) does not match the store's (?P<b>\d+): ingest the documents again into "
     r"a new store",
     "de vectoren hebben dimensie {a}, die van de opslag {b}: lees de documenten opnieuw in een nieuwe opslag in"),
    _rule(r"the query embedding has dimension (?P<a>\d+), the store (?P<b>\d+): the store was built with another "
     r"embedding model; ingest the documents again",
     "de vraagvector heeft dimensie {a}, de opslag {b}: de opslag is met een ander embeddingmodel gebouwd; "
     "lees de documenten opnieuw in"),
    _rule(r"dense search on the Chroma server failed: (?P<exc>.*)", "zoeken op de Chroma-server mislukte: {exc}"),
    _rule(r"reading vectors from the Chroma server failed: (?P<exc>.*)",
     "vectoren lezen van de Chroma-server mislukte: {exc}"),
    _rule(r"the vector index of the store cannot be read \((?P<exc>.*)\); it may be damaged: ingest the documents "
     r"again into a new store",
     "de vectorindex van de opslag kan niet gelezen worden ({exc}); ze is misschien beschadigd: lees de "
     "documenten opnieuw in een nieuwe opslag in"),
    # llm mode and prompts
    _rule(r"llm mode needs AKKOORD_LLM_BASE_URL and AKKOORD_LLM_MODEL \(an OpenAI-compatible server\)",
     "de llm-modus heeft AKKOORD_LLM_BASE_URL en AKKOORD_LLM_MODEL nodig (een OpenAI-compatibele server)"),
    _rule(r"llm mode with Ollama needs AKKOORD_LLM_MODEL", "de llm-modus met Ollama heeft AKKOORD_LLM_MODEL nodig"),
    _rule(r"llm mode with gguf needs AKKOORD_LLM_GGUF_PATH pointing to a \.gguf file",
     "de llm-modus met gguf heeft AKKOORD_LLM_GGUF_PATH nodig, het pad van een .gguf-bestand"),
    _rule(r"llm mode with gguf needs llama-cpp-python: pip install '(?P<extra>[^']*)' \((?P<exc>.*)\)",
     "de llm-modus met gguf heeft llama-cpp-python nodig: pip install '{extra}' ({exc})"),
    _rule(r"unknown llm provider '?(?P<p>[^';]*)'?; allowed: (?P<allowed>.*)",
     "onbekende llm-aanbieder '{p}'; kies uit {allowed}"),
    _rule(r"llm mode needs the optional extra: pip install '(?P<extra>[^']*)' \((?P<exc>.*)\)",
     "de llm-modus heeft een optionele uitbreiding nodig: pip install '{extra}' ({exc})"),
    _rule(r"prompt '(?P<name>[^']*)' not found in (?P<dir>.*)", "de prompt '{name}' staat niet in {dir}"),
    _rule(r"prompt '(?P<name>[^']*)' needs variable (?P<var>.*)", "de prompt '{name}' mist de variabele {var}"),
    _rule(r"prompt '(?P<name>[^']*)' is malformed: (?P<exc>.*)", "de prompt '{name}' is ongeldig: {exc}"),
)
_COMPILED = tuple((re.compile(pattern, re.DOTALL), template) for pattern, template in _RULES)


def dutch(message: str) -> str:
    """The Dutch form of one of the project's error messages; a message without a rule (already Dutch,
    or new) is returned as it is."""
    text = message.strip()
    for pattern, template in _COMPILED:
        m = pattern.fullmatch(text)
        if m:
            groups = {k: ("(geen)" if v == "(none)" else v) for k, v in m.groupdict().items()}
            return template.format(**groups)
    return text


# the project's own errors; those of modules that only some commands load are recognised by name,
# without importing them (importing assistant.llm would load LangChain's chat models)
_OWN = (("ingest.records", "IngestError"), ("vectorstore.store", "StoreError"),
        ("vectorstore.embeddings", "EmbeddingError"), ("vectorstore.lease", "LostLeaseError"),
        ("assistant.llm", "LLMConfigError"), ("prompts", "PromptError"), ("assistant.chain", "ModeError"))


def is_own(exc: BaseException) -> bool:
    """Whether `exc` is one of the project's errors, whose message is meant for the user."""
    import sys

    for module, name in _OWN:
        loaded = sys.modules.get(module)
        cls = getattr(loaded, name, None) if loaded is not None else None
        if cls is not None and isinstance(exc, cls):
            return True
    return False


def describe(exc: BaseException) -> str:
    """One Dutch line for an error shown to a user: the project's own errors by their reason, anything
    else as an unexpected error by its type (the details go to the log, not to the screen)."""
    if is_own(exc):
        return dutch(str(exc))
    return f"een onverwachte fout ({type(exc).__name__}); de details staan in het logboek"
