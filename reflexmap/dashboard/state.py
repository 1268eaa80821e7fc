"""One session's state: what is selected, highlighted and filtered. Views read it; events change it."""

from __future__ import annotations

import numpy as np
import param

from ..charts import FEET, SYSTEMS, VIEWS
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, in_language, translator
from ..labels import SYSTEM_NAMES
from ..model import Chart
from ..web.details_html import row_index
from ..web.map_data import MAP_VIEW

BOTH = "both"
# the sections, by their English names (marked, so that the catalogue keeps their translations)
TABS = (
    N_("Routines"),
    N_("Handbook"),
    N_("Quiz"),
    N_("Practise"),
    N_("Compare"),
    N_("Downloads"),
    N_("Safety"),
    N_("About"),
)


class AppState(param.Parameterized):
    """Everything one browser session has chosen. One instance per session, never shared."""

    view = param.Selector(default=MAP_VIEW, objects=list(VIEWS), doc="The view of the feet the map draws.")
    lang = param.Selector(default=DEFAULT_LANGUAGE, objects=list(LANGUAGES), doc="The page's language.")
    zone = param.String(default="", doc="Selected zone_id ('' when nothing is selected).")
    foot = param.String(default="", doc="Foot of the selected zone.")
    query = param.String(default="", doc="Text in the search box.")
    # instantiate=True: each session gets its own list (ListSelector would otherwise share one)
    systems = param.ListSelector(
        default=list(SYSTEMS), objects=list(SYSTEMS), instantiate=True, doc="Body systems shown."
    )
    foot_filter = param.Selector(default=BOTH, objects=[BOTH, *FEET], doc="Feet shown.")
    routine = param.String(default="", doc="routine_id of the routine on display.")
    step = param.Integer(default=-1, doc="Index of the routine step on display (-1: none).")
    entry = param.String(default="", doc="entry_id of the handbook entry on display ('' for the list).")
    tab = param.Selector(default="Routines", objects=list(TABS), doc="The section shown below the details.")
    show_labels = param.Boolean(default=True)
    show_longitudinal = param.Boolean(default=False)
    message = param.String(default="", doc="A short, user-facing message after a failed action.")
    offer = param.String(default="", doc="'zone|foot' the message offers to show ('' for none).")
    offer_label = param.String(default="", doc="The text of the button that takes the offer.")
    # classroom presentation
    present = param.Boolean(default=False, doc="Projector layout: large text, map first, keys.")
    revealed = param.List(
        default=[], item_type=str, doc="'zone|foot' keys whose names show while labels are off."
    )
    lesson = param.String(default="", doc="A teacher's ordered zones: 'liver.right,heart.left'.")
    lesson_index = param.Integer(default=-1, doc="Position in the lesson (-1: not started).")
    knowledge = param.Dict(
        default={}, doc="'zone|foot' -> level of the map of what I know ({}: the map shows body systems)."
    )
    # quiz: while a round runs or a class question is open, a tap answers instead of selecting a
    # zone. Each has its own flag, so closing one (a teacher's Reveal) leaves the other running.
    quiz_round = param.Boolean(default=False, doc="A round of the Quiz tab runs.")
    class_question = param.Boolean(default=False, doc="A class question waits for this page's answer.")
    quizzing = param.Boolean(default=False, doc="Either of the two (set through hold_quiz).")
    target = param.String(default="", doc="'zone|foot' a quiz shows: the question, or the right answer.")
    tap = param.Tuple(
        default=("", (), 0), length=3, doc="(foot, zone ids under the tap, count) of the last tap."
    )
    tap_point = param.Tuple(
        default=(0.0, 0.0), length=2, doc="(x, y) in chart millimetres of the last tap that answered a quiz."
    )
    map_taps = param.Integer(
        default=0, doc="Taps on the map handled so far (the browser answers a tap itself until then)."
    )

    def __init__(self, chart: Chart, **params):
        # every view, its texts in the page's language (a session keeps it from start to end);
        # ``chart`` is the view on display
        self.whole = in_language(chart, params.get("lang", DEFAULT_LANGUAGE))
        self._mask = (None, None)
        self._found = (None, None)
        views = chart.views
        params.setdefault("view", MAP_VIEW if MAP_VIEW in views else views[0])
        super().__init__(**params)
        self.param.view.objects = list(views)  # a link may ask only for a view this chart has

    @property
    def chart(self) -> Chart:
        """The chart of the view on display: every part of the app that names a zone by
        (zone_id, foot) works on it. Made once per view (:meth:`Chart.for_view`), so what is
        cached per chart object stays cached."""
        return self.whole.for_view(self.view)

    @property
    def views(self) -> tuple[str, ...]:
        """The chart's views, in chart order (the soles first)."""
        return self.whole.views

    def _(self, message: str) -> str:
        """``message`` (English interface text) in the page's language."""
        return translator(self.lang).gettext(message)

    @property
    def untranslated_chart_note(self) -> str:
        """What to tell a reader whose language the chart has no text in (its English is shown
        unmarked), or "" when it has some."""
        if self.lang in self.whole.languages:
            return ""
        return self._(
            "This chart has no text in your language: its zone names and descriptions are shown in "
            "English, as the chart gives them. The rest of the page is in your language."
        )

    # --- derived, never stored --------------------------------------------------------------------

    @property
    def selected(self) -> tuple[str, str] | None:
        """(zone_id, foot) when the selection names a zone of this chart, else None.

        A link naming only the zone (or the wrong foot) selects it on the first foot it is on.
        """
        if not self.zone:
            return None
        if self.chart.has_zone(self.zone, self.foot):
            return self.zone, self.foot
        feet = self.chart.feet_of(self.zone)
        return (self.zone, feet[0]) if feet else None

    @property
    def names_withheld(self) -> bool:
        """Whether zone names are a question, not just clutter: during a quiz round, and in
        presentation with names off (a teacher reveals them one by one). In Explore names off only
        tidies the map; hover and details still name a zone."""
        return self.quizzing or (self.present and not self.show_labels)

    @property
    def labels_shown(self) -> bool:
        """Whether the map draws zone names: as the learner chose, but never during a quiz round,
        where a name on the map or a search match would answer the question."""
        return self.show_labels and not self.quizzing

    @property
    def pair(self) -> tuple[str, str] | None:
        """The same zone on the other foot, if the chart has it there."""
        sel = self.selected
        if sel is None:
            return None
        other = "left" if sel[1] == "right" else "right"
        return (sel[0], other) if self.chart.has_zone(sel[0], other) else None

    @param.depends("query")
    def search_results(self):
        """Zones of every view matching the search box within the filters, best first (a DataFrame
        with a ``view`` column, shared by every caller until the query or a filter changes: read it,
        don't change it)."""
        # a keystroke asks three times: the result list, the map's outlines, the view switcher
        key = (id(self.whole), self.query, tuple(self.systems), self.foot_filter)
        if self._found[0] != key:
            if self.query.strip():
                found = self.whole.find(self.query, view=None)
                shown = found["system"].isin(self.systems)
                if self.foot_filter != BOTH:
                    shown &= found["foot"] == self.foot_filter
                found = found[shown]
            else:
                found = self.whole.zones.iloc[0:0]
            self._found = (key, found)
        return self._found[1]

    def view_of(self, zone_id: str, foot: str = "") -> str | None:
        """The view to show a zone on: the one on display if the zone is there (on ``foot``, when
        given), else the first view that has it; None when no view has it."""
        for view in (self.view, *self.views):
            chart = self.whole.for_view(view)
            if chart.has_zone(zone_id, foot) if foot else chart.feet_of(zone_id):
                return view
        return None

    def step_zone_ids(self) -> tuple[str, ...]:
        """Zone ids worked on by the routine step on display."""
        if not self.routine or self.step < 0:
            return ()
        routines = self.chart.routines
        try:
            steps = routines.get(self.routine).steps
        except KeyError:
            return ()
        if self.step >= len(steps):
            return ()
        return routines.step_zones(steps[self.step])

    def highlighted(self) -> set[tuple[str, str]]:
        """(zone_id, foot) pairs to emphasise: search matches, else the routine step's zones.

        None during a quiz round: an outlined search match would show where the answer is.
        """
        if self.quizzing:
            return set()
        if self.query.strip():
            found = self.search_results()
            found = found[found["view"] == self.view]
            return set(zip(found["zone_id"], found["foot"], strict=True))
        ids = set(self.step_zone_ids())
        if not ids:
            return set()
        zones = self._filter(self.chart.zones)
        zones = zones[zones["zone_id"].isin(ids)]
        return set(zip(zones["zone_id"], zones["foot"], strict=True))

    def visible_mask(self):
        """Boolean Series over chart.zones: rows passing the system and foot filters (a copy)."""
        # not at the top: the server imports this module before it listens, pandas after
        import pandas as pd

        return pd.Series(self.visible_rows(), index=self.chart.zones.index, copy=True)

    def visible_rows(self) -> np.ndarray:
        """Per row of chart.zones, whether it passes the system and foot filters: a read-only
        array, shared until a filter or the view changes (asked several times on every tap)."""
        key = (self.view, tuple(self.systems), self.foot_filter)
        if self._mask[0] != key:
            zones = self.chart.zones
            mask = zones["system"].isin(self.systems).to_numpy(dtype=bool, copy=True)
            if self.foot_filter != BOTH:
                mask &= (zones["foot"] == self.foot_filter).to_numpy()
            mask.flags.writeable = False
            self._mask = (key, mask)
        return self._mask[1]

    def _filter(self, frame):
        return frame[self.visible_mask().reindex(frame.index, fill_value=False)]

    def handbook_results(self):
        """Handbook entries matching the search box, best first."""
        if not self.query.strip():
            return ()
        # as the zones: a query that finds nothing as typed is searched with its typos corrected
        found = self.chart.handbook.search(self.query)
        spelling = "" if found else self.chart.spelling(self.query)
        return self.chart.handbook.search(spelling) if spelling else found

    @param.depends("entry", watch=True)
    def _show_entry(self) -> None:
        if self.entry:
            self.tab = "Handbook"

    @param.depends("view", watch=True)
    def _leave_view(self) -> None:
        # a zone the new view does not have is no longer selected (a zone on several views, the
        # sciatic nerve, stays); nor is a teacher's reveal of the old view's names kept
        if self.zone and self.selected is None:
            self.param.update(zone="", foot="", revealed=[])

    @param.depends("routine", "step", watch=True)
    def _show_step(self) -> None:
        # a routine step is shown on a view that has its zones: the soles' view has them all today,
        # but a step on the top or a side of the feet moves the map there
        ids = self.step_zone_ids()
        if ids and not any(self.chart.feet_of(z) for z in ids):
            view = next((v for z in ids if (v := self.view_of(z))), None)
            if view:
                self.view = view

    @param.depends("zone", "foot", watch=True)
    def _settle_foot(self) -> None:
        # A link may name the zone without a foot, or with a foot it is not on; settle on the
        # foot actually shown so the URL synced from this state is one that can be shared.
        selected = self.selected
        if selected is not None and selected[1] != self.foot:
            self.foot = selected[1]

    # --- actions ----------------------------------------------------------------------------------

    def select(self, zone_id: str, foot: str, view: str | None = None) -> None:
        """Select a zone on one foot (all params at once so watchers see one change), on ``view``
        or, without one, on the view on display if it has the zone, else the first one that has."""
        view = view or self.view_of(zone_id, foot) or self.view
        wanted = {"view": view, "zone": zone_id, "foot": foot, "message": "", "offer": "", "offer_label": ""}
        # only what changes: param.update's work grows with every value given (a click's cost)
        self.param.update(**{name: value for name, value in wanted.items() if getattr(self, name) != value})

    def open_routine(self, routine_id: str, tab: str = "Routines") -> None:
        """Show a routine from its first step onward, in section ``tab``."""
        self.param.update(routine=routine_id, step=-1, tab=tab)

    def hold_quiz(self, owner: str, on: bool, **also) -> None:
        """Open or close one owner's questions (``quiz_round`` or ``class_question``), with the
        changes in ``also`` in the same batch; ``quizzing`` stays true while either is open."""
        held = {"quiz_round": self.quiz_round, "class_question": self.class_question}
        if owner not in held:
            raise ValueError(f"no quiz owner {owner!r}")
        held[owner] = on
        self.param.update(**held, quizzing=any(held.values()), **also)

    def open_at(self, view: str) -> None:
        """Show the view a link asks for, if the chart has it, unless the link's zone is not on
        it: then the first view that has the zone (the zone is what the link is about)."""
        if view in self.views and (not self.zone or self.whole.for_view(view).feet_of(self.zone)):
            self.view = view
        elif self.zone and (found := self.view_of(self.zone, self.foot)):
            self.view = found

    def clear(self) -> None:
        self.param.update(zone="", foot="", message="", offer="", offer_label="")

    def select_at(self, foot: str, x: float, y: float) -> None:
        """Select the zone under a point in chart millimetres; a point outside every zone clears.

        A point on a zone a filter hides clears too, and says which filter hides it.
        """
        chart = self.chart
        under = chart.locate_chart(foot, [x], [y])[0]
        if under:  # the zones the filters let through (as hiding_filters, without a zone look-up)
            rows = row_index(chart)
            shown = self.visible_rows()
            hits = [z for z in under if shown[rows[(z, foot)]]]
        else:
            hits = []
        if self.quizzing:
            self.param.update(tap_point=(x, y), tap=(foot, tuple(hits), self.tap[2] + 1))
        elif hits:
            self.select(hits[0], foot, self.view)  # the view tapped
        elif under:
            self.explain_hidden(under[0], foot)
        else:
            self.clear()

    def _hidden_by(self, zone_id: str, foot: str, view: str | None = None) -> tuple[bool, bool]:
        """Whether the body-system filter and whether the foot filter hide a zone on a foot."""
        system = self.whole.zone(zone_id, foot, view or self.view).system
        return system not in self.systems, self.foot_filter not in (BOTH, foot)

    def hiding_filters(self, zone_id: str, foot: str) -> list[str]:
        """The filters that hide a zone on a foot, as a user calls them ("the Digestive filter")."""
        by_system, by_foot = self._hidden_by(zone_id, foot)
        _ = self._
        filters = []
        if by_system:
            shown = self.systems
            filters.append(
                _("the {system} filter").format(system=_(SYSTEM_NAMES[shown[0]]))
                if len(shown) == 1
                else _("the body-system filter")
            )
        if by_foot:
            filters.append(
                _("the foot filter (left foot only)")
                if self.foot_filter == "left"
                else _("the foot filter (right foot only)")
            )
        return filters

    def explain_hidden(self, zone_id: str, foot: str) -> None:
        """Say which filter hides a zone and offer to show it (nothing stays selected)."""
        name = self.chart.zone(zone_id, foot).name
        self.param.update(
            zone="",
            foot="",
            message=self._("{zone} is hidden by {filters}.").format(
                zone=name, filters=self._(" and ").join(self.hiding_filters(zone_id, foot))
            ),
            offer=f"{zone_id}|{foot}",
            offer_label=self._("Show {zone}").format(zone=name),
        )

    def suggest(self, asked: str) -> None:
        """For a link naming no zone id: select the zone ``asked`` names exactly, or say that
        there is no such zone and offer the nearest one by name, if any."""
        found = self.whole.find(asked, view=None) if asked.strip() else self.whole.zones.iloc[0:0]
        if not found.empty and found.iloc[0]["name"].casefold() == asked.strip().casefold():
            best = found.iloc[0]
            self.select(best["zone_id"], best["foot"], best["view"])  # a name is as good as an id
            return
        shown = asked if len(asked) <= 40 else asked[:39] + "…"
        text = self._('There is no zone "{asked}".').format(asked=shown)
        if found.empty:
            self.param.update(zone="", foot="", message=text, offer="", offer_label="")
            return
        best = found.iloc[0]
        self.param.update(
            zone="",
            foot="",
            message=text,
            offer=f"{best['zone_id']}|{best['foot']}|{best['view']}",
            offer_label=self._("Did you mean {zone}?").format(zone=best["name"]),
        )

    def take_offer(self) -> None:
        """Select the zone the message offers ("zone|foot", or "zone|foot|view" for a zone of
        another view), clearing any filter that hides it."""
        zone_id, foot, view = [*self.offer.split("|"), self.view][:3]
        if view not in self.views or not self.whole.has_zone(zone_id, foot, view):
            self.clear()
            return
        by_system, by_foot = self._hidden_by(zone_id, foot, view)
        changes = {"systems": list(SYSTEMS)} if by_system else {}
        if by_foot:
            changes["foot_filter"] = BOTH
        self.param.update(**changes, view=view, zone=zone_id, foot=foot, message="", offer="", offer_label="")

    # --- lessons ----------------------------------------------------------------------------------

    def lesson_keys(self) -> list[tuple[str, str, str]]:
        """The lesson's (zone_id, foot, view) stops that this chart has, in order.

        The lesson reads "liver.right,coccyx.left.medial": a stop without a view is on the soles.
        """
        keys = []
        for part in self.lesson.split(","):
            zone_id, foot, view = ([*part.strip().split("."), MAP_VIEW] + [""] * 2)[:3]
            if zone_id and view in self.views and self.whole.for_view(view).has_zone(zone_id, foot):
                keys.append((zone_id, foot, view))
        return keys

    def _set_lesson(self, keys: list[tuple[str, str, str]], **also) -> None:
        text = ",".join(".".join((z, f) if v == MAP_VIEW else (z, f, v)) for z, f, v in keys)
        self.param.update(lesson=text, **also)

    def add_to_lesson(self) -> None:
        """Append the selected zone, on the view on display, to the lesson (once)."""
        selected = self.selected
        if selected is None:
            return
        keys = self.lesson_keys()
        if (*selected, self.view) not in keys:
            keys.append((*selected, self.view))
        self._set_lesson(keys)

    def move_in_lesson(self, index: int, delta: int) -> None:
        """Move the lesson's ``index``-th zone ``delta`` places (clamped); the current zone stays current."""
        keys = self.lesson_keys()
        if not 0 <= index < len(keys):
            return
        to = min(max(index + delta, 0), len(keys) - 1)
        current = keys[self.lesson_index] if 0 <= self.lesson_index < len(keys) else None
        keys.insert(to, keys.pop(index))
        self._set_lesson(keys, lesson_index=keys.index(current) if current else -1)

    def remove_from_lesson(self, index: int) -> None:
        """Take the lesson's ``index``-th zone out; the current zone stays current (or the next)."""
        keys = self.lesson_keys()
        if not 0 <= index < len(keys):
            return
        current = self.lesson_index
        del keys[index]
        if current > index or current >= len(keys):
            current -= 1
        self._set_lesson(keys, lesson_index=current)

    def step_lesson(self, delta: int) -> None:
        """Move through the lesson's zones, or the open routine's steps when there is no lesson."""
        keys = self.lesson_keys()
        if keys:
            index = min(max(self.lesson_index + delta, 0), len(keys) - 1)
            self.lesson_index = index
            self.revealed = []
            self.select(*keys[index])
        elif self.routine:
            count = len(self.chart.routines.get(self.routine).steps)
            self.step = min(max(self.step + delta, 0), count - 1)

    def reveal(self) -> None:
        """Show the selected zone's name while labels are off."""
        selected = self.selected
        if selected is not None:
            key = f"{selected[0]}|{selected[1]}"
            if key not in self.revealed:
                self.revealed = [*self.revealed, key]
