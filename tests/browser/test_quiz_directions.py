"""The new directions in the browser: "How to work it" and "Which foot?" answered from choices,
on a desktop and on a phone, and progress saved in format 1 still read after a reload."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from reflexmap.quiz import FEET_CHOICES, Progress, card_kind

from .conftest import Page, phone

pytestmark = pytest.mark.browser

SHOTS = "/work/shots/quiz"
# what a student's browser held before the progress format changed
OLD = json.dumps({"version": 1, "items": {"liver|right": {"box": 4, "seen": 4, "right": 4}}})


@pytest.mark.parametrize("device", ["desktop", "Pixel 7"])
def test_how_to_work_it_and_which_foot(browser, playwright, server, chart, device):
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
        page.open(server + "?tab=Quiz")
        line = page.page.locator("[data-testid=quiz-progress][data-loaded=true]")
        line.wait_for(timeout=20_000)
        # the old format's liver, found and named four times, is still well known
        expect(line).to_contain_text("1 well known, 0 being learned, 59 not asked yet")
        assert page.page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        press(role="button", name="How to work it")
        page.page.locator("select:visible").filter(has_text="20").first.select_option("5")
        press(role="button", name="Start a round")
        question = page.page.locator("[data-testid=question]")
        question.wait_for(timeout=10_000)
        card = question.get_attribute("data-key")
        zone_id, foot = card.split("|")
        technique = chart.zone(zone_id, foot).technique
        text = question.inner_text()
        assert text.count("How to work the reflex zone for") == 1
        aspect = next(a for a in ("technique", "direction", "pressure") if a in text)
        field = {"technique": "method", "direction": "direction", "pressure": "pressure"}[aspect]
        answer = " ".join(getattr(technique, field).replace("-", " ").split())
        page.page.screenshot(path=f"{SHOTS}/how-to-work-it-{name}.png", full_page=not touch)
        press(".rm-quiz-live", role="button", name=answer, exact=True)
        feedback = page.page.locator("[data-testid=feedback]")
        feedback.wait_for(timeout=10_000)
        assert feedback.get_attribute("data-correct") == "true", feedback.inner_text()
        page.page.screenshot(path=f"{SHOTS}/how-to-work-it-answered-{name}.png", full_page=not touch)
        press(role="button", name="Stop the round")
        # which foot
        press(role="button", name="Which foot?")
        press(role="button", name="Start a round")
        question.wait_for(timeout=10_000)
        zone_id = question.get_attribute("data-key").split("|")[0]
        feet = chart.feet_of(zone_id)
        answer = next(label for label, these in FEET_CHOICES.items() if these == feet)
        press(".rm-quiz-live", role="button", name=answer, exact=True)
        feedback.wait_for(timeout=10_000)
        assert feedback.get_attribute("data-correct") == "true", feedback.inner_text()
        stored = Progress.from_json(page.page.evaluate("localStorage.getItem('reflexmap-quiz-progress')"))
        # "How to work it" has a progress line of its own, once per zone
        expect(page.page.locator("[data-testid=quiz-progress]")).to_contain_text("these 35 zones:")
        kinds = {card_kind(card) for card in stored.items}
        assert {"find", "name", "technique", "foot"} <= kinds
        assert (
            json.loads(page.page.evaluate("localStorage.getItem('reflexmap-quiz-progress')"))["version"] == 2
        )
        assert not page.errors, page.errors
    finally:
        context.close()
