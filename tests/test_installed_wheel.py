"""Build the wheel, install it into a fresh virtualenv and use it from outside the source tree.

The editable install used for development finds the chart and outline files in the checkout, so
it cannot tell whether the wheel ships them. This test installs the real wheel into a venv that
cannot see the checkout and loads the default chart from there. Runtime dependencies (pandas,
shapely, numpy) come from the outer environment through a ``.pth`` file, which sys.path places
*after* the venv's own site-packages, so ``reflexmap`` itself always comes from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]

SHIPPED_DATA = {
    "reflexmap/zones/chart.json",
    "reflexmap/zones/guides.geojson",
    "reflexmap/zones/side_landmarks.geojson",
    *(
        f"reflexmap/{folder}/{foot}_{view}.geojson"
        for folder in ("zones", "foot_outlines")
        for foot in ("left", "right")
        for view in ("plantar", "dorsal", "medial", "lateral")
    ),
    "reflexmap/content/safety.json",
    "reflexmap/content/routines.json",
    "reflexmap/content/synonyms.json",
    "reflexmap/content/conditions.json",
    # the second school's chart, a folder beside the default
    "reflexmap/zones/chinese/chart.json",
    "reflexmap/zones/chinese/left_plantar.geojson",
    "reflexmap/zones/chinese/right_plantar.geojson",
    # the browser code and styles shared by the dashboard and the offline export
    *(
        path.relative_to(PROJECT).as_posix()
        for pattern in ("js/*.js", "css/*.css", "templates/*.html")
        for path in (PROJECT / "reflexmap" / "web").glob(pattern)
    ),
    # the interface catalogues (the .mo is built from the .po where missing)
    "reflexmap/locale/reflexmap.pot",
    "reflexmap/locale/ru/LC_MESSAGES/reflexmap.po",
}

# Runs inside the fresh venv, with the checkout nowhere on sys.path.
CHECK = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    site = Path(sys.argv[1]).resolve()
    project = Path(sys.argv[2]).resolve()

    import reflexmap
    from reflexmap import content, load_chart
    from reflexmap.charts import default_chart_path, reference_outline_path

    where = Path(reflexmap.__file__).resolve()
    assert site in where.parents, f"reflexmap imported from {where}, not from the installed wheel"
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name.startswith("reflexmap") and file:
            assert project not in Path(file).resolve().parents, f"{name} comes from the checkout: {file}"
    assert not any("editable" in name for name in sys.modules), "an editable finder is active"

    for path in (default_chart_path(), reference_outline_path("left"), reference_outline_path("right")):
        assert site in path.resolve().parents, f"{path} is not inside the installed package"

    chart = load_chart()
    per_foot = chart.zones.groupby("foot").size().to_dict()
    assert per_foot["left"] >= 30 and per_foot["right"] >= 30, per_foot
    assert 35 <= chart.for_view("plantar").zones["zone_id"].nunique() <= 45
    assert set(chart.views) == {"plantar", "dorsal", "medial", "lateral"}, chart.views
    assert chart.outline("left").area > 10_000 and chart.outline("right").area > 10_000
    assert chart.locate("right", 0.5, 0.5) != []
    assert "lumbar-spine" in set(chart.find("lower back")["zone_id"])
    assert "does not diagnose" in content.safety().notice
    assert len(content.routines().routines) == 5
    from reflexmap.export.html import html_document
    page = html_document(chart)
    from reflexmap.web.details_html import zone_details_html
    assert "<h2>Liver</h2>" in zone_details_html(chart, "liver", "right"), "a template is missing"
    assert "function rmMapKeys" in page and "function rmFindPlot" in page and ".rm-zone-button" in page
    assert "function rmHits" in page and "function rmFind" in page
    assert chart.condition("diabetes") is not None
    from reflexmap.library import builtin_summaries
    assert [s.chart_id for s in builtin_summaries()] == ["default", "chinese"]
    from reflexmap.i18n import translator
    assert translator("ru").gettext("Quiz") != "Quiz", "the Russian catalogue is not in the wheel"
    # nor written into it: pip would leave the file behind, and its folder hide the next install
    assert not list((where.parent / "locale").rglob("*.mo")), "a .mo was written into the install"
    print(json.dumps({"file": str(where), "zones": int(chart.zones["zone_id"].nunique())}))
    """
)


