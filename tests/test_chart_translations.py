"""A chart's text in another language: the loader, the validator's problems and the English fallback."""

from __future__ import annotations

import copy
import json
import re
import shutil

import pytest

from reflexmap import load_chart
from reflexmap.charts import MAX_CHART_BYTES, MAX_FILE_BYTES, default_chart_path
from reflexmap.cli import main
from reflexmap.i18n import is_untranslated
from reflexmap.library import builtin_charts, load_builtin

CYRILLIC = re.compile("[\u0400-\u04ff]")
RUSSIAN = {
    "language": "ru",
    "chart": {"title": "Проверочная карта"},
    "zones": {
        "plantar": {
            "test-zone": {
                "name": "Проверочная зона",
                "body_areas": ["проверочный орган"],
                "technique": {
                    "method": "«шагающий» большой палец",
                    "how": "Пройдите зону большим пальцем короткими рядами.",
                    "direction": "от пятки к пальцам",
                    "pressure": "умеренное",
                    "duration": "3 прохода",
                },
                "caveats": ["Если что-то беспокоит, обратитесь к врачу."],
                "notes": "Зона, написанная тестом.",
                "keywords": ["проверка"],
            }
        }
    },
}


@pytest.fixture
def bilingual(write_chart, make_zone):
    """``bilingual(change)`` -> a single-file chart with one zone and a Russian translation that
    ``change(translation)`` may break first."""

    def write(change=lambda ru: None, zones=None):
        ru = copy.deepcopy(RUSSIAN)
        change(ru)
        meta = {"title": "Test chart", "translations": {"ru": ru}}
        return load_chart(write_chart(zones or [make_zone()], chart=meta))

    return write


def test_english_is_the_chart_itself_and_a_translation_is_made_once(bilingual):
    chart = bilingual()
    assert chart.translated("en") is chart and chart.language == "en"
    ru = chart.translated("ru")
    assert ru is chart.translated("ru") and ru.translated("ru") is ru and ru.translated("en") is chart
    assert ru.language == "ru" and chart.languages == ("en", "ru")
    zone = ru.zone("test-zone")
    assert zone.name == "Проверочная зона" and zone.body_areas == ("проверочный орган",)
    assert zone.technique.how.startswith("Пройдите") and zone.caveats[0].startswith("Если")
    assert ru.info.title == "Проверочная карта" and not chart.translation_problems
    assert zone.geometry.equals(chart.zone("test-zone").geometry)
    assert chart.zone("test-zone").name == "Test zone"  # the English chart is untouched


def test_a_missing_text_is_a_problem_naming_file_zone_and_field_and_falls_back_marked(bilingual):
    chart = bilingual(lambda ru: ru["zones"]["plantar"]["test-zone"]["technique"].pop("how"))
    (problem,) = chart.translation_problems
    assert problem.zone == "test-zone" and "technique.how" in problem.message
    assert problem.file == "chart.geojson"
    how = chart.translated("ru").zone("test-zone").technique.how
    assert is_untranslated(how) and how.endswith("Walk the thumb across the zone in short rows.")
    assert chart.translated("ru").zone("test-zone").name == "Проверочная зона"


def test_a_missing_zone_a_wrong_count_and_a_stale_zone_are_each_named(bilingual, make_zone):
    def change(ru):
        entry = ru["zones"]["plantar"].pop("test-zone")
        entry["caveats"].append("лишнее")
        ru["zones"]["plantar"]["second"] = entry
        ru["zones"]["plantar"]["gone"] = entry

    chart = bilingual(change, zones=[make_zone(), make_zone("second", box=(60, 100, 70, 120))])
    messages = {(p.zone, p.message) for p in chart.translation_problems}
    assert any(z == "test-zone" and "no translation of this zone" in m for z, m in messages)
    assert any(z == "second" and "'caveats' has 2 items" in m for z, m in messages)
    assert any(z == "gone" and "names no zone" in m for z, m in messages)
    assert is_untranslated(chart.translated("ru").zone("second").caveats[0])


