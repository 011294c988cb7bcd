"""The chat at phone width (390 x 844, an iPhone 12-14): the sources follow the answer directly, before
the question box, and no part of the page is wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_ui_browser import (
    TIMEOUT,
    ask,
    click_reference,
    open_app,
    open_tab,
    search_topic,
    shoot,
)

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844

# every element that is visible and sticks out to the right of the screen, unless a scroll box of its
# own (a wide table scrolls sideways inside its panel) holds it
_OVERFLOWING = """(width) => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
        let held = false;
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (['auto', 'scroll'].includes(style.overflowX) && up.getBoundingClientRect().right <= width + 1) {
                held = true;
                break;
            }
        }
        if (!held) out.push(el.tagName + '#' + el.id + '.' + String(el.className).slice(0, 40));
    }
    return out.slice(0, 10);
}"""


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="nl-BE",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(60_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


def box(page: Any, selector: str) -> dict[str, float]:
    return page.locator(selector).first.bounding_box()


def assert_fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate("document.body.scrollWidth") <= WIDTH
    assert page.evaluate(_OVERFLOWING, WIDTH) == []


def test_phone_sources_under_the_answer(app: Any, phone: Any, screenshots: Path) -> None:
    page = phone
    open_app(page, app.url)
    assert_fits(page)
    ask(page, "Tot wanneer loopt de overeenkomst met Mechelen?")
    chat, sources, question = box(page, "#gesprek"), box(page, "#bronnen"), box(page, "#vraag")
    assert chat["y"] + chat["height"] <= sources["y"] + 1  # the sources come after the answers...
    assert sources["y"] + sources["height"] <= question["y"] + 1  # ...and before the question box
    assert sources["width"] >= chat["width"] - 2  # as wide as the chat, not a squeezed column
    assert_fits(page)
    page.locator("#bronnen .bron").first.scroll_into_view_if_needed()
    shoot(page, screenshots, "telefoon-vragen.png")

    # a [n] brings its source into view on the phone too
    click_reference(page, 0, 1)
    page.locator('#bronnen .bron.gemarkeerd[data-n="1"]').wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(800)
    card = box(page, "#bronnen .bron.gemarkeerd")
    assert 0 <= card["y"] < HEIGHT
    page.screenshot(path=str(screenshots / "telefoon-bron.png"))

    open_tab(page, "Onderwerpen")
    search_topic(page, "mobiliteit").locator("tr[data-rij]").first.wait_for(timeout=TIMEOUT)
    assert_fits(page)
    shoot(page, screenshots, "telefoon-onderwerpen.png")
    open_tab(page, "Documenten")
    page.locator("#documenten-lijst table").first.wait_for(timeout=TIMEOUT)
    assert_fits(page)
    assert not page.page_errors
