"""The quiz logic: Leitner progress and its JSON, item pools, picking, questions and rounds.

Click points come from the chart's geometry (``Chart.inner_point``), never hard-coded, and
every random choice goes through a seeded ``random.Random``, so each test is deterministic.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from itertools import pairwise

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflexmap.quiz import (
    MAX_BOX,
    MAX_COUNT,
    MAX_ITEMS,
    MAX_JSON_CHARS,
    MIN_BOX,
    FindIt,
    Groups,
    HowToWork,
    ItemRecord,
    ItemStats,
    NameIt,
    Progress,
    Round,
    WhichFoot,
    box_counts,
    check_find,
    find_it,
    groups,
    how_to_work,
    is_card_key,
    is_item_key,
    item_key,
    name_it,
    pick_next,
    pool,
    progress_text,
    split_key,
    technique_text,
    weight,
    which_foot,
    zone_phrase,
)


@pytest.fixture(scope="session")
def default_map(default_map):
    """The sole view of the default chart: the zones a round asks about, the ones the map can show."""
    return default_map.for_view("plantar")


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OTHER_FOOT = {"left": "right", "right": "left"}


# --- helpers -------------------------------------------------------------------------------------


def click_uv(chart, zone_id: str, foot: str) -> tuple[float, float]:
    """Normalized (u, v) of a point where a click on ``foot`` selects the zone."""
    point = chart.inner_point(zone_id, foot)
    u, v = chart.to_normalized(foot, point.x, point.y)
    return float(u), float(v)


def respond(rnd: Round, chart, correct: bool):
    """A scripted student: answers the current question right or wrong, as told."""
    q = rnd.question
    if isinstance(q, FindIt):
        u, v = click_uv(chart, q.zone_id, q.foot)
        foot = q.foot if correct else OTHER_FOOT[q.foot]  # wrong: the same spot on the other foot
        return rnd.answer(clicked=chart.locate(foot, u, v), foot=foot)
    choice = q.answer if correct else next(c for c in q.choices if c != q.answer)
    return rnd.answer(choice=choice)


def play(rnd: Round, chart, script) -> list[str]:
    """Plays a whole round; ``script(i, card)`` says whether question i is answered right.

    Returns the cards asked (a Find-it card is the item key itself)."""
    asked = []
    while True:
        key, card = rnd.question.key, rnd.question.card
        feedback = respond(rnd, chart, script(len(asked), card))
        assert feedback.correct == script(len(asked), card)
        assert feedback.correct_key == key
        asked.append(card)
        if rnd.next() is None:
            return asked


def stats_are_clean(progress: Progress) -> None:
    assert len(progress) <= MAX_ITEMS
    for key, s in progress.items.items():
        assert is_card_key(key)
        assert all(type(n) is int for n in (s.box, s.seen, s.right))
        assert MIN_BOX <= s.box <= MAX_BOX
        assert 0 <= s.right <= s.seen <= MAX_COUNT


# --- keys and progress ---------------------------------------------------------------------------


def test_item_keys_round_trip_and_malformed_keys_are_refused():
    assert item_key("liver", "right") == "liver|right"
    assert split_key("sacrum-coccyx|left") == ("sacrum-coccyx", "left")
    for bad in ("liver", "liver|middle", "Liver|right", "liver|right\n", "liver||right", "|left", 5):
        assert not is_item_key(bad)
        with pytest.raises(ValueError):
            split_key(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        item_key("liver", "both")


def test_leitner_right_moves_up_one_box_up_to_five_and_wrong_goes_back_to_one():
    progress = Progress()
    assert progress.box("liver|right") == MIN_BOX == 1  # unseen
    boxes = [progress.record("liver|right", True).box for _ in range(6)]
    assert boxes == [2, 3, 4, 5, 5, 5]
    assert progress.record("liver|right", False) == ItemStats(box=1, seen=7, right=6)
    assert progress.record("liver|right", True).box == 2
    assert progress.box("liver|left") == 1  # the other foot is another item
    with pytest.raises(ValueError):
        progress.record("not a key", True)


def test_reset_forgets_everything():
    progress = Progress()
    progress.record("liver|right", True)
    progress.record("heart|left", False)
    progress.reset()
    assert len(progress) == 0
    assert progress.stats("liver|right") == ItemStats()
    assert json.loads(progress.to_json()) == {"version": 2, "items": {}}


def test_progress_json_round_trip():
    rng = random.Random(5)
    progress = Progress()
    keys = [f"zone-{i}|{rng.choice(['left', 'right'])}" for i in range(40)]
    for _ in range(400):
        progress.record(rng.choice(keys), rng.random() < 0.6)
    text = progress.to_json()
    assert text.isascii()
    assert json.loads(text)["version"] == 2
    again = Progress.from_json(text)
    assert again == progress
    assert list(again.items) == list(progress.items)  # recency order survives too
    assert Progress.from_json(text.encode()) == progress  # bytes work as well


@pytest.mark.parametrize(
    "text",
    [
        "",
        "null",
        "[]",
        '"text"',
        "{}",
        "{not json",
        '{"items": {"liver|right": {"box": 3}}}',  # no version
        '{"version": 3, "items": {"liver|right": {"box": 3}}}',  # unknown version
        '{"version": true, "items": {"liver|right": {"box": 3}}}',
        '{"version": "1", "items": {"liver|right": {"box": 3}}}',
        '{"version": 1.0, "items": {"liver|right": {"box": 3}}}',
        '{"version": 1, "items": [["liver|right", 3]]}',
        '{"version": 1, "items": {"liver|right": {"box": ' + "9" * 5000 + "}}}",  # int too long to parse
        "[" * 50_000 + "]" * 50_000,  # too deep to parse
        '{"version": 1, "items": {"liver|right": {"box": 3}}, "pad": "' + "x" * MAX_JSON_CHARS + '"}',
        b"\xff\xfe not utf-8",
        None,
        42,
        {"version": 1, "items": {}},  # not text
    ],
)
def test_unusable_stored_text_gives_empty_progress(text):
    assert len(Progress.from_json(text)) == 0


def test_from_json_clamps_numbers_and_skips_bad_entries():
    stored = (
        '{"version": 2, "items": {'
        '"a|left": {"box": 99, "seen": 3, "right": 2},'
        '"b|left": {"box": -3, "seen": -5, "right": 7},'
        '"c|left": {"box": 2.9, "seen": 1e300, "right": 1e300},'
        '"d|left": {"box": NaN, "seen": Infinity, "right": -Infinity},'
        '"e|left": {"box": "3", "seen": true, "right": null},'
        '"f|left": {},'
        '"g|left": [3, 4, 5],'
        '"Bad|left": {"box": 3}, "h|middle": {"box": 3}, "": {"box": 3}'
        "}}"
    )
    progress = Progress.from_json(stored)
    assert progress.items == {
        "a|left": ItemStats(box=5, seen=3, right=2),
        "b|left": ItemStats(box=1, seen=0, right=0),
        "c|left": ItemStats(box=2, seen=MAX_COUNT, right=MAX_COUNT),
        "d|left": ItemStats(box=1, seen=0, right=0),
        "e|left": ItemStats(box=1, seen=0, right=0),
        "f|left": ItemStats(box=1, seen=0, right=0),
    }


def test_from_json_keeps_only_the_first_max_items():
    items = {f"z{i}|left": {"box": 2, "seen": 1, "right": 1} for i in range(MAX_ITEMS + 500)}
    text = json.dumps({"version": 2, "items": items})
    assert len(text) <= MAX_JSON_CHARS
    progress = Progress.from_json(text)
    assert list(progress.items) == list(items)[:MAX_ITEMS]


def test_a_full_progress_forgets_the_most_mastered_item_recorded_longest_ago():
    items = {f"z{i}|left": ItemStats(box=2) for i in range(MAX_ITEMS)}
    items["z10|left"] = ItemStats(box=5)
    items["z20|left"] = ItemStats(box=5)
    progress = Progress(items)
    progress.record("new|right", False)
    assert len(progress) == MAX_ITEMS
    assert "z10|left" not in progress.items
    assert progress.box("z20|left") == 5
    assert progress.box("new|right") == 1


def test_to_json_always_fits_the_cap_and_drops_mastered_items_first():
    # Short keys and the largest counts: everything fits, nothing is lost.
    full = Progress({f"zone-{i:04d}|right": ItemStats(5, MAX_COUNT, MAX_COUNT) for i in range(MAX_ITEMS)})
    assert len(full.to_json()) <= MAX_JSON_CHARS
    assert Progress.from_json(full.to_json()) == full
    # Absurdly long zone ids cannot all fit: the stored form keeps the weakest items.
    long_ids = {f"{'x' * 300}-{i}|left": ItemStats(box=1 + i % 5) for i in range(MAX_ITEMS)}
    progress = Progress(long_ids)
    text = progress.to_json()
    assert len(text) <= MAX_JSON_CHARS
    kept = Progress.from_json(text)
    assert 0 < len(kept) < len(progress)
    assert all(progress.items[k] == s for k, s in kept.items.items())
    assert all(k in kept.items for k, s in progress.items.items() if s.box == 1)
    assert all(s.box < 5 for s in kept.items.values())


@PROPERTY
@given(st.text(max_size=300))
def test_from_json_never_raises_on_any_text(text):
    progress = Progress.from_json(text)
    stats_are_clean(progress)
    assert Progress.from_json(progress.to_json()) == progress


JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=30,
)
KEYS = st.sampled_from(
    ["liver|right", "heart|left", "kidney|left", "Liver|right", "liver", "x|up"]
) | st.text(max_size=15)
STATS = st.dictionaries(
    st.sampled_from(["box", "seen", "right", "other"]),
    JSON_LEAVES | st.lists(JSON_LEAVES, max_size=3),
    max_size=4,
)


@PROPERTY
@given(JSON_VALUES)
def test_from_json_never_raises_on_any_json_value(value):
    stats_are_clean(Progress.from_json(json.dumps(value)))


@PROPERTY
@given(st.dictionaries(KEYS, STATS | JSON_LEAVES, max_size=8))
def test_from_json_cleans_progress_shaped_json(items):
    progress = Progress.from_json(json.dumps({"version": 2, "items": items}))
    stats_are_clean(progress)
    assert set(progress.items) == {k for k, v in items.items() if is_card_key(k) and isinstance(v, dict)}
    assert Progress.from_json(progress.to_json()) == progress


# --- pools and picking ---------------------------------------------------------------------------


def test_pool_without_filters_is_every_zone_on_every_foot(default_map):
    keys = pool(default_map)
    zones = default_map.zones
    assert len(keys) == len(set(keys)) == len(zones) == 60
    assert set(keys) == {item_key(z, f) for z, f in zip(zones["zone_id"], zones["foot"], strict=True)}
    assert "liver|right" in keys and "liver|left" not in keys
    assert {"kidney|left", "kidney|right"} <= set(keys)


@pytest.mark.parametrize("system", ["digestive", "nervous", "cardiovascular"])
def test_pool_by_system(default_map, system):
    keys = pool(default_map, system=system)
    zones = default_map.zones
    expected = zones[zones["system"] == system]
    assert len(keys) == len(expected) > 0
    assert all(default_map.zone(*split_key(k)).system == system for k in keys)


def test_pool_by_foot_and_by_foot_and_system(default_map):
    right = pool(default_map, foot="right")
    assert len(right) == 30
    assert all(split_key(k)[1] == "right" for k in right)
    assert "liver|right" in right and "heart|left" not in right
    assert pool(default_map, system="cardiovascular", foot="right") == []  # the heart is on the left
    assert pool(default_map, system="cardiovascular", foot="left") == ["heart|left"]


def test_pool_by_routine_takes_the_zones_of_all_its_steps(default_map):
    toes = pool(default_map, routine_id="anti-stress-toes")
    assert {split_key(k)[0] for k in toes} == {"ears", "sinuses", "eyes", "neck", "brain"}
    assert len(toes) == 10  # each on both feet
    valgus = pool(default_map, routine_id="valgus")
    assert "ascending-colon|right" in valgus and "descending-colon|left" in valgus
    assert "pituitary|left" in valgus  # through the step's "toes" region
    assert "liver|right" not in valgus
    assert pool(default_map, routine_id="valgus", foot="left", system="digestive") == [
        "descending-colon|left"
    ]
    with pytest.raises(KeyError):
        pool(default_map, routine_id="no-such-routine")
    with pytest.raises(ValueError):
        pool(default_map, system="astral")
    with pytest.raises(ValueError):
        pool(default_map, foot="both")


def test_weighting_really_prefers_low_boxes():
    progress = Progress({f"box{b}|left": ItemStats(box=b) for b in range(1, 6)})
    keys = list(progress.items)
    rng = random.Random(2024)
    counts = Counter(pick_next(keys, progress, rng) for _ in range(2000))
    freq = [counts[f"box{b}|left"] / 2000 for b in range(1, 6)]
    assert freq == sorted(freq, reverse=True) and len(set(freq)) == 5
    for b, f in enumerate(freq, start=1):  # expected 16:8:4:2:1 out of 31
        assert f == pytest.approx(weight(b) / 31, abs=0.04)
    assert [weight(b) for b in range(1, 6)] == [16, 8, 4, 2, 1]


def test_never_the_same_item_twice_in_a_row():
    progress = Progress({"a|left": ItemStats(box=1), "b|left": ItemStats(box=5), "c|left": ItemStats(box=5)})
    rng = random.Random(7)
    last = None
    picks = []
    for _ in range(500):
        last = pick_next(list(progress.items), progress, rng, avoid=() if last is None else (last,))
        picks.append(last)
    assert all(a != b for a, b in pairwise(picks))
    assert Counter(picks)["a|left"] > 200  # and the weak item still comes back every other time
    assert pick_next(["a|left"], progress, rng, avoid=("a|left",)) == "a|left"  # nothing else to ask
    with pytest.raises(ValueError):
        pick_next([], progress, rng)


def test_box_counts(default_map):
    progress = Progress({"liver|right": ItemStats(box=3), "heart|left": ItemStats(box=5)})
    assert box_counts(pool(default_map), progress) == {1: 58, 2: 0, 3: 1, 4: 0, 5: 1}


# --- questions -----------------------------------------------------------------------------------


def test_zone_phrase_reads_well():
    assert zone_phrase("Liver") == "the liver"
    assert zone_phrase("Eyes") == "the eyes"
    assert zone_phrase("Neck and throat") == "the neck and throat"
    assert zone_phrase("TMJ area") == "the TMJ area"
    assert zone_phrase("The spine") == "the spine"
    assert zone_phrase("  ") == "this zone"


def test_find_it_prompt_names_the_zone_and_the_foot(default_map):
    assert (
        find_it(default_map, "liver|right").prompt
        == "Where is the reflex zone for the liver on the right foot?"
    )
    assert find_it(default_map, "kidney|left").prompt.endswith("the kidney on the left foot?")
    with pytest.raises(KeyError):
        find_it(default_map, "liver|left")


def test_laterality_the_right_spot_on_the_wrong_foot_is_wrong(default_map):
    question = find_it(default_map, "liver|right")
    u, v = click_uv(default_map, "liver", "right")
    on_right = default_map.locate("right", u, v)
    on_left = default_map.locate("left", u, v)
    assert "liver" in on_right
    assert check_find(question, on_right, "right")
    assert not check_find(question, on_left, "left")
    # A paired zone: the kidney is under the same spot on both feet, and the foot still counts.
    kidney = find_it(default_map, "kidney|left")
    u, v = click_uv(default_map, "kidney", "left")
    on_right = default_map.locate("right", u, v)
    assert "kidney" in on_right
    assert not check_find(kidney, on_right, "right")
    assert check_find(kidney, default_map.locate("left", u, v), "left")
    assert not check_find(kidney, [], "left")


def test_a_click_on_a_small_zone_drawn_over_the_asked_zone_counts(default_map):
    u, v = click_uv(default_map, "pituitary", "left")
    hits = default_map.locate("left", u, v)
    assert hits[0] == "pituitary" and "brain" in hits
    assert check_find(find_it(default_map, "brain|left"), hits, "left")
    assert not check_find(
        find_it(default_map, "pituitary|left"),
        default_map.locate("left", *click_uv(default_map, "brain", "left")),
        "left",
    )


def _same_foot_names_by_distance(chart, key):
    zone_id, foot = split_key(key)
    target = chart.zone(zone_id, foot)
    rows = chart.zones[(chart.zones["foot"] == foot) & (chart.zones["zone_id"] != zone_id)]
    dist = shapely.distance(shapely.centroid(rows["geometry"].to_numpy()), target.geometry.centroid)
    ordered = rows.assign(d=dist).sort_values(["d", "name"])
    same_system = list(dict.fromkeys(ordered[ordered["system"] == target.system]["name"]))
    return list(dict.fromkeys(ordered["name"])), same_system


def test_name_it_distractors_are_distinct_plausible_and_never_the_answer(default_map):
    positions = set()
    rng = random.Random(0)
    for key in pool(default_map):
        nearest, same_system = _same_foot_names_by_distance(default_map, key)
        for _ in range(2):
            q = name_it(default_map, key, rng)
            assert q.answer == default_map.zone(*split_key(key)).name
            assert len(q.choices) == 4
            assert len({c.casefold() for c in q.choices}) == 4
            assert q.choices.count(q.answer) == 1
            distractors = [c for c in q.choices if c != q.answer]
            assert all(d in same_system or d in nearest[:6] for d in distractors), (key, q.choices)
            # The hardest distractor is always there: the nearest of the same system, else the nearest.
            assert (same_system or nearest)[0] in distractors, (key, q.choices)
            assert q.prompt.endswith(f"on the {split_key(key)[1]} foot?")
            positions.add(q.choices.index(q.answer))
    assert positions == {0, 1, 2, 3}  # shuffled


def test_name_it_on_a_tiny_chart_offers_fewer_choices(write_chart, make_zone):
    from reflexmap import load_chart

    chart = load_chart(
        write_chart(
            [
                make_zone("zone-a", box=(30, 100, 50, 120)),
                make_zone("zone-b", box=(30, 130, 50, 150)),
                make_zone("zone-c", foot="right", box=(30, 100, 50, 120)),
            ]
        )
    )
    q = name_it(chart, "zone-a|left", random.Random(0))
    assert sorted(q.choices) == ["Zone a", "Zone b", "Zone c"]  # the other foot fills in
    lone = load_chart(write_chart([make_zone("zone-a")]))
    assert name_it(lone, "zone-a|left", random.Random(0)).choices == ("Zone a",)


# --- rounds --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["find", "name", "mixed"])
def test_a_round_always_right(default_map, mode):
    progress = Progress()
    rnd = Round(default_map, pool(default_map), progress, length=10, mode=mode, rng=random.Random(1))
    asked = play(rnd, default_map, lambda i, key: True)
    assert len(asked) == 10 and rnd.done
    assert all(a != b for a, b in pairwise(asked))
    assert rnd.score == (10, 10)
    assert rnd.missed() == []
    assert rnd.record == {k: ItemRecord(right=n, wrong=0) for k, n in Counter(asked).items()}
    assert list(rnd.record) == list(dict.fromkeys(asked))
    assert all(progress.box(k) == 1 + n for k, n in Counter(asked).items())
    assert rnd.summary() == "You got 10 of 10 right. No zone missed."


def test_a_mixed_round_asks_every_kind(default_map):
    rnd = Round(default_map, pool(default_map), Progress(), length=20, mode="mixed", rng=random.Random(4))
    kinds = []
    while True:
        kinds.append(type(rnd.question))
        respond(rnd, default_map, True)
        if rnd.next() is None:
            break
    assert set(kinds) == {FindIt, NameIt, WhichFoot, HowToWork}


@pytest.mark.parametrize("mode", ["find", "name"])
def test_a_round_always_wrong(default_map, mode):
    progress = Progress()
    rnd = Round(default_map, pool(default_map), progress, length=10, mode=mode, rng=random.Random(2))
    asked = play(rnd, default_map, lambda i, key: False)
    assert rnd.score == (0, 10)
    counts = Counter(asked)
    assert rnd.record == {k: ItemRecord(right=0, wrong=n) for k, n in counts.items()}
    missed = rnd.missed()
    assert [m.key for m in missed] == sorted(counts, key=lambda k: (-counts[k], asked.index(k)))
    for m in missed:
        assert (m.zone_id, m.foot) == split_key(m.key.removeprefix("name:"))
        assert m.name == default_map.zone(m.zone_id, m.foot).name
        assert m.wrong == counts[m.key] and m.right == 0
        assert f"{m.name} ({m.foot} foot)" in rnd.summary()
        assert progress.stats(m.key) == ItemStats(box=1, seen=counts[m.key], right=0)
    assert rnd.summary().startswith("You got 0 of 10 right. Zones to practise: ")


def test_a_round_alternating_right_and_wrong(default_map):
    rnd = Round(default_map, pool(default_map), Progress(), length=10, mode="mixed", rng=random.Random(3))
    asked = play(rnd, default_map, lambda i, key: i % 2 == 0)
    assert rnd.score == (5, 10)
    right = Counter(k for i, k in enumerate(asked) if i % 2 == 0)
    wrong = Counter(k for i, k in enumerate(asked) if i % 2 == 1)
    assert rnd.record == {k: ItemRecord(right[k], wrong[k]) for k in dict.fromkeys(asked)}
    assert {m.key for m in rnd.missed()} == set(wrong)


def test_wrong_answers_get_feedback_naming_the_right_zone(default_map):
    rnd = Round(default_map, ["liver|right", "stomach|right"], Progress(), mode="find", rng=random.Random(0))
    key = rnd.question.key
    name = zone_phrase(default_map.zone(*split_key(key)).name)
    u, v = click_uv(default_map, *split_key(key))
    feedback = rnd.answer(clicked=default_map.locate("left", u, v), foot="left")
    assert not feedback.correct and feedback.correct_key == key
    assert name in feedback.message and "right foot" in feedback.message
    rnd.next()
    other = rnd.question
    feedback = rnd.answer(clicked=[], foot=other.foot)
    assert "outside every zone" in feedback.message
    # The liver exists only on the right foot, and the message says so.
    liver = Round(default_map, ["liver|right"], Progress(), mode="find", rng=random.Random(0))
    feedback = liver.answer(clicked=["stomach"], foot="left")
    assert "only on the right foot" in feedback.message
    named = Round(default_map, ["liver|right"], Progress(), mode="name", rng=random.Random(0))
    wrong = next(c for c in named.question.choices if c != "Liver")
    feedback = named.answer(choice=wrong)
    assert feedback.message == f"Not quite: this is the reflex zone for the liver, not {zone_phrase(wrong)}."


def test_round_rules(default_map):
    keys = ["liver|right", "heart|left"]
    progress = Progress()
    rnd = Round(default_map, keys, progress, length=2, mode="find", rng=random.Random(0))
    with pytest.raises(RuntimeError):
        rnd.next()  # not answered yet
    with pytest.raises(ValueError):
        rnd.answer(clicked=["liver"])  # which foot?
    first = respond(rnd, default_map, True)
    assert rnd.answer(clicked=[], foot="left") == first  # a double click counts once
    assert rnd.score == (1, 1) and progress.stats(rnd.question.key).seen == 1
    respond_next = rnd.next()
    assert respond_next is rnd.question and not rnd.answered
    respond(rnd, default_map, False)
    assert rnd.done and rnd.next() is None and rnd.score == (1, 2)
    for bad in [dict(mode="quick"), dict(length=0), dict(length=True)]:
        with pytest.raises(ValueError):
            Round(default_map, keys, Progress(), **bad)
    for bad_pool in [[], ["liver|left"], ["liver"]]:
        with pytest.raises(ValueError):
            Round(default_map, bad_pool, Progress())
    name_round = Round(default_map, keys, Progress(), mode="name", rng=random.Random(0))
    with pytest.raises(ValueError):
        name_round.answer(clicked=["liver"], foot="right")  # a Name-it answer is a choice


def test_practice_converges_on_what_the_student_gets_wrong(default_map):
    keys = pool(default_map, system="digestive")
    weak, mastered = "liver|right", "stomach|left"
    assert weak in keys and mastered in keys
    progress = Progress({mastered: ItemStats(box=5, seen=5, right=5)})
    rng = random.Random(11)
    seen: Counter[str] = Counter()
    for _ in range(8):
        rnd = Round(default_map, keys, progress, length=10, mode="mixed", rng=rng)
        asked = play(rnd, default_map, lambda i, key: key != weak)
        seen.update(asked)
        assert all(a != b for a, b in pairwise(asked))
    assert progress.box(weak) == 1 and progress.box(mastered) == 5
    others = [seen[k] for k in keys if k not in (weak, mastered)]
    assert seen[weak] > 3 * max(seen[mastered], 1)
    assert seen[weak] > max(others)
    assert seen[weak] >= 2 * sum(others) / len(others)
    assert progress.stats(weak).right == 0 and progress.stats(weak).seen == seen[weak]


# --- issue 15: the score line, the progress groups -----------------------------------------------


def test_the_status_line_counts_the_last_answer_and_agrees_with_the_summary(default_map):
    # seen: "Question 5 of 5 - score 3/4" above "You got 4 of 5 right"
    rnd = Round(default_map, pool(default_map), Progress(), length=5, rng=random.Random(3))
    assert rnd.status() == "Question 1 of 5 - score 0/0"
    respond(rnd, default_map, True)
    assert rnd.status() == "Question 1 of 5 - score 1/1"  # answered: the score counts it
    while rnd.next() is not None:
        respond(rnd, default_map, True)
    assert rnd.done
    assert rnd.status() == "Round finished - score 5/5"
    assert "You got 5 of 5 right." in rnd.summary()


def test_after_a_perfect_round_the_progress_groups_add_up_to_the_pool(default_map):
    # seen: "0 well known, 55 still new or shaky" of 60: the five answered (box 2) were in no group
    items = pool(default_map)
    progress = Progress()
    rnd = Round(default_map, items, progress, length=5, rng=random.Random(1))
    play(rnd, default_map, lambda i, key: True)
    counted = groups(items, progress)
    assert sum(counted) == len(items) == 60
    assert counted == Groups(new=55, learning=5, known=0)
    text = progress_text(items, progress)
    assert "0 well known, 5 being learned, 55 not asked yet" in text
    # 60 questions are 35 zones: the sentence says why the numbers differ
    zones = len(set(default_map.zones["zone_id"]))
    assert f"these {zones} zones (60 questions: a zone on both feet is asked once per foot)" in text


@given(st.dictionaries(st.sampled_from(["liver|right", "heart|left", "kidney|left"]), st.integers(0, 9)))
@PROPERTY
def test_progress_groups_always_cover_the_pool_once(answers):
    items = ["liver|right", "heart|left", "kidney|left", "spleen|left"]
    progress = Progress()
    for key, rights in answers.items():
        for _ in range(rights):
            progress.record(key, True)
        progress.record(key, rights % 2 == 0)
    counted = groups(items, progress)
    assert sum(counted) == len(items)
    assert counted.new == sum(1 for key in items if not progress.stats(key).seen)


# --- issue 15: tiny zones handled fairly ---------------------------------------------------------


def _just_outside(chart, zone_id: str, foot: str, mm: float):
    """A point ``mm`` outside the zone's edge (on a ring around it), as chart millimetres."""
    ring = chart.zone(zone_id, foot).geometry.buffer(mm).exterior
    point = ring.interpolate(0.3, normalized=True)
    return point.x, point.y


