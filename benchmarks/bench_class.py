"""A live class on one machine: a teacher's click reaching every student's details, on loopback.

    python benchmarks/bench_class.py --students 30,100 --clicks 8 [--budget 240] [--profile DIR]
        [--before REV]

With ``--before REV`` (a git revision, e.g. the merge base) each class size is run first on that
revision's code (``git archive`` into a temporary folder; the teacher's page is served by it too)
and then on this checkout's, back to back, and a before/after table is printed at the end.

For each N a fresh server is started (reflexmap.testing.run_server). The teacher is a real
headless Chromium page (``?teach=1``: the teacher key lives in that browser's storage). The N
students are light websocket clients, not browsers (a hundred Chromium pages do not fit a small
machine's memory, and their drawing would take the server's cores): see ``class_students``. Each
is a session of its own, as a page is to the server (it pulls the whole document and takes every
patch), but it only reads the bytes for the markers it times; the students run in a process of
their own, whose CPU is printed apart from the server's.

Then the teacher clicks ``--clicks`` zones, one every ``--gap`` seconds. Measured per click, from
just before the teacher's mouse click:

* "sees the zone": until each student's socket has the message that makes the page show that
  zone (details and outline): the zone's row sent ahead (``lead``, the page draws from the data it
  holds, as for a tap) or, where none is sent, the details' HTML itself (``data-zone="…"``);
* "full update": until the patch with the details' HTML (Python's whole answer: address and the
  rest come in the same update) has arrived. A student whose update is still waiting when the
  teacher clicks again is brought to the newer zone instead: counted as "overtaken", not timed.

p50/p95/max over all students and clicks; the server's CPU time per teacher click (user +
system: the teacher's own session and the N students' updates), the students' process's CPU per
click, and the load average beside the wall-clock figures (the machine may be shared). With
``--profile DIR`` py-spy samples the server during the clicks and the functions with the most
samples are printed (the raw stacks and the server's log are left in DIR). All on 127.0.0.1; the
run is capped by ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_browser import pct
from bench_load import cpu_s
from class_students import StudentProcess
from playwright.sync_api import sync_playwright

from reflexmap import load_chart
from reflexmap.testing import DATA_TO_PIXELS_JS, launch_chromium, run_server, zone_display_point
from reflexmap.web.details_html import row_index

ZONES = [("liver", "right"), ("heart", "left"), ("kidney", "left"), ("lungs", "right"), ("stomach", "left")]


def run_one(
    browser, chart, n: int, clicks: int, deadline: float, gap: float = 1.0, profile=None, code=None
) -> dict:
    """One class of ``n``; ``code``: the folder of the reflexmap to serve (None: this one)."""
    env = {"PYTHONPATH": str(code)} if code else None
    with tempfile.TemporaryDirectory() as tmp, run_server(log_dir=Path(tmp), env=env) as server:
        url = server.url
        page = browser.new_context(viewport={"width": 1280, "height": 2000}).new_page()
        page.goto(url + "?teach=1")
        page.wait_for_function("() => location.search.includes('class=')", timeout=60_000)
        page.locator("[data-testid=class-code]").wait_for(timeout=60_000)
        code = page.locator("[data-testid=class-code]").inner_text()
        page.wait_for_function("() => window.Bokeh && Object.keys(Bokeh.index).length > 0")
        students = StudentProcess(url, code, n, join_timeout=max(30, deadline - time.time() - 60))
        n = students.n
        page.locator("[data-testid=class-tally]").filter(has_text=f"{n} student").wait_for(timeout=60_000)
        time.sleep(2.0)  # the last students' documents are sent
        latencies, full, missing, overtaken, done = [], [], 0, 0, 0
        rows = row_index(chart)
        name = f"server-{n}{'-before' if code else ''}"
        spy = py_spy(server.pid, profile / f"{name}.txt") if profile else None
        cpu_from, theirs_from, load_from = cpu_s([server.pid]), students.cpu_s(), os.getloadavg()
        for k in range(clicks):
            if time.time() > deadline:
                break
            zone_id, foot = ZONES[k % len(ZONES)]
            students.expect(k, zone_id, rows[zone_id, foot])
            x, y = zone_display_point(chart, zone_id, foot)
            px, py = page.evaluate(DATA_TO_PIXELS_JS, [x, y])  # the viewport is tall enough for the map
            t0 = time.monotonic()
            page.mouse.click(px, py)
            until = t0 + 10
            while len(got := students.report(k)[0]) < n and time.monotonic() < until:
                time.sleep(0.02)
            latencies += [(t - t0) * 1000 for t in got]
            missing += n - len(got)
            done += 1
            time.sleep(max(0.0, t0 + gap - time.monotonic()))
            updated = students.report(k)[1]  # until the next click: later ones are overtaken
            full += [(t - t0) * 1000 for t in updated]
            overtaken += n - len(updated)
        cpu = cpu_s([server.pid]) - cpu_from
        theirs = students.cpu_s() - theirs_from
        load = (load_from[0] + os.getloadavg()[0]) / 2
        top = stop_py_spy(spy) if spy else []
        students.close()
        page.context.close()
        log = server.log_path.read_text()
    if profile:
        (profile / f"{name}.log").write_text(log)
    return {
        "n": n,
        "clicks": done,
        "join_s": students.join_s,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": pct(latencies, 0.95) if latencies else float("nan"),
        "max": max(latencies, default=float("nan")),
        "missing": missing,
        "full_p50": statistics.median(full) if full else float("nan"),
        "full_p95": pct(full, 0.95) if full else float("nan"),
        "overtaken": overtaken,
        "cpu_ms": cpu / done * 1000 if done else float("nan"),
        "client_cpu_ms": theirs / done * 1000 if done else float("nan"),
        "load": load,
        "tracebacks": log.count("Traceback"),
        "errors": _errors(log),
        "top": top,
    }


def _errors(log: str) -> list[str]:
    """The last line of each traceback in a server log (the exception), once each."""
    found = []
    for block in log.split("Traceback (most recent call last):")[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith((" ", "\t"))]
        if lines and lines[0] not in found:
            found.append(lines[0][:200])
    return found


def py_spy(pid: int, out: Path) -> tuple[subprocess.Popen, Path]:
    """Sample ``pid`` with py-spy (folded stacks into ``out``) until :func:`stop_py_spy`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    command = ["py-spy", "record", "--pid", str(pid), "--format", "raw", "--output", str(out)]
    command += ["--rate", "200", "--nonblocking"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), out


