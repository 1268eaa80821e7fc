"""Everything about one zone as escaped HTML: a pure function of the chart, so the dashboard
sends every zone's details to the browser up front and the offline export inlines the same."""

from __future__ import annotations

from html import escape

from ..i18n import DEFAULT_LANGUAGE, N_, translator
from ..labels import FOOT_LABEL, SYSTEM_NAMES
from ..model import ZoneMap
from .map_data import SYSTEM_COLORS, VIEW_LABEL, per_chart


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
