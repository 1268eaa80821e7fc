"""The one loader: chart files -> every problem found -> a validated :class:`~reflexmap.model.Chart`.

The default chart and a user's chart go through exactly the same checks. A chart is either

* a folder (or its ``chart.json`` manifest) naming zone files, overlay files and optional outlines, or
* a single GeoJSON FeatureCollection whose zone features carry the properties below and whose
  optional top-level ``"chart"`` member holds the metadata.

See ``docs`` in README.md ("Chart file format") for the full description.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .chart_translations import LANGUAGE_CODE, Translation, check_translation
from .problems import ChartError, Problem, feature_label

if TYPE_CHECKING:
    import pandas as pd

FEET = ("left", "right")
VIEWS = ("plantar", "dorsal", "medial", "lateral")
SYSTEMS = (
    "nervous",
    "endocrine",
    "sensory",
    "respiratory",
    "cardiovascular",
    "digestive",
    "urinary",
    "reproductive",
    "lymphatic",
    "musculoskeletal",
)
TECHNIQUE_KEYS = ("method", "how", "direction", "pressure", "duration")
OVERLAY_KINDS = ("guide_line", "longitudinal_zone")

# Limits that keep one chart from exhausting memory or time; the default chart uses a few percent.
MAX_FILE_BYTES = 5_000_000
MAX_FEATURES = 2_000
MAX_VERTICES_PER_FEATURE = 5_000
MAX_VERTICES_TOTAL = 300_000
MAX_TEXT_CHARS = 2_000
# A folder chart's files together (a manifest may name one large file many times).
MAX_CHART_BYTES = 4 * MAX_FILE_BYTES
# Loading stops here: a chart of a thousand zones over one another has a million overlaps, and
# listing them took longer and more memory than anyone could read them in.
MAX_PROBLEMS = 200
# Charts are in millimetres: a coordinate beyond a metre is a mistake, and near 1e308 arithmetic
# overflows into misleading problems ("self-intersection").
MAX_COORDINATE = 10_000.0
# Tolerances in mm^2 on a ~260 mm foot: rounding coordinates to 0.1 mm moves edges by that much.
OUTSIDE_TOLERANCE_MM2 = 3.0
OVERLAP_TOLERANCE_MM2 = 3.0

ZONE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Tags, comments and character references: charts hold plain text, and the app escapes it.
MARKUP = re.compile(r"<\s*[A-Za-z!/?]|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


@dataclass(frozen=True)
class ChartInfo:
    """Chart-level metadata."""

    title: str
    school: str = ""
    version: str = ""
    license: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    source: str = ""  # where the chart was loaded from


@dataclass
class LoadedChart:
    """What the loader hands to :class:`~reflexmap.model.Chart`: validated, typed, nothing else."""

    info: ChartInfo
    zones: pd.DataFrame
    outlines: dict[tuple[str, str], Polygon]
    overlays: pd.DataFrame
    translations: dict[str, Translation] = field(default_factory=dict)
    """The languages the chart declares, each with its usable text (see chart_translations)."""
    translation_problems: tuple[Problem, ...] = ()
    """What its translations lack: the chart still loads, showing English text marked."""
    language: str = "en"


class _TooManyProblems(Exception):
    """Raised by :class:`_Collector` at :data:`MAX_PROBLEMS`: the chart is refused as it stands."""


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)
    bytes_read: int = 0

    def add(self, file: str, message: str, zone: str | None = None, feature: int | None = None) -> None:
        # a chart's text may hold lone surrogates, which no terminal or page can encode
        self.problems.append(
            Problem(_printable(file), _printable(message), zone and _printable(zone), feature)
        )
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(Problem(file, f"checking stopped after {MAX_PROBLEMS} problems"))
            raise _TooManyProblems


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def default_chart_path() -> Path:
    """The manifest of the chart shipped inside the package."""
    return Path(str(resources.files("reflexmap.zones").joinpath("chart.json")))


def reference_outline_path(foot: str, view: str = "plantar") -> Path:
    """The reference outline of a foot and view, used by charts that do not bring their own."""
    return _outline_folder() / f"{foot}_{view}.geojson"


def _outline_folder() -> Path:
    """Where the reference outlines are: the checkout's ``assets/foot_outlines`` or the installed package.

    The outlines live outside the package folder (chart authors find them at the top level), and
    only an install maps them to ``reflexmap.foot_outlines``. So a checkout is asked first: there,
    after a plain ``pip install .``, that module does not exist, and an editable install's finder
    may point it at another checkout (a second worktree) than the one this code was imported from.
    The ``pyproject.toml`` beside it tells a checkout from a site-packages folder that happens to
    hold an ``assets`` folder of some other project.
    """
    root = Path(__file__).resolve().parent.parent
    checkout = root / "assets" / "foot_outlines"
    if (root / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return Path(str(resources.files("reflexmap.foot_outlines")))


def load_chart(
    source: str | Path | None = None, *, allow_markup: bool = False, single_file: bool = False
) -> LoadedChart:
    """Read and validate a chart; raise :class:`ChartError` listing every problem.

    ``source`` is a chart folder, a ``chart.json`` manifest or a single GeoJSON file; ``None``
    loads the default chart. ``allow_markup`` accepts tag-like text (it is still stored and shown
    as plain text); it exists so the app's escaping can be tested on hostile charts.
    ``single_file`` refuses manifests, for uploads that cannot bring the files one names.
    """
    out = _Collector()
    try:
        return _load(out, source, allow_markup, single_file)
    except _TooManyProblems:
        raise ChartError(out.problems) from None


def _load(out: _Collector, source: str | Path | None, allow_markup: bool, single_file: bool) -> LoadedChart:
    path = default_chart_path() if source is None else Path(source)
    if path.is_dir():
        path = path / "chart.json"
    label = path.name
    doc = _read_json(path, label, out)
    if doc is None:
        raise ChartError(out.problems)

    features: list[tuple[str, int, dict]] = []  # (file label, index, feature)
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        meta = doc.get("chart", {})
        for index, feature in _features(doc, label, out):
            features.append((label, index, feature))
        base_dir = path.parent
        outline_files: dict[str, Any] = {}
    elif single_file:
        out.add(label, "expected one GeoJSON FeatureCollection (a chart.json manifest cannot be uploaded)")
        raise ChartError(out.problems)
    elif isinstance(doc, dict) and "zones" in doc:
        meta = doc
        base_dir = path.parent
        names = [name for key in ("zones", "overlays") for name in _file_list(doc, key, label, out)]
        for name in names:
            # the limits are checked before each file is read, not after reading them all
            if len(features) > MAX_FEATURES or out.bytes_read > MAX_CHART_BYTES:
                out.add(label, f"the files listed are too large together; stopped before {_short(name)}")
                break
            sub = _resolve(base_dir, name, label, out)
            sub_doc = _read_json(sub, name, out) if sub else None
            if sub_doc is not None:
                features.extend((name, i, f) for i, f in _features(sub_doc, name, out))
        outline_files = doc.get("outlines", {})
        if not isinstance(outline_files, dict):
            out.add(label, "'outlines' must map a foot (left/right) to an outline file")
            outline_files = {}
    else:
        out.add(
            label, "not a chart: expected a GeoJSON FeatureCollection or a chart.json manifest with 'zones'"
        )
        raise ChartError(out.problems)

    info = _chart_info(meta, label, str(path), out, allow_markup)
    _check_counts(features, label, out)

    zone_rows: list[dict] = []
    overlay_rows: list[dict] = []
    outlines: dict[tuple[str, str], Polygon] = {}
    for file, index, feature in features:
        props = feature.get("properties")
        kind = props.get("kind", "zone") if isinstance(props, dict) else "zone"
        if kind == "zone":
            row = _zone_row(feature, file, index, out, allow_markup)
            if row is not None:
                zone_rows.append(row)
        elif kind == "outline":
            _add_outline(feature, file, index, outlines, out)
        elif kind in OVERLAY_KINDS:
            row = _overlay_row(feature, kind, file, index, out)
            if row is not None:
                overlay_rows.append(row)
        else:
            out.add(
                file,
                f"unknown feature kind {_short(kind)} (expected zone, outline, {', '.join(OVERLAY_KINDS)})",
                feature=index,
            )

    for foot, name in outline_files.items():
        sub = _resolve(base_dir, name, label, out) if isinstance(name, str) else None
        if foot not in FEET or sub is None:
            out.add(label, f"'outlines' entry {_short(foot)}: expected left/right mapped to a file name")
            continue
        sub_doc = _read_json(sub, name, out)
        if sub_doc is not None:
            for i, f in _features(sub_doc, name, out):
                _add_outline(f, name, i, outlines, out)

    used = {(r["foot"], r["view"]) for r in zone_rows} | {(r["foot"], r["view"]) for r in overlay_rows}
    for foot, view in sorted(used - outlines.keys()):
        ref = reference_outline_path(foot, view)
        if ref.exists():
            ref_doc = _read_json(ref, ref.name, out)
            for i, f in _features(ref_doc or {}, ref.name, out):
                _add_outline(f, ref.name, i, outlines, out)
        else:
            out.add(label, f"no outline for the {foot} foot, {view} view, and no reference outline exists")

    _check_duplicates(zone_rows, out)
    _check_against_outline(zone_rows, outlines, out)
    _check_overlaps(zone_rows, out)
    if not zone_rows and not out.problems:
        out.add(label, "the chart has no zones")
    if out.problems:
        raise ChartError(out.problems)

    # here, not at the top: `reflexmap serve` imports this module before it listens, pandas after
    import pandas as pd

    zones = pd.DataFrame(zone_rows).drop(columns=["_file", "_index"])
    zones["area_mm2"] = shapely.area(zones["geometry"].to_numpy())
    overlays = pd.DataFrame(overlay_rows, columns=["kind", "name", "number", "foot", "view", "geometry"])
    # guide lines have no number; a nullable integer keeps the bands' 1-5 from becoming 1.0-5.0
    overlays["number"] = overlays["number"].astype("Int64")
    overlays["label"] = overlays["name"]  # what a drawing shows; the name stays the line's id
    chart = LoadedChart(info=info, zones=zones, outlines=outlines, overlays=overlays)
    _add_translations(
        chart, meta.get("translations", {}) if isinstance(meta, dict) else {}, base_dir, label, allow_markup
    )
    return chart


def _add_translations(
    chart: LoadedChart, declared: Any, base_dir: Path, label: str, allow_markup: bool
) -> None:
    """Read and check the languages a chart declares into ``chart``: a file name each in a manifest,
    the translation itself in a single-file chart. Their problems never refuse the chart."""
    out = _Collector()
    try:
        if not isinstance(declared, dict):
            out.add(label, "'translations' must map a language code (ru) to its translation file")
            declared = {}
        for language, source in declared.items():
            if not isinstance(language, str) or not LANGUAGE_CODE.match(language) or language == "en":
                out.add(label, f"'translations': {_short(language)} is not a language code such as ru")
                continue
            file, doc = label, source
            if isinstance(source, str):
                # as for zone files: a manifest naming one large file many times is stopped
                if out.bytes_read > MAX_CHART_BYTES:
                    out.add(
                        label, f"the translations are too large together; stopped before {_short(source)}"
                    )
                    break
                path = _resolve(base_dir, source, label, out)
                file, doc = source, _read_json(path, source, out) if path else None
                if doc is None:
                    continue

            def text_ok(value: str, what: str, zone: str | None, file: str = file) -> bool:
                before = len(out.problems)
                _check_text(value, what, file, zone, None, out, allow_markup)
                return len(out.problems) == before

            translation, problems = check_translation(
                language,
                file,
                doc,
                chart.zones,
                set(chart.overlays["name"]),
                dataclasses.asdict(chart.info),
                text_ok,
            )
            chart.translations[language] = translation
            for problem in problems:
                out.add(problem.file, problem.message, problem.zone)
    except _TooManyProblems:
        pass
    # a text missing on both feet of a paired zone is one problem, not two
    chart.translation_problems = tuple(dict.fromkeys(out.problems))


def only_view(chart: LoadedChart, view: str) -> LoadedChart:
    """``chart`` with only the zones, outlines and overlays of one view (``chart`` itself when it
    holds no other); raises :class:`ChartError` when it has no zone on that view."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    zones, overlays = chart.zones, chart.overlays
    if set(zones["view"]) <= {view} and set(overlays["view"]) <= {view} and len(zones):
        return chart
    if not (zones["view"] == view).any():
        found = ", ".join(v for v in VIEWS if v in set(zones["view"]))
        raise ChartError(
            [Problem(Path(chart.info.source).name, f"no zones on the {view} view (only: {found})")]
        )
    return dataclasses.replace(
        chart,
        zones=zones[zones["view"] == view].reset_index(drop=True),
        outlines={key: shape for key, shape in chart.outlines.items() if key[1] == view},
        overlays=overlays[overlays["view"] == view].reset_index(drop=True),
    )


