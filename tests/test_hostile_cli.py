"""Each command, run as a real process on a hostile chart, answers in one line on stderr with a
non-zero exit: no traceback, no hang, no memory run out (issue 18, defects 4 and 5).

The loader's own tests (test_hostile_charts) refuse these charts; these run the commands that
died of them (``serve``, ``zones``, ``export``) as a user would, with the process's own stderr
encoding, which is where a lone surrogate once raised UnicodeEncodeError.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import feature_collection, make_zone

# a hang (a FIFO read) or memory run out (/dev/zero read whole) would be stopped here
BOUND_SECONDS = 120

COMMANDS = {
    "serve": ["serve", "--no-browser", "--port", "0"],
    "zones": ["zones"],
    "export": ["export", "-f", "png", "-o", "never.png"],
}


@pytest.fixture(scope="module")
def surrogate_chart(tmp_path_factory):
    path = tmp_path_factory.mktemp("surrogate") / "surrogate.geojson"
    # json.dumps writes the lone half as the escape \ud800, as a hostile file would hold it
    path.write_text(json.dumps(feature_collection([make_zone()], chart={"title": "Bad \ud800 title"})))
    return path


@pytest.fixture(scope="module")
def answers(surrogate_chart, tmp_path_factory):
    """Every command on each chart, run at once (each is a second or two of imports): stderr
    and exit status per (command, chart)."""
    cwd = tmp_path_factory.mktemp("cli")
    runs = {
        (command, chart): subprocess.Popen(
            [sys.executable, "-m", "reflexmap", *argv, "--chart", chart],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command, argv in COMMANDS.items()
        for chart in ("/dev/zero", str(surrogate_chart))
    }
    done = {}
    try:
        for key, process in runs.items():
            _out, err = process.communicate(timeout=BOUND_SECONDS)
            done[key] = (process.returncode, err)
    finally:
        for process in runs.values():
            process.kill()
    assert not list(cwd.iterdir()), "a refused chart left a file behind"
    return done


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_dev_zero_is_one_line_for_every_command(answers, command):
    code, err = answers[(command, "/dev/zero")]
    assert code == 1 and "Traceback" not in err
    assert err.splitlines() == [
        "reflexmap: cannot load the chart /dev/zero: zero: cannot read the file (not a regular file: "
        "a folder, device or pipe is no chart)"
    ], err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_lone_surrogate_is_one_line_for_every_command(answers, surrogate_chart, command):
    code, err = answers[(command, str(surrogate_chart))]
    assert code == 1 and "Traceback" not in err
    assert err.splitlines() == [
        f"reflexmap: cannot load the chart {surrogate_chart}: surrogate.geojson: chart 'title' contains "
        "a lone surrogate (half of a \\u escape pair), which is not text"
    ], err
