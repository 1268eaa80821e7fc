"""What one session costs the server to build and keep, measured in-process: one command, seconds.

    python benchmarks/bench_session.py [--sessions 5]

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
For a before/after table run it on the older code too, e.g. ``git archive REF | tar -x -C DIR``
and ``PYTHONPATH=DIR python benchmarks/bench_session.py`` from DIR.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
import tracemalloc

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


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sessions", type=int, default=5, help="sessions built for each figure")
    rows = run(parser.parse_args().sessions)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:{width}s}  {value}")


if __name__ == "__main__":
    main()
