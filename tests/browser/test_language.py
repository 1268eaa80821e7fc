"""The page in Russian: chosen by the browser's language or the address, every interface word in
Russian, and a switch to English that keeps what is on screen."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from reflexmap.i18n import LOCALE_DIR

from .conftest import Page
from .test_accessibility import blocking_violations, map_name

pytestmark = pytest.mark.browser

# every text of the page, through the shadow roots Panel puts each part in
PAGE_TEXT_JS = """() => {
  const parts = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      for (const node of el.childNodes) if (node.nodeType === 3) parts.push(node.textContent);
      for (const name of ['aria-label', 'placeholder', 'title'])
        if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
  };
  walk(document);
  return parts.join('\\n');
}"""


def english_interface_text() -> list[str]:
    """The catalogue's English sentences and labels long enough not to be a word of another text
    (a zone's own name, still English until its chart is translated, is not among them)."""
    with (LOCALE_DIR / "reflexmap.pot").open("rb") as file:
        template = read_po(file)
    texts = []
    for entry in template:
        for text in entry.id if isinstance(entry.id, tuple) else (entry.id,):
            for piece in re.split(r"\{[^{}]*\}", text):  # the words between the placeholders
                if len(piece.strip()) >= 14 and "reflexmap" not in piece:
                    texts.append(piece.strip())
    return texts


def loaded(page: Page) -> None:
    """Wait for a page the browser has just loaded again to show the liver's details (a new
    session is built for it: on a busy machine this takes a while)."""
    page.page.wait_for_selector("canvas", timeout=30_000)
    page.wait_details("liver", "right", timeout=30_000)


def test_russian_page_from_the_browser_language_then_english_by_the_switch(browser, server, chart):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = Page(context.new_page())
    try:
        page.open(server)  # no ?lang: Accept-Language (ru-RU) decides
        p = page.page
        assert p.evaluate("document.documentElement.lang") == "ru"
        assert "карта рефлекторных зон" in p.title()
        page.click_zone(chart, "liver", "right")
        page.wait_details("liver", "right")
        details = page.details_locator().first.text_content()
        assert "Как прорабатывать" in details and "Правая стопа" in details
        # the language travels with the address, so a shared link opens in Russian
        p.wait_for_function("() => location.search.includes('lang=ru')")
        text = p.evaluate(PAGE_TEXT_JS)
        english = [t for t in english_interface_text() if t in text]
        assert not english, f"English interface text on the Russian page: {english}"
        assert "Рефлекторные зоны: подошвы" in text and "Поиск по зонам и справочнику" in text
        # screen readers hear the map's name and its keys in Russian; axe finds nothing serious
        name, description = map_name(p)
        assert name == "Карта зон обеих подошв" and description.startswith("Стрелки"), (name, description)
        assert not blocking_violations(p)
        page.shot("language-ru-explore.png")

        # the switch opens the same zone in English, and says so in the address: this Russian
        # browser keeps the English page on reload
        p.locator("[data-testid=language-switch] a[hreflang=en]").click()
        p.wait_for_function("() => document.documentElement.lang === 'en'")
        search = p.evaluate("location.search")
        assert "zone=liver" in search and "lang=en" in search
        loaded(page)
        assert "How to work it" in page.details_locator().first.text_content()
        p.reload()
        loaded(page)
        assert p.evaluate("document.documentElement.lang") == "en"
        assert "How to work it" in page.details_locator().first.text_content()
        switch = p.locator("[data-testid=language-switch] a[aria-current]")
        assert switch.inner_text() == "English"
    finally:
        context.close()
    assert not page.errors, page.errors


def test_a_russian_link_opens_russian_in_an_english_browser(browser, server, chart):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = Page(context.new_page())
    try:
        page.open(server + "?lang=ru&tab=Quiz&zone=heart&foot=left")
        p = page.page
        page.wait_details("heart", "left")
        assert p.evaluate("document.documentElement.lang") == "ru"
        expect(p.locator("text=Начать раунд")).to_have_count(1)
        assert "чем связана" in page.details_locator().first.text_content()
        page.shot("language-ru-quiz-tab.png")
    finally:
        context.close()
    assert not page.errors, page.errors
