"""Presentation of a report: text for terminals, JSON for machines, Markdown for PRs.

The model holds no presentation; these functions own it entirely.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report
from .json import render_json
from .markdown import render_markdown
from .text import render_text

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}

__all__ = ["FORMATS", "render_json", "render_markdown", "render_text"]
