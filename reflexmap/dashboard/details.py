"""The details pane: everything about the selected zone, as escaped HTML."""

from __future__ import annotations

from html import escape
from typing import ClassVar

import param
from panel.custom import JSComponent
from panel.viewable import Viewer

from ..i18n import DEFAULT_LANGUAGE, N_, translator
from ..labels import FOOT_LABEL, SYSTEM_NAMES
from ..model import ZoneMap
from .errors import guarded
from .map_data import SYSTEM_COLORS, VIEW_LABEL, per_chart
from .state import AppState
from .style import CSS, PHONE_MEDIA
from .tap_js import SHOW_HTML_JS


def empty_html(_=str) -> str:
    """What the details say before a zone is picked (``_`` translates)."""
    title = _("Pick a zone")
    return (
        '<div class="rm-details rm-empty" data-testid="details-empty">'
        f"<h2>{escape(title)}</h2><p>"
        + escape(
            _(
                "Click or tap a coloured area on either foot to see what it is associated with, how to "
                "work it and what to take care of, or search above. With a mouse, pointing at a zone "
                "shows its name."
            )
        )
        + "</p></div>"
    )


EMPTY = empty_html()


def quizzing_html(_=str) -> str:
    """What stands in for the details during a quiz round."""
    title, text = _("Quiz in progress"), _("Zone details come back when the round ends.")
    return (
        '<div class="rm-details rm-empty" data-testid="details-hidden">'
        f"<h2>{escape(title)}</h2><p>{escape(text)}</p></div>"
    )


def guess_html(_=str) -> str:
    """What stands in for the details while a presenting teacher hides the names."""
    keys = escape(_("Names are hidden. Press {reveal} to reveal it, {labels} to show all names."))
    keys = keys.format(reveal="<kbd>R</kbd>", labels="<kbd>L</kbd>")
    title = _("Which zone is this?")
    return (
        '<div class="rm-details rm-empty" data-testid="details-hidden">'
        f"<h2>{escape(title)}</h2><p>{keys}</p></div>"
    )


def zone_html(state: AppState) -> str:
    """HTML for the selected zone (or the empty state); see :func:`zone_details_html`.

    During a quiz, and while a presenting teacher has names hidden and this one not yet revealed,
    the details would give the answer away, so a short note stands in for them.
    """
    if state.quizzing:
        return quizzing_html(state._)
    selected = state.selected
    if selected is None:
        return empty_html(state._)
    if state.names_withheld and f"{selected[0]}|{selected[1]}" not in state.revealed:
        return guess_html(state._)
    return zone_details_html(state.chart, *selected, lang=state.lang)


