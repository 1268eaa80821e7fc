"""The heaviest valid upload against everyone else: how long its uploader waits, and how long
another user's page loads and clicks wait meanwhile, on loopback only. One command, about a
minute on a quiet machine:

    python benchmarks/bench_hostile_upload.py [--chart stars|combs] [--baseline SECONDS]

A fresh server (reflexmap.testing.run_server); one headless Chromium page uploads the chart
(tests/hostile_charts.py: thirty overlapping 5,000-vertex stars per foot, or thirty 4,800-vertex
combs per foot; both pass every limit of the loader), while another user, in a browser context of
their own, clicks zones on the default chart and a thread requests ``GET /`` every 0.1 s as a
third user opening the page would. A click's wait is timed inside the page, from pointerdown to
the server's answer (the details box no longer pending, see bench_browser.py). The same page loads
and clicks are first timed for ``--baseline`` seconds with no upload, in the same run, since the
figures depend on how busy the machine is.

Printed: the load average; the uploader's wait (file chosen to "Loaded" shown); per phase the page
loads (count, median, p95, worst), the clicks (count, median, worst) and the CPU seconds the
server process used (its event loop and the thread that makes the new dashboard); the CPU the
check's worker process used (it reports its own, and the server logs it); for the upload also its
last BUILD_WINDOW seconds, which hold the building of the uploader's new dashboard (the check in
the worker comes before); and, per phase, the event loop's longest steps in CPU time of its own
thread (``loop_steps/sitecustomize.py``, loaded into the server), which is what another user's
request waits behind. Wall-clock waits depend on the machine's load; the CPU figures much less.

``--profile DIR`` profiles every step of the server's event loop and writes those over 20 ms of
CPU to DIR (``python -m pstats DIR/FILE``); the steps then take longer.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_browser import INSTRUMENT_JS, ZONES, bokeh_pixels, want

from reflexmap import load_chart
from reflexmap.testing import launch_chromium, run_server, zone_display_point
from tests.hostile_charts import comb_chart, star_chart

CHARTS = {"stars": star_chart, "combs": comb_chart}
ANSWERED = "[data-testid=upload-ok], [data-testid=upload-problems]"
BUILD_WINDOW = 10.0
LOOP_STEPS = Path(__file__).resolve().parent / "loop_steps"  # its sitecustomize times the loop's steps


def page_load(url: str) -> float:
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=900) as response:
        response.read()
    return time.monotonic() - start


class PageLoads:
    """``GET url`` every 0.1 s on a thread of its own while in use; ``waits`` in seconds."""

    def __init__(self, url: str):
        self.url, self.waits, self.ends, self._stop = url, [], [], threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.waits.append(page_load(self.url))
            self.ends.append(time.monotonic())
            time.sleep(0.1)

    def __enter__(self) -> PageLoads:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


def clicks_until(page, chart, done) -> tuple[list[float], list[float], int]:
    """Click zones in turn on ``page`` until ``done()``: each answered click's wait for the server
    (ms) and when it was made (time.monotonic), and how many clicks went unanswered for 30 s."""
    start = page.evaluate("() => window.__conf.length")
    times: list[float] = []
    lost, turn = 0, 0
    while not done():
        zone_id, foot = ZONES[turn % len(ZONES)]
        turn += 1
        want(page, zone_id, foot, confirm=True)
        point = bokeh_pixels(page, *zone_display_point(chart, zone_id, foot))
        times.append(time.monotonic())
        page.mouse.click(*point)
        try:
            page.wait_for_function(f"() => window.__conf.length >= {start + len(times)}", timeout=30_000)
        except PlaywrightTimeout:
            times.pop()
            lost += 1
        time.sleep(0.2)
    return page.evaluate("() => window.__conf")[start:], times, lost


class Upload(threading.Thread):
    """The uploader, in a browser of its own on a thread of its own: asking a page that is busy
    drawing a new dashboard whether it is done would hold up the other user's clicks meanwhile."""

    def __init__(self, url: str, path: Path):
        super().__init__()
        self.url, self.path = url, path
        self.ready, self.go, self.done = threading.Event(), threading.Event(), threading.Event()
        self.begin = self.end = 0.0
        self.outcome = "not run"
        self.start()

    def run(self) -> None:
        try:
            self._upload()
        finally:  # whatever happened, the other user stops waiting for it
            self.ready.set()
            self.done.set()

    def _upload(self) -> None:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(self.url + "?tab=About")
            page.locator("input[type=file]").wait_for()
            self.ready.set()
            self.go.wait()
            self.begin = time.monotonic()
            page.locator("input[type=file]").set_input_files(str(self.path))
            page.locator(ANSWERED).first.wait_for(timeout=900_000)
            self.end = time.monotonic()
            self.done.set()
            self.outcome = "loaded" if page.locator("[data-testid=upload-ok]").count() else "refused"
            browser.close()


def summary(loads: list[float], clicks: list[float]) -> str:
    ms = sorted(w * 1000 for w in loads)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else float("nan")
    loads_line = (
        f"GET / x{len(ms)}: median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, worst {ms[-1]:.0f} ms"
        if ms
        else "no GET / finished"
    )
    clicks_line = (
        f"clicks x{len(clicks)}: median {statistics.median(clicks):.0f} ms, worst {max(clicks):.0f} ms"
        if clicks
        else "no click made"
    )
    return f"{loads_line}; {clicks_line}"


