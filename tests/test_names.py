"""One name for one thing: a *chart* is the data, a *map* a chart drawn. The names from before
0.2 that said "map" for the chart still work for a release, and warn."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import reflexmap
from reflexmap import compare, model, problems
from reflexmap.cli import main

ROOT = Path(__file__).parents[1]
OLD = {"load_map": "load_chart", "ZoneMap": "Chart", "ZoneMapError": "ChartError"}


def test_the_public_names_say_chart():
    assert reflexmap.load_chart is model.load_chart and reflexmap.Chart is model.Chart
    assert reflexmap.ChartError is problems.ChartError
    assert isinstance(reflexmap.load_chart(), reflexmap.Chart)
    assert not set(OLD) & set(reflexmap.__all__)


@pytest.mark.parametrize(("old", "new"), OLD.items())
def test_an_old_name_warns_and_is_the_new_thing(old, new):
    with pytest.warns(DeprecationWarning, match=rf"reflexmap\.{old} is deprecated.*reflexmap\.{new}"):
        assert getattr(reflexmap, old) is getattr(reflexmap, new)


def test_compare_maps_warns_and_is_compare_charts():
    with pytest.warns(DeprecationWarning, match="use compare_charts"):
        assert compare.compare_maps is compare.compare_charts


def test_an_unknown_name_is_still_an_attribute_error():
    with pytest.raises(AttributeError, match="load_maps"):
        reflexmap.load_maps  # noqa: B018


def test_the_cli_takes_chart_and_still_map_with_a_note(capsys):
    assert main(["zones", "--chart", "chinese", "--search", "ovaries", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "ovaries" in out and not err
    assert main(["zones", "--map", "chinese", "--search", "ovaries", "--format", "csv"]) == 0
    again, err = capsys.readouterr()
    assert again == out and "--map is deprecated" in err and "use --chart" in err
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    helped = capsys.readouterr().out
    assert "--chart PATH" in helped and "--map" not in helped


def test_the_docs_use_the_new_names():
    docs = [ROOT / "README.md", *sorted((ROOT / "notebooks").glob("*.ipynb"))]
    old = re.compile(r"\b(load_map|ZoneMap|ZoneMapError|compare_maps)\b|--map\b")
    found = [f"{path.name}: {m.group(0)}" for path in docs for m in old.finditer(path.read_text())]
    assert not found, found


# where the old names are the aliases themselves
ALIASES = {"reflexmap/model.py", "reflexmap/problems.py"}


def _old_names_in(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        name = getattr(node, "id", None) or getattr(node, "attr", None) or getattr(node, "name", None)
        if name in OLD:
            found.add(name)
    return found


def test_the_package_itself_uses_the_new_names():
    """The aliases are for code outside reflexmap; its own modules import and name the new ones."""
    found = {}
    for path in sorted((ROOT / "reflexmap").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if where not in ALIASES and (names := _old_names_in(path)):
            found[where] = sorted(names)
    assert not found, found
    # the scan sees an old name where there is one
    assert _old_names_in(ROOT / "reflexmap" / "model.py") == set(OLD)


def test_a_submodule_is_an_attribute_without_its_own_import():
    # a fresh interpreter: this file's imports have already set reflexmap.model here
    code = "import reflexmap; print(reflexmap.model.load_chart.__name__, reflexmap.quiz.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["load_chart", "reflexmap.quiz"]
