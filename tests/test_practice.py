"""Self-practice logic: the screening before a routine, and "find my point" in words."""

from __future__ import annotations

import dataclasses
import re

import pytest

from reflexmap import content, load_chart, practice
from reflexmap.practice import (
    CHILD,
    PREGNANT,
    body_area_choices,
    evaluate,
    find_my_point,
    guide_lines,
    landmarks,
    screening_questions,
)


@pytest.fixture(scope="session")
def default_map(default_map):
    """The sole view of the default chart: the words for finding a point are written for the sole."""
    return default_map.for_view("plantar")


SAFETY = content.safety()
QUESTIONS = screening_questions(SAFETY)


def _all_no(questions=QUESTIONS) -> dict[str, bool]:
    """Every question answered "no" (the pregnancy follow-ups too, which are then ignored)."""
    return {q.question_id: False for q in questions}


def _by_item(group: str) -> dict[str, practice.Question]:
    return {q.item: q for q in QUESTIONS if q.group == group and q.question_id != PREGNANT}


# --- the questions --------------------------------------------------------------------------------


def test_every_contraindication_has_its_own_question():
    contraindications = [q for q in QUESTIONS if q.group == "contraindication"]
    assert [q.item for q in contraindications] == list(SAFETY.contraindications)
    assert all(q.depends_on is None for q in contraindications)


def test_every_pregnancy_restriction_is_asked_only_if_pregnant():
    gate = [q for q in QUESTIONS if q.question_id == PREGNANT]
    assert len(gate) == 1
    assert gate[0].text == "Are you pregnant?"
    assert gate[0].rules_out == SAFETY.pregnancy.never
    follow_ups = [q for q in QUESTIONS if q.depends_on == PREGNANT]
    assert [q.item for q in follow_ups] == list(SAFETY.pregnancy.restrictions)
    assert all(q.group == "pregnancy" for q in follow_ups)


def test_one_question_about_babies_and_children():
    children = [q for q in QUESTIONS if q.group == "children"]
    assert [q.question_id for q in children] == [CHILD]
    assert children[0].text == "Is the person you will massage a baby or child?"
    assert children[0].advice == SAFETY.children.summary


def test_questions_are_plain_yes_no_questions_with_unique_slug_ids():
    ids = [q.question_id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    asked = (*SAFETY.contraindications, *SAFETY.precautions, *SAFETY.pregnancy.restrictions)
    expected = len(asked) + 2  # and "Are you pregnant?" and the question about children
    assert len(QUESTIONS) == expected
    for q in QUESTIONS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.question_id), q.question_id
        assert q.group in practice.GROUPS
        assert q.text.endswith("?") and q.text[0].isupper(), q.text
        # The explanation after a colon ("massage can loosen a clot ...") is not part of the question.
        assert ":" not in q.text and len(q.text) < 100, q.text
        assert not re.search(r"[<>&]", q.text), q.text


def test_wording_of_a_few_questions():
    by_item = {q.item: q.text for q in QUESTIONS}
    assert by_item["tuberculosis"] == "Do you have tuberculosis?"
    assert by_item["fever"] == "Do you have a fever?"
    clot = next(i for i in SAFETY.contraindications if i.startswith("a blood clot"))
    assert by_item[clot] == "Do you have a blood clot or inflamed vein (thrombosis, thrombophlebitis)?"
    trimester = next(i for i in SAFETY.pregnancy.restrictions if "trimester" in i)
    assert by_item[trimester].startswith("Are you in the first trimester")


def test_curated_wordings_name_items_that_exist():
    """A reworded item must still be in safety.json, or its wording silently stops being used."""
    items = set(SAFETY.contraindications) | set(SAFETY.pregnancy.restrictions)
    assert set(practice._WORDING) <= items, sorted(set(practice._WORDING) - items)


def test_a_new_safety_item_gets_a_question_without_code_changes():
    extra = "a sudden, unexplained pain in the calf"
    safety = dataclasses.replace(SAFETY, contraindications=(*SAFETY.contraindications, extra))
    questions = screening_questions(safety)
    new = [q for q in questions if q.item == extra]
    assert len(new) == 1
    assert new[0].text == f"Do you have {extra}?"
    answers = _all_no(questions) | {new[0].question_id: True}
    assert evaluate(questions, answers).stop


# --- the verdict ----------------------------------------------------------------------------------


def test_all_no_lets_the_routine_start():
    verdict = evaluate(QUESTIONS, _all_no())
    assert not verdict.stop
    assert verdict.can_start
    assert verdict.reasons == () and verdict.ruled_out == () and verdict.unanswered == ()
    assert "doctor" not in verdict.message


