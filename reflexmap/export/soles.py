"""The soles placed for printing: what the image and PDF exports both draw.

Geometry comes straight from the model in chart millimetres and is placed with the dashboard's own
:func:`reflexmap.geometry.display_transform` (left foot mirrored, big toes toward the middle), so a
printout looks like the screen. Laterality stays a property of each zone; mirroring is drawing only.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from ..charts import FEET
from ..geometry import display_transform
from ..model import Chart

VIEW = "plantar"
"""The view drawn unless another is asked for: the soles."""
SIDE_VIEWS = ("medial", "lateral")
"""Views drawn in profile: x runs from the heel to the toes, y up from the floor."""


@dataclass(frozen=True)
class PlacedZone:
    zone_id: str
    foot: str
    name: str
    system: str
    geometry: BaseGeometry
    """Display millimetres (the left foot mirrored)."""
    label: Point
    """Where the zone's name or number goes: :meth:`Chart.inner_point`, placed."""


@dataclass(frozen=True)
class PlacedFoot:
    foot: str
    outline: BaseGeometry
    zones: tuple[PlacedZone, ...]
    """Largest first, so the small zones drawn over larger ones by design stay on top."""
    guides: tuple[tuple[str, LineString], ...]
    """Guide lines across the foot (the diaphragm line...), named once for both feet."""
    landmarks: tuple[tuple[str, LineString], ...] = ()
    """Landmarks drawn as a closed ring (an ankle bone on the sides), named beside their ring."""


@dataclass(frozen=True)
class Soles:
    feet: tuple[PlacedFoot, ...]
    view: str = VIEW

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the outlines in display millimetres."""
        boxes = [f.outline.bounds for f in self.feet]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    @property
    def systems(self) -> tuple[str, ...]:
        """Body systems of the drawn zones, in order of first appearance."""
        return tuple(dict.fromkeys(z.system for f in self.feet for z in f.zones))


def check_feet(chart: Chart, feet) -> tuple[str, ...]:
    """``feet`` as a tuple in drawing order (left before right), less any foot the chart lacks.

    Asking for both feet of a one-foot chart draws the one it has; unknown names, or only feet
    the chart lacks, are refused.
    """
    if isinstance(feet, str):
        feet = (feet,)
    feet = tuple(feet)
    unknown = [f for f in feet if f not in FEET]
    if unknown or not feet:
        raise ValueError(f"feet must be one or both of {FEET}, not {feet!r}")
    drawn = tuple(f for f in FEET if f in feet and f in chart.feet)
    if not drawn:
        raise ValueError(f"this chart has no zones on the {' or '.join(feet)} foot")
    return drawn


def place_soles(chart: Chart, feet=("left", "right"), view: str = VIEW) -> Soles:
    """Outlines, zones and guide lines of ``feet`` on one ``view``, placed as the dashboard draws
    them (see :func:`reflexmap.geometry.display_transform` for the sides)."""
    placed = []
    overlays = chart.overlays
    for foot in check_feet(chart, feet):
        outline = chart.outline(foot, view)
        place = display_transform(foot, outline, view=view)
        rows = chart.zones[(chart.zones["foot"] == foot) & (chart.zones["view"] == view)]
        rows = rows.sort_values("area_mm2", ascending=False, kind="stable")
        zones = tuple(
            PlacedZone(
                zone_id=row.zone_id,
                foot=foot,
                name=row.name,
                system=row.system,
                geometry=place(row.geometry),
                label=place(chart.inner_point(row.zone_id, foot, view)),
            )
            for row in rows.itertuples()
        )
        guides, landmarks = [], []
        if len(overlays):
            mine = overlays[
                (overlays["foot"] == foot) & (overlays["view"] == view) & (overlays["kind"] == "guide_line")
            ]
            for row in mine.itertuples():
                shown = place(row.geometry)
                for line in getattr(shown, "geoms", [shown]):
                    (landmarks if line.is_ring else guides).append((str(row.label), line))
        placed.append(PlacedFoot(foot, place(outline), zones, tuple(guides), tuple(landmarks)))
    return Soles(tuple(placed), view)


def zone_numbers(chart: Chart, start: int = 1) -> dict[str, int]:
    """One number per zone id of the chart's :attr:`~Chart.home_view`, the same on both feet,
    counted from ``start``: on the soles and the top from the toes to the heel, on the sides from
    the toes to the heel too (which is along x there).

    Zones are ordered by the position of their label point (the mean over the feet they are on),
    toes first; ties keep chart order.
    """
    view = chart.home_view
    along = (lambda p: p.x) if view in SIDE_VIEWS else (lambda p: p.y)
    places: dict[str, list[float]] = {}
    for row in chart.zones[chart.zones["view"] == view].itertuples():
        places.setdefault(row.zone_id, []).append(along(chart.inner_point(row.zone_id, row.foot, view)))
    order = sorted(places, key=lambda zone_id: -sum(places[zone_id]) / len(places[zone_id]))
    return {zone_id: number for number, zone_id in enumerate(order, start=start)}


# --- label placement -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelSpot:
    """Where one zone's label goes, in display millimetres."""

    x: float
    y: float
    angle: float = 0.0
    """Degrees anticlockwise; about 90 (read bottom to top) along a tall narrow zone such as the spine."""
    leader: tuple[tuple[float, float], tuple[float, float]] | None = None
    """Set when the label sits beside its zone: a line from the zone's point to the label's box."""


