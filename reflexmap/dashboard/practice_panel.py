"""Self-practice: a safety check before a routine, a step-by-step player with a timer, and
"find my point" in words."""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..i18n import N_
from ..practice import (
    PREGNANT,
    SCREENING_INTRO,
    StepPace,
    body_area_choices,
    evaluate,
    find_my_point,
    routine_screening,
    step_pace,
)
from ..practice import screening_questions as make_questions
from ..web.markup import html_list
from ..web.style import CSS, WRAP_LABELS
from .errors import guarded
from .routines import NONE
from .state import AppState

CONFIRM = N_("I have read every item; none that I left unticked applies")


# Bokeh keeps checkbox labels on one line; long questions must wrap on a phone.
def verdict_html(verdict, _: Callable[[str], str] = str) -> str:
    """The safety check's answer (``_`` translates our words; the verdict's are practice.py's)."""
    kind = "rm-message" if verdict.stop else "rm-ok"
    not_used = escape(_("Not to be used:"))
    ruled = f"<p>{not_used}</p>{html_list(verdict.ruled_out)}" if verdict.ruled_out else ""
    return (
        f'<div class="{kind}" role="status" data-testid="verdict" data-stop="{str(verdict.stop).lower()}">'
        f"<strong>{escape(verdict.title)}</strong><p>{escape(verdict.message)}</p>"
        f"{html_list(verdict.reasons)}{ruled}</div>"
    )


def off_foot_html(step) -> str:
    """Says that a step on the back (or leg) is not done by pressing the foot; "" for foot steps."""
    note = step.off_the_foot
    return f'<p class="rm-results-count" data-testid="off-foot">{escape(note)}</p>' if note else ""


def advice_html(advice, _: Callable[[str], str] = str) -> str:
    """Where to press for a body area, zone by zone (``_`` translates the empty answer)."""
    if not advice:
        none = _("No zone in this chart is associated with that body area.")
        return f'<p class="rm-results-count">{escape(none)}</p>'
    rows = "".join(
        f'<div class="rm-panel" data-testid="advice"><h3>{escape(a.name)}</h3>'
        f"<p>{escape(a.landmarks)}</p><p>{escape(a.technique)}</p>{html_list(a.caveats)}</div>"
        for a in advice
    )
    return rows


def clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


class StepTimer:
    """A countdown that can pause and resume; the time is read, never ticked, so it cannot drift."""

    def __init__(self, seconds: float, now=time.monotonic):
        self._now = now
        self.left = float(seconds)
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None and self.left > 0:
            self._since = self._now()

    def pause(self) -> None:
        if self._since is not None:
            self.left = self.remaining()
            self._since = None

    def remaining(self) -> float:
        if self._since is None:
            return self.left
        return max(0.0, self.left - (self._now() - self._since))


