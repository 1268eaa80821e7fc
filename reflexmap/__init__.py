"""reflexmap: an interactive reflexology foot-map explorer.

The public API a notebook needs::

    from reflexmap import load_chart
    chart = load_chart()               # the default chart (or load_chart("my_chart/"))
    chart.zones                        # pandas DataFrame, one row per zone polygon
    chart.find("headache")             # zones by body area, name or everyday word
    chart.locate("right", 0.7, 0.55)   # zone ids at a point in normalized foot coordinates
    chart.zone("liver")                # everything about one zone
    chart.caveats.notice               # reflexology does not diagnose or treat disease

Words: a *chart* is the data (zones, their sources; a folder, a file, a school's chart); a *map*
is a chart drawn (the app's map, the handout's map pages). The names from before 0.2 that said
"map" for the chart (``load_map``, ``ZoneMap``, ``ZoneMapError``) still work for this release and
warn.

Reflexology does not diagnose, treat or cure disease and does not replace a doctor.
"""

from __future__ import annotations

import importlib
import importlib.util
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import panel as pn

    from .model import Chart, Technique, Zone, load_chart
    from .problems import ChartError, Problem

__version__ = "0.1.0"


def app(source=None) -> pn.viewable.Viewable:
    """The dashboard as a Panel object: display it in a notebook or call ``.servable()``."""
    from .dashboard.layout import create_app
    from .model import load_chart

    return create_app(load_chart(source))


# The API's names, imported on first use: the model brings pandas (a third of a second), which
# `reflexmap serve` imports while the browser loads the page's scripts, not before it listens
# (see dashboard.server.serve), and `python -m reflexmap` imports this package first.
LAZY = {
    "Chart": "model",
    "Technique": "model",
    "Zone": "model",
    "load_chart": "model",
    "ChartError": "problems",
    "Problem": "problems",
}

# the names before 0.2: old name -> (new name, the module it lives in)
RENAMED = {
    "load_map": ("load_chart", "model"),
    "ZoneMap": ("Chart", "model"),
    "ZoneMapError": ("ChartError", "problems"),
}


def __getattr__(name: str):
    if name in LAZY:
        return getattr(importlib.import_module(f".{LAZY[name]}", __name__), name)
    if name in RENAMED:
        new, module = RENAMED[name]
        warnings.warn(
            f"reflexmap.{name} is deprecated and goes in the next release: use reflexmap.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f".{module}", __name__), new)
    # `reflexmap.model` and the other submodules without their own import first, as before the
    # names above became lazy (the package no longer imports the model itself)
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'reflexmap' has no attribute {name!r}")


__all__ = ["Chart", "ChartError", "Problem", "Technique", "Zone", "__version__", "app", "load_chart"]


def __dir__() -> list[str]:
    return sorted([*globals(), *LAZY])