def test_sources_are_translated_one_for_one_or_left_as_published(write_chart, make_zone):
    english = ["A. Author, A Book (1999): the layout", "our team: the drawing"]
    russian = ["A. Author, A Book (1999): расположение зон", "наша команда: рисунок"]

    def chart_with(sources):
        ru = copy.deepcopy(RUSSIAN)
        if sources is not None:
            ru["chart"]["sources"] = sources
        meta = {"title": "Test chart", "sources": english, "translations": {"ru": ru}}
        return load_chart(write_chart([make_zone()], chart=meta))

    chart = chart_with(russian)
    assert chart.translation_problems == ()
    assert chart.translated("ru").info.sources == tuple(russian)
    assert chart.info.sources == tuple(english)
    # optional: a source's title is as published, so the English stays, unmarked
    chart = chart_with(None)
    assert chart.translation_problems == () and chart.translated("ru").info.sources == tuple(english)
    (problem,) = chart_with(russian[:1]).translation_problems
    assert "'sources' has 1 items; the English has 2" in problem.message
    (problem,) = chart_with(["<b>A. Author</b>", "x"]).translation_problems
    assert "markup" in problem.message


def test_markup_in_a_translation_is_refused_and_the_english_shown(bilingual):
    chart = bilingual(lambda ru: ru["zones"]["plantar"]["test-zone"].update(name="<b>Печень</b>"))
    (problem,) = chart.translation_problems
    assert "markup" in problem.message and problem.zone == "test-zone"
    assert chart.translated("ru").zone("test-zone").name == "[en] Test zone"


@pytest.mark.parametrize("broken", [[], "ru.json", {"language": "de"}, {"zones": []}])
def test_a_broken_translation_never_refuses_the_chart(write_chart, broken):
    chart = load_chart(write_chart(chart={"title": "t", "translations": {"ru": broken}}))
    assert chart.translation_problems
    name = chart.translated("ru").zone("test-zone").name
    # a file that was never read gives the chart no Russian: English unmarked (the app says so once)
    assert is_untranslated(name) if "ru" in chart.languages else name == "Test zone"


def test_a_language_the_chart_does_not_declare_is_english_unmarked(write_chart):
    # a marker on every text would say nothing new: the app says once that the chart has no Russian
    chart = load_chart(write_chart())
    ru = chart.translated("ru")
    assert ru.zone("test-zone").name == "Test zone" and chart.languages == ("en",)
    assert ru.info.title == chart.info.title and not is_untranslated(ru.zone("test-zone").notes)
    assert ru.zone("test-zone").keywords == chart.zone("test-zone").keywords  # search words, unmarked


def test_validate_lists_translation_problems_and_fails(capsys, write_chart):
    ru = copy.deepcopy(RUSSIAN)
    del ru["zones"]["plantar"]["test-zone"]["notes"]
    path = write_chart(chart={"title": "t", "translations": {"ru": ru}})
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "languages: en, ru" in out
    assert "zone 'test-zone'" in err and "'notes'" in err


def test_views_of_a_translated_chart_are_translated(default_map):
    ru = default_map.translated("ru")
    medial = ru.for_view("medial")
    assert medial.language == "ru" and medial is default_map.for_view("medial").translated("ru")
    assert set(medial.zones["view"]) == {"medial"}
    assert list(medial.zones["zone_id"]) == list(default_map.for_view("medial").zones["zone_id"])
    assert (ru.overlays["name"] == default_map.overlays["name"]).all()  # guide lines keep their ids


# --- the built-in charts in Russian ---------------------------------------------------------------