# --- reading --------------------------------------------------------------------------------------


def _read_bytes(path: Path, label: str, out: _Collector) -> bytes | None:
    """The file's bytes if it is a regular file within :data:`MAX_FILE_BYTES`.

    ``stat()`` says 0 bytes for /dev/zero, which never ends, and opening a FIFO waits for a
    writer: only a regular file is opened (without waiting, in case one was swapped in since),
    and never more than the limit is read, whatever its size said.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            out.add(label, "cannot read the file (not a regular file: a folder, device or pipe is no chart)")
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                out.add(label, "cannot read the file (not a regular file)")
                return None
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        out.add(label, f"cannot read the file ({exc.strerror or exc})")
        return None
    out.bytes_read += len(data)
    if len(data) > MAX_FILE_BYTES:
        size = max(path.stat().st_size, len(data))
        out.add(label, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    return data


def _read_json(path: Path, label: str, out: _Collector) -> Any | None:
    data = _read_bytes(path, label, out)
    if data is None:
        return None
    if not data.strip():
        out.add(label, "the file is empty")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        out.add(label, f"not UTF-8 text (byte {exc.start})")
        return None
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        out.add(label, f"not valid JSON: {exc}")
        return None
    except RecursionError:
        out.add(label, "not valid JSON: nested too deeply")
        return None
    if doc is None:  # callers take None for "already reported"; a bare `null` must not pass silently
        out.add(label, "not a chart: the file holds only JSON null")
    return doc


def _short(value: Any, limit: int = 40) -> str:
    """repr() of a bad value, cut so one huge value cannot flood the message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in a chart")


