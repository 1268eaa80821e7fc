"""A class student's map outlining the teacher's zone ahead of the full update.

A teacher's click reaches each student's page first as the zone's row (see
:mod:`reflexmap.dashboard.class_panel` and ``DetailsPane.lead``): the details show it from the
page's own data. This component does the same for the map: the row's zone is drawn selected, its
pair on the other foot outlined, in the browser, before Python's restyle of the map arrives with
the full update.

The row comes as one message for the whole class (:data:`CLASS_LEAD`, ``[count, row]``, sent by
``class_panel`` with ``internals.send_to_pages``); this component hands it to the page's details
(a ``reflexmap-class-lead`` DOM event on its channel), which draw it and have the map outlined.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import param
from panel.custom import JSComponent

from ..web.assets import js
from ..web.figure import PRESENT_STYLES, ZONE_STYLES
from ..web.tap_js import PLOT_VIEW_JS, ZONES_RENDERER, hit_index
from .details import DetailsPane, next_lead
from .internals import send_to_pages
from .state import AppState

# the document-level message that carries the teacher's zone to every student's page at once
CLASS_LEAD = "reflexmap-class-lead"


class LeadOutline(JSComponent):
    """Restyles the map tagged ``channel`` for each row the details on that channel show ahead of
    Python's answer (their ``reflexmap-lead`` event): no message of its own, so a student's map
    is outlined in the same frame as the details, for nothing more on the server. Renders nothing.
    """

    channel = param.String(constant=True)
    pair = param.List(doc="Per zone row of the view drawn: its row on the other foot (-1: none).")
    present = param.Boolean(default=False, doc="Presentation mode: the projector's stronger styles.")
    zone_styles = param.Dict(default={k: list(v) for k, v in ZONE_STYLES.items()}, constant=True)
    present_zone_styles = param.Dict(default={k: list(v) for k, v in PRESENT_STYLES.items()}, constant=True)

    _esm = (
        PLOT_VIEW_JS
        + f'const RM_ZONES = "{ZONES_RENDERER}";\nconst CLASS_LEAD = "{CLASS_LEAD}";\n'
        + js("tap_highlight.js", "lead_outline.js")
    )


def lead_outline(state: AppState, channel: str) -> LeadOutline:
    """A :class:`LeadOutline` of the map on ``channel`` that follows ``state``'s view (its pairs)
    and presentation mode."""
    outline = LeadOutline(channel=channel, pair=hit_index(state.chart)["pair"], present=state.present)
    state.param.watch(lambda _e: setattr(outline, "pair", hit_index(state.chart)["pair"]), "view")
    state.param.watch(lambda e: setattr(outline, "present", e.new), "present")
    return outline


class ClassLeads:
    """The rows a teacher's change sends ahead to the students' pages, one message per distinct row
    (in practice one for the whole class), written to every page at once by
    :func:`~reflexmap.dashboard.internals.send_to_pages` when the change's :meth:`batch` ends.

    A student's page was sent its row in a message of its own before, which Bokeh serialised per
    document: most of what a hundred students cost the server before all of them saw the zone.
    """

    def __init__(self) -> None:
        self._count = 0  # the open batch's count (0: none open)
        self._pages: dict[int, list] = {}  # row -> the documents to show it

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the rows added meanwhile, and send them when the block ends."""
        outer = self._count
        if not outer:
            self._count = next_lead()
        try:
            yield
        finally:
            if not outer:
                self._send()

    def add(self, doc, details: DetailsPane, row: int) -> None:
        """Send ``row`` ahead to the page of ``doc``, whose ``details`` count it as sent (their
        next answer covers it); off a batch it goes at once."""
        with self.batch():
            details.led(self._count)
            self._pages.setdefault(row, []).append(doc)

    def _send(self) -> None:
        count, pages = self._count, self._pages
        self._count, self._pages = 0, {}
        for row, docs in pages.items():
            send_to_pages(docs, CLASS_LEAD, [count, row])


CLASS_LEADS = ClassLeads()
