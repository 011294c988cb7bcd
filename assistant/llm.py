"""llm mode: the same retrieval, then a chat model through LangChain, with every [n] checked.

Backends: any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, Azure OpenAI) by base URL,
Ollama, or a local GGUF file through llama-cpp-python (optional extra `gguf`).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from assistant.analysis import terms
from assistant.answer import NOT_FOUND, Composer, Source
from assistant.config import Settings
from assistant.retrieval import Hit
from ingest.chunk import sentence_spans

logger = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d{1,3})\]")
_REFUSAL = re.compile(r"staat niet in de (documenten|bronnen)|geen informatie|niet te vinden in de bronnen", re.I)


class LLMConfigError(ValueError):
    """llm mode is selected but not configured."""


def make_chat_model(settings: Settings) -> BaseChatModel:
    provider = settings.llm_provider
    if provider == "openai":
        if not settings.llm_base_url or not settings.llm_model:
            raise LLMConfigError(
                "llm mode needs AKKOORD_LLM_BASE_URL and AKKOORD_LLM_MODEL (an OpenAI-compatible server)"
            )
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(base_url=settings.llm_base_url, api_key=settings.llm_api_key, model=settings.llm_model,
                          temperature=settings.llm_temperature, timeout=settings.llm_timeout_s, max_retries=1)
    if provider == "ollama":
        if not settings.llm_model:
            raise LLMConfigError("llm mode with Ollama needs AKKOORD_LLM_MODEL")
        from langchain_ollama import ChatOllama

        return ChatOllama(base_url=settings.llm_base_url or "http://127.0.0.1:11434", model=settings.llm_model,
                          temperature=settings.llm_temperature)
    if provider == "gguf":
        if settings.llm_gguf_path is None or not settings.llm_gguf_path.is_file():
            raise LLMConfigError("llm mode with gguf needs AKKOORD_LLM_GGUF_PATH pointing to a .gguf file")
        from langchain_community.chat_models import ChatLlamaCpp

        return ChatLlamaCpp(model_path=str(settings.llm_gguf_path), temperature=settings.llm_temperature,
                            n_ctx=4096, max_tokens=512, verbose=False)
    raise LLMConfigError(f"unknown llm provider {provider!r}; allowed: openai, ollama, gguf")


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
    """Keep only markers that point to a source that supports the sentence they end.

    A marker to a missing source is removed and reported; a marker whose source shares too few of the
    sentence's words is removed as unsupported. An answer left without any valid marker is not shown
    as supported: found is False."""
    warnings: list[str] = []
    composer = Composer()
    if _REFUSAL.search(raw) and not _MARKER.search(raw):
        return Checked(NOT_FOUND, False, [], warnings)
    out_lines: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", raw.strip()):
        if not sentence.strip():
            continue
        claim = _MARKER.sub("", sentence).strip()
        claim_terms = set(terms(claim))

        def replace(m: re.Match[str]) -> str:
            n = int(m.group(1))
            if not 1 <= n <= len(hits):
                warnings.append(f"verwijzing [{n}] verwijst naar geen bron en werd verwijderd")
                return ""
            chunk = hits[n - 1].chunk
            quote, overlap = _best_sentence(chunk.text, claim_terms)
            if claim_terms and overlap < min_overlap:
                warnings.append(f"verwijzing [{n}] ondersteunt de bewering niet en werd verwijderd")
                return ""
            start = chunk.text.find(quote)
            return composer.cite(Source(chunk.doc, chunk.title, chunk.section, chunk.page, quote, chunk.id,
                                        chunk.start + max(start, 0)))

        out_lines.append(_MARKER.sub(replace, sentence).strip())
    if not composer.sources:
        warnings.append("het taalmodel gaf geen antwoord met een geldige bronvermelding")
        return Checked(f"{NOT_FOUND} (Het gegenereerde antwoord had geen geldige bronvermelding en wordt niet "
                       "getoond als onderbouwd antwoord.)", False, [], warnings)
    return Checked(" ".join(line for line in out_lines if line), True, composer.sources, warnings)


def _best_sentence(text: str, claim_terms: set[str]) -> tuple[str, float]:
    best, best_overlap = text.strip(), 0.0
    for start, end in sentence_spans(text, 0, len(text)):
        sentence = text[start:end]
        if not claim_terms:
            return sentence, 1.0
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
        result = self.model.invoke(build_messages(question, hits))
        return str(result.content)

    def stream(self, question: str, hits: Sequence[Hit]) -> Iterator[str]:
        if not hits:
            yield NOT_FOUND
            return
        for chunk in self.model.stream(build_messages(question, hits)):
            if chunk.content:
                yield str(chunk.content)

    def condense(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        lines = "\n".join(f"Gebruiker: {q}\nAssistent: {a}" for q, a in history[-4:])
        result = self.model.invoke([HumanMessage(content=prompts.render("condense", history=lines, question=question))])
        text = str(result.content).strip().split("\n")[0].strip()
        return text or question