@pytest.mark.parametrize("item", SAFETY.contraindications)
def test_yes_to_any_contraindication_stops_with_a_kind_message(item):
    question = _by_item("contraindication")[item]
    verdict = evaluate(QUESTIONS, _all_no() | {question.question_id: True})
    assert verdict.stop and not verdict.can_start
    assert verdict.reasons == (item.split(":")[0].strip(),)
    assert "see a doctor" in verdict.message
    assert "doctor" in verdict.title
    assert "not a diagnosis" in verdict.message
    assert verdict.unanswered == ()


def test_several_yes_answers_are_all_listed():
    ids = [q.question_id for q in QUESTIONS if q.group == "contraindication"][:3]
    verdict = evaluate(QUESTIONS, _all_no() | dict.fromkeys(ids, True))
    assert verdict.stop
    assert len(verdict.reasons) == 3


def test_pregnancy_alone_does_not_stop_but_rules_out_the_never_items():
    verdict = evaluate(QUESTIONS, _all_no() | {PREGNANT: True})
    assert not verdict.stop
    assert verdict.reasons == ()
    assert verdict.ruled_out == SAFETY.pregnancy.never
    assert "vibration techniques" in verdict.ruled_out
    assert "electric massagers" in verdict.ruled_out
    for item in SAFETY.pregnancy.never:
        assert item in verdict.message
    assert "midwife" in verdict.message


def test_pregnant_in_the_first_trimester_stops():
    trimester = next(q for q in QUESTIONS if "trimester" in q.item)
    verdict = evaluate(QUESTIONS, _all_no() | {PREGNANT: True, trimester.question_id: True})
    assert verdict.stop
    assert len(verdict.reasons) == 1 and "first trimester" in verdict.reasons[0]
    assert "doctor" in verdict.message
    # What is never done in pregnancy is still listed, for whatever the person does next.
    assert verdict.ruled_out == SAFETY.pregnancy.never


@pytest.mark.parametrize("item", SAFETY.pregnancy.restrictions)
def test_every_pregnancy_restriction_stops_when_pregnant(item):
    question = _by_item("pregnancy")[item]
    verdict = evaluate(QUESTIONS, _all_no() | {PREGNANT: True, question.question_id: True})
    assert verdict.stop
    assert verdict.reasons == (f"in pregnancy: {item}",)


def test_a_child_stops_and_points_to_a_paediatrician():
    verdict = evaluate(QUESTIONS, _all_no() | {CHILD: True})
    assert verdict.stop
    assert verdict.reasons == ("a baby or child",)
    assert "paediatrician" in verdict.message
    assert "paediatrician" in verdict.title
    assert "certified specialist" in verdict.message


def test_an_unanswered_question_blocks_the_routine():
    answers = _all_no()
    missing = next(q.question_id for q in QUESTIONS if q.group == "contraindication")
    del answers[missing]
    verdict = evaluate(QUESTIONS, answers)
    assert verdict.stop
    assert verdict.unanswered == (missing,)
    assert verdict.reasons == ()
    assert "answer every question" in verdict.message


def test_none_counts_as_unanswered():
    verdict = evaluate(QUESTIONS, _all_no() | {CHILD: None})
    assert verdict.stop
    assert verdict.unanswered == (CHILD,)


def test_nothing_answered_lists_the_required_questions_only():
    verdict = evaluate(QUESTIONS, {})
    assert verdict.stop
    required = [q.question_id for q in QUESTIONS if q.depends_on is None]
    assert list(verdict.unanswered) == required


def test_pregnancy_follow_ups_are_not_required_when_not_pregnant():
    answers = {q.question_id: False for q in QUESTIONS if q.depends_on is None}
    verdict = evaluate(QUESTIONS, answers)
    assert not verdict.stop
    assert verdict.unanswered == ()
    # ... and a stray "yes" to one of them is ignored.
    trimester = next(q for q in QUESTIONS if "trimester" in q.item)
    assert not evaluate(QUESTIONS, answers | {trimester.question_id: True}).stop


def test_pregnancy_follow_ups_are_required_once_pregnant():
    answers = {q.question_id: False for q in QUESTIONS if q.depends_on is None} | {PREGNANT: True}
    verdict = evaluate(QUESTIONS, answers)
    assert verdict.stop
    assert verdict.unanswered == tuple(q.question_id for q in QUESTIONS if q.depends_on == PREGNANT)


def test_a_yes_outranks_open_questions():
    verdict = evaluate(QUESTIONS, {"tuberculosis": True})
    assert verdict.stop
    assert verdict.reasons == ("tuberculosis",)
    assert "see a doctor" in verdict.message
    assert "tuberculosis" not in verdict.unanswered and len(verdict.unanswered) > 0


def test_bad_answers_are_refused():
    with pytest.raises(ValueError, match="no-such-question"):
        evaluate(QUESTIONS, _all_no() | {"no-such-question": True})
    with pytest.raises(TypeError, match="fever"):
        evaluate(QUESTIONS, _all_no() | {"fever": "yes"})


