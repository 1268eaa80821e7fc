"""The ``reflexmap`` command line: version, validate and zones (serve is the app's business)."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys

import pytest

from reflexmap import __version__
from reflexmap.charts import default_chart_path
from reflexmap.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"reflexmap {__version__}"


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "validate" in out and "zones" in out
    assert "does not diagnose" in out


def test_validate_default_folder(capsys, default_map):
    folder = str(default_chart_path().parent)
    assert main(["validate", folder]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith(f"{folder}: OK")
    assert default_map.info.title in line
    assert f"{default_map.zones['zone_id'].nunique()} zones" in line
    per_foot = default_map.zones.groupby("foot").size()
    assert f"{per_foot['left']} on the left foot" in line
    assert f"{per_foot['right']} on the right foot" in line
    assert captured.err == ""


def test_validate_single_file(capsys, write_chart):
    path = write_chart(name="mine.geojson")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "'mine'" in out and "1 zones (1 on the left foot)" in out


def test_validate_bad_chart(capsys, write_chart, make_zone):
    bad = [
        make_zone("zone-a", foot="middle"),
        make_zone("Zone-B", box=(55, 100, 75, 120)),
        make_zone("zone-c", body_areas="liver", box=(30, 130, 50, 150)),
    ]
    path = write_chart(bad, name="broken.geojson")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert f"{path}: INVALID" in err
    assert "3 problems" in err
    assert "zone 'zone-a'" in err and "unknown foot" in err
    assert "zone 'Zone-B'" in err and "slug" in err
    assert "zone 'zone-c'" in err and "'body_areas' must be a list of text" in err
    assert err.count("  - broken.geojson: zone ") == 3  # one line per problem
    assert "Traceback" not in err + captured.out


def test_validate_missing_and_non_json(capsys, tmp_path, write_json):
    assert main(["validate", str(tmp_path / "missing.geojson")]) == 1
    assert "cannot read the file" in capsys.readouterr().err
    assert main(["validate", str(write_json("junk.geojson", "{{{"))]) == 1
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "Traceback" not in err


def test_zones_with_a_bad_map_exits_1_without_traceback(capsys, write_chart, make_zone):
    path = write_chart([make_zone("zone-a", system="magic")])
    assert main(["zones", "--chart", str(path)]) == 1
    err = capsys.readouterr().err
    assert "cannot load the chart" in err and str(path) in err
    assert "unknown system" in err
    assert "Traceback" not in err


def test_zones_search_json(capsys, default_map):
    assert main(["zones", "--search", "lower back", "--foot", "left", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and records
    assert {r["foot"] for r in records} == {"left"}
    assert set(records[0]) == {"zone_id", "foot", "name", "system", "body_areas"}
    ids = [r["zone_id"] for r in records]
    assert ids[0] == "lumbar-spine"  # best match first
    assert len(ids) == len(set(ids))
    assert ids == default_map.find("lower back").query("foot == 'left'")["zone_id"].tolist()
    assert isinstance(records[0]["body_areas"], str) and "lower back" in records[0]["body_areas"]


def test_zones_csv(capsys, default_map):
    assert main(["zones", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    soles = default_map.for_view("plantar").zones  # the soles unless --view says otherwise
    assert len(rows) == len(soles)
    assert list(rows[0]) == ["zone_id", "foot", "name", "system", "body_areas"]
    assert {(r["zone_id"], r["foot"]) for r in rows} == set(zip(soles["zone_id"], soles["foot"], strict=True))


def test_zones_csv_right_foot(capsys):
    assert main(["zones", "--foot", "right", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["foot"] for r in rows} == {"right"}
    assert "liver" in {r["zone_id"] for r in rows}
    assert "heart" not in {r["zone_id"] for r in rows}


def test_zones_table(capsys, default_map):
    assert main(["zones", "--search", "liver"]) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines[0].split() == ["zone_id", "foot", "name", "system", "body_areas"]
    assert len(lines) == 2
    assert lines[1].split()[:3] == ["liver", "right", "Liver"]


def test_zones_table_no_match(capsys):
    assert main(["zones", "--search", "xyzzy"]) == 0
    assert capsys.readouterr().out.strip() == "no zones match"


def test_zones_of_a_custom_map(capsys, write_chart, make_zone):
    path = write_chart([make_zone("zone-a"), make_zone("zone-b", foot="right")])
    assert main(["zones", "--chart", str(path), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["zone_id"], r["foot"]) for r in records] == [("zone-a", "left"), ("zone-b", "right")]


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["zones", "--foot", "middle"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --- bad arguments and failed writes: one line on stderr, a non-zero exit, never a traceback ----


def _one_line_error(capsys, argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's usage errors
        code = exit_.code
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return code, lines[0]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["serve", "--address", ""], "give an address"),
        (["serve", "--port", "-1"], "-1 is not from 0 to 65,535"),
        (["serve", "--port", "70000"], "70000 is not from 0 to 65,535"),
        (["serve", "--num-procs", "-1"], "-1 is not from 0 to 64"),
        (["serve", "--num-procs", "many"], "'many' is not a whole number"),
        (["export", "-f", "png", "-o", "x.png", "--width", "0"], "0 is not from 100"),
        (["export", "-f", "png", "-o", "x.png", "--dpi", "0"], "0 is not from 10"),
        (["export", "-f", "svg", "-o", "x.svg", "--dpi", "100000"], "100000 is not from 10"),
    ],
)
def test_bad_arguments_are_one_line_usage_errors(capsys, argv, words):
    code, line = _one_line_error(capsys, argv)
    assert code == 2 and words in line and "--help" in line


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_refuses_to_overwrite_without_force(capsys, in_tmp):
    (in_tmp / "sheet.png").write_bytes(b"precious")
    code, line = _one_line_error(capsys, ["export", "-f", "png", "-o", "sheet.png"])
    assert code == 2 and "exists: add --force" in line
    assert (in_tmp / "sheet.png").read_bytes() == b"precious"


def test_export_refuses_an_extension_of_another_format(capsys, in_tmp):
    code, line = _one_line_error(capsys, ["export", "-f", "png", "-o", "real.pdf"])
    assert code == 2 and "names a PDF file, but --format is png" in line
    assert not (in_tmp / "real.pdf").exists()


@pytest.mark.parametrize(
    ("output", "words"),
    [
        ("", "give a file name"),
        (".", "is a folder"),
        ("missing/sheet.png", "No such file or directory"),
        ("x" * 5_000 + ".png", "File name too long"),
        ("/sys/sheet.png", "Permission denied"),  # read-only, even for root (chmod is not)
    ],
)
def test_export_to_a_place_it_cannot_write_is_one_line(capsys, in_tmp, output, words):
    code, line = _one_line_error(capsys, ["export", "-f", "png", "-o", output])
    assert code != 0 and words in line and len(line) < 300


def test_export_into_a_full_device_is_one_line(capsys):
    code, line = _one_line_error(capsys, ["export", "-f", "html", "-o", "/dev/full", "--force"])
    assert code == 1 and line == "reflexmap: /dev/full: No space left on device"


def test_serve_on_a_port_in_use_says_so_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = [sys.executable, "-m", "reflexmap", "serve", "--no-browser", "--port", str(port)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # Bokeh's own start-up line may come first
    assert done.stderr.strip().splitlines()[-1] == (
        f"reflexmap: cannot serve at 127.0.0.1 port {port}: Address already in use"
    )


def test_serve_at_another_computers_address_says_so_in_one_line():
    # 192.0.2.1 is reserved for documentation: no computer has it
    argv = [sys.executable, "-m", "reflexmap", "serve", "--no-browser", "--address", "192.0.2.1"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "reflexmap: cannot serve at 192.0.2.1 port 5006: Cannot assign requested address"
    )


def test_validate_of_dev_zero_is_one_problem(capsys):
    assert main(["validate", "/dev/zero"]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_validate_of_a_chart_with_lone_surrogates_lists_them(capsys, tmp_path, write_chart, make_zone):
    path = write_chart([make_zone(name="Bad \ud800 name")], chart={"title": "Bad \udfff title"})
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("lone surrogate") == 2
    err.encode("utf-8")  # what a UTF-8 terminal can show: no UnicodeEncodeError on the way


def test_zones_table_in_russian_names_feet_views_and_systems_in_russian(capsys, monkeypatch):
    monkeypatch.delenv("REFLEXMAP_LANG", raising=False)
    assert main(["zones", "--lang", "ru", "--search", "печень", "--view", "all"]) == 0
    heading, row = capsys.readouterr().out.strip().splitlines()
    assert heading.split() == ["id", "зоны", "стопа", "вид", "название", "система", "области", "тела"]
    assert row.split()[:5] == ["liver", "правая", "подошва", "Печень", "пищеварительная"]
    # csv and json keep the ids, which programs read
    assert main(["zones", "--lang", "ru", "--search", "печень", "--format", "csv"]) == 0
    assert "liver,right,Печень,digestive," in capsys.readouterr().out


def test_validate_and_load_errors_in_russian(capsys, monkeypatch):
    monkeypatch.delenv("REFLEXMAP_LANG", raising=False)
    assert main(["validate", "--lang", "ru", str(default_chart_path())]) == 0
    out = capsys.readouterr().out
    assert "в порядке — «Рефлекторные зоны стоп" in out and "виды: подошва, тыльная сторона" in out
    monkeypatch.setenv("REFLEXMAP_LANG", "ru")
    assert main(["validate", "no-such-chart"]) == 1
    assert "no-such-chart: ОШИБКИ" in capsys.readouterr().err
    assert main(["zones", "--map", "no-such-chart"]) == 1
    assert "reflexmap: не удаётся загрузить карту no-such-chart" in capsys.readouterr().err
