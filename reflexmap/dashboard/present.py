"""Classroom presentation: keyboard control, labels hidden and revealed, a lesson as a link."""

from __future__ import annotations

from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from .bridge import KeyListener
from .errors import guarded
from .state import AppState
from .style import CSS
from .undo import UndoOffer

KEYS = {
    "ArrowRight": "next zone of the lesson (or next routine step)",
    "ArrowLeft": "previous",
    "l": "labels on / off",
    "r": "reveal the selected zone's name",
    "a": "reveal all names",
}


def key_hint_html() -> str:
    items = "".join(
        f'<span class="rm-item"><kbd>{escape(k.replace("Arrow", ""))}</kbd> {escape(v)}</span>'
        for k, v in KEYS.items()
    )
    return f'<div class="rm-legend rm-keys" data-testid="key-hint">{items}</div>'


def lesson_html(state: AppState) -> str:
    keys = state.lesson_keys()
    if not keys:
        return (
            '<p class="rm-results-count">No lesson yet: select a zone and press "Add to lesson"; '
            "the link below then opens the same lesson on another screen.</p>"
        )
    rows = []
    for i, (zone_id, foot) in enumerate(keys):
        name = state.chart.zone(zone_id, foot).name
        current = ' class="rm-current"' if i == state.lesson_index else ""
        rows.append(f"<li{current}>{escape(name)} ({escape(foot)})</li>")
    return f'<ol class="rm-lesson" data-testid="lesson">{"".join(rows)}</ol>'


class PresentControls(Viewer):
    """Keys, label reveal and the lesson list; shown in presentation mode and in the Routines tab."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        state = self.state
        self.keys = KeyListener(watched=[*KEYS, "L", "R", "A"])
        self.keys.param.watch(guarded(state, self._on_key), "press")
        self.toggle = pn.widgets.Toggle(label="Presentation mode", value=state.present, color="primary")
        self.toggle.param.watch(lambda e: setattr(state, "present", e.new), "value")
        state.param.watch(lambda e: setattr(self.toggle, "value", e.new), "present")
        self.add = pn.widgets.Button(label="Add selected zone to lesson", color="light")
        self.add.on_click(guarded(state, lambda _e: state.add_to_lesson()))
        self.clear = pn.widgets.Button(label="Clear lesson", color="light")
        self.clear.on_click(guarded(state, self._clear))
        self.undo = UndoOffer(state)
        self.hint = pn.pane.HTML(key_hint_html(), stylesheets=[CSS], sizing_mode="stretch_width")
        self.lesson = pn.pane.HTML(lesson_html(state), stylesheets=[CSS], sizing_mode="stretch_width")
        self.link = pn.widgets.TextInput(
            label="Link to this lesson", value="", disabled=True, sizing_mode="stretch_width"
        )
        state.param.watch(self._refresh, ["lesson", "lesson_index"])
        self._refresh()

    def __panel__(self):
        tools = pn.Card(
            pn.FlexBox(self.add, self.clear),
            self.undo,
            self.lesson,
            self.link,
            title="Lesson",
            collapsed=self.state.present,  # out of the way on a projector, open at the desk
            sizing_mode="stretch_width",
        )
        return pn.Column(self.toggle, self.hint, tools, sizing_mode="stretch_width")

    def _refresh(self, *_events) -> None:
        self.lesson.object = lesson_html(self.state)
        self.link.value = f"?present=1&lesson={self.state.lesson}" if self.state.lesson else ""

    def _clear(self, _event=None) -> None:
        state = self.state
        if not state.lesson:
            return
        before = {"lesson": state.lesson, "lesson_index": state.lesson_index}
        state.param.update(lesson="", lesson_index=-1)
        self.undo.offer("Lesson cleared.", lambda: state.param.update(**before))

    def _on_key(self, event) -> None:
        key = KeyListener.key_of(event.new).lower()
        state = self.state
        if key == "arrowright":
            state.step_lesson(+1)
        elif key == "arrowleft":
            state.step_lesson(-1)
        elif key == "l":
            state.param.update(show_labels=not state.show_labels, revealed=[])
        elif key == "r":
            state.reveal()
        elif key == "a":
            state.param.update(show_labels=True, revealed=[])
