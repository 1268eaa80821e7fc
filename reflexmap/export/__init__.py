"""Exports of a chart that work without reflexmap: a self-contained HTML page, a PDF handout,
PNG/SVG images.

``html_document`` and ``write_html`` are loaded on first use: they need Bokeh, which a PDF or
image export (``reflexmap.export.pdf``, ``reflexmap.export.images``) would otherwise import for
nothing.
"""

from __future__ import annotations

import importlib

__all__ = ["html_document", "write_html"]


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module(".html", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
