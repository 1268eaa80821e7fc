"""Issue 15, practice side: the screening fits the routine, one current step, a timer or a Done
button on every step, undo for destructive buttons, the lesson editor, and the progress file.

Driven through the same state and widget values a browser session changes; no browser here."""

from __future__ import annotations

import json
import time

import panel as pn
import pytest

from reflexmap.dashboard.routines import RoutinesPanel
from reflexmap.dashboard.state import AppState

from .aio import run


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


# --- defect 4: the screening fits the routine --------------------------------------------------


def test_a_childrens_routine_asks_for_the_paediatricians_go_ahead():
    from reflexmap import content
    from reflexmap.practice import CHILD, GO_AHEAD, PREGNANT, evaluate, routine_screening, screening_questions

    questions = screening_questions(content.safety())
    assert routine_screening(questions, for_children=False) == questions
    fitted = routine_screening(questions, for_children=True)
    ids = [q.question_id for q in fitted]
    assert GO_AHEAD in ids and CHILD not in ids and PREGNANT not in ids
    no = {q.question_id: False for q in fitted}
    lacking = evaluate(fitted, no)
    assert lacking.stop and lacking.title == "Please ask a paediatrician first"
    assert "prescription of a paediatrician or orthopaedist" in lacking.message
    assert evaluate(fitted, {**no, GO_AHEAD: True}).can_start
    fever = next(q.question_id for q in fitted if q.group == "contraindication")
    assert evaluate(fitted, {**no, GO_AHEAD: True, fever: True}).stop  # the rest still counts


def test_practise_valgus_for_a_child_can_start_with_the_go_ahead(state, default_map):
    from reflexmap.dashboard.practice_panel import CONFIRM, PracticePanel
    from reflexmap.practice import CHILD, GO_AHEAD

    valgus = next(r for r in default_map.routines.routines if r.for_children)
    panel = PracticePanel(state=state)
    panel.picker.value = valgus.routine_id
    assert CHILD not in panel.checks.options.values()
    assert panel.needed.visible and list(panel.needed.options.values()) == [GO_AHEAD]
    panel.confirm.value = [CONFIRM]
    assert panel.start.disabled  # no go-ahead yet
    assert 'data-stop="true"' in panel.verdict.object
    panel.needed.value = [GO_AHEAD]
    assert not panel.start.disabled
    panel._start()
    assert panel.player_box.visible and state.routine == valgus.routine_id
    # back to an adults' routine: the child question is asked again
    panel.picker.value = "session"
    assert CHILD in panel.checks.options.values() and not panel.needed.visible


def test_starting_a_routine_keeps_the_practise_tab_and_leaves_routines_unbuilt(default_map):
    """The player's start used to open the routine in the Routines tab and come back: the page got
    that tab's content and lost it at once, and the step list's unfinished view in the page broke
    the tab when it was opened later (BokehJS: "n is not iterable")."""
    from reflexmap.dashboard.layout import Dashboard
    from reflexmap.dashboard.practice_panel import CONFIRM

    state = AppState(default_map, tab="Practise")  # as ?tab=Practise opens it
    dashboard = Dashboard(default_map, state=state)
    tabs = []
    state.param.watch(lambda e: tabs.append(e.new), "tab")
    panel = dashboard.practice
    panel.picker.value = "heel-spur"
    panel.confirm.value = [CONFIRM]
    panel._start()
    assert state.routine == "heel-spur" and state.step == 0 and panel.player_box.visible
    assert tabs == [] and "routines" not in vars(dashboard)
    # opened afterwards, the tab shows the routine at the player's step
    state.step = 2
    state.tab = "Routines"
    assert dashboard.routines.picker.value == "heel-spur"
    assert dashboard.routines.steps.value == dashboard.routines.steps.options[2]


# --- defect 6: every step is paced -------------------------------------------------------------


