"""Quiz mode: "Find it" on the map and "Name it" from choices, with progress kept in the browser."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import io
import random
from html import escape
from pathlib import Path

import panel as pn
import param
from panel.viewable import Viewer

from ..charts import SYSTEMS, default_chart_path
from ..i18n import N_
from ..knowledge import levels, weakest
from ..labels import FOOT_LABEL, SYSTEM_NAMES
from ..model import Chart
from ..quiz import FindIt, Progress, Round, WhichFoot, pool, progress_text
from ..web.knowledge_map import KNOWLEDGE_CSS, legend_html
from ..web.map_data import map_columns
from ..web.markup import html_list
from ..web.style import CSS, PHONE_MEDIA, SHEET_BOX
from .bridge import LocalStore
from .errors import guarded
from .quiz_focus import MapFocus
from .search import LabelledButtonGroup, labelled_group
from .state import AppState
from .touch import fit_for_fingers
from .undo import UndoOffer

MODES = {
    N_("Find it on the map"): "find",
    N_("Name it"): "name",
    N_("Which foot?"): "foot",
    N_("How to work it"): "technique",
    N_("All, mixed"): "mixed",
}
ANY = "any"
PROGRESS_KEY = "reflexmap-quiz-progress"
RUNNING = "rm-running"
ANSWERED = "rm-answered"
PAINT = N_("Colour the map by what I know")
NO_MATCH = N_("No zone matches these filters.")
# On a phone the quiz sits far below the map: while a round runs, its question, choices and
# feedback stay on screen over the bottom of it (the map's lower part scrolls above). A long
# question (Russian, a small zone's, on a short phone) overflows that sheet: the answer, Next and
# Stop stay pinned at its foot, and once a question is answered its spent choices make room (the
# answer names them).
LIVE_SHEET_CSS = f"""
@media {PHONE_MEDIA} {{
  :host(.{RUNNING}) {{ position: fixed !important; width: auto !important; {SHEET_BOX}
    overflow-y: auto; overscroll-behavior: contain; box-sizing: border-box; padding: 0 12px 8px; }}
  :host(.{RUNNING}) .rm-quiz-answer {{ position: sticky; bottom: -8px; z-index: 1; background: #fff;
    padding-bottom: 8px; }}
  :host(.{ANSWERED}) .rm-quiz-choices {{ display: none; }}
}}
"""


def progress_key(chart: Chart) -> str:
    """Where the browser keeps a student's quiz progress on ``chart``.

    Charts of different schools use the same zone ids for zones they draw in other places, and
    knowing where one chart puts the kidney is not knowing where another does: each chart (by
    title and school, so a corrected upload of the same chart keeps it) has progress of its own.
    A chart without a title is named after its file, and many files are called chart.json: its
    zone ids join the name. The built-in chart keeps the key it has always had, so no one's
    progress on it is lost.
    """
    info = chart.info
    source = Path(info.source) if info.source else None
    if source is not None and source.resolve() == default_chart_path().resolve():
        return PROGRESS_KEY
    parts = [info.title, info.school]
    if source is None or info.title == source.stem:  # no title of its own
        parts += sorted(set(chart.zones["zone_id"]))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    return f"{PROGRESS_KEY}:{digest}"


class QuizOnPage:
    """What the quiz keeps on the page itself, outside its tab, made with the page though the tab
    is built when first opened: the progress store (whose value has then arrived by the time the
    tab opens), the zoom for a small zone's question, and the legend of the map of what I know."""

    def __init__(self, chart: Chart, channel: str):
        self.store = LocalStore(storage_key=progress_key(chart))
        self.focus = MapFocus(channel=channel)
        self.knowledge_legend = pn.pane.HTML(
            "", stylesheets=[CSS, KNOWLEDGE_CSS], sizing_mode="stretch_width", visible=False
        )


