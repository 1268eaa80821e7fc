"""Showing a new dashboard in a live session a few components at a time.

Panel builds the Bokeh models of a layout, and Bokeh serialises them for the browser, on the
server's one event-loop thread. For a whole dashboard that is about half a second in one go, and
every other user of the server waited that long for a page or a click when someone loaded a chart
of their own. The components are made on a thread (:func:`off_the_loop`); then
:func:`show_in_steps` adds them to the page a few at a time and gives the event loop back between
steps of about :data:`STEP_SECONDS` of computing.

Whatever a step adds, Bokeh then walks every model of the page to find the new ones (reading each
model's properties: about 0.1 ms a model, 30 ms for one dashboard). With the old dashboard still on
the page beside the new one each step cost at least twice that, so the page shows a small notice
(:class:`DrawingNotice`) in place of the old dashboard while the new one is added.

A page may close while its dashboard is built: its session's document is then destroyed, and
changing what it shows fails. Each step checks first (:func:`page_closed`) and gives up with
:class:`PageClosed`.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Callable
from functools import partial
from html import escape
from typing import TypeVar

import panel as pn
from bokeh.document import Document
from bokeh.models import Plot
from panel.layout.base import ListLike, NamedListLike
from panel.viewable import Viewable

from ..web.style import CSS

log = logging.getLogger("reflexmap.dashboard")

T = TypeVar("T")

# Computing done on the event loop before it is given back, and how long other users then have
# it: a few of their requests fit in each pause. Not less: each step is a message the browser
# applies to the whole page, and at 30 ms (130 steps) a loaded browser took minutes for them all.
STEP_SECONDS = 0.05
PAUSE_SECONDS = 0.03
# A figure's parts added in steps of their own, after the figure: with them, the step that added
# the map was three times any other (150-180 ms of CPU, Bokeh walking and serialising its 110
# models), whatever the chart.
FIGURE_PARTS = ("renderers", "center", "tools")
RENDERERS_A_STEP = 3
# A pause in which others computed this long on the event loop is followed by another: their page
# loads and clicks come before the next step, which only the uploader waits for. Up to
# YIELD_SECONDS a step, so that the build still ends on a server that is never idle.
BUSY_SECONDS = 0.005
YIELD_SECONDS = 0.3


class PageClosed(Exception):
    """The page whose dashboard was being built has closed: nobody is left to show it to."""


def page_closed(doc: Document | None) -> bool:
    """Whether ``doc``, a session's document, has been destroyed since (its page closed and the
    server ended the session). ``None`` (no session, as in a notebook) is never closed."""
    if doc is None:
        return False
    try:
        doc.roots  # noqa: B018 - a destroyed document has lost its roots: reading them fails
    except AttributeError:
        return True
    return False


async def pause(doc: Document | None = None) -> None:
    """Leave the event loop to other sessions between two steps: for :data:`PAUSE_SECONDS`, and
    for as long as they keep it busy (up to :data:`YIELD_SECONDS`); raise :class:`PageClosed` if
    ``doc``'s page closed meanwhile."""
    give_up = time.monotonic() + YIELD_SECONDS
    while True:
        before = time.thread_time()
        await asyncio.sleep(PAUSE_SECONDS)
        if page_closed(doc):
            raise PageClosed
        # this task slept: what the event loop's thread computed meanwhile was for others
        if time.thread_time() - before < BUSY_SECONDS or time.monotonic() > give_up:
            return


async def off_the_loop(make: Callable[[], T]) -> T:
    """``make()`` run on a thread, not on the event loop; Panel's ``curdoc`` (the session) goes
    along.

    Making a dashboard's components is Python through and through (about 0.4 s of it), so the
    thread holds the interpreter lock while it runs; but a thread waiting for the lock gets it
    within :func:`sys.getswitchinterval` (5 ms), so the event loop answers other users meanwhile,
    each answer taking at most about twice its time. Only components not shown anywhere yet may
    be made there: nothing else reads or changes them until this returns.
    """
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(None, context.run, make)


class DrawingNotice:
    """What the page shows while a new dashboard is added to it: a line of text and a progress
    bar (``pane``), which :func:`show_in_steps` moves on."""

    def __init__(self, text: str):
        self.text = text
        self.pane = pn.pane.HTML(stylesheets=[CSS], sizing_mode="stretch_width", margin=(8, 12))
        self.show(0.0)

    def show(self, part: float) -> None:
        """Show that ``part`` (0 to 1) of the work is done."""
        words = escape(self.text)
        self.pane.object = (
            f'<div role="status" data-testid="drawing"><p class="rm-results-count">{words}</p>'
            f'<progress max="100" value="{round(100 * part)}" aria-label="{words}" '
            f'style="width: min(320px, 100%)"></progress></div>'
        )