def test_every_step_has_a_timer_or_a_done_button(state, default_map):
    from reflexmap.dashboard.practice_panel import PracticePanel
    from reflexmap.practice import SUGGESTED_STEP_S, step_pace

    routines = default_map.routines
    paces = [step_pace(routines, s) for r in routines.routines for s in r.steps]
    assert len(paces) >= 25
    timed = [p for p in paces if p.seconds]
    assert len(timed) >= len(paces) * 2 // 3  # most steps work the foot
    # the source's own time is kept and said to be the source's
    spur = routines.get("heel-spur").steps
    assert [step_pace(routines, s) for s in spur if s.duration_s] == [step_pace(routines, spur[3])]
    assert step_pace(routines, spur[3]).seconds == 900 and step_pace(routines, spur[3]).from_source
    panel = PracticePanel(state=state)
    for routine in routines.routines:
        state.param.update(routine=routine.routine_id, step=-1)
        for index, step in enumerate(routine.steps):
            panel._go(+1)
            assert state.step == index
            if step_pace(routines, step).seconds:
                assert panel.timer_button.visible and panel.next.label == "Next step"
                shown = step.duration_s or SUGGESTED_STEP_S
                assert f"{shown // 60:d}:{shown % 60:02d}" in panel.timer_text.object
                assert ("suggested time" in panel.timer_text.object) == (not step.duration_s)
            else:
                assert not panel.timer_button.visible and panel.next.label == "Done, next step"


# --- defect 7: undo ----------------------------------------------------------------------------


def test_reset_my_progress_can_be_undone(state):
    from reflexmap.dashboard.quiz_panel import QuizPanel
    from reflexmap.quiz import Progress

    quiz = QuizPanel(state=state)
    quiz.replace_progress(Progress())
    quiz.progress.record("liver|right", True)
    quiz.progress.record("heart|left", False)
    kept = Progress(quiz.progress.items)
    quiz.reset.clicks += 1
    assert len(quiz.progress) == 0 and Progress.from_json(quiz.store.value) == Progress()
    assert quiz.undo.row.visible and "Progress reset" in quiz.undo.text.object
    quiz.undo.button.clicks += 1
    assert quiz.progress == kept and Progress.from_json(quiz.store.value) == kept
    assert not quiz.undo.row.visible


def test_clear_lesson_can_be_undone(state):
    from reflexmap.dashboard.present import PresentControls

    controls = PresentControls(state=state)
    state.lesson, state.lesson_index = "liver.right,heart.left", 1
    controls.clear.clicks += 1
    assert state.lesson == "" and controls.undo.row.visible
    controls.undo.button.clicks += 1
    assert (state.lesson, state.lesson_index) == ("liver.right,heart.left", 1)
    assert not controls.undo.offered


# --- defect 8: the lesson editor ----------------------------------------------------------------


def test_lesson_items_move_and_go_and_the_current_one_follows(state):
    state.lesson, state.lesson_index = "liver.right,heart.left,kidney.left", 1  # on the heart
    state.move_in_lesson(1, -1)
    assert (state.lesson, state.lesson_index) == ("heart.left,liver.right,kidney.left", 0)
    state.move_in_lesson(2, -1)
    assert (state.lesson, state.lesson_index) == ("heart.left,kidney.left,liver.right", 0)
    state.move_in_lesson(2, +1)  # already last: nothing moves
    assert state.lesson == "heart.left,kidney.left,liver.right"
    state.remove_from_lesson(0)  # the current one goes: the next becomes current
    assert (state.lesson, state.lesson_index) == ("kidney.left,liver.right", 0)
    state.lesson_index = 1
    state.remove_from_lesson(0)
    assert (state.lesson, state.lesson_index) == ("liver.right", 0)
    state.remove_from_lesson(0)
    assert (state.lesson, state.lesson_index) == ("", -1)


def test_the_lesson_editor_has_a_row_per_zone_and_a_full_link(state):
    from reflexmap.dashboard.present import PresentControls

    controls = PresentControls(state=state)
    # an empty lesson: no link, and the editor says there is nothing in it yet
    assert controls.link.query == "" and controls.items.objects == [controls.lesson]
    assert "No lesson yet" in controls.lesson.object
    state.lesson = "liver.right,heart.left"
    assert controls.link.query == "present=1&lesson=liver.right,heart.left"
    rows = controls.items.objects
    assert len(rows) == 2
    up, down, remove = (b for b in rows[0].objects if isinstance(b, pn.widgets.Button))
    assert up.disabled and not down.disabled
    down.clicks += 1
    assert state.lesson == "heart.left,liver.right"
    remove = [b for b in controls.items.objects[1].objects if isinstance(b, pn.widgets.Button)][2]
    remove.clicks += 1
    assert state.lesson == "heart.left" and len(controls.items.objects) == 1


