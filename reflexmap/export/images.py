"""PNG and SVG pictures of the soles, drawn from the chart's own polygons with matplotlib.

The figure is laid out in chart millimetres and every size (text, lines, margins) is given in
millimetres of the drawing, so a picture looks the same at any pixel width; ``dpi`` only sets
the print size recorded in the file. Matplotlib's Agg and SVG backends are used directly through
:class:`matplotlib.figure.Figure`: no pyplot, no global figure state, safe in a server thread.

Text is set in matplotlib's own DejaVu Sans, which has Cyrillic, so a Russian chart draws without
missing-glyph boxes; the picture's own words (feet, legend, notice) are in the ``lang`` asked for.
"""

from __future__ import annotations

import io
import math
import os
import textwrap
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.colors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from ..i18n import DEFAULT_LANGUAGE, N_
from ..labels import FOOT_LABEL, VIEW_NAMES
from ..model import Chart
from ..web.map_data import SYSTEM_COLORS, short_name
from .language import _, speaking, system_name
from .soles import VIEW, Soles, place_labels, place_soles

FORMATS = ("png", "svg")
NOTICE = N_("Reflexology does not diagnose or treat disease.")

# Sizes in millimetres of the drawing (the reference sole is about 260 mm long).
PAD = 8.0
TITLE_SPACE = 16.0
TITLE_SIZE = 7.0
LABEL_SIZE = 3.3
GUIDE_SIZE = 3.0
GUIDE_MARGIN = 16.0
LEGEND_SIZE = 3.6
LEGEND_ROW = 6.5
LEGEND_COLUMN = 46.0
FOOTER_SIZE = 3.4
FOOTER_LINE = 5.0
ZONE_ALPHA = 0.6
INK = "#111111"
OUTLINE_FILL = "#fbf7f2"


@dataclass(frozen=True)
class Painting:
    """Zone fills other than the body systems' (the map of what a student knows), and their key.

    ``fills`` maps ``(zone_id, foot)`` to ``(colour, hatch)`` (matplotlib's hatch, "" for none; a
    zone left out is drawn unfilled); ``legend`` lists ``(label, colour, hatch)``; ``caption`` is
    printed above the footer.
    """

    fills: Mapping[tuple[str, str], tuple[str, str]]
    legend: Sequence[tuple[str, str, str]]
    caption: str = ""


def write_image(
    chart: Chart,
    path: str | os.PathLike,
    fmt: str = "png",
    feet=("left", "right"),
    labels: bool = True,
    width_px: int = 1600,
    dpi: int = 200,
    width_in: float | None = None,
    view: str = VIEW,
    lang: str = DEFAULT_LANGUAGE,
) -> int:
    """Draw ``feet`` on one ``view`` (the soles unless asked) to ``path`` as PNG or SVG; return the
    number of bytes written.

    ``labels=True`` fills the zones with their body-system colours, names them and adds a legend
    and the guide lines. ``labels=False`` is a blank quiz sheet: outlines and zone borders only.
    The picture is ``width_px`` pixels wide (``width_in`` inches at ``dpi``, if given); its height
    follows from the drawing. Both feet share the dashboard's layout: left foot on the left,
    mirrored, big toes toward the middle (inner sides: toes toward the middle; outer sides: outward).
    The chart's text is its own (``chart.translated(lang)``); the picture's own words are in ``lang``.
    """
    data = render_image(
        chart,
        fmt=fmt,
        feet=feet,
        labels=labels,
        width_px=width_px,
        dpi=dpi,
        width_in=width_in,
        view=view,
        lang=lang,
    )
    Path(path).write_bytes(data)
    return len(data)


