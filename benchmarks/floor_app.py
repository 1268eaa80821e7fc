"""The floor for start-up: a one-line Panel app drawing a Bokeh figure, served as reflexmap is
(`panel serve`, loopback, no browser opened). See bench_click.startup_series."""

import panel as pn
from bokeh.plotting import figure

fig = figure(width=640, height=400)
fig.line([0, 1], [0, 1])
pn.pane.Bokeh(fig).servable()
