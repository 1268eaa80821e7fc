"""Everything about one zone as escaped HTML: a pure function of the chart, so the dashboard
sends every zone's details to the browser up front and the offline export inlines the same."""

from __future__ import annotations

from html import escape

from ..i18n import DEFAULT_LANGUAGE, translator
from ..labels import FOOT_LABEL, ON_FOOT, SYSTEM_NAMES, VIEW_LABEL
from ..model import Chart
from .map_data import SYSTEM_COLORS, per_chart
from .templates import render


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


def zone_details_html(chart: Chart, zone_id: str, foot: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """HTML for one zone on one foot, its headings in ``lang`` (the zone's text is the chart's own,
    already in that language), from the template ``zone_details.html``, which escapes every value.

    A pure function of the chart, so the offline export can compute it for every zone up front.
    """
    _ = translator(lang).gettext
    zone = chart.zone(zone_id, foot=foot)
    other = "left" if foot == "right" else "right"
    words = {
        "associated": _("Associated with"),
        "how": _("How to work it"),
        "care": _("Take care"),
        "general": _("No cautions specific to this zone; the general safety rules always apply."),
        "differ": _("Where charts differ"),
        "technique": _("Technique"),
        "direction": _("Direction"),
        "pressure": _("Pressure"),
        "duration": _("How long"),
    }
    method = zone.technique.method
    if chart.has_zone(zone_id, other):
        where = _("Also {on_foot} (outlined in purple on the map).").format(on_foot=_(ON_FOOT[other]))
    else:
        where = _("Only {on_foot} in this chart.").format(on_foot=_(ON_FOOT[zone.foot]))
    return render(
        "zone_details.html",
        zone=zone,
        words=words,
        foot=_(FOOT_LABEL.get(zone.foot, zone.foot)),
        # the soles are where every chart starts; a zone on the top or a side says where it is
        side="" if zone.view == "plantar" else _(VIEW_LABEL[zone.view]),
        color=SYSTEM_COLORS.get(zone.system, "#999999"),
        system=_("{system} system").format(system=_(SYSTEM_NAMES.get(zone.system, zone.system))),
        where=where,
        method=method[:1].upper() + method[1:],
    )


@per_chart
def row_index(chart: Chart) -> dict[tuple[str, str], int]:
    """(zone_id, foot) -> row of ``chart.zones``, shared per chart."""
    keys = zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
    return {key: i for i, key in enumerate(keys)}


@per_chart
def all_details_html(chart: Chart, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """:func:`zone_details_html` for every row of ``chart.zones``, shared per chart and language.

    The browser holds this list to show a tapped zone's details without waiting for the server.
    """
    keys = zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
    return [zone_details_html(chart, z, f, lang) for z, f in keys]
