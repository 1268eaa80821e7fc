"""A loaded chart's dashboard is built and shown in steps, the event loop given back between them:
other sessions never wait for the whole build (about half a second on the server's one thread)."""

from __future__ import annotations

import itertools

import panel as pn
import pytest
from bokeh.document import Document

from reflexmap.dashboard import in_steps
from reflexmap.dashboard.layout import Dashboard

from .aio import run as _run


@pytest.fixture
def shown(default_map):
    """A dashboard rendered into a Bokeh document, as a session shows it; and the document."""
    doc = Document()
    dashboard = Dashboard(default_map)
    doc.add_root(dashboard.root.get_root(doc))
    return dashboard, doc


def test_a_dashboard_is_built_in_steps(default_map, monkeypatch):
    built: list[set[str]] = []
    dashboard = None

    async def pause() -> None:
        built.append(set(vars(dashboard)))

    monkeypatch.setattr(in_steps, "pause", pause)
    build = Dashboard._build

    def seen(self, *args):  # the dashboard being built, for the pauses to look at
        nonlocal dashboard
        dashboard = self
        yield from build(self, *args)

    monkeypatch.setattr(Dashboard, "_build", seen)
    result = _run(Dashboard.built_in_steps(default_map, root=pn.Column()))
    assert result is dashboard and len(built) >= 3
    # the map alone first; the layout only at the end
    assert "map" in built[0] and "details" not in built[0]
    assert all("layout" not in attributes for attributes in built)
    assert result.root.objects == [result.layout]


def test_a_new_dashboard_is_shown_in_steps_none_making_most_of_it(shown, default_map, monkeypatch):
    old, doc = shown
    fresh = Dashboard(default_map, root=pn.Column())
    before = {c: list(c.objects) for c in in_steps.containers(fresh.layout)}
    counts: list[int] = []
    shows: list[tuple] = []

    async def pause() -> None:
        counts.append(len(doc.models))
        shows.append((list(old.root.objects), fresh.layout.visible))

    monkeypatch.setattr(in_steps, "pause", pause)
    monkeypatch.setattr(in_steps, "STEP_SECONDS", 0.0)  # a component a step
    steps = _run(in_steps.show_in_steps(old.root, fresh.layout))
    made = [b - a for a, b in itertools.pairwise(counts)]
    assert steps == len(counts) > 20
    # a component a step: none makes more models than the largest component, the map's figure
    # (whose models are about half of those in the document, while Panel's take most of the time)
    assert max(made) <= len(fresh.map.figure.references()) + 2 < sum(made), made
    # meanwhile the old dashboard stays, the new one hidden beside it
    assert all(objects == [old.layout, fresh.layout] and not visible for objects, visible in shows)
    # then the old dashboard is gone from the document, the new one shown whole
    assert old.map.figure.id not in {m.id for m in doc.models}
    assert fresh.map.figure.id in {m.id for m in doc.models}
    assert old.root.objects == [fresh.layout] and fresh.layout.visible
    assert {c: list(c.objects) for c in before} == before