def _resolve(base: Path, name: Any, label: str, out: _Collector) -> Path | None:
    # Chart files may only name files beside the manifest, so an uploaded chart cannot read others.
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith("."):
        out.add(label, f"file name {_short(name)} must be a plain file name in the chart's folder")
        return None
    return base / name


def _file_list(doc: dict, key: str, label: str, out: _Collector) -> list[str]:
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        out.add(label, f"'{key}' must be a list of file names")
        return []
    return value


def _features(doc: Any, label: str, out: _Collector) -> Iterator[tuple[int, dict]]:
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        out.add(label, "expected a GeoJSON FeatureCollection")
        return
    features = doc.get("features")
    if not isinstance(features, list):
        out.add(label, "'features' must be a list")
        return
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            out.add(label, "not a GeoJSON Feature", feature=index)
            continue
        if not isinstance(feature.get("properties"), dict):
            out.add(label, "'properties' must be an object", feature=index)
            continue
        yield index, feature


def _check_counts(features: list[tuple[str, int, dict]], label: str, out: _Collector) -> None:
    if len(features) > MAX_FEATURES:
        out.add(label, f"{len(features):,} features; the limit is {MAX_FEATURES:,}")
        del features[MAX_FEATURES:]
    total = sum(_count_positions(f.get("geometry")) for _, _, f in features)
    if total > MAX_VERTICES_TOTAL:
        out.add(label, f"{total:,} vertices in all; the limit is {MAX_VERTICES_TOTAL:,}")
        features.clear()


