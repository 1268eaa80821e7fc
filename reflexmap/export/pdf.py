"""A printable handout: a page per view of both feet (the soles first, then the top and the inner and
outer sides where the chart draws them) with numbered zones, the zone list and the safety content.

Written with reportlab: a long-maintained, pure-Python PDF library (no system libraries, wheels for
every platform) whose platypus layer flows wrapped text, splits long tables across pages with the
header repeated and numbers pages, while its graphics layer draws the soles as real vector paths.

Every chart text goes through :func:`xml.sax.saxutils.escape` before it reaches a
:class:`~reportlab.platypus.Paragraph` (which reads a small HTML-like markup), so a chart loaded
with ``allow_markup=True`` prints its tags as literal text. Text is set in DejaVu Sans (shipped
with matplotlib) so any Latin, Greek or Cyrillic chart prints; Helvetica is the fallback.

The handout's own words are in the ``lang`` it is asked for (:mod:`.language`); the chart comes
already in that language (``chart.translated(lang)``), and the safety section is the content's.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.graphics.shapes import Path as RlPath
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from shapely.geometry import Polygon, box

from .. import content
from ..content import SAFETY_TITLES, safety_section
from ..i18n import DEFAULT_LANGUAGE, N_
from ..labels import FOOT_LABEL, VIEW_TITLE
from ..model import Chart
from ..web.map_data import SYSTEM_COLORS, short_name
from .language import _, language, speaking, system_name
from .soles import SIDE_VIEWS, VIEW, Soles, place_labels, place_soles, zone_numbers

PAPERS = {"a4": A4, "letter": LETTER}
VIEW_NOTES = {
    "plantar": "",
    "dorsal": N_("Seen from above, toes at the top; the left foot on the left."),
    "medial": N_("Seen from the inside: the left foot above, its toes to the right; the right foot below."),
    "lateral": N_("Seen from the outside: the left foot above, its toes to the left; the right foot below."),
}
MARGIN = 15 * mm
FOOTER_GAP = 7 * mm
ZONE_ALPHA = 0.6
NUMBER_SIZE = 6.5
INK = colors.HexColor("#111111")
NOTICE_BG = colors.HexColor("#fff4e0")
NOTICE_LINE = colors.HexColor("#b35c00")
RULE = colors.HexColor("#999999")
ORDER = (
    "notice",
    "diagnostic_limit",
    "contraindications",
    "precautions",
    "pregnancy",
    "children",
    "older_people",
    "side_effects",
    "general",
)
MIN_TECHNIQUE_SHARE = 0.3
"""The zone table's technique column keeps at least this share of the width."""
# where a zone is on one foot only, as the zone list says it
ONE_FOOT = {"left": N_("left only"), "right": N_("right only")}


def write_handout(
    chart: Chart, path: str | os.PathLike, paper: str = "a4", lang: str = DEFAULT_LANGUAGE
) -> int:
    """Write the handout PDF for ``chart`` on A4 or US Letter, its own words in ``lang``; return
    the number of bytes written."""
    data = render_handout(chart, paper, lang)
    Path(path).write_bytes(data)
    return len(data)


def render_handout(chart: Chart, paper: str = "a4", lang: str = DEFAULT_LANGUAGE) -> bytes:
    """Like :func:`write_handout` but returns the PDF's bytes.

    A map page per view the chart draws, the soles first; the zones are numbered on from one view
    to the next, so each number names one zone on one view, and the zone table lists them in that
    order, a part per view.
    """
    parts = [chart.for_view(view) for view in chart.views]
    numbers, start = [], 1
    for part in parts:
        numbers.append(zone_numbers(part, start))
        start += len(numbers[-1])
    several = len(parts) > 1

    def story(styles, fonts, width, height) -> list[Flowable]:
        flow = [*_first_page(parts[0], numbers[0], styles, fonts, width, height, several)]
        for part, numbered in zip(parts[1:], numbers[1:], strict=True):
            flow += [PageBreak(), *_view_page(part, numbered, styles, fonts, width, height)]
        flow += [PageBreak()]
        for i, (part, numbered) in enumerate(zip(parts, numbers, strict=True)):
            heading = _(VIEW_TITLE[part.home_view]) if several else ""
            flow += _zone_table(part, numbered, styles, width, first=i == 0, heading=heading)
        return [*flow, *_safety(chart, styles, width)]

    with speaking(lang):
        return _build(chart, paper, _("Reflexology foot map handout"), story)


