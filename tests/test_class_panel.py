"""The class glue without a browser: two dashboards in one process, a teacher and a student."""

from __future__ import annotations

import asyncio
from html import escape

import pytest
from tornado.ioloop import IOLoop

from reflexmap import load_chart
from reflexmap.classroom import new_code, new_key
from reflexmap.dashboard.class_panel import qr_svg, tally_html
from reflexmap.dashboard.layout import Dashboard
from reflexmap.dashboard.quiz_panel import MODES
from reflexmap.testing import zone_display_point


class _Context:
    """A live session's context, as the class's catch-up pump uses it."""

    destroyed = False

    async def with_locked_document(self, func):
        await func(None)


class _Doc:
    """A page's document whose next-tick callbacks run on the current loop."""

    session_context = _Context()

    def add_next_tick_callback(self, fn):
        IOLoop.current().add_callback(fn)


@pytest.fixture(scope="module")
def chart():
    return load_chart()


def teacher_and_student(chart):
    teacher = Dashboard(chart)
    code = new_code()
    teacher.classroom.open({"class": code, "teach": "1"})
    teacher.classroom.views.bridge.param.update(key=new_key(), origin="http://10.0.0.5:5006/")
    teacher.classroom.views.bridge.loaded = True
    student = Dashboard(chart)
    student.classroom.open({"class": code})
    return teacher, student, code


def test_a_student_follows_and_answers_and_the_teacher_counts(chart):
    teacher, student, code = teacher_and_student(chart)
    assert teacher.classroom.role == "teacher" and student.classroom.role == "student"
    assert teacher.classroom.views.copy.query == f"class={code}"
    assert teacher.classroom.views.bridge.key not in teacher.classroom.views.copy.query
    teacher.state.select("liver", "right")
    assert (student.state.zone, student.state.foot) == ("liver", "right")
    student.state.select("heart", "left")  # the student's own click
    assert teacher.state.zone == "liver"

    student.classroom.views.nickname.value = "<img src=x onerror=alert(1)>"
    teacher.classroom.ask()
    assert student.state.quizzing and student.state.zone == ""
    assert teacher.state.zone == "" and not teacher.state.show_labels  # the projector hides it too
    x, y = zone_display_point(chart, "liver", "right")
    student.map.taps.tap = [1, x, y]
    room = teacher.classroom.room
    assert room.tally().answered == 1 and room.tally().right == 1
    html = tally_html(room)
    assert "<img" not in html and "&lt;img src=x" in html
    assert list(teacher.classroom.views.dots.data["x"]) == [x]

    teacher.classroom.reveal()
    assert not student.state.quizzing and (student.state.zone, student.state.foot) == ("liver", "right")
    assert teacher.state.show_labels

    teacher.classroom.views.end_button.clicks += 1  # End class
    assert student.classroom.role == "" and "has ended" in student.classroom.views.status.object


def test_a_page_without_the_key_is_a_student(chart):
    teacher, _student, code = teacher_and_student(chart)
    other = Dashboard(chart)
    other.classroom.open({"class": code, "teach": "1"})
    other.classroom.views.bridge.param.update(key=new_key())
    other.classroom.views.bridge.loaded = True
    assert other.classroom.role == "student"
    other.state.select("kidney", "left")
    assert teacher.state.zone != "kidney"


def test_the_qr_code_is_svg_of_the_link():
    svg = qr_svg("http://10.0.0.5:5006/?class=ABCDEFGH")
    assert svg.startswith("<svg") and "viewBox" in svg and "<script" not in svg


def test_several_processes_on_one_port_refuse_to_start_a_class(chart):
    from reflexmap.dashboard.class_panel import one_process

    one_process(False)
    try:
        page = Dashboard(chart)
        page.classroom.teach()
        assert page.classroom.views.bridge.start == []  # no class made
        said = page.classroom.views.status.object
        assert "--num-procs" in said and "nginx" in said
    finally:
        one_process(True)


