"""Honest answers in the browser: a condition's notice in the search, the handbook's "How we changed
the source", the practice screening's precautions, the same notice in the offline export, and
Compare (the chart on screen, uploaded or not, against another school's)."""

from __future__ import annotations

import json

import pytest

from reflexmap import content
from reflexmap.export.html import PLACEHOLDER
from reflexmap.library import builtin_charts

from .test_export_html import export, offline  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

NOTICE = "[data-testid=condition-notice]"


def _above(page, upper: str, lower: str) -> bool:
    a, b = page.locator(upper).first.bounding_box(), page.locator(lower).first.bounding_box()
    return a is not None and b is not None and a["y"] + a["height"] <= b["y"] + 1


# diabetes as a person types it, and the words of its notice that say what reflexology is not
DIABETES = {
    "en": ("diabetes", ("does not treat or diagnose diabetes", "see a doctor")),
    "ru": ("диабет", ("не лечит", "врач")),
}


def test_app_search_answers_a_condition_honestly(app_page, server, ui):
    page = app_page.page
    app_page.open(ui.url(server))
    query, words = DIABETES[ui.code]
    box = page.get_by_placeholder(ui._("liver, headache, lower back..."))
    box.press_sequentially(query, delay=20)
    notice = page.locator(NOTICE)
    notice.wait_for(timeout=10_000)
    text = notice.inner_text()
    condition = content.condition_in(content.fold(query), ui.code)
    assert text.startswith(ui._("Not a treatment.")) and condition.notice in text
    assert all(word in text for word in words), text
    count = page.locator(".rm-results-count").first
    zones = len(ui.whole.find(query, view=None))
    said = ui.n_(
        '{count} match for "{query}"{read}: areas that charts associate with {condition}, '
        "highlighted in orange.",
        '{count} matches for "{query}"{read}: areas that charts associate with {condition}, '
        "highlighted in orange.",
        zones,
        count=zones,
        query=query,
        read="",
        condition=condition.name,
    )
    assert said in count.inner_text()
    assert _above(page, NOTICE, ".rm-results-count")
    app_page.shot(f"honest-search-diabetes-{ui.code}.png")
    liver = ui.name("liver", "right").lower()
    box.fill(liver)
    page.locator(".rm-results-count", has_text=liver).first.wait_for(timeout=10_000)
    assert page.locator(NOTICE).count() == 0  # anatomy gets no notice


def test_handbook_and_screening_answer_honestly(app_page, server, chart):
    page = app_page.page
    entry = content.handbook().get("reflex-massage-claims-and-evidence")
    app_page.open(server + f"?entry={entry.entry_id}")
    disclosure = page.locator("[data-testid=reworded]")
    disclosure.wait_for(timeout=10_000)
    assert not disclosure.locator("p").is_visible()  # closed until asked
    disclosure.locator("summary", has_text="How we changed the source").click()
    disclosure.locator("p").wait_for(state="visible", timeout=5_000)
    assert entry.reworded[:60] in disclosure.inner_text()
    assert "White" in page.locator("[data-testid=entry]").inner_text()
    disclosure.scroll_into_view_if_needed()
    app_page.shot("honest-handbook-reworded.png")

    page.locator(".bk-tab", has_text="Practise").click()  # the same page: no second session
    precautions = [p for p in chart.caveats.precautions]
    for p in precautions:
        page.get_by_role("checkbox", name=p.question).wait_for(timeout=10_000)
    thinners = next(p for p in precautions if p.precaution_id == "blood-thinners")
    page.get_by_role("checkbox", name=thinners.question).check()
    page.get_by_role("checkbox", name="none that I left unticked applies").check()
    verdict = page.locator("[data-testid=verdict]")
    verdict.filter(has_text="with care").wait_for(timeout=10_000)
    assert verdict.get_attribute("data-stop") == "false" and "light pressure" in verdict.inner_text()
    page.get_by_role("checkbox", name=precautions[0].question).scroll_into_view_if_needed()
    app_page.shot("honest-screening-precautions.png")


def test_export_search_shows_the_notice_first(offline, export):  # noqa: F811
    page = offline(export)
    box = page.page.get_by_placeholder(PLACEHOLDER)
    box.wait_for(timeout=10_000)
    box.press_sequentially("diabetes", delay=20)
    notice = page.page.locator(NOTICE)
    notice.wait_for(timeout=10_000)
    assert "does not treat or diagnose diabetes" in notice.inner_text()
    assert _above(page.page, NOTICE, "[data-testid=results]")
    page.shot("honest-export-search-diabetes.png")


def test_compare_the_chart_on_screen_with_another_school_uploaded_too(app_page, server, tmp_path):
    page = app_page.page
    app_page.open(server + "?tab=Compare")
    page.locator("select").filter(has_text="Choose a chart...").first.select_option("chinese")
    listing = page.locator("[data-testid=comparison]")
    listing.wait_for(timeout=20_000)
    text = listing.inner_text()
    assert "Kidney (kidney): moved 13.0 mm on both feet (toward the toes)" in text
    assert "Pelvic area (pelvic-area): only in A (both feet)" in text
    page.locator("img").last.wait_for(timeout=10_000)
    app_page.shot("honest-compare-default-chinese.png")

    # an uploaded chart (the Chinese chart as one file) is compared as the chart on screen
    features = []
    folder = builtin_charts()["chinese"].parent
    for name in ("left_plantar.geojson", "right_plantar.geojson"):
        features += json.loads((folder / name).read_text(encoding="utf-8"))["features"]
    upload = tmp_path / "my_chinese_chart.geojson"
    upload.write_text(
        json.dumps({"type": "FeatureCollection", "chart": {"title": "My upload"}, "features": features})
    )
    page.locator(".bk-tab", has_text="About").click()  # the same page: no second session
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("My upload").first.wait_for(timeout=20_000)
    page.locator(".bk-tab", has_text="Compare").click()
    page.locator("select").filter(has_text="Choose a chart...").first.select_option("default")
    listing.wait_for(timeout=20_000)
    text = listing.inner_text()
    assert "A, solid: My upload" in text and "moved 13.0 mm on both feet (toward the heel)" in text
    assert "Ovaries or testes (reproductive glands) (gonads): only in A" in text
    page.locator("img").last.wait_for(timeout=10_000)
    assert not app_page.errors