def render_quiz_sheet(chart: Chart, paper: str = "a4", lang: str = DEFAULT_LANGUAGE) -> bytes:
    """A blank quiz sheet as PDF bytes: both soles with numbered, uncoloured zones and a line to
    write each zone's name on, then the answer key on a page of its own (to fold away or keep)."""
    chart = chart.for_view(VIEW)
    numbers = zone_numbers(chart)

    def story(styles, fonts, width, height) -> list[Flowable]:
        head = [
            _p(_("Quiz: {title}").format(title=chart.info.title), styles["title"]),
            _p(
                _("Write the name of each numbered zone on its line. The answers are on the last page."),
                styles["body"],
            ),
            Spacer(0, 3 * mm),
        ]
        lines = _answer_lines(numbers, styles, width)
        used = sum(f.wrap(width, height)[1] for f in head) + lines.wrap(width, height)[1] + 10 * mm
        drawing = _soles_drawing(
            place_soles(chart, chart.feet), numbers, fonts, width, height - used, blank=True
        )
        return [
            *head,
            drawing,
            Spacer(0, 3 * mm),
            lines,
            PageBreak(),
            _p(_("Answer key"), styles["h1"]),
            _number_key(chart, numbers, styles, width),
        ]

    with speaking(lang):
        return _build(chart, paper, _("Reflexology foot map quiz sheet"), story)


