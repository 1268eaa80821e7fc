"""axe-core on every mode of the app and on the offline export: no serious or critical violations.

axe checks what the browser renders (names, roles, contrast, landmarks), Panel's shadow roots
included. Each mode is opened by its address, as a student would share it, and a zone is selected
so the details, the pair's outline and the live region are part of what is checked.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from reflexmap.web.map_keys import KEY_WORDS, MAP_NAME

from .conftest import ONLY_FOOT_SHOWN_JS
from .test_export_html import export, offline  # noqa: F401  (fixtures)
from .ui_lang import UiLang

pytestmark = pytest.mark.browser
ENGLISH = UiLang("en")

BLOCKING = ("serious", "critical")

MODES = {
    "explore": "",
    "handbook": "tab=Handbook",
    "quiz": "tab=Quiz",
    "practise": "tab=Practise",
    "downloads": "tab=Downloads",
    "lesson": "lesson=liver.right,heart.left",
    "safety": "tab=Safety",
    "about": "tab=About",
    "present": "present=1",
}


def blocking_violations(page) -> list[dict]:
    """axe's serious and critical violations on ``page``, each with the elements it names."""
    response = Axe().run(page).response
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in response["violations"]
        if v["impact"] in BLOCKING
    ]


def map_name(page) -> tuple[str, str] | None:
    """The map's accessible name and description, as Chromium computes them for screen readers."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    found = [
        (n.get("name", {}).get("value", ""), n.get("description", {}).get("value", ""))
        for n in nodes
        if not n.get("ignored") and n.get("role", {}).get("value") == "application"
    ]
    assert len(found) <= 1, found
    return found[0] if found else None


def check_map_named(page, ui: UiLang = ENGLISH) -> None:
    name, description = map_name(page)
    assert name == ui._(MAP_NAME)
    assert ui._(KEY_WORDS["help"]) in description, description


# Most modes in Russian, whose labels are the ones a missing translation would leave empty or
# English (test_language checks Explore in Russian); Explore, the quiz and a lesson in English.
MODE_LANGUAGE = {"explore": "en", "quiz": "en", "lesson": "en"}


@pytest.mark.parametrize("mode", list(MODES))
def test_no_serious_violations_in_the_app(server, app_page, mode):
    ui = UiLang(MODE_LANGUAGE.get(mode, "ru"))
    query = "&".join(q for q in (MODES[mode], "zone=liver&foot=right") if q)
    app_page.open(ui.url(f"{server}?{query}"))
    app_page.wait_details("liver", "right")
    app_page.drawn()
    check_map_named(app_page.page, ui)
    assert app_page.page.evaluate("document.documentElement.lang") == ui.code
    found = blocking_violations(app_page.page)
    app_page.shot(f"a11y-{mode}-{ui.code}.png")
    assert not found, f"axe, {mode}: {json.dumps(found, indent=1)}"


def test_no_serious_violations_in_the_offline_export(offline, export, chart):  # noqa: F811
    page = offline(export)
    page.click_zone(chart, "liver", "right")
    page.wait_details("liver", "right")
    check_map_named(page.page)
    found = blocking_violations(page.page)
    assert not found, f"axe, offline export: {json.dumps(found, indent=1)}"


def test_button_groups_say_which_choice_is_on_and_a_quiz_round_has_no_serious_violations(server, app_page):
    page = app_page.page
    app_page.open(f"{server}?tab=Quiz")
    group = page.get_by_role("group", name="Foot")
    buttons = {
        name: group.get_by_role("button", name=name, exact=True) for name in ("Both feet", "Left", "Right")
    }
    expect(buttons["Both feet"]).to_have_attribute("aria-pressed", "true", timeout=10_000)
    expect(buttons["Left"]).to_have_attribute("aria-pressed", "false")
    buttons["Left"].click()
    expect(buttons["Left"]).to_have_attribute("aria-pressed", "true", timeout=10_000)
    expect(buttons["Both feet"]).to_have_attribute("aria-pressed", "false")
    kind = page.get_by_role("group", name="Kind of question")
    expect(kind.get_by_role("button", name="Find it on the map")).to_have_attribute("aria-pressed", "true")
    # the server's answer to the click (the right foot's zones hidden) before the page closes
    page.wait_for_function(ONLY_FOOT_SHOWN_JS, arg="left", timeout=10_000)

    # then a round on that page (of the left foot's zones): axe finds nothing serious in it
    app_page.page.get_by_role("button", name="Start a round").click()
    app_page.page.locator("[data-testid=question]").wait_for(timeout=10_000)
    app_page.drawn()
    found = blocking_violations(app_page.page)
    assert not found, f"axe, quiz round: {json.dumps(found, indent=1)}"


def test_no_serious_violations_with_search_results_and_a_routine_on(server, app_page, chart):
    page = app_page.page
    app_page.open(f"{server}?tab=Practise")
    box = page.get_by_placeholder("liver, headache, lower back...")
    box.click()
    box.press_sequentially("lower back", delay=20)
    page.locator("select").filter(has_text="Lumbar spine - Left foot").wait_for(timeout=10_000)
    routine = chart.routines.routines[0]
    page.get_by_label("1. Choose a routine").select_option(label=routine.title)
    page.get_by_role("checkbox", name="I have read every item; none that I left unticked applies").check()
    page.get_by_role("button", name="Start the routine").click()
    page.locator("[data-testid=player]").wait_for(timeout=10_000)
    app_page.drawn()
    found = blocking_violations(page)
    app_page.shot("a11y-practise-running.png")
    assert not found, f"axe, search and practice: {json.dumps(found, indent=1)}"
