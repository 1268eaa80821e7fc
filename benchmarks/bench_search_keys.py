"""What the server sends while a search is typed, letter by letter: `python benchmarks/bench_search_keys.py`.

For each word, typed into the served dashboard's search box one key at a time (a real Chromium
page), it prints the websocket frames and bytes the page received, and of those the map's restyle
(the zone source's style columns). Bytes do not depend on the machine's load; each key waits a
fixed idle time for the server's answers, so a loaded machine only makes the run longer.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from reflexmap.testing import launch_chromium, run_server

WORDS = ("liver", "lower back", "headache")
SETTLE_S = 1.2  # after a key: the search's debounce and the server's answer, with room to spare


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", nargs="*", default=list(WORDS))
    args = parser.parse_args()
    with run_server(log_dir=Path("test-artifacts/bench")) as (url, _log), sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        frames: list[str | bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
        page.goto(url)
        box = page.get_by_placeholder("liver, headache, lower back...")
        box.wait_for()
        time.sleep(3)  # the page's first answers are not the search's
        print(f"{'word':<12} {'keys':>4} {'frames':>7} {'bytes':>8} {'map restyle bytes':>18}")
        for word in args.words:
            box.fill("")
            time.sleep(SETTLE_S)
            frames.clear()
            for key in word:
                box.press_sequentially(key)
                time.sleep(SETTLE_S)
            sizes = [len(p.encode() if isinstance(p, str) else p) for p in frames]
            restyle = sum(
                size
                for p, size in zip(frames, sizes, strict=True)
                if isinstance(p, str) and '"fill_alpha"' in p
            )
            print(f"{word:<12} {len(word):>4} {len(frames):>7} {sum(sizes):>8,} {restyle:>18,}")
        browser.close()
    print(f"load average {os.getloadavg()[0]:.1f} (the byte counts do not depend on it)")


if __name__ == "__main__":
    main()
