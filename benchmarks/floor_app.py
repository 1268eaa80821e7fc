"""The floor for start-up: a one-line Panel app drawing a Bokeh figure, served as reflexmap is
(`panel serve`, loopback, no browser opened). See bench_click.startup_series."""

import panel as pn
from bokeh.plotting import figure

pn.pane.Bokeh(figure(width=640, height=400).line([0, 1], [0, 1])).servable()