def test_a_near_miss_of_the_pituitary_says_how_close_and_what_was_hit(default_map):
    x, y = _just_outside(default_map, "pituitary", "left", 2.0)
    hits = default_map.locate_chart("left", [x], [y])[0]
    assert hits == ["brain"]  # the pituitary lies inside the brain's zone
    progress = Progress({"pituitary|left": ItemStats(box=3, seen=3, right=3)})
    rnd = Round(default_map, ["pituitary|left"], progress, length=1, mode="find", rng=random.Random(0))
    assert rnd.question.small and "small zone: the map is zoomed in" in rnd.question.prompt
    fb = rnd.answer(clicked=hits, foot="left", point=(x, y))
    assert not fb.correct and fb.close and fb.distance_mm == pytest.approx(2.0, abs=0.05)
    assert fb.message.startswith("Close, 2 mm off: that is the brain; the pituitary gland is the small zone")
    assert "inside it" in fb.message
    # close: not right, but a tiny zone keeps its box
    assert progress.box("pituitary|left") == 3 and progress.stats("pituitary|left").right == 3
    assert rnd.status() == "Round finished - score 0/1 (1 close)"
    assert "1 answer was close: within 3 mm of a tiny zone" in rnd.summary()


def test_a_near_miss_of_a_large_zone_is_told_but_scored_as_wrong(default_map):
    x, y = _just_outside(default_map, "liver", "right", 4.0)
    hits = default_map.locate_chart("right", [x], [y])[0]
    progress = Progress({"liver|right": ItemStats(box=3, seen=3, right=3)})
    rnd = Round(default_map, ["liver|right"], progress, length=1, mode="find", rng=random.Random(0))
    assert not rnd.question.small and "zoom" not in rnd.question.prompt
    fb = rnd.answer(clicked=hits, foot="right", point=(x, y))
    assert fb.message.startswith("Close, 4 mm off: that is ")
    assert "the liver is just beside it, toward the" in fb.message
    assert not fb.close and progress.box("liver|right") == MIN_BOX


