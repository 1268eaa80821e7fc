"""The dashboard's stylesheet. Panel renders components in shadow roots, so each HTML pane
receives this sheet explicitly instead of relying on a page-wide style."""

from .assets import css

# Where the page is a phone's: the map fills the screen and what it answers lies far below, so
# those answers (a zone's details, the quiz's question) come up as sheets over the bottom of it.
PHONE_MEDIA = "(max-width: 700px), (max-height: 500px)"
# The look of such a sheet, for the details' (below) and the quiz's (quiz_panel.LIVE_SHEET_CSS).
SHEET_BOX = (
    "left: 0; right: 0; bottom: 0; z-index: 1000; max-height: 45vh; background: #fff; "
    "border-top: 1px solid #bbb; border-radius: 14px 14px 0 0; box-shadow: 0 -4px 18px rgba(0, 0, 0, .25);"
)

CSS = (
    css("style.css")
    + f"@media {PHONE_MEDIA} {{\n"
    + f"  .rm-sheet {{ position: fixed; display: flex; flex-direction: column; {SHEET_BOX} }}"
    + """
  .rm-sheet .rm-sheet-scroll { overflow-y: auto; overscroll-behavior: contain; padding: 10px 16px 16px; }
  .rm-sheet .rm-sheet-close { display: block; position: absolute; top: 2px; right: 2px; z-index: 1;
    width: 44px; height: 44px; font-size: 28px; line-height: 1; color: var(--rm-ink); background: #fff;
    border: 0; border-radius: 22px; cursor: pointer; }
  .rm-sheet .rm-also, .rm-sheet .rm-details h2 { padding-right: 40px; }
  /* the quiz's question in its sheet (see quiz_panel.LIVE_SHEET_CSS): room for the map above it */
  [data-testid=question] h2 { margin: 2px 0; font-size: 1.25em; }
}
"""
)

# Printing the page gives the map, its legend and the details, not the controls: the parts to
# leave out carry NO_PRINT, and each layout holding one gets PRINT_CSS (a page-wide style does
# not reach into Panel's shadow roots). Browsers leave backgrounds out of print unless told, and
# the legend's swatches are backgrounds.
# a widget group's long labels (a routine's steps, the screening's questions) wrap: kept on one
# line they made a phone's page wider than its screen
WRAP_LABELS = (
    ".bk-input-group label { white-space: normal; align-items: flex-start; } span { white-space: normal; }"
)

NO_PRINT = "rm-noprint"
PRINT_CSS = f"""
@media print {{
  .{NO_PRINT} {{ display: none !important; }}
  :host {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""
