"""The page's JavaScript answers as the model does, run under Node on the whole default chart.

Search (``reflexmap/web/js/search.js``, the offline export's) against :meth:`Chart.find` with
``view=None``, :meth:`Chart.spelling` and :meth:`Chart.condition`, in English and Russian:
every zone's name and id, every synonym and condition term, prefixes as someone starts typing,
misspellings (a letter dropped, doubled, changed; two swapped), inflected and mixed queries and
the characters where JavaScript and Python differ (casefolding, ё, astral characters).

Hit-testing (``reflexmap/web/js/hit.js``, the served page's and the export's) against
:meth:`Chart.locate_chart` as the server answers a tap, on every view in both languages: every
zone's own inner point names that zone first, and random points name the same zones in order.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from reflexmap import content, load_chart
from reflexmap.geometry import display_to_chart_x, foot_at_display_x
from reflexmap.testing import zone_display_point
from reflexmap.web.map_data import map_columns
from reflexmap.web.search_index import search_index
from reflexmap.web.tap_js import hit_index

from .conftest import square
from .node import JS_TESTS, node, run

LANGUAGES = ("en", "ru")
RANDOM_POINTS = 150  # per view and language

# Russian as a student types it: inflected, misspelt, everyday, ё with and without its dots,
# English or both languages in one query
RUSSIAN_TYPED = [
    "печени",
    "пояснице",
    "боль в пояснице",
    "болит голова",
    "головной боли",
    "боль в животе",
    "Селезенка",
    "СЕЛЁЗЕНКА",
    "лёгкие",
    "легкие",
    "желудок",
    "почка",
    "печень liver",
    "liver",
    "lower back",
    "kidney and liver",
    "уши и печень",
    "щитовидка",
    "кишечник",
    "запор",
    "зубы",
    "печнь",
    "пеечень",
    "сердце heart",
    "диабет",
    "давление",
]
# where JavaScript's strings differ from Python's: folding, spaces, astral characters, regex text
EDGES = ["ß", "ẞ", "Großzehe", "ΣΟΛΕ", " a ", "a😀", "😀😀", "liver_", "LIVER-kidney", "(liver", "a.b*", "$&"]


def typos(word: str, rng: random.Random) -> set[str]:
    """Four misspellings of ``word``: one letter dropped, doubled, changed; two swapped."""
    if len(word) < 3:
        return set()
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice("аеиоунрст" if any("\u0400" <= c <= "\u04ff" for c in word) else "aeioulnrst")
    return {
        word[:i] + word[i + 1 :],
        word[:i] + word[i] + word[i:],
        word[:i] + letter + word[i + 1 :],
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],
    }


def queries(chart, lang: str, size: int = 320) -> list[str]:
    """Every zone's name and id and the edge cases, then, up to ``size``, a sample of the
    synonyms, condition terms and the misspellings and prefixes of all of these."""
    rng = random.Random(f"queries-{lang}")
    zones = sorted({*chart.zones["name"], *chart.zones["zone_id"]})
    terms = {*content.synonyms(lang), *(term for c in content.conditions(lang) for term in c.terms)}
    made = set(terms)
    for word in sorted({*zones, *terms}):
        once = sorted(typos(word.lower(), rng))
        made |= set(once)
        # two slips: near the cutoff, where a word is corrected or left alone
        if once and len(once[0]) >= 3:
            made |= set(rng.sample(sorted(typos(once[0], rng)), 2))
        made.add(word[:3])  # as someone starts typing
    fixed = {*zones, *EDGES, *(RUSSIAN_TYPED if lang == "ru" else ["livr", "hart", "kindey", "hedache"])}
    return sorted({*fixed, *rng.sample(sorted(made - fixed), max(0, size - len(fixed)))})


def ask_node(asked: dict, tmp_path) -> dict:
    """rmHits and rmFind's answers to ``asked`` (see tests/js/parity.mjs)."""
    path = tmp_path / "asked.json"
    path.write_text(json.dumps(asked, default=lambda o: o.tolist()), encoding="utf-8")
    done = run([node(), str(JS_TESTS / "parity.mjs"), str(path)])
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def model_hits(part, x: float, y: float) -> list[str]:
    """The zones the server names for a tap at display (x, y) (MapView.tap_at, then select_at)."""
    foot = foot_at_display_x(x)
    if foot not in part.feet:
        return []
    chart_x = float(display_to_chart_x(foot, part.outline(foot), x, view=part.home_view))
    return part.locate_chart(foot, [chart_x], [y])[0]


