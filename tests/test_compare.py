"""The built-in charts (the Western default and the Chinese school), `reflexmap charts` and `compare`."""

from __future__ import annotations

import json
import re
from html import escape
from types import SimpleNamespace

import param
import pytest

from reflexmap import load_chart
from reflexmap.cli import main
from reflexmap.compare import MOVE_MM, compare_maps
from reflexmap.library import builtin_charts, builtin_summaries, chart_source

from .aio import run


@pytest.fixture(scope="module")
def chinese():
    return load_chart(chart_source("chinese"))


@pytest.fixture(scope="module")
def comparison(default_map, chinese):
    return compare_maps(default_map, chinese)


def _zone(result, zone_id):
    return next(z for z in result.zones if z.zone_id == zone_id)


def test_the_default_chart_is_listed_first_and_still_loads_by_its_old_path(default_map):
    charts = builtin_charts()
    assert list(charts)[:1] == ["default"] and "chinese" in charts
    assert load_chart(charts["default"]).zones.shape == default_map.zones.shape
    assert chart_source("some/path.geojson").as_posix() == "some/path.geojson"


def test_the_chinese_chart_is_a_full_sole_of_its_own_school(chinese, default_map):
    info = chinese.info
    assert "Chinese" in info.school and "Rwo Shur" in info.school
    assert len(info.sources) >= 3 and any("ISBN" in s for s in info.sources)
    per_foot = chinese.zones.groupby("foot")["zone_id"].nunique()
    assert per_foot["left"] >= 25 and per_foot["right"] >= 25
    assert set(chinese.zones["view"]) == {"plantar"}
    # its own notes on every zone, hedged where it claims a difference, and never a cure
    for zone in chinese.zones.itertuples():
        assert zone.notes.strip(), zone.zone_id
        assert not re.search(r"\b(cures?|treats?|heals?)\b", zone.notes, re.I), zone.zone_id
        if "Western" in zone.notes and "Placed as on the Western" not in zone.notes:
            assert re.search(r"(charts of this school|Chinese charts|this chart)", zone.notes, re.I), (
                zone.zone_id
            )
    assert chinese.zones["notes"].nunique() > 8  # differences are described zone by zone


def test_placement_differences_are_where_the_school_puts_them(chinese, default_map):
    for foot in ("left", "right"):
        western, eastern = (m.zone("kidney", foot).geometry.centroid for m in (default_map, chinese))
        assert 10 < eastern.y - western.y < 16  # toward the toes, near Yongquan
        adrenal = chinese.zone("adrenal", foot).geometry.centroid
        assert adrenal.y > eastern.y  # above the kidney, a thumb's width behind the ball
        gonads = chinese.zone("gonads", foot).geometry
        pelvic_line = default_map.overlays.query("name == 'pelvic line' and foot == @foot").geometry.iloc[0]
        assert gonads.bounds[3] < min(y for _, y in pelvic_line.coords)  # on the heel pad
        assert not chinese.has_zone("sciatic-nerve", foot) and not chinese.has_zone("pelvic-area", foot)
    heart = chinese.zone("heart", "left").geometry.centroid
    outline = chinese.outline("left")
    assert heart.x > (outline.bounds[0] + outline.bounds[2]) / 2  # the outer half of the ball
    assert chinese.feet_of("heart") == ("left",)


def test_compare_lists_what_differs_zone_by_zone(comparison):
    kidney = _zone(comparison, "kidney")
    assert [d.foot for d in kidney.feet] == ["left", "right"]
    assert all(12 < d.distance_mm < 14 and d.dy_mm > 0 for d in kidney.feet)
    assert kidney.changes == ("moved 13.0 mm on both feet (toward the toes)",)
    assert _zone(comparison, "pelvic-area").changes == ("only in A (both feet)",)
    assert _zone(comparison, "gonads").changes == ("only in B (both feet)",)
    plexus = _zone(comparison, "solar-plexus")
    assert any("the size in B" in change for change in plexus.changes)
    liver = _zone(comparison, "liver")
    assert not liver.differs and liver.feet_a == liver.feet_b == ("right",)
    lines = comparison.lines()
    assert lines[0].startswith("A: ") and lines[1].startswith("B: ")
    assert re.fullmatch(r"\d+ of \d+ zones differ; \d+ are the same .*", lines[-1])


def test_a_chart_compared_with_itself_has_no_differences(default_map):
    result = compare_maps(default_map, default_map)
    # a zone is matched by id and view: the sciatic nerve of the sole and of the sides are two
    per_view = len(default_map.zones[["zone_id", "view"]].drop_duplicates())
    assert not result.differing and len(result.same) == per_view


def test_compare_finds_a_zone_on_the_other_foot_and_a_change_of_size(write_chart, make_zone):
    a = load_chart(
        write_chart(
            [make_zone("spot", foot="left", box=(20, 100, 40, 120)), make_zone("band", box=(30, 80, 50, 90))]
        )
    )
    b = load_chart(
        write_chart(
            [
                make_zone("spot", foot="right", box=(20, 100, 40, 120)),
                make_zone("band", box=(30, 80, 60, 90), notes="wider"),
            ],
            name="b.geojson",
        )
    )
    result = compare_maps(a, b)
    spot, band = _zone(result, "spot"), _zone(result, "band")
    assert spot.changes == ("on a different foot: left foot in A, right foot in B",)
    assert band.feet[0].area_ratio == 1.5 and band.feet[0].distance_mm == pytest.approx(5.0)
    assert band.changes == (
        "moved 5.0 mm on the left foot (toward the outer edge)",
        "1.5x the size in B on the left foot",
    )
    assert MOVE_MM <= 5