def test_a_class_question_and_a_students_own_round_each_end_only_their_own(chart):
    teacher, student, _code = teacher_and_student(chart)
    student.quiz._start()  # the student's own round, from the Quiz tab
    assert student.state.quizzing and student.quiz.round is not None
    teacher.state.select("liver", "right")
    teacher.classroom.ask()
    teacher.classroom.reveal()  # the class question closes: the student's round goes on
    assert student.state.quizzing and not student.state.labels_shown
    student.quiz._finish(stopped=True)
    assert not student.state.quizzing

    teacher.state.select("heart", "left")
    teacher.classroom.ask()
    student.quiz._start()
    student.quiz._finish(stopped=True)  # the round ends: the class question is still open
    assert student.state.quizzing and not student.state.labels_shown
    teacher.classroom.reveal()
    assert not student.state.quizzing and student.state.show_labels


def test_a_page_in_a_class_loads_no_chart_and_a_replaced_dashboard_leaves_its_class(chart):
    from .aio import run

    teacher, student, _code = teacher_and_student(chart)
    room = teacher.classroom.room
    for page in (teacher, student):  # a new chart would take the page out of the class unseen
        assert page.upload.picker.disabled and "in a class" in page.upload.held
        assert "in a class" in page.upload.status.object
    loner = Dashboard(chart)
    assert not loner.upload.picker.disabled and not loner.upload.held

    old = student.classroom
    run(student._replace_chart(chart))  # were it replaced all the same
    assert room.tally().students == 0 and old.role == ""
    teacher.state.select("kidney", "left")  # the old listener is gone: nothing reaches it
    assert old.state.zone != "kidney"

    teacher.classroom.registry.end(room.code, teacher.classroom.views.bridge.key)
    assert not teacher.upload.picker.disabled and not teacher.upload.held


def test_the_class_bar_is_left_out_of_a_printed_page(chart):
    from reflexmap.web.style import NO_PRINT

    for present in (False, True):
        page = Dashboard(chart)
        page.state.present = present
        holder = next(o for o in page.layout.objects if _holds(o, page.classroom.views.status))
        assert NO_PRINT in holder.css_classes


def _holds(layout, item) -> bool:
    return layout is item or any(_holds(child, item) for child in getattr(layout, "objects", ()))


@pytest.mark.parametrize("typed", ["lower", "ab cd-ef gh"])
def test_a_hand_typed_code_reopens_the_page_at_the_canonical_code_before_joining(chart, typed):
    teacher, _student, code = teacher_and_student(chart)
    typed = code.lower() if typed == "lower" else f"{code[:2]} {code[2:4]}-{code[4:6]} {code[6:]}".lower()
    page = Dashboard(chart)
    page.classroom.open({"class": typed})
    # behind nginx the page may sit on another server than the class: it must not join here
    assert page.classroom.views.bridge.canonical == code and page.classroom.role == ""
    assert teacher.classroom.room.tally().students == 1
    assert code in page.classroom.views.status.object


def test_a_followed_zone_goes_ahead_as_its_row_in_one_message_for_the_class(chart, monkeypatch):
    """Every following student's page is sent the zone's row in the same message (serialised once),
    and each student's full update covers it."""
    from reflexmap.dashboard import lead_outline
    from reflexmap.web.details_html import row_index

    sent = []
    monkeypatch.setattr(
        lead_outline, "send_to_pages", lambda docs, kind, data: sent.append((len(docs), kind, data))
    )
    teacher, student, code = teacher_and_student(chart)
    other = Dashboard(chart)
    other.classroom.open({"class": code})
    on_own = Dashboard(chart)
    on_own.classroom.open({"class": code})
    on_own.classroom.toggle_follow()  # exploring on their own: not sent the teacher's zone
    view = student.details._view
    teacher.state.select("liver", "right")
    [(pages, kind, (count, row))] = sent
    assert (pages, kind) == (2, lead_outline.CLASS_LEAD) and count >= 1
    assert row == row_index(chart)[("liver", "right")]
    assert 'data-zone="liver"' in view.rows[row]  # what the page draws from its own data
    # off a server the full update runs at once; its answer covers the lead
    assert view.shown["leads"] == count and 'data-zone="liver"' in view.shown["html"]
    assert other.details._view.shown["leads"] == count and on_own.state.zone == ""
    sent.clear()
    teacher.state.clear()
    [(pages, _kind, (later, row))] = sent
    assert (pages, row) == (2, -1) and later > count and view.shown["leads"] == later

    sent.clear()
    teacher.state.param.update(present=True, show_labels=False)  # names become a question
    teacher.state.select("heart", "left")
    assert sent == []  # no lead: the page would have shown what is withheld
    assert 'data-testid="details-hidden"' in view.shown["html"]