def cpu(server_pid: int) -> float:
    """CPU seconds so far of the server process, user and system (its own, not its children's)."""
    with open(f"/proc/{server_pid}/stat") as stat:
        # after the command name (in parentheses, which may hold spaces): utime, stime at 14, 15
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def loop_steps(path: Path, start: float, end: float) -> list[tuple[float, float, str]]:
    """The event loop's steps of more than 20 ms (of CPU or of the clock) that ended between
    ``start`` and ``end`` (time.monotonic), longest first: (CPU ms, clock ms, what ran)."""
    lines = path.read_text().splitlines() if path.exists() else []
    steps = [json.loads(line) for line in lines]
    return sorted((ms, clock, what) for at, ms, what, clock in steps if start <= at <= end)[::-1]


def longest(steps: list[tuple[float, float, str]], shown: int = 3) -> str:
    cpu_steps = [step for step in steps if step[0] > 20]
    if not cpu_steps:
        return "none over 20 ms of CPU"
    top = "".join(f"\n    {ms:.0f} ms of CPU: {what[:150]}" for ms, _clock, what in cpu_steps[:shown])
    held = max(steps, key=lambda step: step[1] - step[0])
    return (
        f"{len(cpu_steps)} over 20 ms of CPU, the longest:{top}\n  held up most, clock over CPU: "
        f"{held[1]:.0f} ms for {held[0]:.0f} ms of CPU: {held[2][:150]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chart", choices=sorted(CHARTS), default="stars")
    parser.add_argument("--baseline", type=float, default=10.0, help="seconds timed with no upload")
    parser.add_argument("--profile", type=Path, help="a folder for profiles of the loop's long steps")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="reflexmap-bench-"))
    path = folder / f"{args.chart}.geojson"
    path.write_text(json.dumps(CHARTS[args.chart](), separators=(",", ":")))
    chart = load_chart()
    steps_file = folder / "loop-steps.jsonl"
    watch = {
        "PYTHONPATH": os.pathsep.join([str(LOOP_STEPS), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "REFLEXMAP_LOOP_STEPS": str(steps_file),
    }
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
        watch["REFLEXMAP_LOOP_PROFILE"] = str(args.profile.resolve())
    with run_server(log_dir=folder, env=watch) as server:
        url = server.url
        upload = Upload(url, path)
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            other = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
            other.goto(url)
            other.wait_for_selector("canvas", timeout=60_000)
            other.evaluate(INSTRUMENT_JS)
            upload.ready.wait()
            idle_from = time.monotonic()
            until = idle_from + args.baseline
            cpu_idle = cpu(server.pid)
            with PageLoads(url) as idle:
                idle_clicks, _, idle_lost = clicks_until(other, chart, lambda: time.monotonic() > until)
            cpu_go = cpu(server.pid)
            upload.go.set()
            with PageLoads(url) as busy:
                busy_clicks, click_times, busy_lost = clicks_until(other, chart, upload.done.is_set)
            cpu_done = cpu(server.pid)
            browser.close()
        upload.join()
        log = server.log_path.read_text()
    start, end, outcome = upload.begin, upload.end, upload.outcome
    steps = re.findall(r"new dashboard shown in (\d+) steps, the longest (\d+) ms of CPU", log)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    print(f"chart: {args.chart}, {path.stat().st_size:,} bytes, {outcome}")
    print(f"uploader's wait: {end - start:.1f} s")
    print(f"clicks unanswered for 30 s: {busy_lost} during the upload, {idle_lost} without")
    print(f"another user during the upload: {summary(busy.waits, busy_clicks)}")
    # the chart's new dashboard is built in this window; before it, the worker checks the chart
    late = [w for w, t in zip(busy.waits, busy.ends, strict=True) if t > end - BUILD_WINDOW]
    late_clicks = [w for w, t in zip(busy_clicks, click_times, strict=True) if t > end - BUILD_WINDOW]
    print(f"  of which in its last {BUILD_WINDOW:.0f} s: {summary(late, late_clicks)}")
    print(f"the same with no upload ({args.baseline:.0f} s before it): {summary(idle.waits, idle_clicks)}")
    worker = re.findall(r"checked .* in a worker: \w+, ([\d.]+) s of CPU", log)
    print(
        f"CPU: server process {cpu_go - cpu_idle:.1f} s in the {args.baseline:.0f} s with no upload, "
        f"{cpu_done - cpu_go:.1f} s during the upload; the check's worker "
        + (f"{float(worker[-1]):.1f} s" if worker else "did not report")
    )
    if steps:
        count, slowest = steps[-1]
        print(f"the new dashboard shown in {count} steps, the longest {slowest} ms of CPU")
    print(f"event loop steps with no upload: {longest(loop_steps(steps_file, idle_from, start))}")
    print(f"event loop steps during the upload: {longest(loop_steps(steps_file, start, end))}")


if __name__ == "__main__":
    main()
