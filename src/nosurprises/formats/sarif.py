"""SARIF 2.1.0, so code scanning (GitHub, GitLab, Azure) shows each change as an alert.

Every change is a result of the rule that names it; the rules carry the catalog's title,
why and hint so an alert explains itself. A partial fingerprint built from what identifies
a change (never its wording) lets code scanning track the same finding across runs.
Output is deterministic: no timestamps, no run ids, the same bytes for the same report.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

import orjson

from ..model import Change, Group, Level, Report
from ..rules import CATALOG
from ..untrusted import presents
from .entries import Entry, affects, entries, entry_places

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "nosurprises/v1"
SARIF_LEVEL = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "note"}

_SURROGATE = re.compile("[\ud800-\udfff]")
_GIT = "git:"


@presents
def render_sarif(report: Report, source: str | None = None, old: str | None = None, *,
                 detail: str = "groups") -> str:
    """One run of `nosurprises`, results in report order, indented JSON with a newline.

    `source` is the new document, `old` the old one: something removed is located there.
    `detail` `groups` (the default): one result per root cause, located at its origin, the
    affected operations in its message (folded) and its properties (all); a group of one
    change is that change's result. `operations`: one result per change."""
    rule_ids = sorted({c.rule for c in report.changes})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    shown = entries(report, detail)
    fingerprints = _fingerprints(shown)
    places = entry_places(shown, source, old)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.warnings:
        invocation["toolExecutionNotifications"] = [
            {"message": {"text": _clean(w)}, "level": "warning"} for w in report.warnings
        ]
    run = {
        "tool": {"driver": {
            "name": "nosurprises",
            "version": _version(),
            "rules": [_rule(rule_id, report.changes) for rule_id in rule_ids],
        }},
        "invocations": [invocation],
        "results": [_entry_result(e, index[e.group.rule], artifact_uri(file) if file else None, fp, line)
                    for e, fp, (file, line) in zip(shown, fingerprints, places, strict=True)],
    }
    data = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


def artifact_uri(source: str) -> str:
    """The file a change is in, as a relative URI reference when the source is relative.

    `git:REF:PATH` names PATH at a revision: code scanning wants the file, not the revision.
    Backslashes become slashes and unsafe characters are percent-encoded, as a URI requires.
    """
    if source.startswith(_GIT):
        _, sep, path = source[len(_GIT):].partition(":")  # a git ref never holds a colon
        source = path if sep and path else source
    return quote(_clean(source).replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")


def fingerprint(change: Change, occurrence: int = 1) -> str:
    """What identifies the change across runs: rule, operation, location and item, not wording."""
    parts = [change.rule, change.operation or "", change.location, change.item or ""]
    if occurrence > 1:
        parts.append(str(occurrence))
    raw = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()[:32]


def group_fingerprint(group: Group, occurrence: int = 1) -> str:
    """What identifies a group across runs: rule, origin and its document, not wording nor
    the operations it reaches (a schema used by one more operation is the same alert)."""
    parts = [group.rule, "\x01group", group.origin or "", group.document or ""]
    if occurrence > 1:
        parts.append(str(occurrence))
    raw = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()[:32]


def _fingerprints(items: list[Entry]) -> list[str]:
    """One fingerprint an entry (a single change's is the change's); repeats of the same
    identity get a counter so none merge."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for e in items:
        one = e.single
        base = fingerprint(one) if one is not None else group_fingerprint(e.group)
        seen[base] = seen.get(base, 0) + 1
        n = seen[base]
        out.append(base if n == 1 else fingerprint(one, n) if one is not None
                   else group_fingerprint(e.group, n))
    return out


def _rule(rule_id: str, changes: list[Change]) -> dict[str, Any]:
    """The reporting descriptor from the catalog; a rule it does not know still gets one."""
    rule = CATALOG.get(rule_id)
    first = next(c for c in changes if c.rule == rule_id)
    title = rule.title if rule else rule_id
    level = rule.level if rule else first.level
    subject = rule.subject if rule else first.subject
    descriptor: dict[str, Any] = {
        "id": _clean(rule_id),
        "name": _clean(title),
        "shortDescription": {"text": _clean(title)},
        "fullDescription": {"text": _clean(rule.why if rule else title)},
    }
    hint = rule.hint if rule else first.hint
    if hint:
        descriptor["help"] = {"text": _clean(hint)}
    descriptor["defaultConfiguration"] = {"level": SARIF_LEVEL[level]}
    descriptor["properties"] = {"tags": [str(subject)]}
    return descriptor


def _entry_result(e: Entry, rule_index: int, uri: str | None, fp: str, line: int | None
                  ) -> dict[str, Any]:
    """A single change's result, or a group's: at its origin, naming what it affects."""
    if e.single is not None:
        return _result(e.single, rule_index, uri, fp, line)
    g = e.group
    text = f"{g.message} It {affects(e)}."
    if e.hint and g.level is not Level.INFO:
        text = f"{text} What to do: {e.hint}"
    origin = g.origin or ""
    properties: dict[str, Any] = {"subject": str(g.subject), "count": g.count,
                                  "operations": [_clean(op) for op in g.operations]}
    if g.document:
        properties["document"] = g.document
    return _shaped(g.rule, g.level, text, rule_index, fp, _location(uri, line, origin, origin), properties)


def _location(uri: str | None, line: int | None, qualified: str, name: str) -> dict[str, Any]:
    """The file and line when known, and the pointer as a logical location."""
    location: dict[str, Any] = {}
    if uri is not None:
        location["physicalLocation"] = {"artifactLocation": {"uri": uri}}
        if line is not None:
            location["physicalLocation"]["region"] = {"startLine": line}
    location["logicalLocations"] = [{"fullyQualifiedName": _clean(qualified), "name": _clean(name),
                                     "kind": "member"}]
    return location


def _shaped(rule: str, level: Level, text: str, rule_index: int, fp: str, location: dict[str, Any],
            properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "ruleId": _clean(rule),
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[level],
        "message": {"text": _clean(text)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fp},
        "properties": properties,
    }


def _result(change: Change, rule_index: int, uri: str | None, fp: str, line: int | None
            ) -> dict[str, Any]:
    text = change.message
    if change.hint and change.level is not Level.INFO:
        text = f"{text} What to do: {change.hint}"
    location = _location(uri, line, change.location, change.operation or change.item or change.location)
    properties: dict[str, Any] = {"subject": str(change.subject)}
    for key in ("before", "after"):
        value = getattr(change, key)
        if value is not None:
            properties[key] = value_text(value)
    if change.stability:
        properties["stability"] = _clean(change.stability)
    if change.audience:
        properties["audience"] = [_clean(a) for a in change.audience]
    if change.retroactive:
        properties["retroactive"] = True
    return _shaped(change.rule, change.level, text, rule_index, fp, location, properties)


def value_text(value: Any) -> str:
    """A before/after value as text: strings as they are, anything else as compact JSON."""
    if isinstance(value, str):
        return _clean(value)
    try:
        return orjson.dumps(value, default=_jsonable,
                            option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()
    except (orjson.JSONEncodeError, TypeError):
        return _clean(repr(value))


def _jsonable(value: Any) -> Any:
    """Sets sorted (their order varies between runs), anything else as its text."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return str(value)


def _clean(text: str) -> str:
    """Lone surrogates (possible in decoded documents) replaced: JSON must be valid UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def _version() -> str:
    from .. import __version__  # late: the package sets it only after importing its modules

    return __version__
