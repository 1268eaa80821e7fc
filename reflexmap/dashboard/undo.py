"""A short-lived "Done — Undo" line after a button that throws something away."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import panel as pn
from panel.viewable import Viewer

from ..web.style import CSS
from .errors import guarded
from .state import AppState

UNDO_SECONDS = 12
"""How long the Undo button stays: long enough to notice a slip, short enough not to linger."""


class UndoOffer(Viewer):
    """Say what a click threw away and offer to bring it back for :data:`UNDO_SECONDS`.

    A second offer replaces the first (only the latest slip can be undone); outside a server
    page (tests, notebooks) the offer stays until used.
    """

    def __init__(self, state: AppState, seconds: float = UNDO_SECONDS, **params):
        super().__init__(**params)
        self._seconds = seconds
        self._restore: Callable[[], None] | None = None
        self._generation = 0
        self.text = pn.pane.HTML("", stylesheets=[CSS], margin=(10, 4))
        self.button = pn.widgets.Button(label=state._("Undo"), color="primary")
        self.button.on_click(guarded(state, lambda _e: self.undo()))
        self.row = pn.Row(self.text, self.button, visible=False, css_classes=["rm-undo"])

    def __panel__(self):
        return self.row

    @property
    def offered(self) -> bool:
        return self._restore is not None

    def offer(self, message: str, restore: Callable[[], None]) -> None:
        """Show ``message`` with Undo; Undo calls ``restore`` once."""
        self._generation += 1
        self._restore = restore
        self.text.object = f'<span role="status" data-testid="undo-message">{escape(message)}</span>'
        self.row.visible = True
        if pn.state.curdoc is not None and pn.state.curdoc.session_context is not None:
            generation = self._generation
            pn.state.curdoc.add_timeout_callback(lambda: self._expire(generation), int(self._seconds * 1000))

    def undo(self) -> None:
        restore, self._restore = self._restore, None
        self.row.visible = False
        if restore is not None:
            restore()

    def withdraw(self) -> None:
        """Take the offer back: what it would restore is no longer the latest state."""
        self._generation += 1
        self._restore = None
        self.row.visible = False

    def _expire(self, generation: int) -> None:
        if generation == self._generation:
            self.withdraw()
