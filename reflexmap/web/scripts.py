"""The page's JavaScript files (``reflexmap/web/js``), as text to put in a page or a Bokeh callback.

They are plain scripts of function declarations, no modules: Bokeh's ``CustomJS`` code and
Panel's ``_esm`` both take them as they are, and the tests load them the same way under Node.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def script(name: str) -> str:
    """The text of ``reflexmap/web/js/<name>`` (read once; an installed wheel ships the files)."""
    return resources.files(__package__).joinpath("js", name).read_text(encoding="utf-8")