def test_search_finds_what_the_model_finds_in_both_languages(default_map, tmp_path):
    charts = [default_map.translated(lang) for lang in LANGUAGES]
    asked = [queries(shown, lang) for shown, lang in zip(charts, LANGUAGES, strict=True)]
    answers = ask_node(
        {
            "hits": [],
            "searches": [
                {"index": search_index(shown), "queries": q} for shown, q in zip(charts, asked, strict=True)
            ],
        },
        tmp_path,
    )["searches"]
    differ = []
    found = corrected = noticed = 0
    for shown, lang, qs, got in zip(charts, LANGUAGES, asked, answers, strict=True):
        assert len(qs) >= 300
        for query, js in zip(qs, got, strict=True):
            rows = shown.zones.index.get_indexer(shown.find(query, view=None).index).tolist()
            condition = shown.condition(query)
            want = {"rows": rows, "readAs": shown.spelling(query), "condition": condition and condition.name}
            if js != want:
                differ.append((lang, query, js, want))
            found += bool(rows)
            corrected += bool(rows) and bool(want["readAs"])
            noticed += condition is not None
    assert not differ, f"{len(differ)} queries differ, e.g. {differ[:3]}"
    # enough of each rule was exercised for the comparison to mean something
    assert found > 450
    assert corrected > 150
    assert noticed > 100


def hit_differences(chart, lang: str, points: int, tmp_path) -> tuple[list, int]:
    """Where rmHits and the model disagree on ``chart`` (every view, drawn in ``lang``): each
    zone's inner point and ``points`` random points per view; also how many of those landed on a
    zone."""
    rng = random.Random(f"points-{lang}")
    cases, parts = [], []
    for view in chart.views:
        part = chart.for_view(view)
        zones = map_columns(part, lang)["zones"]
        keys = list(zip(zones["zone_id"], zones["foot"], strict=True))
        inner = [zone_display_point(part, z, f) for z, f in keys]
        xs = np.concatenate([ring for polygons in zones["xs"] for rings in polygons for ring in rings])
        ys = np.concatenate([ring for polygons in zones["ys"] for rings in polygons for ring in rings])
        # the zones' bounds and a margin around them, where a tap misses every zone
        scattered = [
            (rng.uniform(xs.min() - 10, xs.max() + 10), rng.uniform(ys.min() - 10, ys.max() + 10))
            for _ in range(points)
        ]
        data = {"foot": zones["foot"], "xs": zones["xs"], "ys": zones["ys"]}
        cases.append({"data": data, "index": hit_index(part), "points": inner + scattered})
        parts.append((view, part, zones["zone_id"], keys, scattered))
    answers = ask_node({"hits": cases, "searches": []}, tmp_path)["hits"]
    differ, landed = [], 0
    for (view, part, ids, keys, scattered), got in zip(parts, answers, strict=True):
        named = [[ids[row] for row in rows] for rows in got]
        # a zone's own inner point may sit on a neighbour's edge, which shapely counts as inside and
        # ray casting may not: the zone itself must come first either way
        for key, hits in zip(keys, named[: len(keys)], strict=True):
            if hits[:1] != [key[0]]:
                differ.append((view, "inner point of", key, hits))
        for point, hits in zip(scattered, named[len(keys) :], strict=True):
            want = model_hits(part, *point)
            landed += bool(want)
            if hits != want:
                differ.append((view, point, hits, want))
    return differ, landed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hits_name_the_zones_the_model_names_on_every_view(default_map, lang, tmp_path):
    shown = default_map.translated(lang)
    differ, landed = hit_differences(shown, lang, RANDOM_POINTS, tmp_path)
    assert not differ, f"{len(differ)} points differ, e.g. {differ[:3]}"
    assert len(shown.views) == 4
    assert landed > len(shown.views) * RANDOM_POINTS * 0.25  # many random points landed on zones


def test_a_tap_in_a_hole_names_what_the_model_names(write_chart, make_zone, tmp_path):
    # the default chart has no holes: a ring on each foot, and an island in the hole of each
    features = []
    for foot in ("left", "right"):
        ring = make_zone("ring", foot=foot, box=(25, 95, 55, 125))
        ring["geometry"]["coordinates"].append(square(33, 103, 47, 117)[::-1])
        features += [ring, make_zone("island", foot=foot, box=(36, 106, 44, 114))]
    chart = load_chart(write_chart(features))
    differ, landed = hit_differences(chart, "en", 400, tmp_path)
    assert not differ, f"{len(differ)} points differ, e.g. {differ[:3]}"
    assert landed > 60  # the feet lie far apart: most random points fall between them