def test_cli_charts_one_line_per_chart_id_first(capsys):
    assert main(["charts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    summaries = builtin_summaries()
    assert len(lines) == len(summaries) >= 2
    for line, summary in zip(lines, summaries, strict=True):
        assert line.split()[0] == summary.chart_id
        assert (
            summary.school in line and "views: plantar" in line and line.endswith(f"zones: {summary.zones}")
        )


def test_cli_compare_by_id_and_by_path(capsys, default_map):
    assert main(["compare", "default", "chinese"]) == 0
    out = capsys.readouterr().out
    assert "kidney - Kidney: moved 13.0 mm on both feet (toward the toes)" in out
    assert "gonads - Ovaries or testes (reproductive glands): only in B (both feet)" in out
    assert "(dorsal)" not in out  # the soles against the soles
    path = str(builtin_charts()["chinese"].parent)
    assert main(["compare", "chinese", path, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["a"] == doc["b"] and all(z["changes"] == [] for z in doc["zones"])
    assert main(["compare", "default", "no-such-chart"]) == 1
    assert "cannot load the chart no-such-chart" in capsys.readouterr().err


def test_compare_compares_like_with_like_and_says_which_views(default_map, chinese, capsys):
    """The Chinese chart draws the soles alone: the default's top and side zones are left out and
    said to be, not listed as "only in A"."""
    result = compare_maps(default_map, chinese)
    assert result.views == ("plantar",) and result.only_a == ("dorsal", "medial", "lateral")
    assert {z.view for z in result.zones} == {"plantar"}
    assert result.lines()[2:4] == [
        "Views compared: sole",
        "Not compared: top, inner side, outer side (only chart A draws them)",
    ]
    medial = compare_maps(default_map, default_map, views=("medial",))
    assert {z.view for z in medial.zones} == {"medial"} and not medial.differing
    assert medial.skipped == ("plantar", "dorsal", "lateral")
    with pytest.raises(ValueError, match="chart B has no inner side view"):
        compare_maps(default_map, chinese, views=("medial",))

    assert main(["compare", "default", "default", "--view", "lateral", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["views"] == ["lateral"] and {z["view"] for z in doc["zones"]} == {"lateral"}
    assert main(["compare", "default", "chinese", "--view", "all"]) == 2
    assert "chart B has no top view (it draws: sole)" in capsys.readouterr().err
    assert main(["compare", "default", "default", "--view", "all"]) == 0
    assert "Views compared: sole, top, inner side, outer side" in capsys.readouterr().out


def test_map_takes_a_built_in_chart_id(capsys):
    assert main(["zones", "--chart", "chinese", "--search", "ovaries", "--format", "csv"]) == 0
    assert "gonads,left," in capsys.readouterr().out


def test_the_apps_comparison_lists_escaped_differences_and_draws_png(default_map, chinese, comparison):
    from reflexmap.dashboard.compare_panel import comparison_html
    from reflexmap.export.compare_image import render_comparison

    html = comparison_html(comparison)
    assert html.count("<li>") == len(comparison.differing)
    assert "<strong>Kidney</strong> (kidney): moved 13.0 mm on both feet (toward the toes)" in html
    same = comparison_html(compare_maps(chinese, chinese))
    assert "No zone differs." in same and escape(chinese.info.title) in same
    png = render_comparison(default_map, chinese, comparison, width_px=300)
    assert png.startswith(b"\x89PNG") and len(png) > 5_000


def test_the_compare_tab_finds_no_difference_between_the_default_and_itself(default_map):
    """The app draws the soles only; the built-in chart it compares against must be cut to them too,
    or every top and side zone of the built-in chart reads as "only in B"."""
    from reflexmap.dashboard.compare_panel import ComparePanel
    from reflexmap.dashboard.state import AppState

    panel = ComparePanel(state=AppState(default_map))
    with param.discard_events(panel.picker):  # the handler is awaited here, not by a server
        panel.picker.value = "default"
    run(panel._compare(SimpleNamespace(new="default")))
    assert "No zone differs." in panel.listing.object, panel.listing.object
    assert panel.picture.visible


def test_compare_in_russian_says_every_difference_in_russian(capsys, monkeypatch):
    monkeypatch.delenv("REFLEXMAP_LANG", raising=False)
    assert main(["compare", "default", "chinese", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "Сравнены виды: подошва" in out and "Различаются зон:" in out
    assert "kidney - Почка: сдвиг на 13.0 мм на обеих стопах (ближе к пальцам)" in out
    # beyond the zone ids and the charts' letters, no English word is left
    words = re.findall(r"[A-Za-z]{3,}", re.sub(r"^[a-z-]+ - ", "", out, flags=re.M))
    assert not [w for w in words if w not in ("reflexmap",)], words
    # json keeps the English words that programs read
    assert main(["compare", "default", "chinese", "--lang", "ru", "--format", "json"]) == 0
    assert "moved 13.0 mm on both feet" in capsys.readouterr().out


def test_the_compare_tab_describes_the_differences_in_the_pages_language(default_map, chinese):
    from reflexmap.dashboard.compare_panel import comparison_html
    from reflexmap.i18n import translator

    russian = comparison_html(
        compare_maps(default_map.translated("ru"), chinese.translated("ru")), translator("ru").gettext
    )
    assert "сдвиг на" in russian and "moved" not in russian and "only in" not in russian