def test_a_far_miss_and_the_other_foot_are_not_called_close(default_map):
    x, y = _just_outside(default_map, "pituitary", "left", 12.0)
    rnd = Round(default_map, ["pituitary|left"], Progress(), length=1, rng=random.Random(0))
    fb = rnd.answer(clicked=default_map.locate_chart("left", [x], [y])[0], foot="left", point=(x, y))
    assert fb.message.startswith("Not quite") and not fb.close
    rnd = Round(default_map, ["pituitary|left"], Progress(), length=1, rng=random.Random(0))
    u, v = click_uv(default_map, "pituitary", "right")
    fb = rnd.answer(clicked=default_map.locate("right", u, v), foot="right", point=(0.0, 0.0))
    assert fb.distance_mm is None and not fb.close and "right foot" in fb.message


# --- issue 15: more directions, each its own card, and the old progress migrated -----------------


def test_version_1_progress_is_migrated_to_find_and_name_cards():
    old = '{"version": 1, "items": {"liver|right": {"box": 4, "seen": 5, "right": 4}, "bad": {"box": 2}}}'
    progress = Progress.from_json(old)
    assert progress.items == {
        "liver|right": ItemStats(box=4, seen=5, right=4),
        "name:liver|right": ItemStats(box=4, seen=5, right=4),
    }
    again = Progress.from_json(progress.to_json())
    assert again == progress and json.loads(progress.to_json())["version"] == 2