def _count_positions(geometry: Any) -> int:
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    count = 0
    stack = [coords]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            if item and not isinstance(item[0], list):
                count += 1
            else:
                stack.extend(item)
    return count


# --- metadata -------------------------------------------------------------------------------------


def _chart_info(meta: Any, label: str, source: str, out: _Collector, allow_markup: bool) -> ChartInfo:
    if not isinstance(meta, dict):
        out.add(label, "'chart' metadata must be an object")
        meta = {}
    values: dict[str, Any] = {}
    for key in ("title", "school", "version", "license", "description"):
        value = meta.get(key, "")
        if key == "title" and not value:
            value = Path(source).stem
        if not isinstance(value, str):
            out.add(label, f"chart '{key}' must be text")
            value = ""
        _check_text(value, f"chart '{key}'", label, None, None, out, allow_markup)
        values[key] = value
    sources = meta.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        out.add(label, "chart 'sources' must be a list of text")
        sources = []
    for s in sources:
        _check_text(s, "chart 'sources'", label, None, None, out, allow_markup)
    return ChartInfo(sources=tuple(sources), source=source, **values)


# --- zones ----------------------------------------------------------------------------------------


def _zone_row(feature: dict, file: str, index: int, out: _Collector, allow_markup: bool) -> dict | None:
    props = feature["properties"]
    zid = props.get("zone_id")
    zone = zid if isinstance(zid, str) and zid else None
    before = len(out.problems)

    def bad(message: str) -> None:
        out.add(file, message, zone, index)

    def text(key: str, required: bool = True) -> str:
        value = props.get(key, None if required else "")
        if value is None:
            bad(f"missing property '{key}'")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            bad(f"'{key}' must be non-empty text" if required else f"'{key}' must be text")
            return ""
        _check_text(value, f"'{key}'", file, zone, index, out, allow_markup)
        return value

    def choice(key: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
        value = props.get(key, default)
        if value is None:
            bad(f"missing property '{key}'")
        elif value not in allowed:
            bad(f"unknown {key} {_short(value)} (expected one of: {', '.join(allowed)})")
        return value

    def text_list(key: str, required: bool) -> tuple[str, ...]:
        value = props.get(key)
        if value is None:
            if required:
                bad(f"missing property '{key}'")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            bad(f"'{key}' must be a list of text")
            return ()
        if required and not value:
            bad(f"'{key}' must name at least one item")
        for v in value:
            _check_text(v, f"'{key}'", file, zone, index, out, allow_markup)
        return tuple(value)

    if zone is None:
        bad("missing property 'zone_id'" if zid is None else "'zone_id' must be non-empty text")
    elif not ZONE_ID.match(zone):
        bad("'zone_id' must be a slug: lower-case letters, digits and single hyphens")
    name = text("name")
    foot = choice("foot", FEET)
    view = choice("view", VIEWS, default="plantar")
    system = choice("system", SYSTEMS)
    body_areas = text_list("body_areas", required=True)
    caveats = text_list("caveats", required=False) if "caveats" in props else None
    if caveats is None:
        bad("missing property 'caveats' (use [] when the zone has none)")
        caveats = ()
    keywords = text_list("keywords", required=False)
    overlaps = text_list("overlaps", required=False)
    notes = text("notes", required=False)
    technique = _technique(props.get("technique"), file, zone, index, out, allow_markup)
    geometry = _geometry(feature.get("geometry"), file, zone, index, out)
    if len(out.problems) > before:
        return None
    return {
        "zone_id": zone,
        "foot": foot,
        "view": view,
        "name": name,
        "system": system,
        "body_areas": body_areas,
        "technique": technique,
        "caveats": caveats,
        "notes": notes,
        "keywords": keywords,
        "overlaps": overlaps,
        "geometry": geometry,
        "_file": file,
        "_index": index,
    }


def _technique(
    value: Any, file: str, zone: str | None, index: int, out: _Collector, allow_markup: bool
) -> dict[str, str]:
    if not isinstance(value, dict):
        out.add(file, f"'technique' must be an object with {', '.join(TECHNIQUE_KEYS)}", zone, index)
        return {}
    result = {}
    for key in TECHNIQUE_KEYS:
        item = value.get(key)
        if not isinstance(item, str) or not item.strip():
            out.add(file, f"'technique.{key}' must be non-empty text", zone, index)
            continue
        _check_text(item, f"'technique.{key}'", file, zone, index, out, allow_markup)
        result[key] = item
    return result


def _check_text(
    value: str, what: str, file: str, zone: str | None, index: int | None, out: _Collector, allow_markup: bool
) -> None:
    if len(value) > MAX_TEXT_CHARS:
        out.add(file, f"{what} is {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,}", zone, index)
    if _printable(value) != value:
        out.add(
            file,
            f"{what} contains a lone surrogate (half of a \\u escape pair), which is not text",
            zone,
            index,
        )
    if not allow_markup and (m := MARKUP.search(value)):
        out.add(
            file,
            f"{what} contains markup ({value[m.start() : m.start() + 12]!r}...); charts hold plain text only",
            zone,
            index,
        )


def _geometry(value: Any, file: str, zone: str | None, index: int, out: _Collector) -> BaseGeometry | None:
    def bad(message: str) -> None:
        out.add(file, message, zone, index)

    if not isinstance(value, dict):
        bad("missing geometry")
        return None
    kind = value.get("type")
    coords = value.get("coordinates")
    if kind == "Polygon":
        parts = [coords]
    elif kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            bad("MultiPolygon needs a non-empty list of polygons")
            return None
        parts = coords
    else:
        bad(f"geometry must be a Polygon or MultiPolygon, not {_short(kind)}")
        return None
    if _count_positions(value) > MAX_VERTICES_PER_FEATURE:
        bad(f"more than {MAX_VERTICES_PER_FEATURE:,} vertices")
        return None
    polygons = []
    for part in parts:
        rings = _rings(part, bad)
        if rings is None:
            return None
        polygons.append(Polygon(rings[0], rings[1:]))
    geom = polygons[0] if kind == "Polygon" else MultiPolygon(polygons)
    if not geom.is_valid:
        bad(f"invalid polygon: {shapely.is_valid_reason(geom)}")
        return None
    return geom


def _rings(part: Any, bad) -> list[list[tuple[float, float]]] | None:
    if not isinstance(part, list) or not part:
        bad("a polygon needs a list of rings")
        return None
    rings = []
    for ring in part:
        points = _positions(ring, "a ring", bad)
        if points is None:
            return None
        if len(points) < 4 or len(set(points)) < 3:
            bad("a ring needs at least 3 distinct points (4 positions, first repeated last)")
            return None
        if points[0] != points[-1]:
            bad("a ring is not closed: its first and last positions differ")
            return None
        rings.append(points)
    return rings


def _positions(items: Any, what: str, bad) -> list[tuple[float, float]] | None:
    if not isinstance(items, list):
        bad(f"{what} must be a list of [x, y] positions")
        return None
    points = []
    for pos in items:
        if (
            not isinstance(pos, list)
            or len(pos) < 2
            or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in pos[:2])
        ):
            bad(f"position {_short(pos)} is not [x, y] numbers")
            return None
        try:
            x, y = float(pos[0]), float(pos[1])
        except OverflowError:  # a JSON integer too large for a float
            bad("a coordinate is too large")
            return None
        if not (math.isfinite(x) and math.isfinite(y)):
            bad("a coordinate is NaN or infinite")
            return None
        if abs(x) > MAX_COORDINATE or abs(y) > MAX_COORDINATE:
            bad(f"a coordinate is beyond ±{MAX_COORDINATE:,.0f} mm")
            return None
        points.append((x, y))
    return points


