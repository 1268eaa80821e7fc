"""What one click costs the server, and what one session costs it: one command, a few minutes.

    python benchmarks/bench_click.py [--clicks 40] [--sessions 10] [--profile server-clicks.svg]

One `reflexmap serve` on loopback, one headless Chromium. One page clicks ``--clicks`` zones (feet
alternating), each after the server has answered the one before (the details box has lost
``data-pending``), and the figures are:

* the server's CPU time per click (user + system from /proc, less its idle rate measured just
  before): load-independent, unlike a wall-clock figure on a shared machine;
* the websocket messages and bytes per click, both ways (read from Chromium's own frames);
* pointerdown to the server's answer in the page (wall clock: printed beside the load average);
* the server's resident memory per open session: ``--sessions`` more pages open and idle, less the
  server's memory with the first one only;
* start-up (``--startups`` fresh servers each, taking turns): from starting `reflexmap serve` to
  its first drawn chart, against the floor Panel itself sets, a one-line Panel app drawing a
  Bokeh figure (floor_app.py) served by `panel serve` the same way: the wall clock, and the
  server's CPU time to that moment (far less dependent on the load). ``--only-startup``: only
  these, a minute or two.

``--profile FILE`` records the clicks with py-spy (a flame graph, SVG) to say where the time goes.

Then, with light sessions instead of a browser (click_sessions.py: each a real Bokeh session of
its own, sending the very message a page sends for a tap and timing the server's answer, in a
process of their own so their CPU is not the server's), on a fresh server:

* the server's CPU per click with one session (``--clicks`` taps, each after the last answer);
* a burst: ``--burst`` sessions open (100 by default), each taps once, all at the same moment,
  three times; the time from each tap to its server's answer, p50/p95 over every tap, and the
  server's CPU per tap in the bursts (load-independent: the burst's answers cannot come sooner
  than the server's CPU for all of them, one process answering one tap at a time).

``--num-procs N`` serves the light sessions with `reflexmap serve --num-procs N` (the CPU figures
are then the processes' sum). ``--before REF`` measures these light figures on git REF's code as
well (``git archive``, served from a temporary directory), one right after the other, and prints
them side by side.
Figures are printed, never asserted. Run it before and after a change, back to back.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_browser import INSTRUMENT_JS, RENDERED_JS, pct, spread, want
from bench_load import cpu_s, descendants, rss_mb, zone_pairs
from click_sessions import ClickerProcess
from playwright.sync_api import sync_playwright

from reflexmap import load_chart
from reflexmap.dashboard.server import PARTS_AFTER_S, WORKERS_AFTER_S
from reflexmap.testing import DATA_TO_PIXELS_JS, free_port, launch_chromium, run_server, zone_display_point
from reflexmap.web.map_data import drawn_chart

VIEWPORT = {"width": 1366, "height": 900}
IDLE_S = 3.0  # the server's idle CPU rate is read over this long
WARM_CLICKS = 4  # clicks before the timed ones, on other zones: what the server builds on first use
SETTLE_S = 4.0  # pages open and idle this long before the server's memory is read
# a page's first render: 60 s was too short at a load of 40 on 2 cores
PAGE_TIMEOUT_MS = 180_000
# The floor app's page has drawn its figure (a canvas, in Panel's shadow roots)
CANVAS_JS = """() => {
  const has = (root) => !!root.querySelector('canvas')
    || [...root.querySelectorAll('*')].some((e) => e.shadowRoot && has(e.shadowRoot));
  return has(document);
}"""


class Frames:
    """Counts a page's websocket frames and their bytes, each way."""

    def __init__(self, page):
        self.sent = self.received = self.sent_bytes = self.received_bytes = 0
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        ws.on("framesent", lambda payload: self._count("sent", payload))
        ws.on("framereceived", lambda payload: self._count("received", payload))

    def _count(self, way: str, payload) -> None:
        setattr(self, way, getattr(self, way) + 1)
        size = len(payload.encode() if isinstance(payload, str) else payload)
        setattr(self, f"{way}_bytes", getattr(self, f"{way}_bytes") + size)

    def totals(self) -> tuple[int, int, int, int]:
        return self.sent, self.sent_bytes, self.received, self.received_bytes


def open_page(browser, url: str):
    page = browser.new_page(viewport=VIEWPORT)
    frames = Frames(page)
    page.goto(url)
    page.wait_for_function(RENDERED_JS, polling="raf", timeout=PAGE_TIMEOUT_MS)
    return page, frames


