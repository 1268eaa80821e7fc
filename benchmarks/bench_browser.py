"""Browser figures: start-up to first rendered chart, and click-to-details timed inside the page.

Click latency is measured the way shared/notes/performance.md recommends: from the pointerdown
event to the first DOM change (in the document or any shadow root) that shows the clicked zone's
details, both read with performance.now() in the page; and from pointerdown to the end of the
first frame rendered with those details (which includes repainting the map). The same clicks,
taking turns, are made on the served app, on the offline HTML export (reflexmap.export.write_html:
Bokeh CustomJS, no server) and on a hand-written page (inline SVG of the same polygons, an onclick
that sets a div) as the practical limit.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from reflexmap import load_map
from reflexmap.dashboard.map_data import map_columns
from reflexmap.export import write_html
from reflexmap.testing import DATA_TO_PIXELS_JS, TAP_GAP_S, launch_chromium, run_server, zone_display_point

ZONES = [
    ("liver", "right"),
    ("heart", "left"),
    ("kidney", "left"),
    ("sciatic-nerve", "right"),
    ("lungs", "left"),
]

# Watches the document and every shadow root; records the time from pointerdown until an element
# matching window.__want exists (window.__lat), and until the first frame showing it has been
# rendered (window.__frame: the DOM change alone does not show the cost of repainting the map).
INSTRUMENT_JS = """() => {
  window.__lat = []; window.__want = null; window.__t0 = null;
  const find = (root, sel) => {
    const hit = root.querySelector(sel); if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {
      const h = find(el.shadowRoot, sel); if (h) return h; }
    return null; };
  window.__frame = [];
  const check = () => {
    if (window.__want && window.__t0 !== null && find(document, window.__want)) {
      const t0 = window.__t0;
      window.__lat.push(performance.now() - t0); window.__t0 = null;
      // the first frame showing the details: a requestAnimationFrame callback runs before that
      // frame's style, layout and paint, and a task queued from it runs after them
      requestAnimationFrame(() => setTimeout(() => window.__frame.push(performance.now() - t0), 0));
    } };
  const observed = new WeakSet();
  const observe = (root) => {
    if (observed.has(root)) return; observed.add(root);
    new MutationObserver(() => { check(); attachAll(); })
      .observe(root, {subtree: true, childList: true, attributes: true, characterData: true}); };
  const attachAll = (root = document) => {
    observe(root);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) attachAll(el.shadowRoot); };
  attachAll();
  document.addEventListener('pointerdown', () => { window.__t0 = performance.now(); }, true);
}"""


def svg_page(chart) -> str:
    """The practical limit: the same polygons as inline SVG, onclick writes the details."""
    cols = map_columns(chart)["zones"]
    paths = []
    for xs, ys, zone_id, foot, name in zip(
        cols["xs"], cols["ys"], cols["zone_id"], cols["foot"], cols["name"], strict=True
    ):
        d = " ".join(
            "M" + " L".join(f"{x:.1f},{-y:.1f}" for x, y in zip(rx, ry, strict=True)) + " Z"
            for polygon_x, polygon_y in zip(xs, ys, strict=True)
            for rx, ry in zip(polygon_x, polygon_y, strict=True)
        )
        paths.append(
            f'<path d="{d}" fill="#ddd" stroke="#333" stroke-width="0.3" '
            f"onclick=\"show('{zone_id}','{foot}','{escape(name)}')\"/>"
        )
    return (
        "<!doctype html><html><body style='margin:0'>"
        "<svg id='map' viewBox='-130 -270 260 280' width='700' height='760'>" + "".join(paths) + "</svg>"
        "<div id='details'></div><script>"
        "function show(z,f,n){const d=document.getElementById('details');"
        "d.innerHTML='<div data-testid=details data-zone='+z+' data-foot='+f+'>'+n+'</div>';}"
        "</script></body></html>"
    )


def svg_pixels(page, x: float, y: float) -> tuple[float, float]:
    return page.evaluate(
        """([x, y]) => { const svg = document.getElementById('map');
          const p = svg.createSVGPoint(); p.x = x; p.y = -y;
          const q = p.matrixTransform(svg.getScreenCTM()); return [q.x, q.y]; }""",
        [x, y],
    )


def bokeh_pixels(page, x: float, y: float) -> tuple[float, float]:
    px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])
    height = page.viewport_size["height"]
    if not 0 <= py < height:
        page.evaluate("dy => window.scrollBy(0, dy)", py - height / 2)
        time.sleep(0.2)
        px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])
    return px, py


def click_series(pages: dict[str, tuple], chart, clicks: int) -> dict[str, tuple[list[float], list[float]]]:
    """Click-to-details and click-to-next-frame times in ms, per page, one of each per click.

    ``pages`` maps a name to (Playwright page, pixel function). The pages take turns, one click
    each, so a slow moment of the machine falls on all of them alike (headless pages are all
    visible, so none is throttled as a background tab).
    """
    for page, _ in pages.values():
        page.evaluate(INSTRUMENT_JS)
    for i in range(clicks):
        zone_id, foot = ZONES[i % len(ZONES)]
        x, y = zone_display_point(chart, zone_id, foot)
        for page, to_pixels in pages.values():
            page.evaluate(
                "sel => { window.__want = sel; }",
                f'[data-testid=details][data-zone="{zone_id}"][data-foot="{foot}"]',
            )
            page.mouse.click(*to_pixels(page, x, y))
            page.wait_for_function(
                f"() => window.__lat.length >= {i + 1} && window.__frame.length >= {i + 1}", timeout=10_000
            )
        time.sleep(TAP_GAP_S)  # not part of the figure: keeps Bokeh from reading a double tap
    return {
        name: (page.evaluate("() => window.__lat"), page.evaluate("() => window.__frame"))
        for name, (page, _) in pages.items()
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(clicks: int = 60) -> list[tuple[str, str]]:
    chart = load_map()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        new_page = lambda: browser.new_page(viewport={"width": 1366, "height": 900})  # noqa: E731
        app_page, export_page, svg_page_ = new_page(), new_page(), new_page()
        t0 = time.perf_counter()
        with run_server(log_dir=Path(tmp)) as (url, _log):
            answered = time.perf_counter() - t0
            app_page.goto(url)
            app_page.wait_for_selector("canvas")
            app_page.locator("[data-testid=details-empty]").wait_for()
            rendered = time.perf_counter() - t0
            rows.append(("start-up: `reflexmap serve` to HTTP 200", f"{answered:.2f} s"))
            rows.append(("start-up: `reflexmap serve` to first rendered chart", f"{rendered:.2f} s"))

            export_file = Path(tmp) / "chart.html"
            t0 = time.perf_counter()
            size = write_html(chart, export_file)
            written = time.perf_counter() - t0
            t0 = time.perf_counter()
            export_page.goto(export_file.as_uri())
            export_page.wait_for_selector("canvas")
            export_page.locator("[data-testid=details-empty]").wait_for()
            opened = time.perf_counter() - t0
            rows.append(("offline HTML export: size / time to write", f"{size:,} bytes / {written:.2f} s"))
            rows.append(("offline HTML export: file:// to first rendered chart", f"{opened:.2f} s"))

            svg_file = Path(tmp) / "svg.html"
            svg_file.write_text(svg_page(chart))
            svg_page_.goto(svg_file.as_uri())

            pages = {
                "server app, 1 session, loopback": (app_page, bokeh_pixels),
                "offline HTML export": (export_page, bokeh_pixels),
                "hand-written SVG page": (svg_page_, svg_pixels),
            }
            times = click_series(pages, chart, clicks)
        browser.close()
    ref = times["hand-written SVG page"]
    for what, k in (("click-to-details", 0), ("click-to-next-frame", 1)):
        ref_p50, ref_p95 = statistics.median(ref[k]), pct(ref[k], 0.95)
        for name, series in times.items():
            values = series[k]
            p50, p95 = statistics.median(values), pct(values, 0.95)
            ratio = f"{p50 / ref_p50:.1f}x / {p95 / ref_p95:.1f}x the SVG page"
            figure = f"p50 {p50:.1f} ms, p95 {p95:.1f} ms  ({ratio})"
            rows.append((f"{what}, {name} (n={len(values)})", figure))
    return rows


if __name__ == "__main__":
    for name, value in run():
        print(f"{name:62s} {value}")
