"""Search box, result list and filters. Typing highlights matches on both feet; picking one selects it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..charts import SYSTEMS
from ..content import Condition
from ..i18n import DEFAULT_LANGUAGE, N_, translator
from ..labels import FOOT_LABEL, SYSTEM_NAMES, VIEW_NAMES
from ..web.style import CSS
from .errors import guarded
from .handbook import entry_options
from .state import BOTH, AppState

ALL_SYSTEMS = N_("All body systems")
PLACEHOLDER = N_("liver, headache, lower back...")
FOOT_CHOICES = {N_("Both feet"): BOTH, N_("Left"): "left", N_("Right"): "right"}


def result_options(results, _: Callable[[str], str] = str, with_view: bool = False) -> dict[str, str]:
    """Select-widget options for search results: visible label -> "zone_id|foot", or with
    ``with_view`` (a chart of several views) "zone_id|foot|view" and the view named in the label.

    The labels are shown by the browser as option text, never parsed as HTML. Two zones with the
    same name on one foot get their zone_id added, so neither drops out of the list. ``translate``
    translates the view's name.
    """
    options: dict[str, str] = {}
    rows = zip(results["zone_id"], results["foot"], results["name"], results["view"], strict=True)
    for zone_id, foot, name, view in rows:
        label = f"{name} - {_(FOOT_LABEL.get(foot, foot))}"
        if with_view:
            label += f", {_(VIEW_NAMES[view])}"
        if label in options:
            label = f"{label} ({zone_id})"
        options[label] = f"{zone_id}|{foot}|{view}" if with_view else f"{zone_id}|{foot}"
    return options


def condition_html(condition: Condition | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The notice a search for a disease, symptom or health claim shows before any zone."""
    if condition is None:
        return ""
    title = translator(lang).gettext("Not a treatment.")
    return (
        f'<div class="rm-notice rm-condition" role="note" data-testid="condition-notice">'
        f"<strong>{escape(title)}</strong> {escape(condition.notice)}</div>"
    )


