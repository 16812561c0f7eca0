"""The channels a notice is rendered for, by name: one module each, all from the same `Notice`."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..lazy import LazyMap

if TYPE_CHECKING:
    from .model import Notice

CHANNELS: LazyMap[ModuleType] = LazyMap({
    name: f"{__package__}.{module}" for name, module in (
        ("email", "mail"), ("changelog", "changelog"), ("feed", "feed"), ("calendar", "calendar"),
        ("headers", "headers"), ("json", "data"))})
"""Each module has `FILE` (the file name it is written to) and `render(notice) -> str`; each
is imported when first used (icalendar, jinja2: the CLI lists the names without them)."""

DEFAULT = ("email", "changelog")


def _about(reminder_days: int) -> dict[str, str]:
    return {
        "email": "A MIME message (`multipart/alternative`: plain text and an inline-styled, responsive "
                 "HTML part that say the same) with `Subject` and `X-Nosurprises-Notice`; `From`, `To`, "
                 "`Date`, `Message-ID` and `List-Unsubscribe` only when asked for (`--from`, `--to`, "
                 "`--dated`, `--unsubscribe`), else left to the mail system that sends it.",
        "changelog": "One `##` section in Keep a Changelog's shape: `## [VERSION] - date` (`--release`), "
                     "then `### Removed`, `### Changed`, `### Deprecated`, `### Added`, `### Security`, "
                     "`### Fixed` by what each change does (a breaking line says so first); "
                     "`--changelog FILE` adds it to an existing `CHANGELOG.md` without touching earlier "
                     "entries.",
        "feed": "An Atom 1.0 feed (RFC 4287) with one entry, ids as `tag:` URIs (RFC 4151), for feed "
                "readers and chat bots that poll it.",
        "calendar": "An iCalendar file (RFC 5545): one all-day event per effective day, with a reminder "
                    f"{reminder_days} days before.",
        "headers": "Per API operation being deprecated or removed, the response headers to send from now "
                   "on: `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and `Link` with `rel=\"deprecation\"` "
                   "and `rel=\"sunset\"`.",
        "json": "The notice as data (dates, summary, audience, every change with its own effective day) "
                "for a mail system, status page or CRM; its schema is `nosurprises schema notice`.",
    }


def __getattr__(name: str) -> Any:
    """`ABOUT`: what each channel writes, in the words of the docs' channel reference (generated
    from it); made on first use, as it names the calendar's reminder (icalendar)."""
    if name != "ABOUT":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .calendar import REMINDER
    globals()["ABOUT"] = about = _about(REMINDER.days)
    return about


def render(notice: Notice, channel: str) -> tuple[str, str]:
    """(file name, content) of `notice` for `channel`."""
    module = CHANNELS[channel]
    return module.FILE, module.render(notice)
