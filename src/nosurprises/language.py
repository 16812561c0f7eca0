"""The reviewer's report in another language (`diff --lang de`), as oasdiff's `--lang` gives.

A change's `message` is told again from its rule and facts in the reader's locale, and so is
its group's sentence at the origin; everything else (rule ids, locations, levels, counts)
stays as it is, so a gate, a ledger and a policy judge the same report in any language. A
change without facts (read back from JSON, or built by hand) keeps its English message.
The English report is never touched: it is the JSON contract.
"""

from __future__ import annotations

from .model import Change, Group, Report
from .rules import said, told_at_origin
from .words import plain


def in_language(report: Report, locale: str) -> Report:
    """`report` with every sentence said in `locale`; the same report for English."""
    if locale == "en":
        return report
    at_origin: dict[tuple[str, str | None, str], str] = {}
    changes = [_change(c, locale, at_origin) for c in report.changes]
    groups = [_group(g, at_origin) for g in report.groups]
    return report.model_copy(update={"changes": changes, "groups": groups})


def _change(change: Change, locale: str, at_origin: dict[tuple[str, str | None, str], str]) -> Change:
    message = plain(said(change, locale))
    update: dict[str, object] = {"message": message}
    if change.grouping is not None:
        document, english = change.grouping
        key = (change.rule, change.origin, english)
        if key not in at_origin:
            at_origin[key] = plain(told_at_origin(change, english, locale))
        update["grouping"] = (document, at_origin[key])
    else:
        at_origin.setdefault((change.rule, change.origin, change.message), message)
    return change.model_copy(update=update)


def _group(group: Group, at_origin: dict[tuple[str, str | None, str], str]) -> Group:
    told = at_origin.get((group.rule, group.origin, group.message))
    return group if told is None else group.model_copy(update={"message": told})
