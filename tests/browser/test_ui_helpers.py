"""The UI's pure helpers (escaping, file names, highlighting, feedback file, start-up warning), without a
browser or a model: fast, so not marked `browser`. They live here because they belong to assistant/ui/."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from assistant.answer import Answer, Citation
from assistant.config import Settings
from assistant.ui.callbacks import append_feedback, safe_filename
from assistant.ui.render import (
    NO_SOURCES,
    chat_text,
    documents_html,
    empty_sources_html,
    esc,
    highlight,
    sources_html,
    sources_panel,
    topic_source_html,
    topics_html,
)
from assistant.ui.serve import exposure_warning, parse_auth
from ingest.records import DocumentInfo

HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> ${window.__xss=3} {{x}}'


def _answer(quote: str = HOSTILE, found: bool = True) -> Answer:
    citation = Citation(1, "doc<b>.txt", f"Titel {HOSTILE}", f"Deel {HOSTILE}", 2, quote)
    return Answer(
        question=f"Vraag {HOSTILE}?",
        answer=f"Antwoord {HOSTILE} [1]" if found else "Dat staat niet in de documenten.",
        found=found,
        citations=[citation] if found else [],
        mode="grounded",
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\evil.PDF", "evil.pdf"),
        (".verborgen.md", "verborgen.md"),
        ("...", "document"),
        ("", "document"),
        ("a<b>c|d?.txt", "a_b_c_d.txt"),
        ("Overeenkomst Zele 2021.docx", "Overeenkomst Zele 2021.docx"),
        ("geëvalueerd-verslag_v2.pdf", "geëvalueerd-verslag_v2.pdf"),
        ("x" * 300 + ".txt", "x" * 100 + ".txt"),
    ],
)
def test_safe_filename(given: str, expected: str) -> None:
    assert safe_filename(given) == expected


def test_safe_filename_never_yields_a_path() -> None:
    for name in ["../a.txt", "/abs/b.md", "c/../../d.pdf", "..", ".\\e.txt", "\x00f.txt", "g\nh.txt"]:
        safe = safe_filename(name)
        assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
        assert "\x00" not in safe and "\n" not in safe


def test_escaping_leaves_no_markup_or_template_syntax() -> None:
    out = esc(HOSTILE)
    assert "<" not in out and ">" not in out and "${" not in out and "{{" not in out
    assert chat_text("<img src=x>") == "&lt;img src=x&gt;"


def test_sources_panel_escapes_every_document_field() -> None:
    out = sources_html(_answer(), {1: f"ervoor {HOSTILE} erna"})
    assert "<script" not in out and "<img" not in out and "${" not in out
    assert "&lt;script&gt;" in out
    assert "<details>" in out and 'class="bron"' in out


def test_sources_panel_shows_no_sources_for_a_refusal() -> None:
    out = sources_html(_answer(found=False))
    assert NO_SOURCES in out
    assert 'class="bron"' not in out


def test_highlight_marks_the_supporting_words() -> None:
    answer = Answer(
        question="Tot wanneer loopt de overeenkomst met Mechelen?",
        answer="De overeenkomst loopt tot 31 december 2025. [1]",
        found=True,
        citations=[],
        mode="grounded",
    )
    from assistant.ui.render import supporting_keys

    quote = "Deze overeenkomst wordt aangegaan met als uiterste einddatum 31 december 2025."
    out = highlight(quote, supporting_keys(answer, 1))
    assert "<mark>31 december 2025</mark>" in out
    assert "<mark>Deze" not in out


def test_document_and_topic_tables_escape() -> None:
    doc = DocumentInfo(
        name="x.txt",
        sha256="0",
        format="txt",
        kind="agreement",
        title=HOSTILE,
        date=None,
        n_chunks=1,
        n_pages=None,
    )
    out = documents_html([doc], {"x.txt": [("Titel", HOSTILE)]})
    assert "<script" not in out and "<img" not in out
    match = {"kind": "besluit", "doc": "x.txt", "doc_title": HOSTILE, "date": "2024-03-19", "number": "1.1",
             "title": HOSTILE, "subitem": HOSTILE, "section": HOSTILE, "snippet": HOSTILE,
             "quote": {"text": HOSTILE, "section": HOSTILE, "page": 2}}
    out = topics_html([match], selected=0)
    assert "<script" not in out and "<img" not in out and 'data-rij="0"' in out
    assert "Besluit" in out and "19 maart 2024" in out and 'class="gekozen"' in out
    out = topic_source_html(match, f"ervoor {HOSTILE} erna")
    assert "<script" not in out and "<img" not in out and "${" not in out
    assert "x.txt" in out and "19 maart 2024" in out


def test_feedback_lines_from_many_threads_stay_whole(tmp_path: Path) -> None:
    store = tmp_path / "nieuw" / "store"  # the folder does not exist yet

    def write(i: int) -> None:
        append_feedback(store, {"question": f"vraag {i}", "comment": "é" * 5000, "rating": "up"})

    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (store / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["question"] for line in lines) == sorted(f"vraag {i}" for i in range(20))


@pytest.mark.parametrize(
    ("host", "auth", "loud"),
    [
        ("127.0.0.1", None, False),
        ("localhost", None, False),
        ("::1", None, False),
        ("0.0.0.0", None, True),
        ("192.168.1.10", None, True),
        ("0.0.0.0", "ambt:geheim", False),
    ],
)
def test_exposure_warning(tmp_path: Path, host: str, auth: str | None, loud: bool) -> None:
    warning = exposure_warning(Settings(store=tmp_path, host=host, auth=auth))
    if loud:
        assert warning is not None and warning.count("WAARSCHUWING") >= 3 and host in warning
    else:
        assert warning is None


def test_parse_auth() -> None:
    assert parse_auth("ambt:ge:heim") == ("ambt", "ge:heim")
    assert parse_auth(None) is None
    for bad in ("zonderdubbelepunt", ":wachtwoord", "gebruiker:"):
        with pytest.raises(ValueError, match="GEBRUIKER:WACHTWOORD"):
            parse_auth(bad)


def test_sources_panel_keeps_every_answer_and_shows_the_latest() -> None:
    first, second = sources_html(_answer()), sources_html(_answer(found=False))
    out = sources_panel([first, second])
    assert out.count('<section class="beurt"') == 2
    assert '<section class="beurt" data-beurt="0" hidden>' in out
    assert '<section class="beurt" data-beurt="1">' in out
    waiting = sources_panel([first], pending="<p>bezig</p>")
    assert '<section class="beurt" data-beurt="0" hidden>' in waiting and "bezig" in waiting
    assert 'data-n="1"' in first and 'id="bron-' not in first  # ids would repeat across answers
    assert sources_panel([]) == empty_sources_html()
