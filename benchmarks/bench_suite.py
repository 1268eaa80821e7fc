"""What test files cost: each run alone (``pytest -n 0``), its wall clock and the CPU time of the
processes it waits for (pytest, the servers it starts, Playwright and Chromium), with the load
average. Not counted: the upload checks' workers, children of a fork server nobody waits for.

    python benchmarks/bench_suite.py [FILE ...] [--before REF]

The suite on CI is two xdist workers on two cores, mostly busy: its time follows the CPU its files
use more than their waits, and CPU time is also the figure a shared machine inflates least. With
``--before REF`` each file is run on git REF's tests and code as well, the two runs back to back.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the files the suite's last changes touched, slowest first
DEFAULT_FILES = [
    "tests/browser/test_hostile_upload.py",
    "tests/browser/test_learning_browser.py",
    "tests/browser/test_classroom.py",
    "tests/browser/test_keyboard.py",
    "tests/test_hostile_charts.py",
]


def children_cpu() -> float:
    """User and system CPU of every finished child of this process and of the children each of
    them waited for."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_file(code: Path, test_file: str, artifacts: Path) -> dict[str, str]:
    """Run ``test_file`` of the tree at ``code`` alone; its figures as printable strings."""
    env = {**os.environ, "PYTHONPATH": str(code), "REFLEXMAP_ARTIFACTS": str(artifacts)}
    cpu, load, start = children_cpu(), os.getloadavg()[0], time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", test_file, "-q", "-n", "0", "-p", "no:cacheprovider"],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
    )
    wall, cpu = time.monotonic() - start, children_cpu() - cpu
    summary = re.findall(r"^=*\s*(\d+ (?:passed|failed).*?) in ", done.stdout, re.MULTILINE)
    return {
        "tests": summary[-1] if summary else f"exit {done.returncode}",
        "wall": f"{wall:.1f} s",
        "cpu": f"{cpu:.1f} s",
        "load": f"{load:.1f}-{os.getloadavg()[0]:.1f}",
    }


def unpack(ref: str, into: Path) -> Path:
    """git ``ref``'s tree, extracted into ``into`` (with the outlines link a checkout has)."""
    into.mkdir()
    tree = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=tree, check=True)
    if not (into / "reflexmap" / "foot_outlines").exists():
        (into / "reflexmap" / "foot_outlines").symlink_to("../assets/foot_outlines")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("files", nargs="*", default=DEFAULT_FILES, help="test files, from the repo's root")
    parser.add_argument("--before", metavar="REF", help="also run each file on git REF's tree, first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = unpack(args.before, Path(tmp) / "before") if args.before else None
        print(f"{'file':44} {'side':8} {'tests':22} {'wall':>8} {'cpu':>8}  load")
        for test_file in args.files:
            sides = [("before", before)] if before else []
            for side, code in [*sides, ("after", ROOT)]:
                if not (code / test_file).exists():
                    print(f"{test_file:44} {side:8} (no such file)")
                    continue
                row = run_file(code, test_file, Path(tmp) / "artifacts")
                figures = f"{row['tests']:22} {row['wall']:>8} {row['cpu']:>8}  {row['load']}"
                print(f"{test_file:44} {side:8} {figures}", flush=True)


if __name__ == "__main__":
    main()
