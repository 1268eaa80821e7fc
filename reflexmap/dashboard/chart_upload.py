"""Loading a chart from the browser: the same validator as files, every problem shown, and the
session keeps the chart it had when the upload is refused.

The file comes over HTTP (:mod:`.file_picker` posts it, :mod:`.upload_route` receives it), is
checked in a worker process (:mod:`.chart_check`), and only then shown, in steps."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..charts import MAX_FILE_BYTES
from ..model import Chart
from ..problems import ChartError
from ..web.markup import html_list
from ..web.style import CSS
from .chart_check import LimitExceeded, ServerBusy, WorkerFailed, check_upload
from .errors import guarded
from .file_picker import LOST, FilePicker, not_sent, picker_words
from .in_steps import PageClosed, page_closed
from .state import AppState
from .upload_route import close_inbox, open_inbox

log = logging.getLogger("reflexmap.dashboard.upload")

SHOWN_PROBLEMS = 50


def problems_html(state: AppState, filename: str, error: ChartError) -> str:
    problems = [str(p) for p in error.problems]
    more = len(problems) - SHOWN_PROBLEMS
    tail = "<p>" + escape(state._("... and {count} more.").format(count=more)) + "</p>" if more > 0 else ""
    return refused_html(state, filename, f"{html_list(problems[:SHOWN_PROBLEMS])}{tail}")


def refused_html(state: AppState, filename: str, reason: str) -> str:
    """The refusal of an upload: ``reason`` is HTML, already escaped."""
    head = state._("{filename} was not loaded; the chart on screen is unchanged.").format(filename=filename)
    return (
        f'<div class="rm-message" role="alert" data-testid="upload-problems">'
        f"<strong>{escape(head)}</strong>{reason}</div>"
    )


class ChartUpload(Viewer):
    """A file picker for a single-file GeoJSON chart; ``on_chart`` receives a valid one (and the
    picker stays disabled until it has done with it). It is the session's upload inbox too: the
    HTTP handler delivers the posted file here."""

    state = param.ClassSelector(class_=AppState)
    held = param.String(default="", doc="Why no chart may be loaded now ('' when one may).")
    max_bytes = MAX_FILE_BYTES  # the inbox's limit

    def __init__(self, on_chart: Callable[[Chart], Awaitable[None]], **params):
        super().__init__(**params)
        self._on_chart = on_chart
        self._pending: tuple[str, bytes] | None = None
        self.token = open_inbox(self)
        _ = self.state._
        self.picker = FilePicker(
            token=self.token,
            limit=MAX_FILE_BYTES,
            label=_("Chart file (GeoJSON)"),
            words=picker_words(_),
            sizing_mode="stretch_width",
            margin=(5, 10),  # as the text beside it
        )
        self.status = pn.pane.HTML(self._hint(), stylesheets=[CSS], sizing_mode="stretch_width")
        self.picker.param.watch(guarded(self.state, self._on_outcome), "outcome")
        self.param.watch(guarded(self.state, self._on_held), "held")

    def __panel__(self):
        return pn.Column(
            pn.pane.HTML("<h3>" + escape(self.state._("Load your own chart")) + "</h3>", stylesheets=[CSS]),
            self.picker,
            self.status,
            sizing_mode="stretch_width",
        )

    # --- the inbox (see upload_route.Inbox) ---

    def refusal(self) -> str:
        if self.held:
            return self.held
        return "a chart is being checked or drawn" if self.picker.disabled else ""

    def deliver(self, filename: str, data: bytes) -> None:
        self._pending = (filename, data)

    # --- the page ---

    def _hint(self) -> str:
        if self.held:
            held = escape(self.state._(self.held))
            return f'<p class="rm-hint" role="status" data-testid="upload-held">{held}</p>'
        hint = self.state._(
            "A single GeoJSON file up to {megabytes} MB, in the format README describes. It is checked "
            "like any chart and used only in this browser tab."
        ).format(megabytes=MAX_FILE_BYTES // 1_000_000)
        return f'<p class="rm-results-count">{escape(hint)}</p>'

    def _on_held(self, _event) -> None:
        self.picker.disabled = bool(self.held)
        self.status.object = self._hint()

    def loaded(self, chart: Chart) -> None:
        """Say which chart this tab now shows."""
        count = chart.zones["zone_id"].nunique()
        text = self.state._(
            "Loaded {source}: {count} zones. Only this browser tab uses it; reload the page to return "
            "to the default chart."
        ).format(source=chart.info.source, count=count)
        if self.state.lang not in chart.languages:
            text += " " + self.state.untranslated_chart_note
        self.status.object = f'<div class="rm-ok" role="status" data-testid="upload-ok">{escape(text)}</div>'

    def _progress(self, text: str) -> None:
        self.status.object = (
            f'<p class="rm-results-count" role="status" data-testid="upload-progress">{escape(text)}</p>'
        )

    def _refused(self, filename: str, reason: str) -> None:
        """Say that ``filename`` was refused, for ``reason`` (plain text)."""
        self.status.object = refused_html(self.state, filename, f"<p>{escape(reason)}</p>")

    async def _on_outcome(self, event) -> None:
        # the event's own value: "sending" and "sent" may arrive before the first is handled
        outcome = FilePicker.read_outcome(event.new)
        kind, filename = outcome.get("kind"), str(outcome.get("name") or "upload.geojson")
        _ = self.state._
        if kind == "sending":
            self.status.object = ""  # the picker shows its progress; the last file's answer goes
        elif kind == "sent":
            pending, self._pending = self._pending, None
            if pending is None:  # not this page's post: nothing to check
                self._refused(filename, _(LOST))
            else:
                await self._check(*pending)
        elif kind == "held":
            self._refused(
                filename, _(self.held) if self.held else _("Another chart is still being loaded here.")
            )
        elif reason := not_sent(outcome, MAX_FILE_BYTES, _):
            self._refused(filename, reason)

    async def _check(self, filename: str, data: bytes) -> None:
        if self.held:  # a page that had the picker before it was disabled
            self._refused(filename, self.state._(self.held))
            return
        self.picker.disabled = True
        doc = pn.state.curdoc
        try:
            await self._load(doc, filename, data)
        except PageClosed:  # nobody to answer: the worker is stopped, the new dashboard dropped
            log.info("stopped loading %r: its page closed", filename)
        finally:
            if not page_closed(doc):
                self.picker.disabled = bool(self.held)

    async def _load(self, doc, filename: str, data: bytes) -> None:
        # checked in a worker process: this session waits, showing how long, and no other does
        _ = self.state._
        try:
            chart = await check_upload(filename, data, lambda seconds: self._checking(doc, filename, seconds))
        except ChartError as error:
            self.status.object = problems_html(self.state, filename, error)
        except ServerBusy as error:  # not the chart's fault: no advice to change it
            self._refused(filename, _(error.TEXT).format(**error.fields) + ".")
        except LimitExceeded as error:
            advice = _("Simplify its shapes (fewer vertices) or split it into smaller charts.")
            self._refused(filename, f"{_(error.TEXT).format(**error.fields)}. {advice}")
        except WorkerFailed:
            self.status.object = ""  # not "Checking..." forever; guarded logs it and says sorry
            raise
        else:
            self._progress(_("{filename} is valid: drawing it...").format(filename=filename))
            await self._on_chart(chart)  # in steps, with the picker still disabled
            close_inbox(self.token)  # this dashboard has been replaced by the new chart's

    def _checking(self, doc, filename: str, seconds: float) -> None:
        if page_closed(doc):
            raise PageClosed  # out of the check, which stops its worker
        self._progress(
            self.state._("Checking {filename}... {seconds} s").format(
                filename=filename, seconds=f"{seconds:.0f}"
            )
        )
