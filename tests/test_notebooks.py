"""Execute every notebook in notebooks/ and check what it shows; notebooks are committed without outputs.

The kernel is the interpreter running the tests: a ``python3`` kernel spec pointing at
``sys.executable`` is written to a temporary Jupyter data folder at test time, and HOME, the Jupyter
folders and IPYTHONDIR all point into temporary folders, so no user-level Jupyter or IPython
configuration (or another Python's kernel) can change the run. Each executed notebook also proves
which interpreter and which ``reflexmap`` it used.

In CI (CI=true) missing nbformat, nbclient or ipykernel is a failure; locally these tests skip.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import reflexmap

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = PROJECT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
# A hung cell fails the test (nbclient's CellTimeoutError) instead of stalling the suite; there is
# no wall-clock limit on a whole notebook, which a loaded machine would break.
CELL_TIMEOUT_S = 120
JUPYTER_PACKAGES = ("nbformat", "nbclient", "ipykernel")
PANEL_MIMETYPE = "application/vnd.holoviews_exec.v0+json"
# Not part of the project: virtualenvs, caches, checkpoints and build output.
SKIPPED_DIRS = {"build", "dist", "node_modules", "venv"}
PROBE_MARKER = "reflexmap-notebook-probe:"
PROBE = f"""
import json, sys
import reflexmap
print({PROBE_MARKER!r} + json.dumps({{"prefix": sys.prefix, "reflexmap": reflexmap.__file__}}))
"""


def repo_notebooks() -> list[Path]:
    return sorted(
        path
        for path in PROJECT.rglob("*.ipynb")
        if not any(
            part.startswith(".") or part in SKIPPED_DIRS for part in path.relative_to(PROJECT).parts[:-1]
        )
    )


def test_the_notebooks_are_there():
    names = {path.name for path in NOTEBOOKS}
    assert set(CHECKS) <= names, sorted(names)


@pytest.mark.parametrize("path", repo_notebooks(), ids=lambda p: str(p.relative_to(PROJECT)))
def test_notebook_is_committed_without_outputs(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        index
        for index, cell in enumerate(doc["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs or execution counts; clear them before committing "
        "(Jupyter: Edit > Clear Outputs of All Cells, then save)"
    )


# --- executing ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A ``python3`` kernel spec for this interpreter, and no user-level configuration anywhere."""
    missing = [name for name in JUPYTER_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        message = f"the notebook tests need {', '.join(missing)}: python -m pip install -e '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("jupyter")
    spec_dir = root / "data" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (reflexmap tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for name, folder in {
            "HOME": root / "home",
            "JUPYTER_CONFIG_DIR": root / "config",
            "JUPYTER_DATA_DIR": root / "data",
            "JUPYTER_RUNTIME_DIR": root / "runtime",
            "IPYTHONDIR": root / "ipython",
        }.items():
            folder.mkdir(exist_ok=True)
            mp.setenv(name, str(folder))
        # JUPYTER_PATH comes before every other data folder, so this kernel spec wins.
        mp.setenv("JUPYTER_PATH", str(root / "data"))
        mp.setenv("JUPYTER_PLATFORM_DIRS", "1")
        mp.delenv("JUPYTER_CONFIG_PATH", raising=False)
        yield


def execute(path: Path, cwd: Path):
    """Run a copy of the notebook in a fresh kernel; return it with the probe cell removed."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    run = copy.deepcopy(nb)
    run.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    client = nbclient.NotebookClient(
        run, kernel_name="python3", timeout=CELL_TIMEOUT_S, resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails

    probe = "".join(o.get("text", "") for o in run.cells[0].outputs if o.output_type == "stream")
    assert PROBE_MARKER in probe, f"the probe cell printed {probe!r}"
    used = json.loads(probe.split(PROBE_MARKER, 1)[1])
    assert used["prefix"] == sys.prefix, f"the kernel ran {used['prefix']}, the tests run {sys.prefix}"
    assert Path(used["reflexmap"]).resolve() == Path(reflexmap.__file__).resolve(), used
    run.cells.pop(0)
    return run


def text_of(nb) -> str:
    """Everything the code cells printed or showed as text."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                parts.append(output.data.get("text/plain", ""))
    return "\n".join(parts)


def displays(nb, mimetype: str) -> list[int]:
    """Indices of the cells that show output of ``mimetype``."""
    return [
        index
        for index, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        if output.output_type in ("execute_result", "display_data") and mimetype in output.data
    ]


def check_explore(nb) -> None:
    text = text_of(nb)
    assert "['liver']" in text  # locate("right", 0.75, 0.55)
    assert "['pituitary', 'brain']" in text  # smallest zone first
    assert "lumbar-spine" in text  # find("lower back")
    assert "sinuses" in text  # find("headache")
    assert "thumb walking" in text  # the liver's technique
    assert "v = 0.55: stomach" in text  # the array walk up the left sole
    assert "does not diagnose" in text  # the safety notice
    assert displays(nb, "image/svg+xml"), "the sole was not drawn as SVG"
    assert "does not diagnose" in nb.cells[0].source  # said up front, before any code


def check_custom_chart(nb) -> None:
    text = text_of(nb)
    for words in ("lies outside the left foot outline", "unknown foot 'middle'", "overlaps zone 'belly'"):
        assert words in text
    assert "the chart has 3 problems" in text
    assert "OK - 'Three-zone teaching chart': 3 zones" in text  # reflexmap validate on the good chart
    assert "exit status 0" in text and "exit status 1" in text
    assert "INVALID" in text
    assert "[['belly', 'stomach']]" in text  # the fixed chart, with its declared overlap


def check_dashboard(nb) -> None:
    cells = displays(nb, PANEL_MIMETYPE)
    app_cells = [
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and "reflexmap.app(" in cell.source
    ]
    assert len(app_cells) == 2
    assert set(app_cells) <= set(cells), f"Panel output only in cells {cells}, app() in {app_cells}"
    default_html, custom_html = (
        "".join(output.data.get("text/html", "") for output in nb.cells[i].outputs if "data" in output)
        for i in app_cells
    )
    # Each dashboard draws its own chart: the default one has the liver, the custom one only a heel.
    assert "Liver" in default_html and "Whole heel" not in default_html
    assert "Whole heel" in custom_html and "Liver" not in custom_html
    assert "reflexmap serve" in "".join(c.source for c in nb.cells if c.cell_type == "markdown")


CHECKS: dict[str, Callable] = {
    "01_explore_the_chart.ipynb": check_explore,
    "02_build_a_custom_chart.ipynb": check_custom_chart,
    "03_dashboard_inline.ipynb": check_dashboard,
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, kernel_env, tmp_path):
    nb = execute(path, tmp_path)
    errors = [
        index
        for index, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]
    assert not errors, f"cells {errors} raised"
    assert "Traceback" not in text_of(nb)
    check = CHECKS.get(path.name)
    if check is not None:
        check(nb)
