"""Browser figures: start-up to first rendered chart, and click-to-details timed inside the page.

Click latency is measured the way shared/notes/performance.md recommends: from the pointerdown
event to the first DOM change (in the document or any shadow root) that shows the clicked zone's
details, both read with performance.now() in the page; and from pointerdown to the end of the
first frame rendered with those details. The same clicks, taking turns, are made on the served
app, on the offline HTML export (reflexmap.export.write_html: no server) and on a hand-written
page (inline SVG of the same polygons, an onclick that sets a div) as the practical limit.

The served app shows a tapped zone's details from data already in the page and then hears back
from the server, which restyles the map and the other panes; "click-to-server-answer" times that
second step (until the details box no longer waits for the server), i.e. the round trip.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from reflexmap import load_chart
from reflexmap.export import write_html
from reflexmap.testing import DATA_TO_PIXELS_JS, TAP_GAP_S, launch_chromium, run_server, zone_display_point
from reflexmap.web.map_data import map_columns

# Pause after each timed click, see click_series.
QUIET_S = 0.2

ZONES = [
    ("liver", "right"),
    ("heart", "left"),
    ("kidney", "left"),
    ("sciatic-nerve", "right"),
    ("lungs", "left"),
]

# Watches the document and every shadow root; records the time from pointerdown until an element
# matching window.__want exists (window.__lat), until the first frame showing it has been rendered
# (window.__frame), and, where window.__confirm is set, until an element matching it exists
# (window.__conf: the server's answer in the served app).
INSTRUMENT_JS = """() => {
  window.__lat = []; window.__frame = []; window.__conf = [];
  window.__want = null; window.__confirm = null; window.__t0 = null; window.__t0c = null;
  const find = (root, sel) => {
    const hit = root.querySelector(sel); if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {
      const h = find(el.shadowRoot, sel); if (h) return h; }
    return null; };
  const check = () => {
    // read the clock before searching: the search is this instrument's cost, not the page's, and
    // on a page of many shadow roots it took about a millisecond
    const now = performance.now();
    if (window.__want && window.__t0 !== null && find(document, window.__want)) {
      const t0 = window.__t0;
      window.__lat.push(now - t0); window.__t0 = null;
      // the first frame showing the details: a requestAnimationFrame callback runs before that
      // frame's style, layout and paint, and a task queued from it runs after them
      requestAnimationFrame(() => setTimeout(() => window.__frame.push(performance.now() - t0), 0));
    }
    if (window.__confirm && window.__t0c !== null && find(document, window.__confirm)) {
      window.__conf.push(now - window.__t0c); window.__t0c = null;
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
  document.addEventListener('pointerdown', () => {
    window.__t0 = performance.now(); if (window.__confirm) window.__t0c = window.__t0; }, true);
}"""
# True once the page shows a canvas and the empty details (both inside Panel's shadow roots).
RENDERED_JS = """() => {
  const has = (root, sel) => root.querySelector(sel)
    || [...root.querySelectorAll('*')].some((e) => e.shadowRoot && has(e.shadowRoot, sel));
  return !!(has(document, 'canvas') && has(document, '[data-testid=details-empty]'));
}"""
# The served app's details box once the server has answered every tap (ZoneDetailsView).
SETTLED = "[data-testid=details-view]:not([data-pending])"


def details_selector(zone_id: str, foot: str) -> str:
    return f'[data-testid=details][data-zone="{zone_id}"][data-foot="{foot}"]'


def want(page, zone_id: str, foot: str, confirm: bool) -> None:
    """Tell the page's instrument which details the next click should bring (see INSTRUMENT_JS)."""
    details = details_selector(zone_id, foot)
    page.evaluate(
        "([w, c]) => { window.__want = w; window.__confirm = c; }",
        [details, f"{SETTLED} {details}" if confirm else None],
    )


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


def click_series(pages: dict[str, tuple], chart, clicks: int) -> dict[str, dict[str, list[float]]]:
    """Per page, click-to-details, click-to-next-frame and (served app) click-to-server-answer
    times in ms, one of each per click.

    ``pages`` maps a name to (Playwright page, pixel function, has a server). The pages take turns,
    one click each, so a slow moment of the machine falls on all of them alike (headless pages are
    all visible, so none is throttled as a background tab).
    """
    for page, _, _ in pages.values():
        page.evaluate(INSTRUMENT_JS)
    for i in range(clicks):
        zone_id, foot = ZONES[i % len(ZONES)]
        x, y = zone_display_point(chart, zone_id, foot)
        for page, to_pixels, served in pages.values():
            want(page, zone_id, foot, confirm=served)
            page.mouse.click(*to_pixels(page, x, y))
            page.wait_for_function(
                f"() => window.__lat.length >= {i + 1} && window.__frame.length >= {i + 1}"
                + (f" && window.__conf.length >= {i + 1}" if served else ""),
                timeout=10_000,
            )
            # Let this page finish what a click sets off after its details (the served app's URL
            # update comes back 50-100 ms later) before the next page's click is timed: on two
            # cores that trailing work fell inside the next page's figure.
            time.sleep(QUIET_S)
        # not part of the figure: a person does not click faster
        time.sleep(max(0.0, TAP_GAP_S - QUIET_S * len(pages)))
    keys = {"click-to-details": "__lat", "click-to-next-frame": "__frame", "click-to-server-answer": "__conf"}
    out = {}
    for name, (page, _, served) in pages.items():
        out[name] = {what: page.evaluate(f"() => window.{var}") for what, var in keys.items()}
        if not served:
            del out[name]["click-to-server-answer"]
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def startup_series(browser, runs: int, log_dir: Path) -> tuple[list[float], list[float]]:
    """Seconds from starting `reflexmap serve` to HTTP 200 and to the first rendered chart.

    Each run starts a fresh server and opens it in a fresh tab, as a person does; the browser
    itself is already running (a cold browser's own start is not reflexmap's).
    """
    answered, rendered = [], []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        t0 = time.perf_counter()
        with run_server(log_dir=log_dir) as (url, _log):
            answered.append(time.perf_counter() - t0)
            page.goto(url, wait_until="commit")
            # checked every frame: Playwright's own waits poll at growing intervals (up to 0.5 s),
            # which added up to 0.3 s that was not the app's
            page.wait_for_function(RENDERED_JS, polling="raf", timeout=60_000)
            rendered.append(time.perf_counter() - t0)
        page.close()
    return answered, rendered


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f}, n={len(values)})"


