"""Import cost of the exports: `python benchmarks/bench_import.py`.

Each module is imported in a fresh interpreter; the figure is that process's CPU time (user +
system, median of a few runs), which a busy machine inflates far less than wall-clock time, and
which libraries came with it. Before the Panel-free web layer (issue 17) the PDF export imported
Panel: 2.0 s of CPU for ``reflexmap.export.pdf`` on the development machine, 0.6 s after.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

MODULES = ("reflexmap.model", "reflexmap.export.pdf", "reflexmap.export.images", "reflexmap.export.html")
PROBE = """
import json, resource, sys
import {module}
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps([use.ru_utime + use.ru_stime, [m for m in ("panel", "bokeh") if m in sys.modules]]))
"""


def import_cost(module: str, runs: int = 3) -> tuple[float, list[str]]:
    """Median CPU seconds of a fresh interpreter importing ``module``, and the big libraries it loaded."""
    times, loaded = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module)], capture_output=True, text=True, check=True
        )
        cpu, loaded = json.loads(done.stdout)
        times.append(cpu)
    return statistics.median(times), loaded


def run() -> list[tuple[str, str]]:
    """One row per module: CPU seconds to import it and the libraries it pulled in."""
    rows = []
    for module in MODULES:
        cpu, loaded = import_cost(module)
        rows.append(
            (f"import {module} (CPU)", f"{cpu:.2f} s, loads {', '.join(loaded) or 'neither panel nor bokeh'}")
        )
    rows.append(("load average during the imports", " ".join(f"{x:.1f}" for x in os.getloadavg())))
    return rows


if __name__ == "__main__":
    for name, value in run():
        print(f"{name:45} {value}")
