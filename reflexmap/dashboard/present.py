"""Classroom presentation: keyboard control, labels hidden and revealed, a lesson as a link."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..i18n import DEFAULT_LANGUAGE, N_
from ..labels import VIEW_NAMES
from ..web.map_data import MAP_VIEW
from ..web.style import CSS
from .bridge import KeyListener
from .copy_link import CopyLink, copy_words
from .errors import guarded
from .state import AppState
from .touch import fit_for_fingers
from .undo import UndoOffer

KEYS = {
    "ArrowRight": N_("next zone of the lesson (or next routine step)"),
    "ArrowLeft": N_("previous"),
    "l": N_("labels on / off"),
    "r": N_("reveal the selected zone's name"),
    "a": N_("reveal all names"),
}
# what the keys' caps show, the same in every language
KEY_CAPS = {"ArrowRight": "\u2192", "ArrowLeft": "\u2190"}
# a foot as a lesson's list names it, after the zone
FOOT_WORD = {"left": N_("left"), "right": N_("right")}


def key_hint_html(_: Callable[[str], str] = str) -> str:
    """The keys a presenter has, each with what it does (``_`` translates)."""
    items = "".join(
        f'<span class="rm-item"><kbd>{escape(KEY_CAPS.get(k, k.upper()))}</kbd> {escape(_(v))}</span>'
        for k, v in KEYS.items()
    )
    return f'<div class="rm-legend rm-keys" data-testid="key-hint">{items}</div>'


def lesson_html(state: AppState) -> str:
    """The lesson's zones in order, the current one marked; or how to make one."""
    keys = state.lesson_keys()
    if not keys:
        hint = state._(
            'No lesson yet: select a zone and press "Add to lesson"; '
            "the link below then opens the same lesson on another screen."
        )
        return f'<p class="rm-results-count">{escape(hint)}</p>'
    rows = []
    for i in range(len(keys)):
        current = ' class="rm-current"' if i == state.lesson_index else ""
        rows.append(f"<li{current}>{escape(stop_name(state, i))}</li>")
    return f'<ol class="rm-lesson" data-testid="lesson">{"".join(rows)}</ol>'


def stop_name(state: AppState, index: int) -> str:
    """The lesson's ``index``-th zone as a teacher reads it: "Liver (right)", or with its view
    where it is not on the soles: "Coccyx (tailbone) (left, inner side)"."""
    zone_id, foot, view = state.lesson_keys()[index]
    name = state.whole.zone(zone_id, foot, view).name
    side = state._(FOOT_WORD[foot])
    where = side if view == MAP_VIEW else f"{side}, {state._(VIEW_NAMES[view])}"
    return f"{name} ({where})"


def lesson_item_html(state: AppState, index: int) -> str:
    """One line of the lesson editor: its number and zone, the current one marked."""
    current = " rm-current" if index == state.lesson_index else ""
    return (
        f'<span class="rm-lesson-item{current}" data-testid="lesson-item">'
        f"{index + 1}. {escape(stop_name(state, index))}</span>"
    )