def count_html(
    query: str,
    zones: int,
    entries: int = 0,
    read_as: str = "",
    condition: Condition | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The line above the results, in ``lang``; ``read_as`` is the query with its typos corrected,
    if any.

    With a ``condition`` the notice comes first and the zones are called what they are: areas
    charts associate with it, never points to press for it.
    """
    words = translator(lang)
    if not query.strip():
        hint = words.gettext('Try "liver", "headache", "lower back" or "flat feet".')
        return f'<p class="rm-results-count">{escape(hint, quote=False)}</p>'

    # say how a misspelt query was read, or "sole" finding the neck (as "sore") would puzzle
    def html(template: str, made: dict[str, str] | None = None, **values) -> str:
        # the words are ours; what fills them is escaped, unless ``made`` here as HTML already
        escaped = {k: escape(str(v)) for k, v in values.items()}
        return escape(template, quote=False).format(**escaped, **(made or {}))

    read = html(words.gettext(' (read as "{spelling}")'), spelling=read_as) if read_as else ""
    if zones and condition is not None:
        text = words.ngettext(
            '{count} match for "{query}"{read}: areas that charts associate with {condition}, '
            "highlighted in orange.",
            '{count} matches for "{query}"{read}: areas that charts associate with {condition}, '
            "highlighted in orange.",
            zones,
        )
    elif zones:
        text = words.ngettext(
            '{count} match for "{query}"{read}, highlighted in orange.',
            '{count} matches for "{query}"{read}, highlighted in orange.',
            zones,
        )
    elif condition is not None:
        text = words.gettext("No zone of this chart is associated with {condition}.")
    else:
        text = words.gettext('No zone matches "{query}".')
    text = html(text, {"read": read}, count=zones, query=query, condition=condition.name if condition else "")
    if entries:
        text += " " + html(
            words.ngettext("{count} handbook entry below.", "{count} handbook entries below.", entries),
            count=entries,
        )
    return f'{condition_html(condition, lang)}<p class="rm-results-count">{text}</p>'


class LabelledButtonGroup(pn.widgets.RadioButtonGroup):
    """Panel's RadioButtonGroup with HTML attributes on its element, for a name screen readers read.

    Panel passes a parameter the Bokeh model has to the model; Bokeh's ``html_attributes`` sets
    attributes on the widget's host element, whose shadow root holds the buttons.
    """

    html_attributes = param.Dict(default={}, doc="Attributes of the group's HTML element.")


def labelled_group(caption: str, group: LabelledButtonGroup, **styles) -> pn.Column:
    """``group`` under a visible ``caption``, set like the label Panel draws above a Select.

    Panel draws no label for a button group and an ``aria-labelledby`` cannot reach across the
    shadow roots Panel puts each part in, so the group is a role="group" named by ``aria-label``
    with the caption's text; the caption itself is hidden from screen readers, which would
    otherwise read it twice.
    """
    group.html_attributes = {"role": "group", "aria-label": caption}
    group.margin = (0, 10, 5, 10)  # Panel's (5, 10) less the top: the caption is right above
    text = pn.pane.HTML(
        f'<div class="rm-field-label" aria-hidden="true">{escape(caption)}</div>',
        stylesheets=[CSS],
        margin=(5, 10, 0, 10),
        sizing_mode="stretch_width",
    )
    return pn.Column(text, group, sizing_mode="stretch_width", styles=styles)


class SearchPanel(Viewer):
    """Search and filter controls bound to one :class:`AppState`."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        state = self.state
        _ = state._
        present = [s for s in SYSTEMS if s in set(state.whole.zones["system"])]  # of every view
        # the lists show names in the page's language; these say what each name stands for
        self._system_of = {_(ALL_SYSTEMS): "", **{_(SYSTEM_NAMES[s]): s for s in present}}
        self._foot_of = {_(label): foot for label, foot in FOOT_CHOICES.items()}
        self.box = pn.widgets.TextInput(
            label=_("Search zones and the handbook"),
            placeholder=_(PLACEHOLDER),
            sizing_mode="stretch_width",
        )
        # A MultiSelect list starts with nothing chosen, unlike Select, which would pick (and so
        # select on the map) the first match every time the list changes.
        self.results = pn.widgets.MultiSelect(
            label=_("Matches (choose one to select it)"),
            options={},
            size=6,
            sizing_mode="stretch_width",
            visible=False,
        )
        self.entries = pn.widgets.MultiSelect(
            label=_("Handbook entries (choose one to read it)"),
            options={},
            size=4,
            sizing_mode="stretch_width",
            visible=False,
        )
        self.count = pn.pane.HTML(
            count_html("", 0, lang=state.lang), stylesheets=[CSS], sizing_mode="stretch_width"
        )
        self.system = pn.widgets.Select(
            label=_("Body system"),
            options=list(self._system_of),
            sizing_mode="stretch_width",
            styles={"flex": "1 1 160px"},
        )
        self.foot = LabelledButtonGroup(
            label=_("Foot"),
            options=list(self._foot_of),
            value=_("Both feet"),
            color="light",
            sizing_mode="stretch_width",
        )
        self.box.param.watch(guarded(state, self._on_typing), "value_input")
        self.results.param.watch(guarded(state, self._on_pick), "value")
        self.entries.param.watch(guarded(state, self._on_entry), "value")
        self.system.param.watch(guarded(state, self._on_system), "value")
        self.foot.param.watch(guarded(state, self._on_foot), "value")
        state.param.watch(self._refresh, ["query", "systems", "foot_filter"])
        state.param.watch(self._show_selection, ["zone", "foot", "view"])
        # searching during a quiz round would outline the answer: the box is locked until it ends
        state.param.watch(self._lock, "quizzing")
        # the filters also change from elsewhere: a message's offer to show a zone they hide
        state.param.watch(self._show_filters, ["systems", "foot_filter"])

    def __panel__(self):
        return pn.Column(
            self.box,
            self.count,
            self.results,
            self.entries,
            # the foot buttons need their words' width whatever room they get (about 190px in
            # English, more in Russian): on a phone they go below the system list instead of
            # overflowing the page
            pn.FlexBox(
                self.system,
                labelled_group(self.foot.label, self.foot, flex="1 1 200px", min_width="max-content"),
                sizing_mode="stretch_width",
            ),
            sizing_mode="stretch_width",
        )

    def _lock(self, event) -> None:
        self.box.disabled = self.results.disabled = event.new
        _ = self.state._
        self.box.placeholder = _("Search is off during a quiz round") if event.new else _(PLACEHOLDER)
        if event.new:
            self.box.value = self.box.value_input = ""

    def _on_typing(self, event) -> None:
        self.state.query = event.new or ""

    def _on_pick(self, event) -> None:
        if event.new:
            zone_id, foot, *view = event.new[-1].split("|")
            self.state.select(zone_id, foot, *view)  # on the view it was found on

    def _on_entry(self, event) -> None:
        if event.new:
            self.state.entry = event.new[-1]
            self.entries.value = []

    def _on_system(self, event) -> None:
        chosen = self._system_of.get(event.new, "")
        self.state.systems = [s for s in SYSTEMS if not chosen or s == chosen]

    def _on_foot(self, event) -> None:
        self.state.foot_filter = self._foot_of[event.new]

    def _show_filters(self, *_events) -> None:
        systems = self.state.systems
        label_of = {system: label for label, system in self._system_of.items()}
        if set(systems) == set(SYSTEMS):
            self.system.value = label_of[""]
        elif len(systems) == 1 and systems[0] in label_of:
            self.system.value = label_of[systems[0]]
        self.foot.value = next(k for k, v in self._foot_of.items() if v == self.state.foot_filter)

    def _refresh(self, *_events) -> None:
        results = self.state.search_results()
        options = result_options(results, self.state._, len(self.state.views) > 1)
        self.results.options = options
        self.results.visible = bool(options)
        entries = self.state.handbook_results()
        self.entries.options = entry_options(entries)
        self.entries.visible = bool(entries)
        query = self.state.query
        read_as = self.state.chart.spelling(query) if query.strip() else ""
        condition = self.state.chart.condition(query)
        self.count.object = count_html(query, len(results), len(entries), read_as, condition, self.state.lang)
        self._show_selection()

    def _show_selection(self, *_events) -> None:
        # The list marks the selected zone only while it is selected, so that choosing an entry
        # again after a click elsewhere on the map is a change (and selects it again).
        if not self.results.options and not self.results.value:  # no search: a tap's usual case
            return
        selected = self.state.selected
        key = f"{selected[0]}|{selected[1]}" if selected else None
        keys = {key, f"{key}|{self.state.view}"} if selected else set()
        self.results.value = [v for v in self.results.options.values() if v in keys][:1]
