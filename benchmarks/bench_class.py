"""A live class on one machine: a teacher's click reaching every student's details, on loopback.

    python benchmarks/bench_class.py --students 30,100 --clicks 8 [--budget 240]

For each N a fresh server is started (reflexmap.testing.run_server). The teacher is a real
headless Chromium page (``?teach=1``: the teacher key lives in that browser's storage). The N
students are Bokeh client sessions, not browsers (a hundred Chromium pages do not fit a small
machine's memory): each is a websocket to ``/ws?class=CODE`` with its own session token, speaking
Bokeh's protocol (it pulls the document as a page does, then takes every patch). What the server
does per student is the same as for a page; what a browser then does to draw the patch is not
timed.

Then the teacher clicks ``--clicks`` zones, one every ``--gap`` seconds. Measured per click, from
just before the teacher's mouse click:

* "sees the zone": until each student's socket has the message that makes the page show that
  zone's details: the zone's row sent ahead (``lead``, the page draws the details it holds, as for
  a tap) or, where none is sent, the details' HTML itself (``data-zone="…"``);
* "full update": until the patch with the details' HTML (Python's whole answer: map outline,
  address and the rest come in the same update) has arrived. A student whose update is still
  waiting when the teacher clicks again is brought to the newer zone instead: counted as
  "overtaken", not timed.

p50/p95/max over all students and clicks; and the server's CPU time per teacher click (user +
system), which covers the teacher's own session and the N students' updates. All on 127.0.0.1;
the run is capped by ``--budget`` seconds.
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
from reflexmap.web.details_html import row_index

ZONES = [("liver", "right"), ("heart", "left"), ("kidney", "left"), ("lungs", "right"), ("stomach", "left")]
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
    """One Bokeh client session in the class: records when each click's zone first shows
    (``seen``) and when its full update arrives (``full``), by click number."""

    def __init__(self, url: str, code: str):
        self.url, self.code = url, code
        self.seen: dict[int, float] = {}
        self.full: dict[int, float] = {}
        self.watch: tuple[int, str, re.Pattern] | None = None
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
            if not (self.watch and isinstance(frame, str)):
                continue
            click, details, lead = self.watch
            if details in frame:
                now = time.perf_counter()
                self.full.setdefault(click, now)
                self.seen.setdefault(click, now)
            elif lead.search(frame):
                self.seen.setdefault(click, time.perf_counter())


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode()


def markers(zone_id: str, row: int) -> tuple[str, re.Pattern]:
    """What a patch carries for a zone: its details' HTML (as it travels in JSON), its row ahead."""
    return f'data-zone=\\"{zone_id}\\"', re.compile(rf'"attr":"lead","new":\[\d+,{row}\]')


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

    def expect(self, click: int, zone_id: str, row: int) -> None:
        for s in self.members:
            s.watch = (click, *markers(zone_id, row))

    def arrived(self, click: int) -> list[float]:
        return [s.seen[click] for s in self.members if click in s.seen]

    def updated(self, click: int) -> list[float]:
        return [s.full[click] for s in self.members if click in s.full]

    def close(self) -> None:
        for s in self.members:
            if s.socket is not None:
                self.loop.call_soon_threadsafe(s.socket.close)
        time.sleep(0.5)
        self.loop.call_soon_threadsafe(self.loop.stop)


def run_one(browser, chart, n: int, clicks: int, deadline: float, gap: float = 1.0) -> dict:
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
        latencies, full, missing, overtaken, done = [], [], 0, 0, 0
        rows = row_index(chart)
        cpu_from = cpu_s([server.pid])
        for k in range(clicks):
            if time.time() > deadline:
                break
            zone_id, foot = ZONES[k % len(ZONES)]
            students.expect(k, zone_id, rows[zone_id, foot])
            x, y = zone_display_point(chart, zone_id, foot)
            px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])  # the viewport is tall enough for the map
            t0 = time.perf_counter()
            page.mouse.click(px, py)
            until = t0 + 10
            while len(students.arrived(k)) < n and time.perf_counter() < until:
                time.sleep(0.005)
            got = students.arrived(k)
            latencies += [(t - t0) * 1000 for t in got]
            missing += n - len(got)
            done += 1
            time.sleep(max(0.0, t0 + gap - time.perf_counter()))
            updated = students.updated(k)  # until the next click: later ones are overtaken
            full += [(t - t0) * 1000 for t in updated]
            overtaken += n - len(updated)
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
        "full_p50": statistics.median(full) if full else float("nan"),
        "full_p95": pct(full, 0.95) if full else float("nan"),
        "overtaken": overtaken,
        "cpu_ms": cpu / done * 1000 if done else float("nan"),
        "tracebacks": log.count("Traceback"),
    }


def run(counts=(30, 100), clicks: int = 8, budget_s: float = 240, gap: float = 1.0) -> list[tuple[str, str]]:
    chart = load_map()
    deadline = time.time() + budget_s
    rows = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        for n in counts:
            if time.time() > deadline:
                rows.append((f"class of {n}", "skipped: budget spent"))
                continue
            r = run_one(browser, chart, n, clicks, deadline, gap)
            n = f"{n}" if r["n"] == n else f"{n} ({r['n']} joined within the budget)"
            rows += [
                (f"class of {n}: students joined (Bokeh client sessions)", f"{r['join_s']:.1f} s"),
                (
                    f"class of {n}: teacher click -> every student sees the zone",
                    f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, max {r['max']:.0f} ms "
                    f"({r['clicks']} clicks x {n}, {r['missing']} missed)",
                ),
                (
                    f"class of {n}: teacher click -> student's full update",
                    f"p50 {r['full_p50']:.0f} ms, p95 {r['full_p95']:.0f} ms "
                    f"({r['overtaken']} overtaken by the next click {gap:g} s later)",
                ),
                (f"class of {n}: server CPU per teacher click", f"{r['cpu_ms']:.0f} ms"),
                (f"class of {n}: server tracebacks", str(r["tracebacks"])),
            ]
            for name, value in rows[-5:]:  # as each size finishes: a later one may run out of time
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
    parser.add_argument("--gap", type=float, default=1.0, help="seconds from one teacher click to the next")
    args = parser.parse_args()
    run([int(n) for n in args.students.split(",") if n.strip()], args.clicks, args.budget, args.gap)


if __name__ == "__main__":
    main()
