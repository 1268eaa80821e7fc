"""The charts shipped with reflexmap: their ids, where they live, and a one-line summary of each.

The default chart is ``reflexmap/zones/chart.json`` (id ``default``); every other built-in chart is
a folder beside it, ``reflexmap/zones/<id>/chart.json``, in the same format as any user's chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .charts import VIEWS, default_chart_path

if TYPE_CHECKING:
    from .model import Chart

DEFAULT_ID = "default"


def builtin_charts() -> dict[str, Path]:
    """Chart id -> its ``chart.json``, the default first, then the others by id."""
    folder = resources.files("reflexmap.zones")
    others = sorted(
        entry.name for entry in folder.iterdir() if entry.is_dir() and entry.joinpath("chart.json").is_file()
    )
    return {DEFAULT_ID: default_chart_path()} | {
        name: Path(str(folder.joinpath(name, "chart.json"))) for name in others
    }


def chart_source(id_or_path: str) -> Path:
    """A built-in chart's manifest for its id, else ``id_or_path`` as a path (checked when loaded)."""
    return builtin_charts().get(id_or_path) or Path(id_or_path)


@cache
def load_builtin(chart_id: str) -> Chart:
    """A built-in chart by id, loaded once per process (charts are read-only); KeyError if unknown."""
    from .model import load_chart  # pandas: see reflexmap.LAZY

    return load_chart(builtin_charts()[chart_id])


@dataclass(frozen=True)
class ChartSummary:
    """What ``reflexmap charts`` lists for one chart."""

    chart_id: str
    title: str
    school: str
    views: tuple[str, ...]
    zones: int

    def line(self) -> str:
        """One line: the id first, then the school, the views and the number of zones."""
        school = self.school or "(school not given)"
        return f"{self.chart_id}  {school}  views: {', '.join(self.views)}  zones: {self.zones}"


def summarize(chart_id: str, chart: Chart) -> ChartSummary:
    """The summary of a loaded chart; ``zones`` counts zone ids (a zone on both feet counts once)."""
    present = set(chart.zones["view"])
    return ChartSummary(
        chart_id=chart_id,
        title=chart.info.title,
        school=chart.info.school,
        views=tuple(v for v in VIEWS if v in present),
        zones=chart.zones["zone_id"].nunique(),
    )


def builtin_summaries() -> list[ChartSummary]:
    """A summary of every built-in chart, the default first."""
    from .model import load_chart

    return [summarize(chart_id, load_chart(path)) for chart_id, path in builtin_charts().items()]
