"""The map of what I know: zones painted by the student's own quiz progress, and its legend."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bokeh.models import ColumnDataSource

from ..knowledge import LEVELS, Level, legend_rows
from .assets import css

NO_HATCH = " "
# A swatch shows a level's hatch as the map draws it, so the legend matches without colour too.
HATCH_CSS = {
    ".": "radial-gradient(#333 1px, transparent 1.3px) 0 0 / 5px 5px",
    "x": "repeating-linear-gradient(45deg, #333 0 1px, transparent 1px 5px), "
    "repeating-linear-gradient(-45deg, #333 0 1px, transparent 1px 5px)",
}
KNOWLEDGE_CSS = css("knowledge.css")


def swatch(level: Level) -> str:
    """A legend swatch: the level's colour with its hatch drawn over it."""
    pattern = HATCH_CSS.get(level.hatch)
    background = f"{pattern}, {level.colour}" if pattern else level.colour
    return f'<span class="rm-swatch" aria-hidden="true" style="background:{background}"></span>'


def legend_html(by_key: dict[str, str], _: Callable[[str], str] = str) -> str:
    """The legend under its title, each level named with how many zones are at it (``_`` translates)."""
    items = "".join(
        f'<span class="rm-item" role="listitem" data-level="{level.name}">'
        f"{swatch(level)}{escape(_(level.label))}: {count}</span>"
        for level, count in legend_rows(by_key)
    )
    title = _("The map shows what you know (from your quiz answers; a zone on both feet is counted on each)")
    return (
        f'<div data-testid="knowledge-legend"><p class="rm-knowledge-title">{escape(title)}</p>'
        f'<div class="rm-knowledge" role="list">{items}</div></div>'
    )


def paint(
    source: ColumnDataSource,
    system_colours: list[str],
    by_key: dict[str, str],
    _: Callable[[str], str] = str,
) -> None:
    """Colour the zone source's rows by level (``by_key`` empty: by body system again).

    The hover names the level too (the ``knowledge`` column), so it is never told by colour alone.
    """
    data = source.data
    n = len(system_colours)
    if not by_key:
        colours, hatches, words = list(system_colours), [NO_HATCH] * n, [""] * n
    else:
        rows = [
            LEVELS[by_key.get(f"{zone_id}|{foot}", "new")]
            for zone_id, foot in zip(data["zone_id"], data["foot"], strict=True)
        ]
        colours = [level.colour for level in rows]
        hatches = [level.hatch for level in rows]
        words = [_(level.label) for level in rows]
    source.data.update(color=colours, hatch=hatches, knowledge=words)
