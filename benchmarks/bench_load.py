"""A classroom on one machine: one `reflexmap serve`, N real browser sessions, on loopback only.

    python benchmarks/bench_load.py --sessions 10,30,100 --clicks 2 [--budget 600] [--batch 5]

For each N a fresh server is started (reflexmap.testing.run_server) and one headless Chromium
opens N sessions, each in its own browser context (1024x768), a few at a time so that a 2-core
machine keeps up. Then every session:

* clicks ``--clicks`` zones of its own, alternating feet (session i's k-th click is zone i+k of
  the chart's zone list), all sessions clicking in turn within a round ("burst": the requests are
  in flight together, as when a class follows an instruction), then a few sessions click once
  more one at a time ("one at a time": N sessions open, one request in flight);
* types a search of its own (the name of its first zone) and must see its own match count;
* must end showing its own last zone in the details pane (data-zone/data-foot) and no other.

Measured: the server's CPU time during the burst rounds, less its idle rate, divided by their
clicks (what a tap costs the server itself, whatever the browsers on the same cores add); the
server's resident memory (VmRSS of its process) before any browser session (the server has
answered one page request, so imports are warm) and with the N sessions open and idle, hence MB
per session;
click-to-details timed inside each page with bench_browser.INSTRUMENT_JS
(pointerdown to the details of that zone in that page's DOM, which the page shows from its own
data), and click-to-server-answer (until the server's answer to that tap is in the page: the map
restyled, the details confirmed), p50/p95 across all sessions' clicks.
Then the sessions close; once the server has dropped them (EXPIRE_S) its RSS is read again, and
for N <= LEAK_CHECK_MAX_N a second wave of N sessions opens, clicks once and closes: memory that
comes back to the same figure after the second wave is Python keeping freed memory, memory that
grows again would be a leak. Also reported: browser console errors, server log lines with
"Traceback" or "ERROR", and the
Chromium processes' memory (PSS) for context. The browser runs on the same cores as the server, so
the click times include the browser's own work for N pages: on a small machine they are a
pessimistic figure for N separate computers.

The whole run is capped (``--budget`` seconds, for all N together); when the cap is reached the
remaining steps are skipped and listed.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench_browser import INSTRUMENT_JS, pct, want
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from reflexmap import load_chart
from reflexmap.testing import DATA_TO_PIXELS_JS, TAP_GAP_S, launch_chromium, run_server, zone_display_point

VIEWPORT = {"width": 1024, "height": 768}
SEARCH_BOX = "liver, headache, lower back..."
QUIET_CLICKS = 20  # sessions that click once more, one at a time
SETTLE_S = 5.0  # idle time before reading the server's memory with every session open
IDLE_CPU_S = 3.0  # then its CPU use while idle is read over this long
# Bokeh drops a session 15 s after its last websocket closed and looks every 17 s: wait past both
EXPIRE_S = 40.0
LEAK_CHECK_MAX_N = 30  # a second wave of sessions, to tell a leak from memory Python keeps
LOG_PROBLEM = re.compile(r"Traceback|\bERROR\b")


class Budget:
    """Seconds left of the cap shared by every N; ``spent`` tells whether the cap has been hit."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    @property
    def spent(self) -> bool:
        return self.left() <= 0

    def timeout_ms(self, most: float) -> float:
        """A wait's timeout: at most ``most`` seconds, less near the cap (but 5 s to finish a step)."""
        return 1000 * max(5.0, min(most, self.left()))


@dataclass
class Session:
    index: int
    page: object
    context: object
    zones: list[tuple[str, str]] = field(default_factory=list)  # clicked so far, in order
    term: str = ""
    timed: int = 0  # clicks the page should have timed once the last click is answered
    errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # wrong or missing answers


def zone_pairs(chart) -> list[tuple[str, str]]:
    """Every (zone, foot) of the chart, feet alternating, each checked to be clickable at its point."""
    by_foot = {
        foot: [z for z, f in zip(chart.zones["zone_id"], chart.zones["foot"], strict=True) if f == foot]
        for foot in chart.feet
    }
    pairs = []
    for left, right in zip(by_foot["left"], by_foot["right"], strict=False):
        pairs += [(left, "left"), (right, "right")]
    clickable = []
    for zone_id, foot in pairs:
        inside = chart.inner_point(zone_id, foot)
        hits = chart.locate_chart(foot, [inside.x], [inside.y])[0]
        if hits and hits[0] == zone_id:  # a click there names the smallest zone under it: this one
            clickable.append((zone_id, foot))
    return clickable


