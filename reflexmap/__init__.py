"""reflexmap: an interactive reflexology foot-map explorer.

The public API a notebook needs::

    from reflexmap import load_map
    chart = load_map()                 # the default chart (or load_map("my_chart/"))
    chart.zones                        # pandas DataFrame, one row per zone polygon
    chart.find("headache")             # zones by body area, name or everyday word
    chart.locate("right", 0.7, 0.55)   # zone ids at a point in normalized foot coordinates
    chart.zone("liver")                # everything about one zone
    chart.caveats.notice               # reflexology does not diagnose or treat disease

Reflexology does not diagnose, treat or cure disease and does not replace a doctor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Technique, Zone, ZoneMap, load_map
from .problems import Problem, ZoneMapError

if TYPE_CHECKING:
    import panel as pn

__version__ = "0.1.0"


def app(source=None) -> pn.viewable.Viewable:
    """The dashboard as a Panel object: display it in a notebook or call ``.servable()``."""
    from .dashboard.layout import create_app

    return create_app(load_map(source))


__all__ = ["Problem", "Technique", "Zone", "ZoneMap", "ZoneMapError", "__version__", "app", "load_map"]
