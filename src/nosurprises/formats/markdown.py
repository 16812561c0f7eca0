"""Markdown for pull-request comments and changelogs, rendered from a jinja2 template.

Spec text (descriptions, names) is untrusted, so the environment is sandboxed and every
value passes through a filter that neutralises Markdown and HTML control characters.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..model import Level, Report

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_escape(text: object) -> str:
    """Escape Markdown/HTML control characters so spec text renders as plain text.

    Backtick-quoted parts of a message (names, values) become `<code>` with their HTML
    escaped, so they render as code in a table cell and can carry nothing active.
    """
    parts = str(text).replace("\n", " ").split("`")
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 1 and i < len(parts) - 1:
            out.append(f"<code>{html.escape(part).replace('|', '&#124;')}</code>")
        else:
            out.append(_SPECIAL.sub(r"\\\1", part))
    return "".join(out)


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=PackageLoader("nosurprises", "templates"),
                               undefined=StrictUndefined, autoescape=False,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = md_escape
    return env


def render_markdown(report: Report, source: str | None = None) -> str:
    template = _environment().get_template("report.md.j2")
    groups = [(level.value, [c for c in report.changes if c.level is level]) for level in Level]
    return template.render(summary=report.summary, groups=groups, warnings=report.warnings)
