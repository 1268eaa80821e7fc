"""The dashboard's tabs are built when first opened: a session pays only for what it shows."""

from __future__ import annotations

import panel as pn
import pytest

from reflexmap.dashboard.bridge import LocalStore
from reflexmap.dashboard.layout import Dashboard
from reflexmap.dashboard.quiz_panel import QuizPanel
from reflexmap.dashboard.state import TABS, AppState
from reflexmap.dashboard.touch import TOUCH_CSS
from reflexmap.quiz import Progress


def tab_content(dashboard: Dashboard, name: str) -> list:
    """What tab ``name`` holds now (its placeholder's objects)."""
    return list(dashboard.tabs.objects[TABS.index(name)].objects)


def test_a_new_dashboard_builds_only_the_open_tab(default_map):
    dashboard = Dashboard(default_map)
    assert dashboard.state.tab == "Routines"
    assert tab_content(dashboard, "Routines")
    for name in TABS[1:]:
        assert tab_content(dashboard, name) == [], name
    for part in ("handbook", "quiz", "practice", "upload"):
        assert part not in vars(dashboard), part
    # the quiz's progress store is: the progress has arrived by the time the tab is opened
    assert len(dashboard.layout.select(LocalStore)) == 1


@pytest.mark.parametrize("name", TABS[1:])
def test_opening_a_tab_builds_it_once_with_finger_sized_controls(default_map, name):
    dashboard = Dashboard(default_map)
    dashboard.state.tab = name
    built = tab_content(dashboard, name)
    assert len(built) == 1
    widgets = built[0].select(pn.widgets.Widget)
    assert all(TOUCH_CSS in widget.stylesheets for widget in widgets), name
    dashboard.state.tab = "Routines"
    dashboard.state.tab = name
    assert tab_content(dashboard, name) == built  # the same objects, not a second build


def test_the_quiz_built_later_takes_the_progress_its_page_already_has(default_map):
    dashboard = Dashboard(default_map)
    store = dashboard.layout.select(LocalStore)[0]
    stored = Progress()
    stored.record("liver|right", True)
    store.param.update(value=stored.to_json(), loaded=True)  # the browser's answer, on page load
    dashboard.state.tab = "Quiz"
    quiz = dashboard.quiz
    assert quiz.store is store and quiz.progress.to_json() == stored.to_json()
    assert 'data-loaded="true"' in quiz.progress_line.object
    assert quiz.start in tab_content(dashboard, "Quiz")[0].select(pn.widgets.Button)
    assert quiz.knowledge_legend in dashboard.layout.select(pn.pane.HTML)
    # the projector's layout is arranged anew from the same parts
    dashboard.state.present = True
    assert dashboard.layout.select(LocalStore) == [store]


def test_downloads_build_the_quiz_whose_progress_they_save(default_map):
    dashboard = Dashboard(default_map)
    dashboard.state.tab = "Downloads"
    assert "quiz" in vars(dashboard)
    assert tab_content(dashboard, "Quiz") == []  # built, not yet shown


def test_a_handbook_link_opens_the_handbook_built_on_the_entry(default_map):
    dashboard = Dashboard(default_map)
    entry = default_map.handbook.entries[0]
    dashboard.state.entry = entry.entry_id
    assert dashboard.state.tab == "Handbook"
    assert dashboard.handbook.back.visible and entry.title in dashboard.handbook.page.object


def test_routines_built_after_a_routine_was_opened_show_it_at_its_step(default_map):
    state = AppState(default_map, tab="Quiz")
    dashboard = Dashboard(default_map, state=state)
    assert "routines" not in vars(dashboard)
    routine = default_map.routines.routines[0]
    state.param.update(routine=routine.routine_id, step=1)  # the practice player, say
    state.tab = "Routines"
    routines = dashboard.routines
    assert routines.picker.value == routine.routine_id
    assert state.step == 1 and routines.steps.value == routines.steps.options[1]


def test_an_upload_built_during_a_class_is_held(default_map):
    dashboard = Dashboard(default_map)
    dashboard.classroom.role = "student"
    assert dashboard.upload.held  # built now, reading the role
    dashboard.classroom.role = ""
    assert dashboard.upload.held == ""


def test_the_quiz_counts_progress_once_the_browser_has_none_to_give(default_map):
    quiz = QuizPanel(state=AppState(default_map))
    assert 'data-loaded="false"' in quiz.progress_line.object
    quiz.store.loaded = True  # a first visit: nothing stored, the value stays ""
    assert 'data-loaded="true"' in quiz.progress_line.object