def render_image(
    chart: Chart,
    fmt: str = "png",
    feet=("left", "right"),
    labels: bool = True,
    width_px: int = 1600,
    dpi: int = 200,
    width_in: float | None = None,
    painting: Painting | None = None,
    view: str = VIEW,
    lang: str = DEFAULT_LANGUAGE,
) -> bytes:
    """Like :func:`write_image` but returns the file's bytes.

    With a ``painting`` (and ``labels``) the zones take its fills and the legend its key.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi!r}")
    if width_in is not None:
        if width_in <= 0:
            raise ValueError(f"width_in must be positive, not {width_in!r}")
        width_px = round(width_in * dpi)
    if int(width_px) != width_px or width_px < 200 or width_px > 20000:
        raise ValueError(f"width_px must be a whole number from 200 to 20000, not {width_px!r}")
    width_px = int(width_px)
    chart = chart.for_view(view)
    soles = place_soles(chart, feet, view)
    with speaking(lang):
        fig = _figure(chart, soles, labels, width_px, dpi, painting)
    out = io.BytesIO()
    # Keep text as text in SVG (searchable, and the names stay readable by a screen reader); a
    # fixed hash salt and no date make the SVG the same on every run.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "reflexmap"}):
        fig.savefig(out, format=fmt, dpi=dpi, metadata=_metadata(chart, fmt))
    return out.getvalue()


def _metadata(chart: Chart, fmt: str) -> dict:
    if fmt == "svg":
        return {"Title": chart.info.title, "Date": None, "Creator": "reflexmap"}
    return {"Title": chart.info.title, "Software": "reflexmap"}


# --- drawing ---------------------------------------------------------------------------------------


def _figure(
    chart: Chart, soles: Soles, labels: bool, width_px: int, dpi: int, painting: Painting | None = None
) -> Figure:
    minx, miny, maxx, maxy = soles.bounds
    x0, x1 = minx - PAD, maxx + PAD
    if labels and len(soles.feet) == 1:
        # room for the guide-line names beside the lateral edge (on the left of a mirrored left foot)
        if soles.feet[0].foot == "left":
            x0 -= GUIDE_MARGIN
        else:
            x1 += GUIDE_MARGIN
    width_mm = x1 - x0
    if painting is not None:
        entries = list(painting.legend) if labels else []
        column = 2 * LEGEND_COLUMN  # "Shaky: wrong last time: 12" is twice a system's name
    else:
        systems = [s for s in SYSTEM_COLORS if s in soles.systems] if labels else []
        entries = [(system_name(s), SYSTEM_COLORS[s], "") for s in systems]
        # wider where a language's names are longer ("Сердечно-сосудистая"): about 0.6 em a letter
        column = max(LEGEND_COLUMN, 10.0 + 0.6 * LEGEND_SIZE * max((len(e[0]) for e in entries), default=0))
    columns = max(1, int((width_mm - 2 * PAD) // column))
    legend_rows = -(-len(entries) // columns) if entries else 0
    footer = _footer_lines(chart, width_mm - 2 * PAD, painting.caption if painting else "")
    legend_height = legend_rows * LEGEND_ROW + (PAD / 2 if legend_rows else 0)
    footer_height = len(footer) * FOOTER_LINE + PAD / 2
    y0 = miny - PAD - legend_height - footer_height
    y1 = maxy + TITLE_SPACE
    height_mm = y1 - y0

    width_in = width_px / dpi
    fig = Figure(figsize=(width_in, width_in * height_mm / width_mm), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    pt = width_in * 72 / width_mm  # points per millimetre of drawing

    for placed in soles.feet:
        ax.add_patch(_patch(placed.outline, facecolor=OUTLINE_FILL, edgecolor="#333333", lw=0.7 * pt, z=1))
        for zone in placed.zones:
            fill, hatch = SYSTEM_COLORS.get(zone.system, "#dddddd"), ""
            if painting is not None:
                fill, hatch = painting.fills.get((zone.zone_id, zone.foot), ("none", ""))
            patch = _patch(
                zone.geometry,
                facecolor=fill if labels else "none",
                alpha=ZONE_ALPHA if labels else None,
                edgecolor="#555555" if labels else "#333333",
                lw=(0.25 if labels else 0.3) * pt,
                z=2,
            )
            if hatch and labels:
                patch.set_hatch(hatch)
            patch.set_gid(f"zone-{zone.foot}-{zone.zone_id}")
            ax.add_patch(patch)
        if labels:
            for _name, line in (*placed.guides, *placed.landmarks):
                x, y = line.xy
                ax.plot(x, y, color="#444444", lw=0.35 * pt, ls=(0, (4, 3)), zorder=3)
        ominx, _bottom, omaxx, omaxy = placed.outline.bounds
        ax.text(
            (ominx + omaxx) / 2,
            omaxy + TITLE_SPACE / 2,
            _(FOOT_LABEL[placed.foot]) + ("" if soles.view == VIEW else ", " + _(VIEW_NAMES[soles.view])),
            ha="center",
            va="center",
            fontsize=TITLE_SIZE * pt,
            fontweight="bold",
            color=INK,
            parse_math=False,
        )
    if labels:
        obstacles = _guide_names(ax, soles, pt)
        _zone_labels(chart, ax, soles, pt, obstacles, (x0, miny - PAD / 2, x1, maxy + TITLE_SPACE / 4))
        _legend(ax, entries, columns, column, x0 + PAD, miny - PAD, pt)
    top = y0 + footer_height - PAD / 4
    for i, (text, weight) in enumerate(footer):
        ax.text(
            (x0 + x1) / 2,
            top - (i + 0.5) * FOOTER_LINE,
            text,
            ha="center",
            va="center",
            fontsize=FOOTER_SIZE * pt,
            fontweight=weight,
            color=INK,
            parse_math=False,
        )
    return fig


def _patch(geom: BaseGeometry, *, facecolor, edgecolor, lw, z, alpha=None) -> PathPatch:
    """One patch for a (Multi)Polygon, holes included."""
    vertices, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in (poly.exterior, *poly.interiors):
            coords = list(ring.coords)
            vertices.extend(coords)
            codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY])
    patch = PathPatch(
        MplPath(vertices, codes), facecolor=facecolor, edgecolor=edgecolor, lw=lw, zorder=z, joinstyle="round"
    )
    if alpha is not None:
        # Transparent fill, solid border: the borders stay crisp over the outline.
        patch.set_facecolor(matplotlib.colors.to_rgba(facecolor, alpha))
    return patch


def _wrap_label(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 12, break_long_words=False)) or text


def _zone_labels(chart: Chart, ax, soles: Soles, pt: float, obstacles: list, area: tuple) -> None:
    """Name every zone, then let :func:`place_labels` move the names that do not fit."""
    texts = {}
    for placed in soles.feet:
        for zone in placed.zones:
            texts[(zone.foot, zone.zone_id)] = ax.text(
                zone.label.x,
                zone.label.y,
                _wrap_label(short_name(zone.name)),
                ha="center",
                va="center",
                ma="center",
                fontsize=LABEL_SIZE * pt,
                linespacing=1.0,
                color=INK,
                zorder=6,
                parse_math=False,
                gid=f"label-{zone.foot}-{zone.zone_id}",
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.6},
            )
    sizes = {}
    for key, text in texts.items():
        one_line = " ".join(text.get_text().split())
        wrapped = text.get_text()
        text.set_text(one_line)
        w1, h1 = _extent_mm(ax, text, pad=0.6)
        text.set_text(wrapped)
        # rounded up to 0.1 mm: the same layout at any resolution, and the cache below hits
        sizes[key] = tuple(math.ceil(v * 10) / 10 for v in (*_extent_mm(ax, text, pad=0.6), w1, h1))
    for key, spot in _placed(chart, soles, sizes, obstacles, area).items():
        text = texts[key]
        text.set_position((spot.x, spot.y))
        if spot.angle:
            text.set_text(" ".join(text.get_text().split()))
            text.set_rotation(spot.angle)
            text.set_rotation_mode("anchor")
        if spot.leader is not None:
            (ax0, ay0), (ax1, ay1) = spot.leader
            ax.plot([ax0, ax1], [ay0, ay1], color=INK, lw=0.25 * pt, zorder=5, solid_capstyle="round")
            ax.plot(ax0, ay0, "o", color=INK, ms=0.9 * pt, zorder=5)


def _placed(chart: Chart, soles: Soles, sizes: dict, obstacles: list, area: tuple) -> dict:
    """:func:`place_labels`, remembered per chart: a PNG and an SVG of the same view share it."""
    key = (
        tuple(f.foot for f in soles.feet),
        tuple(sorted(sizes.items())),
        tuple(tuple(round(v, 3) for v in b.bounds) for b in obstacles),
        tuple(round(v, 3) for v in area),
    )
    cache = _PLACED.setdefault(chart, {})
    if key not in cache:
        if len(cache) > 16:
            cache.clear()
        cache[key] = place_labels(soles, sizes, obstacles, area)
    return cache[key]


_PLACED: weakref.WeakKeyDictionary[Chart, dict] = weakref.WeakKeyDictionary()


def _extent_mm(ax, text, pad: float = 0.0) -> tuple[float, float]:
    """(width, height) of a text in data millimetres, as the renderer lays it out."""
    bbox = text.get_window_extent(ax.figure.canvas.get_renderer())
    (ax0, ay0), (ax1, ay1) = ax.transData.inverted().transform([[bbox.x0, bbox.y0], [bbox.x1, bbox.y1]])
    return abs(ax1 - ax0) + 2 * pad, abs(ay1 - ay0) + 2 * pad


def _guide_names(ax, soles: Soles, pt: float) -> list:
    """Name each guide line once: in the gap between the feet, or beside a single foot; and each
    landmark ring (an ankle bone) just above its ring, on each foot.

    Returns the boxes the names take, for the zone labels to keep clear of.
    """
    boxes = []
    for placed in soles.feet:
        for name, ring in placed.landmarks:
            minx, _, maxx, maxy = ring.bounds
            text = ax.text(
                (minx + maxx) / 2,
                maxy + 1.0,
                name,
                ha="center",
                va="bottom",
                fontsize=GUIDE_SIZE * pt,
                color="#444444",
                parse_math=False,
                zorder=4,
            )
            w, h = _extent_mm(ax, text, pad=0.5)
            boxes.append(box((minx + maxx - w) / 2, maxy + 0.5, (minx + maxx + w) / 2, maxy + 0.5 + h))
            boxes.append(Polygon(ring.coords))  # and the ring itself: no name hides it
    names: dict[str, float] = {}
    for placed in soles.feet:
        for name, line in placed.guides:
            names.setdefault(name, sum(line.xy[1]) / len(line.xy[1]))
    if len(soles.feet) == 2:
        x, ha = 0.0, "center"
    else:
        minx, _bottom, maxx, _top = soles.feet[0].outline.bounds
        # Beside the lateral edge: the left foot is mirrored, so its lateral edge is on the left.
        x, ha = (minx - 1.0, "right") if soles.feet[0].foot == "left" else (maxx + 1.0, "left")
    for name, y in names.items():
        text = ax.text(
            x,
            y,
            name.replace(" line", "\nline"),
            ha=ha,
            va="center",
            ma="center",
            fontsize=GUIDE_SIZE * pt,
            linespacing=1.0,
            color="#444444",
            parse_math=False,
            zorder=4,
        )
        w, h = _extent_mm(ax, text, pad=0.5)
        left = x - w / 2 if ha == "center" else (x - w if ha == "right" else x)
        boxes.append(box(left, y - h / 2, left + w, y + h / 2))
    return boxes


def _legend(
    ax, entries: list[tuple[str, str, str]], columns: int, column: float, left: float, top: float, pt: float
) -> None:
    """``(label, colour, hatch)`` entries in ``columns`` columns ``column`` mm wide."""
    for i, (label, colour, hatch) in enumerate(entries):
        row, col = divmod(i, columns)
        x = left + col * column
        y = top - (row + 0.5) * LEGEND_ROW
        swatch = Rectangle(
            (x, y - 2.0),
            6.0,
            4.0,
            facecolor=matplotlib.colors.to_rgba(colour, ZONE_ALPHA),
            edgecolor="#555555",
            lw=0.25 * pt,
            hatch=hatch or None,
        )
        ax.add_patch(swatch)
        ax.text(x + 8.0, y, label, va="center", fontsize=LEGEND_SIZE * pt, color=INK, parse_math=False)


def _footer_lines(chart: Chart, width_mm: float, caption: str = "") -> list[tuple[str, str]]:
    # About 0.55 em per character of DejaVu Sans.
    chars = max(20, int(width_mm / (FOOTER_SIZE * 0.55)))
    title = textwrap.wrap(" ".join(chart.info.title.split()), chars, max_lines=2, placeholder=" ...")
    above = textwrap.wrap(" ".join(caption.split()), chars, max_lines=3, placeholder=" ...")
    return [(line, "bold") for line in above] + [(line, "normal") for line in title] + [(_(NOTICE), "bold")]
