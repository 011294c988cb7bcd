"""llm mode: the same retrieval, then a chat model through LangChain, with every [n] checked.

Backends: any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, Azure OpenAI) by base URL,
Ollama, or a local GGUF file through llama-cpp-python (optional extra `gguf`).
"""

from __future__ import annotations

import html
import importlib
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from assistant.analysis import terms, words
from assistant.answer import NOT_FOUND, Composer, Source
from assistant.config import Settings
from assistant.retrieval import Hit
from ingest.chunk import paragraphs, sentence_spans

logger = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d{1,3})\]")
_REFUSAL = re.compile(r"staat niet in de (documenten|bronnen)|geen informatie|niet te vinden in de bronnen",
                      re.IGNORECASE)
# answers are short; a cap keeps a looping model from running until the context is full
MAX_ANSWER_TOKENS = 512


class LLMConfigError(ValueError):
    """llm mode is selected but not configured."""


def make_chat_model(settings: Settings) -> BaseChatModel:
    provider = settings.llm_provider
    if provider == "openai":
        if not settings.llm_base_url or not settings.llm_model:
            raise LLMConfigError(
                "llm mode needs AKKOORD_LLM_BASE_URL and AKKOORD_LLM_MODEL (an OpenAI-compatible server)"
            )
        ChatOpenAI = _import("langchain_openai", "ChatOpenAI", "llm")

        # ChatOpenAI sends the cap as `max_completion_tokens`, which llama-cpp-python's server (and some
        # other OpenAI-compatible servers) silently ignore: a looping model then runs until the context
        # is full. Local servers also get the legacy `max_tokens`; OpenAI and Azure only the new name.
        extra_body = None if _is_openai_host(settings.llm_base_url) else {"max_tokens": MAX_ANSWER_TOKENS}
        return ChatOpenAI(base_url=settings.llm_base_url, api_key=settings.llm_api_key, model=settings.llm_model,
                          temperature=settings.llm_temperature, timeout=settings.llm_timeout_s, max_retries=1,
                          max_tokens=MAX_ANSWER_TOKENS, extra_body=extra_body)
    if provider == "ollama":
        if not settings.llm_model:
            raise LLMConfigError("llm mode with Ollama needs AKKOORD_LLM_MODEL")
        ChatOllama = _import("langchain_ollama", "ChatOllama", "llm")

        return ChatOllama(base_url=settings.llm_base_url or "http://127.0.0.1:11434", model=settings.llm_model,
                          temperature=settings.llm_temperature, num_predict=MAX_ANSWER_TOKENS)
    if provider == "gguf":
        if settings.llm_gguf_path is None or not settings.llm_gguf_path.is_file():
            raise LLMConfigError("llm mode with gguf needs AKKOORD_LLM_GGUF_PATH pointing to a .gguf file")
        ChatLlamaCpp = _import("langchain_community.chat_models", "ChatLlamaCpp", "gguf")
        try:
            # n_batch: LangChain's default of 8 evaluates the prompt 8 tokens at a time (measured: 108 s
            # instead of 16 s for a 3-source prompt with the 270M model on this CPU); llama.cpp uses 512
            return ChatLlamaCpp(model_path=str(settings.llm_gguf_path), temperature=settings.llm_temperature,
                                n_ctx=4096, n_batch=512, max_tokens=MAX_ANSWER_TOKENS, verbose=False)
        except ImportError as exc:  # langchain-community is there, llama-cpp-python is not
            raise LLMConfigError(
                f"llm mode with gguf needs llama-cpp-python: pip install 'akkoord[gguf]' ({exc})") from exc
    raise LLMConfigError(f"unknown llm provider {provider!r}; allowed: openai, ollama, gguf")


def _is_openai_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "api.openai.com" or host.endswith((".openai.azure.com", ".cognitiveservices.azure.com"))


def _import(module: str, name: str, extra: str):
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as exc:
        raise LLMConfigError(f"llm mode needs the optional extra: pip install 'akkoord[{extra}]' ({exc})") from exc


def format_sources(hits: Sequence[Hit]) -> str:
    """Numbered, delimited sources; document text is escaped so it cannot close its own <bron>."""
    blocks = []
    for i, hit in enumerate(hits, start=1):
        c = hit.chunk
        blocks.append(
            f'<bron id="{i}" document="{html.escape(c.doc)}" sectie="{html.escape(c.section)}">\n'
            f"{html.escape(c.text, quote=False)}\n</bron>"
        )
    return "\n\n".join(blocks)


def build_messages(question: str, hits: Sequence[Hit]) -> list:
    return [
        SystemMessage(content=prompts.render("system")),
        HumanMessage(content=prompts.render("answer", sources=format_sources(hits), question=question)),
    ]


@dataclass
class Checked:
    text: str
    found: bool
    sources: list[Source]
    warnings: list[str]


