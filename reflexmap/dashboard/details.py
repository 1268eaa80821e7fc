"""The details pane: everything about the selected zone, as escaped HTML."""

from __future__ import annotations

import itertools

import param
from panel.custom import JSComponent
from panel.viewable import Viewer

from ..web.assets import js
from ..web.details_html import (
    EMPTY,
    all_details_html,
    empty_html,
    guess_html,
    quizzing_html,
    row_index,
)
from ..web.style import CSS, PHONE_MEDIA
from ..web.tap_js import SHOW_HTML_JS
from .errors import guarded
from .internals import not_busy, send_at_once, write_quietly
from .state import AppState

# One count for the rows sent ahead to every page: a class's row goes to a hundred pages in one
# message (class_panel), under one number, and each page must see its counts grow.
_LEADS = itertools.count(1)


def next_lead() -> int:
    """A fresh count for a row sent ahead (see :meth:`DetailsPane.lead`)."""
    return next(_LEADS)


def zone_html(state: AppState) -> str:
    """HTML for the selected zone (or the empty state); see
    :func:`reflexmap.web.details_html.zone_details_html`.

    During a quiz, and while a presenting teacher has names hidden and this one not yet revealed,
    the details would give the answer away, so a short note stands in for them.
    """
    if state.quizzing:
        return quizzing_html(state._)
    shown = shown_zone(state)
    if shown is None:
        return empty_html(state._) if state.selected is None else guess_html(state._)
    # the rows the page holds, made once per chart and language: the same HTML, not made again
    return all_details_html(state.chart, state.lang)[row_index(state.chart)[shown]]


def shown_zone(state: AppState) -> tuple[str, str] | None:
    """The selected ``(zone_id, foot)`` where its details may name it: not during a quiz, nor while
    a presenting teacher has names hidden and this one not yet revealed (None then, or with no
    zone selected)."""
    selected = state.selected
    if selected is None or state.quizzing:
        return None
    if state.names_withheld and f"{selected[0]}|{selected[1]}" not in state.revealed:
        return None
    return selected


FIT_WINDOW_JS = js("fit_window.js")


@send_at_once("pick")
@not_busy("pick")
class ZoneDetailsView(JSComponent):
    """The details in the page: what Python says to show, and the answer to a tap before it does.

    On a tap the map's reporter (:class:`reflexmap.dashboard.map_view.TapReporter`) sends a
    ``reflexmap-tap`` DOM event on the same ``channel`` with the rows under the pointer. When
    ``armed`` (no quiz, names shown) the first ``selectable`` row's details (``rows``) are shown at
    once, as Python will show them. Until Python has answered that tap (``shown["taps"]`` counts
    the taps it has handled) older answers are not drawn, so a slow server cannot flash back an
    earlier zone; the box carries ``data-pending`` meanwhile. Picks (below) are counted alike.

    ``lead`` is the same shortcut started by Python: a row to show at once from ``rows`` (a class
    student's page following the teacher's click), while Python's full answer (``shown["leads"]``
    counts the leads it covers) follows when the server has time for it.

    A tap where several selectable zones overlap (the pituitary gland lies in the brain's zone)
    offers the others as buttons ("Also here: Brain"), named from ``names``; choosing one sets
    ``pick`` to ``[row, count]``. On a phone (``phone``, see ``.rm-sheet`` in the stylesheet) a zone's
    details open as a sheet over the bottom of the screen, with the tapped spot scrolled above it,
    so they are read without scrolling away from the map.
    """

    channel = param.String(constant=True)
    rows = param.List(doc="Details HTML for each zone row of the view drawn, in chart order.")
    names = param.List(doc="Each zone row's name, for the 'Also here' buttons.")
    empty = param.String(default=EMPTY, constant=True)
    words = param.Dict(
        default={"region": "Zone details", "close": "Close the zone's details", "also": "Also here:"},
        constant=True,
        doc="The box's own words, in the page's language.",
    )
    selectable = param.List(doc="Per zone row: can a tap select it (system and foot filters)?")
    armed = param.Boolean(default=True, doc="May the browser answer a tap before Python does?")
    shown = param.Dict(
        default={"taps": 0, "picks": 0, "html": EMPTY},
        doc="Python's answer and the taps and 'Also here' picks it covers.",
    )
    fit_window = param.Boolean(
        default=False, doc="Scale the text down so all of it shows below the box's top (a projector)."
    )
    pick = param.List(default=[-1, 0], doc="[row, count] of the last 'Also here' zone chosen.")
    lead = param.List(
        default=[0, -1],
        doc="[count, row]: Python's word to show a row now (-1: none), ahead of its full answer.",
    )
    phone = param.String(default=PHONE_MEDIA, constant=True, doc="Media query of a phone's page.")

    _esm = SHOW_HTML_JS + FIT_WINDOW_JS + js("zone_details_view.js")


