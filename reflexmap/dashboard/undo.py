"""A short-lived "Done — Undo" line after a button that throws something away."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape

import panel as pn
from panel.viewable import Viewer

from ..web.style import CSS
from .errors import guarded
from .internals import EmptySlot
from .state import AppState
from .touch import fit_for_fingers

UNDO_SECONDS = 12
"""How long the Undo button stays: long enough to notice a slip, short enough not to linger."""


class UndoOffer(Viewer):
    """Say what a click threw away and offer to bring it back for :data:`UNDO_SECONDS`.

    A second offer replaces the first (only the latest slip can be undone); outside a server
    page (tests, notebooks) the offer stays until used. Until the first offer the page holds an
    empty column: most pages never throw anything away.
    """

    def __init__(self, state: AppState, seconds: float = UNDO_SECONDS, **params):
        super().__init__(**params)
        self._state = state
        self._seconds = seconds
        self._restore: Callable[[], None] | None = None
        self._generation = 0
        self._slot = EmptySlot(margin=0)

    def __panel__(self):
        return self._slot

    @functools.cached_property
    def row(self) -> pn.Row:
        """The message and its Undo button (hidden when there is nothing to undo)."""
        self.text = pn.pane.HTML("", stylesheets=[CSS], margin=(10, 4))
        self.button = pn.widgets.Button(label=self._state._("Undo"), color="primary")
        self.button.on_click(guarded(self._state, lambda _e: self.undo()))
        row = pn.Row(self.text, self.button, visible=False, css_classes=["rm-undo"])
        fit_for_fingers([row])
        self._slot.objects = [row]
        return row

    @property
    def offered(self) -> bool:
        return self._restore is not None

    def offer(self, message: str, restore: Callable[[], None]) -> None:
        """Show ``message`` with Undo; Undo calls ``restore`` once."""
        self._generation += 1
        self._restore = restore
        self.row.visible = True
        self.text.object = f'<span role="status" data-testid="undo-message">{escape(message)}</span>'
        if pn.state.curdoc is not None and pn.state.curdoc.session_context is not None:
            generation = self._generation
            pn.state.curdoc.add_timeout_callback(lambda: self._expire(generation), int(self._seconds * 1000))

    def undo(self) -> None:
        restore, self._restore = self._restore, None
        self._hide()
        if restore is not None:
            restore()

    def withdraw(self) -> None:
        """Take the offer back: what it would restore is no longer the latest state."""
        self._generation += 1
        self._restore = None
        self._hide()

    def _hide(self) -> None:
        if "row" in self.__dict__:  # never offered: nothing shown
            self.row.visible = False

    def _expire(self, generation: int) -> None:
        if generation == self._generation:
            self.withdraw()