class QuizPanel(Viewer):
    """Runs rounds against the per-session state; the map answers Find-it questions by a tap."""

    state = param.ClassSelector(class_=AppState)
    channel = param.String(default="", doc="The map's channel, which a small zone's question zooms.")

    def __init__(self, rng: random.Random | None = None, on_page: QuizOnPage | None = None, **params):
        super().__init__(**params)
        state = self.state
        chart = state.chart
        self._rng = rng or random.Random()
        self.progress = Progress()
        self.round: Round | None = None
        self._labels_before = state.show_labels
        on_page = on_page or QuizOnPage(chart, self.channel)  # the page shows these
        self.store, self.focus, self.knowledge_legend = on_page.store, on_page.focus, on_page.knowledge_legend
        self._saved = ""  # the text this panel last stored, which coming back changes nothing
        # the stored text and the flag may reach the server in either order: read it on both
        self.store.param.watch(guarded(state, self._on_loaded), ["loaded", "value"])
        present = [s for s in SYSTEMS if s in set(state.whole.zones["system"])]  # of every view
        _ = state._
        self._mode_of = {_(label): mode for label, mode in MODES.items()}  # shown name -> kind
        self.mode = LabelledButtonGroup(
            options=list(self._mode_of),
            value=next(iter(self._mode_of)),
            color="light",
            # five kinds do not fit a phone's width in one row, and a page wider than the phone shrinks
            stylesheets=[".bk-btn-group { flex-wrap: wrap; }"],
            sizing_mode="stretch_width",
        )
        self.system = pn.widgets.Select(
            label=_("Body system"),
            options={_("any"): ANY} | {_(SYSTEM_NAMES[s]): s for s in present},
            sizing_mode="stretch_width",
        )
        self.foot = pn.widgets.Select(
            label=_("Foot"),
            options={_("any"): ANY} | {_(FOOT_LABEL[f]): f for f in chart.feet},
            sizing_mode="stretch_width",
        )
        self.routine = pn.widgets.Select(
            label=_("Zones of a routine"),
            options={_("any"): ANY} | {r.title: r.routine_id for r in chart.routines.routines},
        )
        self.length = pn.widgets.Select(label=_("Questions"), options=[5, 10, 20], value=10)
        self.start = pn.widgets.Button(label=_("Start a round"), color="primary")
        self.stop = pn.widgets.Button(label=_("Stop the round"), color="light", visible=False)
        self.question = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.choices = pn.FlexBox(sizing_mode="stretch_width", css_classes=["rm-quiz-choices"])
        self.feedback = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.next = pn.widgets.Button(label=_("Next question"), color="primary", visible=False)
        self.summary = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.progress_line = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        # what a round asks and answers; on a phone, a sheet over the map while a round runs
        self.live = pn.Column(
            self.question,
            self.choices,
            pn.Column(
                self.feedback,
                # Stop sits with the question: on a phone the sheet would cover it anywhere else
                pn.FlexBox(self.next, self.stop, sizing_mode="stretch_width"),
                sizing_mode="stretch_width",
                css_classes=["rm-quiz-answer"],
            ),
            sizing_mode="stretch_width",
            stylesheets=[LIVE_SHEET_CSS],
            css_classes=["rm-quiz-live"],
        )
        # the map of what I know: the legend goes above the map (the page places it)
        self.paint_map = pn.widgets.CheckBoxGroup(options=[_(PAINT)], value=[], inline=True)
        self.weakest = pn.widgets.Button(label=_("Practise my weakest"), color="light")
        self.downloads = [
            pn.widgets.FileDownload(
                callback=guarded(state, functools.partial(self._progress_file, fmt)),
                filename=f"my-progress.{fmt}",
                label=_("My progress ({format})").format(format=fmt.upper()),
                color="light",
                embed=False,
            )
            for fmt in ("png", "pdf")
        ]
        self.reset = pn.widgets.Button(label=_("Reset my progress"), color="light")
        self._undos: list[UndoOffer] = []
        self.undo = self.progress_undo()
        self.start.on_click(guarded(state, self._start))
        self.stop.on_click(guarded(state, lambda _e: self._finish(stopped=True)))
        self.next.on_click(guarded(state, self._next))
        self.reset.on_click(guarded(state, self._reset))
        self.weakest.on_click(guarded(state, lambda _e: self._start(weakest_only=True)))
        self.paint_map.param.watch(guarded(state, lambda _e: self._paint()), "value")
        state.param.watch(lambda _e: self._paint(), "quizzing")
        # a round asks about the view drawn: its count and the map of what I know follow the view
        state.param.watch(guarded(state, lambda _e: self._show_progress()), "view")
        state.param.watch(guarded(state, self._on_tap), "tap")
        for widget in (self.system, self.foot, self.routine, self.mode):
            widget.param.watch(guarded(state, lambda _e: self._show_progress()), "value")
        if self.store.loaded:  # the page had it before this tab was built
            self._on_loaded()
        else:
            self._show_progress()

    def __panel__(self):
        return pn.Column(
            labelled_group(self.state._("Kind of question"), self.mode),
            # stacked, not in a row: three default-width selects would overflow a phone
            self.system,
            self.foot,
            self.length,
            self.routine,
            pn.FlexBox(self.start, self.weakest, sizing_mode="stretch_width"),
            self.live,
            self.summary,
            self.progress_line,
            self.paint_map,
            # wraps on a phone: a row wider than the window would shrink the whole page there
            pn.FlexBox(*self.downloads, self.reset, sizing_mode="stretch_width"),
            self.undo,
            sizing_mode="stretch_width",
        )

    # --- progress ---------------------------------------------------------------------------------

    def _on_loaded(self, *events) -> None:
        store = self.store
        if not store.loaded:
            return
        # the round records into the progress it was given; what this panel stored changes nothing
        stored = self.round is None and store.value != self._saved
        if stored:
            self.progress = Progress.from_json(store.value)
            self._saved = store.value
        # on arrival also when nothing was stored (a first visit), or the line kept saying
        # "Loading your progress…" until some filter changed; no events: arrived before this panel
        if stored or not events or any(event.name == "loaded" for event in events):
            self._show_progress()

    def progress_undo(self) -> UndoOffer:
        """An Undo for a change of the progress (a reset, an import), to show anywhere: any later
        change of the progress withdraws it, as undoing would throw that change away."""
        offer = UndoOffer(self.state)
        self._undos.append(offer)
        return offer

    def _save(self) -> None:
        for offer in self._undos:  # an offer is made after the change it undoes is saved
            offer.withdraw()
        self._saved = self.progress.to_json()
        self.store.value = self._saved

    def _reset(self, _event=None) -> None:
        before = Progress(self.progress.items)
        self.progress.reset()
        self._save()
        self._show_progress()
        self.undo.offer(self.state._("Progress reset."), lambda: self.replace_progress(before))

    def replace_progress(self, progress: Progress) -> None:
        """Make ``progress`` the student's (an undo, an imported file) and keep it in the browser."""
        self.progress = progress
        self._save()
        self._show_progress()

    def _show_progress(self) -> None:
        _ = self.state._
        if not self.store.loaded:  # a number now would be wrong: the browser has not sent it yet
            text, loaded = _("Loading your progress…"), "false"
        else:
            items = self._pool_or_none() or []
            kind = self._mode_of[self.mode.value]
            kind = "find" if kind == "mixed" else kind  # the map's own direction
            text = progress_text(items, self.progress, kind, self.state.lang) if items else _(NO_MATCH)
            text, loaded = text + " " + _("Kept only in this browser."), "true"
        self._paint()
        self.progress_line.object = (
            f'<p class="rm-results-count" data-testid="quiz-progress" data-loaded="{loaded}">'
            f"{escape(text)}</p>"
        )

    def _paint(self) -> None:
        """The map of what I know, when ticked: every zone's level to the map, the legend shown."""
        on = bool(self.paint_map.value) and self.store.loaded
        by_key = levels(pool(self.state.chart), self.progress) if on else {}
        self.state.knowledge = by_key
        self.knowledge_legend.object = legend_html(by_key, self.state._) if by_key else ""
        self.knowledge_legend.visible = bool(by_key) and not self.state.quizzing

    async def _progress_file(self, fmt: str) -> io.BytesIO:
        from ..export.progress import render_progress_pdf, render_progress_png  # matplotlib: on demand

        render = render_progress_png if fmt == "png" else render_progress_pdf
        # drawing takes seconds: off the server's event loop, which every other session shares,
        # and from a copy, as answers may come in meanwhile
        snapshot = Progress.from_json(self.progress.to_json())
        # the soles, whichever view the map shows: the picture is of the soles, in the page's language
        drawn = functools.partial(render, self.state.whole, snapshot, lang=self.state.lang)
        return io.BytesIO(await asyncio.to_thread(drawn))

    def _pool_or_none(self) -> list[str] | None:
        try:
            return pool(
                self.state.chart,
                system=None if self.system.value == ANY else self.system.value,
                foot=None if self.foot.value == ANY else self.foot.value,
                routine_id=None if self.routine.value == ANY else self.routine.value,
            )
        except (ValueError, KeyError):
            return None

    # --- a round ----------------------------------------------------------------------------------

    def _start(self, _event=None, weakest_only: bool = False) -> None:
        items = self._pool_or_none()
        if not items:
            self.feedback.object = f'<div class="rm-message">{escape(self.state._(NO_MATCH))}</div>'
            return
        if weakest_only:  # the zones known least, within the filters
            kind = self._mode_of[self.mode.value]
            items = weakest(
                items, self.progress, count=self.length.value, kind="find" if kind == "mixed" else kind
            )
        state = self.state
        self.round = Round(
            state.chart,
            items,
            self.progress,
            length=self.length.value,
            mode=self._mode_of[self.mode.value],
            rng=self._rng,
            lang=state.lang,
        )
        self._labels_before = state.show_labels
        state.clear()
        state.hold_quiz("quiz_round", True, show_labels=False, revealed=[], query="", tab="Quiz")
        self.start.visible, self.weakest.visible, self.stop.visible = False, False, True
        self.summary.object = ""
        self._ask()

    def _show_question(self) -> None:
        rnd = self.round
        question = rnd.question
        tap_it = self.state._("Click or tap the zone on the map.")
        self.question.object = (
            f'<div class="rm-panel" data-testid="question" data-key="{escape(question.key)}">'
            f'<p class="rm-results-count" data-testid="quiz-status">{escape(rnd.status())}</p>'
            f"<h2>{escape(question.prompt)}</h2>"
            # once answered, how to answer is no help: its room goes to the answer
            + (f"<p>{escape(tap_it)}</p>" if isinstance(question, FindIt) and not rnd.answered else "")
            + "</div>"
        )

    def _ask(self) -> None:
        rnd = self.round
        question = rnd.question
        self._show_question()
        self.feedback.object = ""
        self.next.visible = False
        self.live.css_classes = ["rm-quiz-live", RUNNING]
        # the zone asked about is shown, unless where it is is the question
        self.state.target = "" if isinstance(question, (FindIt, WhichFoot)) else question.key
        small = isinstance(question, FindIt) and question.small
        self.focus.centre = self._focus_on(question) if small else []
        self.choices.objects = (
            [] if isinstance(question, FindIt) else [self._choice_button(c) for c in question.choices]
        )

    def _focus_on(self, question: FindIt) -> list[float]:
        """Where to zoom for a tiny zone: near it, but not centred on it, or the zoom would answer."""
        cols = map_columns(self.state.chart, self.state.lang)["zones"]
        row = next(
            i
            for i, key in enumerate(zip(cols["zone_id"], cols["foot"], strict=True))
            if key == (question.zone_id, question.foot)
        )
        dx, dy = (self._rng.uniform(-12, 12) for _ in range(2))
        return [cols["label_x"][row] + dx, cols["label_y"][row] + dy]

    def _choice_button(self, name: str) -> pn.widgets.Button:
        button = pn.widgets.Button(label=name, color="light")
        fit_for_fingers([button])
        button.on_click(guarded(self.state, lambda _e, n=name: self._answer(choice=n)))
        return button

    def _on_tap(self, event) -> None:
        rnd = self.round
        if rnd is None or rnd.done or rnd.answered or not isinstance(rnd.question, FindIt):
            return
        if self.state.class_question:  # the teacher's question has the map until it is revealed
            return
        foot, hits, _count = event.new
        self._answer(clicked=list(hits), foot=foot, point=self.state.tap_point)

    def _answer(self, **given) -> None:
        rnd = self.round
        if rnd is None or rnd.answered:
            return
        feedback = rnd.answer(**given)
        self._save()
        self._show_question()  # the score above the question counts this answer
        self._show_progress()
        self.state.target = feedback.correct_key  # show where it really is, right or wrong
        kind = "rm-ok" if feedback.correct else "rm-close" if feedback.close else "rm-message"
        self.feedback.object = (
            f'<div class="{kind}" data-testid="feedback" data-correct="{str(feedback.correct).lower()}">'
            f"{escape(feedback.message)}</div>"
        )
        for button in self.choices.objects:
            button.disabled = True
        self.live.css_classes = ["rm-quiz-live", RUNNING, ANSWERED]
        if rnd.done:
            self._finish()
        else:
            self.next.visible = True

    def _next(self, _event=None) -> None:
        if self.round is not None and self.round.next() is not None:
            self._ask()

    def _finish(self, stopped: bool = False) -> None:
        rnd = self.round
        state = self.state
        state.hold_quiz("quiz_round", False, show_labels=self._labels_before)
        self.start.visible, self.weakest.visible, self.stop.visible, self.next.visible = (
            True,
            True,
            False,
            False,
        )
        self.live.css_classes = ["rm-quiz-live"]
        self.choices.objects = []
        self.focus.centre = []
        if rnd is None:
            return
        _ = state._
        right, asked = rnd.score
        close = f"<p>{escape(rnd.close_note())}</p>" if rnd.close else ""
        missed = [str(m) for m in rnd.missed()]
        again_words, none_words = escape(_("Zones to practise again:")), escape(_("No zone missed."))
        again = f"<p>{again_words}</p>{html_list(missed)}" if missed else f"<p>{none_words}</p>"
        title = _("Round stopped") if stopped else _("Round finished")
        score = _("You got {right} of {asked} right.").format(right=right, asked=asked)
        self.summary.object = (
            f'<div class="rm-panel" data-testid="quiz-summary"><h3>{escape(title)}</h3>'
            f"<p>{escape(score)}</p>{close}{again}</div>"
        )
        self.round = None
        if stopped:  # the question left unanswered is no longer asked
            state.target = ""
            self.question.object = self.feedback.object = ""
