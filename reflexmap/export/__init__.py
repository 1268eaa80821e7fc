"""Exports of a chart that work without reflexmap: for now one self-contained HTML page."""

from __future__ import annotations

from .html import html_document, write_html

__all__ = ["html_document", "write_html"]