def test_which_foot_knows_zones_on_one_foot_and_on_both(default_map):
    heart = which_foot(default_map, "heart|left")
    assert heart.answer == "Left foot" and heart.card == "foot:heart"
    assert set(heart.choices) == {"Left foot", "Right foot", "Both feet"}
    assert which_foot(default_map, "kidney|right").answer == "Both feet"
    assert which_foot(default_map, "kidney|right").key == "kidney|left"  # one card for both feet
    rnd = Round(default_map, ["liver|right"], Progress(), length=1, mode="foot", rng=random.Random(0))
    fb = rnd.answer(choice="Both feet")
    assert not fb.correct and fb.message == "Not quite: the reflex zone for the liver is on the right foot."


def test_how_to_work_it_offers_plausible_and_fair_choices(default_map):
    for seed in range(30):
        q = how_to_work(default_map, "heart|left", random.Random(seed))
        technique = default_map.zone("heart", "left").technique
        assert q.answer == technique_text(getattr(technique, q.aspect))
        assert len(q.choices) == 4 and len(set(q.choices)) == 4 and q.answer in q.choices
        if q.aspect == "pressure":  # never half right: "moderate" beside "moderate, steady"
            first = q.answer.split()[0].strip(",")
            assert [c for c in q.choices if c.split()[0].strip(",") == first] == [q.answer]
    assert {how_to_work(default_map, "heart|left", random.Random(s)).aspect for s in range(30)} == {
        "method",
        "direction",
        "pressure",
    }


def test_each_direction_is_tracked_on_its_own_card(default_map):
    progress = Progress()
    for mode in ("find", "name", "foot", "technique"):
        rnd = Round(
            default_map, ["kidney|left", "kidney|right"], progress, length=2, mode=mode, rng=random.Random(5)
        )
        play(rnd, default_map, lambda i, card: True)
    cards = set(progress.items)
    assert {"kidney|left", "name:kidney|left", "foot:kidney", "technique:kidney"} <= cards
    assert not any(card.startswith(("foot:", "technique:")) and "|" in card for card in cards)
    # one direction known does not make another known
    assert progress.box("foot:kidney") == 3 and progress.box("kidney|left") == 2
