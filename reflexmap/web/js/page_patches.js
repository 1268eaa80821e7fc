// Run by the served page (reflexmap/dashboard/page.py) once BokehJS and Panel have loaded and
// before the document's views are made: a module script runs after the page is parsed, and the
// views come only with the document the websocket then brings.
/* global rmPatchViews */
rmPatchViews(window.Bokeh?.Models);