def rss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def cpu_s(pids: list[int]) -> float:
    """User plus system CPU seconds the processes have used so far (Linux /proc)."""
    ticks = 0
    for pid in pids:
        # the fields after the command name, which is in parentheses and may hold spaces
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            children = [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            continue
        found += children
        todo += children
    return found


def pss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


def click(session: Session, chart, zone_id: str, foot: str) -> None:
    """Click inside the zone, scrolling it into the window first as a person would."""
    page = session.page
    x, y = zone_display_point(chart, zone_id, foot)
    px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])
    if not 0 <= py < VIEWPORT["height"]:
        page.evaluate("dy => window.scrollBy(0, dy)", py - VIEWPORT["height"] / 2)
        time.sleep(0.2)
        px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])
    # the click is answered when the page has timed one more server answer than before it
    want(page, zone_id, foot, confirm=True)
    session.timed = page.evaluate("() => window.__conf.length + 1")
    page.mouse.click(px, py)
    session.zones.append((zone_id, foot))


def shown(session: Session) -> list[tuple[str, str]]:
    """The (zone, foot) of every details pane the page shows (one, if all is well)."""
    loc = session.page.locator("[data-testid=details]")
    return [
        (loc.nth(i).get_attribute("data-zone"), loc.nth(i).get_attribute("data-foot"))
        for i in range(loc.count())
    ]


def wait_answer(session: Session, budget: Budget) -> bool:
    """Wait until the server has answered the last click; record a problem if it does not."""
    try:
        session.page.wait_for_function(
            f"() => window.__conf.length >= {session.timed}", timeout=budget.timeout_ms(30)
        )
        return True
    except PlaywrightError:
        session.problems.append(f"clicked {session.zones[-1]}: no details in 30 s, shows {shown(session)}")
        return False


def open_sessions(browser, url: str, n: int, batch: int, budget: Budget, skipped: list[str]):
    """Open ``n`` sessions, ``batch`` loading together; return (ready sessions, failures)."""
    sessions: list[Session] = []
    failures: list[str] = []
    for first in range(0, n, batch):
        if budget.spent:
            skipped.append(f"N={n}: opened {len(sessions)} of {n} sessions before the cap")
            break
        fresh = []
        for i in range(first, min(n, first + batch)):
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            s = Session(i, page, context)
            page.on("console", lambda m, s=s: m.type == "error" and s.errors.append(m.text))
            page.on("pageerror", lambda e, s=s: s.errors.append(str(e)))
            page.goto(url, wait_until="commit", timeout=budget.timeout_ms(60))
            fresh.append(s)
        for s in fresh:  # loading together, waited for in turn
            try:
                s.page.wait_for_selector("canvas", timeout=budget.timeout_ms(120))
                s.page.wait_for_function(
                    "() => window.Bokeh && Object.keys(Bokeh.index).length > 0",
                    timeout=budget.timeout_ms(60),
                )
                s.page.locator("[data-testid=details-empty]").wait_for(timeout=budget.timeout_ms(60))
            except PlaywrightError as exc:
                failures.append(f"session {s.index} did not open: {str(exc).splitlines()[0]}")
                s.context.close()
            else:
                sessions.append(s)
    return sessions, failures


def click_rounds(sessions, chart, pairs, clicks: int, budget: Budget, skipped, label):
    """Every session clicks once per round, all in turn, then each waits for its own details.

    Returns the click-to-details and click-to-server-answer times and, per round, the seconds
    from the first click to the last (how close together the class clicked).
    """
    spans: list[float] = []
    for s in sessions:
        s.page.evaluate(INSTRUMENT_JS)
    for k in range(clicks):
        if budget.spent:
            skipped.append(f"{label}: click rounds {k + 1}-{clicks} (cap)")
            break
        t0 = time.perf_counter()
        for s in sessions:
            click(s, chart, *pairs[(s.index + k) % len(pairs)])
        spans.append(time.perf_counter() - t0)
        for s in sessions:
            if wait_answer(s, budget) and shown(s) != [s.zones[-1]]:
                s.problems.append(f"round {k + 1}: shows {shown(s)}, clicked {s.zones[-1]}")
        time.sleep(TAP_GAP_S)  # not part of the figure: keeps Bokeh from reading a double tap
    shown_at = [t for s in sessions for t in s.page.evaluate("() => window.__lat")]
    answered_at = [t for s in sessions for t in s.page.evaluate("() => window.__conf")]
    return shown_at, answered_at, spans


