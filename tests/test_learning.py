"""Issue 15, practice side: the screening fits the routine, one current step, a timer or a Done
button on every step, undo for destructive buttons, the lesson editor, and the progress file.

Driven through the same state and widget values a browser session changes; no browser here."""

from __future__ import annotations

import pytest

from reflexmap.dashboard.routines import RoutinesPanel
from reflexmap.dashboard.state import AppState


@pytest.fixture
def state(default_map) -> AppState:
    return AppState(default_map)


# --- defect 5: one source of truth for the current step ----------------------------------------


def test_the_step_list_follows_the_keys_and_the_list(state):
    panel = RoutinesPanel(state=state)
    panel.picker.value = "anti-stress-toes"
    labels = panel.steps.options
    for expected in range(3):
        state.step_lesson(+1)  # the Right key
        assert state.step == expected
        assert panel.steps.value == labels[expected]
    panel.steps.value = labels[3]  # a click on step 4
    assert state.step == 3
    state.step_lesson(-1)  # the Left key
    assert state.step == 2
    assert panel.steps.value == labels[2]
    state.param.update(routine="", step=-1)
    assert panel.steps.value is None
