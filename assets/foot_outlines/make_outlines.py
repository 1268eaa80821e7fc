"""How the reference outlines of the top and the sides of the foot were drawn (kept as their record).

Run ``python assets/foot_outlines/make_outlines.py`` to write ``{left,right}_{dorsal,medial,lateral}
.geojson`` beside this script. The sole outlines (``*_plantar.geojson``) are the originals and are
not touched. All outlines are drawn to the same 260 mm adult foot; left and right share one frame,
so a foot's outline is the same polygon for both feet (laterality is a property, never a shape).

Frames, in mm:

* ``dorsal`` (top): the sole's frame. x from the medial (big-toe) edge, y from the back of the heel,
  toes at the top. A point on the top of the foot has the coordinates of the point of the sole
  right below it, so the top view's silhouette *is* the sole's and is copied from it. Drawn as the
  dashboard draws the soles (left foot mirrored, big toes toward the middle), it is what you see
  looking down at your own feet.
* ``medial`` and ``lateral`` (inner and outer side): x from the back of the heel toward the toe
  tip, y up from the floor to the top of the foot, with the lower leg cut off 130 mm above the floor
  so the ankle bones and the Achilles tendon are on the drawing. The inner side shows the raised
  arch and the big toe; the outer side rests on the floor along its length and ends in the shorter,
  lower little toes.

Each side profile is a closed Catmull-Rom spline through a few control points (heel, arch, ball,
toe, instep, front of the ankle, leg, Achilles tendon), sampled to about 120 vertices.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
FEET = ("left", "right")

# Control points, counter-clockwise from the back of the heel at the height of its fullest curve.
MEDIAL = [
    (0, 28), (4, 11), (13, 3), (30, 0), (52, 1), (72, 7), (100, 15), (130, 14), (160, 8),
    (186, 2), (205, 0), (230, 1), (248, 3), (257, 8), (260, 15), (256, 23), (244, 27), (224, 29),
    (204, 32), (188, 37), (160, 48), (130, 61), (108, 74), (94, 88), (86, 106), (84, 130),
    (57, 131), (30, 130), (27, 104), (21, 76), (13, 56), (5, 42),
]  # fmt: skip
LATERAL = [
    (0, 26), (4, 10), (13, 2), (30, 0), (60, 0), (100, 1), (140, 1), (180, 1), (205, 0),
    (228, 1), (242, 3), (250, 8), (251, 14), (246, 19), (232, 21), (214, 23), (196, 27),
    (170, 38), (138, 54), (110, 68), (94, 84), (86, 104), (84, 130),
    (57, 131), (30, 130), (27, 104), (21, 76), (13, 56), (5, 40),
]  # fmt: skip
SAMPLES_PER_SPAN = 4


def closed_spline(points: list[tuple[float, float]], per_span: int = SAMPLES_PER_SPAN) -> list[list[float]]:
    """A closed uniform Catmull-Rom curve through ``points``, as a closed ring."""
    p = np.asarray(points, dtype=float)
    n = len(p)
    ring = []
    for i in range(n):
        p0, p1, p2, p3 = p[(i - 1) % n], p[i], p[(i + 1) % n], p[(i + 2) % n]
        for t in np.linspace(0, 1, per_span, endpoint=False):
            t2, t3 = t * t, t * t * t
            point = 0.5 * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t3
            )
            ring.append([round(float(point[0]), 1), round(max(float(point[1]), 0.0), 1)])
    ring.append(ring[0])
    return ring


def _write(foot: str, view: str, ring: list[list[float]]) -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kind": "outline", "foot": foot, "view": view},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    (HERE / f"{foot}_{view}.geojson").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    for foot in FEET:
        sole = json.loads((HERE / f"{foot}_plantar.geojson").read_text(encoding="utf-8"))
        _write(foot, "dorsal", sole["features"][0]["geometry"]["coordinates"][0])
        _write(foot, "medial", closed_spline(MEDIAL))
        _write(foot, "lateral", closed_spline(LATERAL))


if __name__ == "__main__":
    main()