def test_a_students_map_outlines_each_zone_sent_ahead_and_settles_on_the_state(chart):
    from reflexmap.web.details_html import row_index
    from reflexmap.web.tap_js import hit_index

    teacher, student, _code = teacher_and_student(chart)
    classroom = student.classroom
    outline = classroom.outline
    assert outline in classroom.views.bar and outline.channel == student.map.channel
    assert teacher.classroom.outline is None  # a student's page draws it; a teacher's need not
    drawn = student.state.chart  # the view on show: the outline pairs its rows
    assert outline.pair == hit_index(drawn)["pair"] and not outline.present
    student.state.view = "medial"
    assert outline.pair == hit_index(student.state.chart)["pair"] != hit_index(drawn)["pair"]
    student.state.present = True
    assert outline.present

    # a catch-up after the teacher went on and came back: the page showed (and outlined) a zone
    # ahead whose state never came; the state's own zone goes ahead again
    view = student.details._view
    student.state.param.update(view="plantar", present=False)
    teacher.state.select("heart", "left")  # off a server the catch-up runs at once
    assert (student.state.zone, student.state.foot) == ("heart", "left") and classroom._led is None
    classroom._led = ("liver", "right")
    count = view.lead[0]
    classroom._catch_up()
    later, row = view.lead
    assert later > count and row == row_index(student.state.chart)["heart", "left"]
    assert view.shown["leads"] == later and classroom._led is None
    classroom._catch_up()  # nothing ahead since: nothing sent again
    assert view.lead[0] == later


def test_a_mistyped_code_is_answered_beside_the_box_it_was_typed_in(chart):
    page = Dashboard(chart)
    page._teaching_card.collapsed = False  # where the box is: built when opened
    page.classroom.code_input.value = "<b>nope</b>"
    page.classroom.join_typed()
    note = page.classroom.code_note.object
    assert 'data-testid="class-code-error"' in note and 'role="alert"' in note
    assert "letters and digits" in note and "<b>" not in note
    assert page.classroom.views.status.object == ""  # not at the page's top, out of a phone's sight
    code = new_code()
    page.classroom.code_input.value = code.lower()
    page.classroom.join_typed()
    note = page.classroom.code_note.object
    assert code in note and "class-code-error" not in note
    assert page.classroom.views.bridge.canonical == code


def test_the_class_news_goes_to_every_page_before_any_catch_up(monkeypatch):
    from reflexmap.dashboard import class_panel
    from reflexmap.dashboard.class_panel import CatchUp

    from .aio import run

    ran: list[str] = []

    class Closed(_Doc):  # a page that closed before its news ran: Bokeh drops the callback
        def add_next_tick_callback(self, fn):
            pass

    monkeypatch.setattr(class_panel, "NEWS_WAIT_S", 0.2)

    async def scenario():
        pump = CatchUp()
        pump.want(1, _Doc(), lambda: ran.append("catch-up 1"))  # waiting since the last click
        for n in range(3):
            pump.ahead(_Doc(), lambda n=n: ran.append(f"news {n}"))
        pump.want(2, _Doc(), lambda: ran.append("catch-up 2"))
        await asyncio.sleep(0.1)
        assert ran == ["news 0", "news 1", "news 2", "catch-up 1", "catch-up 2"]
        pump.ahead(Closed(), lambda: ran.append("never"))
        pump.want(3, _Doc(), lambda: ran.append("catch-up 3"))
        await asyncio.sleep(0.5)  # held no longer than NEWS_WAIT_S by news that never runs

    run(scenario())
    assert ran[-1] == "catch-up 3" and "never" not in ran


