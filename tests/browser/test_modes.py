"""Quiz, presentation and self-practice modes, driven in the browser by clicks and keys."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from reflexmap.practice import screening_questions

from .conftest import ARTIFACTS, Page

pytestmark = pytest.mark.browser


def _question(page: Page) -> tuple[str, str]:
    node = page.page.locator("[data-testid=question]")
    node.wait_for(timeout=10_000)
    zone_id, foot = node.get_attribute("data-key").split("|")
    return zone_id, foot


def _wait_question_changes(page: Page, old: str) -> None:
    expect(page.page.locator("[data-testid=question]")).not_to_have_attribute("data-key", old, timeout=10_000)


def test_quiz_round_by_clicking_the_map_and_progress_survives_a_reload(app_page, server, chart):
    page = app_page
    page.open(server + "?tab=Quiz")
    page.page.locator("[data-testid=quiz-progress]").wait_for(timeout=10_000)
    before = page.page.locator("[data-testid=quiz-progress]").inner_text()
    page.page.locator("select").filter(has_text="20").first.select_option("5")
    page.page.get_by_role("button", name="Start a round").click()
    answers = []
    for number in range(5):
        zone_id, foot = _question(page)
        if number % 2 == 0:  # answer right: click inside the asked zone on the asked foot
            page.click_zone(chart, zone_id, foot)
        else:  # answer wrong: the same zone's place, but on the other foot or an unrelated zone
            if "small zone" in page.page.locator("[data-testid=question]").inner_text():
                # the map came zoomed in on the asked zone: show both feet, as the question says
                page.page.get_by_role("button", name="Reset", exact=True).click()
                page.page.wait_for_timeout(500)
            other = "left" if foot == "right" else "right"
            wrong = zone_id if chart.has_zone(zone_id, other) else "pelvic-area"
            page.click_zone(chart, wrong, other)
        feedback = page.page.locator("[data-testid=feedback]")
        feedback.wait_for(timeout=10_000)
        answers.append(feedback.get_attribute("data-correct"))
        if number == 1:
            page.shot("quiz-wrong-answer.png")
        if number < 4:
            page.page.get_by_role("button", name="Next question").click()
            _wait_question_changes(page, f"{zone_id}|{foot}")
    assert answers == ["true", "false", "true", "false", "true"]
    summary = page.page.locator("[data-testid=quiz-summary]")
    summary.wait_for(timeout=10_000)
    assert "You got 3 of 5 right." in summary.inner_text()
    page.shot("quiz-summary.png")
    page.page.reload()
    page.page.locator("[data-testid=quiz-progress]").wait_for(timeout=20_000)
    expect(page.page.locator("[data-testid=quiz-progress]")).not_to_have_text(before, timeout=10_000)
    stored = page.page.evaluate("() => localStorage.getItem('reflexmap-quiz-progress')")
    assert stored and '"version"' in stored and '"items"' in stored


def test_name_it_question_is_answered_from_choices(app_page, server, chart):
    page = app_page
    page.open(server + "?tab=Quiz")
    page.page.get_by_role("button", name="Name it").click()
    page.page.get_by_role("button", name="Start a round").click()
    zone_id, foot = _question(page)
    # the details must not give the answer away while the round runs
    assert page.page.locator("[data-testid=details-hidden]").count() == 1
    page.page.get_by_role("button", name=chart.zone(zone_id, foot).name, exact=True).click()
    feedback = page.page.locator("[data-testid=feedback]")
    feedback.wait_for(timeout=10_000)
    assert feedback.get_attribute("data-correct") == "true"
    page.shot("quiz-name-it.png")
    page.page.get_by_role("button", name="Stop the round").click()
    page.page.locator("[data-testid=quiz-summary]").wait_for(timeout=10_000)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_presentation_mode_with_keys(browser, server, chart, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = Page(context.new_page())
        page.page.goto(server + "?present=1&lesson=liver.right,heart.left,kidney.left")
        page.page.wait_for_selector("canvas", timeout=30_000)
        page.page.locator("[data-testid=key-hint]").wait_for(timeout=10_000)
        page.page.mouse.click(5, 5)  # focus the page, outside any field
        page.page.keyboard.press("ArrowRight")
        page.wait_details("liver", "right")
        text = page.page.locator("[data-testid=details] p").first
        font = text.evaluate("e => getComputedStyle(e).fontSize")
        # full size where the whole text fits the window; smaller to fit a 720 px high one, yet readable
        least = 24 if height >= 1080 else 14
        assert float(font.rstrip("px")) >= least, f"details text is {font} on a {width}x{height} projector"
        page.page.keyboard.press("l")
        page.page.locator("[data-testid=details-hidden]").wait_for(timeout=10_000)
        page.page.keyboard.press("ArrowRight")
        time.sleep(0.5)
        page.page.keyboard.press("r")
        page.wait_details("heart", "left")
        assert page.page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.page.evaluate("document.documentElement.scrollHeight") <= height + 2, "the page scrolls"
        canvas = page.page.locator("canvas").first.bounding_box()
        assert canvas["y"] + canvas["height"] <= height, "the map must fit the projector without scrolling"
        assert "lesson=liver.right" in page.page.url
        page.page.screenshot(path=ARTIFACTS / f"present-{width}x{height}.png")  # the screen as projected
        assert not page.errors
    finally:
        context.close()


def test_practice_screening_stops_and_then_the_player_runs(app_page, server, chart):
    page = app_page
    page.open(server + "?tab=Practise")
    routine = chart.routines.get("heel-spur")
    page.page.locator("select:visible").filter(has_text=routine.title).first.select_option(
        label=routine.title
    )
    fever = next(q for q in screening_questions(chart.caveats) if "fever" in q.text.casefold())
    page.page.get_by_role("checkbox", name=fever.text).check()
    verdict = page.page.locator("[data-testid=verdict]")
    verdict.wait_for(timeout=10_000)
    assert verdict.get_attribute("data-stop") == "true"
    assert "doctor" in verdict.inner_text().casefold()
    assert page.page.get_by_role("button", name="Start the routine").is_disabled()
    page.shot("practice-screening-stop.png")
    page.page.get_by_role("checkbox", name=fever.text).uncheck()
    page.page.get_by_role("checkbox", name="none that I left unticked applies").check()
    page.page.wait_for_function("() => true", timeout=1_000)
    start = page.page.get_by_role("button", name="Start the routine")
    page.page.wait_for_timeout(500)
    assert start.is_enabled()
    start.click()
    player = page.page.locator("[data-testid=player]")
    player.wait_for(timeout=10_000)
    assert routine.steps[0].text[:30] in player.inner_text()
    timed = next(i for i, s in enumerate(routine.steps) if s.duration_s)
    for _ in range(timed):
        page.page.get_by_role("button", name="Next step").click()
        page.page.wait_for_timeout(300)
    page.page.locator(f'[data-testid=player][data-step="{timed}"]').wait_for(timeout=10_000)
    timer = page.page.locator("[data-testid=timer]")
    # every step has a timer now: the one before may still show for a moment
    full = f"{routine.steps[timed].duration_s // 60}:00"
    page.page.locator("[data-testid=timer]", has_text=full).wait_for(timeout=10_000)
    assert timer.inner_text() == full
    page.page.get_by_role("button", name="Start timer").click()
    page.page.wait_for_timeout(2_500)
    assert timer.inner_text() != f"{routine.steps[timed].duration_s // 60}:00"
    page.page.get_by_role("button", name="Pause").click()
    page.page.get_by_role("button", name="Resume").wait_for(timeout=5_000)
    page.shot("practice-player-timer.png")