def zone_details_html(chart: ZoneMap, zone_id: str, foot: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """HTML for one zone on one foot, its headings in ``lang`` (the zone's text is the chart's own,
    already in that language); every piece of chart text goes through ``escape``.

    A pure function of the chart, so the offline export can compute it for every zone up front.
    """
    _ = translator(lang).gettext
    zone = chart.zone(zone_id, foot=foot)
    tech = zone.technique
    other = "left" if foot == "right" else "right"
    where = _(FOOT_ALSO[other]) if chart.has_zone(zone_id, other) else _(FOOT_ONLY[zone.foot])
    general = _("No cautions specific to this zone; the general safety rules always apply.")
    caveats = (
        "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in zone.caveats) + "</ul>"
        if zone.caveats
        else f"<p>{escape(general)}</p>"
    )
    differ = _("Where charts differ")
    notes = f"<h3>{escape(differ)}</h3><p>{escape(zone.notes)}</p>" if zone.notes else ""
    headings = [escape(h) for h in (_("Associated with"), _("How to work it"), _("Take care"))]
    color = SYSTEM_COLORS.get(zone.system, "#999999")
    system = _("{system} system").format(system=_(SYSTEM_NAMES.get(zone.system, zone.system)))
    method = escape(tech.method[:1].upper() + tech.method[1:])
    rows = (
        (_("Technique"), f"<strong>{method}</strong>: {escape(tech.how)}"),
        (_("Direction"), escape(tech.direction)),
        (_("Pressure"), escape(tech.pressure)),
        (_("How long"), escape(tech.duration)),
    )
    # the soles are where every chart starts; a zone on the top or a side says where it is
    foot = escape(_(FOOT_LABEL.get(zone.foot, zone.foot)))
    side = "" if zone.view == "plantar" else f'<span class="rm-tag">{escape(_(VIEW_LABEL[zone.view]))}</span>'
    return (
        f'<div class="rm-details" data-testid="details" data-zone="{escape(zone.zone_id)}" '
        f'data-foot="{escape(zone.foot)}" data-view="{escape(zone.view)}">'
        f"<h2>{escape(zone.name)}</h2>"
        f'<p class="rm-tags"><span class="rm-tag">{foot}</span>{side}'
        f'<span class="rm-tag"><span class="rm-swatch" style="background:{color}"></span>'
        f"{escape(system)}</span></p>"
        f'<p class="rm-where">{escape(where)}</p>'
        f"<h3>{headings[0]}</h3><p>{escape(', '.join(zone.body_areas))}</p>"
        f"<h3>{headings[1]}</h3>"
        '<dl class="rm-technique">'
        + "".join(f"<dt>{escape(term)}</dt><dd>{text}</dd>" for term, text in rows)
        + "</dl>"
        f"<h3>{headings[2]}</h3>{caveats}{notes}"
        "</div>"
    )


FOOT_ALSO = {
    "left": N_("Also on the left foot (outlined in purple on the map)."),
    "right": N_("Also on the right foot (outlined in purple on the map)."),
}
FOOT_ONLY = {
    "left": N_("Only on the left foot in this chart."),
    "right": N_("Only on the right foot in this chart."),
}


@per_chart
def row_index(chart: ZoneMap) -> dict[tuple[str, str], int]:
    """(zone_id, foot) -> row of ``chart.zones``, shared per chart."""
    keys = zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
    return {key: i for i, key in enumerate(keys)}


@per_chart
def all_details_html(chart: ZoneMap, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """:func:`zone_details_html` for every row of ``chart.zones``, shared per chart and language.

    The browser holds this list to show a tapped zone's details without waiting for the server.
    """
    keys = zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
    return [zone_details_html(chart, z, f, lang) for z, f in keys]


# On a projector the page must not scroll: the details shrink (down to MIN of their size) until all of
# them show between the box's top and the bottom of the window; if even that is too tall, they
# scroll inside their box. Where the box sits below the map (a narrow window) the page scrolls.
FIT_WINDOW_JS = """
function rmFitWindow(box, on) {
  const MIN = 0.6, MARGIN = 24;  // the page's own padding and the box's margins below it
  box.style.fontSize = box.style.maxHeight = box.style.overflowY = "";
  if (!on) return;
  const room = window.innerHeight - (box.getBoundingClientRect().top + window.scrollY) - MARGIN;
  if (room < window.innerHeight / 3) return;
  let scale = 1;
  // wrapped text grows with the square of its size: take the root of what is too much
  for (let k = 0; k < 10 && box.scrollHeight > room && scale > MIN; k++) {
    scale = Math.max(MIN, scale * Math.min(0.97, Math.sqrt(room / box.scrollHeight)));
    box.style.fontSize = `${scale}em`;
  }
  if (box.scrollHeight > room) {
    box.style.maxHeight = `${room}px`;
    box.style.overflowY = "auto";
  }
}
"""


class ZoneDetailsView(JSComponent):
    """The details in the page: what Python says to show, and the answer to a tap before it does.

    On a tap the map's reporter (:class:`reflexmap.dashboard.map_view.TapReporter`) sends a
    ``reflexmap-tap`` DOM event on the same ``channel`` with the rows under the pointer. When
    ``armed`` (no quiz, names shown) the first ``selectable`` row's details (``rows``) are shown at
    once, as Python will show them. Until Python has answered that tap (``shown["taps"]`` counts
    the taps it has handled) older answers are not drawn, so a slow server cannot flash back an
    earlier zone; the box carries ``data-pending`` meanwhile. Picks (below) are counted alike.

    ``lead`` is the same shortcut started by Python: a row to show at once from ``rows`` (a class
    student's page following the teacher's click), while Python's full answer (``shown["leads"]``
    counts the leads it covers) follows when the server has time for it.

    A tap where several selectable zones overlap (the pituitary gland lies in the brain's zone)
    offers the others as buttons ("Also here: Brain"), named from ``names``; choosing one sets
    ``pick`` to ``[row, count]``. On a phone (``phone``, see ``.rm-sheet`` in the stylesheet) a zone's
    details open as a sheet over the bottom of the screen, with the tapped spot scrolled above it,
    so they are read without scrolling away from the map.
    """

    channel = param.String(constant=True)
    rows = param.List(doc="Details HTML for each zone row of the view drawn, in chart order.")
    names = param.List(doc="Each zone row's name, for the 'Also here' buttons.")
    empty = param.String(default=EMPTY, constant=True)
    words = param.Dict(
        default={"region": "Zone details", "close": "Close the zone's details", "also": "Also here:"},
        constant=True,
        doc="The box's own words, in the page's language.",
    )
    selectable = param.List(doc="Per zone row: can a tap select it (system and foot filters)?")
    armed = param.Boolean(default=True, doc="May the browser answer a tap before Python does?")
    shown = param.Dict(
        default={"taps": 0, "picks": 0, "html": EMPTY},
        doc="Python's answer and the taps and 'Also here' picks it covers.",
    )
    fit_window = param.Boolean(
        default=False, doc="Scale the text down so all of it shows below the box's top (a projector)."
    )
    pick = param.List(default=[-1, 0], doc="[row, count] of the last 'Also here' zone chosen.")
    lead = param.List(
        default=[0, -1],
        doc="[count, row]: Python's word to show a row now (-1: none), ahead of its full answer.",
    )
    phone = param.String(default=PHONE_MEDIA, constant=True, doc="Media query of a phone's page.")

    _priority_changes: ClassVar[list[str]] = ["pick"]

    _esm = (
        SHOW_HTML_JS
        + FIT_WINDOW_JS
        + """
    export function render({ model }) {
      const box = document.createElement("div");
      box.setAttribute("data-testid", "details-view");
      // a named region the keyboard reaches (and scrolls, where presentation mode makes it scroll)
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", model.words.region);
      box.tabIndex = 0;
      const holder = document.createElement("div");
      holder.className = "rm-details-holder";
      const close = document.createElement("button");
      close.type = "button";
      close.className = "rm-sheet-close";
      close.textContent = "\u00d7";
      close.setAttribute("aria-label", model.words.close);
      const also = document.createElement("div");
      also.className = "rm-also";
      also.setAttribute("data-testid", "also-here");
      const scroller = document.createElement("div");
      scroller.className = "rm-sheet-scroll";
      scroller.append(also, box);
      holder.append(close, scroller);
      const taps = (window.__reflexmapTaps ??= {});
      let show = rmHtmlShower([model.empty, ...model.rows]);
      const fit = () => rmFitWindow(box, model.fit_window);
      let zoneRows = new Map(model.rows.map((html, i) => [html, i]));
      // another view of the feet: other rows (the shown answer follows with them)
      model.on("rows", () => {
        show = rmHtmlShower([model.empty, ...model.rows]);
        zoneRows = new Map(model.rows.map((html, i) => [html, i]));
        others = [];
        drawn = null;
      });
      const sheet = window.matchMedia(model.phone);
      let drawn = null, others = [];
      const draw = (html) => {
        if (html === drawn) return;
        show(box, html);
        drawn = html;
        holder.classList.toggle("rm-sheet", zoneRows.has(html));
        // the other zones under the last tap, while one of them is shown
        if (!others.includes(zoneRows.get(html))) others = [];
        offer();
      };
      const offer = () => {
        const current = zoneRows.get(drawn);
        const rest = others.filter((i) => i !== current);
        also.replaceChildren();
        if (rest.length) {
          const label = document.createElement("span");
          label.textContent = model.words.also;
          also.append(label);
        }
        for (const row of rest) {
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = model.names[row];
          button.addEventListener("click", () => {
            model.pick = [row, model.pick[1] + 1];
            box.setAttribute("data-pending", "");
            draw(model.rows[row]);
          });
          also.append(button);
        }
        fit();  // the row above the text moves it down: fit what is there now
      };
      close.addEventListener("click", () => holder.classList.remove("rm-sheet"));
      const settle = () => {
        // a newer tap's or pick's answer is coming
        if ((taps[model.channel] ?? 0) > model.shown.taps || model.pick[1] > model.shown.picks) return;
        if (model.lead[0] > (model.shown.leads ?? 0)) return;
        box.removeAttribute("data-pending");
        draw(model.shown.html);
      };
      const onTap = (event) => {
        const tap = event.detail;
        if (tap.channel !== model.channel) return;
        box.setAttribute("data-pending", "");
        if (!model.armed) return;
        const rows = tap.hits.filter((i) => model.selectable[i]);
        others = rows;
        const html = rows.length ? model.rows[rows[0]] : model.empty;
        if (html === drawn) offer();  // the same zone again: only what else is here may differ
        else draw(html);
        if (rows.length) holder.classList.add("rm-sheet");  // again, if it was closed
        // the sheet covers the bottom of the screen: the tapped spot stays in sight above it
        if (rows.length && sheet.matches && tap.clientY > innerHeight * 0.45)
          window.scrollBy(0, tap.clientY - innerHeight * 0.3);
      };
      const onLead = () => {
        const [count, row] = model.lead;
        if (count <= (model.shown.leads ?? 0)) return;  // Python's answer covers it already
        box.setAttribute("data-pending", "");
        if (!model.armed || (row >= 0 && !model.selectable[row])) return;
        others = [];
        draw(row >= 0 ? model.rows[row] : model.empty);
        // the map outlines it in the same frame (lead_outline.LeadOutline, on a class student's page)
        document.dispatchEvent(new CustomEvent("reflexmap-lead", {detail: {channel: model.channel, row}}));
      };
      model.on("lead", onLead);
      document.addEventListener("reflexmap-tap", onTap);
      window.addEventListener("resize", fit);
      model.on("remove", () => {
        document.removeEventListener("reflexmap-tap", onTap);
        window.removeEventListener("resize", fit);
      });
      model.on("fit_window", fit);
      requestAnimationFrame(fit);  // once the page is laid out around the box
      model.on("shown", settle);
      draw(model.shown.html);
      settle();
      return holder;
    }
    """
    )


class DetailsPane(Viewer):
    """Shows the selected zone; follows ``state.zone`` and ``state.foot``.

    ``channel`` names the map whose taps the browser may answer here before Python does.
    """

    state = param.ClassSelector(class_=AppState)
    channel = param.String(default="", constant=True)

    def __init__(self, **params):
        super().__init__(**params)
        chart = self.state.chart
        _ = self.state._
        self._picks = 0  # the 'Also here' picks handled, as state.map_taps counts the taps
        self._leads = 0  # the rows sent ahead with lead(); every later answer covers them
        self._view = ZoneDetailsView(
            channel=self.channel,
            rows=all_details_html(chart, self.state.lang),
            names=list(chart.zones["name"]),
            empty=empty_html(_),
            words={
                "region": _("Zone details"),
                "close": _("Close the zone's details"),
                "also": _("Also here:"),
            },
            shown=self._shown(),
            sizing_mode="stretch_width",
            stylesheets=[CSS],
            css_classes=["rm-details-host"],
        )
        self._arm()
        self.state.param.watch(self._follow_view, "view")
        self.state.param.watch(
            self._update, ["zone", "foot", "quizzing", "show_labels", "present", "revealed", "map_taps"]
        )
        self.state.param.watch(self._arm, ["quizzing", "show_labels", "present", "systems", "foot_filter"])
        self._view.param.watch(guarded(self.state, self._on_pick), "pick")

    def _follow_view(self, *_events) -> None:
        chart = self.state.chart
        self._view.param.update(rows=all_details_html(chart), names=list(chart.zones["name"]))
        self._arm()
        self._update()

    def _shown(self) -> dict:
        return {
            "taps": self.state.map_taps,
            "picks": self._picks,
            "leads": self._leads,
            "html": zone_html(self.state),
        }

    def lead(self, zone_id: str, foot: str) -> bool:
        """Have the page show ``zone_id`` on ``foot`` (``""``: no zone) at once from the details it
        holds, before the state changes; False (nothing sent) where the page's answer could differ
        from the one the state will give: names withheld, a zone the filters hide or this chart
        lacks. The caller changes the state soon after; the answer that follows covers the lead.

        A message of a few bytes instead of a whole dashboard's update: this is how a class of a
        hundred sees the teacher's zone at once (see ``class_panel``).
        """
        if self.state.names_withheld:
            return False
        row = -1
        if zone_id:
            row = row_index(self.state.chart).get((zone_id, foot), -1)
            if row < 0 or not self._view.selectable[row]:
                return False
        self._leads += 1
        lead = [self._leads, row]
        # Straight onto the page's model: Panel's generic update of a component (it rebuilds the
        # component's stylesheets) cost several times the message itself, once per student of a
        # class. Panel's own bookkeeping is kept: its value, and the mark by which it knows the
        # model's change as its own rather than the browser's.
        view = self._view
        with param.discard_events(view):
            view.lead = lead
        for ref, (model, _parent) in view._models.items():
            before = view._changing.get(ref)
            view._changing[ref] = ["lead"]
            try:
                model.data.lead = lead
            finally:
                if before is None:
                    view._changing.pop(ref, None)
                else:
                    view._changing[ref] = before
        return True

    def settle(self) -> None:
        """Send Python's answer now, covering any lead, even where the state has not changed."""
        self._update()

    def _on_pick(self, event) -> None:
        """An 'Also here' zone chosen in the browser: ``[row, count]``, untrusted like any input."""
        row, count = event.new if isinstance(event.new, list) and len(event.new) == 2 else (None, None)
        if type(count) is int:
            self._picks = max(self._picks, count)
        zones = self.state.chart.zones
        valid = type(row) is int and 0 <= row < len(zones) and self.state.visible_mask().iloc[row]
        if valid and self._view.armed:  # not during a quiz, nor while a teacher hides the names
            self.state.select(zones["zone_id"].iloc[row], zones["foot"].iloc[row])
        self._update()  # the browser waits for the answer that covers this pick, even a refusal

    def _update(self, *_events) -> None:
        self._view.shown = self._shown()

    def _arm(self, *_events) -> None:
        # Only where the browser's answer is the one zone_html would give: not while names are
        # withheld (a quiz, or a teacher revealing zones one by one).
        self._view.param.update(
            armed=not self.state.names_withheld,
            selectable=self.state.visible_mask().tolist(),
        )

    @property
    def html(self) -> str:
        """The HTML Python shows now (the browser may be ahead of it for a moment after a tap)."""
        return self._view.shown["html"]

    def __panel__(self):
        return self._view