def test_catch_up_runs_each_session_once_oldest_first_with_its_newest_work():
    from reflexmap.dashboard.class_panel import CatchUp

    from .aio import run

    ran: list[str] = []

    class Gone:
        session_context = type("Closed", (), {"destroyed": True})()

    async def scenario():
        pump = CatchUp()
        pump.want(1, _Doc(), lambda: ran.append("a1"))
        pump.want(2, Gone(), lambda: ran.append("gone"))
        pump.want(3, _Doc(), lambda: ran.append("c"))
        pump.want(1, _Doc(), lambda: ran.append("a2"))  # newer work for a session still waiting
        pump.want(4, None, lambda: ran.append("off a server"))  # runs at once
        await asyncio.sleep(0.5)

    run(scenario())
    assert ran == ["off a server", "a2", "c"]


def test_one_tap_answers_the_class_question_and_not_the_students_own_round_too(chart):
    teacher, student, _code = teacher_and_student(chart)
    student.quiz.mode.value = next(k for k, v in MODES.items() if v == "find")
    student.quiz._start()
    own = student.quiz.round.question
    teacher.state.select(own.zone_id, own.foot)  # the class is asked the very zone of the round
    teacher.classroom.ask()
    assert "Your own quiz round waits" in student.classroom.views.status.object
    x, y = zone_display_point(chart, own.zone_id, own.foot)
    student.map.taps.tap = [1, x, y]
    assert teacher.classroom.room.tally().answered == 1
    assert not student.quiz.round.answered  # the round's question is still open
    teacher.classroom.reveal()
    name = chart.zone(own.zone_id, foot=own.foot).name
    said = student.classroom.views.status.object
    assert f"The answer: {escape(name)} ({own.foot} foot). You found it." in said
    student.map.taps.tap = [2, x, y]
    assert student.quiz.round.answered and teacher.classroom.room.tally().answered == 1


def test_a_lesson_too_long_to_share_is_said_and_the_class_still_follows_the_zone(chart):
    from reflexmap.classroom import STATE_TEXT_LENGTH
    from reflexmap.dashboard.errors import SORRY

    teacher, student, _code = teacher_and_student(chart)
    teacher.state.lesson = ",".join(f"zone{i}.left" for i in range(STATE_TEXT_LENGTH // 8))
    assert "too long to share" in teacher.state.message and teacher.state.message != SORRY
    teacher.state.select("kidney", "left")
    assert (student.state.zone, student.state.foot) == ("kidney", "left")
    assert student.state.lesson == ""
    assert "too long" not in teacher.state.message  # said once, not on every click
    teacher.state.lesson = "liver.right,heart.left"  # a shorter one is shared again
    assert student.state.lesson == "liver.right,heart.left"


@pytest.mark.parametrize(
    ("peer", "header", "counted"),
    [
        ("10.1.2.3", "", "10.1.2.3"),
        ("10.1.2.3", "6.6.6.6", "10.1.2.3"),
        ("127.0.0.1", "10.9.9.9", "10.9.9.9"),
    ],
)
def test_a_class_is_counted_against_the_pages_address_and_a_local_proxys_word_only(peer, header, counted):
    from types import SimpleNamespace

    from reflexmap.dashboard.class_panel import client_address

    headers = {"X-Real-IP": header} if header else {}
    request = SimpleNamespace(remote_ip=peer, headers=headers)
    doc = SimpleNamespace(session_context=SimpleNamespace(request=request))
    assert client_address(doc) == counted
    assert client_address(None) == ""
