"""A hostile chart and hostile search text are shown as text: no markup runs, nothing is fetched."""

from __future__ import annotations

import json

import pytest

from reflexmap import load_map

from .conftest import run_server

pytestmark = pytest.mark.browser

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_NOTE = "<script>alert('notes')</script>"
EVIL_AREA = "<b>bold</b> &amp; co"


def _zone(zone_id: str, foot: str, name: str, box: tuple[float, float, float, float]) -> dict:
    x0, y0, x1, y1 = box
    return {
        "type": "Feature",
        "properties": {
            "zone_id": zone_id,
            "name": name,
            "foot": foot,
            "view": "plantar",
            "system": "digestive",
            "body_areas": [EVIL_AREA, "stomach"],
            "technique": {
                "method": "thumb walking",
                "how": "<a href='javascript:alert(2)'>press</a>",
                "direction": "up",
                "pressure": "light",
                "duration": "1 min",
            },
            "caveats": ["<iframe src='http://example.invalid'></iframe>"],
            "notes": EVIL_NOTE,
        },
        "geometry": {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]},
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.geojson"
    chart = {
        "type": "FeatureCollection",
        "chart": {"title": "<svg onload=alert(3)>", "school": "test", "sources": ["<i>x</i>"]},
        "features": [_zone("evil", foot, EVIL_NAME, (25, 90, 60, 140)) for foot in ("left", "right")],
    }
    path.write_text(json.dumps(chart))
    with run_server("--chart", str(path), "--allow-markup") as (url, _log):
        yield url, load_map(path, allow_markup=True)


def test_hostile_chart_text_is_shown_as_text(app_page, hostile):
    url, chart = hostile
    app_page.open(url)
    for foot in ("left", "right"):
        app_page.click_zone(chart, "evil", foot)
        details = app_page.wait_details("evil", foot)
        text = details.inner_text()
        assert EVIL_NAME in text
        assert EVIL_NOTE in text
        assert EVIL_AREA in text
        assert details.locator("img, script, b, a, iframe").count() == 0
    about = app_page.page.locator(".bk-tab", has_text="About")
    about.click()
    title = app_page.page.get_by_text("<svg onload=alert(3)>", exact=True)
    title.wait_for(timeout=10_000)
    assert title.count() == 1
    assert app_page.page.locator("svg[onload]").count() == 0
    app_page.shot("hostile-chart.png")
    # app_page's teardown fails the test on any dialog (alert) or console error (a fetched x)


def test_hostile_search_text_is_echoed_as_text(app_page, hostile):
    url, _chart = hostile
    app_page.open(url)
    box = app_page.page.get_by_placeholder("liver, headache, lower back...")
    typed = "<img src=y onerror=alert(4)>"
    box.press_sequentially(typed, delay=5)
    echo = app_page.page.get_by_text(f'No zone matches "{typed}"')
    echo.wait_for(timeout=10_000)
    assert app_page.page.locator("img[src=y]").count() == 0


def test_bad_chart_stops_serve_with_the_validators_message(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.geojson"
    bad.write_text(
        json.dumps({"type": "FeatureCollection", "features": [_zone("evil", "middle", "x", (0, 0, 1, 1))]})
    )
    proc = subprocess.run(
        [sys.executable, "-m", "reflexmap", "serve", "--no-browser", "--chart", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "bad.geojson: zone 'evil' (feature 1 of the file): unknown foot 'middle'" in proc.stderr
    assert "contains markup" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
