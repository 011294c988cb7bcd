"""The text akkoord reads from an HTML page is the text Chromium shows.

Each real page is opened in headless Debian Chromium (JavaScript off, every request other than the
file itself refused, so what is compared is the page's own markup and inline styles). The elements
akkoord drops on purpose as site chrome (navigation, page-level header and footer, form controls,
aria-hidden, small forms) are removed in the browser too; then `document.body.innerText` is compared
with akkoord's text line by line: every line the browser shows is in akkoord's text, every line of
akkoord's text is shown by the browser, and no line occurs more often in akkoord's text than in the
browser (the hidden copies of the titles are not read). Lines akkoord joins are allowed: a number
label with the title after it ("HD 1." + title) is one heading line.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from ingest.html import read_html
from tests.conftest import DATA

pytestmark = pytest.mark.browser

PAGES = sorted(p.name for p in (DATA / "html").glob("*.html"))

DROP_CHROME = """() => {
  const roles = ['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'dialog', 'alertdialog'];
  const drop = [];
  document.querySelectorAll('nav, menu, noscript, select, option, button, input, textarea, '
                            + '[aria-hidden="true"], dialog:not([open]), [role]').forEach(e => {
    if (e.hasAttribute('role') && !roles.includes(e.getAttribute('role').toLowerCase())) return;
    drop.push(e);
  });
  document.querySelectorAll('header, footer').forEach(e => { if (!e.closest('article, main')) drop.push(e); });
  document.querySelectorAll('form').forEach(e => {
    if ((e.innerText || '').replace(/\\s+/g, ' ').trim().length < 200) drop.push(e);
  });
  drop.forEach(e => e.remove());
  return document.body.innerText;
}"""


def browser_lines(text: str) -> list[str]:
    """innerText -> lines; table cells (tab-separated) count as lines of their own."""
    lines = []
    for line in text.split("\n"):
        for cell in line.split("\t"):
            cell = re.sub(r"^- ", "", re.sub(r"\s+", " ", cell).strip())
            if cell:
                lines.append(cell)
    return lines


def akkoord_lines(text: str) -> list[str]:
    """akkoord's text -> lines without the heading and list marks; table rows split into cells."""
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^#{1,6} |^- |^\\", "", line.strip())
        lines.extend(cell for cell in (c.strip() for c in line.split(" | ")) if cell)
    return lines


@pytest.mark.parametrize("name", PAGES)
def test_akkoord_reads_what_chromium_shows(browser: object, name: str) -> None:
    path = DATA / "html" / name
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        page.goto(path.resolve().as_uri(), wait_until="domcontentloaded", timeout=60_000)
        shown = browser_lines(page.evaluate(DROP_CHROME))
    finally:
        context.close()
    ours = akkoord_lines(read_html(path.read_bytes()).text)
    assert len(shown) > 10 and len(ours) > 10
    shown_text, our_text = " ".join(shown), " ".join(ours)
    lost = [line for line in dict.fromkeys(shown) if line not in our_text]
    extra = [line for line in dict.fromkeys(ours) if line not in shown_text]
    assert lost == [], f"shown by Chromium but not read: {lost[:5]}"
    assert extra == [], f"read but not shown by Chromium: {extra[:5]}"
    shown_count, our_count = Counter(shown), Counter(ours)
    more = {line: n for line, n in our_count.items() if n > (shown_count.get(line) or shown_text.count(line))}
    assert more == {}, f"read more often than shown (hidden copies?): {list(more.items())[:5]}"
    fewer = {line: n for line, n in shown_count.items() if n > (our_count.get(line) or our_text.count(line))}
    assert fewer == {}, f"shown more often than read: {list(fewer.items())[:5]}"
