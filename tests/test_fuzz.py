"""Property tests: whatever a chart file holds, loading gives a Chart or a ChartError, nothing else.

A chart may come from an upload, so no input may crash the loader with another exception type.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflexmap import Chart, ChartError, load_chart

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies -----------------------------------------------------------------------------------

WORDS = [
    "FeatureCollection",
    "Feature",
    "Polygon",
    "MultiPolygon",
    "LineString",
    "left",
    "right",
    "plantar",
    "dorsal",
    "zone",
    "outline",
    "guide_line",
    "longitudinal_zone",
    "nervous",
    "digestive",
    "liver",
    "chart.json",
    "<b>",
    "&amp;",
    "",
]
KEYS = [
    "type",
    "features",
    "chart",
    "zones",
    "overlays",
    "outlines",
    "properties",
    "geometry",
    "coordinates",
    "kind",
    "foot",
    "view",
    "zone_id",
    "name",
    "system",
    "body_areas",
    "technique",
    "caveats",
    "notes",
    "keywords",
    "overlaps",
    "title",
    "sources",
    "number",
]

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(),  # arbitrarily large: json writes them exactly, floats cannot hold them
    st.floats(),  # including nan and +-inf, which json.dumps writes as NaN / Infinity
    st.floats(min_value=-1e3, max_value=1e3),
    st.text(max_size=12),
    st.sampled_from(WORDS),
)
json_values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), children, max_size=6),
    ),
    max_leaves=30,
)


def _dump(doc: Any, ascii_only: bool) -> bytes:
    text = json.dumps(doc, ensure_ascii=ascii_only)  # allow_nan: NaN/Infinity literals reach the loader
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become bytes that are not UTF-8


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _load(path: Path, allow_markup: bool = False) -> Chart | None:
    """Load a chart; ``None`` for a clean refusal; any other exception fails the test."""
    try:
        chart = load_chart(path, allow_markup=allow_markup)
    except ChartError as exc:
        assert exc.problems, "a refusal must say why"
        assert all(isinstance(p.message, str) and p.message for p in exc.problems)
        str(exc)
        return None
    assert isinstance(chart, Chart)
    _exercise(chart)
    return chart


def _exercise(chart: Chart) -> None:
    """A loaded chart must also survive being used."""
    assert len(chart.zones) > 0
    for foot in chart.feet:
        hits = chart.locate(foot, np.array([0.0, 0.5, 1.0, -1.0]), 0.5)
        assert len(hits) == 4
        assert isinstance(chart.locate(foot, 0.5, 0.5), list)
    first = chart.zones.iloc[0]
    assert chart.zone(first["zone_id"], first["foot"]).zone_id == first["zone_id"]
    assert isinstance(chart.find(first["name"]), pd.DataFrame)


# --- arbitrary JSON -------------------------------------------------------------------------------


@FUZZ
@given(doc=json_values, ascii_only=st.booleans())
def test_arbitrary_json_file(fuzz_dir, doc, ascii_only):
    path = fuzz_dir / "any.geojson"
    path.write_bytes(_dump(doc, ascii_only))
    _load(path)


feature_like = st.fixed_dictionaries(
    {"type": st.sampled_from(["Feature", "Feature", "feature"]), "properties": json_values},
    optional={"geometry": json_values},
)


@FUZZ
@given(
    features=st.lists(st.one_of(feature_like, json_values), max_size=4),
    meta=json_values,
    allow_markup=st.booleans(),
)
def test_arbitrary_feature_collection(fuzz_dir, features, meta, allow_markup):
    path = fuzz_dir / "fc.geojson"
    path.write_bytes(_dump({"type": "FeatureCollection", "features": features, "chart": meta}, True))
    _load(path, allow_markup)


@FUZZ
@given(
    manifest=json_values,
    zones=st.lists(st.sampled_from(["z.geojson", "chart.json", "..", "", "x/y"]), max_size=3),
)
def test_arbitrary_manifest(fuzz_dir, make_zone, manifest, zones):
    folder = fuzz_dir / "manifest"
    folder.mkdir(exist_ok=True)
    (folder / "z.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [make_zone()]}))
    doc = manifest if isinstance(manifest, dict) else {"extra": manifest}
    doc = {**doc, "zones": zones if not isinstance(doc.get("zones"), list) else doc["zones"]}
    (folder / "chart.json").write_bytes(_dump(doc, True))
    _load(folder)


# --- mutations of a valid zone --------------------------------------------------------------------

PROPERTY_KEYS = [
    "zone_id",
    "name",
    "foot",
    "view",
    "system",
    "body_areas",
    "technique",
    "caveats",
    "notes",
    "keywords",
    "overlaps",
    "kind",
]
PATHS: list[tuple] = [
    ("type",),
    ("properties",),
    *[("properties", k) for k in PROPERTY_KEYS],
    *[("properties", "technique", k) for k in ("method", "how", "direction", "pressure", "duration")],
    ("properties", "body_areas", 0),
    ("properties", "caveats", 0),
    ("geometry",),
    ("geometry", "type"),
    ("geometry", "coordinates"),
    ("geometry", "coordinates", 0),
    ("geometry", "coordinates", 0, 0),
    ("geometry", "coordinates", 0, 2),
    ("geometry", "coordinates", 0, 4),
    ("geometry", "coordinates", 0, 0, 0),
    ("geometry", "coordinates", 0, 1, 1),
]

mutations = st.lists(
    st.tuples(st.sampled_from(PATHS), st.sampled_from(["drop", "replace"]), json_values), max_size=4
)

coordinate = st.one_of(
    st.floats(min_value=-20, max_value=280),
    st.integers(min_value=-20, max_value=280),
    st.floats(allow_nan=False),
    st.just(10**400),
)
position = st.lists(coordinate, min_size=2, max_size=3)


@st.composite
def rings(draw) -> list:
    ring = draw(st.lists(position, max_size=7))
    if ring and draw(st.booleans()):
        ring.append(list(ring[0]))  # usually closed
    return ring


geometries = st.one_of(
    st.builds(lambda r: {"type": "Polygon", "coordinates": r}, st.lists(rings(), min_size=1, max_size=2)),
    st.builds(
        lambda p: {"type": "MultiPolygon", "coordinates": p},
        st.lists(st.lists(rings(), min_size=1, max_size=2), max_size=3),
    ),
)


def _mutate(feature: dict, path: tuple, op: str, value: Any) -> None:
    parent: Any = feature
    for step in path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return
    key = path[-1]
    if isinstance(parent, dict) and isinstance(key, str):
        if op == "drop":
            parent.pop(key, None)
        else:
            parent[key] = value
    elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
        if op == "drop":
            del parent[key]
        else:
            parent[key] = value


@st.composite
def mutated_features(draw, make_zone) -> dict:
    feature = make_zone(
        draw(st.sampled_from(["zone-a", "zone-b", "zone-c"])),
        foot=draw(st.sampled_from(["left", "right"])),
        box=draw(
            st.sampled_from([(30, 100, 50, 120), (40, 110, 60, 130), (50, 100, 70, 120), (-30, 0, 0, 20)])
        ),
        overlaps=draw(st.lists(st.sampled_from(["zone-a", "zone-b", "zone-c", "zone-z"]), max_size=2)),
    )
    if draw(st.booleans()):
        feature["geometry"] = draw(geometries)
    for path, op, value in draw(mutations):
        _mutate(feature, path, op, value)
    return feature


@given(data=st.data())
@FUZZ
def test_mutated_zones(fuzz_dir, make_zone, make_outline, data):
    features = data.draw(st.lists(mutated_features(make_zone), min_size=1, max_size=3), label="features")
    if data.draw(st.booleans(), label="own outline"):
        outline = make_outline("left", (0, 0, 100, 260))
        if data.draw(st.booleans(), label="random outline"):
            outline["geometry"] = data.draw(geometries)
        features.append(outline)
    doc = {"type": "FeatureCollection", "features": copy.deepcopy(features)}
    path = fuzz_dir / "mutated.geojson"
    path.write_bytes(_dump(doc, data.draw(st.booleans(), label="ascii")))
    _load(path, allow_markup=data.draw(st.booleans(), label="allow_markup"))


def test_the_mutation_strategy_reaches_both_outcomes(fuzz_dir, make_zone):
    # guard against a strategy that only ever produces refusals (or only successes)
    outcomes = set()
    path = fuzz_dir / "outcomes.geojson"

    @settings(max_examples=60, deadline=None, database=None)
    @given(feature=mutated_features(make_zone))
    def probe(feature):
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
        outcomes.add(_load(path) is not None)

    probe()
    assert outcomes == {True, False}


@FUZZ
@given(
    filename=st.one_of(
        st.text(max_size=40),
        st.sampled_from(["../../etc/passwd", "chart.json", ".geojson", "a/b\\c.geojson"]),
    ),
    data=st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda doc: _dump(doc, ascii_only=False)),
        st.builds(lambda doc: _dump({"type": "FeatureCollection", "features": doc}, True), json_values),
    ),
)
def test_arbitrary_upload(filename, data):
    """An upload from the app: any name, any bytes, gives a chart or a clean refusal naming a file."""
    from reflexmap.model import load_uploaded_map

    try:
        chart = load_uploaded_map(filename, data)
    except ChartError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert all("/" not in str(p.file) and "\\" not in str(p.file) for p in exc.problems)
        return
    _exercise(chart)


# --- lookups never raise --------------------------------------------------------------------------


@FUZZ
@given(query=st.one_of(st.text(), st.sampled_from(["lower back", "tummy", "a", "(", "\\b", "*", "\x00"])))
def test_find_never_raises(default_map, query):
    found = default_map.find(query)
    assert isinstance(found, pd.DataFrame)
    assert "score" in found.columns
    scores = found["score"].tolist()
    assert scores == sorted(scores, reverse=True)
    if len(query.strip()) < 2:
        assert found.empty


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # u = 1e308 and friends
@FUZZ
@given(
    foot=st.sampled_from(["left", "right"]),
    u=st.floats(allow_nan=True, allow_infinity=True),
    v=st.floats(allow_nan=True, allow_infinity=True),
)
def test_locate_never_raises(default_map, foot, u, v):
    hits = default_map.locate(foot, u, v)
    assert isinstance(hits, list)
    if not (math.isfinite(u) and math.isfinite(v)) or not (0 <= u <= 1 and 0 <= v <= 1):
        assert hits == []