def stop_py_spy(spy: tuple[subprocess.Popen, Path], count: int = 15) -> list[tuple[str, float]]:
    """Stop the sampling; the ``count`` functions in most samples, with their share (inclusive)."""
    process, out = spy
    process.send_signal(2)  # py-spy writes its file on SIGINT
    process.wait(30)
    if not out.exists():
        return []
    inclusive, total = Counter(), 0
    for line in out.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if not samples.isdigit():  # a frame's name may hold a newline (a docstring): its tail
            continue
        total += int(samples)
        for frame in {_function(f) for f in stack.split(";")}:
            inclusive[frame] += int(samples)
    # the event loop and the server's start are in nearly every sample: what is under them
    shares = [(name, n / total) for name, n in inclusive.most_common() if n / total < 0.9] if total else []
    return shares[:count]


def _function(frame: str) -> str:
    """``name (path/file.py:12)`` as ``name (file.py)``: one entry per function, not per line."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.split(':')[0].rsplit('/', 1)[-1]})"


def run(
    counts=(30, 100),
    clicks: int = 8,
    budget_s: float = 240,
    gap: float = 1.0,
    profile: Path | None = None,
    before: str | None = None,
) -> list[tuple[str, str]]:
    chart = load_chart()
    deadline = time.time() + budget_s * (2 if before else 1)
    rows, table = [], []
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        browser = launch_chromium(pw)
        versions = (
            [(f"before ({before})", checkout(before, stack)), ("now", None)] if before else [("", None)]
        )
        for n in counts:
            for label, code in versions:
                if time.time() > deadline:
                    rows.append((f"{label} class of {n}".strip(), "skipped: budget spent"))
                    continue
                r = run_one(browser, chart, n, clicks, deadline, gap, profile, code)
                table.append((label, n, r))
                found = _rows(r, n, gap, label)
                rows += found
                for name, value in found:  # as each run finishes: a later one may run out of time
                    print(f"{name}  {value}", flush=True)
        browser.close()
    if before:
        print()
        print("| students | code | every student sees the zone | full update | server CPU per click | load |")
        print("|---|---|---|---|---|---|")
        for label, n, r in table:
            seen = f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, max {r['max']:.0f} ms"
            full = f"p50 {r['full_p50']:.0f} ms, p95 {r['full_p95']:.0f} ms"
            print(f"| {r['n']} of {n} | {label} | {seen} | {full} | {r['cpu_ms']:.0f} ms | {r['load']:.1f} |")
    return rows


def _rows(r: dict, n: int, gap: float, label: str) -> list[tuple[str, str]]:
    size = f"{n}" if r["n"] == n else f"{n} ({r['n']} joined within the budget)"
    n = f"{label} class of {size}".strip()
    rows = [
        (f"{n}: students joined (light websocket sessions)", f"{r['join_s']:.1f} s"),
        (
            f"{n}: teacher click -> every student sees the zone",
            f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, max {r['max']:.0f} ms "
            f"({r['clicks']} clicks x {r['n']}, {r['missing']} missed)",
        ),
        (
            f"{n}: teacher click -> student's full update",
            f"p50 {r['full_p50']:.0f} ms, p95 {r['full_p95']:.0f} ms "
            f"({r['overtaken']} overtaken by the next click {gap:g} s later)",
        ),
        (f"{n}: server CPU per teacher click", f"{r['cpu_ms']:.0f} ms"),
        (f"{n}: students' process CPU per teacher click", f"{r['client_cpu_ms']:.0f} ms"),
        (f"{n}: load average during the clicks", f"{r['load']:.1f}"),
        (f"{n}: server tracebacks", str(r["tracebacks"])),
    ]
    rows += [(f"{n}: server error", error) for error in r["errors"]]
    rows += [(f"{n}: server samples in {name}", f"{share:.0%}") for name, share in r["top"]]
    return rows


def checkout(revision: str, stack: contextlib.ExitStack) -> Path:
    """``revision``'s files (``git archive``) in a temporary folder that ``stack`` removes."""
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", default="30,100", help="class sizes, comma-separated")
    parser.add_argument("--clicks", type=int, default=8, help="teacher clicks per class size")
    parser.add_argument("--budget", type=float, default=240, help="cap in seconds for the whole run")
    parser.add_argument("--gap", type=float, default=1.0, help="seconds from one teacher click to the next")
    parser.add_argument("--profile", type=Path, help="sample the server with py-spy, stacks into this folder")
    parser.add_argument("--before", help="a git revision to run first, for a before/after table")
    args = parser.parse_args()
    counts = [int(n) for n in args.students.split(",") if n.strip()]
    run(counts, args.clicks, args.budget, args.gap, args.profile, args.before)


if __name__ == "__main__":
    main()
