"""Every error message the project can show a user reaches them in Dutch (assistant/errors.py).

The messages are read from the source with `ast`: every string given to one of the project's error
classes, every ingest failure reason and every message for the person waiting. A formatted value is
filled in as "1". A message that is English must have a Dutch rule; one written in Dutch passes as it
is. A new English message without a rule fails this test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.errors import describe, dutch
from ingest.records import IngestError
from tests.conftest import ROOT
from vectorstore.store import StoreError

PRODUCT = ("assistant", "ingest", "vectorstore", "prompts")
ERRORS = {"IngestError", "StoreError", "EmbeddingError", "LLMConfigError", "PromptError", "LostLeaseError",
          "ModeError", "NoStoreError"}
# words that only occur in English messages (not Dutch ones, nor names like Chroma, PDF, Word)
ENGLISH = re.compile(r"\b(?:the|cannot|another|found|needs|unknown|allowed|must|refused|failed|unexpected|does|this|"
                     r"file|store|with|into|again|not|over|limit|empty|should|waiting|running|known)\b", re.IGNORECASE)


def _text(node: ast.AST) -> str | None:
    """A string literal, or an f-string with every value filled in as '1'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "1" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return left + right if left is not None and right is not None else None
    return None


def messages() -> list[tuple[str, str]]:
    """(where, message) of every user-facing error message in the product."""
    found = []
    for pkg in PRODUCT:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                text = None
                if isinstance(node, ast.Call):
                    name = node.func.id if isinstance(node.func, ast.Name) else (
                        node.func.attr if isinstance(node.func, ast.Attribute) else "")
                    if (name in ERRORS or name == "on_wait") and node.args:
                        text = _text(node.args[0])
                elif isinstance(node, ast.Dict):  # report.failed.append({"file": ..., "reason": ...})
                    for key, value in zip(node.keys, node.values, strict=True):
                        if isinstance(key, ast.Constant) and key.value == "reason":
                            text = _text(value)
                if text:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


ALL = messages()


def test_the_reader_finds_the_messages() -> None:
    texts = [t for _, t in ALL]
    assert "file is empty" in texts and "PDF is encrypted (password protected); provide an unencrypted copy" in texts
    assert any(t.startswith("another ingest is running") for t in texts)  # an on_wait message
    assert any(t.startswith("another file with the same name") for t in texts)  # a failure reason
    assert len(ALL) > 40


@pytest.mark.parametrize(("where", "message"), ALL, ids=[w for w, _ in ALL])
def test_every_message_reaches_the_user_in_dutch(where: str, message: str) -> None:
    shown = dutch(message)
    # commands, options and settings are named as they are typed
    prose = re.sub(r"`[^`]*`|--[\w-]+|AKKOORD_\w+", " ", shown)
    assert not ENGLISH.search(prose), (where, message, shown)


def test_translations_keep_the_details() -> None:
    assert dutch("file is empty") == "het bestand is leeg"
    assert dutch("unsupported file type '.exe'; supported: .docx, .htm, .html, .md, .pdf, .txt") == (
        "het bestandstype .exe wordt niet ondersteund; toegestaan zijn .docx, .htm, .html, .md, .pdf, .txt")
    assert dutch("unsupported file type '(none)'; supported: .pdf") == (
        "het bestandstype (geen) wordt niet ondersteund; toegestaan zijn .pdf")
    assert dutch("file is 3.2 MB, over the limit of 1.0 MB") == "het bestand is 3.2 MB, groter dan de grens van 1.0 MB"
    assert "pypdf" not in dutch("cannot read PDF (corrupt or not a PDF): PdfReadError: pypdf says no")
    assert dutch("het bestand is al Nederlands") == "het bestand is al Nederlands"


def test_describe_hides_unexpected_errors_and_translates_own_ones() -> None:
    assert describe(IngestError("file is empty")) == "het bestand is leeg"
    assert describe(StoreError("dense search on the Chroma server failed: boom")) == \
        "zoeken op de Chroma-server mislukte: boom"
    shown = describe(KeyError("secret internal detail"))
    assert "KeyError" in shown and "secret" not in shown and "onverwachte fout" in shown


def test_the_english_word_list_catches_english(tmp_path: Path) -> None:
    assert ENGLISH.search("cannot read the file")
    assert not ENGLISH.search("de PDF kan niet gelezen worden (beschadigd of geen PDF)")
