"""The package's layers: the model knows no web library, ``web/`` no Panel, and the exports stand
on ``web/`` and the model, never on the dashboard (so ``reflexmap export --format pdf`` does not
pay for importing Panel, and an export never depends on a served session's code)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reflexmap"


def _loaded(*modules: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after a fresh interpreter imports ``modules``."""
    code = "import json, sys\n" + "".join(f"import {m}\n" for m in modules)
    code += "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    return set(json.loads(done.stdout))


def test_the_model_loads_no_web_library():
    loaded = _loaded("reflexmap.model", "reflexmap.charts")
    assert "shapely" in loaded  # the check sees what is loaded
    assert not loaded & {"panel", "bokeh"}


def test_the_web_layer_and_the_exports_load_no_panel():
    web = [f"reflexmap.web.{path.stem}" for path in (PACKAGE / "web").glob("*.py") if path.stem != "__init__"]
    loaded = _loaded(*web, "reflexmap.export.pdf", "reflexmap.export.images", "reflexmap.export.html")
    assert "bokeh" in loaded  # the figure is Bokeh's: the check sees what is loaded
    assert "panel" not in loaded


def test_the_servers_host_and_origin_checks_load_no_panel():
    # the command line checks --allow-origin, and a refused Host is answered, without Panel
    loaded = _loaded("reflexmap.dashboard.hosts", "reflexmap.dashboard.origins")
    assert "reflexmap" in loaded
    assert not loaded & {"panel", "bokeh"}


def _imports(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` (a module of the package) imports."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("layer", ["web", "export"])
def test_no_module_of_the_layer_imports_the_dashboard(layer):
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _imports(path) if "reflexmap.dashboard" in name
        )
        for path in (PACKAGE / layer).rglob("*.py")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_the_import_scan_resolves_relative_imports():
    # the scan above must see "from ..dashboard import x" as reflexmap.dashboard, or it could pass blind
    probe = PACKAGE / "web" / "map_data.py"
    assert "reflexmap.model" in _imports(probe) and "reflexmap.geometry.display_transform" in _imports(probe)


def test_the_server_listens_before_it_imports_pandas():
    # `reflexmap serve` imports these before it listens; pandas (a third of a second) comes with
    # the chart, loaded on a thread while the first browser fetches the page's scripts
    loaded = _loaded("reflexmap", "reflexmap.cli", "reflexmap.library", "reflexmap.dashboard.server")
    assert "panel" in loaded  # the check sees what is loaded
    assert "pandas" not in loaded
