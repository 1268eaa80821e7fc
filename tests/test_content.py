"""The general content: safety notice, contraindications, pregnancy, children, routines, synonyms."""

from __future__ import annotations

import pytest

from reflexmap import content


@pytest.fixture(scope="module")
def safety():
    return content.safety()


@pytest.fixture(scope="module")
def routines():
    return content.routines()


def test_zone_map_exposes_the_same_content(default_map, safety, routines):
    assert default_map.caveats == safety
    assert default_map.routines == routines


def test_notice_says_reflexology_does_not_diagnose(safety):
    notice = safety.notice.lower()
    assert "does not diagnose" in notice
    assert "doctor" in notice


def test_diagnostic_limit_points_to_a_doctor(safety):
    assert safety.diagnostic_limit
    assert any("doctor" in item.lower() for item in safety.diagnostic_limit)


@pytest.mark.parametrize(
    "words",
    [
        ("wound",),
        ("growth", "tumour"),
        ("blood flow",),
        ("tuberculosis",),
        ("infectious", "infection"),
        ("blood disease",),
    ],
)
def test_the_six_contraindications_of_the_source_text(safety, words):
    # the note says "the first six come from our source text": they must be those six
    first_six = [c.lower() for c in safety.contraindications[:6]]
    assert any(any(w in c for w in words) for c in first_six), (words, first_six)


def test_contraindications_note_matches_the_list(safety):
    assert "first six" in safety.contraindications_note
    assert len(safety.contraindications) >= 6
    # the clot warning is there: massage can loosen a clot
    assert any("thrombo" in c for c in safety.contraindications)


def test_pregnancy_never_vibration_or_electric_massagers(safety):
    never = " | ".join(safety.pregnancy.never).lower()
    assert "vibration" in never
    assert "electric massager" in never
    assert "first trimester" in " ".join(safety.pregnancy.restrictions).lower()
    assert safety.pregnancy.summary


def test_children_need_a_paediatrician(safety):
    text = " ".join([safety.children.summary, *safety.children.points]).lower()
    assert "paediatrician" in text
    assert "certified" in text


def test_general_advice_and_side_effects(safety):
    assert any("hurt" in g or "pain" in g for g in safety.general)
    assert safety.side_effects


def test_five_routines(routines):
    ids = [r.routine_id for r in routines.routines]
    assert ids == ["session", "flat-feet", "valgus", "heel-spur", "anti-stress-toes"]
    assert len(set(ids)) == 5


def test_every_routine_is_complete(routines):
    for routine in routines.routines:
        assert routine.title and routine.audience and routine.source
        assert len(routine.steps) >= 3
        assert all(step.text.strip() for step in routine.steps)


def test_routine_lookup(routines):
    assert routines.get("heel-spur").title.lower().startswith("self-massage")
    with pytest.raises(KeyError):
        routines.get("no-such-routine")


def test_every_step_names_zones_of_the_default_chart(default_map, routines):
    ids = set(default_map.zones["zone_id"])
    for routine in routines.routines:
        for step in routine.steps:
            assert set(step.zones) <= ids, (routine.routine_id, step.zones)
            for region in step.regions:
                assert region in routines.regions, (routine.routine_id, region)
            assert set(routines.step_zones(step)) <= ids


def test_every_region_names_zones_of_the_default_chart(default_map, routines):
    ids = set(default_map.zones["zone_id"])
    assert set(routines.regions) >= {"toes", "ball", "arch", "heel"}
    for region, zone_ids in routines.regions.items():
        assert zone_ids, region
        assert set(zone_ids) <= ids, (region, set(zone_ids) - ids)


def test_regions_are_where_their_names_say(default_map, routines):
    # toes lie above the ball, the ball above the arch, the arch above the heel (v from heel to toe)
    def mean_v(region: str) -> float:
        vs = []
        for zone_id in routines.regions[region]:
            zone = default_map.zone(zone_id)
            _, v = default_map.to_normalized(zone.foot, zone.geometry.centroid.x, zone.geometry.centroid.y)
            vs.append(float(v))
        return sum(vs) / len(vs)

    assert mean_v("toes") > mean_v("ball") > mean_v("arch") > mean_v("heel")


def test_step_zones_keeps_order_and_drops_repeats(routines):
    step = content.Step(text="t", zones=("lumbar-spine", "brain"), regions=("spine",))
    assert routines.step_zones(step) == (
        "lumbar-spine",
        "brain",
        "cervical-spine",
        "thoracic-spine",
        "sacrum-coccyx",
    )


def test_heel_spur_mat_walk_lasts_fifteen_minutes(routines):
    durations = [s.duration_s for s in routines.get("heel-spur").steps if s.duration_s]
    assert durations == [15 * 60]


def test_synonyms_point_at_terms_the_chart_uses(default_map):
    # every expansion must match something in the chart, or the synonym is dead weight
    searchable = " | ".join(
        " | ".join([row.name, *row.body_areas, *row.keywords, row.system]).lower()
        for row in default_map.zones.itertuples()
    )
    for word, terms in content.synonyms().items():
        assert any(term.lower() in searchable for term in terms), (word, terms)