def check_citations(raw: str, hits: Sequence[Hit], min_overlap: float = 0.34) -> Checked:
    """Keep only statements whose markers point to a source that supports them.

    The answer is cut into statements (sentences and lines; a marker standing after the full stop or
    on its own line belongs to the statement before it). A marker to a missing source is removed and
    reported; a marker whose source shares too few of the statement's words, or lacks a number the
    statement gives, is removed as unsupported. A statement left without any valid marker is dropped
    (it would otherwise read as part of a supported answer); only a lead-in ending with ':' and a
    "staat niet in de documenten" remark may stand without a marker. An answer left without any valid
    marker is not shown as supported: found is False."""
    warnings: list[str] = []
    composer = Composer()
    if _REFUSAL.search(raw) and not _MARKER.search(raw):
        return Checked(NOT_FOUND, False, [], warnings)
    kept: list[tuple[str, bool]] = []  # (statement, starts a new line)
    dropped: list[str] = []
    for statement, new_line in _statements(raw):
        claim = _tidy(_MARKER.sub("", statement))
        markers = [int(n) for n in _MARKER.findall(statement)]
        if not markers:
            if claim.endswith(":") or _REFUSAL.search(claim):
                kept.append((claim, new_line))
            else:
                dropped.append(claim)
            continue
        claim_terms = set(terms(claim))
        claim_numbers = {w for w in words(claim) if w.isdigit()}
        valid: list[str] = []
        for n in dict.fromkeys(markers):
            if not 1 <= n <= len(hits):
                warnings.append(f"verwijzing [{n}] verwijst naar geen bron en werd verwijderd")
                continue
            chunk = hits[n - 1].chunk
            quote, overlap = _best_sentence(chunk.text, claim_terms)
            if not claim_terms or overlap < min_overlap or not claim_numbers <= set(words(chunk.text)):
                warnings.append(f"verwijzing [{n}] ondersteunt de bewering niet en werd verwijderd")
                continue
            start = chunk.text.find(quote)
            valid.append(composer.cite(Source(chunk.doc, chunk.title, chunk.section, chunk.page, quote, chunk.id,
                                              chunk.start + max(start, 0))))
        if not valid:
            dropped.append(claim)
            continue
        kept.append((_place_markers(claim, "".join(dict.fromkeys(valid))), new_line))
    if dropped:  # one line, however much a looping model wrote
        examples = " ".join(_short(c) for c in dropped[:3]) + (" …" if len(dropped) > 3 else "")
        warnings.append(f"{len(dropped)} zin(nen) zonder geldige bronvermelding weggelaten: {examples}")
    if not composer.sources:
        warnings.append("het taalmodel gaf geen antwoord met een geldige bronvermelding")
        return Checked(f"{NOT_FOUND} (Het gegenereerde antwoord had geen geldige bronvermelding en wordt niet "
                       "getoond als onderbouwd antwoord.)", False, [], warnings)
    text = ""
    for statement, new_line in kept:
        text += ("\n" if new_line else " ") + statement if text else statement
    return Checked(text, True, composer.sources, warnings)


def _statements(raw: str) -> list[tuple[str, bool]]:
    """(statement, starts a new line): the answer's lines cut into sentences like the documents are."""
    out: list[tuple[str, bool]] = []
    for line in raw.strip().splitlines():
        line = line.strip()
        for i, (start, end) in enumerate(sentence_spans(line, 0, len(line))):
            piece = line[start:end].strip()
            if not piece:
                continue
            if out and not _MARKER.sub("", piece).strip(" .,;:!?"):  # only markers: they end the previous one
                out[-1] = (f"{out[-1][0]} {piece}", out[-1][1])
            else:
                out.append((piece, i == 0))
    return out


def _tidy(text: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip()


def _place_markers(claim: str, markers: str) -> str:
    """'De overeenkomst loopt tot 2025.' + '[1]' -> 'De overeenkomst loopt tot 2025 [1].'"""
    m = re.search(r"[.!?;:]+$", claim)
    if m:
        return f"{claim[: m.start()].rstrip()} {markers}{m.group(0)}"
    return f"{claim} {markers}"


def _short(text: str, limit: int = 60) -> str:
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


def _best_sentence(text: str, claim_terms: set[str]) -> tuple[str, float]:
    best, best_overlap = text.strip(), 0.0
    if not claim_terms:
        return best, 0.0
    for start, end in (span for p in paragraphs(text) for span in sentence_spans(text, *p)):
        sentence = text[start:end]
        overlap = len(claim_terms & set(terms(sentence))) / len(claim_terms)
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    return best, best_overlap


class LLMAnswerer:
    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    def generate(self, question: str, hits: Sequence[Hit]) -> str:
        if not hits:
            return NOT_FOUND
        return self.model.invoke(build_messages(question, hits)).text

    def stream(self, question: str, hits: Sequence[Hit]) -> Iterator[str]:
        if not hits:
            yield NOT_FOUND
            return
        for chunk in self.model.stream(build_messages(question, hits)):
            if chunk.text:
                yield chunk.text

    def condense(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        lines = "\n".join(f"Gebruiker: {q}\nAssistent: {a}" for q, a in history[-4:])
        result = self.model.invoke([HumanMessage(content=prompts.render("condense", history=lines, question=question))])
        first = next((line for line in result.text.splitlines() if line.strip()), "")
        text = _CONDENSE_LABEL.sub("", first).strip().strip("\"'“”„«» ").strip()
        # an empty or runaway rewrite (a model that echoes the prompt) is worse than the question itself
        return text if 0 < len(text) <= 300 else question


_CONDENSE_LABEL = re.compile(r"^\s*(?:op zichzelf staande vraag|herschreven vraag|vraag)\s*:\s*", re.IGNORECASE)
