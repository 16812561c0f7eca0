"""Markdown for pull-request comments and changelogs, rendered from a jinja2 template.

Spec text (descriptions, names) is untrusted, so the environment is sandboxed and every
value passes through a filter that neutralises Markdown and HTML control characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..model import Level, Report

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_escape(text: object) -> str:
    """Escape Markdown/HTML control characters so spec text renders as plain text."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=PackageLoader("nosurprises", "templates"),
                               undefined=StrictUndefined, autoescape=False,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = md_escape
    return env


def render_markdown(report: Report) -> str:
    template = _environment().get_template("report.md.j2")
    groups = [(level.value, [c for c in report.changes if c.level is level]) for level in Level]
    return template.render(summary=report.summary, groups=groups, warnings=report.warnings)
