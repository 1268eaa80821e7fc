"""Model speed: locate on 100k random points per foot and find on 1k queries. Prints figures."""

from __future__ import annotations

import statistics
import time

import numpy as np

from reflexmap import load_chart


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run() -> list[tuple[str, str]]:
    t0 = time.perf_counter()
    chart = load_chart()
    load_s = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    u, v = rng.random(100_000), rng.random(100_000)
    locate_s = timed(lambda: chart.locate("right", u, v))
    hits = chart.locate("right", u, v)
    inside = sum(1 for h in hits if h) / len(hits)
    words = ["liver", "headache", "lower back", "tummy", "sinus", "kidney", "stress", "xyz", "heart", "spine"]
    queries = [words[i % len(words)] for i in range(1000)]
    find_s = timed(lambda: [chart.find(q) for q in queries], repeat=3)
    return [
        ("load_chart() default chart (first call, incl. imports done)", f"{load_s * 1000:.0f} ms"),
        ("locate: 100,000 points, one foot", f"{locate_s * 1000:.0f} ms ({inside:.0%} inside a zone)"),
        ("find: 1,000 queries", f"{find_s * 1000:.0f} ms ({find_s:.3f} ms/query x1000)"),
    ]


if __name__ == "__main__":
    for name, value in run():
        print(f"{name:60s} {value}")
