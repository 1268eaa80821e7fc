"""Two charts overlaid on the soles: every zone that differs drawn as A (blue) and B (orange).

Both charts are placed with chart A's display transform (the left foot mirrored, as on screen), so
a zone that moved shows as two shapes with an arrow between their centres. Numbers on the zones
match the order of :attr:`reflexmap.compare.Comparison.differing`.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..compare import Comparison
from ..geometry import display_transform
from ..model import Chart
from ..web.map_data import FOOT_LABEL

# the image export's own patch builder, so holes and multipolygons draw as in a chart's picture
from .images import _patch
from .soles import VIEW, check_feet

A_COLOR = "#1f5fbf"
B_COLOR = "#d9661f"
PAD = 8.0


def render_comparison(a: Chart, b: Chart, result: Comparison, width_px: int = 900) -> bytes:
    """A PNG of both soles with the zones that differ between ``a`` and ``b`` highlighted."""
    feet = check_feet(a, ("left", "right"))
    numbered = {z.zone_id: i for i, z in enumerate(result.differing, 1) if z.view == VIEW}
    moved = {(z.zone_id, d.foot) for z in result.differing for d in z.feet if d.moved}
    fig = Figure(facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_aspect("equal")
    boxes = []
    for foot in feet:
        outline = a.outline(foot, VIEW)
        place = display_transform(foot, outline)
        shown = place(outline)
        boxes.append(shown.bounds)
        ax.add_patch(_patch(shown, facecolor="#f4f1ea", edgecolor="#333333", lw=1.0, z=1))
        ominx, _, omaxx, omaxy = shown.bounds
        ax.text((ominx + omaxx) / 2, omaxy + 6, FOOT_LABEL[foot], ha="center", fontsize=11, fontweight="bold")
        for chart, color, style, z in ((a, A_COLOR, "-", 3), (b, B_COLOR, "--", 4)):
            rows = chart.zones[(chart.zones["foot"] == foot) & (chart.zones["view"] == VIEW)]
            for row in rows.itertuples():
                geometry = place(row.geometry)
                if row.zone_id not in numbered:
                    if chart is a:  # the unchanged zones, faintly, for orientation
                        ax.add_patch(_patch(geometry, facecolor="none", edgecolor="#bbbbbb", lw=0.4, z=2))
                    continue
                patch = _patch(geometry, facecolor=color, edgecolor=color, lw=1.4, z=z, alpha=0.22)
                patch.set_linestyle(style)
                ax.add_patch(patch)
        for zone_id, number in numbered.items():
            shapes = [place(c.zone(zone_id, foot).geometry) for c in (a, b) if c.has_zone(zone_id, foot)]
            if not shapes:
                continue
            if (zone_id, foot) in moved:  # from A's centre to B's, the distance compare measured
                start, end = shapes[0].centroid, shapes[1].centroid
                ax.annotate(
                    "",
                    xy=(end.x, end.y),
                    xytext=(start.x, start.y),
                    arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.0},
                    zorder=5,
                )
            point = shapes[0].representative_point()
            ax.text(
                point.x,
                point.y,
                str(number),
                ha="center",
                va="center",
                fontsize=7,
                fontweight="bold",
                zorder=6,
                bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": "#333333", "lw": 0.6},
            )
    x0 = min(box[0] for box in boxes) - PAD
    x1 = max(box[2] for box in boxes) + PAD
    y0 = min(box[1] for box in boxes) - PAD
    y1 = max(box[3] for box in boxes) + PAD + 10  # the feet's names
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    width_in = width_px / 100
    fig.set_size_inches(width_in, width_in * (y1 - y0) / (x1 - x0))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()
