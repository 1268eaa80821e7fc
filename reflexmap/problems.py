"""Errors raised for a chart that cannot be loaded, carrying every problem found at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a chart: where it is (file, zone) and what rule it breaks.

    ``feature`` is the index in the file's ``features`` list, counting from 0 as code does; the
    message counts from 1, as a person reading the file does.
    """

    file: str
    message: str
    zone: str | None = None
    feature: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.zone:
            where += f": zone '{self.zone}'"
        if self.feature is not None:
            where += f" ({feature_label(self.feature)})"
        return f"{where}: {self.message}"


def feature_label(index: int) -> str:
    """How a message names the feature at ``index`` of a file's ``features`` list."""
    return f"feature {index + 1} of the file"


class ChartError(ValueError):
    """A chart was refused. ``problems`` lists everything wrong with it, not only the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"the chart has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


ZoneMapError = ChartError  # the name before 0.2 (see model.load_map)
