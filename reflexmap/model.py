"""The zone model: a validated chart as a pandas table, with lookups by point and by words.

Nothing here reads files or knows about Panel; :func:`load_chart` is the only way in.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from . import content
from .chart_translations import apply_translation
from .charts import FEET, MAX_FILE_BYTES, VIEWS, ChartInfo, LoadedChart, only_view
from .charts import load_chart as read_chart
from .geometry import chart_to_normalized, normalized_to_chart
from .i18n import DEFAULT_LANGUAGE
from .problems import ChartError, Problem, ZoneMapError
from .typos import MIN_LENGTH, Vocabulary

# The exact label point (polylabel on a zone minus the smaller zones drawn over it) costs about
# vertices x cells: the default chart needs at most ~500 vertices for one zone, while a hostile
# chart within every limit (thirty 5,000-vertex stars over one another) kept a server busy for
# minutes. Beyond this many vertices a sampled point is used instead (see _sampled_label_point).
EXACT_LABEL_VERTICES = 4_000
LABEL_SAMPLES = 24  # per side of the sampling grid
MAX_NAME_CHARS = 80  # of an uploaded file's name as problems repeat it


@dataclass(frozen=True)
class Technique:
    """How to work a zone."""

    method: str
    how: str
    direction: str
    pressure: str
    duration: str


@dataclass(frozen=True)
class Zone:
    """Everything about one reflex zone on one foot."""

    zone_id: str
    name: str
    foot: str
    view: str
    system: str
    body_areas: tuple[str, ...]
    technique: Technique
    caveats: tuple[str, ...]
    notes: str
    keywords: tuple[str, ...]
    feet: tuple[str, ...]
    """Every foot this zone appears on (``("left", "right")`` for paired zones)."""
    geometry: BaseGeometry

    @property
    def paired(self) -> bool:
        return len(self.feet) > 1


def load_chart(source: str | Path | None = None, *, allow_markup: bool = False) -> Chart:
    """Load and validate a chart; ``None`` loads the default chart shipped with reflexmap.

    ``source`` may be a chart folder, its ``chart.json`` manifest or a single GeoJSON file.
    Raises :class:`~reflexmap.problems.ChartError` (a ``ValueError``) listing every problem:
    file, zone and rule.
    """
    return Chart(read_chart(source, allow_markup=allow_markup))


# The names before 0.2, when the API said "map" for the chart as well as for its drawing, kept
# for a release for code outside the package (`reflexmap.load_map` and `reflexmap.ZoneMap` warn);
# the package itself uses the new names (tests/test_names.py).
load_map = load_chart


def load_uploaded_map(filename: str, data: bytes, *, allow_markup: bool = False) -> Chart:
    """Validate a single-file chart received as bytes (an upload) with the same loader as files.

    Problems name ``filename``. Nothing is kept on disk afterwards.
    """
    return Chart(read_upload(filename, data, allow_markup=allow_markup))


def read_upload(filename: str, data: bytes, *, allow_markup: bool = False) -> LoadedChart:
    """What :func:`load_uploaded_map` validates, before it becomes a :class:`Chart`: plain
    data that a worker process can send back."""
    name = Path(filename or "upload.geojson").name
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in name).lstrip(".") or "upload.geojson"
    if len(name) > MAX_NAME_CHARS:  # file systems refuse names over 255 bytes
        suffix = Path(name).suffix[:10]
        name = name[: MAX_NAME_CHARS - len(suffix) - 3] + "..." + suffix
    if len(data) > MAX_FILE_BYTES:
        raise ChartError([Problem(name, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")])
    with tempfile.TemporaryDirectory(prefix="reflexmap-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        # a manifest would name other files, which an upload cannot bring: one file only
        chart = read_chart(path, allow_markup=allow_markup, single_file=True)
        chart.info = dataclasses.replace(chart.info, source=name)
        return chart


def _sampled_label_point(target: BaseGeometry, covering: np.ndarray) -> Point:
    """A label point for a zone too complex for polylabel, in time linear in its vertices: of a
    grid of points over the zone, the one inside it and outside ``covering`` farthest from its
    edge; the zone's representative point when no grid point is free."""
    minx, miny, maxx, maxy = target.bounds
    gx, gy = np.meshgrid(
        np.linspace(minx, maxx, LABEL_SAMPLES + 2)[1:-1], np.linspace(miny, maxy, LABEL_SAMPLES + 2)[1:-1]
    )
    points = shapely.points(gx.ravel(), gy.ravel())
    tree = shapely.STRtree(points)
    free = np.zeros(len(points), dtype=bool)
    free[tree.query(target, predicate="contains_properly")] = True
    free[tree.query(covering, predicate="intersects")[1]] = False
    if not free.any():
        return target.representative_point()
    points = points[free]
    return points[int(np.argmax(shapely.distance(target.boundary, points)))]


