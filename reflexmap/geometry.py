"""Coordinate frames of a foot: chart millimetres, normalized (u, v), and display positions.

Charts store every foot in the same frame: x in mm from the medial (big-toe) edge, y in mm from
the back of the heel. Laterality therefore lives in the data, never in where a shape is drawn;
mirroring the left foot so both big toes face the middle is only a display step.
"""

from __future__ import annotations

import numpy as np
from shapely import affinity
from shapely.geometry.base import BaseGeometry


def normalized_to_chart(outline: BaseGeometry, u, v) -> tuple[np.ndarray, np.ndarray]:
    """Map normalized (u, v) to chart millimetres using the outline's bounding box.

    ``u`` runs 0 (medial edge) to 1 (lateral edge); ``v`` 0 (back of the heel) to 1 (tip of the
    longest toe).
    """
    minx, miny, maxx, maxy = outline.bounds
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    return minx + u * (maxx - minx), miny + v * (maxy - miny)


def chart_to_normalized(outline: BaseGeometry, x, y) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`normalized_to_chart`."""
    minx, miny, maxx, maxy = outline.bounds
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return (x - minx) / (maxx - minx), (y - miny) / (maxy - miny)


def _placement(foot: str, outline: BaseGeometry, gap: float, view: str) -> tuple[float, float]:
    """(sign, offset) with display x = sign * chart x + offset, for :func:`display_transform`.

    The edge that faces the middle of the drawing sits ``gap``/2 from x = 0: the medial edge on
    the soles and the tops, the toes on the inner sides, the heels on the outer sides.
    """
    minx, _, maxx, _ = outline.bounds
    # the sole, the top and the outer side of the left foot are drawn mirrored; on the inner side
    # (x from the heel) it is the right foot whose toes must turn toward the middle
    mirrored = (foot == "left") != (view == "medial")
    if foot == "left":
        return (-1.0, minx - gap / 2) if mirrored else (1.0, -maxx - gap / 2)
    return (-1.0, maxx + gap / 2) if mirrored else (1.0, gap / 2 - minx)


def display_transform(foot: str, outline: BaseGeometry, gap: float = 30.0, view: str = "plantar"):
    """Return a function placing a chart geometry of ``foot`` on a shared drawing.

    The feet are drawn as charts show the soles: left foot on the left, right foot on the right,
    big toes toward the middle; the left foot is mirrored, and ``gap`` mm separates the two. The
    tops (``dorsal``) are drawn the same way, as you see your own feet looking down. The sides are
    drawn as you see them standing beside each foot: the inner sides (``medial``) with the toes
    toward the middle, the outer sides (``lateral``) with the toes pointing outward.
    """
    sign, offset = _placement(foot, outline, gap, view)

    def place(geom: BaseGeometry) -> BaseGeometry:
        return affinity.translate(affinity.scale(geom, sign, 1, origin=(0, 0)), offset, 0)

    return place


def display_x(foot: str, outline: BaseGeometry, x, gap: float = 30.0, view: str = "plantar") -> np.ndarray:
    """The display x of chart x values, matching :func:`display_transform`."""
    sign, offset = _placement(foot, outline, gap, view)
    return sign * np.asarray(x, dtype=float) + offset


def display_to_chart_x(
    foot: str, outline: BaseGeometry, x, gap: float = 30.0, view: str = "plantar"
) -> np.ndarray:
    """Inverse of :func:`display_x`: chart x of display x values on ``foot``."""
    sign, offset = _placement(foot, outline, gap, view)
    return (np.asarray(x, dtype=float) - offset) * sign


def foot_at_display_x(x: float) -> str:
    """Which foot a display x falls on: the left foot is drawn at negative x."""
    return "left" if x < 0 else "right"
