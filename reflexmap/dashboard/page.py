"""The HTML page the dashboard is served in: Panel's own, made for phones too.

Panel's page template has no viewport meta, so a phone lays the page out 980 px wide and
shrinks it to fit (nothing is readable). The page extends Panel's template (``base``, as
``panel.io.server`` renders a string template) rather than copying it.
"""

from __future__ import annotations

import panel as pn

from .language import EARLY_LANG_JS

PAGE_TEMPLATE = (
    "{% block preamble %}{{ super() }}"
    '<meta name="viewport" content="width=device-width, initial-scale=1">' + EARLY_LANG_JS + "{% endblock %}"
)


def use_page_template() -> None:
    """Render the current document's page from :data:`PAGE_TEMPLATE` (outside a server, nothing)."""
    doc = pn.state.curdoc
    if doc is not None:
        doc.template = PAGE_TEMPLATE
