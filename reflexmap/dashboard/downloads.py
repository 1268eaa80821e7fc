"""Downloads: the handout, a quiz sheet, the chart as a picture, the offline page and the
student's own progress (to save, and to bring into another browser).

Every file is made when its button is pressed, with the export modules the command line uses,
never when the page loads: opening the dashboard stays as cheap as before.
"""

from __future__ import annotations

import io
import re
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..model import ZoneMap
from ..progress_file import MAX_FILE_BYTES, ProgressFileError, progress_file, read_progress_file
from .errors import guarded
from .quiz_panel import QuizPanel
from .state import AppState
from .style import CSS
from .touch import fit_for_fingers
from .undo import UndoOffer

PAPER = {"A4": "a4", "US Letter": "letter"}


def file_stem(chart: ZoneMap) -> str:
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
        stem = file_stem(state.chart)
        self.paper = pn.widgets.RadioButtonGroup(options=list(PAPER), value="A4", color="light")

        def download(label: str, filename: str, make, description: str) -> pn.widgets.FileDownload:
            widget = pn.widgets.FileDownload(
                callback=guarded(state, lambda: io.BytesIO(make())),
                filename=filename,
                label=label,
                color="primary",
                embed=False,
                description=description,
                sizing_mode="stretch_width",
            )
            return widget

        self.handout = download(
            "PDF handout", f"{stem}-handout-a4.pdf", self._handout, "Both soles numbered, every zone, safety"
        )
        self.quiz_sheet = download(
            "Quiz sheet (PDF)", f"{stem}-quiz-a4.pdf", self._quiz_sheet, "Blank numbered soles, answer key"
        )
        self.png = download("Chart as PNG", f"{stem}.png", self._png, "A picture of the chart (1600 px wide)")
        self.svg = download("Chart as SVG", f"{stem}.svg", self._svg, "The chart as a scalable drawing")
        self.html = download(
            "Offline page (HTML)", f"{stem}.html", self._html, "The map in one file, no server needed"
        )
        self.progress = download(
            "My quiz progress (JSON)",
            f"{stem}-progress.json",
            self._progress,
            "To keep, or to import in another browser",
        )
        self.paper.param.watch(guarded(state, self._paper), "value")
        self.upload = pn.widgets.FileInput(
            label="Import a progress file", accept=".json,application/json", multiple=False
        )
        self.upload.param.watch(guarded(state, self._import), "value")
        self.result = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.undo = UndoOffer(state)

    def __panel__(self):
        panel = pn.Column(
            pn.pane.HTML(
                '<div class="rm-panel" data-testid="downloads"><h3>Print and take home</h3>'
                "<p>Each file is made when you press its button (a few seconds).</p></div>",
                stylesheets=[CSS],
                sizing_mode="stretch_width",
            ),
            pn.Row(pn.pane.HTML('<span class="rm-field-label">Paper</span>', stylesheets=[CSS]), self.paper),
            self.handout,
            self.quiz_sheet,
            pn.pane.HTML('<div class="rm-panel"><h3>The chart</h3></div>', stylesheets=[CSS]),
            self.png,
            self.svg,
            self.html,
            pn.pane.HTML(
                '<div class="rm-panel"><h3>My quiz progress</h3><p>Your progress is kept in this browser '
                "only. Save it as a file to keep it, or to go on in another browser or computer: "
                "import the file there.</p></div>",
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

    def _handout(self) -> bytes:
        from ..export.pdf import render_handout

        return render_handout(self.state.chart, self._paper_key)

    def _quiz_sheet(self) -> bytes:
        from ..export.pdf import render_quiz_sheet

        return render_quiz_sheet(self.state.chart, self._paper_key)

    def _png(self) -> bytes:
        from ..export.images import render_image

        return render_image(self.state.chart, "png")

    def _svg(self) -> bytes:
        from ..export.images import render_image

        return render_image(self.state.chart, "svg")

    def _html(self) -> bytes:
        from ..export.html import html_document

        return html_document(self.state.chart).encode("utf-8")

    def _progress(self) -> bytes:
        return progress_file(self.quiz.progress, self.state.chart).encode("utf-8")

    # --- importing progress -----------------------------------------------------------------------

    def _import(self, event) -> None:
        data = event.new
        if data is None:
            return
        name = self.upload.filename or "the file"
        try:
            if len(data) > MAX_FILE_BYTES:
                raise ProgressFileError(f"The file is larger than {MAX_FILE_BYTES // 1000} kB.")
            imported = read_progress_file(data, self.state.chart)
        except ProgressFileError as refused:
            self.result.object = (
                f'<div class="rm-message" role="alert" data-testid="import-result" data-ok="false">'
                f"<strong>{escape(name)} was not imported.</strong> {escape(str(refused))} "
                "Your progress is unchanged.</div>"
            )
            return
        quiz = self.quiz
        before = type(quiz.progress)(quiz.progress.items)
        quiz.replace_progress(imported)
        self.result.object = (
            f'<div class="rm-ok" role="status" data-testid="import-result" data-ok="true">'
            f"Imported {escape(name)}: your progress on {len(imported)} zones (each foot counts).</div>"
        )
        self.undo.offer("Progress replaced by the file.", lambda: quiz.replace_progress(before))
