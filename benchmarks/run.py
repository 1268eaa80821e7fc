"""Run every benchmark and print one table: `python benchmarks/run.py` (add --no-browser to skip
the Chromium figures; add --load for the classroom load test, bench_load.py, which takes minutes).
Figures are printed, never asserted: they depend on the machine."""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_import
import bench_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium benchmarks")
    parser.add_argument("--clicks", type=int, default=60, help="clicks per page for click-to-details")
    parser.add_argument("--startups", type=int, default=5, help="server starts timed for start-up")
    parser.add_argument("--load", action="store_true", help="also run the load test (N browser sessions)")
    parser.add_argument("--sessions", default="10,30,100", help="--load: session counts, comma-separated")
    parser.add_argument("--load-clicks", type=int, default=2, help="--load: click rounds per session")
    parser.add_argument("--load-budget", type=float, default=600, help="--load: cap in seconds, all N")
    args = parser.parse_args()
    if args.load and args.no_browser:
        parser.error("--load drives Chromium; it cannot be combined with --no-browser")
    rows = bench_model.run() + bench_import.run()
    if not args.no_browser:
        import bench_browser

        rows += bench_browser.run(clicks=args.clicks, startups=args.startups)
    if args.load:
        import bench_load

        counts = [int(n) for n in args.sessions.split(",") if n.strip()]
        rows += bench_load.run(counts, clicks=args.load_clicks, budget_s=args.load_budget)
    width = max(len(name) for name, _ in rows)
    print(f"reflexmap benchmarks - Python {platform.python_version()}, {platform.machine()}")
    print("-" * (width + 40))
    for name, value in rows:
        print(f"{name:{width}s}  {value}")


if __name__ == "__main__":
    main()