class PracticePanel(Viewer):
    """Screening, then a routine one step at a time; and where to press for a body area."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        state = self.state
        self._all_questions = make_questions(state.chart.caveats)
        self._questions = self._all_questions
        self._timer: StepTimer | None = None
        self._pace = StepPace(None, False)
        self._tick = None
        routines = state.chart.routines.routines
        _ = state._
        self.picker = pn.widgets.Select(
            label=_("1. Choose a routine"),
            options={_(NONE): ""} | {r.title: r.routine_id for r in routines},
            sizing_mode="stretch_width",
        )
        self.checks = pn.widgets.CheckBoxGroup(options={}, inline=False, stylesheets=[WRAP_LABELS])
        # a doctor's go-ahead that a routine needs (a children's course): ticked means "yes"
        self.needed = pn.widgets.CheckBoxGroup(
            options={}, inline=False, visible=False, stylesheets=[WRAP_LABELS]
        )
        self._followups = [q for q in self._questions if q.depends_on == PREGNANT]
        self.followups = pn.widgets.CheckBoxGroup(
            options={q.text: q.question_id for q in self._followups},
            inline=False,
            visible=False,
            stylesheets=[WRAP_LABELS],
        )
        self.confirm = pn.widgets.CheckBoxGroup(options=[_(CONFIRM)], inline=False, stylesheets=[WRAP_LABELS])
        self.verdict = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.start = pn.widgets.Button(label=_("Start the routine"), color="primary", disabled=True)
        self.player = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.prev = pn.widgets.Button(label=_("Previous step"), color="light")
        self.next = pn.widgets.Button(label=_("Next step"), color="primary")
        self.timer_text = pn.pane.HTML("", stylesheets=[CSS])
        self.timer_button = pn.widgets.Button(label=_("Start timer"), color="light")
        self.player_box = pn.Column(
            self.player,
            pn.Row(self.timer_text, self.timer_button),
            pn.Row(self.prev, self.next),
            visible=False,
            sizing_mode="stretch_width",
        )
        self.area = pn.widgets.Select(
            label=_("Find my point: choose a body area"),
            options=["", *body_area_choices(state.whole)],  # of every view
            sizing_mode="stretch_width",
        )
        self.advice = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")

        for widget in (self.checks, self.needed, self.followups, self.confirm):
            widget.param.watch(guarded(state, self._screen), "value")
        self.picker.param.watch(guarded(state, self._fit_screening), "value")
        self._fit_screening()
        self.start.on_click(guarded(state, self._start))
        self.prev.on_click(guarded(state, lambda _e: self._go(-1)))
        self.next.on_click(guarded(state, lambda _e: self._go(+1)))
        self.timer_button.on_click(guarded(state, self._toggle_timer))
        self.area.param.watch(guarded(state, self._find), "value")

    def __panel__(self):
        _ = self.state._
        check, intro, tick = _("2. Safety check"), _(SCREENING_INTRO), _("Tick everything that applies.")
        return pn.Column(
            self.picker,
            pn.pane.HTML(
                f"<h3>{escape(check)}</h3><p>{escape(intro)} {escape(tick)}</p>",
                stylesheets=[CSS],
                sizing_mode="stretch_width",
            ),
            self.checks,
            self.followups,
            self.needed,
            self.confirm,
            self.verdict,
            self.start,
            self.player_box,
            pn.layout.Divider(),
            self.area,
            self.advice,
            sizing_mode="stretch_width",
        )

    def _of(self, question_id: str) -> list:
        return [q for q in self._questions if q.question_id == question_id]

    # --- screening ------------------------------------------------------------------------------

    def _fit_screening(self, *_events) -> None:
        """Ask the questions that fit the chosen routine (a children's course asks for the
        paediatrician's go-ahead instead of stopping at "is it a child?")."""
        routine_id = self.picker.value
        for_children = bool(routine_id) and self.state.chart.routines.get(routine_id).for_children
        questions = routine_screening(self._all_questions, for_children)
        if [q.question_id for q in questions] != [q.question_id for q in self._questions]:
            # "I have read every item" was said of other questions: the new ones are unread
            self.confirm.value = []
        self._questions = questions
        asked = [q for q in self._questions if q.depends_on is None and not q.needed]
        main = [q for q in asked if q.question_id != PREGNANT and q.group != "children"]
        main += [*self._of(PREGNANT), *(q for q in asked if q.group == "children")]
        needed = [q for q in self._questions if q.needed]
        self.checks.options = {q.text: q.question_id for q in main}
        self.checks.value = [v for v in self.checks.value if v in self.checks.options.values()]
        self.needed.options = {q.text: q.question_id for q in needed}
        self.needed.value = [v for v in self.needed.value if v in self.needed.options.values()]
        self.needed.visible = bool(needed)
        self._screen()

    def answers(self) -> dict[str, bool | None]:
        ticked = set(self.checks.value) | set(self.followups.value) | set(self.needed.value)
        confirmed = bool(self.confirm.value)
        pregnant = PREGNANT in ticked
        answers: dict[str, bool | None] = {}
        for q in self._questions:
            if q.depends_on == PREGNANT and not pregnant:
                continue
            answers[q.question_id] = True if q.question_id in ticked else (False if confirmed else None)
        return answers

    def _screen(self, *_events) -> None:
        self.followups.visible = PREGNANT in self.checks.value and any(self._of(PREGNANT))
        verdict = evaluate(self._questions, self.answers())
        self.verdict.object = (
            verdict_html(verdict, self.state._) if (self.confirm.value or verdict.reasons) else ""
        )
        self.start.disabled = not (verdict.can_start and self.picker.value)
        if verdict.stop:
            self.player_box.visible = False
            self._stop_timer()
        self._ruled_out = verdict.ruled_out
        self._take_care = verdict.take_care

    # --- the player -----------------------------------------------------------------------------

    def _start(self, _event=None) -> None:
        verdict = evaluate(self._questions, self.answers())
        if not verdict.can_start or not self.picker.value:
            return
        # the player stays in this tab. Opened in the Routines tab and brought back here, the
        # routine sent the page that tab's content and hid it again at once: the views the page
        # was building for it were left unfinished, and the step list's one, still tied to its
        # model, failed ("n is not iterable") when the tab, opened later, re-sent its step, leaving
        # the tab empty
        self.state.open_routine(self.picker.value, tab="Practise")
        self.player_box.visible = True
        self._go(+1)

    def _go(self, delta: int) -> None:
        state = self.state
        routines = state.chart.routines
        steps = routines.get(state.routine).steps
        state.step = min(max(state.step + delta, 0), len(steps) - 1)
        step = steps[state.step]
        self._stop_timer()
        self._pace = step_pace(routines, step)
        self._timer = StepTimer(self._pace.seconds) if self._pace.seconds else None
        _ = state._
        ruled = ""
        not_used, take_care = escape(_("Not to be used:")), escape(_("Take care:"))
        if self._ruled_out:
            ruled = f"<p><strong>{not_used}</strong> {escape(', '.join(self._ruled_out))}</p>"
        if self._take_care:
            ruled += f"<p><strong>{take_care}</strong> {escape(' '.join(self._take_care))}</p>"
        heading = _("Step {number} of {count}").format(number=state.step + 1, count=len(steps))
        self.player.object = (
            f'<div class="rm-panel rm-player" data-testid="player" data-step="{state.step}">'
            f"<h3>{escape(heading)}</h3><p>{escape(step.text)}</p>"
            f"{off_foot_html(step)}{ruled}</div>"
        )
        self.prev.disabled = state.step == 0
        self.next.disabled = state.step == len(steps) - 1
        # a step without a timer ends when the practitioner says so
        self.next.label = _("Next step") if self._timer is not None else _("Done, next step")
        self._show_timer()

    def _toggle_timer(self, _event=None) -> None:
        if self._timer is None:
            return
        if self._timer.running:
            self._timer.pause()
            self._stop_tick()
        else:
            self._timer.start()
            if pn.state.curdoc is not None and self._tick is None:
                self._tick = pn.state.add_periodic_callback(self._show_timer, period=1000)
        self._show_timer()

    def _show_timer(self) -> None:
        timer = self._timer
        self.timer_text.visible = self.timer_button.visible = timer is not None
        if timer is None:
            return
        left = timer.remaining()
        if timer.running and left <= 0:
            timer.pause()
            self._stop_tick()
        _ = self.state._
        if left <= 0:
            text, label = _("0:00 - time is up"), _("Start timer")
        elif timer.running:
            text, label = clock(left), _("Pause")
        else:
            text, label = clock(left), (_("Start timer") if left >= self._full() else _("Resume"))
        suggested = escape(_("suggested time"))
        hint = "" if self._pace.from_source else f'<span class="rm-results-count"> {suggested}</span>'
        self.timer_text.object = f'<span class="rm-timer" data-testid="timer">{escape(text)}</span>{hint}'
        self.timer_button.label = label

    def _full(self) -> float:
        return float(self._pace.seconds or 0)

    def _stop_tick(self) -> None:
        if self._tick is not None:
            self._tick.stop()
            self._tick = None

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.pause()
        self._stop_tick()

    # --- find my point --------------------------------------------------------------------------

    def _find(self, event) -> None:
        self.advice.object = (
            advice_html(find_my_point(self.state.whole, event.new), self.state._) if event.new else ""
        )
