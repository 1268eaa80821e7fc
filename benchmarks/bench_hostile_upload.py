"""The heaviest valid upload against everyone else: how long its uploader waits, and how long
another client's page load waits meanwhile, on loopback only.

    python benchmarks/bench_hostile_upload.py [--chart stars|combs]

A fresh server (reflexmap.testing.run_server); one headless Chromium page uploads the chart
(tests/hostile_charts.py: thirty overlapping 5,000-vertex stars per foot, or thirty 4,800-vertex
combs per foot; both pass every limit of the loader), while a thread requests ``GET /`` every
0.1 s as another user opening the page would. Printed: the uploader's wait (file chosen to "Loaded"
shown), the other client's page loads during it (count, median, worst), and the same page load
on the idle server before, for comparison.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reflexmap.testing import launch_chromium, run_server
from tests.hostile_charts import comb_chart, star_chart

CHARTS = {"stars": star_chart, "combs": comb_chart}


def page_load(url: str) -> float:
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=900) as response:
        response.read()
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chart", choices=sorted(CHARTS), default="stars")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="reflexmap-bench-"))
    path = folder / f"{args.chart}.geojson"
    path.write_text(json.dumps(CHARTS[args.chart](), separators=(",", ":")))
    with run_server(log_dir=folder) as (url, _log), sync_playwright() as pw:
        idle = [page_load(url) for _ in range(10)]
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(url + "?tab=About")
        page.locator("input[type=file]").wait_for()
        waits: list[float] = []
        stop = threading.Event()

        def other_user() -> None:
            while not stop.is_set():
                waits.append(page_load(url))
                time.sleep(0.1)

        thread = threading.Thread(target=other_user)
        start = time.monotonic()
        page.locator("input[type=file]").set_input_files(str(path))
        thread.start()
        page.locator("[data-testid=upload-ok], [data-testid=upload-problems]").first.wait_for(timeout=900_000)
        uploader = time.monotonic() - start
        stop.set()
        thread.join()
        outcome = "loaded" if page.locator("[data-testid=upload-ok]").count() else "refused"
        browser.close()
    size = path.stat().st_size
    print(f"chart: {args.chart}, {size:,} bytes, {outcome}")
    print(f"uploader's wait: {uploader:.1f} s")
    print(
        f"another client's GET / during the upload: {len(waits)} requests, "
        f"median {statistics.median(waits) * 1000:.0f} ms, worst {max(waits) * 1000:.0f} ms"
    )
    idle_ms = statistics.median(idle) * 1000, max(idle) * 1000
    print("GET / on the idle server: median {:.0f} ms, worst {:.0f} ms".format(*idle_ms))


if __name__ == "__main__":
    main()
