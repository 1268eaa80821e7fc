"""The page's JavaScript as JavaScript: its Node tests (tests/js/*.test.mjs) pass and ESLint finds
nothing in it (eslint.config.mjs)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .node import JS_TESTS, eslint, node, run


def test_the_javascript_unit_tests_pass():
    files = sorted(str(path) for path in JS_TESTS.glob("*.test.mjs"))
    assert len(files) >= 2
    done = run([node(), "--test", "--test-reporter=tap", *files])
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout


def test_eslint_finds_no_problem():
    done = run([*eslint(), "--max-warnings", "0"])
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


# JavaScript in a Python string is out of ESLint's reach: what looks like a function, an arrow
# function or a DOM call in one is reported.
LOOKS_LIKE_JS = re.compile(r"\bexport function\b|\bfunction\s*\w*\s*\(|=>\s*[{(]|\bdocument\.\w+")
# testing.py: the browser tests' probes of a page, not the page's code
NOT_THE_PAGES = {"testing.py"}


def javascript_in_python(package: Path) -> list[str]:
    """``file:line`` of each string constant in ``package``'s modules that looks like JavaScript."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for const in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = const.value if isinstance(const, ast.Constant) else None
            if isinstance(text, str) and LOOKS_LIKE_JS.search(text):
                found.append(f"{path.relative_to(package).as_posix()}:{const.lineno}")
    return found


def test_the_pages_javascript_lives_in_js_files(tmp_path):
    package = Path(__file__).resolve().parents[1] / "reflexmap"
    left = [place for place in javascript_in_python(package) if place.split(":")[0] not in NOT_THE_PAGES]
    assert not left, f"JavaScript in Python strings (move it to reflexmap/web/js): {left}"
    (tmp_path / "widget.py").write_text('_esm = """\nexport function render({ model }) {}\n"""\n')
    assert javascript_in_python(tmp_path) == ["widget.py:1"]  # the scan sees the old form
