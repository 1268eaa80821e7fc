"""Fixtures for driving the real dashboard in Debian's Chromium through Playwright.

In CI (CI=true) a missing browser is a failure; locally the browser tests skip with the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import shapely
from shapely.ops import polylabel

from reflexmap import load_map
from reflexmap.geometry import display_x

CHROMIUM = os.environ.get("REFLEXMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(
    os.environ.get("REFLEXMAP_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
)
# Taps closer together than this were swallowed as double-taps (see the browser-testing notes).
TAP_GAP_S = 0.45


def zone_display_point(chart, zone_id: str, foot: str) -> tuple[float, float]:
    """A display-space point inside the zone and outside every other zone of that foot.

    Computed from the model's geometry (not from the app's own label positions), with the same
    mirroring the chart uses for display.
    """
    rows = chart.zones[chart.zones["foot"] == foot]
    target = rows[rows["zone_id"] == zone_id]
    assert not target.empty, f"{zone_id} is not on the {foot} foot"
    # where zones overlap by design, a click names the smaller one: keep clear of smaller zones
    smaller = rows[(rows["zone_id"] != zone_id) & (rows["area_mm2"] <= target.iloc[0]["area_mm2"])]
    others = shapely.union_all(smaller["geometry"].to_numpy())
    free = target.iloc[0]["geometry"].difference(others)
    parts = sorted(getattr(free, "geoms", [free]), key=lambda g: g.area)
    inside = polylabel(parts[-1], tolerance=0.2)
    assert target.iloc[0]["geometry"].contains(inside)
    return float(display_x(foot, chart.outline(foot), inside.x)), inside.y


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def run_server(*args: str):
    """Start ``python -m reflexmap serve`` on a free loopback port; yield (url, log path)."""
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"server-{port}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reflexmap", "serve", "--no-browser", "--port", str(port), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.time() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise RuntimeError(f"server did not answer in 60 s:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield url, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


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
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A Playwright page on the dashboard with the helpers the tests share."""

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
            """([x, y]) => {
              function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
              for (const root of Bokeh.index.roots ?? Object.values(Bokeh.index))
                for (const v of walk(root))
                  if (v.frame && v.canvas_view) {
                    const r = v.canvas_view.el.getBoundingClientRect();
                    return [r.left + v.frame.x_scale.compute(x), r.top + v.frame.y_scale.compute(y)];
                  }
              return null;
            }""",
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
        loc = self.page.locator(f'[data-testid=details][data-zone="{zone_id}"][data-foot="{foot}"]')
        loc.wait_for(timeout=timeout)
        return loc

    def wait_empty(self, timeout: float = 10_000) -> None:
        self.page.locator("[data-testid=details-empty]").wait_for(timeout=timeout)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.mouse.move(0, 0)
        self.page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def app_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = Page(context.new_page())
    yield page
    context.close()
    assert not page.dialogs, f"a dialog opened: {page.dialogs}"
    assert not page.errors, f"browser console errors: {json.dumps(page.errors, indent=1)}"