def fold_for_search(text: str) -> str:
    """``text`` as search compares it: case-folded, runs of spaces, ``_`` and ``-`` as one space.

    Public because the offline page's search folds its vocabulary with it in Python.
    """
    # Russian print writes yo (\u0451) as ye (\u0435) more often than not: one letter to a reader
    return re.sub(r"[\s_-]+", " ", text.casefold().replace("\u0451", "\u0435")).strip()


# How much a zone found through a corrected typo counts against one found as typed.
TYPO_WEIGHT = 0.8

HOME_VIEW = "home"
"""``find``'s default view: the chart's :attr:`Chart.home_view` (``None`` searches every view)."""


def _terms(q: str, synonyms: dict[str, tuple[str, ...]]) -> dict[str, float]:
    """The normalized query and the synonyms it names, with the weight each counts for."""
    terms = {q: 1.0}
    matched: list[str] = []
    # Longest synonyms first, and a word inside an already matched phrase does not count
    # again: "lower back" should not also pull in everything the broad "back" maps to.
    for word, expansions in sorted(synonyms.items(), key=lambda item: -len(item[0])):
        if any(word in longer for longer in matched):
            continue
        if re.search(rf"\b{re.escape(word)}\b", q):
            matched.append(word)
            for term in expansions:
                terms.setdefault(fold_for_search(term), 0.5)
    return terms


