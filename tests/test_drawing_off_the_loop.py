"""Pictures that take seconds to draw are drawn on a worker thread, not on the event loop that
every session of the server shares (issue 18)."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import param

from reflexmap.dashboard.state import AppState

from .aio import run


def test_the_comparison_picture_is_drawn_on_a_worker_thread(default_map, monkeypatch):
    from reflexmap.dashboard.compare_panel import ComparePanel
    from reflexmap.export import compare_image

    drawn = []
    monkeypatch.setattr(
        compare_image, "render_comparison", lambda *_a: drawn.append(threading.current_thread()) or b"png"
    )
    panel = ComparePanel(state=AppState(default_map))
    other = next(c for c in panel.picker.options.values() if c)
    with param.discard_events(panel.picker):  # the handler is awaited here, not by a server
        panel.picker.value = other
    run(panel._compare(SimpleNamespace(new=other)))
    assert len(drawn) == 1 and drawn[0] is not threading.main_thread()
    assert panel.picture.object == b"png" and panel.picture.visible
    assert 'data-testid="comparison"' in panel.listing.object
