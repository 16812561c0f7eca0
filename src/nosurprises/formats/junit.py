"""JUnit XML, so CI test views (Jenkins, GitLab, Azure) list each change as a test case.

Breaking changes are failures; warnings and info pass with their sentence in
`<system-out>`. An empty report still holds one passing case, so a CI tool shows a green
suite rather than "no tests". The tree is built with ElementTree, never pasted together:
messages come from specs and terms documents and may hold markup or control characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import Change, Level, Report
from ..untrusted import presents
from .entries import Entry, affects, entries
from .sarif import value_text

SUITE = "nosurprises"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot hold at all, escaped or not: most C0 controls, surrogates, FFFE/FFFF.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@presents
def render_junit(report: Report, source: str | None = None, *, detail: str = "groups") -> str:
    """`<testsuites>` with one `<testsuite>`: a test case per entry (`detail` `groups`: per
    root cause, the default; `operations`: per change), breaking ones failing."""
    shown = entries(report, detail)
    failures = sum(e.group.level is Level.BREAKING for e in shown)
    tests = len(shown) or 1
    counts = {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    if source is not None:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "source", "value": _xml(source)})
    for e in shown:
        if e.single is not None:
            _testcase(suite, e.single)
        else:
            _group_case(suite, e)
    if not report.changes:
        ET.SubElement(suite, "testcase", {"classname": SUITE, "name": "no changes"})
    if report.warnings:
        err = ET.SubElement(suite, "system-err")
        err.text = "\n".join(_xml(f"note: {w}") for w in report.warnings)
    ET.indent(root, space="  ")
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _testcase(suite: ET.Element, change: Change) -> None:
    classname = f"{SUITE}.{change.subject}" + (f".{change.operation}" if change.operation else "")
    case = ET.SubElement(suite, "testcase", {
        "classname": _xml(classname),
        "name": _xml(f"{change.rule} {change.location}"),
    })
    if change.level is Level.BREAKING:
        failure = ET.SubElement(case, "failure", {"type": "breaking", "message": _xml(change.message)})
        failure.text = _xml(_details(change))
    else:
        out = ET.SubElement(case, "system-out")
        out.text = _xml(f"[{change.level}] {_details(change)}")


def _group_case(suite: ET.Element, e: Entry) -> None:
    """A group's case: named by its rule and origin; its text names every operation."""
    g = e.group
    case = ET.SubElement(suite, "testcase", {"classname": _xml(f"{SUITE}.{g.subject}"),
                                             "name": _xml(f"{g.rule} {g.origin}")})
    lines = [g.message, f"at {g.origin}", f"It {affects(e, None)}."]
    if e.hint and g.level is not Level.INFO:
        lines.append(f"What to do: {e.hint}")
    if g.level is Level.BREAKING:
        failure = ET.SubElement(case, "failure", {
            "type": "breaking", "message": _xml(f"{g.message} It {affects(e)}.")})
        failure.text = _xml("\n".join(lines))
    else:
        out = ET.SubElement(case, "system-out")
        out.text = _xml(f"[{g.level}] " + "\n".join(lines))


def _details(change: Change) -> str:
    """The sentence, where, what to do (not for info) and the values before and after."""
    lines = [change.message, f"at {change.location}"]
    if change.hint and change.level is not Level.INFO:
        lines.append(f"What to do: {change.hint}")
    if change.before is not None:
        lines.append(f"Before: {value_text(change.before)}")
    if change.after is not None:
        lines.append(f"After: {value_text(change.after)}")
    if change.retroactive:
        lines.append("Retroactive: it reaches customers who were promised the old terms.")
    return "\n".join(lines)


def _xml(text: str) -> str:
    """Drop what XML cannot carry; ElementTree escapes the rest (`<`, `&`, quotes)."""
    return _ILLEGAL.sub("", text)
