"""The dashboard's stylesheet. Panel renders components in shadow roots, so each HTML pane
receives this sheet explicitly instead of relying on a page-wide style."""

# Where the page is a phone's: the map fills the screen and what it answers lies far below, so
# those answers (a zone's details, the quiz's question) come up as sheets over the bottom of it.
PHONE_MEDIA = "(max-width: 700px), (max-height: 500px)"
# The look of such a sheet, for the details' (below) and the quiz's (quiz_panel.LIVE_SHEET_CSS).
SHEET_BOX = (
    "left: 0; right: 0; bottom: 0; z-index: 1000; max-height: 45vh; background: #fff; "
    "border-top: 1px solid #bbb; border-radius: 14px 14px 0 0; box-shadow: 0 -4px 18px rgba(0, 0, 0, .25);"
)

CSS = (
    """
:host { --rm-ink: #1d1d1f; --rm-muted: #555; --rm-accent: #5a1a8c; font-family: system-ui, sans-serif;
  font-size: 15px; }
/* sizes in em: presentation mode scales a whole pane by setting the host's font-size */
.rm-details, .rm-panel { color: var(--rm-ink); font-size: 1em; line-height: 1.45; overflow-wrap: anywhere; }
.rm-details h2 { margin: 0 0 6px; font-size: 1.6em; }
.rm-details h3, .rm-panel h3 { margin: 14px 0 4px; font-size: 1em; text-transform: uppercase;
  letter-spacing: .04em; color: var(--rm-muted); }
.rm-details p, .rm-panel p { margin: 4px 0; }
.rm-details ul, .rm-panel ul, .rm-panel ol { margin: 4px 0; padding-left: 20px; }
.rm-tags { display: flex; flex-wrap: wrap; gap: 6px; }
.rm-tag { display: inline-flex; align-items: center; gap: 6px; border: 1px solid #bbb; border-radius: 12px;
  padding: 1px 10px; font-size: 0.93em; background: #fafafa; }
.rm-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; border: 1px solid #444; }
.rm-where { color: var(--rm-accent); }
.rm-technique { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
.rm-technique dt { font-weight: 600; }
.rm-technique dd { margin: 0; }
.rm-empty p { color: var(--rm-muted); }
.rm-notice { background: #fff4d6; border: 2px solid #b8860b; border-radius: 8px; padding: 8px 14px;
  font-size: 16px; color: #3b2a00; }
.rm-notice strong { color: #000; }
.rm-notice.rm-condition { font-size: 14px; padding: 6px 10px; margin: 4px 0; }
.rm-reworded { margin: 12px 0 4px; border-top: 1px solid #ccc; padding-top: 6px; }
.rm-reworded summary { cursor: pointer; font-weight: 600; }
.rm-message { background: #fde2e1; border: 1px solid #b42318; border-radius: 6px; padding: 6px 12px;
  color: #7a1410; }
.rm-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 14px; align-items: center; }
.rm-legend span.rm-item { display: inline-flex; align-items: center; gap: 5px; }
.rm-legend .rm-line { display: inline-block; width: 22px; height: 0; border-top: 3px solid; }
.rm-results-count { color: var(--rm-muted); font-size: 14px; margin: 2px 0; }
.rm-ok { background: #e3f4e8; border: 1px solid #1e7b34; border-radius: 6px; padding: 6px 12px;
  color: #0f4d20; }
.rm-close { background: #fff4d6; border: 1px solid #b8860b; border-radius: 6px; padding: 6px 12px;
  color: #3b2a00; }
.rm-timer { font-size: 28px; font-variant-numeric: tabular-nums; font-weight: 600; }
kbd { border: 1px solid #888; border-bottom-width: 2px; border-radius: 4px; padding: 0 5px;
  background: #f6f6f6;
  font-family: ui-monospace, monospace; }
.rm-lesson li.rm-current, .rm-lesson-item.rm-current { font-weight: 700; color: var(--rm-accent); }
/* a caption Panel does not draw (above a button group): as Panel's own widget labels */
.rm-field-label { font: 12px/17px Helvetica, Arial, sans-serif; color: #212529; }
.rm-header h1 { margin: 0; font-size: 26px; }
.rm-header p { margin: 2px 0 0; color: var(--rm-muted); }
/* the map's zoom buttons: finger-sized (44 px, as phones' guidelines ask) */
.rm-zoom { display: flex; justify-content: flex-end; gap: 8px; }
.rm-zoom button { min-width: 44px; min-height: 44px; padding: 0 12px; font: 600 20px/1 system-ui, sans-serif;
  color: var(--rm-ink); background: #fff; border: 1px solid #888; border-radius: 8px; cursor: pointer; }
.rm-zoom button:last-child { font-size: 15px; }
/* zones that overlap where the map was tapped: one button each */
.rm-also { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin: 0 0 6px; }
.rm-also:empty { display: none; }
.rm-also button { min-height: 44px; padding: 0 14px; font: inherit; color: var(--rm-accent);
  background: #fff; border: 1px solid var(--rm-accent); border-radius: 22px; cursor: pointer; }
.rm-sheet-close { display: none; }
@media print { * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
/* On a phone the map fills the screen and the details lie far below it: a tapped zone's details
   open as a sheet over the bottom of the screen instead (the page scrolls the tapped spot above it) */
"""
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
NO_PRINT = "rm-noprint"
PRINT_CSS = f"""
@media print {{
  .{NO_PRINT} {{ display: none !important; }}
  :host {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""