TURNS = (90.0, 80.0, 100.0)
"""Angles tried for a label along a tall narrow zone; the spine strips curve with the foot's edge."""


def place_labels(
    soles: Soles,
    sizes: dict[tuple[str, str], tuple[float, float, float, float]],
    obstacles=(),
    area: tuple[float, float, float, float] | None = None,
) -> dict[tuple[str, str], LabelSpot]:
    """Put each zone's label where it reads best: a small greedy search, most crowded zones first.

    ``sizes`` maps (foot, zone_id) to the label's (width, height) in millimetres as written
    (wrapped), then its (width, height) on one line, used when the label is turned. A label stays
    at the zone's inner point when it fits there; otherwise it may move inside its zone, turn to run
    along a tall narrow zone, or sit beside a small zone on a leader line. Each place is scored so
    that labels keep off each other, off the small zones and the ``obstacles`` (shapely geometries
    such as the guide names), and inside ``area`` (minx, miny, maxx, maxy).
    """
    placer = _Placer(soles, obstacles, area)
    # Smallest zones first: they have the fewest good places, large zones have room to move.
    zones = sorted((z for f in soles.feet for z in f.zones), key=lambda z: z.geometry.area)
    return {(z.foot, z.zone_id): placer.place(z, sizes[(z.foot, z.zone_id)]) for z in zones}


