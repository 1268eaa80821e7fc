"""Run every benchmark and print one table: `python benchmarks/run.py` (add --no-browser to skip
the Chromium figures). Figures are printed, never asserted: they depend on the machine."""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium benchmarks")
    parser.add_argument("--clicks", type=int, default=60, help="clicks per page for click-to-details")
    args = parser.parse_args()
    rows = bench_model.run()
    if not args.no_browser:
        import bench_browser

        rows += bench_browser.run(clicks=args.clicks)
    width = max(len(name) for name, _ in rows)
    print(f"reflexmap benchmarks - Python {platform.python_version()}, {platform.machine()}")
    print("-" * (width + 40))
    for name, value in rows:
        print(f"{name:{width}s}  {value}")


if __name__ == "__main__":
    main()
