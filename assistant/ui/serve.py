"""Serving the chat: authentication, the warning for an open network address, Gradio's launch options
and `launch`, which blocks until the chat is stopped."""

from __future__ import annotations

import ipaddress
import json
import os
import sys
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.config import EXAMPLES_DIR, Settings
from assistant.ui.layout import PAGE_CSS, build_ui

# -- launch ------------------------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ValueError("AKKOORD_AUTH / --auth moet de vorm GEBRUIKER:WACHTWOORD hebben")
    return user, password


def exposure_warning(settings: Settings) -> str | None:
    """A loud warning when the chat is reachable from other machines without a password."""
    if _is_loopback(settings.host) or settings.auth:
        return None
    bar = "!" * 78
    return "\n".join(
        [
            bar,
            f"WAARSCHUWING: akkoord luistert op {settings.host}:{settings.port} ZONDER wachtwoord.",
            "WAARSCHUWING: iedereen die deze machine via het netwerk bereikt, kan de documenten",
            "WAARSCHUWING: lezen, vragen stellen, documenten opladen en documenten verwijderen.",
            "WAARSCHUWING: stel een wachtwoord in met --auth GEBRUIKER:WACHTWOORD (of AKKOORD_AUTH),",
            "WAARSCHUWING: of bind enkel aan 127.0.0.1 (--host 127.0.0.1).",
            bar,
        ]
    )


def theme() -> gr.themes.Base:
    """Gradio's default look; its bundled semi-bold font file is a tiny subset (A and B only, in
    gradio 6.31), so bold text is mapped to the complete bold file instead."""
    return gr.themes.Default(
        font=[
            gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)),
            "ui-sans-serif",
            "system-ui",
            "sans-serif",
        ],
    )


GRADIO_LABELS = Path(__file__).resolve().parents[1] / "data" / "gradio_labels_nl.json"


def gradio_labels() -> gr.I18n:
    """Gradio's own labels (copy message, upload area, ...) in Dutch whatever the browser's language:
    Gradio chooses its labels by the browser's language, so the Dutch set is given as the custom
    translation of every language it knows."""
    data = json.loads(GRADIO_LABELS.read_text(encoding="utf-8"))
    return gr.I18n(**{locale: dict(data["labels"]) for locale in data["locales"]})


def launch_options(settings: Settings) -> dict[str, Any]:
    """Options for Blocks.launch() that belong to the app, not to where it is served."""
    return {
        "theme": theme(),
        "css": PAGE_CSS,
        "max_file_size": int(settings.max_upload_mb * 1024 * 1024),
        "show_error": False,
        "i18n": gradio_labels(),
        # no footer: its links (the API page, "built with Gradio", Gradio's settings) are not for officials
        "footer_links": [],
    }


def launch(settings: Settings, examples: str = "never") -> None:
    """Serve the chat (blocks until stopped).

    `examples`: "new-store" creates the store with the bundled example documents when it does not
    exist yet (the default demo store of `akkoord chat`); "always" adds them to the store (creating it
    if needed: `--voorbeelden`); "never" needs an existing store and leaves it as it is, so that a
    department's own store never gets the examples mixed in, and an emptied store stays empty."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.app import build, open_store, require_store, store_exists
    from assistant.errors import dutch
    from assistant.ingest_service import run_ingest

    try:
        auth = parse_auth(settings.auth)
    except ValueError as exc:
        sys.exit(f"Fout: {exc}")
    add = examples == "always" or (examples == "new-store" and not store_exists(settings))
    if not add:
        require_store(settings)
    print(f"akkoord: opslag {settings.store} openen…", file=sys.stderr)
    store = open_store(settings)  # one store object for the examples and the chat: the model loads once
    if add:
        print(f"akkoord: voorbeelddocumenten inlezen uit {EXAMPLES_DIR}…", file=sys.stderr)
        report = run_ingest(settings, [str(EXAMPLES_DIR)], quiet=False, store=store)
        print(f"akkoord: ingelezen: {', '.join(report.ingested + report.replaced) or '-'}", file=sys.stderr)
        for failure in report.failed:
            print(f"akkoord: MISLUKT {failure['file']}: {dutch(failure['reason'])}", file=sys.stderr)
    assistant = build(settings, store=store)
    demo = build_ui(assistant, settings)
    warning = exposure_warning(settings)
    if warning:
        print(warning, file=sys.stderr)
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=auth,
        auth_message="Meld u aan om akkoord te gebruiken." if auth else None,
        prevent_thread_lock=True,
        quiet=True,  # Gradio's own lines are English and advise share=True, which would publish the chat
        **launch_options(settings),
    )
    print(f"akkoord: de chat draait op http://{settings.host}:{settings.port} (stoppen met Ctrl+C)", file=sys.stderr)
    if warning:  # repeat it last, where it is seen
        print(warning, file=sys.stderr)
    demo.block_thread()
