"""Running Node for the tests of the page's JavaScript (tests/js): in CI (CI=true) a missing Node
or ESLint is a failure; elsewhere those tests skip, saying what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JS_TESTS = ROOT / "tests" / "js"


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI installs it: see .ci/run)")
    pytest.skip(what)


def node() -> str:
    """The path of ``node``, or the test fails (in CI) or skips."""
    found = shutil.which("node")
    if found is None:
        _missing("node is not installed (Debian: apt-get install nodejs)")
    return found


def eslint() -> list[str]:
    """The command running the repository's own ESLint (installed by ``npm ci``)."""
    script = ROOT / "node_modules" / "eslint" / "bin" / "eslint.js"
    if not script.exists():
        _missing("ESLint is not installed: run `npm ci` in the repository's root")
    return [node(), str(script)]


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``args`` in the repository's root, text in and out, never raising on a failure."""
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False, **kwargs)