def _build(chart: Chart, paper: str, subject: str, story) -> bytes:
    """A numbered PDF on A4 or Letter whose flowables ``story(styles, fonts, width, height)``
    gives for the page's frame."""
    key = str(paper).lower()
    if key not in PAPERS:
        raise ValueError(f"paper must be one of {tuple(PAPERS)}, not {paper!r}")
    page_w, page_h = PAPERS[key]
    fonts = _fonts()
    styles = _styles(fonts)
    out = io.BytesIO()
    info = chart.info
    doc = BaseDocTemplate(
        out,
        pagesize=(page_w, page_h),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_GAP,
        title=info.title,
        author="reflexmap",
        subject=subject,
        creator="reflexmap",
        invariant=1,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer = " · ".join(
        part
        for part in (
            info.title,
            _("version {version}").format(version=info.version) if info.version else "",
            info.license,
        )
        if part
    )
    doc.build(story(styles, fonts, doc.width, doc.height), canvasmaker=_numbered_canvas(footer, fonts))
    return out.getvalue()


def _answer_lines(numbers: dict[str, int], styles, width: float) -> Table:
    """ "1 ________" for every number, in columns, to write the names on."""
    columns = 4
    entries = [Paragraph(f"<b>{n}</b>&nbsp;" + "_" * 22, styles["key"]) for n in numbers.values()]
    rows = -(-len(entries) // columns)
    cells = [
        [entries[c * rows + r] if c * rows + r < len(entries) else "" for c in range(columns)]
        for r in range(rows)
    ]
    table = Table(cells, colWidths=[width / columns] * columns, hAlign="LEFT")
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


# --- fonts and styles ------------------------------------------------------------------------------


def _fonts() -> dict[str, str]:
    """Register DejaVu Sans from matplotlib's data folder once; fall back to Helvetica."""
    if "RM-Sans" in pdfmetrics.getRegisteredFontNames():
        return {"regular": "RM-Sans", "bold": "RM-Sans-Bold", "italic": "RM-Sans-Oblique"}
    try:
        import matplotlib
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase.ttfonts import TTFont

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for name, file in (
            ("RM-Sans", "DejaVuSans.ttf"),
            ("RM-Sans-Bold", "DejaVuSans-Bold.ttf"),
            ("RM-Sans-Oblique", "DejaVuSans-Oblique.ttf"),
            ("RM-Sans-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
        ):
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        addMapping("RM-Sans", 0, 0, "RM-Sans")
        addMapping("RM-Sans", 1, 0, "RM-Sans-Bold")
        addMapping("RM-Sans", 0, 1, "RM-Sans-Oblique")
        addMapping("RM-Sans", 1, 1, "RM-Sans-BoldOblique")
        return {"regular": "RM-Sans", "bold": "RM-Sans-Bold", "italic": "RM-Sans-Oblique"}
    except Exception:  # no matplotlib or no font files: the base-14 fonts always work
        return {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique"}


def _styles(fonts: dict[str, str]) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=fonts["regular"], fontSize=9, leading=11.5, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=fonts["bold"], fontSize=16, leading=19, spaceAfter=1),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=8.5, leading=10.5, textColor="#444444"),
        "h1": ParagraphStyle("h1", base, fontName=fonts["bold"], fontSize=13, leading=16, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", base, fontName=fonts["bold"], fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=2
        ),
        "notice": ParagraphStyle("notice", base, fontSize=9.5, leading=12.5),
        "para": ParagraphStyle("para", base, spaceBefore=1.5, spaceAfter=2.5),
        "cell": ParagraphStyle("cell", base, fontSize=7.6, leading=9.4),
        "head": ParagraphStyle("head", base, fontName=fonts["bold"], fontSize=7.6, leading=9.4),
        "small": ParagraphStyle("small", base, fontSize=7.2, leading=8.8),
        "key": ParagraphStyle("key", base, fontSize=7, leading=8.4),
        "centre": ParagraphStyle("centre", base, fontSize=7.6, leading=9.4, alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain chart text: escaped, so tags in a chart print as themselves."""
    return Paragraph(escape(str(text)), style)


def _mix(hex_colour: str, alpha: float = ZONE_ALPHA) -> colors.Color:
    """The colour seen when ``hex_colour`` is laid at ``alpha`` over white (print has no alpha)."""
    c = colors.HexColor(hex_colour)
    return colors.Color(*(alpha * v + (1 - alpha) for v in (c.red, c.green, c.blue)))


# --- page 1: the map -------------------------------------------------------------------------------


def _first_page(
    chart: Chart,
    numbers: dict[str, int],
    styles,
    fonts,
    width: float,
    height: float,
    several: bool = False,
) -> list[Flowable]:
    """The title, the notice and the first view's map; ``several``: other views' pages follow, so
    this one says which view it shows."""
    info = chart.info
    safety = content.safety(language())
    head = [_p(info.title, styles["title"])]
    if info.school:
        head.append(_p(info.school, styles["subtitle"]))
    if several:
        head.append(_p(_(VIEW_TITLE[chart.home_view]), styles["h2"]))
    head.append(Spacer(0, 3 * mm))
    notice = _boxed(
        [
            Paragraph(
                f"<b>{escape(_(SAFETY_TITLES['notice']))}:</b> {escape(safety.notice)}", styles["notice"]
            )
        ],
        width,
    )
    soles = place_soles(chart, chart.feet, chart.home_view)
    legend = _legend(soles, styles, fonts, width)
    key = _number_key(chart, numbers, styles, width)
    fixed = [*head, notice, Spacer(0, 2 * mm), legend, Spacer(0, 2 * mm), key]
    # What is left of the page goes to the soles (less a little for paragraph spacing).
    used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in fixed) + 4 * mm
    drawing = _soles_drawing(soles, numbers, fonts, width, height - used)
    return [*head, notice, Spacer(0, 2 * mm), drawing, legend, Spacer(0, 2 * mm), key]


def _view_page(
    chart: Chart, numbers: dict[str, int], styles, fonts, width: float, height: float
) -> list[Flowable]:
    """A page for one more view: its heading, its map, its legend and its numbers' key."""
    view = chart.home_view
    head = [
        _p(_(VIEW_TITLE[view]), styles["h1"]),
        _p(_(VIEW_NOTES[view]), styles["body"]),
        Spacer(0, 3 * mm),
    ]
    soles = place_soles(chart, chart.feet, view)
    legend = _legend(soles, styles, fonts, width)
    key = _number_key(chart, numbers, styles, width)
    fixed = [*head, legend, Spacer(0, 2 * mm), key]
    used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in fixed) + 4 * mm
    if view not in SIDE_VIEWS:
        drawings = [_soles_drawing(soles, numbers, fonts, width, height - used)]
    else:
        # a side is four times wider than tall: side by side the feet would fill a quarter of the
        # page, so each foot gets the page's width, one above the other
        room = (height - used) / len(chart.feet) - 2 * mm
        drawings = [
            _soles_drawing(place_soles(chart, (foot,), view), numbers, fonts, width, room)
            for foot in chart.feet
        ]
    return [*head, *drawings, legend, Spacer(0, 2 * mm), key]


def _boxed(flowables: list[Flowable], width: float) -> Table:
    box = Table([[flowables]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, NOTICE_LINE),
                ("BACKGROUND", (0, 0), (-1, -1), NOTICE_BG),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def _soles_drawing(
    soles: Soles, numbers: dict[str, int], fonts, width: float, height: float, blank: bool = False
) -> Drawing:
    """Both soles as vector paths, scaled to fit ``width`` x ``height`` points, zones numbered;
    ``blank`` leaves the zones white (a quiz sheet: no colour gives the body system away)."""
    minx, miny, maxx, maxy = soles.bounds
    title_space = 12.0  # mm above the soles for "Left foot" / "Right foot"
    pad = 3.0
    x0, x1 = minx - pad, maxx + pad
    y0, y1 = miny - pad, maxy + title_space
    scale = min(width / (x1 - x0), height / (y1 - y0))  # points per millimetre of chart
    draw_w = (x1 - x0) * scale
    drawing = Drawing(width, (y1 - y0) * scale)
    offset_x = (width - draw_w) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return offset_x + (x - x0) * scale, (y - y0) * scale

    def path(geom, **style) -> RlPath:
        p = RlPath(fillMode=0, **style)  # even-odd: holes stay holes
        for poly in getattr(geom, "geoms", [geom]):
            for ring in (poly.exterior, *poly.interiors):
                coords = list(ring.coords)
                p.moveTo(*at(*coords[0]))
                for x, y in coords[1:]:
                    p.lineTo(*at(x, y))
                p.closePath()
        return p

    for placed in soles.feet:
        drawing.add(
            path(
                placed.outline,
                fillColor=colors.HexColor("#fbf7f2"),
                strokeColor=colors.HexColor("#333333"),
                strokeWidth=1.0,
            )
        )
        for zone in placed.zones:
            drawing.add(
                path(
                    zone.geometry,
                    fillColor=colors.white if blank else _mix(SYSTEM_COLORS.get(zone.system, "#dddddd")),
                    strokeColor=colors.HexColor("#555555"),
                    strokeWidth=0.35,
                )
            )
        for _name, line in (*placed.guides, *placed.landmarks):
            points = [v for xy in line.coords for v in at(*xy)]
            drawing.add(
                PolyLine(
                    points, strokeColor=colors.HexColor("#444444"), strokeWidth=0.6, strokeDashArray=[3, 2]
                )
            )
        ominx, _bottom, omaxx, omaxy = placed.outline.bounds
        tx, ty = at((ominx + omaxx) / 2, omaxy + title_space / 2)
        drawing.add(
            String(
                tx,
                ty - 4,
                _(FOOT_LABEL[placed.foot]),
                fontName=fonts["bold"],
                fontSize=11,
                textAnchor="middle",
            )
        )

    # Guide names in the gap between the feet (or beside a single foot), as on screen.
    names: dict[str, float] = {}
    for placed in soles.feet:
        for name, line in placed.guides:
            names.setdefault(name, sum(line.xy[1]) / len(line.xy[1]))
    guide_size = 5.5
    obstacles = []
    # a landmark ring (an ankle bone) is named just above it, on each foot
    for placed in soles.feet:
        for name, ring in placed.landmarks:
            minx, _miny, maxx, maxy = ring.bounds
            gx, gy = at((minx + maxx) / 2, maxy)
            drawing.add(
                String(
                    gx,
                    gy + 2,
                    name,
                    fontName=fonts["regular"],
                    fontSize=guide_size,
                    fillColor=colors.HexColor("#444444"),
                    textAnchor="middle",
                )
            )
            half = pdfmetrics.stringWidth(name, fonts["regular"], guide_size) / 2 / scale
            centre = (minx + maxx) / 2
            obstacles.append(box(centre - half, maxy, centre + half, maxy + (guide_size + 2) / scale))
            obstacles.append(Polygon(ring.coords))  # and the ring itself: no number hides it
    if len(soles.feet) == 2:
        for name, y in names.items():
            for i, part in enumerate(name.replace(" line", "\nline").split("\n")):
                gx, gy = at(0.0, y)
                drawing.add(
                    String(
                        gx,
                        gy + 1 - i * (guide_size + 0.5),
                        part,
                        fontName=fonts["regular"],
                        fontSize=guide_size,
                        fillColor=colors.HexColor("#444444"),
                        textAnchor="middle",
                    )
                )
            half = pdfmetrics.stringWidth("diaphragm", fonts["regular"], guide_size) / 2 / scale + 0.5
            obstacles.append(box(-half, y - 2 * guide_size / scale, half, y + guide_size / scale + 0.5))

    # One number per zone id, placed like the image labels: inside the zone when it fits, beside a
    # small zone on a short leader otherwise.
    radius = (NUMBER_SIZE * 0.62 + 1.2) / scale  # mm
    sizes = {}
    for placed in soles.feet:
        for zone in placed.zones:
            text = str(numbers[zone.zone_id])
            w = max(2 * radius, (pdfmetrics.stringWidth(text, fonts["bold"], NUMBER_SIZE) + 3) / scale)
            sizes[(zone.foot, zone.zone_id)] = (w, 2 * radius, w, 2 * radius)
    spots = place_labels(soles, sizes, obstacles, (x0, y0, x1, maxy + 2))
    for placed in soles.feet:
        for zone in placed.zones:
            spot = spots[(zone.foot, zone.zone_id)]
            if spot.leader is not None:
                (ax_, ay_), (bx, by) = spot.leader
                drawing.add(Line(*at(ax_, ay_), *at(bx, by), strokeColor=INK, strokeWidth=0.5))
                drawing.add(Circle(*at(ax_, ay_), 0.9, fillColor=INK, strokeColor=None))
            cx, cy = at(spot.x, spot.y)
            w = sizes[(zone.foot, zone.zone_id)][0] * scale
            r = radius * scale
            drawing.add(
                Rect(
                    cx - w / 2,
                    cy - r,
                    w,
                    2 * r,
                    rx=r,
                    ry=r,
                    fillColor=colors.white,
                    strokeColor=colors.HexColor("#333333"),
                    strokeWidth=0.4,
                )
            )
            drawing.add(
                String(
                    cx,
                    cy - NUMBER_SIZE * 0.36,
                    str(numbers[zone.zone_id]),
                    fontName=fonts["bold"],
                    fontSize=NUMBER_SIZE,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
    return drawing


def _legend(soles: Soles, styles, fonts, width: float) -> Table:
    """Body systems with their colours, in the dashboard's order, as a row of swatches."""
    systems = [s for s in SYSTEM_COLORS if s in soles.systems]
    small = styles["small"]
    # as many columns as the longest name allows ("Сердечно-сосудистая" is long): a name broken
    # inside a word reads badly
    widest = max(
        (pdfmetrics.stringWidth(system_name(s), small.fontName, small.fontSize) for s in systems), default=0
    )
    columns = max(1, min(5, int(width // (18 + widest + 4))))
    cells, row = [], []
    for system in systems:
        swatch = Drawing(14, 9)
        swatch.add(
            Rect(0, 0, 14, 9, fillColor=_mix(SYSTEM_COLORS[system]), strokeColor=colors.HexColor("#555555"))
        )
        row += [swatch, _p(system_name(system), small)]
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (2 * columns - len(row)))
    if not cells:
        return Spacer(0, 0)
    col = width / columns
    table = Table(cells, colWidths=[18, col - 18] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _number_key(chart: Chart, numbers: dict[str, int], styles, width: float) -> Table:
    """The numbers on the map and their zones, in columns, so page 1 reads on its own."""
    entries = []
    for zone_id, number in numbers.items():
        zone = chart.zone(zone_id)
        where = "" if zone.paired else f" ({_(ONE_FOOT[zone.feet[0]])})"
        entries.append(
            Paragraph(f"<b>{number}</b>&nbsp;{escape(short_name(zone.name))}{escape(where)}", styles["key"])
        )
    columns = 4
    rows = -(-len(entries) // columns)
    cells = [
        [entries[c * rows + r] if c * rows + r < len(entries) else "" for c in range(columns)]
        for r in range(rows)
    ]
    table = Table(cells, colWidths=[width / columns] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3),
            ]
        )
    )
    return table


# --- the zone table --------------------------------------------------------------------------------


def _zone_table(
    chart: Chart, numbers: dict[str, int], styles, width: float, first: bool = True, heading: str = ""
) -> list[Flowable]:
    """The zones of one view, numbered as on its map; ``first`` opens the table part with its
    title and introduction, ``heading`` names the view's part."""
    cell, head = styles["cell"], styles["head"]
    headings = (N_("No."), N_("Zone"), N_("Feet"), N_("Body system"), N_("Body areas"), N_("How to work it"))
    rows = [[_p(_(h), head) for h in headings]]
    for zone_id, number in numbers.items():
        feet = chart.feet_of(zone_id)
        zones = [chart.zone(zone_id, foot) for foot in feet]
        # Both feet normally say the same; a chart that differs by foot gets each foot's text.
        variants = {(z.system, z.body_areas, z.technique, z.caveats): z for z in zones}
        split = len(variants) > 1
        systems, areas, techniques = [], [], []
        for zone in variants.values() if not split else zones:
            prefix = f"<b>{escape(_(FOOT_LABEL[zone.foot]))}:</b> " if split else ""
            systems.append(Paragraph(prefix + escape(system_name(zone.system)), cell))
            areas.append(Paragraph(prefix + escape(", ".join(zone.body_areas)), cell))
            techniques.extend(_technique(zone, cell, prefix))
        rows.append(
            [
                Paragraph(f"<b>{number}</b>", styles["centre"]),
                Paragraph(f"<b>{escape(zones[0].name)}</b>", cell),
                _p(_("left and right") if len(feet) > 1 else _(ONE_FOOT[feet[0]]), cell),
                systems,
                areas,
                techniques,
            ]
        )
    table = LongTable(rows, colWidths=_column_widths(chart, cell, head, width), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#555555")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f6f6")]),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    intro = (
        _(
            "The numbers match the maps. Zones on one foot only say so. Work gently: firmly enough to "
            "feel it, never so hard that it hurts."
        )
        if heading
        else _(
            "The numbers match the map on page 1. Zones on one foot only say so. Work gently: firmly "
            "enough to feel it, never so hard that it hurts."
        )
    )
    opening = (
        [_p(_("The zones"), styles["h1"]), _p(intro, styles["body"]), Spacer(0, 3 * mm)] if first else []
    )
    part = [CondPageBreak(40 * mm), _p(heading, styles["h2"])] if heading else []
    return [*opening, *part, table]


def _column_widths(chart: Chart, cell: ParagraphStyle, bold: ParagraphStyle, width: float) -> list[float]:
    """The zone table's column widths: its usual shares, but a column as wide as its longest word
    (Russian has long ones: "Опорно-двигательная"), so no word breaks in the middle. The technique
    column, whose text wraps anywhere, gives up the room, down to :data:`MIN_TECHNIQUE_SHARE`;
    past that (a chart of absurdly long words) long words break as before."""
    shares = (0.045, 0.15, 0.075, 0.145, 0.165, 0.42)
    widths = [share * width for share in shares]
    zones = chart.zones
    columns = {
        1: (zones["name"], bold.fontName),  # names are set in bold
        3: (map(system_name, zones["system"]), cell.fontName),
        4: ((a for areas in zones["body_areas"] for a in areas), cell.fontName),
    }
    padding = 7  # the cells' left and right padding, and a point to spare
    extra = {}
    for column, (texts, font) in columns.items():
        words = {word for text in texts for word in str(text).split()}
        longest = max((pdfmetrics.stringWidth(w, font, cell.fontSize) for w in words), default=0)
        extra[column] = max(0.0, longest + padding - widths[column])
    room = (shares[-1] - MIN_TECHNIQUE_SHARE) * width
    scale = min(1.0, room / sum(extra.values())) if sum(extra.values()) else 0.0
    for column, more in extra.items():
        widths[column] += more * scale
    widths[-1] = width - sum(widths[:-1])
    return widths


def _technique(zone, cell: ParagraphStyle, prefix: str = "") -> list[Paragraph]:
    t = zone.technique
    parts = [
        Paragraph(f"{prefix}<b>{escape(_sentence(t.method))}</b> {escape(_sentence(t.how))}", cell),
        Paragraph(
            " ".join(
                f"<i>{escape(label)}</i> {escape(_sentence(text, upper=False))}"
                for label, text in (
                    (_("Direction:"), t.direction),
                    (_("Pressure:"), t.pressure),
                    (_("Duration:"), t.duration),
                )
            ),
            cell,
        ),
    ]
    take_care = escape(_("Take care:"))
    for caveat in zone.caveats:
        parts.append(Paragraph(f"<b>{take_care}</b> {escape(_sentence(caveat))}", cell))
    return parts


def _sentence(text: str, upper: bool = True) -> str:
    """``text`` with a capital first letter and one full stop at the end."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    if upper:
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


# --- safety ----------------------------------------------------------------------------------------


def _safety(chart: Chart, styles, width: float) -> list[Flowable]:
    safety = content.safety(language())
    story: list[Flowable] = [CondPageBreak(60 * mm), Spacer(0, 6 * mm), _p(_("Safety"), styles["h1"])]
    for name in ORDER:
        if name == "notice":
            continue
        title, lines = safety_section(safety, name)
        block: list[Flowable] = [_p(title, styles["h2"])]
        if name == "pregnancy":
            p = safety.pregnancy
            block += [
                _p(p.summary, styles["para"]),
                Paragraph("<b>" + escape(_("No foot massage during:")) + "</b>", styles["para"]),
                _bullets(p.restrictions, styles),
                Paragraph("<b>" + escape(_("Never use:")) + "</b>", styles["para"]),
                _bullets(p.never, styles),
            ]
        elif name == "children":
            block += [_p(safety.children.summary, styles["para"]), _bullets(safety.children.points, styles)]
        elif name == "older_people":
            block += [_p(lines[0], styles["para"]), _bullets(lines[1:], styles)]
        elif name == "contraindications":
            block += [
                _bullets(lines, styles),
                Spacer(0, 2),
                _p(safety.contraindications_note, styles["small"]),
            ]
        elif name == "diagnostic_limit":
            block += [_p(line, styles["para"]) for line in lines]
        else:
            block.append(_bullets(lines, styles))
        story.append(KeepTogether(block))
    story += [
        Spacer(0, 5 * mm),
        _boxed([Paragraph(f"<b>{escape(safety.notice)}</b>", styles["notice"])], width),
    ]
    return story


def _bullets(lines, styles) -> ListFlowable:
    return ListFlowable(
        [ListItem(_p(line, styles["body"]), leftIndent=12) for line in lines],
        bulletType="bullet",
        start="•",
        leftIndent=12,
        bulletFontSize=8,
    )


# --- page furniture --------------------------------------------------------------------------------


def _numbered_canvas(footer: str, fonts: dict[str, str]):
    """A canvas class that writes the footer and "page N of M" once the page count is known."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            page_w = self._pagesize[0]
            size = 7.5
            right = _("Page {page} of {pages}").format(page=self._pageNumber, pages=total)
            room = page_w - 2 * MARGIN - pdfmetrics.stringWidth(right, fonts["regular"], size) - 12
            text = footer
            if pdfmetrics.stringWidth(text, fonts["regular"], size) > room:
                while text and pdfmetrics.stringWidth(text + " …", fonts["regular"], size) > room:
                    text = text[:-1]
                text = text.rstrip() + " …"
            y = MARGIN
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN, y + 9, page_w - MARGIN, y + 9)
            self.setFont(fonts["regular"], size)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN, y, text)
            self.drawRightString(page_w - MARGIN, y, right)
            self.restoreState()

    return NumberedCanvas
