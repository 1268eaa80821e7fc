"""Printable exports: PNG and SVG pictures of the soles, and the PDF handout.

The PDF checks read the file the way a user's tools do, with Debian's poppler-utils (``pdftotext``,
``pdftoppm``): without them these tests are skipped locally and fail in CI. Pictures of every page
and of the images are written to ``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest

from reflexmap import load_chart
from reflexmap.export.images import NOTICE, write_image
from reflexmap.export.pdf import write_handout
from reflexmap.export.soles import zone_numbers
from reflexmap.web.map_data import short_name

ARTIFACTS = Path(
    os.environ.get("REFLEXMAP_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts")
)
SVG = "{http://www.w3.org/2000/svg}"
# Markup for the PDF's Paragraph and the SVG, and a matplotlib mathtext formula.
HOSTILE = "<img src=x onerror=alert(1)><script>alert('x')</script> & \"quoted\" <b>bold</b> $x^2$"
PAGE_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} (Debian's poppler-utils) is not installed: apt-get install -y poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def squash(text: str) -> str:
    """Text without any whitespace: line breaks and wrapping must not hide a phrase."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    # -raw keeps the content stream's order, so a wrapped table cell stays in one piece.
    return subprocess.run(
        [need("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def page_images(pdf: Path, prefix: str) -> list[Path]:
    """Every page as PNG at 60 dpi, saved to the artifacts folder."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run([need("pdftoppm"), "-r", "60", "-png", str(pdf), str(ARTIFACTS / prefix)], check=True)
    # pdftoppm pads page numbers to the page count's width: handout-a4-1.png, or -01 past nine pages
    return sorted(ARTIFACTS.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def coloured_fraction(rgb: np.ndarray) -> float:
    """Share of pixels with a clear hue (the zone fills); greys and the cream sole do not count."""
    rgb = rgb[..., :3]
    return float(((rgb.max(axis=-1) - rgb.min(axis=-1)) > 0.1).mean())


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def groups(root: ET.Element, prefix: str) -> dict[str, ET.Element]:
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)}


# --- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chart():
    # the soles: what the images draw unless asked for another view, and all the handout draws
    return load_chart().for_view("plantar")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("export")


@pytest.fixture(scope="module")
def png_both(chart, out) -> Path:
    path = out / "chart-both.png"
    assert write_image(chart, path) == path.stat().st_size
    return path


@pytest.fixture(scope="module")
def png_quiz(chart, out) -> Path:
    path = out / "chart-quiz-sheet.png"
    write_image(chart, path, labels=False)
    return path


@pytest.fixture(scope="module")
def svg_on(chart, out) -> ET.Element:
    path = out / "chart-both.svg"
    assert write_image(chart, path, fmt="svg") == path.stat().st_size
    return ET.parse(path).getroot()


@pytest.fixture(scope="module")
def svg_off(chart, out) -> ET.Element:
    path = out / "chart-quiz-sheet.svg"
    write_image(chart, path, fmt="svg", labels=False)
    return ET.parse(path).getroot()


@pytest.fixture(scope="module")
def handouts(chart, out) -> dict[str, Path]:
    paths = {}
    for paper in PAGE_POINTS:
        paths[paper] = out / f"handout-{paper}.pdf"
        assert write_handout(chart, paths[paper], paper=paper) == paths[paper].stat().st_size
    return paths


@pytest.fixture
def hostile_chart(write_chart, make_zone):
    """One zone on both feet with markup in every text, loaded with allow_markup."""

    def text(label: str) -> str:
        return f"{label} {HOSTILE}"

    props = {
        "name": text("Name"),
        "body_areas": [text("area one")],
        "technique": {key: text(key) for key in ("method", "how", "direction", "pressure", "duration")},
        "caveats": [text("caveat")],
        "notes": text("notes"),
    }
    meta = {key: text(key) for key in ("title", "school", "version", "license")}
    zones = [make_zone("hostile", foot=foot, **props) for foot in ("left", "right")]
    return load_chart(write_chart(zones, meta), allow_markup=True)


# --- PNG --------------------------------------------------------------------------------------------


def test_png_has_the_requested_width_and_is_drawn(png_both):
    image = mpimg.imread(png_both)
    assert image.shape[1] == 1600
    assert image.shape[0] > 1600  # two soles side by side are taller than wide
    rgb = image[..., :3]
    assert (rgb.min(axis=-1) < 0.95).mean() > 0.3  # far from blank
    packed = (rgb * 255).astype(np.uint32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.uint32)
    assert len(np.unique(packed)) > 50
    assert coloured_fraction(rgb) > 0.2  # the zones are filled with their system colours
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png_both, ARTIFACTS / "chart-both.png")


def test_quiz_sheet_has_borders_but_no_colours_or_names(png_both, png_quiz):
    quiz = mpimg.imread(png_quiz)
    labelled = mpimg.imread(png_both)
    assert quiz.shape[1] == 1600
    assert quiz.shape != labelled.shape or not np.array_equal(quiz, labelled)
    assert coloured_fraction(quiz) < 0.01
    assert (quiz[..., :3].min(axis=-1) < 0.5).mean() > 0.01  # outlines and zone borders are there
    shutil.copy(png_quiz, ARTIFACTS / "chart-quiz-sheet.png")


@pytest.mark.parametrize(
    ("kwargs", "width"), [({"width_px": 640, "dpi": 96}, 640), ({"width_in": 2.5, "dpi": 120}, 300)]
)
def test_png_size_options(chart, tmp_path, kwargs, width):
    path = tmp_path / "small.png"
    write_image(chart, path, feet=("right",), labels=False, **kwargs)
    assert mpimg.imread(path).shape[1] == width


def test_one_foot(chart, out):
    png = out / "chart-left.png"
    write_image(chart, png, feet=("left",), width_px=1000)
    image = mpimg.imread(png)
    assert image.shape[1] == 1000
    assert coloured_fraction(image) > 0.2
    shutil.copy(png, ARTIFACTS / "chart-left.png")

    svg = out / "chart-right.svg"
    write_image(chart, svg, fmt="svg", feet="right")
    root = ET.parse(svg).getroot()
    zones = groups(root, "zone-")
    assert len(zones) == 30
    assert all(name.startswith("zone-right-") for name in zones)
    texts = svg_texts(root)
    assert "Right foot" in texts
    assert "Left foot" not in texts
    assert "Liver" in texts  # a right-only zone


def test_a_one_foot_chart_draws_the_foot_it_has(write_chart, tmp_path):
    small = load_chart(write_chart())  # one zone, on the left foot only
    path = tmp_path / "small.svg"
    write_image(small, path, fmt="svg")  # both feet asked for: the left one is drawn
    assert list(groups(ET.parse(path).getroot(), "zone-")) == ["zone-left-test-zone"]
    with pytest.raises(ValueError, match="no zones on the right foot"):
        write_image(small, tmp_path / "x.svg", fmt="svg", feet="right")
    assert write_handout(small, tmp_path / "small.pdf") > 0


def test_bad_arguments(chart, tmp_path):
    with pytest.raises(ValueError, match="fmt"):
        write_image(chart, tmp_path / "x.jpg", fmt="jpg")
    with pytest.raises(ValueError, match="feet"):
        write_image(chart, tmp_path / "x.png", feet=("middle",))
    with pytest.raises(ValueError, match="feet"):
        write_image(chart, tmp_path / "x.png", feet=())
    with pytest.raises(ValueError, match="width_px"):
        write_image(chart, tmp_path / "x.png", width_px=10)
    with pytest.raises(ValueError, match="paper"):
        write_handout(chart, tmp_path / "x.pdf", paper="a5")


# --- SVG --------------------------------------------------------------------------------------------


def test_svg_has_every_zone_as_a_path_and_names_as_text(chart, svg_on):
    zones = groups(svg_on, "zone-")
    assert len(zones) == len(chart.zones) >= 60
    assert all(g.find(f"{SVG}path") is not None for g in zones.values())
    labels = groups(svg_on, "label-")
    for row in chart.zones.itertuples():
        label = labels[f"label-{row.foot}-{row.zone_id}"]
        # a wrapped name is one <text> per line
        assert " ".join(" ".join(label.itertext()).split()) == short_name(row.name)
    texts = svg_texts(svg_on)
    assert "Left foot" in texts and "Right foot" in texts
    assert NOTICE in texts
    assert chart.info.title in texts


def test_svg_quiz_sheet_names_no_zone(chart, svg_off):
    assert len(groups(svg_off, "zone-")) == len(chart.zones)
    assert not groups(svg_off, "label-")
    words = " ".join(svg_texts(svg_off))
    for name in set(chart.zones["name"]):
        assert short_name(name) not in words
    assert "Left foot" in words and NOTICE in words


def test_svg_prints_markup_and_formulas_literally(hostile_chart, tmp_path):
    path = tmp_path / "hostile.svg"
    write_image(hostile_chart, path, fmt="svg")
    root = ET.parse(path).getroot()  # well-formed XML: the markup was escaped
    assert not list(root.iter(f"{SVG}script"))
    assert not list(root.iter(f"{SVG}img"))
    label = groups(root, "label-")["label-left-hostile"]
    assert " ".join(" ".join(label.itertext()).split()) == f"Name {HOSTILE}"
    assert write_image(hostile_chart, tmp_path / "hostile.png") > 0  # mathtext did not choke on "$"


# --- PDF --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", sorted(PAGE_POINTS))
def test_handout_pages(handouts, paper):
    data = handouts[paper].read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) >= 3  # the map, the zone table, the safety pages
    width, height = PAGE_POINTS[paper]
    for box in boxes:
        x0, y0, x1, y1 = map(float, box)
        assert (x0, y0) == (0, 0)
        assert x1 == pytest.approx(width, abs=0.5)
        assert y1 == pytest.approx(height, abs=0.5)
    pages = page_images(handouts[paper], f"handout-{paper}")
    assert len(pages) == len(boxes)
    first = mpimg.imread(pages[0])
    assert coloured_fraction(first) > 0.05  # the coloured soles are on page 1
    for page in pages:
        assert (mpimg.imread(page)[..., :3].min(axis=-1) < 0.5).mean() > 0.005  # no blank page


@pytest.mark.parametrize("paper", sorted(PAGE_POINTS))
def test_handout_text(chart, handouts, paper):
    text = pdf_text(handouts[paper])
    flat = squash(text)
    for name in set(chart.zones["name"]):
        assert squash(name) in flat, name
    safety = chart.caveats
    assert "tuberculosis" in text
    assert squash(safety.notice) in flat
    for line in (*safety.diagnostic_limit, *safety.contraindications, safety.pregnancy.summary):
        assert squash(line) in flat
    assert squash(safety.children.summary) in flat
    assert squash(chart.zone("kidney").technique.how) in flat
    # one number per zone id, the same on both feet
    numbers = zone_numbers(chart)
    assert sorted(numbers.values()) == list(range(1, chart.zones["zone_id"].nunique() + 1))
    assert re.search(r"Page 1 of \d", text)
    assert "CC-BY-SA-4.0" in text


def test_handout_prints_markup_literally(hostile_chart, tmp_path):
    path = tmp_path / "hostile.pdf"
    write_handout(hostile_chart, path)
    flat = squash(pdf_text(path))
    # every text field, with its markup as plain characters (sentences start with a capital)
    for label in ("Name", "area one", "How", "direction", "pressure", "duration", "Caveat", "title"):
        assert squash(f"{label} {HOSTILE}") in flat, label
    assert flat.count(squash(HOSTILE)) >= 9


# --- every view -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def whole() -> object:
    """The default chart with its four views."""
    return load_chart()


def test_an_ankle_bone_is_named_at_its_ring_not_between_the_feet(whole, tmp_path):
    for view, name in (("medial", "inner ankle bone"), ("lateral", "outer ankle bone")):
        root = ET.parse(_svg(whole, tmp_path / f"{view}.svg", view)).getroot()
        width = float(root.get("viewBox").split()[2])
        xs = sorted(float(t.get("x")) for t in root.iter(f"{SVG}text") if "".join(t.itertext()) == name)
        assert len(xs) == 2, (view, xs)  # once on each foot
        # each over its own foot, well away from the gap in the middle
        assert xs[0] < 0.4 * width and xs[1] > 0.6 * width, (view, xs, width)


def _svg(chart, path: Path, view: str) -> Path:
    write_image(chart, path, fmt="svg", view=view)
    return path


def test_the_handout_has_a_page_per_view(whole, out):
    path = out / "handout-every-view.pdf"
    write_handout(whole, path)
    text = pdf_text(path)
    flat = squash(text)
    headings = [
        "The soles",
        "The tops of the feet",
        "The inner sides of the feet",
        "The outer sides of the feet",
    ]
    pages = text.split("\f")
    # one map page per view, in order, then the zone table with a part per view
    for number, heading in enumerate(headings):
        assert squash(heading) in squash(pages[number]), (number, heading)
    start = 1
    for view in whole.views:
        part = whole.for_view(view)
        numbers = zone_numbers(part, start)
        assert sorted(numbers.values()) == list(range(start, start + part.zones["zone_id"].nunique()))
        start += len(numbers)
        for name in set(part.zones["name"]):
            assert squash(name) in flat, (view, name)
    images = page_images(path, "handout-every-view")
    for page in images[:4]:
        assert coloured_fraction(mpimg.imread(page)) > 0.01, page  # each map page is drawn in colour
    assert squash(whole.caveats.notice) in flat
