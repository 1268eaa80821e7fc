"""Quiz, presentation and self-practice modes, driven in the browser by clicks and keys."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reflexmap.content import safety
from reflexmap.practice import SCREENING_INTRO, screening_questions
from reflexmap.testing import zone_display_point

from .conftest import ARTIFACTS, MAP_FOCUSED_JS, Page, is_small
from .ui_lang import UiLang

pytestmark = pytest.mark.browser


# how many answers the browser has stored, over every question (the progress's "seen" counts)
SEEN_JS = """() => {
  const items = JSON.parse(localStorage.getItem('reflexmap-quiz-progress') || '{}').items || {};
  return Object.values(items).reduce((sum, item) => sum + item.seen, 0);
}"""


def _question(page: Page) -> tuple[str, str]:
    node = page.page.locator("[data-testid=question]")
    node.wait_for(timeout=10_000)
    zone_id, foot = node.get_attribute("data-key").split("|")
    return zone_id, foot


def _wait_question_changes(page: Page, old: str) -> None:
    expect(page.page.locator("[data-testid=question]")).not_to_have_attribute("data-key", old, timeout=10_000)


def test_name_it_then_a_round_by_clicking_the_map_and_progress_survives_a_reload(app_page, server, chart, ui):
    page = app_page
    page.open(ui.url(server + "?tab=Quiz"))
    # a "Name it" question, answered from the choices
    page.page.get_by_role("button", name=ui._("Name it")).click()
    page.page.get_by_role("button", name=ui._("Start a round")).click()
    zone_id, foot = _question(page)
    # the details must not give the answer away while the round runs
    expect(page.page.locator("[data-testid=details-hidden]")).to_have_count(1)
    page.page.get_by_role("button", name=ui.name(zone_id, foot), exact=True).click()
    feedback = page.page.locator("[data-testid=feedback]")
    feedback.wait_for(timeout=10_000)
    assert feedback.get_attribute("data-correct") == "true"
    assert ui.p_("quiz verdict", "Right") in feedback.inner_text()
    page.shot(f"quiz-name-it-{ui.code}.png")
    page.page.get_by_role("button", name=ui._("Stop the round")).click()
    page.page.locator("[data-testid=quiz-summary]").wait_for(timeout=10_000)

    # then, on the same page, a round of "Find it on the map"; the progress line is read once the
    # browser has stored the first answer, so that the reload below is judged by the round's
    page.page.wait_for_function(f"() => ({SEEN_JS})() === 1", timeout=10_000)
    page.page.get_by_role("button", name=ui._("Find it on the map")).click()
    page.page.locator("[data-testid=quiz-progress]").wait_for(timeout=10_000)
    before = page.page.locator("[data-testid=quiz-progress]").inner_text()
    page.page.locator("select").filter(has_text="20").first.select_option("5")
    page.page.get_by_role("button", name=ui._("Start a round")).click()
    small = ui._("It is a small zone: the map is zoomed in near it (Reset under the map shows all).")
    answers = []
    for number in range(5):
        zone_id, foot = _question(page)
        zoomed = is_small(chart, zone_id, foot)
        assert (small in page.page.locator("[data-testid=question]").text_content()) == zoomed
        if number % 2 == 0:  # answer right: click inside the asked zone on the asked foot
            page.press_display(*zone_display_point(chart, zone_id, foot), zoomed=zoomed)
        else:  # answer wrong: the same zone's place, but on the other foot or an unrelated zone
            if zoomed:
                # the map zooms in on the asked zone as the question comes: once it has, show both
                # feet, as the question says (the press below waits for the map to stay put)
                page.page.wait_for_function(f"() => ({MAP_FOCUSED_JS})() === true")
                page.page.get_by_role("button", name=ui._("Show the whole map"), exact=True).click()
            other = "left" if foot == "right" else "right"
            wrong = zone_id if chart.has_zone(zone_id, other) else "pelvic-area"
            page.press_display(*zone_display_point(chart, wrong, other), zoomed=zoomed)
        feedback = page.page.locator("[data-testid=feedback]")
        feedback.wait_for(timeout=10_000)
        answers.append(feedback.get_attribute("data-correct"))
        if number == 1:
            page.shot(f"quiz-wrong-answer-{ui.code}.png")
        if number < 4:
            page.page.get_by_role("button", name=ui._("Next question")).click()
            _wait_question_changes(page, f"{zone_id}|{foot}")
    assert answers == ["true", "false", "true", "false", "true"]
    summary = page.page.locator("[data-testid=quiz-summary]")
    summary.wait_for(timeout=10_000)
    assert ui._("You got {right} of {asked} right.", right=3, asked=5) in summary.inner_text()
    page.shot(f"quiz-summary-{ui.code}.png")
    page.page.reload()
    page.page.locator("[data-testid=quiz-progress]").wait_for(timeout=20_000)
    expect(page.page.locator("[data-testid=quiz-progress]")).not_to_have_text(before, timeout=10_000)
    stored = page.page.evaluate("() => localStorage.getItem('reflexmap-quiz-progress')")
    assert stored and '"version"' in stored and '"items"' in stored
    assert page.page.evaluate(SEEN_JS) == 6, stored  # the name-it answer and the round's five


# Russian text runs longer: it must fit the small projector too
@pytest.mark.parametrize(
    ("width", "height", "lang"), [(1920, 1080, "en"), (1280, 720, "en"), (1280, 720, "ru")]
)
def test_presentation_mode_with_keys(browser, server, chart, width, height, lang):
    context = browser.new_context(viewport={"width": width, "height": height})
    ui = UiLang(lang)
    try:
        page = Page(context.new_page())
        page.page.goto(ui.url(server + "?present=1&lesson=liver.right,heart.left,kidney.left"))
        page.page.wait_for_selector("canvas", timeout=30_000)
        page.page.locator("[data-testid=key-hint]").wait_for(timeout=10_000)
        page.page.mouse.click(5, 5)  # focus the page, outside any field
        page.page.keyboard.press("ArrowRight")
        page.wait_details("liver", "right")
        assert ui.name("liver", "right") in page.details_locator().first.text_content()
        text = page.page.locator("[data-testid=details] p").first
        font = text.evaluate("e => getComputedStyle(e).fontSize")
        # full size where the whole text fits the window; smaller to fit a 720 px high one, yet readable
        least = 24 if height >= 1080 else 14
        assert float(font.rstrip("px")) >= least, f"details text is {font} on a {width}x{height} projector"
        page.page.keyboard.press("l")
        page.page.locator("[data-testid=details-hidden]").wait_for(timeout=10_000)
        page.page.keyboard.press("ArrowRight")  # the lesson's next zone, its details still hidden
        page.page.wait_for_function("() => new URLSearchParams(location.search).get('zone') === 'heart'")
        page.page.keyboard.press("r")
        page.wait_details("heart", "left")
        assert page.page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.page.evaluate("document.documentElement.scrollHeight") <= height + 2, "the page scrolls"
        canvas = page.page.locator("canvas").first.bounding_box()
        assert canvas["y"] + canvas["height"] <= height, "the map must fit the projector without scrolling"
        assert "lesson=liver.right" in page.page.url
        page.page.screenshot(path=ARTIFACTS / f"present-{width}x{height}-{lang}.png")  # as projected
        assert not page.errors
    finally:
        context.close()


DOCTOR = {"en": "doctor", "ru": "врач"}


def test_practice_screening_stops_and_then_the_player_runs(app_page, server, ui):
    page = app_page
    page.open(ui.url(server + "?tab=Practise"))
    routine = ui.chart.routines.get("heel-spur")
    page.page.locator("select:visible").filter(has_text=routine.title).first.select_option(
        label=routine.title
    )
    # the screening's opening line in the page's language (it once stayed English)
    intro = ui._(SCREENING_INTRO) + " " + ui._("Tick everything that applies.")
    page.page.get_by_text(intro).wait_for(timeout=10_000)
    # the fever question, found by its English wording and asked in the page's language
    fever_id = next(q for q in screening_questions(safety()) if "fever" in q.text.casefold()).question_id
    fever = next(q for q in screening_questions(safety(ui.code)) if q.question_id == fever_id)
    page.page.get_by_role("checkbox", name=fever.text).check()
    verdict = page.page.locator("[data-testid=verdict]")
    verdict.wait_for(timeout=10_000)
    assert verdict.get_attribute("data-stop") == "true"
    assert DOCTOR[ui.code] in verdict.inner_text().casefold()
    expect(page.page.get_by_role("button", name=ui._("Start the routine"))).to_be_disabled()
    page.shot(f"practice-screening-stop-{ui.code}.png")
    page.page.get_by_role("checkbox", name=fever.text).uncheck()
    confirm = ui._("I have read every item; none that I left unticked applies")
    page.page.get_by_role("checkbox", name=confirm).check()
    start = page.page.get_by_role("button", name=ui._("Start the routine"))
    expect(start).to_be_enabled(timeout=10_000)
    start.click()
    player = page.page.locator("[data-testid=player]")
    player.wait_for(timeout=10_000)
    assert routine.steps[0].text[:30] in player.inner_text()
    timed = next(i for i, s in enumerate(routine.steps) if s.duration_s)
    for step in range(1, timed + 1):
        page.page.get_by_role("button", name=ui._("Next step")).click()
        page.page.locator(f'[data-testid=player][data-step="{step}"]').wait_for(timeout=10_000)
    timer = page.page.locator("[data-testid=timer]")
    # every step has a timer now: the one before may still show for a moment
    full = f"{routine.steps[timed].duration_s // 60}:00"
    page.page.locator("[data-testid=timer]", has_text=full).wait_for(timeout=10_000)
    assert timer.inner_text() == full
    page.page.get_by_role("button", name=ui._("Start timer")).click()
    # the clock ticks: it leaves the full time (the server's timer, a second a tick)
    expect(timer).not_to_have_text(full, timeout=10_000)
    page.page.get_by_role("button", name=ui._("Pause")).click()
    page.page.get_by_role("button", name=ui._("Resume")).wait_for(timeout=15_000)
    page.shot(f"practice-player-timer-{ui.code}.png")
