"""A loaded chart's dashboard is built and shown in steps, the event loop given back between them:
other sessions never wait for the whole build (about half a second on the server's one thread)."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import threading
import time
from collections.abc import Callable

import panel as pn
import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

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


def test_a_new_dashboard_is_made_off_the_event_loop_which_keeps_turning(default_map):
    doc = Document()

    async def go():
        seen: list[tuple[int, object]] = []

        def make() -> Dashboard:
            seen.append((threading.get_ident(), pn.state.curdoc))
            return Dashboard(default_map)

        with set_curdoc(doc):
            task = asyncio.ensure_future(in_steps.off_the_loop(make))
        turns = 0
        while not task.done():
            await asyncio.sleep(0.002)
            turns += 1
        return task.result(), seen, threading.get_ident(), turns

    dashboard, seen, loop_thread, turns = _run(go())
    assert dashboard.root.objects == [dashboard.layout]
    # made on another thread, in the session (its curdoc) all the same
    assert seen == [(seen[0][0], doc)] and seen[0][0] != loop_thread
    # made on the loop, the loop would not have turned at all until it was done
    assert turns >= 3, turns


def test_a_new_dashboard_is_shown_in_steps_none_making_most_of_it(shown, default_map, monkeypatch):
    old, doc = shown
    fresh = Dashboard(default_map, root=pn.Column())
    before = {c: list(c.objects) for c in in_steps.containers(fresh.layout)}
    figure = fresh.map.figure
    parts = {part: list(getattr(figure, part)) for part in in_steps.FIGURE_PARTS}
    counts: list[int] = []
    shows: list[tuple] = []

    async def pause(_doc=None) -> None:
        counts.append(len(doc.models))
        shows.append((list(old.root.objects), fresh.layout.visible))

    monkeypatch.setattr(in_steps, "pause", pause)
    monkeypatch.setattr(in_steps, "STEP_SECONDS", 0.0)  # a component a step
    steps = _run(in_steps.show_in_steps(old.root, fresh.layout))
    made = [b - a for a, b in itertools.pairwise(counts)]
    assert steps == len(counts) > 20
    # a component a step, and the map's figure (about half of the document's models) in several:
    # added whole, it was the event loop's longest step by three times
    assert max(made) < len(figure.references()) / 2 < sum(made), made
    # meanwhile the old dashboard stays, the new one hidden beside it
    assert all(objects == [old.layout, fresh.layout] and not visible for objects, visible in shows)
    # then the old dashboard is gone from the document, the new one shown whole
    assert old.map.figure.id not in {m.id for m in doc.models}
    assert fresh.map.figure.id in {m.id for m in doc.models}
    assert old.root.objects == [fresh.layout] and fresh.layout.visible
    assert {c: list(c.objects) for c in before} == before
    assert {part: list(getattr(figure, part)) for part in in_steps.FIGURE_PARTS} == parts


class _Session:
    """Stands in for the server's session: the receiver of the document's changes, which
    ``Document.destroy`` removes when the session ends."""


@pytest.fixture
def live(shown):
    """``shown``, its document sending its changes to a session as a server's does."""
    dashboard, doc = shown
    session = _Session()
    doc.on_change_dispatch_to(session)
    return dashboard, doc, session


def _load_closing(dashboard, doc, session, monkeypatch, caplog, close_at: int) -> list[int]:
    """Load ``dashboard``'s own chart again as an upload does, the page closing (the server
    destroying the session's document) at pause number ``close_at``; the pauses made."""
    pauses: list[int] = []
    real_pause = in_steps.pause

    async def pause(doc_=None) -> None:
        pauses.append(len(pauses))
        if len(pauses) == close_at:
            doc.destroy(session)
        await real_pause(doc_)

    async def checked(*_args, **_kwargs):
        return dashboard.state.whole

    monkeypatch.setattr(in_steps, "pause", pause)
    monkeypatch.setattr(in_steps, "PAUSE_SECONDS", 0.0)
    monkeypatch.setattr("reflexmap.dashboard.chart_upload.check_upload", checked)

    async def upload() -> None:
        with set_curdoc(doc):
            dashboard.upload.deliver("again.geojson", b"{}")
            await dashboard.upload._check("again.geojson", b"{}")

    with caplog.at_level("DEBUG", logger="reflexmap"):
        _run(upload())
    return pauses