def _add_outline(feature: dict, file: str, index: int, outlines: dict, out: _Collector) -> None:
    props = feature["properties"]
    foot, view = props.get("foot"), props.get("view", "plantar")
    if foot not in FEET or view not in VIEWS:
        got = f"{_short(foot)}, {_short(view)}"
        out.add(file, f"outline needs foot (left/right) and view; got {got}", feature=index)
        return
    geom = _geometry(feature.get("geometry"), file, f"outline {foot}", index, out)
    if isinstance(geom, MultiPolygon):
        out.add(file, "an outline must be a single Polygon", f"outline {foot}", index)
    elif geom is not None:
        if (foot, view) in outlines:
            out.add(file, f"a second outline for the {foot} foot, {view} view", f"outline {foot}", index)
        outlines[(foot, view)] = geom


def _overlay_row(feature: dict, kind: str, file: str, index: int, out: _Collector) -> dict | None:
    props = feature["properties"]
    foot, view, name = props.get("foot"), props.get("view", "plantar"), props.get("name")
    if foot not in FEET or view not in VIEWS or not isinstance(name, str) or MARKUP.search(name):
        out.add(file, f"{kind} needs plain-text 'name', 'foot' (left/right) and 'view'", feature=index)
        return None
    before = len(out.problems)
    _check_text(name, f"{kind} 'name'", file, None, index, out, allow_markup=False)
    what = f"{kind} {_short(name)}"
    if kind == "longitudinal_zone":
        geom = _geometry(feature.get("geometry"), file, what, index, out)
    else:
        geom = _line_geometry(feature.get("geometry"), file, what, index, out)
    if geom is None or len(out.problems) > before:
        return None
    number = props.get("number")
    return {
        "kind": kind,
        "name": name,
        "number": number if isinstance(number, int) else None,
        "foot": foot,
        "view": view,
        "geometry": geom,
    }


