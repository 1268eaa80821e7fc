"""Controls a finger can hit: at least 44 px tall on a touch screen or a phone-sized window.

Bokeh and Panel draw their widgets about 31 px tall, each in a shadow root of its own, so no
page-wide style reaches them: every control gets this sheet. A desktop window with a mouse keeps
the compact widgets.
"""

from __future__ import annotations

from collections.abc import Iterable

import panel as pn

# Not style.PHONE_MEDIA: a finger needs big controls on a tablet too (coarse pointer, wide
# window), where the details need no sheet; and a short, wide desktop window (max-height 500px)
# gets sheets but keeps a mouse's compact controls.
TOUCH = "(pointer: coarse), (max-width: 700px)"

TOUCH_CSS = f"""
@media {TOUCH} {{
  .bk-btn, .bk-input, select.bk-input {{ min-height: 44px; }}
  .bk-input-group label:has(input) {{ display: inline-flex; align-items: center; gap: 6px; min-height: 44px;
    margin: 0 16px 0 0; }}
  input[type="checkbox"], input[type="radio"] {{ width: 20px; height: 20px; }}
  /* finger-sized, a row of them would not fit a narrow phone: they wrap */
  .bk-input-group.bk-inline, .bk-headers-wrapper {{ flex-wrap: wrap; }}
  /* wrapped, each row starts at the same edge: Bokeh's gap before every box but the first
     would indent the boxes on the second row (as specific as Bokeh's rule, and later) */
  .bk-input-group.bk-inline > label:has(input):not(:first-child) {{ margin-left: 0; }}
  /* the box and its words centred on one line: Bokeh lifts the words 2px beside a small box */
  input[type="checkbox"] + *, input[type="radio"] + * {{ top: 0; }}
  .bk-header .bk-tab {{ display: flex; align-items: center; min-height: 44px; box-sizing: border-box; }}
  .card-header {{ min-height: 44px; }}
}}
"""


def fit_for_fingers(components: Iterable[pn.viewable.Viewable]) -> None:
    """Give each widget, tab bar and card among ``components`` and their children the sheet."""
    for component in components:
        for part in component.select(lambda o: isinstance(o, pn.widgets.Widget | pn.Tabs | pn.Card)):
            if TOUCH_CSS not in part.stylesheets:
                part.stylesheets = [*part.stylesheets, TOUCH_CSS]
