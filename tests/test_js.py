"""The page's JavaScript as JavaScript: its Node tests (tests/js/*.test.mjs) pass and ESLint finds
nothing in it (eslint.config.mjs)."""

from __future__ import annotations

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
