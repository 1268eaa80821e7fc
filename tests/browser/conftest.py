"""Fixtures for driving the real dashboard in Debian's Chromium through Playwright.

In CI (CI=true) a missing browser is a failure; locally the browser tests skip with the reason.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from reflexmap import load_map
from reflexmap.dashboard.details import EMPTY, zone_details_html
from reflexmap.testing import (
    CHROMIUM,
    DATA_TO_PIXELS_JS,
    TAP_GAP_S,
    launch_chromium,
    zone_display_point,
)
from reflexmap.testing import run_server as _run_server

ARTIFACTS = Path(
    os.environ.get("REFLEXMAP_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
)


def run_server(*args: str):
    return _run_server(*args, log_dir=ARTIFACTS)


@pytest.fixture(scope="session")
def server():
    with run_server() as (url, log_path):
        yield url
    text = log_path.read_text()
    assert "Traceback" not in text, f"the server logged a traceback:\n{text}"


@pytest.fixture(scope="session")
def chart():
    return load_map()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


class Page:
    """A Playwright page on the dashboard with the helpers the tests share."""

    # the details box once the server has answered every tap on the map (see ZoneDetailsView)
    settled = "[data-testid=details-view]:not([data-pending])"

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector("canvas", timeout=30_000)
        self.page.wait_for_function("() => window.Bokeh && Object.keys(Bokeh.index).length > 0")
        self.details_locator().first.wait_for(timeout=15_000)

    # --- the map ------------------------------------------------------------------------------

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        """Viewport pixels of a display-space point, from Bokeh's own scales."""
        point = self.page.evaluate(
            DATA_TO_PIXELS_JS,
            [x, y],
        )
        assert point is not None, "no Bokeh plot view on the page"
        return point[0], point[1]

    def click_display(self, x: float, y: float) -> None:
        px, py = self.to_pixels(x, y)
        height = self.page.viewport_size["height"]
        if not 0 <= py < height:  # bring the point into the window first, as a person would scroll
            self.page.evaluate("dy => window.scrollBy(0, dy)", py - height / 2)
            time.sleep(0.2)
            px, py = self.to_pixels(x, y)
        self.page.mouse.click(px, py)
        time.sleep(TAP_GAP_S)

    def click_zone(self, chart, zone_id: str, foot: str) -> None:
        """Click well inside a zone, away from its edges and from zones drawn over it."""
        self.click_display(*zone_display_point(chart, zone_id, foot))

    def zone_style(self) -> dict[tuple[str, str], dict]:
        """Current line colour/width per (zone_id, foot), read from the page's data source."""
        rows = self.page.evaluate(
            """() => {
              for (const doc of Bokeh.documents)
                for (const m of doc._all_models.values())
                  if (m.type === 'ColumnDataSource' && m.data.zone_id && m.data.line_color) {
                    const d = m.data; const out = [];
                    for (let i = 0; i < d.zone_id.length; i++)
                      out.push([d.zone_id[i], d.foot[i], d.line_color[i], d.line_width[i], d.fill_alpha[i]]);
                    return out;
                  }
              return null;
            }"""
        )
        assert rows is not None
        return {(z, f): {"line_color": c, "line_width": w, "fill_alpha": a} for z, f, c, w, a in rows}

    # --- panes --------------------------------------------------------------------------------

    def details_locator(self):
        return self.page.locator("[data-testid=details], [data-testid=details-empty]")

    def wait_details(self, zone_id: str, foot: str, timeout: float = 10_000):
        """Wait until the details show the zone and the server has answered every tap.

        The page shows a tapped zone's details before the server answers; tests that go on to
        check what the server changed (the map's styles, the URL, other panes) need its answer.
        """
        loc = self.page.locator(
            f'{self.settled} [data-testid=details][data-zone="{zone_id}"][data-foot="{foot}"]'
        )
        loc.wait_for(timeout=timeout)
        return loc

    def shows_exactly(self, html: str) -> bool:
        """Is ``html`` (one element) what the page shows as its details, whole and only once?"""
        return self.page.evaluate(
            """(html) => { const t = document.createElement('template'); t.innerHTML = html;
                 const want = t.content.firstElementChild;
                 const found = [];
                 const walk = (root) => { for (const el of root.querySelectorAll('*')) {
                   if (el.matches('[data-testid=details], [data-testid=details-empty]')) found.push(el);
                   if (el.shadowRoot) walk(el.shadowRoot); } };
                 walk(document);
                 return found.length === 1 && found[0].isEqualNode(want); }""",
            html,
        )

    def wait_empty(self, timeout: float = 10_000) -> None:
        self.page.locator(f"{self.settled} [data-testid=details-empty]").wait_for(timeout=timeout)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.mouse.move(0, 0)
        self.page.screenshot(path=path, full_page=True)
        return path


def check_zones_shown_again(page: Page, chart) -> None:
    """Zones shown a second time, and the empty state between, are shown whole and alone.

    The page parses each zone's details once and moves the same nodes in and out afterwards.
    """
    visits = [("liver", "right"), ("heart", "left"), ("liver", "right"), None, ("heart", "left")]
    for visit in visits:
        if visit is None:
            page.click_display(0.0, 130.0)  # between the feet
            page.wait_empty()
            assert page.shows_exactly(EMPTY)
        else:
            page.click_zone(chart, *visit)
            page.wait_details(*visit)
            assert page.shows_exactly(zone_details_html(chart, *visit)), visit


@pytest.fixture
def app_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = Page(context.new_page())
    yield page
    context.close()
    assert not page.dialogs, f"a dialog opened: {page.dialogs}"
    assert not page.errors, f"browser console errors: {json.dumps(page.errors, indent=1)}"