# --- the progress file --------------------------------------------------------------------------


def _progress():
    from reflexmap.quiz import Progress

    progress = Progress()
    for key, right in (("liver|right", True), ("liver|right", True), ("heart|left", False)):
        progress.record(key, right)
    # the other directions of the quiz: each its own card, two of them per zone rather than per foot
    for card in ("name:liver|right", "foot:liver", "technique:heart"):
        progress.record(card, True)
    return progress


def test_progress_file_round_trip(default_map):
    from reflexmap.progress_file import progress_file, read_progress_file

    progress = _progress()
    text = progress_file(progress, default_map)
    assert read_progress_file(text.encode(), default_map) == progress
    assert read_progress_file(text, default_map).stats("liver|right").box == 3
    assert read_progress_file(text, default_map).stats("technique:heart").seen == 1


def test_a_progress_file_from_before_the_new_questions_is_migrated(default_map):
    import json

    from reflexmap.progress_file import read_progress_file

    old = {"version": 1, "items": {"liver|right": {"box": 3, "seen": 4, "right": 3}}}
    text = json.dumps({"format": "reflexmap-progress", "version": 1, "chart": "x", "progress": old})
    progress = read_progress_file(text, default_map)
    assert progress.stats("liver|right").box == 3
    assert progress.stats("name:liver|right").box == 3


def _edited(default_map, change):
    import json

    from reflexmap.progress_file import progress_file

    data = json.loads(progress_file(_progress(), default_map))
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda m: b"x" * 600_000, "at most 512 kB"),
        (lambda m: b"\xff\xfe not text", "not JSON"),
        (lambda m: b"[1, 2]", "not a reflexmap progress file"),
        (lambda m: _edited(m, lambda d: d.update(format="anki")), "not a reflexmap progress file"),
        (lambda m: _edited(m, lambda d: d.update(version=7)), "newer reflexmap (file version 7)"),
        (lambda m: _edited(m, lambda d: d.update(version="1")), "no valid version"),
        (lambda m: _edited(m, lambda d: d["progress"].pop("items")), "no list of zones"),
        (lambda m: _edited(m, lambda d: d["progress"]["items"].update({"LIVER": {}})), "unknown form"),
        (
            lambda m: _edited(m, lambda d: d["progress"]["items"].update({"kidneyx|left": {}})),
            "zones this chart does not have: kidneyx (left foot)",
        ),
        (
            lambda m: _edited(m, lambda d: d["progress"]["items"].update({"foot:kidneyx": {}})),
            "zones this chart does not have: kidneyx",
        ),
        (
            lambda m: _edited(m, lambda d: d["progress"]["items"]["liver|right"].update(box=9)),
            "liver (right foot) is damaged",
        ),
        (
            lambda m: _edited(m, lambda d: d["progress"]["items"]["liver|right"].update(right=99)),
            "right no more than seen",
        ),
    ],
)
def test_a_bad_progress_file_is_refused_with_its_reason(default_map, make, reason):
    from reflexmap.progress_file import ProgressFileError, read_progress_file

    with pytest.raises(ProgressFileError) as refused:
        read_progress_file(make(default_map), default_map)
    assert reason in str(refused.value)


# --- the Downloads section ----------------------------------------------------------------------


def _pick(panel, name: str, data: bytes) -> None:
    """What choosing a file in the panel's picker does: the file posted to the session's inbox,
    then the page's word that it was sent."""
    panel.deliver(name, data)
    panel.upload.outcome = json.dumps({"kind": "sent", "name": name, "t": time.monotonic()})


