"""The changelog entry: a Markdown section to put at the top of a public CHANGELOG or docs page."""

from __future__ import annotations

from ..untrusted import presents
from .context import render_template
from .model import Notice

FILE = "changelog.md"


@presents
def render(notice: Notice) -> str:
    """One `##` section; every piece of document text is Markdown-escaped."""
    return render_template("changelog.md.j2", notice)
