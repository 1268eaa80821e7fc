"""A live class on one machine: a teacher's click reaching every student's details, on loopback.

    python benchmarks/bench_class.py --students 30,100 --clicks 8 [--budget 240]

For each N a fresh server is started (reflexmap.testing.run_server). The teacher is a real
headless Chromium page (``?teach=1``: the teacher key lives in that browser's storage). The N
students are Bokeh client sessions, not browsers (a hundred Chromium pages do not fit a small
machine's memory): each is a websocket to ``/ws?class=CODE`` with its own session token, speaking
Bokeh's protocol (it pulls the document as a page does, then takes every patch). What the server
does per student is the same as for a page; what a browser then does to draw the patch is not
timed.

Then the teacher clicks ``--clicks`` zones, one every ``GAP_S``. Measured per click: from just
before the teacher's mouse click to the moment each student's socket has the patch that shows
that zone's details (``data-zone="…"`` in the details' HTML), p50/p95/max over all students and
clicks; and the server's CPU time per teacher click (user + system, less its idle rate), which
covers the teacher's own session and the N students' updates. All on 127.0.0.1; the run is
capped by ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench_browser import pct
from bench_load import cpu_s
from playwright.sync_api import sync_playwright
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from reflexmap import load_map
from reflexmap.testing import DATA_TO_PIXELS_JS, launch_chromium, run_server, zone_display_point

ZONES = [("liver", "right"), ("heart", "left"), ("kidney", "left"), ("lungs", "right"), ("stomach", "left")]
GAP_S = 1.0  # between teacher clicks: each broadcast is timed on its own
# what a page says once it has drawn the document; Panel sends a session's changes after it
READY = (
    {"msgid": "2", "msgtype": "PATCH-DOC"},
    {},
    {
        "events": [
            {
                "kind": "MessageSent",
                "msg_type": "bokeh_event",
                "msg_data": {
                    "type": "event",
                    "name": "document_ready",
                    "values": {"type": "map", "entries": []},
                },
            }
        ]
    },
)
TOKEN = re.compile(r'"token":"([^"]+)"')


class Student:
    """One Bokeh client session in the class: records when each zone's details first arrive."""

    def __init__(self, url: str, code: str):
        self.url, self.code = url, code
        self.seen: dict[str, float] = {}
        self.watch: str | None = None
        self.socket = None

    async def join(self) -> None:
        page = await asyncio.to_thread(_get, f"{self.url}?class={self.code}")
        token = TOKEN.search(page).group(1)
        ws = self.url.replace("http://", "ws://") + f"ws?class={self.code}"
        # the server builds each session as its socket connects: a busy one is slow to answer
        request = HTTPRequest(ws, connect_timeout=180, request_timeout=180)
        self.socket = await websocket_connect(
            request, subprotocols=["bokeh", token], max_message_size=1 << 30
        )
        await self.socket.read_message()  # the server's ACK, header first
        for part in ({"msgid": "1", "msgtype": "PULL-DOC-REQ"}, {}, {}, *READY):
            await self.socket.write_message(json.dumps(part))

    async def listen(self) -> None:
        while (frame := await self.socket.read_message()) is not None:
            if self.watch and isinstance(frame, str) and self.watch in frame:
                self.seen.setdefault(self.watch, time.perf_counter())


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode()


def marker(zone_id: str) -> str:
    # the details' HTML as it travels in a JSON patch
    return f'data-zone=\\"{zone_id}\\"'