def _clean_env(**extra: str) -> dict:
    """The environment without the PYTHON* variables of the shell running the tests.

    A development shell sets PYTHONPATH to the checkout, and every process would inherit it: pip
    installing into the fresh venv then saw the checkout's ``reflexmap.egg-info`` (which an
    in-tree ``pip install .`` leaves) as reflexmap already installed, skipped the wheel and said
    nothing, and the venv had no reflexmap. So the test failed in a much-used checkout only.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return {**env, "PYTHONNOUSERSITE": "1", **extra}


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("env", _clean_env())
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)


def _checkout_files() -> list[str] | None:
    """The checkout's files as a commit would see them, tracked or new, without what git ignores
    (egg-info, build/, a compiled .mo, the outline symlink...); None where there is no git."""
    result = _run(["git", "-C", PROJECT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    return [name for name in result.stdout.split("\0") if name] if result.returncode == 0 else None


def _build_wheel(tmp_path: Path) -> Path:
    # Build from a copy of what git would commit: the build leaves no build/ or egg-info behind in
    # the checkout, and the leftovers of earlier builds and runs cannot reach the wheel.
    src = tmp_path / "src"
    names = _checkout_files()
    if names is None:  # an unpacked archive: all but the usual leftovers
        leftovers = ("build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", ".venv")
        shutil.copytree(PROJECT, src, ignore=shutil.ignore_patterns(*leftovers, "tests", "node_modules"))
    for name in names or ():
        path = PROJECT / name
        if path.is_file() and not name.startswith(("tests/", "node_modules/")):  # deleted, not committed
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, src / name)
    wheel_dir = tmp_path / "wheels"
    args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheel_dir, src]
    # The PEP 639 `license = "MIT"` string needs setuptools>=77 (76 still rejects it), whatever the
    # floor in [build-system]. With such a setuptools here, build offline with it; otherwise let pip
    # build in isolation, fetching a new enough setuptools from the configured index.
    if int(version("setuptools").split(".")[0]) >= 77:
        args.insert(4, "--no-build-isolation")
    else:
        args[4:4] = ["--retries", "1", "--timeout", "30"]
    result = _run(args)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = wheel_dir.glob("reflexmap-*.whl")
    return wheel


def _make_venv(tmp_path: Path, wheel: Path) -> tuple[Path, Path]:
    venv = tmp_path / "venv"
    result = _run([sys.executable, "-m", "venv", "--without-pip", venv])
    assert result.returncode == 0, result.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(
        _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    )
    assert site.is_dir() and venv in site.parents
    result = _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # pip says nothing wrong when it finds the package "already installed" and skips it
    assert (site / "reflexmap" / "__init__.py").is_file(), result.stdout + result.stderr
    # the runtime dependencies, appended after the venv's own site-packages
    outer = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "_outer_dependencies.pth").write_text("\n".join(outer) + "\n")
    return python, site


def _check(python: Path, site: Path, cwd: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    return _run([python, "-c", CHECK, site, PROJECT], cwd=cwd, env=_clean_env(**(extra_env or {})))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(tmp_path)
    python, site = _make_venv(tmp_path, wheel)
    return wheel, python, site, tmp_path


def test_wheel_ships_the_data_files(installed):
    wheel, *_ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= SHIPPED_DATA, sorted(SHIPPED_DATA - names)
    assert "reflexmap/foot_outlines/__init__.py" in names
    # nothing from the checkout that is not part of the package
    assert not any(n.startswith(("tests/", "assets/")) for n in names)


def test_installed_wheel_loads_its_own_data(installed):
    _, python, site, tmp_path = installed
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir(exist_ok=True)
    result = _check(python, site, run_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(site) in result.stdout


def test_installed_console_script(installed):
    _, python, _site, tmp_path = installed
    script = python.parent / ("reflexmap.exe" if os.name == "nt" else "reflexmap")
    assert script.exists()
    result = _run([script, "zones", "--search", "liver", "--format", "csv"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("liver,right,")


# README's newcomer: `pip install .`, then Python in the repository's root. There the source tree
# shadows the installed package and has no reflexmap.foot_outlines module.
IN_THE_CHECKOUT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import reflexmap
    from reflexmap.charts import reference_outline_path

    project = Path(sys.argv[1]).resolve()
    assert Path(reflexmap.__file__).resolve().parent == project / "reflexmap", reflexmap.__file__
    chart = reflexmap.load_chart()
    assert chart.outline("left").area > 10_000
    assert reference_outline_path("left").resolve().parent == project / "assets" / "foot_outlines"
    print(len(chart.zones))
    """
)


def test_the_api_works_in_the_checkout_after_a_plain_install(installed):
    _, python, _site, _ = installed
    result = _run([python, "-c", IN_THE_CHECKOUT, PROJECT], cwd=PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout) > 60


def test_the_check_fails_without_the_data_files(installed, tmp_path):
    # Control: the check above must notice a wheel without its data. Copy the installed package,
    # drop one zone file and one outline, and run the same check against the copy.
    _, python, site, _ = installed
    broken_site = tmp_path / "broken-site"
    shutil.copytree(site / "reflexmap", broken_site / "reflexmap")
    (broken_site / "reflexmap/zones/right_plantar.geojson").unlink()
    result = _check(python, broken_site, tmp_path, {"PYTHONPATH": str(broken_site)})
    assert result.returncode != 0
    assert "right_plantar.geojson" in result.stderr and "cannot read the file" in result.stderr


def test_the_check_fails_when_run_from_the_checkout(installed):
    # Control: with the checkout first on sys.path the check must refuse, so passing above means
    # the installed copy was really used.
    _, python, site, tmp_path = installed
    result = _check(python, site, tmp_path, {"PYTHONPATH": str(PROJECT)})
    assert result.returncode != 0
    assert "not from the installed wheel" in result.stderr