def quiet_clicks(sessions, chart, pairs, budget: Budget, skipped, label):
    """A few sessions click once more, one at a time, with every session still open.

    Returns the click-to-details and the click-to-server-answer times.
    """
    shown_at: list[float] = []
    answered_at: list[float] = []
    for s in sessions[:QUIET_CLICKS]:
        if budget.spent:
            skipped.append(f"{label}: one-at-a-time clicks after {len(shown_at)} (cap)")
            break
        click(s, chart, *pairs[(s.index + len(s.zones)) % len(pairs)])
        if wait_answer(s, budget):
            shown_at.append(s.page.evaluate("() => window.__lat")[-1])
            answered_at.append(s.page.evaluate("() => window.__conf")[-1])
    return shown_at, answered_at


def searches(sessions, chart, pairs, budget: Budget, skipped, label) -> None:
    """Each session types the name of its first zone and must see that search's own count."""
    for done, s in enumerate(sessions):
        if budget.spent:
            skipped.append(f"{label}: searches after {done} of {len(sessions)} (cap)")
            break
        first = s.zones[0] if s.zones else pairs[s.index % len(pairs)]
        s.term = chart.zone(*first).name
        s.page.get_by_placeholder(SEARCH_BOX).press_sequentially(s.term, delay=20)
    for s in sessions:
        if s.term:
            expected = len(chart.find(s.term))
            want = f'{expected} match{"es" if expected != 1 else ""} for "{s.term}"'
            try:
                s.page.get_by_text(want).wait_for(timeout=budget.timeout_ms(30))
            except PlaywrightError:
                s.problems.append(f"search {s.term!r}: no {want!r}")