class Students:
    """N students on an asyncio loop of their own thread."""

    def __init__(self, url: str, code: str, n: int):
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.members = [Student(url, code) for _ in range(n)]
        self.tasks: list[asyncio.Future] = []

    def run(self, coro, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def join(self, timeout: float) -> int:
        """Join the students (five at a time, as a class arrives); how many joined within ``timeout``."""

        async def all_join():
            for start in range(0, len(self.members), 5):  # five at a time, as a class arrives
                await asyncio.gather(*(s.join() for s in self.members[start : start + 5]))
            self.tasks = [asyncio.ensure_future(s.listen()) for s in self.members]

        try:
            self.run(all_join(), timeout)
        except TimeoutError:  # the budget is spent: measure the class that made it in
            self.members = [s for s in self.members if s.socket is not None]
            for s in self.members:
                self.tasks.append(asyncio.run_coroutine_threadsafe(s.listen(), self.loop))
        return len(self.members)

    def expect(self, zone_id: str) -> None:
        for s in self.members:
            s.seen.pop(marker(zone_id), None)  # a zone asked again is timed again
            s.watch = marker(zone_id)

    def arrived(self, zone_id: str) -> list[float]:
        return [s.seen[marker(zone_id)] for s in self.members if marker(zone_id) in s.seen]

    def close(self) -> None:
        for s in self.members:
            if s.socket is not None:
                self.loop.call_soon_threadsafe(s.socket.close)
        time.sleep(0.5)
        self.loop.call_soon_threadsafe(self.loop.stop)


def run_one(browser, chart, n: int, clicks: int, deadline: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp, run_server(log_dir=Path(tmp)) as server:
        url = server.url
        page = browser.new_context(viewport={"width": 1280, "height": 2000}).new_page()
        page.goto(url + "?teach=1")
        page.wait_for_function("() => location.search.includes('class=')", timeout=60_000)
        page.locator("[data-testid=class-code]").wait_for(timeout=60_000)
        code = page.locator("[data-testid=class-code]").inner_text()
        page.wait_for_function("() => window.Bokeh && Object.keys(Bokeh.index).length > 0")
        students = Students(url, code, n)
        joined = time.perf_counter()
        n = students.join(timeout=max(30, deadline - time.time() - 60))
        join_s = time.perf_counter() - joined
        page.locator("[data-testid=class-tally]").filter(has_text=f"{n} student").wait_for(timeout=60_000)
        time.sleep(2.0)  # the last students' documents are sent
        latencies, missing, done = [], 0, 0
        cpu_from = cpu_s([server.pid])
        for k in range(clicks):
            if time.time() > deadline:
                break
            zone_id, foot = ZONES[k % len(ZONES)]
            students.expect(zone_id)
            x, y = zone_display_point(chart, zone_id, foot)
            px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])  # the viewport is tall enough for the map
            t0 = time.perf_counter()
            page.mouse.click(px, py)
            until = t0 + 10
            while len(students.arrived(zone_id)) < n and time.perf_counter() < until:
                time.sleep(0.005)
            got = students.arrived(zone_id)
            latencies += [(t - t0) * 1000 for t in got]
            missing += n - len(got)
            done += 1
            time.sleep(GAP_S)
        cpu = cpu_s([server.pid]) - cpu_from
        students.close()
        page.context.close()
        log = server.log_path.read_text()
    return {
        "n": len(students.members),
        "clicks": done,
        "join_s": join_s,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": pct(latencies, 0.95) if latencies else float("nan"),
        "max": max(latencies, default=float("nan")),
        "missing": missing,
        "cpu_ms": cpu / done * 1000 if done else float("nan"),
        "tracebacks": log.count("Traceback"),
    }


def run(counts=(30, 100), clicks: int = 8, budget_s: float = 240) -> list[tuple[str, str]]:
    chart = load_map()
    deadline = time.time() + budget_s
    rows = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        for n in counts:
            if time.time() > deadline:
                rows.append((f"class of {n}", "skipped: budget spent"))
                continue
            r = run_one(browser, chart, n, clicks, deadline)
            n = f"{n}" if r["n"] == n else f"{n} ({r['n']} joined within the budget)"
            rows += [
                (f"class of {n}: students joined (Bokeh client sessions)", f"{r['join_s']:.1f} s"),
                (
                    f"class of {n}: teacher click -> every student's details",
                    f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, max {r['max']:.0f} ms "
                    f"({r['clicks']} clicks x {n}, {r['missing']} missed)",
                ),
                (f"class of {n}: server CPU per teacher click", f"{r['cpu_ms']:.0f} ms"),
                (f"class of {n}: server tracebacks", str(r["tracebacks"])),
            ]
            for name, value in rows[-4:]:  # as each size finishes: a later one may run out of time
                print(f"{name}  {value}", flush=True)
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", default="30,100", help="class sizes, comma-separated")
    parser.add_argument("--clicks", type=int, default=8, help="teacher clicks per class size")
    parser.add_argument("--budget", type=float, default=240, help="cap in seconds for the whole run")
    args = parser.parse_args()
    run([int(n) for n in args.students.split(",") if n.strip()], args.clicks, args.budget)


if __name__ == "__main__":
    main()