def _line_geometry(value: Any, file: str, what: str, index: int, out: _Collector) -> BaseGeometry | None:
    """A guide line: a LineString or MultiLineString, within the vertex and coordinate limits."""

    def bad(message: str) -> None:
        out.add(file, message, what, index)

    kind = value.get("type") if isinstance(value, dict) else None
    if kind not in ("LineString", "MultiLineString"):
        bad(f"geometry must be a LineString or MultiLineString, not {_short(kind)}")
        return None
    if _count_positions(value) > MAX_VERTICES_PER_FEATURE:
        bad(f"more than {MAX_VERTICES_PER_FEATURE:,} vertices")
        return None
    coords = value.get("coordinates")
    lines = [coords] if kind == "LineString" else coords
    if not isinstance(lines, list) or not lines:
        bad(f"{kind} needs a non-empty list of lines")
        return None
    parts = []
    for line in lines:
        points = _positions(line, "a line", bad)
        if points is None:
            return None
        if len(set(points)) < 2:
            bad("a line needs at least 2 distinct points")
            return None
        parts.append(LineString(points))
    return parts[0] if kind == "LineString" else MultiLineString(parts)


# --- whole-chart checks ---------------------------------------------------------------------------


def _check_duplicates(rows: list[dict], out: _Collector) -> None:
    seen: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        key = (row["zone_id"], row["foot"], row["view"])
        if key in seen:
            first = seen[key]
            out.add(
                row["_file"],
                f"duplicate zone_id on the {row['foot']} foot, {row['view']} view "
                f"(first in {first['_file']}, {feature_label(first['_index'])})",
                row["zone_id"],
                row["_index"],
            )
        else:
            seen[key] = row