def run_one(browser, chart, pairs, n: int, clicks: int, batch: int, budget: Budget, skipped: list[str]):
    """One server, ``n`` sessions: the rows of the table for this N."""
    with tempfile.TemporaryDirectory() as tmp:
        with run_server(log_dir=Path(tmp)) as server:
            pids = server.pids()
            before = rss_mb(pids)
            t0 = time.perf_counter()
            sessions, failures = open_sessions(browser, server.url, n, batch, budget, skipped)
            opened = time.perf_counter() - t0
            time.sleep(SETTLE_S)
            idle = rss_mb(pids)
            # the server's rate with every session open and nobody clicking, once the opening is done
            idle_cpu = cpu_s(pids)
            time.sleep(IDLE_CPU_S)
            idle_cpu = (cpu_s(pids) - idle_cpu) / IDLE_CPU_S
            browser_pss = pss_mb(sorted(set(descendants(os.getpid())) - set(pids)))
            label = f"N={n}" if len(sessions) == n else f"N={n} ({len(sessions)} opened)"

            cpu_before, t_before = cpu_s(pids), time.perf_counter()
            burst, burst_server, spans = click_rounds(sessions, chart, pairs, clicks, budget, skipped, label)
            # less what the server does when nobody clicks (keep-alive, its timers)
            burst_cpu = cpu_s(pids) - cpu_before - idle_cpu * (time.perf_counter() - t_before)
            quiet, quiet_server = quiet_clicks(sessions, chart, pairs, budget, skipped, label)
            searches(sessions, chart, pairs, budget, skipped, label)
            after = rss_mb(pids)
            for s in sessions:  # in the end each session shows its own last zone, and only that
                if s.zones and shown(s) != [s.zones[-1]]:
                    s.problems.append(f"at the end shows {shown(s)}, its last click was {s.zones[-1]}")
            for s in sessions:
                s.context.close()
            closed = []  # server RSS once the sessions of each wave have closed and expired
            if sessions and budget.left() > EXPIRE_S + 10:
                time.sleep(EXPIRE_S)
                closed.append(rss_mb(pids))
            if closed and n <= LEAK_CHECK_MAX_N and budget.left() > 2 * EXPIRE_S:
                wave, _ = open_sessions(browser, server.url, n, batch, budget, skipped)
                for s in wave:
                    s.page.evaluate(INSTRUMENT_JS)
                    click(s, chart, *pairs[s.index % len(pairs)])
                    wait_answer(s, budget)
                    s.context.close()
                time.sleep(EXPIRE_S)
                closed.append(rss_mb(pids))
        log_text = server.log_path.read_text()

    log_problems = [line for line in log_text.splitlines() if LOG_PROBLEM.search(line)]
    errors = Counter(e for s in sessions for e in s.errors)
    correct = sum(not s.problems for s in sessions)
    rows = [
        (f"{label}: sessions opened / time to open them", f"{len(sessions)} / {opened:.1f} s"),
        (f"{label}: server RSS before sessions -> N open, idle", f"{before:.0f} MB -> {idle:.0f} MB"),
    ]
    if sessions:
        rows.append((f"{label}: server memory per open session", f"{(idle - before) / len(sessions):.1f} MB"))
    rows.append((f"{label}: server RSS after the clicks and searches", f"{after:.0f} MB"))
    if closed:
        waves = " -> ".join(f"{mb:.0f} MB" for mb in closed)
        what = "after all closed and expired" + (", then after a 2nd wave of N" if len(closed) > 1 else "")
        rows.append((f"{label}: server RSS {what}", waves))
    rows.append((f"{label}: Chromium, all processes (PSS)", f"{browser_pss:.0f} MB"))
    spread = f"all sessions click within {statistics.mean(spans):.1f} s" if spans else ""
    for what, name, values in (
        ("click-to-details", f"burst ({spread})", burst),
        ("click-to-server-answer", "burst", burst_server),
        ("click-to-details", "one at a time", quiet),
        ("click-to-server-answer", "one at a time", quiet_server),
    ):
        if values:
            figure = f"p50 {statistics.median(values):.0f} ms, p95 {pct(values, 0.95):.0f} ms"
            rows.append((f"{label}: {what}, {name}, n={len(values)}", figure))
    if burst:
        # what one tap costs the server itself, however long the co-located browsers took
        per_click = f"{1000 * burst_cpu / len(burst):.1f} ms (idle: {100 * idle_cpu:.1f}% of a core)"
        rows.append((f"{label}: server CPU per click, burst", per_click))
    checked = any(s.zones or s.term for s in sessions)
    answers = f"{correct} of {len(sessions)}" if checked else "not checked (cap)"
    rows.append((f"{label}: sessions with only their own answers", answers))
    rows += [(f"{label}:   ", failure[:160]) for failure in failures]
    rows += [(f"{label}:   session {s.index}", problem) for s in sessions for problem in s.problems[:3]]
    rows.append((f"{label}: browser console errors", str(sum(errors.values()))))
    rows += [(f"{label}:   {count}x", message[:160]) for message, count in errors.most_common(3)]
    rows.append((f"{label}: server log lines with Traceback/ERROR", str(len(log_problems))))
    rows += [(f"{label}:  ", line[:160]) for line in log_problems[:3]]
    return rows


def run(sessions=(10, 30, 100), clicks: int = 2, budget_s: float = 600, batch: int = 5):
    chart = load_chart()
    pairs = zone_pairs(chart)
    budget = Budget(budget_s)
    rows: list[tuple[str, str]] = []
    skipped: list[str] = []
    t0 = time.perf_counter()
    with sync_playwright() as pw:
        for n in sorted(sessions):
            if budget.left() < 10:  # not even time to start a server and open a page
                skipped.append(f"N={n}: not started (cap of {budget_s:.0f} s reached)")
                continue
            browser = launch_chromium(pw)
            try:
                rows += run_one(browser, chart, pairs, n, clicks, batch, budget, skipped)
            finally:
                browser.close()
    rows.append(("load test: zones used (distinct zone/foot pairs)", str(len(pairs))))
    rows.append(("load test: total time / cap", f"{time.perf_counter() - t0:.0f} s / {budget_s:.0f} s"))
    rows += [("load test: SKIPPED", what) for what in skipped]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", default="10,30,100", help="session counts, comma-separated")
    parser.add_argument("--clicks", type=int, default=2, help="click rounds per session (feet alternate)")
    parser.add_argument("--budget", type=float, default=600, help="cap in seconds for all N together")
    parser.add_argument("--batch", type=int, default=5, help="sessions opened together")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",") if n.strip()]
    rows = run(counts, clicks=args.clicks, budget_s=args.budget, batch=args.batch)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:{width}s}  {value}")


if __name__ == "__main__":
    main()
