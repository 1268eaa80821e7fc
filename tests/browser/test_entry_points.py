"""Other ways in: `panel serve` on the module, hover tooltips, and a deep link to a bad zone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reflexmap.dashboard.panel_app as panel_app_module  # noqa: F401  (imported to find its file)
from reflexmap.testing import free_port, zone_display_point

from .conftest import ARTIFACTS, Page

pytestmark = pytest.mark.browser


def test_deep_link_to_an_unknown_zone_shows_the_empty_details_and_hover_names_a_zone(app_page, server, chart):
    app_page.open(server + "?zone=%3Cscript%3Ealert(1)%3C%2Fscript%3E&foot=right")
    app_page.wait_empty()
    assert app_page.page.locator("script", has_text="alert(1)").count() == 0
    # the page it opened is an ordinary one: hover names a zone and its foot
    x, y = zone_display_point(chart, "gallbladder", "right")
    px, py = app_page.to_pixels(x, y)
    app_page.page.mouse.move(px - 8, py)
    app_page.page.mouse.move(px, py, steps=4)  # Bokeh's hover follows mousemove events
    tooltip = app_page.page.locator(".bk-tooltip-content").filter(has_text="Gallbladder")
    tooltip.first.wait_for(timeout=10_000)
    assert "Right foot" in tooltip.first.inner_text()
    app_page.page.screenshot(path=ARTIFACTS / "hover-gallbladder.png")


def test_panel_serve_on_the_module(browser, chart, tmp_path):
    port = free_port()
    env = dict(os.environ, BOKEH_ALLOW_WS_ORIGIN=f"127.0.0.1:{port}")
    path = Path(sys.modules["reflexmap.dashboard.panel_app"].__file__)
    log = (tmp_path / "panel.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "panel", "serve", str(path), "--port", str(port), "--address", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = Page(context.new_page())
        url = f"http://127.0.0.1:{port}/{path.stem}"
        deadline = time.time() + 60
        while True:
            try:
                page.open(url)
                break
            except Exception:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.5)
        page.click_zone(chart, "bladder", "left")
        page.wait_details("bladder", "left")
        assert "does not diagnose" in page.page.locator("[data-testid=notice]").inner_text()
        # a phone lays this page out at its own width too (see reflexmap.dashboard.page)
        assert page.page.locator('meta[name=viewport][content="width=device-width, initial-scale=1"]').count()
        assert not page.errors
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
    assert "Traceback" not in (tmp_path / "panel.log").read_text()