def _check_against_outline(rows: list[dict], outlines: dict, out: _Collector) -> None:
    for row in rows:
        outline = outlines.get((row["foot"], row["view"]))
        if outline is None or outline.covers(row["geometry"]):  # the cheap test settles most zones
            continue
        outside = row["geometry"].difference(outline).area
        if outside > OUTSIDE_TOLERANCE_MM2:
            out.add(
                row["_file"],
                f"{outside:.1f} mm² lies outside the {row['foot']} foot outline{_of_view(row['view'])} "
                f"(tolerance {OUTSIDE_TOLERANCE_MM2} mm²)",
                row["zone_id"],
                row["_index"],
            )


def _of_view(view: str) -> str:
    # a sole-only chart's messages stay as they were; another view is named
    return "" if view == "plantar" else f" ({view} view)"


def _check_overlaps(rows: list[dict], out: _Collector) -> None:
    known = {row["zone_id"] for row in rows}
    for row in rows:
        for other in row["overlaps"]:
            if other not in known:
                out.add(
                    row["_file"],
                    f"'overlaps' names {_short(other)}, which is not a zone of this chart",
                    row["zone_id"],
                    row["_index"],
                )
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["foot"], row["view"]), []).append(row)
    for group in groups.values():
        geoms = [r["geometry"] for r in group]
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        for i, j in zip(left.tolist(), right.tolist(), strict=True):
            if i >= j:
                continue
            a, b = group[i], group[j]
            if b["zone_id"] in a["overlaps"] or a["zone_id"] in b["overlaps"]:
                continue
            area = a["geometry"].intersection(b["geometry"]).area
            if area > OVERLAP_TOLERANCE_MM2:
                out.add(
                    b["_file"],
                    f"overlaps zone '{a['zone_id']}' by {area:.1f} mm² "
                    f"on the {b['foot']} foot{_of_view(b['view'])}; "
                    "list it in 'overlaps' if the overlap is intended",
                    b["zone_id"],
                    b["_index"],
                )
