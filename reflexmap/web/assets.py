"""The browser's own files (``js/*.js``, ``css/*.css``), read once from the installed package.

JavaScript and CSS live in real files so they can be linted, tested and read as what they are;
the dashboard's components and the offline export both take their text from here, so the page
a student opens offline runs the very code the served app runs.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from urllib.parse import quote


@functools.cache
def _read(kind: str, name: str) -> str:
    return files(__package__).joinpath(kind).joinpath(name).read_text(encoding="utf-8")


def js(*names: str) -> str:
    """The files ``web/js/<name>`` joined in the order given (later files use earlier ones)."""
    return "\n".join(_read("js", name) for name in names)


def css(*names: str) -> str:
    """The files ``web/css/<name>`` joined in the order given."""
    return "\n".join(_read("css", name) for name in names)


@functools.cache
def svg_data_url(name: str) -> str:
    """The image ``web/images/<name>`` (SVG) as a ``data:`` URL: a page holding it never asks
    the server for it."""
    return "data:image/svg+xml," + quote(_read("images", name).strip(), safe=" =:/,")
