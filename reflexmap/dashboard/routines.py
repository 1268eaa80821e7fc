"""Routines as step lists; choosing a step highlights the zones it works on."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..i18n import N_
from ..web.style import CSS, WRAP_LABELS
from .errors import guarded
from .internals import send_at_once
from .state import AppState

NONE = N_("Choose a routine...")


def step_label(index: int, text: str, duration_s: int | None, _: Callable[[str], str] = str) -> str:
    """A routine step as the list shows it: number, text and how long (``_`` translates the units)."""
    if not duration_s:
        timing = ""
    elif duration_s < 60:
        timing = " (" + _("{seconds} s").format(seconds=duration_s) + ")"
    else:
        timing = " (" + _("{minutes} min").format(minutes=round(duration_s / 60)) + ")"
    return f"{index + 1}. {text}{timing}"


# the parts of the body a routine's step may work on besides the feet
OFF_FOOT = {
    "back": N_("on the back itself, not a foot zone"),
    "buttocks": N_("on the buttocks themselves, not a foot zone"),
    "leg": N_("on the leg itself, not a foot zone"),
    "thigh": N_("on the thigh itself, not a foot zone"),
}


def off_foot(part: str) -> str:
    """Why a step on ``part`` highlights no zone (English, for ``_``)."""
    return OFF_FOOT.get(part, N_("not on a foot zone"))


@send_at_once("active")
class StepList(pn.widgets.RadioBoxGroup):
    """The open routine's steps, one picked.

    A pick reaches Python at once, as an arrow key does (``bridge.KeyListener``). Held back by
    Panel's 50 ms debounce, a pick followed at once by a key was overtaken by it: the key moved
    from the step before the pick, and Panel then dropped the pick, its value superseded by the
    key's answer.
    """


@send_at_once("value")
class RoutinePicker(pn.widgets.Select):
    """The routine drop-down. Its choice reaches Python at once, for the reason the step list's
    does: held back 50 ms (longer on a busy server, which reads both messages in one go), a key
    pressed just after was handled first, on the routine before, and the new routine then opened
    at no step, the key lost."""


class RoutinesPanel(Viewer):
    """Pick a routine, then a step; the map highlights that step's zones."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self._routines = self.state.chart.routines
        _ = self.state._
        options = {_(NONE): ""} | {r.title: r.routine_id for r in self._routines.routines}
        self.picker = RoutinePicker(label=_("Routine"), options=options, sizing_mode="stretch_width")
        self.steps = StepList(
            label=_("Steps"), options=[], inline=False, visible=False, stylesheets=[WRAP_LABELS]
        )
        self.info = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.picker.param.watch(guarded(self.state, self._on_routine), "value")
        self.steps.param.watch(guarded(self.state, self._on_step), "value")
        # a routine opened elsewhere (e.g. from the handbook) shows up in the picker
        self.state.param.watch(lambda e: setattr(self.picker, "value", e.new), "routine")
        # the state's step is the one current step (keys, the player and this list all set it):
        # the list only shows it
        self.state.param.watch(self._show_step, "step")
        # the tab is built when first opened, maybe after a routine was (by the practice player)
        if self.state.routine in options.values():
            step = self.state.step
            self.picker.value = self.state.routine  # which starts it from the top
            self.state.step = step

    def __panel__(self):
        return pn.Column(self.picker, self.info, self.steps, sizing_mode="stretch_width")

    def _on_routine(self, event) -> None:
        routine_id = event.new
        if not routine_id:
            self.steps.visible = False
            self.info.object = ""
            self.state.param.update(routine="", step=-1)
            return
        _ = self.state._
        routine = self._routines.get(routine_id)
        # a step on the back highlights no zone: say why, or the empty map would look broken
        labels = [
            step_label(i, s.text, s.duration_s, _) + (f" ({_(off_foot(s.on))})" if s.on != "foot" else "")
            for i, s in enumerate(routine.steps)
        ]
        source = _("Source: {source}.").format(source=routine.source)
        for_whom, pick = _("For:"), _("Pick a step to see its zones.")
        self.info.object = (
            f'<div class="rm-panel"><p><strong>{escape(for_whom)}</strong> {escape(routine.audience)}</p>'
            f"<p>{escape(routine.notes)}</p>"
            f'<p class="rm-results-count">{escape(source)} {escape(pick)}</p></div>'
        )
        self.steps.options = labels
        self.steps.value = None
        self.steps.visible = True
        self.state.param.update(routine=routine_id, step=-1)

    def _on_step(self, event) -> None:
        options = self.steps.options
        self.state.step = options.index(event.new) if event.new in options else -1

    def _show_step(self, event) -> None:
        options = self.steps.options
        self.steps.value = options[event.new] if 0 <= event.new < len(options) else None
