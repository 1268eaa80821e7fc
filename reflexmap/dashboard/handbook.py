"""The Handbook section: a list of entries, one entry at a time, linked to zones and routines."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import panel as pn
import param
from panel.custom import JSComponent
from panel.viewable import Viewer

from ..content import Entry, Handbook, safety_section
from ..labels import category_name
from ..web.assets import js
from ..web.markup import html_list
from ..web.style import CSS
from .details import shown_zone
from .errors import guarded
from .internals import send_at_once, write_quietly
from .state import AppState


def entry_html(entry: Entry, chart, _: Callable[[str], str] = str) -> str:
    """One entry as escaped HTML: text, the routine's steps and the safety lists it relies on
    (``_`` translates the headings; the entry's text is the content's own)."""
    category = _(category_name(entry.category))
    parts = [
        f'<div class="rm-panel" data-testid="entry" data-entry="{escape(entry.entry_id)}">',
        f"<h2>{escape(entry.title)}</h2>",
        f'<p class="rm-results-count">{escape(category)}</p>',
        f"<p><strong>{escape(entry.summary)}</strong></p>",
        *(f"<p>{escape(p)}</p>" for p in entry.body),
    ]
    parts.append(html_list(entry.points))
    if entry.routine:
        routine = chart.routines.get(entry.routine)
        steps = html_list((s.text for s in routine.steps), tag="ol")
        heading = _("Steps: {routine}").format(routine=routine.title)
        parts.append(f"<h3>{escape(heading)}</h3>{steps}")
    for name in entry.safety:
        heading, lines = safety_section(chart.caveats, name)
        parts.append(f"<h3>{escape(heading)}</h3>{html_list(lines)}")
    sources = _("Sources")
    parts.append(f"<h3>{escape(sources)}</h3>{html_list(entry.sources)}")
    parts.append(reworded_html(entry, _))
    parts.append("</div>")
    return "".join(parts)


def reworded_html(entry: Entry, _: Callable[[str], str] = str) -> str:
    """A closed disclosure saying what the source text said and why the entry words it otherwise.

    Closed by default: most readers want the entry, but a student checking our honesty can open it.
    """
    if not entry.reworded:
        return ""
    summary = _("How we changed the source")
    return (
        '<details class="rm-reworded" data-testid="reworded">'
        f"<summary>{escape(summary)}</summary>"
        f"<p>{escape(entry.reworded)}</p></details>"
    )


def entry_options(entries) -> dict[str, str]:
    """List-widget options: entry title (shown as text) -> entry_id."""
    return {entry.title: entry.entry_id for entry in entries}


class HandbookPanel(Viewer):
    """Browse the handbook; an entry's zones and routine are buttons that act on the map."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self._book: Handbook = self.state.chart.handbook
        self.listing = pn.widgets.MultiSelect(
            label=self.state._("Handbook entries (choose one to read it)"),
            options=entry_options(self._book.entries),
            size=10,
            sizing_mode="stretch_width",
        )
        self.back = pn.widgets.Button(label=self.state._("Back to the list of entries"), color="light")
        self.page = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.links = pn.FlexBox(sizing_mode="stretch_width")
        self.listing.param.watch(guarded(self.state, self._on_pick), "value")
        self.back.on_click(guarded(self.state, lambda _event: setattr(self.state, "entry", "")))
        self.state.param.watch(self._show, "entry")
        self._show()

    def __panel__(self):
        return pn.Column(self.listing, self.back, self.links, self.page, sizing_mode="stretch_width")

    def _on_pick(self, event) -> None:
        if event.new:
            self.state.entry = event.new[-1]

    def _show(self, *_events) -> None:
        try:
            entry = self._book.get(self.state.entry) if self.state.entry else None
        except KeyError:
            entry = None
        self.listing.visible = entry is None
        self.back.visible = entry is not None
        self.page.object = entry_html(entry, self.state.chart, self.state._) if entry else ""
        self.listing.value = []
        self.links.objects = self._links(entry) if entry else []

    def _links(self, entry: Entry) -> list:
        chart = self.state.chart
        buttons = []
        for zone_id in entry.zones:
            feet = chart.feet_of(zone_id)
            if not feet:
                continue  # a custom chart may not have every zone the handbook mentions
            label = self.state._("Show on the map: {zone}").format(zone=chart.zone(zone_id).name)
            button = pn.widgets.Button(label=label, color="primary")
            button.on_click(guarded(self.state, lambda _e, z=zone_id, f=feet[0]: self.state.select(z, f)))
            buttons.append(button)
        if entry.routine:
            title = chart.routines.get(entry.routine).title
            label = self.state._("Open the routine: {routine}").format(routine=title)
            button = pn.widgets.Button(label=label, color="primary")
            button.on_click(guarded(self.state, lambda _e, r=entry.routine: self.state.open_routine(r)))
            buttons.append(button)
        return buttons


@send_at_once("chosen")
class LinkButtons(JSComponent):
    """A row of buttons drawn in the browser, one per ``[key, label]`` of ``links``; a press sets
    ``chosen`` to ``[key, count]``. New links are one property's change: no model is made."""

    links = param.List(default=[], doc="[key, label] of each button, in order.")
    chosen = param.List(default=["", 0], doc="[key, count] of the last button pressed.")

    _esm = js("link_buttons.js")


class ZoneHandbookLinks(Viewer):
    """Under the details: a button for each handbook entry that mentions the selected zone.

    One component draws them in the browser, and a click changes only its list of links. As Panel
    buttons, the first zone with more entries than buttons so far had new buttons made, and a new
    model makes Bokeh walk every model of the page: that was half of a session's first click, and
    in a class's burst of first clicks the larger part of the server's work.
    """

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self._view = LinkButtons(stylesheets=[CSS], sizing_mode="stretch_width", margin=0)
        self._view.param.watch(guarded(self.state, self._on_chosen), "chosen")
        # the links name what the entries are about: hidden with the zone's details (see zone_html)
        watched = ["zone", "foot", "quizzing", "show_labels", "present", "revealed"]
        self.state.param.watch(self._update, watched)
        self._update()

    def __panel__(self):
        return self._view

    def _on_chosen(self, event) -> None:
        """A link pressed in the browser: ``[entry_id, count]``, untrusted like any input."""
        chosen = event.new[0] if isinstance(event.new, list) and event.new else None
        if any(entry_id == chosen for entry_id, _label in self.links):
            self.state.entry = chosen

    def _update(self, *_events) -> None:
        shown = shown_zone(self.state)
        entries = self.state.chart.handbook.about_zone(shown[0]) if shown else ()
        label = self.state._("Handbook: {entry}")
        links = [[entry.entry_id, label.format(entry=entry.title)] for entry in entries]
        if links != self._view.links:
            # on a click, straight onto the page's model, in the click's message (see MapView._on_tap)
            write_quietly(self._view, links=links)

    @property
    def links(self) -> list[tuple[str, str]]:
        """``(entry_id, label)`` of each link on show, in order."""
        return [(entry_id, label) for entry_id, label in self._view.links]
