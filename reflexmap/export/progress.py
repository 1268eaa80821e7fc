"""A student's "my progress" picture and page: the soles painted by what they know.

The picture is the chart export (:func:`reflexmap.export.images.render_image`) with the zones
filled by knowledge level (:mod:`reflexmap.knowledge`) and a key naming each level and its count;
the PDF is that picture on one page, with the weakest zones listed under it. Both in the ``lang``
asked for (the chart is ``chart.translated(lang)`` already).
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer

from ..i18n import DEFAULT_LANGUAGE, translator
from ..knowledge import LEVELS, legend_rows, levels, practise_next
from ..labels import FOOT_NAME
from ..model import Chart
from ..quiz import Progress, pool, split_key
from .images import Painting, render_image
from .pdf import MARGIN, PAPERS, _fonts, _styles


def progress_painting(
    chart: Chart, progress: Progress, day: date | None = None, lang: str = DEFAULT_LANGUAGE
) -> Painting:
    """The zones' fills by level and a key with each level's count, captioned with the date."""
    _ = translator(lang).gettext
    by_key = levels(pool(chart), progress)
    fills = {}
    for key, name in by_key.items():
        level = LEVELS[name]
        fills[split_key(key)] = (level.colour, level.mpl_hatch)
    legend = [
        (f"{_(level.label)}: {count}", level.colour, level.mpl_hatch) for level, count in legend_rows(by_key)
    ]
    when = (day or date.today()).isoformat()
    caption = _(
        "My progress on {date}: what my quiz answers show I know (a zone on both feet counts on each)"
    ).format(date=when)
    return Painting(fills=fills, legend=legend, caption=caption)


def render_progress_png(
    chart: Chart,
    progress: Progress,
    width_px: int = 1600,
    day: date | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The soles painted by what the student knows, as PNG bytes."""
    painting = progress_painting(chart, progress, day, lang)
    return render_image(chart, fmt="png", width_px=width_px, painting=painting, lang=lang)


def render_progress_pdf(
    chart: Chart,
    progress: Progress,
    paper: str = "a4",
    day: date | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> bytes:
    """One page: the painted soles and the zones to practise next."""
    _ = translator(lang).gettext
    key = str(paper).lower()
    if key not in PAPERS:
        raise ValueError(f"paper must be one of {tuple(PAPERS)}, not {paper!r}")
    page_w, page_h = PAPERS[key]
    styles = _styles(_fonts())
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=(page_w, page_h),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_("My progress"),
        author="reflexmap",
        creator="reflexmap",
        invariant=1,
    )
    png = render_progress_png(chart, progress, width_px=1600, day=day, lang=lang)
    picture = Image(io.BytesIO(png))
    scale = min(doc.width / picture.drawWidth, (doc.height - 40 * mm) / picture.drawHeight)
    picture.drawWidth *= scale
    picture.drawHeight *= scale
    items = pool(chart)
    weak = practise_next(items, progress, 8)  # the zones the map paints shaky or learning
    names = [f"{chart.zone(*split_key(k)).name} ({_(FOOT_NAME[split_key(k)[1]])})" for k in weak]
    if names:
        text = _("Zones to practise next: {zones}.").format(zones=", ".join(names))
    else:
        text = _("No zone answered wrong yet.")
    title = Paragraph(escape(_("My progress")), styles["title"])
    story = [title, picture, Spacer(1, 4 * mm), Paragraph(escape(text), styles["body"])]
    doc.build(story)
    return out.getvalue()