def test_a_progress_file_is_refused_by_the_page_when_empty_or_too_large(state):
    from reflexmap.dashboard.downloads import DownloadsPanel
    from reflexmap.dashboard.quiz_panel import QuizPanel

    panel = DownloadsPanel(state=state, quiz=QuizPanel(state=state))
    assert panel.upload.limit == 512_000 and panel.max_bytes == 512_000  # the route's limit too
    panel.upload.outcome = json.dumps({"kind": "too_large", "name": "big.json", "size": 600_000})
    assert "big.json was not imported" in panel.result.object
    assert "600,000 bytes; the limit is 512,000" in panel.result.object
    panel.upload.outcome = json.dumps({"kind": "empty", "name": "empty.json", "size": 0})
    assert "The file is empty" in panel.result.object and 'data-ok="false"' in panel.result.object


def test_downloads_make_files_only_when_asked_and_import_progress(state, monkeypatch):
    import inspect
    import threading

    from reflexmap.dashboard import downloads as module
    from reflexmap.dashboard.downloads import DownloadsPanel
    from reflexmap.dashboard.quiz_panel import QuizPanel
    from reflexmap.progress_file import progress_file
    from reflexmap.quiz import Progress

    made = []
    # each picture is drawn on a worker thread, not on the event loop every session shares
    monkeypatch.setattr(
        module, "make_png", lambda chart, paper: made.append(threading.current_thread()) or b"\x89PNG"
    )
    quiz = QuizPanel(state=state)
    panel = DownloadsPanel(state=state, quiz=quiz)
    panel.__panel__()
    assert made == []  # nothing is made at page load
    for widget in (panel.handout, panel.quiz_sheet, panel.png, panel.svg, panel.html):
        assert inspect.iscoroutinefunction(widget.callback)
    assert run(panel.png.callback()).read() == b"\x89PNG"
    assert len(made) == 1 and made[0] is not threading.main_thread()
    assert panel.handout.filename.endswith("-handout-a4.pdf")
    panel.paper.value = "US Letter"
    assert panel.handout.filename.endswith("-handout-letter.pdf")
    assert panel.quiz_sheet.filename.endswith("-quiz-letter.pdf")
    sheet = run(panel.quiz_sheet.callback()).read()
    assert sheet.startswith(b"%PDF") and b"/MediaBox [ 0 0 612 792 ]" in sheet
    saved = _progress()
    text = progress_file(saved, state.chart).encode()
    # a bad file changes nothing and says why
    quiz.replace_progress(Progress())
    _pick(panel, "other.json", text.replace(b"liver|right", b"livr|right"))
    assert 'data-ok="false"' in panel.result.object and "livr (right foot)" in panel.result.object
    assert len(quiz.progress) == 0
    _pick(panel, "progress.json", text)
    assert 'data-ok="true"' in panel.result.object and quiz.progress == saved
    assert Progress.from_json(quiz.store.value) == saved
    assert panel.progress.callback().read() == text
    panel.undo.button.clicks += 1  # the import can be undone
    assert len(quiz.progress) == 0
    _pick(panel, "progress.json", text)  # the same file again, after Undo
    assert quiz.progress == saved


def test_an_import_counts_answers_and_zones_not_cards_as_zones(state):
    from reflexmap.dashboard.downloads import DownloadsPanel
    from reflexmap.dashboard.quiz_panel import QuizPanel
    from reflexmap.progress_file import progress_file

    quiz = QuizPanel(state=state)
    panel = DownloadsPanel(state=state, quiz=quiz)
    saved = _progress()  # five cards about two zones, the liver and the heart
    _pick(panel, "progress.json", progress_file(saved, state.chart).encode())
    assert "5 answers recorded, on 2 zones" in panel.result.object
    _pick(panel, "big.json", b"x" * 600_000)  # refused by the file reader too, with its own reason
    assert "a progress file is at most 512 kB" in panel.result.object and len(quiz.progress) == 5