def run(clicks: int = 60, startups: int = 5) -> list[tuple[str, str]]:
    chart = load_chart()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        answered, rendered = startup_series(browser, startups, Path(tmp))
        rows.append(("start-up: `reflexmap serve` to HTTP 200", spread(answered)))
        rows.append(("start-up: `reflexmap serve` to first rendered chart", spread(rendered)))
        new_page = lambda: browser.new_page(viewport={"width": 1366, "height": 900})  # noqa: E731
        app_page, export_page, svg_page_ = new_page(), new_page(), new_page()
        with run_server(log_dir=Path(tmp)) as (url, _log):
            app_page.goto(url)
            app_page.wait_for_selector("canvas")
            app_page.locator("[data-testid=details-empty]").wait_for()

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
                "server app, 1 session, loopback": (app_page, bokeh_pixels, True),
                "offline HTML export": (export_page, bokeh_pixels, False),
                "hand-written SVG page": (svg_page_, svg_pixels, False),
            }
            times = click_series(pages, chart, clicks)
        browser.close()
    ref = times["hand-written SVG page"]
    for what in ("click-to-details", "click-to-next-frame", "click-to-server-answer"):
        for name, series in times.items():
            if what not in series:
                continue
            values = series[what]
            p50, p95 = statistics.median(values), pct(values, 0.95)
            figure = f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
            if what in ref:
                ref_p50, ref_p95 = statistics.median(ref[what]), pct(ref[what], 0.95)
                figure += f"  ({p50 / ref_p50:.1f}x / {p95 / ref_p95:.1f}x the SVG page)"
            rows.append((f"{what}, {name} (n={len(values)})", figure))
    return rows


if __name__ == "__main__":
    for name, value in run():
        print(f"{name:62s} {value}")
