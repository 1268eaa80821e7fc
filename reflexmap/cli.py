"""The ``reflexmap`` command: serve the dashboard, validate a chart, list zones."""

from __future__ import annotations

import argparse
import gc
import json
import sys
import textwrap
from collections.abc import Sequence

from . import __version__, content
from .model import ZoneMap, load_map
from .problems import ZoneMapError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except ZoneMapError as exc:
        print(
            f"reflexmap: cannot load the chart {getattr(args, 'map', None) or ''}".rstrip(), file=sys.stderr
        )
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away; nothing left to say
        sys.stdout = None
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reflexmap",
        description="Interactive reflexology foot map. Reflexology does not diagnose or treat disease.",
    )
    parser.add_argument("--version", action="version", version=f"reflexmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="start the dashboard in your browser")
    serve.add_argument(
        "--map", metavar="PATH", help="a chart folder, chart.json or .geojson (default: built-in)"
    )
    serve.add_argument(
        "--port", type=int, default=5006, help="port to listen on (default 5006; 0 picks a free one)"
    )
    serve.add_argument(
        "--address",
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
        "--num-procs",
        type=int,
        default=1,
        metavar="N",
        help="server processes sharing the port (default 1; 0: one per CPU; Unix only)",
    )
    serve.add_argument(
        "--allow-markup",
        action="store_true",
        help="accept tag-like text such as <b> in the chart (it is still shown as plain text)",
    )
    serve.set_defaults(run=_serve)

    validate = sub.add_parser("validate", help="check a chart and list every problem")
    validate.add_argument("path", help="a chart folder, chart.json or .geojson")
    validate.set_defaults(run=_validate)

    zones = sub.add_parser("zones", help="list the zones of a chart")
    zones.add_argument("--map", metavar="PATH", help="a chart (default: built-in)")
    zones.add_argument("--search", "-s", metavar="Q", help='only zones matching Q (e.g. "lower back")')
    zones.add_argument("--foot", choices=("left", "right"))
    zones.add_argument("--format", choices=("table", "csv", "json"), default="table")
    zones.set_defaults(run=_zones)

    export = sub.add_parser(
        "export", help="write the chart to a file: offline HTML, PNG, SVG or a PDF handout"
    )
    export.add_argument("--format", "-f", choices=("html", "png", "svg", "pdf"), required=True)
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    export.add_argument("--map", metavar="PATH", help="a chart (default: built-in)")
    export.add_argument(
        "--feet", choices=("both", "left", "right"), default="both", help="png/svg: which feet"
    )
    export.add_argument(
        "--no-labels", action="store_true", help="png/svg: no zone names (a blank quiz sheet)"
    )
    export.add_argument("--width", type=int, default=1600, metavar="PX", help="png/svg: width in pixels")
    export.add_argument("--dpi", type=int, default=200, help="png/svg: dots per inch")
    export.add_argument("--paper", choices=("a4", "letter"), default="a4", help="pdf: paper size")
    export.set_defaults(run=_export)

    handbook = sub.add_parser("handbook", help="read the handbook in the terminal")
    handbook.add_argument("topic", nargs="*", help='an entry id or words to search ("flat feet", "oil")')
    handbook.set_defaults(run=_handbook)
    return parser


def _origins(text: str) -> list[str]:
    from .dashboard.origins import parse_origins

    try:
        return parse_origins(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _validate(args: argparse.Namespace) -> int:
    try:
        chart = load_map(args.path)
    except ZoneMapError as exc:
        print(f"{args.path}: INVALID", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    counts = chart.zones.groupby("foot").size()
    per_foot = ", ".join(f"{counts[f]} on the {f} foot" for f in chart.feet)
    print(f"{args.path}: OK - '{chart.info.title}': {chart.zones['zone_id'].nunique()} zones ({per_foot})")
    return 0


def _zone_table(chart: ZoneMap, search: str | None, foot: str | None):
    table = chart.find(search) if search else chart.zones
    if foot:
        table = table[table["foot"] == foot]
    out = table[["zone_id", "foot", "name", "system", "body_areas"]].copy()
    out["body_areas"] = out["body_areas"].map(", ".join)
    return out.reset_index(drop=True)


def _zones(args: argparse.Namespace) -> int:
    table = _zone_table(load_map(args.map), args.search, args.foot)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        json.dump(table.to_dict(orient="records"), sys.stdout, indent=1, ensure_ascii=False)
        print()
    elif table.empty:
        print("no zones match")
    else:
        print(table.to_string(index=False))
    return 0


def _export(args: argparse.Namespace) -> int:
    chart = load_map(args.map)
    # each format imports its own library (Bokeh, matplotlib, reportlab) only when asked for
    if args.format == "html":
        from .export.html import write_html

        size = write_html(chart, args.output)
    elif args.format == "pdf":
        from .export.pdf import write_handout

        size = write_handout(chart, args.output, paper=args.paper)
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
        )
    print(f"wrote {args.output} ({size:,} bytes)")
    return 0


def _handbook(args: argparse.Namespace) -> int:
    book = content.handbook()
    topic = " ".join(args.topic).strip()
    if not topic:
        for category in content.HANDBOOK_CATEGORIES:
            entries = [e for e in book.entries if e.category == category]
            if entries:
                print(f"{category.capitalize()}:")
                for e in entries:
                    print(f"  {e.entry_id:28s} {e.title}")
        print('\nRead one with: reflexmap handbook ENTRY_ID (or words, e.g. "flat feet")')
        return 0
    try:
        entry = book.get(topic)
    except KeyError:
        found = book.search(topic)
        if not found:
            hint = "Run 'reflexmap handbook' for the list."
            print(f"No handbook entry matches {topic!r}. {hint}", file=sys.stderr)
            return 1
        entry = found[0]
        if len(found) > 1:
            others = ", ".join(e.entry_id for e in found[1:5])
            print(f"(also matching: {others})\n")
    print(_entry_text(entry))
    return 0


def _entry_text(entry: content.Entry) -> str:
    wrap = textwrap.TextWrapper(width=88)
    bullet = textwrap.TextWrapper(width=88, initial_indent="  - ", subsequent_indent="    ")
    out = [entry.title, "=" * len(entry.title), f"({entry.category})", "", *wrap.wrap(entry.summary), ""]
    for paragraph in entry.body:
        out += [*wrap.wrap(paragraph), ""]
    for point in entry.points:
        out += bullet.wrap(point)
    if entry.routine:
        routine = content.routines().get(entry.routine)
        out += ["", f"Steps ({routine.title}):"]
        for number, step in enumerate(routine.steps, 1):
            out += textwrap.wrap(step.text, 88, initial_indent=f"  {number}. ", subsequent_indent="     ")
    for name in entry.safety:
        heading, lines = content.safety_section(content.safety(), name)
        out += ["", f"{heading}:"]
        for line in lines:
            out += bullet.wrap(line)
    out += ["", "Sources:", *(bullet.fill(str(source)) for source in entry.sources)]
    out += ["", *wrap.wrap(content.safety().notice)]
    return "\n".join(out)


def _serve(args: argparse.Namespace) -> int:
    from .dashboard.origins import env_origins

    # a bad BOKEH_ALLOW_WS_ORIGIN is a usage error like a bad --allow-origin: stop before loading
    try:
        env_origins()
    except ValueError as exc:
        print(f"reflexmap: {exc}", file=sys.stderr)
        return 2
    # validate before starting anything, so a bad chart exits with the validator's message
    chart = load_map(args.map, allow_markup=args.allow_markup)
    # Panel and Bokeh make objects by the hundred thousand on import, all kept for good, and the
    # collector kept walking them: 0.15 s of a 0.8 s import. Frozen afterwards, they are skipped
    # by later collections and left untouched in --num-procs workers' shared memory.
    gc.disable()
    try:
        from .dashboard.server import serve
    finally:
        gc.freeze()
        gc.enable()

    serve(
        chart,
        port=args.port,
        address=args.address,
        open_browser=not args.no_browser,
        num_procs=args.num_procs,
        allow_origins=args.allow_origin,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