def click_and_wait(page, chart, zone_id: str, foot: str, n: int) -> None:
    """Click inside the zone and wait until the page has timed its ``n``-th server answer."""
    x, y = zone_display_point(chart, zone_id, foot)
    px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])
    if not 0 <= py < VIEWPORT["height"]:
        page.evaluate("dy => window.scrollBy(0, dy)", py - VIEWPORT["height"] / 2)
        px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])
    want(page, zone_id, foot, confirm=True)
    page.mouse.click(px, py)
    page.wait_for_function(f"() => window.__conf.length >= {n}", timeout=30_000)


def age_s(pid: int) -> float:
    """Seconds since process ``pid`` started (Linux: /proc)."""
    started_ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - started_ticks / os.sysconf("SC_CLK_TCK")


def wait_quiet(pids: list[int], most_s: float = 30.0) -> None:
    """Wait until the server (``pids``: its first process, then any it forked) has done what it
    defers after start-up, then (up to ``most_s``) until it spends under a hundredth of a core for
    a second.

    A fresh server still builds parts of itself after its first page (the views' shared parts and
    the upload checks' fork server, ten seconds after start-up, see reflexmap.dashboard.server).
    A quiet second before then was no sign they were done: on a quiet machine the first page and
    its warm-up clicks took less than ten seconds, and the parts' 0.4 s of CPU fell among the 40
    timed clicks, 10 ms a click, most of the "12.5 ms a Chromium click" of stop 25."""
    deferred = max(PARTS_AFTER_S, WORKERS_AFTER_S) + 1.0
    time.sleep(max(0.0, deferred - age_s(pids[0])))
    deadline = time.perf_counter() + most_s
    while time.perf_counter() < deadline:
        before = cpu_s(pids)
        time.sleep(1.0)
        if cpu_s(pids) - before < 0.01:
            return


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--clicks", type=int, default=40, help="clicks timed on the first page")
    parser.add_argument("--sessions", type=int, default=10, help="more pages opened for memory per session")
    parser.add_argument("--profile", type=Path, help="record the clicks with py-spy (.svg; .txt: stacks)")
    parser.add_argument("--startups", type=int, default=3, help="fresh servers started for start-up, each")
    parser.add_argument("--burst", type=int, default=100, help="light sessions tapping at once (0: none)")
    parser.add_argument("--before", metavar="REF", help="also measure the light clicks on git REF's code")
    parser.add_argument("--no-browser", action="store_true", help="only the light sessions' figures")
    parser.add_argument("--only-startup", action="store_true", help="only the start-up figures")
    parser.add_argument(
        "--num-procs", type=int, default=1, help="light sessions served by `reflexmap serve --num-procs N`"
    )
    args = parser.parse_args()
    if args.only_startup:
        rows = only_startup(args.startups)
    else:
        rows = [] if args.no_browser else run(args.clicks, args.sessions, args.profile, args.startups)
        rows += light_table(args.clicks, args.burst, args.before, args.num_procs)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:{width}s}  {value}")


