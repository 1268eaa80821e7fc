"""Compare two charts zone by zone: what one has and the other lacks, and what moved or changed size.

Zones are matched by ``zone_id`` and view, so two charts of different schools compare where they
use the same ids (the built-in charts do). Distances are between the centroids of a zone's shape on
the same foot, in the charts' millimetres; sizes are the ratio of the areas (B over A)::

    from reflexmap.compare import compare_charts
    from reflexmap.library import chart_source
    from reflexmap import load_chart

    result = compare_charts(load_chart(chart_source("default")), load_chart(chart_source("chinese")))
    for zone in result.differing:
        print(zone.zone_id, zone.changes)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

from .charts import VIEWS
from .labels import VIEW_NAMES
from .model import Chart

MOVE_MM = 2.0
"""A zone whose centroid moved less than this is in the same place (charts are drawn to ~1 mm)."""

SIZE_RATIO = 1.2
"""A zone whose area changed by less than this factor either way is the same size."""


@dataclass(frozen=True)
class FootDelta:
    """One zone on one foot in both charts: how far it moved and how its size changed."""

    foot: str
    distance_mm: float
    dx_mm: float
    dy_mm: float
    area_ratio: float  # B's area over A's

    @property
    def moved(self) -> bool:
        return self.distance_mm >= MOVE_MM

    @property
    def resized(self) -> bool:
        return not (1 / SIZE_RATIO < self.area_ratio < SIZE_RATIO)


@dataclass(frozen=True)
class ZoneComparison:
    """A zone (by id and view) in charts A and B; ``feet_a``/``feet_b`` are empty where it is absent."""

    zone_id: str
    view: str
    name: str
    feet_a: tuple[str, ...]
    feet_b: tuple[str, ...]
    feet: tuple[FootDelta, ...]  # the feet it is on in both charts

    @property
    def only_in(self) -> str:
        """ "A" or "B" when only one chart has the zone, else ``""``."""
        return "A" if not self.feet_b else "B" if not self.feet_a else ""

    @property
    def changes(self) -> tuple[str, ...]:
        """Each difference in English words; empty when the zone is the same in both charts."""
        return self.described()

    def described(self, _: Callable[[str], str] = str) -> tuple[str, ...]:
        """Each difference in words (``_`` translates them); empty when the zone is the same."""
        if self.only_in:
            feet = self.feet_a or self.feet_b
            return (_("only in {chart} ({feet})").format(chart=self.only_in, feet=_feet(feet, _)),)
        out = []
        if self.feet_a != self.feet_b:
            out.append(
                _("on a different foot: {a} in A, {b} in B").format(
                    a=_feet(self.feet_a, _), b=_feet(self.feet_b, _)
                )
            )
        # the same change on both feet is said once
        on_foot = {"left": _("on the left foot"), "right": _("on the right foot")}
        if len(self.feet) == 2 and _same_change(self.view, *self.feet):
            deltas = [(self.feet[0], _("on both feet"))]
        else:
            deltas = [(delta, on_foot[delta.foot]) for delta in self.feet]
        for delta, where in deltas:
            if delta.moved:
                moved = _("moved {distance} mm {where}").format(
                    distance=f"{delta.distance_mm:.1f}", where=where
                )
                out.append(moved + _direction(self.view, delta, _))
            if delta.resized:
                out.append(f"{_ratio(delta.area_ratio, _)} {where}")
        return tuple(out)

    @property
    def differs(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class Comparison:
    """Every zone of two charts on the ``views`` compared; ``a`` and ``b`` are the charts' titles.

    ``only_a`` and ``only_b`` are the views one chart draws and the other lacks: left out, since
    each of their zones would read as "only in" one chart; ``skipped`` are views both draw that
    were not asked for.
    """

    a: str
    b: str
    zones: tuple[ZoneComparison, ...]
    views: tuple[str, ...] = ("plantar",)
    only_a: tuple[str, ...] = ()
    only_b: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def differing(self) -> tuple[ZoneComparison, ...]:
        return tuple(z for z in self.zones if z.differs)

    @property
    def same(self) -> tuple[ZoneComparison, ...]:
        return tuple(z for z in self.zones if not z.differs)

    def lines(self, _: Callable[[str], str] = str) -> list[str]:
        """The comparison as text, a line per differing zone and a summary (``_`` translates it)."""
        compared = _("Views compared: {views}").format(views=_view_list(self.views, _))
        out = [f"A: {self.a}", f"B: {self.b}", compared]
        for chart, views in (("A", self.only_a), ("B", self.only_b)):
            if views:
                only = _("Not compared: {views} (only chart {chart} draws them)")
                out.append(only.format(views=_view_list(views, _), chart=chart))
        if self.skipped:
            out.append(_("Not compared: {views} (not asked for)").format(views=_view_list(self.skipped, _)))
        out.append("")
        for zone in self.differing:
            label = zone.zone_id if zone.view == "plantar" else f"{zone.zone_id} ({zone.view})"
            out.append(f"{label} - {zone.name}: {'; '.join(zone.described(_))}")
        summary = _(
            "{differ} of {total} zones differ; {same} are the same (within {mm} mm and {ratio}x in size)."
        )
        out += [
            "",
            summary.format(
                differ=len(self.differing),
                total=len(self.zones),
                same=len(self.same),
                mm=f"{MOVE_MM:g}",
                ratio=f"{SIZE_RATIO:g}",
            ),
        ]
        return out


def compare_charts(a: Chart, b: Chart, views: tuple[str, ...] | None = None) -> Comparison:
    """Compare chart ``a`` with chart ``b`` zone by zone on ``views`` (ordered by view, then A's
    order).

    By default the views both charts draw, like with like: a chart of the soles alone compared
    with one of the whole foot compares the soles. A view asked for that either chart lacks is
    refused with ``ValueError``.
    """
    shared = tuple(v for v in VIEWS if v in a.views and v in b.views)
    if views is None:
        views = shared
        if not views:
            raise ValueError(
                f"the charts draw no view in common (A: {_view_list(a.views)}; B: {_view_list(b.views)})"
            )
    else:
        for view in views:
            if view not in VIEWS:
                raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
            for name, chart in (("A", a), ("B", b)):
                if view not in chart.views:
                    raise ValueError(
                        f"chart {name} has no {VIEW_NAMES[view]} view (it draws: {_view_list(chart.views)})"
                    )
        views = tuple(v for v in VIEWS if v in views)
    rows_a, rows_b = _rows(a, views), _rows(b, views)
    keys = list(dict.fromkeys([*rows_a, *rows_b]))
    zones = []
    for key in keys:
        in_a, in_b = rows_a.get(key, {}), rows_b.get(key, {})
        feet = []
        for foot in (f for f in ("left", "right") if f in in_a and f in in_b):
            ga, gb = in_a[foot][1], in_b[foot][1]
            ca, cb = ga.centroid, gb.centroid
            feet.append(
                FootDelta(
                    foot=foot,
                    distance_mm=round(ca.distance(cb), 1),
                    dx_mm=round(cb.x - ca.x, 1),
                    dy_mm=round(cb.y - ca.y, 1),
                    area_ratio=round(gb.area / ga.area, 2) if ga.area else float("inf"),
                )
            )
        name = next(iter((in_a or in_b).values()))[0]
        zones.append(ZoneComparison(key[0], key[1], name, tuple(in_a), tuple(in_b), tuple(feet)))
    return Comparison(
        a.info.title,
        b.info.title,
        tuple(zones),
        views=views,
        only_a=tuple(v for v in a.views if v not in b.views),
        only_b=tuple(v for v in b.views if v not in a.views),
        skipped=tuple(v for v in shared if v not in views),
    )


def _view_list(views: tuple[str, ...], _: Callable[[str], str] = str) -> str:
    return ", ".join(_(VIEW_NAMES[v]) for v in views)


def _rows(chart: Chart, views: tuple[str, ...]) -> dict[tuple[str, str], dict[str, tuple]]:
    """(zone_id, view) -> foot -> (name, geometry) of the zones on ``views``, feet in left-right order."""
    out: dict[tuple[str, str], dict[str, tuple]] = {}
    zones = chart.zones[chart.zones["view"].isin(views)]
    z = zones.sort_values("foot", kind="stable")
    for zone_id, view, foot, name, geometry in zip(
        z["zone_id"], z["view"], z["foot"], z["name"], z["geometry"], strict=True
    ):
        out.setdefault((zone_id, view), {})[foot] = (name, geometry)
    # keep the chart's own zone order, not the foot-sorted one
    order = list(dict.fromkeys(zip(zones["zone_id"], zones["view"], strict=True)))
    return {key: out[key] for key in order}


def _same_change(view: str, left: FootDelta, right: FootDelta) -> bool:
    return (
        left.distance_mm == right.distance_mm
        and left.area_ratio == right.area_ratio
        and left.moved == right.moved
        and _direction(view, left) == _direction(view, right)
    )


def _feet(feet: tuple[str, ...], _: Callable[[str], str] = str) -> str:
    if len(feet) == 2:
        return _("both feet")
    return _("left foot") if feet[0] == "left" else _("right foot")


def _ratio(ratio: float, _: Callable[[str], str] = str) -> str:
    if ratio >= 1:
        return _("{ratio}x the size in B").format(ratio=f"{ratio:.1f}")
    return _("{ratio}x the size in B ({smaller}x smaller)").format(
        ratio=f"{ratio:.2f}", smaller=f"{1 / ratio:.1f}"
    )


def _direction(view: str, delta: FootDelta, _: Callable[[str], str] = str) -> str:
    """Which way, in the sole's frame (x from the inner edge, y from the heel toward the toes)."""
    if view not in ("plantar", "dorsal"):
        return ""
    parts = []
    if abs(delta.dy_mm) >= MOVE_MM:
        parts.append(_("toward the toes") if delta.dy_mm > 0 else _("toward the heel"))
    if abs(delta.dx_mm) >= MOVE_MM:
        parts.append(_("toward the outer edge") if delta.dx_mm > 0 else _("toward the inner edge"))
    return " (" + _(" and ").join(parts) + ")" if parts else ""


def __getattr__(name: str):
    # the name before 0.2 (see reflexmap.RENAMED)
    if name == "compare_maps":
        warnings.warn(
            "reflexmap.compare.compare_maps is deprecated and goes in the next release: use compare_charts",
            DeprecationWarning,
            stacklevel=2,
        )
        return compare_charts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