class Chart:
    """A validated reflexology chart.

    ``zones`` is a DataFrame with one row per zone polygon (a zone on both feet has two rows) and
    the columns ``zone_id, foot, view, name, system, body_areas, technique, caveats, notes,
    keywords, overlaps, geometry, area_mm2``.
    """

    def __init__(
        self,
        chart: LoadedChart,
        *,
        inner_points: dict[tuple[str, str, str], Point] | None = None,
        english: Chart | None = None,
    ):
        """``inner_points``: :meth:`inner_point` answers already found (by a worker process);
        ``english``: the chart this one translates (:meth:`translated`)."""
        self._chart = chart
        self._english = english
        self._translated: dict[str, Chart] = {}
        self._zones = chart.zones
        self._trees: dict[tuple[str, str], tuple[shapely.STRtree, np.ndarray]] = {}
        # per foot and view, in table order: zone ids, areas and geometries for inner_point, which
        # runs once per zone when a dashboard starts and spent most of its time filtering the table
        self._columns: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._inner_points: dict[tuple[str, str, str], Point] = dict(inner_points or {})
        if english is not None:  # the same shapes: a label point found in one language serves all
            self._inner_points = english._inner_points
        self._view_charts: dict[str, Chart] = {}
        present = set(self._zones["view"])
        # a chart of one view (for_view) answers on it; a chart of several, on the soles
        self._home_view = next(iter(present)) if len(present) == 1 else "plantar"
        for (foot, view), rows in self._zones.groupby(["foot", "view"]):
            geometries = rows["geometry"].to_numpy()
            # inner_point tests each zone against the others: indexing each zone's edges once
            # keeps a chart of many-vertex zones from re-indexing them for every other zone
            shapely.prepare(geometries)
            self._columns[(foot, view)] = (
                rows["zone_id"].to_numpy(),
                rows["area_mm2"].to_numpy(),
                geometries,
            )
            # Order each foot's zones smallest first so a point in a small zone drawn over a larger
            # one (pituitary on the brain) names the more specific zone first.
            rows = rows.sort_values("area_mm2", kind="stable")
            self._trees[(foot, view)] = (
                shapely.STRtree(rows["geometry"].to_numpy()),
                rows["zone_id"].to_numpy(),
            )
        self._synonyms = {
            fold_for_search(word): terms
            for lang in dict.fromkeys([DEFAULT_LANGUAGE, chart.language])
            for word, terms in content.synonyms(lang).items()
        }
        self._search = self._search_table()
        self._vocabulary = Vocabulary(
            [*(self._search[c].str.cat(sep=" ") for c in self._search.columns), *self._synonyms]
        )
        # (zone_id, foot, view) -> row position: the app asks this on every click, and a dict
        # lookup is a hundred times cheaper than filtering the DataFrame.
        self._positions = {
            key: i
            for i, key in enumerate(
                zip(self._zones["zone_id"], self._zones["foot"], self._zones["view"], strict=True)
            )
        }
        # asked on every click too; the zones never change
        present = {(foot, view) for _zone, foot, view in self._positions}
        self._feet = tuple(f for f in FEET if any(f == foot for foot, _view in present))
        self._views = tuple(v for v in VIEWS if any(v == view for _foot, view in present))

    # --- the data ------------------------------------------------------------------------------

    @property
    def zones(self) -> pd.DataFrame:
        """One row per zone polygon; treat it as read-only."""
        return self._zones

    @property
    def overlays(self) -> pd.DataFrame:
        """Guide lines (``kind == "guide_line"``) and longitudinal zones (``"longitudinal_zone"``)."""
        return self._chart.overlays

    @property
    def info(self) -> ChartInfo:
        """Chart metadata: title, school, version, license, sources."""
        return self._chart.info

    @property
    def caveats(self) -> content.Safety:
        """The general caveats: the diagnostic limit, contraindications, pregnancy and children."""
        return content.safety(self.language)

    @property
    def routines(self) -> content.Routines:
        """The routines from the source text, as ordered steps naming zones."""
        return content.routines(self.language)

    @property
    def handbook(self) -> content.Handbook:
        """Everything else the source text teaches: massage types, courses, oils, evidence."""
        return content.handbook(self.language)

    @property
    def feet(self) -> tuple[str, ...]:
        """Feet that have zones, in chart order (left, right)."""
        return self._feet

    @property
    def home_view(self) -> str:
        """The view a zone named by id and foot alone is on: the chart's own view when it has one
        (a :meth:`for_view` chart, so a drawing of the top works by foot alone), else the soles.
        Every method taking ``view`` uses it when none is given."""
        return self._home_view

    @property
    def views(self) -> tuple[str, ...]:
        """Views that have zones, in chart order (plantar, dorsal, medial, lateral)."""
        return self._views

    @property
    def language(self) -> str:
        """The language of this chart's text ("en" unless it came from :meth:`translated`)."""
        return self._chart.language

    @property
    def languages(self) -> tuple[str, ...]:
        """English and the languages the chart declares a translation for."""
        return (DEFAULT_LANGUAGE, *sorted(self._chart.translations))

    @property
    def translation_problems(self) -> tuple[Problem, ...]:
        """What the chart's translations lack (file, zone, field); that text is shown in English."""
        return self._chart.translation_problems

    def translated(self, lang: str) -> Chart:
        """This chart with its text in ``lang``: names, body areas, technique, caveats, notes,
        keywords, overlay labels and title. Text the chart's translation lacks is English behind
        :func:`reflexmap.i18n.untranslated`'s marker; a chart with no translation into ``lang`` at
        all (``lang`` not in :attr:`languages`) is in English unmarked. The geometry and ids are
        the same.

        The chart itself for English; otherwise made once and kept. Its :meth:`find` also knows
        the English words, so a query in either language (or both) works.
        """
        if self._english is not None:
            return self if lang == self.language else self._english.translated(lang)
        if lang == DEFAULT_LANGUAGE:
            return self
        if lang not in self._translated:
            zones, overlays, info = apply_translation(
                self._zones, self._chart.overlays, self.info, self._chart.translations.get(lang), lang
            )
            chart = dataclasses.replace(self._chart, zones=zones, overlays=overlays, info=info, language=lang)
            self._translated[lang] = Chart(chart, english=self)
        return self._translated[lang]

    def for_view(self, view: str) -> Chart:
        """This chart with only one view's zones, outlines and overlays: what a drawing of that
        view, and everything that names zones by foot alone (search, quiz, lists), works on.

        The chart itself when it has no other view; otherwise made once and kept. Raises
        :class:`ChartError` when the chart has no zone on ``view``.
        """
        if self._english is not None:
            return self._english.for_view(view).translated(self.language)
        if view not in self._view_charts:
            part = only_view(self._chart, view)
            if part is self._chart:
                return self
            points = {key: point for key, point in self._inner_points.items() if key[2] == view}
            self._view_charts[view] = Chart(part, inner_points=points)
        return self._view_charts[view]

    def outline(self, foot: str, view: str | None = None) -> Polygon:
        """The outline polygon of a foot in chart millimetres."""
        view = view or self._home_view
        try:
            return self._chart.outlines[(foot, view)]
        except KeyError:
            raise KeyError(f"this chart has no outline for foot={foot!r}, view={view!r}") from None

    def has_zone(self, zone_id: str, foot: str, view: str | None = None) -> bool:
        """Whether the chart has this zone on this foot."""
        return (zone_id, foot, view or self._home_view) in self._positions

    def feet_of(self, zone_id: str, view: str | None = None) -> tuple[str, ...]:
        """The feet a zone appears on, in chart order (empty if the chart has no such zone)."""
        view = view or self._home_view
        return tuple(f for f in FEET if (zone_id, f, view) in self._positions)

    def inner_point(self, zone_id: str, foot: str, view: str | None = None) -> Point:
        """A point well inside a zone and clear of the smaller zones drawn over it.

        Where a label for the zone belongs, and where a click selects it: a click names the
        smallest zone under it, so the point keeps away from zones that overlap this one by design.
        """
        view = view or self._home_view
        key = (zone_id, foot, view)
        if key not in self._inner_points:
            if not self.has_zone(zone_id, foot, view):
                raise KeyError(f"no zone {zone_id!r} on the {foot} foot")
            ids, areas, geometries = self._columns[(foot, view)]
            own = ids == zone_id
            target, area = geometries[own][0], areas[own][0]
            # smaller zones that do not touch this one cannot change what is left of it
            smaller = ~own & (areas <= area) & shapely.intersects(geometries, target)
            covering = geometries[smaller]
            vertices = shapely.get_num_coordinates(covering).sum() + shapely.get_num_coordinates(target)
            if vertices > EXACT_LABEL_VERTICES:
                self._inner_points[key] = _sampled_label_point(target, covering)
            else:
                free = target.difference(shapely.union_all(covering))
                if free.is_empty:
                    free = target
                largest = max(getattr(free, "geoms", [free]), key=lambda g: g.area)
                self._inner_points[key] = polylabel(largest, tolerance=0.2)
        return self._inner_points[key]

    def zone(self, zone_id: str, foot: str | None = None, view: str | None = None) -> Zone:
        """Everything about one zone. With ``foot=None`` a zone on both feet is returned for the
        first foot it appears on; ``Zone.feet`` tells you where else it is."""
        view = view or self._home_view
        feet = self.feet_of(zone_id, view)
        if not feet:
            elsewhere = [v for v in self.views if self.feet_of(zone_id, v)]
            where = f" (it is on the {', '.join(elsewhere)} view)" if elsewhere else ""
            raise KeyError(f"no zone {zone_id!r} on the {view} view of this chart{where}")
        if foot is None:
            foot = feet[0]
        elif foot not in feet:
            raise KeyError(f"zone {zone_id!r} is not on the {foot} foot (it is on: {', '.join(feet)})")
        row = self._zones.iloc[self._positions[(zone_id, foot, view)]]
        return Zone(
            zone_id=row["zone_id"],
            name=row["name"],
            foot=row["foot"],
            view=row["view"],
            system=row["system"],
            body_areas=row["body_areas"],
            technique=Technique(**row["technique"]),
            caveats=row["caveats"],
            notes=row["notes"],
            keywords=row["keywords"],
            feet=feet,
            geometry=row["geometry"],
        )

    # --- lookups -------------------------------------------------------------------------------

    def locate(self, foot: str, u, v, view: str | None = None) -> list[str] | list[list[str]]:
        """Zones containing a point given in normalized foot coordinates.

        ``u`` runs from 0 at the medial (big-toe) edge to 1 at the lateral edge of the outline's
        bounding box; ``v`` from 0 at the back of the heel to 1 at the tip of the longest toe.
        For scalar ``u, v`` returns a list of zone ids (empty outside every zone, several where
        zones overlap by design, smallest first; a point on a shared border belongs to both).
        For arrays returns one such list per point.
        """
        if foot not in FEET:
            raise ValueError(f"foot must be one of {FEET}, not {foot!r}")
        view = view or self._home_view
        scalar = np.ndim(u) == 0 and np.ndim(v) == 0
        x, y = normalized_to_chart(self.outline(foot, view), u, v)
        x, y = np.broadcast_arrays(np.atleast_1d(x), np.atleast_1d(y))
        hits = self.locate_chart(foot, x.ravel(), y.ravel(), view)
        return hits[0] if scalar else hits

    def locate_chart(self, foot: str, x, y, view: str | None = None) -> list[list[str]]:
        """Like :meth:`locate` but for points in chart millimetres; always takes arrays."""
        view = view or self._home_view
        x = np.asarray(x, dtype=float).ravel()
        y = np.asarray(y, dtype=float).ravel()
        if (foot, view) not in self._trees:
            return [[] for _ in range(len(x))]
        tree, ids = self._trees[(foot, view)]
        points = shapely.points(x, y)
        point_idx, zone_idx = tree.query(points, predicate="intersects")
        # One sort key orders hits by point, then by the tree's smallest-first order; slicing a
        # Python list per point is several times faster than converting numpy slices.
        order = np.argsort(point_idx * len(ids) + zone_idx, kind="stable")
        names = ids[zone_idx[order]].tolist()
        bounds = np.searchsorted(point_idx[order], np.arange(len(x) + 1)).tolist()
        return [names[a:b] for a, b in itertools.pairwise(bounds)]

    def to_normalized(self, foot: str, x, y, view: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Chart millimetres to normalized (u, v) for a foot."""
        return chart_to_normalized(self.outline(foot, view or self._home_view), x, y)

    def find(self, query: str, view: str | None = HOME_VIEW) -> pd.DataFrame:
        """Zones whose name, body areas, system, keywords or everyday synonyms match ``query``.

        Case-insensitive; "headache", "lower back", "tummy" and "sinus" all work. Returns rows of
        :attr:`zones` on both feet and one ``view`` (:attr:`home_view` unless asked; ``None`` for
        every view), best match first, with a ``score`` column.
        """
        if view == HOME_VIEW:
            view = self._home_view
        if view is not None:
            found = self.find(query, view=None)
            return found[found["view"] == view]
        q = fold_for_search(query)
        # judge the length as typed: casefolding can lengthen a character ("ß" -> "ss")
        if len(query.strip()) < 2 or len(q) < 2:
            return self._zones.iloc[0:0].assign(score=pd.Series(dtype=int))
        # A query with a misspelt word is searched as corrected (the word as typed names nothing)
        # and counts for less, so a corrected "livr" never outranks what a correct word finds.
        corrected = self._vocabulary.correct(q)
        scale = 1.0 if corrected == q else TYPO_WEIGHT
        score = self._scores(corrected, scale)
        if not score.any():
            # Words that name nothing together ("kidney and liver", or Russian and English mixed)
            # are each searched on their own; short ones ("and") are too unspecific alone.
            for word in corrected.split(" "):
                if len(word) >= MIN_LENGTH:
                    score = np.maximum(score, self._scores(word, scale))
        # only the matching rows are copied: a zone row is wide (its geometry, technique, notes)
        hit = score > 0
        result = self._zones[hit].assign(score=score[hit])
        return result.sort_values(["score", "name", "foot"], ascending=[False, True, True], kind="stable")

    def _scores(self, q: str, scale: float) -> np.ndarray:
        """Each zone row's score for the normalized query ``q`` and the synonyms it names."""
        terms = {term: weight * scale for term, weight in _terms(q, self._synonyms).items()}
        table = self._search
        score = np.zeros(len(table))
        for term, weight in terms.items():
            for column, points in (("name", 100), ("areas", 60), ("keywords", 40), ("system", 20)):
                hit = table[column].str.contains(term, regex=False).to_numpy()
                score = np.maximum(score, np.where(hit, points * weight, 0))
            exact = (table["exact"] == term).to_numpy()
            score = np.maximum(score, np.where(exact, 150 * weight, 0))
        return score

    def condition(self, query: str) -> content.Condition | None:
        """The disease, symptom or health claim ``query`` names ("diabetes", "detox"), if any.

        Show its :attr:`~reflexmap.content.Condition.notice` before :meth:`find`'s zones: it says
        reflexology does not treat or diagnose it and to see a doctor. Typos are corrected as
        :meth:`find` corrects them.
        """
        q = fold_for_search(query)
        if len(query.strip()) < 2 or len(q) < 2:
            return None
        return content.condition_in(self._vocabulary.correct(q), self.language)

    def spelling(self, query: str) -> str:
        """``query`` as :meth:`find` reads it after correcting its misspelt words ("livr" ->
        "liver"), normalized; ``""`` when no word needed correcting."""
        q = fold_for_search(query)
        corrected = self._vocabulary.correct(q)
        return "" if corrected == q else corrected

    @property
    def synonyms(self) -> dict[str, tuple[str, ...]]:
        """The everyday words :meth:`find` expands (normalized), English and the chart's language."""
        return self._synonyms

    @property
    def search_table(self) -> pd.DataFrame:
        """The normalized text :meth:`find` scores, one row per zone row: ``exact`` (the name),
        ``name`` (with the English name and id), ``areas``, ``keywords`` and ``system``."""
        return self._search

    @property
    def vocabulary(self) -> Vocabulary:
        """The words :meth:`find` knows, which a misspelt word is corrected to."""
        return self._vocabulary

    def _search_table(self) -> pd.DataFrame:
        z = self._zones
        joined = lambda items: " | ".join(fold_for_search(t) for t in items)  # noqa: E731
        table = pd.DataFrame(
            {
                "exact": z["name"].map(fold_for_search),
                "name": z["name"].map(fold_for_search) + " | " + z["zone_id"].map(fold_for_search),
                "areas": z["body_areas"].map(joined),
                "keywords": z["keywords"].map(joined),
                "system": z["system"],
            },
            index=z.index,
        )
        if self._english is not None:
            # a translated chart answers English words too ("liver" on a Russian page), row for row
            english = self._english.search_table
            for column in ("name", "areas", "keywords"):
                table[column] = table[column] + " | " + english[column].to_numpy()
        return table


ZoneMap = Chart  # see load_map

__all__ = ["Chart", "ChartError", "Technique", "Zone", "ZoneMap", "ZoneMapError", "load_chart", "load_map"]