class DetailsPane(Viewer):
    """Shows the selected zone; follows ``state.zone`` and ``state.foot``.

    ``channel`` names the map whose taps the browser may answer here before Python does.
    """

    state = param.ClassSelector(class_=AppState)
    channel = param.String(default="", constant=True)

    def __init__(self, **params):
        super().__init__(**params)
        chart = self.state.chart
        _ = self.state._
        self._picks = 0  # the 'Also here' picks handled, as state.map_taps counts the taps
        self._leads = 0  # the rows sent ahead with lead(); every later answer covers them
        self._view = ZoneDetailsView(
            channel=self.channel,
            rows=all_details_html(chart, self.state.lang),
            names=list(chart.zones["name"]),
            empty=empty_html(_),
            words={
                "region": _("Zone details"),
                "close": _("Close the zone's details"),
                "also": _("Also here:"),
            },
            shown=self._shown(),
            sizing_mode="stretch_width",
            stylesheets=[CSS],
            css_classes=["rm-details-host"],
        )
        self._arm()
        self.state.param.watch(self._follow_view, "view")
        self.state.param.watch(
            self._update, ["zone", "foot", "quizzing", "show_labels", "present", "revealed", "map_taps"]
        )
        self.state.param.watch(self._arm, ["quizzing", "show_labels", "present", "systems", "foot_filter"])
        self._view.param.watch(guarded(self.state, self._on_pick), "pick")

    def _follow_view(self, *_events) -> None:
        chart = self.state.chart
        rows = all_details_html(chart, self.state.lang)  # the page's language, as at the start
        self._view.param.update(rows=rows, names=list(chart.zones["name"]))
        self._arm()
        self._update()

    def _shown(self) -> dict:
        return {
            "taps": self.state.map_taps,
            "picks": self._picks,
            "leads": self._leads,
            "html": zone_html(self.state),
        }

    def lead_row(self, zone_id: str, foot: str) -> int | None:
        """The row the page would show ahead for ``zone_id`` on ``foot`` (-1 for ``""``: no zone),
        or None where the page's answer could differ from the one the state will give: names
        withheld, a zone the filters hide or this chart lacks."""
        if self.state.names_withheld:
            return None
        if not zone_id:
            return -1
        row = row_index(self.state.chart).get((zone_id, foot), -1)
        return row if row >= 0 and self._view.selectable[row] else None

    def lead(self, zone_id: str, foot: str) -> bool:
        """Have the page show ``zone_id`` on ``foot`` (``""``: no zone) at once from the details it
        holds, before the state changes; False (nothing sent) where :meth:`lead_row` says no. The
        caller changes the state soon after; the answer that follows covers the lead.

        A message of a few bytes instead of a whole dashboard's update (see ``class_panel``, whose
        class-wide lead is one message for every student, counted here with :meth:`led`).
        """
        row = self.lead_row(zone_id, foot)
        if row is None:
            return False
        self.led(next_lead())
        # Straight onto the page's model: Panel's generic update of a component cost several
        # times the message itself.
        write_quietly(self._view, "lead", [self._leads, row])
        return True

    def led(self, count: int) -> None:
        """A row went to the page ahead under ``count`` (:func:`next_lead`): Python's next answer
        covers it, so the page then draws that answer."""
        self._leads = max(self._leads, count)

    def settle(self) -> None:
        """Send Python's answer now, covering any lead, even where the state has not changed."""
        self._update()

    def _on_pick(self, event) -> None:
        """An 'Also here' zone chosen in the browser: ``[row, count]``, untrusted like any input."""
        row, count = event.new if isinstance(event.new, list) and len(event.new) == 2 else (None, None)
        if type(count) is int:
            self._picks = max(self._picks, count)
        zones = self.state.chart.zones
        valid = type(row) is int and 0 <= row < len(zones) and self.state.visible_rows()[row]
        if valid and self._view.armed:  # not during a quiz, nor while a teacher hides the names
            self.state.select(zones["zone_id"].iloc[row], zones["foot"].iloc[row])
        self._update()  # the browser waits for the answer that covers this pick, even a refusal

    def _update(self, *_events) -> None:
        # on every click: straight onto the page's model (see MapView._on_tap)
        write_quietly(self._view, shown=self._shown())

    def _arm(self, *_events) -> None:
        # Only where the browser's answer is the one zone_html would give: not while names are
        # withheld (a quiz, or a teacher revealing zones one by one).
        self._view.param.update(
            armed=not self.state.names_withheld,
            selectable=self.state.visible_rows().tolist(),
        )

    @property
    def html(self) -> str:
        """The HTML Python shows now (the browser may be ahead of it for a moment after a tap)."""
        return self._view.shown["html"]

    def __panel__(self):
        return self._view
