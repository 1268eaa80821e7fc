"""The class registry without a browser: codes, the teacher key, follow state, answers, limits."""

from __future__ import annotations

import math

import pytest

from reflexmap.classroom import (
    ALPHABET,
    CODE_LENGTH,
    ClassError,
    Registry,
    clean_nickname,
    followed_state,
    new_code,
    new_key,
    normal_code,
)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Inbox:
    """A listener that records what it was told."""

    def __init__(self):
        self.news: list[str] = []

    def __call__(self, kind, room):
        self.news.append(kind)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def registry(clock):
    return Registry(idle_minutes=10, size=3, clock=clock)


def start(registry):
    code, key = new_code(), new_key()
    teacher = Inbox()
    room, _member = registry.claim(code, key, teacher)
    return room, key, teacher


def test_codes_are_long_random_and_typo_tolerant():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert len(ALPHABET) ** CODE_LENGTH > 10**11
    code = next(iter(codes))
    assert normal_code(f" {code[:4].lower()}-{code[4:]} ") == code
    for bad in ("", "ABC", "O0O0O0O0", "ABCDEFG!", None, 12345678, "A" * 41):
        assert normal_code(bad) is None


def test_the_key_drives_the_class_and_a_wrong_key_is_a_student(registry):
    room, key, _teacher = start(registry)
    assert registry.claim(room.code, new_key(), Inbox()) is None  # someone else's key: a student
    assert registry.claim(room.code, "short", Inbox()) is None
    again = registry.claim(room.code, key, Inbox())  # a reload, a second screen
    assert again is not None and again[0] is room
    with pytest.raises(ClassError):
        registry.publish(room.code, new_key(), {"zone": "liver"})
    with pytest.raises(ClassError):
        registry.end(room.code, "")
    assert room.code in registry.classes


def test_students_follow_and_a_late_joiner_gets_the_state(registry):
    room, key, _teacher = start(registry)
    early = Inbox()
    registry.join(room.code, early)
    registry.publish(room.code, key, {"zone": "liver", "foot": "right", "show_labels": False})
    assert early.news == ["state"]
    late_room, _ = registry.join(room.code.lower(), Inbox())
    assert late_room.state == {"zone": "liver", "foot": "right", "show_labels": False}


@pytest.mark.parametrize(
    "bad",
    [
        "liver",
        {"zone": 3},
        {"zone": "x" * 5000},
        {"password": "x"},
        {"revealed": [1, 2]},
        {"show_labels": "yes"},
        {"lesson_index": True},
    ],
)
def test_malformed_state_is_refused_and_changes_nothing(registry, bad):
    room, key, _ = start(registry)
    registry.publish(room.code, key, {"zone": "heart", "foot": "left"})
    student = Inbox()
    registry.join(room.code, student)
    with pytest.raises(ValueError):
        registry.publish(room.code, key, bad)
    assert room.state == {"zone": "heart", "foot": "left"} and student.news == []
    with pytest.raises(ValueError):
        followed_state(bad)


def test_answers_are_counted_once_and_malformed_ones_refused(registry):
    room, key, _teacher = start(registry)
    members = [registry.join(room.code, Inbox())[1] for _ in range(3)]
    registry.ask(room.code, key, "liver", "right", "Liver")
    assert registry.answer(room.code, members[0], ["liver"], "right", 10.0, 20.0)
    assert not registry.answer(room.code, members[0], ["heart"], "left", 1.0, 1.0)  # the first counts
    assert registry.answer(room.code, members[1], ["liver"], "left", 11.0, 21.0, "<b>Ann</b>\x00")
    for bad in (("liver", "right", 1, 2), (["liver"], "right", math.nan, 2), ([3], "right", 1, 2)):
        assert not registry.answer(room.code, members[2], *bad)
    assert not registry.answer(room.code, 999, ["liver"], "right", 1, 1)  # not a member
    tally = room.tally()
    assert (tally.students, tally.answered, tally.right) == (3, 2, 1)
    assert tally.share_right == 0.5
    assert [a.nickname for a in tally.dots] == ["", "<b>Ann</b>"]  # cleaned, still escaped when shown
    registry.reveal(room.code, key)
    assert room.question.revealed and room.state["zone"] == "liver"
    assert not registry.answer(room.code, members[2], ["liver"], "right", 1, 1)  # too late
    registry.ask(room.code, key, "heart", "left", "Heart")
    assert room.tally().answered == 0 and room.question.number == 2
    with pytest.raises(ClassError):
        registry.ask(room.code, key, "<script>", "left", "x")