class PresentControls(Viewer):
    """Keys, label reveal and the lesson list; shown in presentation mode and in the Routines tab's
    teaching section.

    Only the keys are on every page (they step routines too); the controls are built the first
    time they are shown, as most visitors never present (a session's memory).
    """

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        state = self.state
        self.keys = KeyListener(watched=[*KEYS, "L", "R", "A"])
        self.keys.param.watch(guarded(state, self._on_key), "press")
        state.param.watch(self._refresh, ["lesson", "lesson_index"])

    def __panel__(self):
        return self.controls()

    @functools.cached_property
    def toggle(self) -> pn.widgets.Toggle:
        """Presentation mode on and off."""
        state = self.state
        toggle = pn.widgets.Toggle(label=state._("Presentation mode"), value=state.present, color="primary")
        toggle.param.watch(lambda e: setattr(state, "present", e.new), "value")
        state.param.watch(lambda e: setattr(toggle, "value", e.new), "present")
        return toggle

    @functools.cached_property
    def add(self) -> pn.widgets.Button:
        """Adds the selected zone to the lesson."""
        add = pn.widgets.Button(label=self.state._("Add selected zone to lesson"), color="light")
        add.on_click(guarded(self.state, lambda _e: self.state.add_to_lesson()))
        return add

    @functools.cached_property
    def clear(self) -> pn.widgets.Button:
        """Empties the lesson (with an Undo)."""
        clear = pn.widgets.Button(label=self.state._("Clear lesson"), color="light")
        clear.on_click(guarded(self.state, self._clear))
        return clear

    @functools.cached_property
    def undo(self) -> UndoOffer:
        """Brings back a cleared lesson."""
        return UndoOffer(self.state)

    @functools.cached_property
    def _lesson_parts(self) -> tuple[pn.pane.HTML, pn.Column, CopyLink]:
        """The lesson's hint (while it is empty), its editor and its link, kept up to date."""
        _ = self.state._
        lesson = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        items = pn.Column(sizing_mode="stretch_width", css_classes=["rm-lesson-editor"])
        link = CopyLink(
            label=_("Link to this lesson"),
            field="lesson-link",
            words=copy_words(_),
            sizing_mode="stretch_width",
            margin=(5, 10),
        )
        self._fill(lesson, items, link)
        return lesson, items, link

    @property
    def lesson(self) -> pn.pane.HTML:
        """The hint shown while the lesson is empty."""
        return self._lesson_parts[0]

    @property
    def items(self) -> pn.Column:
        """The lesson's editor: a row per zone, or the hint."""
        return self._lesson_parts[1]

    @property
    def link(self) -> CopyLink:
        """The lesson's link (empty without a lesson)."""
        return self._lesson_parts[2]

    def controls(self, *beside: pn.viewable.Viewable) -> pn.Column:
        """The controls, with ``beside`` on the line of the presentation button (on a projector,
        the view switcher: every line above the details is a line less for them)."""
        _ = self.state._
        hint = pn.pane.HTML(key_hint_html(_), stylesheets=[CSS], sizing_mode="stretch_width")
        tools = pn.Card(
            pn.FlexBox(self.add, self.clear),
            self.undo,
            self.items,
            self.link,
            title=_("Lesson"),
            collapsed=self.state.present,  # out of the way on a projector, open at the desk
            sizing_mode="stretch_width",
        )
        first = pn.FlexBox(self.toggle, *beside, align_items="center", gap="8px") if beside else self.toggle
        return pn.Column(first, hint, tools, sizing_mode="stretch_width")

    def _refresh(self, *_events) -> None:
        if "_lesson_parts" in self.__dict__:  # not built: it is built up to date
            self._fill(*self._lesson_parts)

    def _fill(self, lesson: pn.pane.HTML, items: pn.Column, link: CopyLink) -> None:
        state = self.state
        count = len(state.lesson_keys())
        # the editor lists the zones; with none yet it says so (and a layout is never left empty)
        lesson.object = lesson_html(state) if not count else ""
        items.objects = [self._item_row(i, count) for i in range(count)] or [lesson]
        # the lesson opens in the language it was made in
        lang = f"&lang={state.lang}" if state.lang != DEFAULT_LANGUAGE else ""
        link.query = f"present=1&lesson={state.lesson}{lang}" if state.lesson else ""

    def _item_row(self, index: int, count: int) -> pn.FlexBox:
        state = self.state
        _ = state._
        name = stop_name(state, index)
        buttons = []
        for label, action, off in (
            (_("Up"), lambda _e: state.move_in_lesson(index, -1), index == 0),
            (_("Down"), lambda _e: state.move_in_lesson(index, +1), index == count - 1),
            (_("Remove"), lambda _e: state.remove_from_lesson(index), False),
        ):
            button = pn.widgets.Button(
                label=label, color="light", disabled=off, description=f"{label}: {name}", margin=(2, 3)
            )
            button.on_click(guarded(state, action))
            buttons.append(button)
        text = pn.pane.HTML(lesson_item_html(state, index), stylesheets=[CSS], margin=(8, 4), min_width=140)
        row = pn.FlexBox(text, *buttons, align_items="center", sizing_mode="stretch_width")
        fit_for_fingers([row])
        return row

    def _clear(self, _event=None) -> None:
        state = self.state
        if not state.lesson:
            return
        before = {"lesson": state.lesson, "lesson_index": state.lesson_index}
        state.param.update(lesson="", lesson_index=-1)
        self.undo.offer(state._("Lesson cleared."), lambda: state.param.update(**before))

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
