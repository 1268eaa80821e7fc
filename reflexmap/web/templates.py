"""HTML from Jinja2 templates (``web/templates/*.html``) that escape every value they are given.

Chart text is anyone's writing (an uploaded chart may hold markup); with autoescape it reaches a
page escaped without an ``escape()`` call to forget at each place it is used. Words are translated
in Python before they reach a template, so the catalogue's extraction needs no template reader.
"""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("reflexmap.web", "templates"),
        autoescape=True,
        # a misspelt name in a template fails loudly instead of rendering as nothing
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: object) -> str:
    """The template ``name`` filled with ``values`` (each escaped), without its final newline."""
    return _environment().get_template(name).render(**values).rstrip("\n")
