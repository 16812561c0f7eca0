"""The channels a notice is rendered for, by name: one module each, all from the same `Notice`."""

from __future__ import annotations

from types import ModuleType

from . import calendar, changelog, data, feed, headers, mail
from .model import Notice

CHANNELS: dict[str, ModuleType] = {
    "email": mail, "changelog": changelog, "feed": feed, "calendar": calendar, "headers": headers,
    "json": data}
"""Each module has `FILE` (the file name it is written to) and `render(notice) -> str`."""

DEFAULT = ("email", "changelog")


def render(notice: Notice, channel: str) -> tuple[str, str]:
    """(file name, content) of `notice` for `channel`."""
    module = CHANNELS[channel]
    return module.FILE, module.render(notice)
