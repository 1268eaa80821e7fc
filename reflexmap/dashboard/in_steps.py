"""Showing a new dashboard in a live session a few components at a time.

Panel builds the Bokeh models of a layout, and Bokeh serialises them for the browser, on the
server's one event-loop thread. For a whole dashboard that is about half a second in one go
(it is the same for every chart: a few hundred models, not the chart's vertices), and every other
user of the server waited that long for a page or a click when someone loaded a chart of their
own. :func:`show_in_steps` renders the new layout next to the old one, hidden, a few components at
a time, and gives the event loop back between steps of about :data:`STEP_SECONDS` of computing
(the map's figure, one component, is the largest step); then it swaps the two in one
small step. :meth:`reflexmap.dashboard.layout.Dashboard.built_in_steps` makes the components in
steps too, before.
"""

from __future__ import annotations

import asyncio
import logging
import time

import panel as pn
from panel.layout.base import ListLike, NamedListLike
from panel.viewable import Viewable

log = logging.getLogger("reflexmap.dashboard")

# Computing done on the event loop before it is given back, and how long other users then have
# it: a few of their requests (a page is about 10 ms) fit in each pause.
STEP_SECONDS = 0.07
PAUSE_SECONDS = 0.03


async def pause() -> None:
    """Leave the event loop to other sessions for a moment, between two steps."""
    await asyncio.sleep(PAUSE_SECONDS)


def containers(layout: Viewable) -> list[ListLike]:
    """The layouts in ``layout``'s tree that hold a list of components (it too, if it is one),
    each before those inside it; tabs are walked into but not counted, since their names and
    their components go together."""
    found = [layout] if isinstance(layout, ListLike) else []
    if isinstance(layout, ListLike | NamedListLike):
        for child in layout.objects:
            found += containers(child)
    return found


def steps(layout: Viewable) -> list[tuple[ListLike, list[Viewable]]]:
    """Empty every container in ``layout`` and say how to fill them again: ``(container,
    components)`` pairs, outer containers first, so that each pair adds one component to a
    container already shown, and its models are made then."""
    plan = [(container, list(container.objects)) for container in containers(layout)]
    for container, _ in plan:
        container.objects = []
    return [(container, children[: k + 1]) for container, children in plan for k in range(len(children))]


async def show_in_steps(root: pn.Column, layout: Viewable) -> int:
    """Make ``layout`` the only thing ``root`` shows, building it in steps that leave the event
    loop to others in between; returns the number of steps.

    ``layout`` must not be shown anywhere yet, and nothing else may change the containers in it
    until this returns (a new dashboard's components do not change their own layouts). What
    ``root`` showed stays in use until the last step.
    """
    visible = layout.visible
    layout.visible = False
    plan = steps(layout)
    root.objects = [*root.objects, layout]
    count, done, sending = 0, 0, 0.0
    while done < len(plan):
        await pause()
        count += 1
        # computing time, not the clock's: on a busy machine the clock would cut the work into
        # ever more steps, and each step has a cost of its own
        start = time.process_time()
        # one walk of the document's models and one message a step, not one a component: each
        # walk covers both dashboards
        with pn.io.hold(freeze=True):
            while True:
                container, objects = plan[done]
                container.objects = objects
                done += 1
                # what sending the last step's models cost stands for what this step's will
                if done == len(plan) or time.process_time() - start + sending > STEP_SECONDS:
                    break
            made = time.process_time()
        sending = time.process_time() - made
    await pause()
    with pn.io.hold(freeze=True):
        root.objects = [layout]
        layout.visible = visible
    log.debug("new dashboard shown in %d steps", count + 1)
    return count + 1