def floor_server(log_dir: Path):
    """`panel serve benchmarks/floor_app.py` on a free loopback port, as run_server starts reflexmap."""
    port = free_port()
    app = Path(__file__).with_name("floor_app.py")
    command = [sys.executable, "-m", "panel", "serve", str(app), "--port", str(port)]
    command += ["--address", "127.0.0.1", "--allow-websocket-origin", f"127.0.0.1:{port}"]
    log = open(log_dir / f"floor-{port}.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, log, f"http://127.0.0.1:{port}/floor_app"


def first_drawn(page, url: str, drawn_js: str, pid: int, t0: float) -> tuple[float, float]:
    """Open ``url`` and wait until ``drawn_js`` holds: seconds since ``t0``, and the server's CPU
    seconds so far (load-independent, unlike the first)."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(drawn_js, polling="raf", timeout=PAGE_TIMEOUT_MS)
    return time.perf_counter() - t0, cpu_s([pid])


def startup_series(browser, runs: int, log_dir: Path) -> dict[str, list[float]]:
    """From starting each server to its first drawn chart: seconds and the server's CPU seconds,
    reflexmap's and the floor's, taking turns so a busy moment of the machine falls on both alike.
    (run_server compiles reflexmap's modules first, as installing it does.)"""
    series: dict[str, list[float]] = {"ours": [], "floor": [], "ours_cpu": [], "floor_cpu": []}
    for _ in range(runs):
        page = browser.new_page(viewport=VIEWPORT)
        t0 = time.perf_counter()
        # as soon as it answers, as the floor's (below): the chart loads while the page's scripts do
        with run_server(log_dir=log_dir, started=False) as server:
            took, cpu = first_drawn(page, server.url, RENDERED_JS, server.pid, t0)
        series["ours"].append(took)
        series["ours_cpu"].append(cpu)
        page.close()
        page = browser.new_page(viewport=VIEWPORT)
        t0 = time.perf_counter()
        proc, log, url = floor_server(log_dir)
        try:
            while True:
                try:
                    urllib.request.urlopen(url, timeout=5).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.perf_counter() - t0 > 60:
                        raise RuntimeError("the floor app did not start") from None
                    time.sleep(0.02)
            took, cpu = first_drawn(page, url, CANVAS_JS, proc.pid, t0)
            series["floor"].append(took)
            series["floor_cpu"].append(cpu)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
            log.close()
        page.close()
    return series


def startup_rows(series: dict[str, list[float]]) -> list[tuple[str, str]]:
    """The start-up figures of :func:`startup_series`, printed with the load average."""
    if not series["ours"]:
        return []
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    median = statistics.median
    return [
        ("start-up to first drawn chart, reflexmap serve", spread(series["ours"])),
        ("start-up to first drawn chart, one-line Panel app", f"{spread(series['floor'])} (load {load})"),
        (
            "start-up, reflexmap / one-line Panel app (medians)",
            f"{median(series['ours']) / median(series['floor']):.2f}x",
        ),
        ("server CPU to first drawn chart, reflexmap serve", spread(series["ours_cpu"])),
        ("server CPU to first drawn chart, one-line Panel app", spread(series["floor_cpu"])),
        (
            "server CPU, reflexmap / one-line Panel app (medians)",
            f"{median(series['ours_cpu']) / median(series['floor_cpu']):.2f}x",
        ),
    ]


def only_startup(runs: int) -> list[tuple[str, str]]:
    """Start-up alone (``--only-startup``): ``runs`` fresh servers of each, one Chromium."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            return startup_rows(startup_series(browser, runs, Path(tmp)))
        finally:
            browser.close()


def run(
    clicks: int = 40, sessions: int = 10, profile: Path | None = None, startups: int = 3
) -> list[tuple[str, str]]:
    chart = drawn_chart(load_chart())
    pairs = zone_pairs(chart)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        with run_server(log_dir=Path(tmp)) as server:
            pid = server.pid
            page, frames = open_page(browser, server.url)
            page.evaluate(INSTRUMENT_JS)
            # the first clicks warm what the server builds on first use (as the light sessions'
            # four taps do); they are not timed
            for n, pair in enumerate(pairs[-WARM_CLICKS:], 1):
                click_and_wait(page, chart, *pair, n)
            wait_quiet([pid])
            rss_one = rss_mb([pid])
            idle = cpu_s([pid])
            time.sleep(IDLE_S)
            idle_rate = (cpu_s([pid]) - idle) / IDLE_S
            spy = None
            if profile is not None:
                spy = subprocess.Popen(
                    [
                        *("py-spy", "record", "--pid", str(pid), "--rate", "250", "--output", str(profile)),
                        # collapsed stacks (one line per stack, then its count) for a .txt file
                        *(("--format", "raw") if profile.suffix == ".txt" else ()),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )
                time.sleep(1.0)
            before_frames = frames.totals()
            cpu0, t0 = cpu_s([pid]), time.perf_counter()
            for i in range(clicks):
                click_and_wait(page, chart, *pairs[i % len(pairs)], i + 1 + WARM_CLICKS)
            # what the click sets off after its answer (the address bar) belongs to it as well
            time.sleep(0.5)
            spent = cpu_s([pid]) - cpu0 - idle_rate * (time.perf_counter() - t0)
            after_frames = frames.totals()
            if spy is not None:
                spy.send_signal(2)  # SIGINT: py-spy writes its file and stops
                spy.wait(timeout=60)
            answers = page.evaluate("() => window.__conf").__getitem__(slice(WARM_CLICKS, None))
            sent, sent_b, got, got_b = (b - a for a, b in zip(before_frames, after_frames, strict=True))

            more = [browser.new_page(viewport=VIEWPORT) for _ in range(sessions)]
            for other in more:
                other.goto(server.url)
                other.wait_for_function(RENDERED_JS, polling="raf", timeout=PAGE_TIMEOUT_MS)
            time.sleep(SETTLE_S)
            rss_all = rss_mb([pid])
        startup = startup_series(browser, startups, Path(tmp))
        browser.close()

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    idle_share = f"idle {100 * idle_rate:.1f}% of a core"
    rows.append(("server CPU per click, 1 session", f"{1000 * spent / clicks:.1f} ms ({idle_share})"))
    for way, count, size in (("browser -> server", sent, sent_b), ("server -> browser", got, got_b)):
        figure = f"{count / clicks:.1f} frames, {size / clicks:,.0f} bytes"
        rows.append((f"websocket per click, {way}", figure))
    rows.append(
        (
            f"click-to-server-answer, 1 session (n={len(answers)})",
            f"p50 {statistics.median(answers):.1f} ms, p95 {pct(answers, 0.95):.1f} ms (load {load})",
        )
    )
    rows.append(("server memory per open session", f"{(rss_all - rss_one) / sessions:.2f} MB (n={sessions})"))
    rows += startup_rows(startup)
    if profile is not None:
        rows.append(("py-spy profile of the clicks", str(profile)))
    return rows


def light_clicks(
    clicks: int, burst: int, code: Path | None, log_dir: Path, num_procs: int = 1
) -> dict[str, str]:
    """The light sessions' figures for the code in ``code`` (None: this checkout's), served by
    ``num_procs`` processes (their CPU summed)."""
    chart = drawn_chart(load_chart())
    points = [zone_display_point(chart, z, f) for z, f in zone_pairs(chart)]
    env = {"PYTHONPATH": str(code)} if code else None
    # `python -m reflexmap` finds the package in its working directory first
    procs = ("--num-procs", str(num_procs)) if num_procs != 1 else ()
    with contextlib.chdir(code or Path.cwd()), run_server(*procs, log_dir=log_dir, env=env) as server:
        pids = [server.pid, *descendants(server.pid)]  # the processes --num-procs forks
        clickers = ClickerProcess(server.url, max(burst, 1))
        try:
            clickers.one_by_one(points[:WARM_CLICKS])  # what the server builds on first use: not timed
            wait_quiet(pids)
            idle = cpu_s(pids)
            time.sleep(IDLE_S)
            idle_rate = (cpu_s(pids) - idle) / IDLE_S
            taps = [points[i % len(points)] for i in range(clicks)]
            cpu0, t0 = cpu_s(pids), time.perf_counter()
            answers = clickers.one_by_one(taps)
            time.sleep(0.3)
            spent = cpu_s(pids) - cpu0 - idle_rate * (time.perf_counter() - t0)
            bursts: list[float] = []
            burst_cpu = 0.0  # the server's, for every tap of the bursts: their answers' floor
            if burst:
                for round_ in range(3):
                    cpu0, t0 = cpu_s(pids), time.perf_counter()
                    bursts += clickers.burst(points[round_ * 7 :] + points)
                    burst_cpu += cpu_s(pids) - cpu0 - idle_rate * (time.perf_counter() - t0)
                    time.sleep(1.0)
        finally:
            clickers.close()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    ms = [1000 * a for a in answers]
    figures = {
        "server CPU per click, 1 session": f"{1000 * spent / clicks:.1f} ms",
        "click-to-server-answer, 1 session": f"p50 {statistics.median(ms):.1f}, p95 {pct(ms, 0.95):.1f} ms",
    }
    if bursts:
        ms = [1000 * b for b in bursts]
        figures[f"burst of {burst} sessions: server's answer"] = (
            f"p50 {statistics.median(ms):.0f} ms, p95 {pct(ms, 0.95):.0f} ms, max {max(ms):.0f} ms"
        )
        # one process answers the taps one after another: the last waits for all the others' CPU
        figures[f"burst of {burst} sessions: server CPU per tap"] = f"{1000 * burst_cpu / len(bursts):.1f} ms"
    figures["load average after"] = load
    return figures


def light_table(clicks: int, burst: int, before: str | None, num_procs: int = 1) -> list[tuple[str, str]]:
    """Rows of the light sessions' figures: this checkout's, and ``before``'s beside them."""
    with tempfile.TemporaryDirectory() as tmp:
        old = None
        if before:
            code = Path(tmp) / "before"
            code.mkdir()
            archive = subprocess.run(["git", "archive", before], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
            outlines = code / "reflexmap" / "foot_outlines"
            if not outlines.exists():  # a checkout's outlines, as the worktrees have them
                outlines.symlink_to("../assets/foot_outlines")
            old = light_clicks(clicks, burst, code, Path(tmp), num_procs)
        new = light_clicks(clicks, burst, None, Path(tmp), num_procs)
    way = "light websocket sessions (click_sessions.py), not browsers"
    if num_procs != 1:
        way += f", served by {num_procs} processes"
    if old is None:
        return [(f"{name} [{way}]", value) for name, value in new.items()]
    rows = [(f"[{way}]", f"before ({before})  |  after")]
    rows += [(name, f"{old.get(name, '-')}  |  {value}") for name, value in new.items()]
    return rows


if __name__ == "__main__":
    main()
