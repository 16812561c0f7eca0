"""Notices: the announcement customers are owed, rendered for every channel from one `Notice`."""

from .model import Notice, NoticeChange, from_entry, from_plan

__all__ = ["Notice", "NoticeChange", "from_entry", "from_plan"]
