"""The fixed words a reader sees live in one table each (reflexmap/labels.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from matplotlib.axes import Axes

from reflexmap import labels, load_chart
from reflexmap.charts import VIEWS
from reflexmap.dashboard.search import result_options
from reflexmap.export.html import _search_data
from reflexmap.export.images import render_image
from reflexmap.export.language import speaking
from reflexmap.i18n import in_language, translator
from reflexmap.web.details_html import zone_details_html

PACKAGE = Path(labels.__file__).parent


def _translated_dicts(path: Path):
    """Dict literals in ``path`` whose values are all ``N_(...)``: tables of words to translate."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Dict)
            and node.values
            and all(isinstance(v, ast.Call) and getattr(v.func, "id", "") == "N_" for v in node.values)
        ):
            yield node.lineno, {k.value for k in node.keys if isinstance(k, ast.Constant)}


def test_view_names_are_defined_only_in_labels():
    tables = [labels.VIEW_LABEL, labels.VIEW_NAMES, labels.VIEW_TITLE]
    assert all(list(table) == list(VIEWS) for table in tables)
    elsewhere = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "labels.py"
        for line, keys in _translated_dicts(path)
        if set(VIEWS) <= keys
    ]
    assert not elsewhere, f"a table of view names outside labels.py: {elsewhere}"


def test_the_scan_finds_a_table_of_view_names(tmp_path):
    rogue = tmp_path / "rogue.py"
    rogue.write_text("X = {" + ", ".join(f'"{v}": N_("{v}")' for v in VIEWS) + "}\n")
    assert [keys for _line, keys in _translated_dicts(rogue)] == [set(VIEWS)]


@pytest.mark.parametrize(
    ("lang", "also", "only"),
    [
        ("en", "Also on the right foot (outlined in purple", "Only on the right foot in this chart."),
        ("ru", "Есть и на правой стопе (на карте обведена", "На этой карте — только на правой стопе."),  # noqa: RUF001
    ],
)
def test_the_details_name_the_other_foot_in_the_page_language(lang, also, only):
    chart = in_language(load_chart(), lang)
    assert also in zone_details_html(chart, "kidney", "left", lang)
    assert only in zone_details_html(chart, "liver", "right", lang)


def test_a_picture_of_a_side_view_names_it_after_the_foot(monkeypatch):
    """PNG titles read "Left foot, inner side" from the same names as the rest."""
    said = []
    original = Axes.text

    def text(self, x, y, s, *args, **kwargs):
        said.append(s)
        return original(self, x, y, s, *args, **kwargs)

    monkeypatch.setattr(Axes, "text", text)
    render_image(
        in_language(load_chart(), "ru"), "png", labels=False, width_px=300, dpi=30, view="medial", lang="ru"
    )
    name = translator("ru").gettext(labels.VIEW_NAMES["medial"])
    assert f"{translator('ru').gettext('Left foot')}, {name}" in said


def test_no_view_label_is_lower_cased_for_running_text():
    """After a foot a view is named from VIEW_NAMES: a lower-cased label ("тыл стопы") is not the
    running-text name in every language ("тыльная сторона")."""
    lowered = re.compile(r"VIEW_LABEL\[[^\]]*\]\)\s*\.lower\(\)")
    offenders = [
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if lowered.search(path.read_text())
    ]
    assert not offenders
    assert lowered.search('f", {_(VIEW_LABEL[view]).lower()}"')  # the scan sees the old form


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_search_results_name_a_view_as_running_text_does(lang):
    chart = in_language(load_chart(), lang)
    name = translator(lang).gettext(labels.VIEW_NAMES["dorsal"])
    results = chart.zones[chart.zones["view"] == "dorsal"].head(3)
    assert len(results)
    options = result_options(results, translator(lang).gettext, with_view=True)
    assert all(label.endswith(f", {name}") for label in options)
    with speaking(lang):
        offline = _search_data(chart)["label"]
    dorsal = [label for label, view in zip(offline, chart.zones["view"], strict=True) if view == "dorsal"]
    assert dorsal and all(label.endswith(f", {name}") for label in dorsal)
    if lang == "ru":  # the label lower-cased would read "тыл стопы"
        assert name == "тыльная сторона"
