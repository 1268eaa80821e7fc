"""Turning plain text into HTML for the panes. Every string passes through ``escape`` here."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape


def html_list(items: Iterable[str], tag: str = "ul") -> str:
    """An HTML list of plain-text items, escaped; '' for no items."""
    rows = "".join(f"<li>{escape(str(item))}</li>" for item in items)
    return f"<{tag}>{rows}</{tag}>" if rows else ""
