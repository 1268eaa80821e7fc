"""What one session costs the server to build and keep, measured in-process: one command, seconds.

    python benchmarks/bench_session.py [--sessions 5] [--served 10] [--where 12]

Each session is built as `reflexmap serve` builds one when a page's websocket connects: a Bokeh
document of its own, the dashboard made inside it and its models added. The figures are
load-independent, unlike bench_click's (a real server and Chromium):

* Python memory kept per session (tracemalloc, after a collection): what the sessions allocated
  and still hold, without the interpreter's and the allocator's own overheads that RSS includes;
* CPU per session build (process time, tracing off);
* Bokeh models in a session's document, and the bytes of the document as JSON (what its page is
  first sent);
* param objects (Panel components and their parts) per session.

The first session is built and left out: it fills the per-chart caches every later one shares.
With ``--served N``, what an open page costs a real server (`reflexmap serve`, one headless
Chromium, a minute or two): one page opened, then N more, each left idle, and the difference per
page in the server's resident memory (bench_click's "server memory per open session").
``--where K`` also traces, in the server (through a ``sitecustomize`` the benchmark puts on its
path), the Python memory the N pages allocate and hold after a collection, and prints it per page
with the K places in the code that allocated most of it: set beside the in-process figure, what
serving a page adds. Its RSS figure then includes tracemalloc's own records.

For a before/after table run it on the older code too, e.g. ``git archive REF | tar -x -C DIR``
and ``PYTHONPATH=DIR python benchmarks/bench_session.py`` from DIR.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import param
from bokeh.core.json_encoder import serialize_json
from bokeh.document import Document
from panel.io.state import set_curdoc

from reflexmap import load_chart
from reflexmap.dashboard.internals import serve_stylesheets_locally
from reflexmap.dashboard.layout import create_app


def build(chart) -> Document:
    """One session's document, built as the server builds it (see server._session_app)."""
    doc = Document()
    with set_curdoc(doc):
        serve_stylesheets_locally(doc)
        create_app(chart).server_doc(doc)
    return doc


def parameterized_count() -> int:
    return sum(isinstance(o, param.Parameterized) for o in gc.get_objects())


def run(sessions: int = 5) -> list[tuple[str, str]]:
    chart = load_chart()
    kept = [build(chart)]
    gc.collect()
    objects0 = parameterized_count()
    cpu0 = time.process_time()
    kept += [build(chart) for _ in range(sessions)]
    cpu = (time.process_time() - cpu0) / sessions
    gc.collect()
    objects = (parameterized_count() - objects0) / sessions
    tracemalloc.start()
    before, _peak = tracemalloc.get_traced_memory()
    kept += [build(chart) for _ in range(sessions)]
    gc.collect()
    after, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    doc = kept[-1]
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())  # CPU time too grows on a busy machine
    sent = len(serialize_json(doc.to_json()))
    return [
        (f"Python memory kept per session (n={sessions})", f"{(after - before) / sessions / 1e6:.2f} MB"),
        ("CPU per session build", f"{1000 * cpu:.0f} ms (load {load})"),
        ("Bokeh models in a session's document", f"{len(doc.models)}"),
        ("the document as JSON (the page's first load)", f"{sent / 1e3:,.0f} kB"),
        ("param objects per session", f"{objects:.0f}"),
    ]


# Put on the served process's path as sitecustomize.py (--where). The first SIGUSR1 starts
# tracemalloc (not from the start: eight frames a block would slow the server's start-up
# manyfold); the next writes the Python memory allocated since and still held, after a
# collection, and where it was allocated, to the file named in the environment.
SERVED_PROBE = """
import gc, os, pickle, signal, tracemalloc
def _report(*_args):
    gc.collect()
    tracing = tracemalloc.is_tracing()
    found = (tracemalloc.get_traced_memory()[0], tracemalloc.take_snapshot()) if tracing else (0, None)
    tracemalloc.start(8)
    with open(os.environ["RM_TRACE_FILE"] + ".part", "wb") as out:
        pickle.dump(found, out)
    os.replace(os.environ["RM_TRACE_FILE"] + ".part", os.environ["RM_TRACE_FILE"])
signal.signal(signal.SIGUSR1, _report)
"""
SETTLE_S = 4.0  # pages open and idle this long before the server's memory is read


def served(pages: int, where: int) -> list[tuple[str, str]]:
    """Memory per open Chromium page on a real server (see the module's doc)."""
    from playwright.sync_api import sync_playwright

    from reflexmap.testing import launch_chromium, run_server

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_browser import RENDERED_JS
    from bench_load import rss_mb

    def read(pid: int, report: Path) -> tuple[float, Any]:
        time.sleep(SETTLE_S)
        if not where:
            return rss_mb([pid]), None
        report.unlink(missing_ok=True)
        os.kill(pid, signal.SIGUSR1)
        while not report.exists():
            time.sleep(0.1)
        return rss_mb([pid]), pickle.loads(report.read_bytes())

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        probe, report = Path(tmp, "probe"), Path(tmp, "traced")
        probe.mkdir()
        (probe / "sitecustomize.py").write_text(SERVED_PROBE)
        code = os.environ.get("PYTHONPATH", str(Path.cwd()))
        env = {"PYTHONPATH": os.pathsep.join([str(probe), code]), "RM_TRACE_FILE": str(report)}
        browser = launch_chromium(pw)
        opened = []
        with run_server(log_dir=Path(tmp), env=env if where else None, timeout=180) as server:

            def open_page() -> None:
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                page.goto(server.url, timeout=180_000)
                page.wait_for_function(RENDERED_JS, polling="raf", timeout=180_000)
                opened.append(page)

            open_page()
            rss_one, _started = read(server.pid, report)  # (--where: tracing starts here)
            for _ in range(pages):
                open_page()
            rss_all, traced_all = read(server.pid, report)
        browser.close()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    rss = f"{(rss_all - rss_one) / pages:.2f} MB (load {load})" + (", tracemalloc on" if where else "")
    rows = [(f"server memory per open page (RSS, n={pages})", rss)]
    if where:
        held, snapshot = traced_all  # what the pages opened after the first allocated and hold
        rows.append((f"Python memory held per open page (n={pages})", f"{held / pages / 1e6:.2f} MB"))
        for stat in snapshot.statistics("traceback")[:where]:
            frames = [f"{f.filename.split('site-packages/')[-1]}:{f.lineno}" for f in stat.traceback]
            rows.append((f"{stat.size / pages / 1e3:6.1f} kB a page", " <- ".join(frames[::-1][:4])))
    return rows


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sessions", type=int, default=5, help="sessions built for each figure")
    parser.add_argument("--served", type=int, default=0, help="also open this many pages on a real server")
    parser.add_argument("--where", type=int, default=0, metavar="K", help="with --served: the K top places")
    args = parser.parse_args()
    rows = run(args.sessions) if args.sessions else []
    if args.served:
        rows += served(args.served, args.where)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:{width}s}  {value}")


if __name__ == "__main__":
    main()