def containers(layout: Viewable) -> list[ListLike]:
    """The layouts in ``layout``'s tree that hold a list of components (it too, if it is one),
    each before those inside it; tabs are walked into but not counted, since their names and
    their components go together."""
    found = [layout] if isinstance(layout, ListLike) else []
    if isinstance(layout, ListLike | NamedListLike):
        for child in layout.objects:
            found += containers(child)
    return found


class FigureStep(partial):
    """A step that adds a figure to the page, or puts a part back into one (see
    :func:`figure_steps`). Most of its cost comes when the step ends, as Bokeh walks and sends the
    new models, too late for the step's budget: it makes a step of its own."""


def figure_steps(figure: Plot) -> list[FigureStep]:
    """Take the renderers, annotations and tools out of ``figure``, and return the steps that put
    them back in their order, :data:`RENDERERS_A_STEP` renderers at a time."""
    held = {part: list(getattr(figure, part)) for part in FIGURE_PARTS}
    for part in FIGURE_PARTS:
        setattr(figure, part, [])
    renderers = len(held["renderers"])
    counts = [*range(RENDERERS_A_STEP, renderers, RENDERERS_A_STEP), renderers]
    return [
        *(FigureStep(setattr, figure, "renderers", held["renderers"][:count]) for count in counts),
        *(FigureStep(setattr, figure, part, held[part]) for part in FIGURE_PARTS if part != "renderers"),
    ]


def steps(layout: Viewable) -> list[Callable[[], None]]:
    """Empty every container in ``layout`` and return the steps that fill them again: outer
    containers first, so that each step adds one component to a container already shown, and
    its models are made then; then the parts of each Bokeh figure (:func:`figure_steps`)."""
    plan = [(container, list(container.objects)) for container in containers(layout)]
    figures = [
        child.object
        for _, children in plan
        for child in children
        if isinstance(child, pn.pane.Bokeh) and isinstance(child.object, Plot)
    ]
    for container, _ in plan:
        container.objects = []
    fill = [
        (FigureStep if isinstance(children[k], pn.pane.Bokeh) else partial)(
            setattr, container, "objects", children[: k + 1]
        )
        for container, children in plan
        for k in range(len(children))
    ]
    return fill + [step for figure in figures for step in figure_steps(figure)]


async def show_in_steps(root: pn.Column, layout: Viewable, notice: DrawingNotice | None = None) -> int:
    """Make ``layout`` the only thing ``root`` shows, adding it in steps that leave the event
    loop to others in between; returns the number of steps.

    What ``root`` showed stays until the last step, beside the hidden ``layout``; give it only
    ``notice``'s pane to show beforehand, and the notice's progress bar follows the steps.
    ``layout`` must not be shown anywhere yet, and nothing else may change the containers in it
    until this returns (a new dashboard's components do not change their own layouts).
    Raises :class:`PageClosed` if the page closes meanwhile.
    """
    doc = pn.state.curdoc
    visible = layout.visible
    layout.visible = False
    plan = steps(layout)
    root.objects = [*root.objects, layout]
    count, done, sending, longest = 0, 0, 0.0, 0.0
    while done < len(plan):
        await pause(doc)
        count += 1
        # computing time of this thread, not the clock's: on a busy machine the clock would cut the
        # work into ever more steps, and each step has a cost of its own
        start = time.thread_time()
        # one walk of the document's models and one message a step, not one a component
        with pn.io.hold(freeze=True):
            while True:
                plan[done]()
                done += 1
                # what sending the last step's models cost stands for what this step's will; a
                # figure's part costs nothing until the step ends, and has a step of its own
                if (
                    done == len(plan)
                    or isinstance(plan[done - 1], FigureStep)
                    or isinstance(plan[done], FigureStep)
                    or time.thread_time() - start + sending > STEP_SECONDS
                ):
                    break
            if notice is not None:
                notice.show(done / len(plan))
            made = time.thread_time()
        sending = time.thread_time() - made
        longest = max(longest, time.thread_time() - start)
    await pause(doc)
    start = time.thread_time()
    with pn.io.hold(freeze=True):
        root.objects = [layout]
        layout.visible = visible
    longest = max(longest, time.thread_time() - start)
    # the figure benchmarks/bench_hostile_upload.py reports: the event loop held at most this long
    log.info("new dashboard shown in %d steps, the longest %.0f ms of CPU", count + 1, longest * 1000)
    return count + 1
