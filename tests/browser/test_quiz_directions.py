"""The new directions in the browser: "How to work it" and "Which foot?" answered from choices,
on a desktop and on a phone, and progress saved in format 1 still read after a reload."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from reflexmap.quiz import ASPECTS, FEET_CHOICES, Progress, card_kind, technique_text

from .conftest import Page, phone
from .test_quiz_round import progress_sentence
from .ui_lang import UiLang

pytestmark = pytest.mark.browser

SHOTS = "/work/shots/quiz"
# what a student's browser held before the progress format changed
OLD = json.dumps({"version": 1, "items": {"liver|right": {"box": 4, "seen": 4, "right": 4}}})


# the phone in Russian, whose choices run longer
@pytest.mark.parametrize(("device", "lang"), [("desktop", "en"), ("Pixel 7", "ru")])
def test_how_to_work_it_and_which_foot(browser, playwright, server, device, lang):
    ui = UiLang(lang)
    chart = ui.chart
    touch = device != "desktop"
    options = phone(playwright, device) if touch else {"viewport": {"width": 1366, "height": 900}}
    context = browser.new_context(**options)
    context.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ localStorage.setItem('reflexmap-quiz-progress', {OLD!r});"
        " sessionStorage.setItem('seeded', '1'); }"
    )
    page = Page(context.new_page())
    name = device.replace(" ", "-").lower()

    def press(within: str = "body", **kw):
        target = page.page.locator(within).first.get_by_role(**kw)
        target.tap() if touch else target.click()

    try:
        page.open(ui.url(server + "?tab=Quiz"))
        line = page.page.locator("[data-testid=quiz-progress][data-loaded=true]")
        line.wait_for(timeout=20_000)
        # the old format's liver, found and named four times, is still well known
        expect(line).to_contain_text(progress_sentence(ui, known=1, learning=0, new=59))
        assert page.page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        press(role="button", name=ui._("How to work it"))
        page.page.locator("select:visible").filter(has_text="20").first.select_option("5")
        press(role="button", name=ui._("Start a round"))
        question = page.page.locator("[data-testid=question]")
        question.wait_for(timeout=10_000)
        card = question.get_attribute("data-key")
        zone_id, foot = card.split("|")
        technique = chart.zone(zone_id, foot).technique
        text = question.inner_text()
        opening = ui._("How to work the reflex zone for {zone}: {question}").split("{zone}")[0]
        assert text.count(opening) == 1, text
        # the aspect asked, as the question puts it after the colon: "...: in which direction..."
        field = next(f for f, asked in ASPECTS.items() if ui._(asked)[0].lower() + ui._(asked)[1:] in text)
        answer = technique_text(getattr(technique, field))
        page.page.screenshot(path=f"{SHOTS}/how-to-work-it-{name}-{lang}.png", full_page=not touch)
        press(".rm-quiz-live", role="button", name=answer, exact=True)
        feedback = page.page.locator("[data-testid=feedback]")
        feedback.wait_for(timeout=10_000)
        assert feedback.get_attribute("data-correct") == "true", feedback.inner_text()
        page.page.screenshot(path=f"{SHOTS}/how-to-work-it-answered-{name}-{lang}.png", full_page=not touch)
        press(role="button", name=ui._("Stop the round"))
        # which foot
        press(role="button", name=ui._("Which foot?"))
        press(role="button", name=ui._("Start a round"))
        question.wait_for(timeout=10_000)
        zone_id = question.get_attribute("data-key").split("|")[0]
        feet = chart.feet_of(zone_id)
        answer = ui._(next(label for label, these in FEET_CHOICES.items() if these == feet))
        press(".rm-quiz-live", role="button", name=answer, exact=True)
        feedback.wait_for(timeout=10_000)
        assert feedback.get_attribute("data-correct") == "true", feedback.inner_text()
        stored = Progress.from_json(page.page.evaluate("localStorage.getItem('reflexmap-quiz-progress')"))
        # "How to work it" has a progress line of its own, once per zone
        own_line = ui.n_("these {zones} zone", "these {zones} zones", 35, zones=35)
        expect(page.page.locator("[data-testid=quiz-progress]")).to_contain_text(own_line + ":")
        kinds = {card_kind(card) for card in stored.items}
        assert {"find", "name", "technique", "foot"} <= kinds
        assert (
            json.loads(page.page.evaluate("localStorage.getItem('reflexmap-quiz-progress')"))["version"] == 2
        )
        assert not page.errors, page.errors
    finally:
        context.close()
