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


def display_transform(foot: str, outline: BaseGeometry, gap: float = 30.0):
    """Return a function placing a chart geometry of ``foot`` on a shared drawing.

    The feet are drawn as charts show the soles: left foot on the left, right foot on the right,
    big toes toward the middle. The left foot is mirrored; ``gap`` mm separates the two.
    """
    minx = outline.bounds[0]
    if foot == "left":
        # mirror so the medial edge faces right, then put that edge at -gap/2
        def place(geom: BaseGeometry) -> BaseGeometry:
            return affinity.translate(affinity.scale(geom, -1, 1, origin=(0, 0)), minx - gap / 2, 0)
    else:

        def place(geom: BaseGeometry) -> BaseGeometry:
            return affinity.translate(geom, gap / 2 - minx, 0)

    return place


def display_x(foot: str, outline: BaseGeometry, x, gap: float = 30.0) -> np.ndarray:
    """The display x of chart x values, matching :func:`display_transform`."""
    minx = outline.bounds[0]
    x = np.asarray(x, dtype=float)
    return (minx - gap / 2) - x if foot == "left" else x + gap / 2 - minx


def display_to_chart_x(foot: str, outline: BaseGeometry, x, gap: float = 30.0) -> np.ndarray:
    """Inverse of :func:`display_x`: chart x of display x values on ``foot``."""
    minx = outline.bounds[0]
    x = np.asarray(x, dtype=float)
    return (minx - gap / 2) - x if foot == "left" else x - gap / 2 + minx


def foot_at_display_x(x: float) -> str:
    """Which foot a display x falls on: the left foot is drawn at negative x."""
    return "left" if x < 0 else "right"
