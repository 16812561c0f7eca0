"""Notices: the announcement customers are owed, rendered for every channel from one `Notice`."""

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .model import Notice, NoticeChange, from_entry, from_plan

__getattr__, __dir__ = exports(__name__, {name: f".model:{name}" for name in (
    "Notice", "NoticeChange", "from_entry", "from_plan")}, globals())

__all__ = ["Notice", "NoticeChange", "from_entry", "from_plan"]
