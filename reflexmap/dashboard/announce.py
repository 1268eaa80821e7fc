"""A polite live region: screen readers hear which zone was selected, however it was selected."""

from __future__ import annotations

import json

import param
from panel.custom import JSComponent
from panel.viewable import Viewer

from ..web.announce import zone_announcements
from ..web.assets import js
from ..web.map_keys import SR_ONLY
from .internals import write_quietly
from .state import AppState


def state_announcement(state: AppState) -> str:
    """The announcement for what ``state`` shows; no name while names would give an answer away
    (a quiz, a teacher's hidden names: :attr:`AppState.names_withheld`), as
    :func:`reflexmap.dashboard.details.zone_html`. In Explore names off only tidies the map."""
    selected = state.selected
    _ = state._
    if state.quizzing:
        return ""
    if selected is None:
        return _("No zone selected.")
    if state.names_withheld and f"{selected[0]}|{selected[1]}" not in state.revealed:
        if selected[1] == "left":
            return _("A zone on the left foot is selected; its name is hidden.")
        return _("A zone on the right foot is selected; its name is hidden.")
    return zone_announcements(state.chart, state.lang)[selected]


class LiveRegion(JSComponent):
    """An element with role="status" whose text is ``text``. The element stays; only its text
    changes, which is what a screen reader announces."""

    text = param.String(default="")

    _esm = f"const RM_SR_ONLY = {json.dumps(SR_ONLY)};\n" + js("live_region.js")


class Announcer(Viewer):
    """Keeps a :class:`LiveRegion` saying what :func:`state_announcement` says."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        # empty at load, even on a page opened at ?zone=...: that zone is in the details for the
        # reader to find; the region speaks only of selections made on the page
        self._region = LiveRegion(text="", height=0, margin=0)
        self.state.param.watch(
            self._update, ["zone", "foot", "quizzing", "show_labels", "present", "revealed"]
        )

    def _update(self, *_events) -> None:
        # on every click: straight onto the page's model (see MapView._on_tap)
        write_quietly(self._region, text=state_announcement(self.state))

    @property
    def text(self) -> str:
        return self._region.text

    def __panel__(self):
        return self._region