def test_a_full_class_says_so_and_a_leaver_frees_a_place(registry):
    room, _key, _ = start(registry)
    members = [registry.join(room.code, Inbox())[1] for _ in range(3)]
    with pytest.raises(ClassError, match="full"):
        registry.join(room.code, Inbox())
    registry.leave(room.code, members[0])
    registry.join(room.code, Inbox())


def test_unknown_malformed_ended_and_idle_codes_each_get_a_clear_message(registry, clock):
    with pytest.raises(ClassError, match="no class"):
        registry.join(new_code(), Inbox())
    with pytest.raises(ClassError, match="letters and digits"):
        registry.join("<img src=x>", Inbox())
    room, key, teacher = start(registry)
    student = Inbox()
    registry.join(room.code, student)
    registry.end(room.code, key)
    assert student.news[-1] == teacher.news[-1] == "ended"
    with pytest.raises(ClassError, match="teacher ended it"):
        registry.join(room.code, Inbox())
    with pytest.raises(ClassError, match="ended"):  # an ended class is not opened again by its key
        registry.claim(room.code, key, Inbox())

    idle, idle_key, _ = start(registry)
    clock.now += 9 * 60
    registry.publish(idle.code, idle_key, {"zone": "liver"})  # the teacher's click keeps it alive
    clock.now += 9 * 60
    assert registry.expire() == []
    assert registry.seconds_left(idle.code) == pytest.approx(60)
    clock.now += 61
    assert registry.expire() == [idle.code]
    with pytest.raises(ClassError, match="10 minutes"):
        registry.join(idle.code, Inbox())


def test_a_failing_listener_does_not_keep_the_news_from_the_others(registry):
    room, key, _ = start(registry)

    def broken(kind, room):
        raise RuntimeError("page gone")

    registry.join(room.code, broken)
    fine = Inbox()
    registry.join(room.code, fine)
    registry.publish(room.code, key, {"zone": "liver"})
    assert fine.news == ["state"]


def test_nicknames_are_plain_short_text():
    assert clean_nickname("  Ann\u202e\n  B ") == "Ann B"
    assert clean_nickname("x" * 100) == "x" * 24
    assert clean_nickname(None) == ""


def test_one_process_holds_a_bounded_number_of_classes(registry, monkeypatch):
    monkeypatch.setattr("reflexmap.classroom.MAX_CLASSES", 3)
    for _ in range(3):
        start(registry)
    with pytest.raises(ClassError, match="as many classes"):
        start(registry)


def test_one_address_opens_only_so_many_classes_and_a_class_left_by_every_page_ends_early(clock):
    registry = Registry(idle_minutes=45, per_client=2, abandoned_minutes=5, clock=clock)
    rooms = [registry.claim(new_code(), new_key(), Inbox(), client="10.0.0.9") for _ in range(2)]
    with pytest.raises(ClassError, match="already has 2 classes open"):
        registry.claim(new_code(), new_key(), Inbox(), client="10.0.0.9")
    assert registry.claim(new_code(), new_key(), Inbox(), client="10.0.0.7") is not None  # another

    (left, teacher_id), (kept, _) = rooms
    student = Inbox()
    _room, student_id = registry.join(kept.code, student)
    registry.leave(left.code, teacher_id)  # the teacher's page closed, no student ever came
    registry.leave(kept.code, student_id)  # kept: its teacher's page is still open
    clock.now += 4 * 60
    assert registry.expire() == []
    rejoined = registry.claim(left.code, left.key, Inbox(), client="10.0.0.9")  # a reload in time
    assert rejoined is not None and rejoined[0] is left
    registry.leave(left.code, rejoined[1])
    clock.now += 5 * 60 + 1
    assert registry.expire() == [left.code]
    with pytest.raises(ClassError, match="no page had it open for 5 minutes"):
        registry.join(left.code, Inbox())
    # the address may open a new class again
    assert registry.claim(new_code(), new_key(), Inbox(), client="10.0.0.9") is not None
