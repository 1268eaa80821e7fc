"""Downloads: the handout, a quiz sheet, the chart as a picture, the offline page and the
student's own progress (to save, and to bring into another browser).

Every file is made when its button is pressed, with the export modules the command line uses,
never when the page loads: opening the dashboard stays as cheap as before.
"""

from __future__ import annotations

import asyncio
import io
import re
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..model import Chart
from ..progress_file import MAX_FILE_BYTES as PROGRESS_MAX_BYTES
from ..progress_file import ProgressFileError, progress_file, read_progress_file
from ..quiz import card_zone
from ..web.style import CSS
from .errors import guarded
from .file_picker import LOST, FilePicker, not_sent, picker_words
from .quiz_panel import QuizPanel
from .state import AppState
from .touch import fit_for_fingers
from .upload_route import open_inbox

PAPER = {"A4": "a4", "US Letter": "letter"}


def file_stem(chart: Chart) -> str:
    """A file-name stem from the chart's title: "Reflex zones of the soles" -> "reflex-zones-of-the-soles"."""
    words = re.findall(r"[a-z0-9]+", chart.info.title.casefold())
    return "-".join(words[:6]) or "reflexmap"


class DownloadsPanel(Viewer):
    """Buttons that make and download each file, and the import of a progress file."""

    state = param.ClassSelector(class_=AppState)
    quiz = param.ClassSelector(class_=QuizPanel)

    def __init__(self, **params):
        super().__init__(**params)
        state = self.state
        _ = state._
        stem = file_stem(state.chart)
        self.paper = pn.widgets.RadioButtonGroup(options=list(PAPER), value="A4", color="light")

        def download(label: str, filename: str, make, description: str) -> pn.widgets.FileDownload:
            async def made() -> io.BytesIO:
                # drawing takes seconds: off the event loop every other session shares, from the
                # chart and paper of the click (a chart loaded meanwhile replaces, never changes, it);
                # the whole chart, and the view on screen for a picture of it
                asked = (self._paper_key, self.state.view, self.state.lang)
                return io.BytesIO(await asyncio.to_thread(make, self.state.whole, asked))

            widget = pn.widgets.FileDownload(
                callback=guarded(state, made),
                filename=filename,
                label=label,
                color="primary",
                embed=False,
                description=description,
                sizing_mode="stretch_width",
            )
            return widget

        self.handout = download(
            _("PDF handout"),
            f"{stem}-handout-a4.pdf",
            make_handout,
            _("Every view numbered, every zone, safety"),
        )
        self.quiz_sheet = download(
            _("Quiz sheet (PDF)"),
            f"{stem}-quiz-a4.pdf",
            make_quiz_sheet,
            _("Blank numbered soles, answer key"),
        )
        self.png = download(
            _("Chart as PNG"), f"{stem}.png", make_png, _("A picture of the chart (1600 px wide)")
        )
        self.svg = download(_("Chart as SVG"), f"{stem}.svg", make_svg, _("The chart as a scalable drawing"))
        self.html = download(
            _("Offline page (HTML)"), f"{stem}.html", make_html, _("The map in one file, no server needed")
        )
        # the progress is a few kB of JSON: made at once, from the progress of the click
        self.progress = pn.widgets.FileDownload(
            callback=guarded(state, lambda: io.BytesIO(self._progress())),
            filename=f"{stem}-progress.json",
            label=_("My quiz progress (JSON)"),
            color="primary",
            embed=False,
            description=_("To keep, or to import in another browser"),
            sizing_mode="stretch_width",
        )
        self.paper.param.watch(guarded(state, self._paper), "value")
        # posted over HTTP as a chart is, not through the websocket (see file_picker)
        self._pending: tuple[str, bytes] | None = None
        self.upload = FilePicker(
            token=open_inbox(self),
            limit=self.max_bytes,
            accept=".json,application/json",
            label=_("Import a progress file"),
            words=picker_words(_),
            sizing_mode="stretch_width",
        )
        self.upload.param.watch(guarded(state, self._on_outcome), "outcome")
        self.result = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.undo = self.quiz.progress_undo()

    def __panel__(self):
        _ = self.state._

        take_home, made, paper = (
            escape(text)
            for text in (
                _("Print and take home"),
                _("Each file is made when you press its button (a few seconds)."),
                _("Paper"),
            )
        )
        the_chart, mine = escape(_("The chart")), escape(_("My quiz progress"))
        kept = escape(
            _(
                "Your progress is kept in this browser only. Save it as a file to keep it, or to go on in "
                "another browser or computer: import the file there."
            )
        )
        panel = pn.Column(
            pn.pane.HTML(
                f'<div class="rm-panel" data-testid="downloads"><h3>{take_home}</h3><p>{made}</p></div>',
                stylesheets=[CSS],
                sizing_mode="stretch_width",
            ),
            pn.Row(
                pn.pane.HTML(f'<span class="rm-field-label">{paper}</span>', stylesheets=[CSS]),
                self.paper,
            ),
            self.handout,
            self.quiz_sheet,
            pn.pane.HTML(f'<div class="rm-panel"><h3>{the_chart}</h3></div>', stylesheets=[CSS]),
            self.png,
            self.svg,
            self.html,
            pn.pane.HTML(
                f'<div class="rm-panel"><h3>{mine}</h3><p>{kept}</p></div>',
                stylesheets=[CSS],
                sizing_mode="stretch_width",
            ),
            self.progress,
            self.upload,
            self.result,
            self.undo,
            sizing_mode="stretch_width",
        )
        fit_for_fingers([panel])
        return panel

    # --- making the files -------------------------------------------------------------------------

    @property
    def _paper_key(self) -> str:
        return PAPER[self.paper.value]

    def _paper(self, event) -> None:
        for widget in (self.handout, self.quiz_sheet):
            widget.filename = re.sub(r"-(a4|letter)\.pdf$", f"-{PAPER[event.new]}.pdf", widget.filename)

    def _progress(self) -> bytes:
        return progress_file(self.quiz.progress, self.state.whole).encode("utf-8")

    # --- importing progress -----------------------------------------------------------------------

    max_bytes = PROGRESS_MAX_BYTES  # the upload inbox's limit

    def refusal(self) -> str:
        """The upload inbox takes a file at any time (see upload_route.Inbox)."""
        return ""

    def deliver(self, filename: str, data: bytes) -> None:
        self._pending = (filename, data)

    def _on_outcome(self, event) -> None:
        outcome = FilePicker.read_outcome(event.new)
        kind, name = outcome.get("kind"), str(outcome.get("name") or "")
        if kind == "sending":
            self.result.object = ""
        elif kind == "sent":
            pending, self._pending = self._pending, None
            if pending is None:  # not this page's post
                self._refused(name, self.state._(LOST))
            else:
                self._import(*pending)
        elif reason := not_sent(outcome, self.max_bytes, self.state._):
            self._refused(name, reason)

    def _refused(self, name: str, reason: str) -> None:
        _ = self.state._
        not_imported = _("{file} was not imported.").format(file=name or _("the file"))
        unchanged = _("Your progress is unchanged.")
        self.result.object = (
            f'<div class="rm-message" role="alert" data-testid="import-result" data-ok="false">'
            f"<strong>{escape(not_imported)}</strong> {escape(reason)} {escape(unchanged)}</div>"
        )

    def _import(self, name: str, data: bytes) -> None:
        _ = self.state._
        quiz = self.quiz
        try:
            if quiz.round is not None:
                # the round goes on recording into the progress it started with
                raise ProgressFileError(
                    _("A quiz round is running: stop it or finish it first, then import the file.")
                )
            imported = read_progress_file(data, self.state.whole)
        except ProgressFileError as refused:
            self._refused(name, str(refused))
            return
        before = type(quiz.progress)(quiz.progress.items)
        quiz.replace_progress(imported)
        zones = len({card_zone(card) for card in imported.items})
        done = _("Imported {file}: {answers} answers recorded, on {zones} zones.").format(
            file=name, answers=len(imported), zones=zones
        )
        ok = '<div class="rm-ok" role="status" data-testid="import-result" data-ok="true">'
        self.result.object = f"{ok}{escape(done)}</div>"
        self.undo.offer(_("Progress replaced by the file."), lambda: quiz.replace_progress(before))


# --- the files, made from the whole chart and (paper size, view on screen, language) on a worker thread


def make_handout(chart: Chart, asked: tuple[str, str, str]) -> bytes:
    """The PDF handout."""
    from ..export.pdf import render_handout

    return render_handout(chart, asked[0], asked[2])


def make_quiz_sheet(chart: Chart, asked: tuple[str, str, str]) -> bytes:
    """The PDF quiz sheet: blank numbered soles and an answer key."""
    from ..export.pdf import render_quiz_sheet

    return render_quiz_sheet(chart, asked[0], asked[2])


def make_png(chart: Chart, asked: tuple[str, str, str]) -> bytes:
    """The view on screen as a PNG picture."""
    from ..export.images import render_image

    return render_image(chart, "png", view=asked[1], lang=asked[2])


def make_svg(chart: Chart, asked: tuple[str, str, str]) -> bytes:
    """The view on screen as an SVG drawing."""
    from ..export.images import render_image

    return render_image(chart, "svg", view=asked[1], lang=asked[2])


def make_html(chart: Chart, asked: tuple[str, str, str]) -> bytes:
    """The offline page."""
    from ..export.html import html_document

    return html_document(chart, asked[2]).encode("utf-8")
