"""Shared helpers: build small charts in ``tmp_path`` so each test can break exactly one thing.

Coordinates are chart millimetres (x from the medial edge, y from the back of the heel) on the
reference sole; the default square (x 30..50, y 100..120) lies well inside the arch of both feet.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reflexmap import ZoneMap, ZoneMapError, load_map
from reflexmap.problems import Problem

# Files without browser tests that still take seconds a test: they start servers, kernels, Node or a
# wheel build, or check charts in worker processes. Only the order of the files depends on this list.
SLOW_FILES = {
    "test_cli.py",
    "test_fuzz.py",
    "test_hostile_charts.py",
    "test_installed_wheel.py",
    "test_js.py",
    "test_notebooks.py",
    "test_server_language.py",
    "test_server_origins.py",
    "test_server_startup.py",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the slow files first (those with browser tests, and :data:`SLOW_FILES`), then the rest;
    in each group the files with most tests first. Within a file the order is kept.

    pytest-xdist (``--dist loadfile --no-loadscope-reorder``) hands whole files to its workers in
    this order, one as a worker frees up, so the many quick files come last and fill whichever
    worker is done first. By test count alone, xdist's own order left the heaviest files of one
    or two browser tests (an upload, nginx, several server processes) to the end, where one worker
    ran them alone while the other waited.
    """

    def slow(item: pytest.Item) -> bool:
        return item.get_closest_marker("browser") is not None or item.path.name in SLOW_FILES

    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    order = sorted(files.values(), key=lambda tests: (not any(map(slow, tests)), -len(tests)))
    items[:] = [item for tests in order for item in tests]


DEFAULT_BOX = (30.0, 100.0, 50.0, 120.0)
ZONE_PROPERTIES: dict[str, Any] = {
    "zone_id": "test-zone",
    "name": "Test zone",
    "foot": "left",
    "view": "plantar",
    "system": "digestive",
    "body_areas": ["test organ"],
    "technique": {
        "method": "thumb walking",
        "how": "Walk the thumb across the zone in short rows.",
        "direction": "from the heel toward the toes",
        "pressure": "moderate",
        "duration": "3 passes",
    },
    "caveats": ["See a doctor about anything that worries you."],
    "notes": "A zone written by a test.",
}


def square(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    """A closed counter-clockwise ring around the box."""
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def make_zone(
    zone_id: str = "test-zone",
    *,
    foot: str = "left",
    box: tuple[float, float, float, float] = DEFAULT_BOX,
    **properties: Any,
) -> dict:
    """A valid zone Feature (a fresh deep copy, safe to mutate)."""
    props = copy.deepcopy(ZONE_PROPERTIES)
    props.update(zone_id=zone_id, foot=foot, name=zone_id.replace("-", " ").capitalize())
    props.update(copy.deepcopy(properties))
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": [square(*box)]},
    }


def make_outline(foot: str, box: tuple[float, float, float, float]) -> dict:
    """An outline feature, for charts that bring their own sole."""
    return {
        "type": "Feature",
        "properties": {"kind": "outline", "foot": foot, "view": "plantar"},
        "geometry": {"type": "Polygon", "coordinates": [square(*box)]},
    }


def feature_collection(features: list[dict], chart: dict | None = None) -> dict:
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": list(features)}
    if chart is not None:
        doc["chart"] = chart
    return doc


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[..., Path]:
    """``write_json(name, obj)`` writes JSON (or raw text when ``obj`` is a str) into tmp_path."""

    def write(name: str, obj: Any) -> Path:
        path = tmp_path / name
        path.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_chart(write_json) -> Callable[..., Path]:
    """``write_chart(features=None, chart=None, name="chart.geojson")`` -> path of a single-file chart.

    Without ``features`` the chart holds one valid zone from :func:`make_zone`.
    """

    def write(features: list[dict] | None = None, chart: dict | None = None, name="chart.geojson") -> Path:
        return write_json(name, feature_collection([make_zone()] if features is None else features, chart))

    return write


@pytest.fixture(scope="session")
def default_map() -> ZoneMap:
    return load_map()


# The helpers as fixtures, so test modules need not import conftest. Session-scoped: they hold no
# state, and hypothesis tests may use them.


@pytest.fixture(scope="session", name="make_zone")
def make_zone_fixture() -> Callable[..., dict]:
    return make_zone


@pytest.fixture(scope="session", name="make_outline")
def make_outline_fixture() -> Callable[..., dict]:
    return make_outline


@pytest.fixture(scope="session", name="refused")
def refused_fixture() -> Callable[..., ZoneMapError]:
    return refused


@pytest.fixture(scope="session", name="single_problem")
def single_problem_fixture() -> Callable[..., Problem]:
    return single_problem


def refused(source: Path, **kwargs: Any) -> ZoneMapError:
    """Load ``source`` expecting a refusal; return the error."""
    with pytest.raises(ZoneMapError) as info:
        load_map(source, **kwargs)
    return info.value


def single_problem(source: Path, zone: str | None, *words: str, **kwargs: Any) -> Problem:
    """Assert ``source`` is refused for exactly one problem, reported with its file, zone and words."""
    error = refused(source, **kwargs)
    assert len(error.problems) == 1, str(error)
    problem = error.problems[0]
    text = str(error)
    assert problem.file == source.name
    assert source.name in text
    assert problem.zone == zone
    if zone is not None:
        assert f"zone '{zone}'" in text
    for word in words:
        assert word in problem.message, f"{word!r} not in {problem.message!r}"
    return problem
