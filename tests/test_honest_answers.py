"""Honest answers: searches for a condition, anatomical body areas, back steps, precautions, sources."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from reflexmap import content
from reflexmap.cli import main
from reflexmap.dashboard.handbook import entry_html
from reflexmap.dashboard.search import count_html
from reflexmap.practice import evaluate, screening_questions

# What people search for when they hope the feet will treat something (issue 13).
ASKED = [
    "diabetes",
    "asthma",
    "cystitis",
    "period pain",
    "haemorrhoids",
    "tinnitus",
    "palpitations",
    "detox",
    "immunity",
    "high blood pressure",
    "constipation",
    "migraine",
    "insomnia",
    "cancer",
    "piles",
    "sciatica",
]

# Body functions, conditions and claims: a body area names a part of the body, never these.
FUNCTION_WORDS = {
    "blood sugar",
    "immune system",
    "immunity",
    "metabolism",
    "circulation",
    "digestion",
    "breathing",
    "balance",
    "hormones",
    "stress hormones",
    "detox",
    "energy",
    "sleep",
    "relaxation",
    "fertility",
    "diabetes",
    "period pain",
    "pelvic organs",
}


@pytest.mark.parametrize("query", ASKED)
def test_a_condition_search_says_no_treatment_and_see_a_doctor_first(default_map, query):
    condition = default_map.condition(query)
    assert condition is not None, query
    notice = condition.notice
    assert notice.startswith(("Reflexology does not treat or diagnose", "Reflexology has not been shown to"))
    assert "see a doctor" in notice
    assert not re.search(r"\b(cures?|heals?|treats)\b", notice.replace("does not treat", "")), notice
    zones = len(default_map.find(query))
    html = count_html(query, zones, condition=condition)
    # the notice comes before any zone, and the zones are called areas charts associate with it
    assert html.index('data-testid="condition-notice"') < html.index("rm-results-count")
    count = html.split("rm-results-count")[1]
    assert f": areas that charts associate with {condition.name}," in count if zones else "No zone" in count


@pytest.mark.parametrize("query", ["liver", "lower back", "big toe", "heel", "solar plexus", "kidneys", "x"])
def test_anatomy_is_no_condition(default_map, query):
    assert default_map.condition(query) is None
    assert 'data-testid="condition-notice"' not in count_html(query, 3)


def test_a_misspelt_condition_is_recognised_and_still_finds_the_areas(default_map):
    assert default_map.condition("diabetis").condition_id == "diabetes"
    assert set(default_map.find("diabetis")["zone_id"]) == {"pancreas"}
    assert default_map.condition("high blood pressure").condition_id == "blood-pressure"


def test_condition_areas_are_searchable_and_terms_are_unique():
    seen: dict[str, str] = {}
    for condition in content.conditions():
        assert condition.kind in ("condition", "claim")
        assert condition.terms and condition.note.strip()
        for term in condition.terms:
            assert term == term.casefold().strip(), term
            assert term not in seen, (term, seen.get(term), condition.condition_id)
            seen[term] = condition.condition_id


def _zone_properties():
    folder = resources.files("reflexmap.zones")
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".geojson")):
        doc = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        for feature in doc["features"]:
            if feature["properties"].get("kind", "zone") == "zone":
                yield name, feature["properties"]


def test_no_body_area_is_a_function_or_condition(default_map):
    for zone in default_map.zones.itertuples():
        bad = {a.casefold() for a in zone.body_areas} & FUNCTION_WORDS
        assert not bad, (zone.zone_id, zone.foot, bad)
    for name, props in _zone_properties():
        assert not {a.casefold() for a in props["body_areas"]} & FUNCTION_WORDS, (name, props["zone_id"])


def test_no_zone_keyword_promises_what_a_condition_notice_must_qualify(default_map):
    promises = {"diabetes", "blood sugar", "detox", "immunity", "immune", "period pain", "metabolism"}
    for zone in default_map.zones.itertuples():
        assert not {k.casefold() for k in zone.keywords} & promises, zone.zone_id


def test_period_pain_no_longer_contradicts_the_pelvic_area(default_map):
    pelvis = default_map.zone("pelvic-area", "left")
    assert "period pain" not in pelvis.keywords
    assert "pelvic organs" not in pelvis.body_areas
    assert "uterus" in pelvis.notes and "not with this area" in pelvis.notes
    notice = default_map.condition("period pain").notice
    assert "sides of the heel" in notice and "not on the sole" in notice


def test_steps_on_the_back_name_no_foot_zones():
    routines = content.routines()
    off = [step for r in routines.routines for step in r.steps if step.on != "foot"]
    assert {step.on for step in off} >= {"back", "leg"}
    for step in off:
        assert routines.step_zones(step) == (), step.text
        assert step.on in step.off_the_foot and "no foot reflex zone" in step.off_the_foot
    # every step that kneads the back is marked as being on the back
    for r in routines.routines:
        for step in r.steps:
            if re.search(r"\b(back muscles|lower back|whole back)\b", step.text):
                assert step.on == "back", step.text


PRECAUTION_WORDS = [
    "diabetes",
    "operation",
    "varicose",
    "oedema",
    "verruca",
    "broken skin",
    "epilepsy",
    "cancer",
    "blood-thinning",
    "osteoporosis",
]


@pytest.mark.parametrize("word", PRECAUTION_WORDS)
def test_the_screening_asks_about_each_precaution(word):
    questions = [q for q in screening_questions(content.safety()) if q.group == "precaution"]
    assert any(word in q.text.casefold() for q in questions), word


def test_foot_bath_water_temperature_is_given_for_numb_feet():
    diabetes = next(p for p in content.safety().precautions if p.precaution_id == "diabetes-numb-feet")
    assert "foot bath" in diabetes.advice and "37" in diabetes.advice and diabetes.stops


def _no_to_all(questions):
    return {q.question_id: False for q in questions if q.depends_on is None}


def test_a_stopping_precaution_holds_the_routine_and_says_how_to_adapt():
    questions = screening_questions(content.safety())
    verdict = evaluate(questions, _no_to_all(questions) | {"varicose-veins": True})
    assert verdict.stop and verdict.reasons == ("varicose veins",)
    assert "Never press" in verdict.message and verdict.take_care


def test_a_caution_lets_the_routine_start_with_its_advice():
    questions = screening_questions(content.safety())
    verdict = evaluate(questions, _no_to_all(questions) | {"blood-thinners": True, "older-fragile": True})
    assert verdict.can_start and verdict.title == "You can start, with care"
    assert "light pressure" in verdict.message and "no pulling or twisting" in verdict.message
    assert len(verdict.take_care) == 2
    plain = evaluate(questions, _no_to_all(questions))
    assert plain.title == "You can start" and not plain.take_care


def test_older_people_guidance_is_a_safety_section():
    heading, lines = content.safety_section(content.safety(), "older_people")
    assert heading == "Older people"
    assert any("osteoporosis" in line for line in lines) and any("skin" in line for line in lines)


def test_the_diagnosis_claim_is_cited():
    evidence = content.handbook().get("reflex-massage-claims-and-evidence")
    cited = " ".join(map(str, evidence.sources))
    assert "Complementary Therapies in Medicine 2000;8(3):166-172" in cited
    assert "Baerheim" in cited and "1998" in cited
    body = " ".join(evidence.body)
    assert "White and colleagues, 2000" in body and "Baerheim and colleagues, 1998" in body
    assert any("Baerheim" in line for line in content.safety().diagnostic_limit)


def test_every_handbook_entry_shows_how_the_source_was_changed(default_map):
    for entry in content.handbook().entries:
        html = entry_html(entry, default_map)
        assert entry.reworded, entry.entry_id
        assert "<summary>How we changed the source</summary>" in html
        # escaped like all text: the note's apostrophes and quotes never end the markup
        assert html.count("<details") == 1
        assert html.index("<details") > html.index("<h3>Sources</h3>")


def test_cli_zones_search_puts_the_notice_first(capsys):
    assert main(["zones", "-s", "diabetes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Not a treatment. Reflexology does not treat or diagnose diabetes.")
    assert out.index("see a doctor") < out.index("pancreas ")
    assert main(["zones", "-s", "asthma", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("zone_id,foot,name")  # the CSV stays machine-readable
    assert "does not treat or diagnose asthma" in captured.err
    assert main(["zones", "-s", "liver"]) == 0
    assert "Not a treatment" not in capsys.readouterr().out


def test_cli_handbook_says_how_the_source_was_changed(capsys):
    entry = content.handbook().get("reflex-massage-claims-and-evidence")
    assert main(["handbook", entry.entry_id]) == 0
    out = capsys.readouterr().out
    assert out.index("How we changed the source:") > out.index("Sources:")
    assert " ".join(entry.reworded.split()[:8]) in " ".join(out.split())