@pytest.mark.parametrize("chart_id", sorted(builtin_charts()))
def test_every_builtin_chart_has_every_text_in_russian(chart_id):
    chart = load_builtin(chart_id)
    assert "ru" in chart.languages
    assert chart.translation_problems == (), "\n".join(map(str, chart.translation_problems))
    ru = chart.translated("ru")
    texts = [
        *ru.zones["name"],
        *(t for column in ("body_areas", "caveats", "keywords") for items in ru.zones[column] for t in items),
        *(t for technique in ru.zones["technique"] for t in technique.values()),
        *filter(None, ru.zones["notes"]),
        *ru.overlays["label"],
        ru.info.title,
        ru.info.description,
    ]
    assert not [t for t in texts if is_untranslated(t)]
    # written in Russian, not English copied over: every name has Cyrillic letters
    assert all(CYRILLIC.search(name) for name in ru.zones["name"])
    english = set(chart.zones["notes"])
    assert not english & set(ru.zones["notes"]) - {""}
    # what the chart says of each source is ours, in Russian; the titles stay as published
    assert len(ru.info.sources) == len(chart.info.sources)
    assert all(CYRILLIC.search(source) for source in ru.info.sources)


@pytest.mark.parametrize(
    ("query", "zone_id"),
    [
        ("печень", "liver"),
        ("Печени", "liver"),  # an inflected form, corrected to the word the chart knows
        ("поясница", "lumbar-spine"),
        ("боль в пояснице", "lumbar-spine"),
        ("головная боль", "brain"),
        ("болит голова", "brain"),
        ("живот", "stomach"),
        ("пузо", "stomach"),
        ("селезенка", "spleen"),  # yo typed without its dots
        ("СЕЛЁЗЕНКА", "spleen"),
        ("щитовидка", "thyroid"),
        ("liver", "liver"),  # English words on the Russian page
        ("lower back", "lumbar-spine"),
        ("печень liver", "liver"),  # mixed
    ],
)
def test_russian_search(default_map, query, zone_id):
    found = default_map.translated("ru").find(query)
    assert zone_id in list(found["zone_id"])[:6], list(found["name"])[:6]


def test_words_that_find_nothing_together_are_searched_one_by_one(default_map):
    assert {"kidney", "liver"} <= set(default_map.find("kidney and liver")["zone_id"])
    assert default_map.find("xyzq qqqq").empty


def test_a_gap_in_the_default_charts_translation_is_named_once_for_both_feet(tmp_path):
    folder = tmp_path / "zones"
    shutil.copytree(default_chart_path().parent, folder, ignore=shutil.ignore_patterns("chinese"))
    path = folder / "chart.ru.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    del doc["zones"]["plantar"]["neck"]["notes"]  # the neck is on both feet
    doc["zones"]["dorsal"].pop("teeth")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    chart = load_chart(folder)
    assert [str(p) for p in chart.translation_problems] == [
        "chart.ru.json: zone 'neck': no translation of 'notes'",
        "chart.ru.json: zone 'teeth': no translation of this zone on the dorsal view",
    ]
    ru = chart.translated("ru")
    assert is_untranslated(ru.zone("neck", "right").notes) and not is_untranslated(ru.zone("neck").name)
    assert is_untranslated(ru.zone("teeth", view="dorsal").name)


def test_a_manifest_naming_one_large_translation_many_times_is_stopped(tmp_path, write_json, make_zone):
    write_json("zones.geojson", {"type": "FeatureCollection", "features": [make_zone()]})
    big = {"language": "xx", "padding": "x" * (MAX_FILE_BYTES - 100)}
    write_json("big.json", big)
    many = {code: "big.json" for code in ("aa", "bb", "cc", "dd", "ee", "ff", "gg")}
    chart = load_chart(
        write_json("chart.json", {"title": "t", "zones": ["zones.geojson"], "translations": many})
    )
    assert len(many) * MAX_FILE_BYTES > MAX_CHART_BYTES
    assert any("too large together" in p.message for p in chart.translation_problems)
    assert len(chart.languages) < len(many) + 1
