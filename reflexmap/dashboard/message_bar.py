"""The message above the map: what went wrong or why nothing was selected, and what to do about it.

A message may come with an offer (``AppState.offer``): a zone hidden by a filter, or the zone a
mistyped link probably meant. The button takes it (``AppState.take_offer``).
"""

from __future__ import annotations

import functools
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..web.style import CSS
from .errors import guarded
from .internals import EmptySlot
from .state import AppState
from .touch import fit_for_fingers

# an explanation with a way forward is not an error: a calm box, not the red one
OFFER_CSS = """
.rm-hint { background: #eef4fb; border: 1px solid #2f6db5; border-radius: 6px; padding: 6px 12px;
  color: #17375e; margin: 0; }
"""


class MessageBar(Viewer):
    """Shows ``state.message`` and, with an offer, a button that takes it; hidden when empty.

    Most pages never have a message: until the first, the page holds an empty column."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self._slot = EmptySlot(sizing_mode="stretch_width", margin=0)
        self.state.param.watch(self._update, ["message", "offer", "offer_label"])
        self._update()

    @functools.cached_property
    def _row(self) -> pn.Row:
        self._text = pn.pane.HTML("", stylesheets=[CSS, OFFER_CSS], sizing_mode="stretch_width")
        self._button = pn.widgets.Button(label="", color="primary", visible=False)
        self._button.on_click(guarded(self.state, lambda _event: self.state.take_offer()))
        row = pn.Row(self._text, self._button, sizing_mode="stretch_width", visible=False)
        fit_for_fingers([row])
        self._slot.objects = [row]
        return row

    def _update(self, *_events) -> None:
        state = self.state
        if not state.message and "_row" not in self.__dict__:  # nothing said yet, nothing to hide
            return
        row = self._row
        offered = bool(state.offer and state.offer_label)
        # an offer is news, not an alarm: a polite status, as is the note that the chart has no text
        # in the page's language; a failure interrupts
        calm = offered or state.message == state.untranslated_chart_note
        kind, role = ("rm-hint", "status") if calm else ("rm-message", "alert")
        self._text.object = (
            f'<div class="{kind}" role="{role}" data-testid="message">{escape(state.message)}</div>'
            if state.message
            else ""
        )
        self._button.param.update(label=state.offer_label, visible=offered)
        self._text.visible = row.visible = bool(state.message)

    def __panel__(self):
        return self._slot