class _Placer:
    """Scores label boxes against what is already placed; bounding boxes are compared first, as
    most pairs are far apart and a shapely call costs far more than four comparisons."""

    def __init__(self, soles: Soles, obstacles, area):
        self.zones = {
            f.foot: [(z, z.geometry.bounds, z.geometry.boundary) for z in f.zones] for f in soles.feet
        }
        self.outlines = {f.foot: f.outline for f in soles.feet}
        for f in soles.feet:
            shapely.prepare(f.outline)
            for z in f.zones:
                shapely.prepare(z.geometry)
        self.boxes: list[tuple[BaseGeometry, tuple]] = [(b, b.bounds) for b in obstacles]
        self.leaders: list[tuple[LineString, tuple]] = []
        self.frame = box(*area) if area is not None else None

    def place(self, zone: PlacedZone, size: tuple[float, float, float, float]) -> LabelSpot:
        w, h, w1, h1 = size
        anchor = zone.label
        minx, miny, maxx, maxy = zone.geometry.bounds
        # (score, x, y, angle, box, leader)
        best = self.score(zone, anchor.x, anchor.y, (w, h))
        if best[0] > 1.0:  # the label does not sit cleanly on its inner point: look around
            tall = (maxy - miny) > (maxx - minx) and w > (maxx - minx)
            angles = TURNS if tall else ()
            options = [self.score(zone, anchor.x, anchor.y, (w1, h1), a) for a in angles]
            step = max(1.0, min(w, h) / 2, ((maxx - minx) * (maxy - miny) / 150) ** 0.5)
            for gx in _frange(minx, maxx, step):
                for gy in _frange(miny, maxy, step):
                    if zone.geometry.contains(Point(gx, gy)):
                        options.append(self.score(zone, gx, gy, (w, h)))
                        options += [self.score(zone, gx, gy, (w1, h1), a) for a in angles]
            for gap in (1.0, 4.0):
                for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)):
                    x = anchor.x + dx * ((maxx - minx) / 2 + w / 2 + gap) if dx else anchor.x
                    y = anchor.y + dy * ((maxy - miny) / 2 + h / 2 + gap) if dy else anchor.y
                    options.append(self.score(zone, x, y, (w, h), leader=True))
            # beside the foot, level with the zone
            fminx, _, fmaxx, _ = self.outlines[zone.foot].bounds
            for x in (fminx - w / 2 - 2.0, fmaxx + w / 2 + 2.0):
                options += [self.score(zone, x, anchor.y + dy, (w, h), leader=True) for dy in (0.0, h, -h)]
            best = min([best, *options], key=lambda option: option[0])
        _, x, y, angle, rect, line = best
        self.boxes.append((rect, rect.bounds))
        if line is not None:
            self.leaders.append((line, line.bounds))
        return LabelSpot(x, y, angle, None if line is None else tuple(tuple(p) for p in line.coords))

    def score(self, zone: PlacedZone, x: float, y: float, size, angle: float = 0.0, leader: bool = False):
        w, h = size
        rect = box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if angle:
            rect = affinity.rotate(rect, angle)
        rb = rect.bounds
        area = rect.area
        line = _leader(zone.label, rect) if leader else None
        c = abs(x - zone.label.x) + abs(y - zone.label.y)
        if angle:
            c += 3.0 + abs(angle - 90) / 5  # across reads best
        for other, ob in self.boxes:
            if _near(rb, ob) and rect.intersects(other):
                c += 60 * rect.intersection(other).area + 40
        c += 40 * sum(_near(rb, lb) and rect.intersects(other) for other, lb in self.leaders)
        zones = self.zones[zone.foot]
        outline = self.outlines[zone.foot]
        for other, ob, _ in zones:
            if other is zone or not _near(rb, ob) or not other.geometry.intersects(rect):
                continue
            covered = rect.intersection(other.geometry).area
            if other.geometry.area < 4 * area:
                c += 8 * covered  # never hide a small zone under someone else's label
            elif line is not None:
                c += covered  # a label standing in another zone reads as that zone's name
        if line is not None:
            c += 30 + 1.5 * line.length + 6 * rect.intersection(zone.geometry).area
            # every border a leader crosses makes it harder to follow
            lb = line.bounds
            c += 8 * sum(
                _near(lb, ob) and line.intersects(edge) for other, ob, edge in zones if other is not zone
            )
            c += 8 * line.intersects(outline.boundary)
            c += 80 * sum(_near(lb, ob) and line.intersects(b) for b, ob in self.boxes)
        else:
            if not zone.geometry.contains(rect):
                c += 2 * rect.difference(zone.geometry).area
            if not outline.contains(rect):
                c += 3 * rect.difference(outline).area
            if zone.geometry.area < 2 * area:
                # a label larger than its zone hides it: better beside it, on a leader
                c += 2 * rect.intersection(zone.geometry).area
        if self.frame is not None and not self.frame.contains(rect):
            c += 100 * rect.difference(self.frame).area
        return c, x, y, angle, rect, line


def _near(a: tuple, b: tuple) -> bool:
    """Whether two (minx, miny, maxx, maxy) boxes touch."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _leader(anchor: Point, rect: BaseGeometry) -> LineString:
    """The leader from a zone's point to the nearest point of its label's box."""
    return LineString([anchor, nearest_points(rect.exterior, anchor)[0]])


def _frange(start: float, stop: float, step: float):
    value = start + step / 2
    while value < stop:
        yield value
        value += step
