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

from ..load.lines import change_places
from ..model import Change, Level, Report
from ..rules import CATALOG
from ..untrusted import presents

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "nosurprises/v1"
SARIF_LEVEL = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "note"}

_SURROGATE = re.compile("[\ud800-\udfff]")
_GIT = "git:"


@presents
def render_sarif(report: Report, source: str | None = None, old: str | None = None) -> str:
    """One run of `nosurprises`, results in report order, indented JSON with a newline.

    `source` is the new document, `old` the old one: something removed is located there."""
    rule_ids = sorted({c.rule for c in report.changes})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    fingerprints = _fingerprints(report.changes)
    places = change_places(report.changes, source, old)
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
        "results": [_result(c, index[c.rule], artifact_uri(file) if file else None, fp, line)
                    for c, fp, (file, line) in zip(report.changes, fingerprints, places, strict=True)],
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


def _fingerprints(changes: list[Change]) -> list[str]:
    """One fingerprint a change; repeats of the same identity get a counter so none merge."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for change in changes:
        base = fingerprint(change)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else fingerprint(change, seen[base]))
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


def _result(change: Change, rule_index: int, uri: str | None, fp: str, line: int | None
            ) -> dict[str, Any]:
    text = change.message
    if change.hint and change.level is not Level.INFO:
        text = f"{text} What to do: {change.hint}"
    location: dict[str, Any] = {}
    if uri is not None:
        location["physicalLocation"] = {"artifactLocation": {"uri": uri}}
        if line is not None:
            location["physicalLocation"]["region"] = {"startLine": line}
    location["logicalLocations"] = [{
        "fullyQualifiedName": _clean(change.location),
        "name": _clean(change.operation or change.item or change.location),
        "kind": "member",
    }]
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
    return {
        "ruleId": _clean(change.rule),
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[change.level],
        "message": {"text": _clean(text)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fp},
        "properties": properties,
    }


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