def test_no_import_while_a_round_runs_and_a_newer_change_withdraws_undo(state):
    from reflexmap.dashboard.downloads import DownloadsPanel
    from reflexmap.dashboard.quiz_panel import QuizPanel
    from reflexmap.progress_file import progress_file
    from reflexmap.quiz import Progress

    quiz = QuizPanel(state=state)
    quiz.store.param.update(loaded=True)
    panel = DownloadsPanel(state=state, quiz=quiz)
    saved = _progress()
    text = progress_file(saved, state.chart).encode()
    quiz._start()
    assert quiz.round is not None
    _pick(panel, "progress.json", text)
    assert 'data-ok="false"' in panel.result.object and "round is running" in panel.result.object
    assert len(quiz.progress) == 0 and quiz.round._progress is quiz.progress
    quiz._finish(stopped=True)
    # a reset, then an import: the reset's Undo would throw the import away, so it goes
    quiz.replace_progress(Progress(saved.items))
    quiz.reset.clicks += 1
    assert quiz.undo.offered
    _pick(panel, "progress.json", text)
    assert quiz.progress == saved and not quiz.undo.offered and not quiz.undo.row.visible
    assert panel.undo.offered
    quiz.reset.clicks += 1  # and the other way round
    assert not panel.undo.offered and quiz.undo.offered
    quiz.undo.button.clicks += 1
    assert quiz.progress == saved


# --- review: the screening after a change of routine, and the precautions ----------------------


def test_a_change_of_routine_unticks_i_have_read_every_item(state, default_map):
    from reflexmap.dashboard.practice_panel import CONFIRM, PracticePanel
    from reflexmap.practice import CHILD, GO_AHEAD, PREGNANT

    valgus = next(r for r in default_map.routines.routines if r.for_children)
    panel = PracticePanel(state=state)
    panel.picker.value = valgus.routine_id
    panel.needed.value = [GO_AHEAD]
    panel.confirm.value = [CONFIRM]
    assert not panel.start.disabled
    panel.picker.value = "session"  # other questions: the child and pregnancy ones were never read
    assert panel.confirm.value == []
    assert panel.answers()[CHILD] is None and panel.answers()[PREGNANT] is None
    assert panel.start.disabled


def test_precaution_advice_is_kept_when_only_the_go_ahead_or_the_child_stops(default_map):
    from reflexmap import content
    from reflexmap.practice import CHILD, evaluate, routine_screening, screening_questions

    questions = screening_questions(content.safety())
    care = next(q for q in questions if q.group == "precaution" and not q.stops)
    no = {q.question_id: False for q in questions}
    child = evaluate(questions, {**no, CHILD: True, care.question_id: True})
    assert child.stop and care.advice in child.message and child.take_care == (care.advice,)
    fitted = routine_screening(questions, for_children=True)
    no = {q.question_id: False for q in fitted}
    lacking = evaluate(fitted, {**no, care.question_id: True})
    assert lacking.stop and care.advice in lacking.message


def test_the_player_shows_the_precautions_answered_yes(state):
    from html import escape

    from reflexmap.dashboard.practice_panel import CONFIRM, PracticePanel

    panel = PracticePanel(state=state)
    panel.picker.value = "session"
    care = next(q for q in panel._questions if q.group == "precaution" and not q.stops)
    panel.checks.value = [care.question_id]
    panel.confirm.value = [CONFIRM]
    assert not panel.start.disabled
    panel._start()
    assert "Take care:" in panel.player.object and escape(care.advice) in panel.player.object


def test_a_big_valid_progress_file_is_read_whole(default_map, monkeypatch):
    """The file is not squeezed through the browser copy's size limit on its way in."""
    import json

    from reflexmap import progress_file as module
    from reflexmap import quiz
    from reflexmap.progress_file import progress_file, read_progress_file

    progress = _progress()
    text = progress_file(progress, default_map)
    monkeypatch.setattr(quiz, "MAX_JSON_CHARS", len(text) // 4)  # the file is "big" for that limit
    assert read_progress_file(text, default_map) == progress
    old = {"version": 1, "items": {"liver|right": {"box": 3, "seen": 4, "right": 3}}}
    v1 = json.dumps({"format": "reflexmap-progress", "version": 1, "chart": "x", "progress": old})
    assert read_progress_file(v1, default_map).stats("name:liver|right").box == 3
    monkeypatch.setattr(module, "MAX_ITEMS", len(progress) - 1)
    with pytest.raises(module.ProgressFileError, match=f"holds {len(progress)} answers"):
        read_progress_file(text, default_map)
