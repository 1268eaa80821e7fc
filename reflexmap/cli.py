"""The ``reflexmap`` command: serve the dashboard, validate a chart, list zones and charts, compare."""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .charts import VIEWS
from .i18n import LANGUAGES, in_language, pick_language, translator
from .labels import SYSTEM_NAMES, VIEW_NAMES, category_name
from .lasting import lasting
from .problems import ChartError

if TYPE_CHECKING:
    from . import content
    from .model import Chart


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    _ = translator(_language(args)).gettext
    try:
        return args.run(args)
    except ChartError as exc:
        cannot = _("cannot load the chart {chart}").format(chart=getattr(args, "map", None) or "")
        # one problem (a device, a missing file) is one line, like any other error; a list for more
        print(
            f"reflexmap: {cannot}".rstrip() + (f": {exc.problems[0]}" if len(exc.problems) == 1 else ""),
            file=sys.stderr,
        )
        if len(exc.problems) != 1:
            print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away; nothing left to say
        sys.stdout = None
        return 0
    except OSError as exc:  # a file that cannot be read or written
        name = str(exc.filename or getattr(args, "output", "") or "")
        where = f"{name if len(name) <= 100 else name[:97] + '...'}: " if name else ""
        print(f"reflexmap: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except MemoryError:
        print("reflexmap: " + _("out of memory (a smaller --width or --dpi may help)"), file=sys.stderr)
        return 1


def _int_in(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not from {low} to {high:,}")
        return value

    return parse


def _address(text: str) -> str:
    # an empty address makes Tornado bind every interface, while the URL printed reads http://:PORT/
    if not text.strip():
        raise argparse.ArgumentTypeError("give an address (0.0.0.0 for every interface)")
    return text.strip()


class _Parser(argparse.ArgumentParser):
    """Says what is wrong with the arguments in one line, and where the help is."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reflexmap",
        description="Interactive reflexology foot map. Reflexology does not diagnose or treat disease.",
    )
    parser.add_argument("--version", action="version", version=f"reflexmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="start the dashboard in your browser")
    _chart_option(serve)
    serve.add_argument(
        "--port",
        type=_int_in(0, 65535),
        default=5006,
        help="port to listen on (default 5006; 0 picks a free one)",
    )
    serve.add_argument(
        "--address",
        type=_address,
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1: only this computer can connect)",
    )
    serve.add_argument(
        "--allow-origin",
        action="extend",
        type=_origins,
        default=[],
        metavar="HOST[:PORT]",
        help="also accept browsers that open the server at this address, as students type it "
        "(e.g. 192.168.1.20:5006); repeatable or comma-separated",
    )
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    serve.add_argument(
        "--verbose", action="store_true", help="log every request (by default only refused and failed ones)"
    )
    serve.add_argument(
        "--num-procs",
        type=_int_in(0, 64),
        default=1,
        metavar="N",
        help="server processes sharing the port (default 1; 0: one per CPU; Unix only)",
    )
    serve.add_argument(
        "--allow-markup",
        action="store_true",
        help="accept tag-like text such as <b> in the chart (it is still shown as plain text)",
    )
    _language_option(serve, "the language of the start-up lines (each page speaks its reader's)")
    serve.set_defaults(run=_serve)

    validate = sub.add_parser("validate", help="check a chart and list every problem")
    validate.add_argument("path", help="a chart folder, chart.json or .geojson")
    _language_option(validate, "the language of the verdict (the problems themselves are in English)")
    validate.set_defaults(run=_validate)

    zones = sub.add_parser("zones", help="list the zones of a chart")
    _chart_option(zones)
    zones.add_argument("--search", "-s", metavar="Q", help='only zones matching Q (e.g. "lower back")')
    zones.add_argument("--foot", choices=("left", "right"))
    zones.add_argument(
        "--view", choices=(*VIEWS, "all"), default="plantar", help="sole (default), top, sides, or all"
    )
    zones.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _language_option(zones)
    zones.set_defaults(run=_zones)

    export = sub.add_parser(
        "export", help="write the chart to a file: offline HTML, PNG, SVG or a PDF handout"
    )
    export.add_argument("--format", "-f", choices=("html", "png", "svg", "pdf"), required=True)
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    _chart_option(export)
    export.add_argument(
        "--feet", choices=("both", "left", "right"), default="both", help="png/svg: which feet"
    )
    export.add_argument(
        "--no-labels", action="store_true", help="png/svg: no zone names (a blank quiz sheet)"
    )
    export.add_argument(
        "--width", type=_int_in(100, 20_000), default=1600, metavar="PX", help="png/svg: width in pixels"
    )
    export.add_argument("--dpi", type=_int_in(10, 2_400), default=200, help="png/svg: dots per inch")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.add_argument("--paper", choices=("a4", "letter"), default="a4", help="pdf: paper size")
    export.add_argument(
        "--view",
        choices=VIEWS,
        default="plantar",
        help="png/svg: the soles (default), tops or sides (html and pdf show every view)",
    )
    _language_option(export)
    export.set_defaults(run=_export)

    charts = sub.add_parser("charts", help="list the built-in charts: id, school, views, zones")
    charts.set_defaults(run=_charts)

    compare = sub.add_parser("compare", help="compare two charts zone by zone")
    compare.add_argument(
        "a", metavar="A", help="a built-in chart id (see 'reflexmap charts') or a chart path"
    )
    compare.add_argument("b", metavar="B", help="the chart to compare A with (id or path)")
    compare.add_argument(
        "--view",
        choices=(*VIEWS, "all"),
        help="the view to compare (default: every view both charts draw; all: the same, refused "
        "when one chart lacks a view)",
    )
    compare.add_argument("--format", choices=("text", "json"), default="text")
    _language_option(compare, "the language of the text format (json keeps English ids and words)")
    compare.set_defaults(run=_compare)

    handbook = sub.add_parser("handbook", help="read the handbook in the terminal")
    handbook.add_argument("topic", nargs="*", help='an entry id or words to search ("flat feet", "oil")')
    _language_option(handbook)
    handbook.set_defaults(run=_handbook)
    return parser


class _OldChartFlag(argparse.Action):
    """``--map``, the name of ``--chart`` before 0.2: still taken, with a note to use the new one."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print("reflexmap: --map is deprecated and goes in the next release: use --chart", file=sys.stderr)
        setattr(namespace, self.dest, values)


def _chart_option(command: argparse.ArgumentParser) -> None:
    """``--chart PATH|ID``, the chart a command works on (``--map`` before 0.2)."""
    command.add_argument(
        "--chart",
        dest="map",
        metavar="PATH",
        help="a chart folder, chart.json or .geojson, or a built-in chart's id (default: the default chart)",
    )
    command.add_argument("--map", dest="map", action=_OldChartFlag, help=argparse.SUPPRESS)


def _language_option(command: argparse.ArgumentParser, what: str = "the language to write in") -> None:
    command.add_argument("--lang", choices=LANGUAGES, help=f"{what} (default: $REFLEXMAP_LANG, else English)")


def _language(args: argparse.Namespace) -> str:
    """``--lang``, else $REFLEXMAP_LANG (``ru``, ``ru_RU.UTF-8`` or a list like ``ru:en``), else English."""
    wished = os.environ.get("REFLEXMAP_LANG", "")
    accepted = ",".join(part.split(".")[0].replace("_", "-") for part in re.split(r"[:,]", wished))
    return pick_language(getattr(args, "lang", None), accepted)


def _origins(text: str) -> list[str]:
    from .dashboard.origins import parse_origins

    try:
        return parse_origins(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _map_source(name: str | None) -> Path | None:
    """``--map``: a built-in chart's id ("chinese") or a path; ``None`` for the default chart."""
    from .library import chart_source

    return chart_source(name) if name else None


def _load(source: str | Path | None, *, allow_markup: bool = False) -> Chart:
    """:func:`reflexmap.model.load_chart`, the model imported on first use: it brings pandas, which
    ``serve`` loads only once its server listens (see :func:`_serve`)."""
    from .model import load_chart

    return load_chart(source, allow_markup=allow_markup)


def _validate(args: argparse.Namespace) -> int:
    _ = translator(_language(args)).gettext
    try:
        chart = _load(args.path)
    except ChartError as exc:
        print(f"{args.path}: " + _("INVALID"), file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    counts = chart.zones.groupby("foot").size()
    on_foot = {"left": _("{count} on the left foot"), "right": _("{count} on the right foot")}
    per_foot = ", ".join(on_foot[f].format(count=counts[f]) for f in chart.feet)
    named = ", ".join(_(VIEW_NAMES[view]) for view in chart.views)
    views = _("; views: {views}").format(views=named) if chart.views != ("plantar",) else ""
    count = chart.zones["zone_id"].nunique()
    languages = ""
    if chart.languages != ("en",):
        languages = _("; languages: {languages}").format(languages=", ".join(chart.languages))
    title = in_language(chart, _language(args)).info.title
    ok = _("OK - '{title}': {count} zones ({details})").format(
        title=title, count=count, details=per_foot + views + languages
    )
    print(f"{args.path}: {ok}")
    if chart.translation_problems:
        # the chart works (missing text is shown in English, marked), but its translations are unfinished
        print(f"{args.path}: " + _("translations incomplete"), file=sys.stderr)
        print(ChartError(chart.translation_problems), file=sys.stderr)
        return 1
    return 0


def _zone_table(chart: Chart, search: str | None, foot: str | None, view: str = "plantar"):
    table = chart.find(search, view=None) if search else chart.zones
    if foot:
        table = table[table["foot"] == foot]
    if view != "all":
        table = table[table["view"] == view]
    columns = ["zone_id", "foot", *(["view"] if view == "all" else []), "name", "system", "body_areas"]
    out = table[columns].copy()
    out["body_areas"] = out["body_areas"].map(", ".join)
    return out.reset_index(drop=True)


def _zones(args: argparse.Namespace) -> int:
    lang = _language(args)
    _ = translator(lang).gettext
    chart = in_language(_load(_map_source(args.map)), lang)
    table = _zone_table(chart, args.search, args.foot, args.view)
    condition = chart.condition(args.search) if args.search else None
    if condition is not None:
        # before the zones, as the app shows it; on stderr for csv/json, which programs read
        to = sys.stdout if args.format == "table" else sys.stderr
        print(textwrap.fill(_("Not a treatment.") + " " + condition.notice, 88), end="\n\n", file=to)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        json.dump(table.to_dict(orient="records"), sys.stdout, indent=1, ensure_ascii=False)
        print()
    elif table.empty:
        print(_("no zones match"))
    else:
        print(_readable(table, translator(lang)).to_string(index=False))
    return 0


def _readable(table, catalogue) -> object:
    """The zone table for a reader of ``catalogue``'s language: headings, feet, views and body
    systems in words (csv and json keep the ids, which programs read)."""
    words = {
        "foot": {foot: catalogue.gettext(foot) for foot in ("left", "right")},
        "view": {view: catalogue.gettext(name) for view, name in VIEW_NAMES.items()},
        "system": {system: catalogue.gettext(name).lower() for system, name in SYSTEM_NAMES.items()},
    }
    out = table.copy()
    for column, names in words.items():
        if column in out:
            out[column] = out[column].map(lambda value, names=names: names.get(value, value))
    headings = {
        "zone_id": catalogue.pgettext("zones table", "zone_id"),
        "foot": catalogue.pgettext("zones table", "foot"),
        "view": catalogue.pgettext("zones table", "view"),
        "name": catalogue.pgettext("zones table", "name"),
        "system": catalogue.pgettext("zones table", "system"),
        "body_areas": catalogue.pgettext("zones table", "body_areas"),
    }
    return out.rename(columns=headings)


def _charts(_args: argparse.Namespace) -> int:
    from .library import builtin_summaries

    for summary in builtin_summaries():
        print(summary.line())
    return 0


def _compare(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .compare import compare_charts
    from .library import chart_source

    maps = []
    for name in (args.a, args.b):
        args.map = name  # named in the error message if it cannot be loaded
        chart = _load(chart_source(name))
        # the text names zones in the reader's language; json keeps the chart's own (English) words
        maps.append(in_language(chart, _language(args)) if args.format == "text" else chart)
    views = None  # every view both draw
    if args.view == "all":  # every view either draws: refused below if one chart lacks one
        views = tuple(v for v in VIEWS if v in maps[0].views or v in maps[1].views)
    elif args.view:
        views = (args.view,)
    try:
        result = compare_charts(*maps, views=views)
    except ValueError as exc:
        print(f"reflexmap: {exc}", file=sys.stderr)
        return 2
    _ = translator(_language(args)).gettext
    if args.format == "json":
        zones = [asdict(z) | {"changes": list(z.changes)} for z in result.zones]
        views_of = {
            "views": list(result.views),
            "not_compared": {
                "only_a": list(result.only_a),
                "only_b": list(result.only_b),
                "skipped": list(result.skipped),
            },
        }
        json.dump(
            {"a": result.a, "b": result.b, **views_of, "zones": zones},
            sys.stdout,
            indent=1,
            ensure_ascii=False,
        )
        print()
    else:
        print("\n".join(result.lines(_)))
    return 0


EXTENSIONS = {"html": (".html", ".htm"), "png": (".png",), "svg": (".svg",), "pdf": (".pdf",)}


def _export_target(output: str, fmt: str, force: bool, _: Callable[[str], str] = str) -> str | None:
    """Why ``output`` is no file to write ``fmt`` into, or None if it is (``_`` translates)."""
    path = Path(output)
    suffix = path.suffix.lower()
    known = {s for group in EXTENSIONS.values() for s in group}
    if not output.strip():
        return _("give a file name with -o")
    if path.is_dir():
        return _("{file} is a folder: give a file name inside it").format(file=output)
    if suffix in known and suffix not in EXTENSIONS[fmt]:
        return _("{file} names a {kind} file, but --format is {format}").format(
            file=output, kind=suffix[1:].upper(), format=fmt
        )
    if path.exists() and not force:
        return _("{file} exists: add --force to overwrite it").format(file=output)
    return None


def _export(args: argparse.Namespace) -> int:
    lang = _language(args)
    _ = translator(lang).gettext
    if args.view != "plantar" and args.format in ("html", "pdf"):
        every = _("--view is for png and svg; the {format} export shows every view of the chart").format(
            format=args.format
        )
        print(f"reflexmap: {every}", file=sys.stderr)
        return 2
    if problem := _export_target(args.output, args.format, args.force, _):
        print(f"reflexmap: {problem}", file=sys.stderr)
        return 2
    chart = in_language(_load(_map_source(args.map)), lang)
    # each format imports its own library (Bokeh, matplotlib, reportlab) only when asked for
    if args.format == "html":
        from .export.html import write_html

        size = write_html(chart, args.output, lang)
    elif args.format == "pdf":
        from .export.pdf import write_handout

        size = write_handout(chart, args.output, paper=args.paper, lang=lang)
    else:
        from .export.images import write_image

        feet = ("left", "right") if args.feet == "both" else (args.feet,)
        size = write_image(
            chart,
            args.output,
            fmt=args.format,
            feet=feet,
            labels=not args.no_labels,
            width_px=args.width,
            dpi=args.dpi,
            view=args.view,
            lang=lang,
        )
    print(_("wrote {file} ({size:,} bytes)").format(file=args.output, size=size))
    return 0


def _handbook(args: argparse.Namespace) -> int:
    from . import content  # its text is parsed on import: only for the commands that show it

    _ = translator(_language(args)).gettext
    book = content.handbook(_language(args))
    topic = " ".join(args.topic).strip()
    if not topic:
        for category in content.HANDBOOK_CATEGORIES:
            entries = [e for e in book.entries if e.category == category]
            if entries:
                print(f"{_(category_name(category))}:")
                for e in entries:
                    print(f"  {e.entry_id:28s} {e.title}")
        print("\n" + _('Read one with: reflexmap handbook ENTRY_ID (or words, e.g. "flat feet")'))
        return 0
    try:
        entry = book.get(topic)
    except KeyError:
        found = book.search(topic)
        if not found:
            hint = _("No handbook entry matches {topic}. Run 'reflexmap handbook' for the list.")
            print(hint.format(topic=repr(topic)), file=sys.stderr)
            return 1
        entry = found[0]
        if len(found) > 1:
            others = ", ".join(e.entry_id for e in found[1:5])
            print(_("(also matching: {entries})").format(entries=others) + "\n")
    print(_entry_text(entry, _))
    return 0


def _entry_text(entry: content.Entry, _: Callable[[str], str] = str) -> str:
    from . import content

    wrap = textwrap.TextWrapper(width=88)
    bullet = textwrap.TextWrapper(width=88, initial_indent="  - ", subsequent_indent="    ")
    category = f"({_(category_name(entry.category))})"
    out = [entry.title, "=" * len(entry.title), category, "", *wrap.wrap(entry.summary), ""]
    for paragraph in entry.body:
        out += [*wrap.wrap(paragraph), ""]
    for point in entry.points:
        out += bullet.wrap(point)
    if entry.routine:
        routine = content.routines().get(entry.routine)
        out += ["", _("Steps ({routine}):").format(routine=routine.title)]
        for number, step in enumerate(routine.steps, 1):
            out += textwrap.wrap(step.text, 88, initial_indent=f"  {number}. ", subsequent_indent="     ")
    for name in entry.safety:
        heading, lines = content.safety_section(content.safety(), name)
        out += ["", f"{heading}:"]
        for line in lines:
            out += bullet.wrap(line)
    out += ["", _("Sources:"), *(bullet.fill(str(source)) for source in entry.sources)]
    if entry.reworded:
        out += ["", _("How we changed the source:"), *wrap.wrap(entry.reworded)]
    out += ["", *wrap.wrap(content.safety().notice)]
    return "\n".join(out)


def _serve(args: argparse.Namespace) -> int:
    from .dashboard.origins import env_origins

    lang = _language(args)
    _ = translator(lang).gettext
    # a bad BOKEH_ALLOW_WS_ORIGIN is a usage error like a bad --allow-origin: stop before loading
    try:
        env_origins()
    except ValueError as exc:
        print(f"reflexmap: {exc}", file=sys.stderr)
        return 2
    from .library import builtin_charts

    source = _map_source(args.map)
    chart: Chart | Callable[[], Chart] = functools.partial(_load, source, allow_markup=args.allow_markup)
    # A chart of one's own is validated before anything starts, so that a bad one exits with the
    # validator's message alone. A chart reflexmap ships (tested with it) is loaded once the server
    # listens, while the first browser fetches the page's scripts (see dashboard.server.serve).
    if source is not None and source not in builtin_charts().values():
        chart = chart()
    with lasting():
        from .dashboard.server import serve

    try:
        serve(
            chart,
            port=args.port,
            address=args.address,
            open_browser=not args.no_browser,
            num_procs=args.num_procs,
            allow_origins=args.allow_origin,
            lang=lang,
            verbose=args.verbose,
        )
    except OSError as exc:  # the port is taken, the address is not this computer's...
        cannot = _("cannot serve at {address} port {port}: {reason}").format(
            address=args.address, port=args.port, reason=exc.strerror or exc
        )
        print(f"reflexmap: {cannot}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