# --- landmarks ------------------------------------------------------------------------------------


def test_liver_is_in_the_arch_toward_the_little_toe_side_of_the_right_foot(default_map):
    words = landmarks(default_map, "liver", "right")
    assert words.startswith("On the right foot: ")
    assert "arch" in words and "just below the ball of the foot" in words
    assert "little-toe side" in words
    assert "big-toe side" not in words


def test_heart_is_on_the_ball_of_the_left_foot(default_map):
    words = landmarks(default_map, "heart", "left")
    assert words.startswith("On the left foot: ")
    assert "ball of the foot" in words and "arch" not in words


@pytest.mark.parametrize("foot", ["left", "right"])
def test_sciatic_nerve_is_on_the_heel(default_map, foot):
    words = landmarks(default_map, "sciatic-nerve", foot)
    assert words.startswith(f"On the {foot} foot: ")
    assert "heel" in words and "arch" not in words


def test_bladder_is_toward_the_big_toe_side(default_map):
    words = landmarks(default_map, "bladder", "left")
    assert "big-toe side (inner edge)" in words
    assert "little-toe side" not in words


def test_brain_is_on_the_big_toe(default_map):
    assert landmarks(default_map, "brain", "right") == "On the right foot: on the big toe."


def test_toe_zones_name_their_toes(default_map):
    assert "base of the big toe" in landmarks(default_map, "neck", "left")
    assert "second and third toes" in landmarks(default_map, "eyes", "left")
    assert "fourth and little toes" in landmarks(default_map, "ears", "left")


@pytest.mark.parametrize("foot", ["left", "right"])
def test_top_and_side_zones_are_told_from_their_own_view(foot):
    """The sole's words (arch, heel, "width of the sole") misplaced every top and side zone."""
    default_map = load_chart()
    top = landmarks(default_map, "groin-lymph", foot, "dorsal")
    assert top.startswith(f"On top of the {foot} foot: ") and "front of the ankle" in top
    assert "sole" not in top and "whole width of the foot" in top
    assert landmarks(default_map, "face", foot, "dorsal") == f"On top of the {foot} foot: on the big toe."
    inner = f"On the inner side of the {foot} foot: "
    # the issue's own placements: the uterus or prostate between the ankle bone and the heel
    # corner, the spine along the arch, the sciatic nerve behind the ankle
    assert landmarks(default_map, "uterus-prostate", foot, "medial") == (
        inner + "on the side of the heel, below and behind the ankle bone."
    )
    assert (
        landmarks(default_map, "lumbar-spine", foot, "medial")
        == inner + "along the edge of the sole, under the arch."
    )
    assert "behind the ankle bone" in landmarks(default_map, "sciatic-nerve", foot, "medial")
    assert "in front of the ankle bone" in landmarks(default_map, "bladder", foot, "medial")
    outer = landmarks(default_map, "ovary-testis", foot, "lateral")
    assert (
        outer
        == f"On the outer side of the {foot} foot: on the side of the heel, below and behind the ankle bone."
    )
    assert "little toe" in landmarks(default_map, "shoulder", foot, "lateral")
    # a chart of one view is told on its own view without naming it
    assert landmarks(default_map.for_view("medial"), "uterus-prostate", foot) == landmarks(
        default_map, "uterus-prostate", foot, "medial"
    )
    opening = {
        "dorsal": "On top of the",
        "medial": "On the inner side of the",
        "lateral": "On the outer side of the",
    }
    for view, start in opening.items():
        part = default_map.for_view(view)
        for zone_id in set(part.zones["zone_id"]):
            words = landmarks(default_map, zone_id, foot, view)
            assert words.startswith(f"{start} {foot} foot: ") and "width of the sole" not in words, words


def test_every_default_zone_gets_a_sentence(default_map):
    for row in default_map.zones.itertuples():
        words = landmarks(default_map, row.zone_id, row.foot)
        assert re.fullmatch(rf"On the {row.foot} foot: [a-z].*[a-z)]\.", words), words


def test_a_zone_not_on_that_foot_is_a_key_error(default_map):
    with pytest.raises(KeyError):
        landmarks(default_map, "liver", "left")


def test_default_guide_lines_are_read_from_the_chart(default_map):
    lines = guide_lines(default_map, "left")
    assert lines == pytest.approx(
        {"pelvic line": 65.0, "waist line": 118.0, "diaphragm line": 160.0, "shoulder line": 199.0}
    )


def _line(name: str, y: float, foot: str = "left") -> dict:
    return {
        "type": "Feature",
        "properties": {"kind": "guide_line", "name": name, "foot": foot, "view": "plantar"},
        "geometry": {"type": "LineString", "coordinates": [[0.0, y], [100.0, y]]},
    }