@pytest.mark.parametrize("close_at", [1, 4])
def test_a_page_closed_while_its_new_chart_is_drawn_stops_without_an_error(
    live, monkeypatch, caplog, close_at
):
    # it logged "'Document' object has no attribute '_roots'" with a traceback, and said sorry
    dashboard, doc, session = live
    pauses = _load_closing(dashboard, doc, session, monkeypatch, caplog, close_at)
    assert len(pauses) == close_at, "the build went on for a page that had closed"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    assert "its page closed" in caplog.text
    assert dashboard.state.message == ""


def test_a_new_chart_is_drawn_with_the_old_dashboard_gone_and_its_progress_shown(live, monkeypatch, caplog):
    dashboard, doc, _session = live
    old_figure = dashboard.map.figure.id
    seen: list[tuple[bool, str]] = []
    real_pause = in_steps.pause

    async def pause(doc_=None) -> None:
        ids = {m.id for m in doc.models}
        notice = [m.text for m in doc.models if "data-testid=&quot;drawing" in str(getattr(m, "text", ""))]
        seen.append((old_figure in ids, notice[0] if notice else ""))
        await real_pause(doc_)

    monkeypatch.setattr(in_steps, "pause", pause)
    monkeypatch.setattr(in_steps, "PAUSE_SECONDS", 0.0)

    async def checked(*_args, **_kwargs):
        return dashboard.state.whole

    monkeypatch.setattr("reflexmap.dashboard.chart_upload.check_upload", checked)

    async def upload() -> None:
        with set_curdoc(doc):
            await dashboard.upload._check("again.geojson", b"{}")

    _run(upload())
    assert len(seen) > 10
    # each step walks every model of the page: the old dashboard's are gone before the first
    assert not any(old for old, _ in seen), "the old dashboard stayed while the new one was added"
    values = [int(re.search(r"value=&quot;(\d+)", text).group(1)) for _, text in seen if text]
    assert values and values == sorted(values) and values[-1] == 100, values
    assert all("Drawing" in text for _, text in seen if text)
    roots = [m for m in doc.roots]
    assert not any("drawing" in str(getattr(m, "text", "")) for m in doc.models), "the notice stayed"
    assert roots
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


def _spin(seconds: float) -> None:
    """Compute (on this thread) for ``seconds`` of its CPU time, as a request being answered."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def _other_user(busy: Callable[[], bool], turns: list[float]):
    """Another session's work on the event loop: 10 ms pieces, one a turn, while ``busy()``."""

    async def work() -> None:
        while busy():
            _spin(0.01)
            turns.append(time.monotonic())
            await asyncio.sleep(0)

    return asyncio.ensure_future(work())


def test_a_pause_lasts_while_other_users_keep_the_event_loop_busy(monkeypatch):
    # with one fixed pause, a click or page load arriving in it waited for the next step of the
    # build (up to a figure's 130 ms) before its next piece could run
    monkeypatch.setattr(in_steps, "YIELD_SECONDS", 60.0)  # the cap, tested below: not on a busy machine

    async def go() -> tuple[float, list[float]]:
        turns: list[float] = []
        other = _other_user(lambda: len(turns) < 15, turns)
        await in_steps.pause()
        back = time.monotonic()
        await other
        return back, turns

    back, turns = _run(go())
    assert len(turns) == 15 and back > turns[-1], "the build went on before the other user was done"


def test_a_pause_gives_up_waiting_for_a_server_that_is_never_idle(monkeypatch):
    monkeypatch.setattr(in_steps, "YIELD_SECONDS", 0.1)

    async def go() -> bool:
        done = False
        other = _other_user(lambda: not done, [])
        # the other user never stops: a pause that waited for a quiet moment would never end
        await asyncio.wait_for(in_steps.pause(), timeout=30)
        still_busy, done = not other.done(), True
        await other
        return still_busy

    assert _run(go())
