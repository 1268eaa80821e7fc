"""Entry point for ``panel serve``: serves the chart named by $REFLEXMAP_MAP, or the default chart.

Unlike ``reflexmap serve`` this has no Host check (:func:`reflexmap.dashboard.hosts.refuse_other_hosts`):
a session's script cannot reach the Tornado application Panel runs it in. The README says so.
"""

import os

import panel as pn

from reflexmap.dashboard.language import TITLE
from reflexmap.dashboard.layout import create_app
from reflexmap.model import load_chart


@pn.cache
def _chart(source: str):
    # loaded once per server process, shared read-only by every session
    return load_chart(source or None)


create_app(_chart(os.environ.get("REFLEXMAP_MAP", ""))).servable(title=TITLE)