def test_a_chart_without_guide_lines_falls_back_to_fractions_of_the_foot(write_chart, make_zone):
    # On the reference sole (0..260 mm long, with separate toes), no guide lines.
    chart = load_chart(
        write_chart(
            [
                make_zone("arch-zone", box=(30.0, 90.0, 50.0, 105.0)),
                make_zone("heel-zone", box=(30.0, 15.0, 50.0, 30.0)),
                make_zone("toe-zone", box=(8.0, 220.0, 25.0, 240.0)),
                make_zone("ball-zone", box=(60.0, 170.0, 85.0, 185.0)),
            ]
        )
    )
    assert chart.overlays.empty
    _, bottom, _, top = chart.outline("left").bounds
    lines = guide_lines(chart, "left")
    assert lines["pelvic line"] == pytest.approx(bottom + 0.25 * (top - bottom))
    assert lines["shoulder line"] == pytest.approx(bottom + 0.77 * (top - bottom))
    assert landmarks(chart, "arch-zone", "left").startswith("On the left foot: in the lower arch")
    assert "heel" in landmarks(chart, "heel-zone", "left")
    assert landmarks(chart, "toe-zone", "left") == "On the left foot: on the big toe."
    ball = landmarks(chart, "ball-zone", "left")
    assert "ball of the foot" in ball and "little-toe side (outer edge)" in ball


def test_a_sole_without_toes_still_gets_sensible_words(write_chart, make_zone, make_outline):
    chart = load_chart(
        write_chart(
            [
                make_outline("left", (0.0, 0.0, 100.0, 250.0)),
                make_zone("tip", box=(5.0, 220.0, 30.0, 240.0)),
                make_zone("outer", box=(70.0, 120.0, 95.0, 140.0)),
            ]
        )
    )
    assert (
        landmarks(chart, "tip", "left")
        == "On the left foot: on the toes, toward the big-toe side (inner edge)."
    )
    outer = landmarks(chart, "outer", "left")
    assert "upper arch" in outer and "little-toe side (outer edge)" in outer


def test_guide_lines_decide_the_band(write_chart, make_zone, make_outline):
    """The same zone reads differently when the chart's guide lines move: nothing is hard-coded."""
    features = [make_outline("left", (0.0, 0.0, 100.0, 250.0)), make_zone("z", box=(40.0, 95.0, 60.0, 110.0))]
    without = load_chart(write_chart(features, name="without.geojson"))
    lines = [
        _line("pelvic line", 120.0),
        _line("waist line", 150.0),
        _line("diaphragm line", 170.0),
        _line("shoulder line", 200.0),
    ]
    with_lines = load_chart(write_chart(features + lines, name="with.geojson"))
    assert "lower arch" in landmarks(without, "z", "left")
    assert guide_lines(with_lines, "left")["pelvic line"] == pytest.approx(120.0)
    assert "heel" in landmarks(with_lines, "z", "left")
    # Lines out of order are ignored in favour of the fallback.
    muddled = load_chart(write_chart([*features, _line("pelvic line", 220.0)], name="muddled.geojson"))
    assert guide_lines(muddled, "left") == guide_lines(without, "left")


# --- find my point --------------------------------------------------------------------------------


def test_lower_back_finds_the_lumbar_spine_on_both_feet(default_map):
    advice = find_my_point(default_map, "lower back")
    lumbar = [a for a in advice if a.zone_id == "lumbar-spine"]
    assert [a.foot for a in lumbar] == ["left", "right"]
    assert advice[0].zone_id == "lumbar-spine"
    for a in lumbar:
        assert a.name == "Lumbar spine"
        assert a.landmarks == landmarks(default_map, "lumbar-spine", a.foot)
        assert a.landmarks.startswith(f"On the {a.foot} foot: ")
        technique = default_map.zone("lumbar-spine", a.foot).technique
        method, pressure, duration = technique.method, technique.pressure, technique.duration
        assert a.technique == f"{method.capitalize()}. Pressure: {pressure}. How long: {duration}."


def test_liver_is_found_on_the_right_foot_only(default_map):
    advice = find_my_point(default_map, "liver")
    assert [(a.zone_id, a.foot) for a in advice] == [("liver", "right")]
    assert "right foot" in advice[0].landmarks


def test_nothing_found_is_an_empty_list(default_map):
    assert find_my_point(default_map, "qwertyuiop") == []


def test_body_area_choices_are_sorted_unique_and_findable(default_map):
    choices = body_area_choices(default_map)
    assert choices == sorted(set(choices), key=str.casefold)
    expected = {area for areas in default_map.zones["body_areas"] for area in areas}
    assert set(choices) == expected
    assert {"lower back", "liver", "heart"} <= set(choices)
    for area in choices:
        assert not default_map.find(area).empty, area
