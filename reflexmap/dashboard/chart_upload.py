"""Loading a chart from the browser: the same validator as files, every problem shown, and the
session keeps the chart it had when the upload is refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..charts import MAX_FILE_BYTES
from ..model import ZoneMap
from ..problems import ZoneMapError
from .chart_check import LimitExceeded, WorkerFailed, check_upload
from .errors import guarded
from .markup import html_list
from .state import AppState
from .style import CSS
from .upload_guard import UploadGuard

SHOWN_PROBLEMS = 50


def problems_html(filename: str, error: ZoneMapError) -> str:
    problems = [str(p) for p in error.problems]
    more = len(problems) - SHOWN_PROBLEMS
    tail = f"<p>... and {more} more.</p>" if more > 0 else ""
    return refused_html(filename, f"{html_list(problems[:SHOWN_PROBLEMS])}{tail}")


def refused_html(filename: str, reason: str) -> str:
    """The refusal of an upload: ``reason`` is HTML, already escaped."""
    return (
        f'<div class="rm-message" role="alert" data-testid="upload-problems">'
        f"<strong>{escape(filename)} was not loaded; the chart on screen is unchanged.</strong>"
        f"{reason}</div>"
    )


class ChartUpload(Viewer):
    """A file picker for a single-file GeoJSON chart; ``on_chart`` receives a valid one (and the
    picker stays disabled until it has done with it)."""

    state = param.ClassSelector(class_=AppState)
    held = param.String(default="", doc="Why no chart may be loaded now ('' when one may).")

    def __init__(self, on_chart: Callable[[ZoneMap], Awaitable[None]], **params):
        super().__init__(**params)
        self._on_chart = on_chart
        self.picker = pn.widgets.FileInput(
            label="Chart file (GeoJSON)", accept=".geojson,.json", multiple=False, sizing_mode="stretch_width"
        )
        self.status = pn.pane.HTML(self._hint(), stylesheets=[CSS], sizing_mode="stretch_width")
        self.picker.param.watch(guarded(self.state, self._on_file), "value")
        self.guard = UploadGuard(limit=MAX_FILE_BYTES)
        self.guard.param.watch(guarded(self.state, self._on_refused), "refused")
        self.param.watch(guarded(self.state, self._on_held), "held")

    def __panel__(self):
        return pn.Column(
            pn.pane.HTML("<h3>Load your own chart</h3>", stylesheets=[CSS]),
            self.picker,
            self.status,
            self.guard,
            sizing_mode="stretch_width",
        )

    def _hint(self) -> str:
        if self.held:
            return f'<p class="rm-hint" role="status" data-testid="upload-held">{escape(self.held)}</p>'
        return (
            f'<p class="rm-results-count">A single GeoJSON file up to {MAX_FILE_BYTES // 1_000_000} MB, '
            "in the format README describes. It is checked like any chart and used only in this "
            "browser tab.</p>"
        )

    def _on_held(self, _event) -> None:
        self.picker.disabled = bool(self.held)
        self.status.object = self._hint()

    def loaded(self, chart: ZoneMap) -> None:
        """Say which chart this tab now shows."""
        count = chart.zones["zone_id"].nunique()
        self.status.object = (
            f'<div class="rm-ok" role="status" data-testid="upload-ok">Loaded {escape(chart.info.source)}: '
            f"{count} zones. Only this browser tab uses it; reload the page to return to the "
            "default chart.</div>"
        )

    def _on_refused(self, event) -> None:
        size, rest = event.new.split("|", 1)  # "size|name|time": the name may hold a "|"
        filename = rest.rsplit("|", 1)[0]
        too_large = f"The file is {int(size):,} bytes; the limit is {MAX_FILE_BYTES:,}."
        reason = too_large if int(size) else "The file is empty."
        self.status.object = refused_html(filename, f"<p>{reason}</p>")

    async def _on_file(self, event) -> None:
        if event.new is None:
            return
        filename = self.picker.filename or "upload.geojson"
        if self.held:  # a page that had the picker before it was disabled
            self.status.object = refused_html(filename, f"<p>{escape(self.held)}</p>")
            return
        # checked in a worker process: this session waits, showing how long, and no other does
        self.picker.disabled = True
        try:
            chart = await check_upload(filename, event.new, lambda seconds: self._checking(filename, seconds))
        except ZoneMapError as error:
            self.status.object = problems_html(filename, error)
            return
        except LimitExceeded as error:
            advice = "Simplify its shapes (fewer vertices) or split it into smaller charts."
            self.status.object = refused_html(filename, f"<p>{escape(str(error))}. {advice}</p>")
            return
        except WorkerFailed:
            self.status.object = ""  # not "Checking..." forever; guarded logs it and says sorry
            raise
        else:
            self.status.object = (
                f'<p class="rm-results-count" role="status" data-testid="upload-progress">'
                f"{escape(filename)} is valid: drawing it...</p>"
            )
            await self._on_chart(chart)  # in steps, with the picker still disabled
        finally:
            self.picker.disabled = bool(self.held)

    def _checking(self, filename: str, seconds: float) -> None:
        self.status.object = (
            f'<p class="rm-results-count" role="status" data-testid="upload-progress">Checking '
            f"{escape(filename)}... {seconds:.0f} s</p>"
        )
