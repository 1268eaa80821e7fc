"""CI's two runs (README "Continuous integration"): the pinned versions of .ci/constraints.txt for
README's test command, then the newest Panel and Bokeh pyproject.toml allows (.ci/newest)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement

tomllib = pytest.importorskip("tomllib")  # Python 3.11+, as CI runs

ROOT = Path(__file__).parents[1]


def _pins() -> dict[str, str]:
    lines = (ROOT / ".ci" / "constraints.txt").read_text().splitlines()
    return dict(line.split("==", 1) for line in lines if line and not line.startswith("#"))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_dependency_is_pinned_within_what_pyproject_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        wanted = Requirement(line)
        pinned = pins.get(_canonical(wanted.name))
        assert pinned, f"{wanted.name} is not in .ci/constraints.txt (run .ci/pin)"
        assert wanted.specifier.contains(pinned), f"{wanted.name}=={pinned} is outside {wanted.specifier}"


def test_the_main_run_installs_the_pins_and_then_tries_the_newest():
    run = (ROOT / ".ci" / "run").read_text()
    pinned = run.index('export PIP_CONSTRAINT="$PWD/.ci/constraints.txt"')
    assert pinned < run.index('eval "$cmd"') < run.index(".ci/newest")


def test_the_newest_run_upgrades_panel_and_bokeh_and_its_tests_exist():
    newest = (ROOT / ".ci" / "newest").read_text()
    stack = re.search(r"STACK=\((.*)\)", newest).group(1).split()
    assert {"panel", "bokeh"} <= set(stack)
    paths = [word.split("::")[0] for word in re.findall(r"tests/[\w/.:]+", newest)]
    assert "tests/browser/test_instant_details.py" in paths
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert not missing, f".ci/newest runs tests that are gone: {missing}"
