"""Everything the browser receives, with no Panel: colours and CSS, the per-chart columns and hit
index, the Bokeh figure, the HTML pieces and the JavaScript files. The dashboard (Panel) and the
offline export both build on it; nothing here imports either of them."""
