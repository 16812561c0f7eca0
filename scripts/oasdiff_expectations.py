#!/usr/bin/env python3
"""Derive, from oasdiff's own checker tests, which check each of its fixture pairs must raise.

oasdiff (Apache-2.0) tests each check with a base and a revision spec under `data/` and asserts
the check ids it expects. Those facts (which pair, which id, which operation, which level) let
tests/test_oasdiff_recall.py score nosurprises against the reference checker. This script reads
the Go tests straight from a git directory (no work tree needed) and writes them as data to
tests/fixtures/oasdiff/expectations.json; no Go code is copied.

    python scripts/oasdiff_expectations.py [GIT_DIR] [--rev HEAD] [--corpus DIR] [--out FILE]

A test is kept only when both specs are loaded from files under `data/` that the shared corpus
holds, the loaded specs are not changed in Go code, and the checker runs with oasdiff's default
policy (a custom deprecation period, stability level or severity map changes the verdict).
The reasons every other test is skipped are printed, and written to the file's header.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GIT = Path("/work/.mirror/oasdiff+oasdiff/repo")
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "oasdiff-fixtures" / "data"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "oasdiff" / "expectations.json"
LEVELS = ("INFO", "WARN", "ERR")  # oasdiff's levels, lowest first
DEFAULT_STABILITY = "StabilityLevelBeta"  # oasdiff's DefaultStabilityLevel

# --- reading the repository ---------------------------------------------------------------


def git(git_dir: Path, *args: str) -> str:
    """Run git on a bare (or any) repository and return its output."""
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True,
                          capture_output=True, text=True).stdout


def checker_files(git_dir: Path, rev: str) -> list[str]:
    """The Go files directly under checker/ (tests and sources)."""
    names = git(git_dir, "ls-tree", "--name-only", rev, "checker/").split()
    return sorted(n for n in names if n.endswith(".go"))


# --- a small Go lexer: enough to find functions, calls and literals -----------------------

STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)*\'')


def strip_comments(source: str) -> str:
    """The source with comments blanked (newlines kept), strings left intact."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        if source.startswith("//", i):
            j = source.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", source[i:j]))
            i = j
        elif source[i] in "\"`'":
            m = STRING.match(source, i)
            j = m.end() if m else i + 1
            out.append(source[i:j])
            i = j
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


def masked(code: str) -> str:
    """The code with string contents blanked, so brackets inside strings do not count."""
    return STRING.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], code)


def closing(mask: str, start: int) -> int:
    """Index just past the bracket that closes the one at `start` (in masked code)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: list[str] = []
    for i in range(start, len(mask)):
        ch = mask[i]
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
    return len(mask)


@dataclass(frozen=True)
class GoFunc:
    """One top-level Go function: its name, where it is, and its body without comments."""

    name: str
    file: str
    line: int
    body: str


FUNC = re.compile(r"^func\s+(\w+)\s*\(", re.M)


def functions(path: str, source: str) -> list[GoFunc]:
    """The top-level functions (not methods) of a Go file."""
    code = strip_comments(source)
    mask = masked(code)
    found = []
    for m in FUNC.finditer(mask):
        brace = mask.find("{", closing(mask, m.end() - 1))
        end = closing(mask, brace)
        found.append(GoFunc(m.group(1), path, code.count("\n", 0, m.start()) + 1,
                            code[brace + 1:end - 1]))
    return found


@dataclass(frozen=True)
class Call:
    """A call in a function body: the callee as written, its argument text, where it is."""

    name: str
    args: str
    start: int
    end: int


CALLEE = re.compile(r"([A-Za-z_][\w.]*)\s*\($")


def calls(code: str, mask: str | None = None) -> list[Call]:
    """Every call `name(...)` in the code, outermost and inner ones alike, in source order."""
    mask = masked(code) if mask is None else mask
    found = []
    for i, ch in enumerate(mask):
        if ch != "(":
            continue
        m = CALLEE.search(mask[max(0, i - 80):i + 1])
        if m:
            end = closing(mask, i)
            found.append(Call(m.group(1), code[i + 1:end - 1], i - len(m.group(1)), end))
    return found


def split_args(args: str) -> list[str]:
    """A call's arguments, split at top-level commas."""
    mask = masked(args)
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(mask):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(args[last:i].strip())
            last = i + 1
    tail = args[last:].strip()
    return [*parts, tail] if tail else parts


def go_string(text: str) -> str | None:
    """The value of a Go string literal, or None when `text` is not one."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "`":
        return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == '"' and STRING.fullmatch(text):
        return json.loads(text) if "\\" in text else text[1:-1]
    return None


# --- what oasdiff's sources define: ids, levels, path helpers -----------------------------


CONST = re.compile(r"^\s*(?:const\s+)?([A-Z]\w*)\s*=\s*\"([a-z0-9-]+)\"", re.M)
RULE = re.compile(r"newBackwardCompatibilityRule\(\s*(\w+)\s*,\s*(INFO|WARN|ERR)\b")
DATA_FILE_FN = re.compile(r"(\w+)\s*=\s*dataFileFn\(\s*\"([^\"]+)\"\s*\)")


@dataclass
class Registry:
    """What the checker package defines: Go constant -> check id, check id -> level."""

    ids: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    data_dirs: dict[str, str] = field(default_factory=dict)

    def id_of(self, expr: str) -> str | None:
        """The rule id an expression names (`checker.XId` or a string literal), or None (also
        for constants that are not rule ids, such as comment ids)."""
        expr = expr.strip()
        if expr.startswith("checker."):
            value = self.ids.get(expr.removeprefix("checker."))
        else:
            value = go_string(expr)
        return value if value in self.levels else None


def registry(sources: dict[str, str]) -> Registry:
    """Read the id constants and rules.go's levels from the checker package."""
    reg = Registry()
    for path, text in sources.items():
        if path.endswith("_test.go"):
            reg.data_dirs.update(DATA_FILE_FN.findall(strip_comments(text)))
        else:
            reg.ids.update(CONST.findall(strip_comments(text)))
    rules = strip_comments(sources["checker/rules.go"])
    for const, level in RULE.findall(rules):
        if const in reg.ids:
            reg.levels[reg.ids[const]] = level
    return reg


# --- one test: which pair it loads, which checks it runs, what it asserts -----------------


class Skip(Exception):
    """The test does not give a usable expectation; the message is the reason (counted).
    `files` names the data files a test needs that the corpus lacks."""

    def __init__(self, reason: str, files: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.files = files


@dataclass(frozen=True)
class Load:
    """A spec variable bound to a file under data/ (path relative to data/)."""

    var: str
    file: str
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    """One diff of two loaded specs and the checker calls on it."""

    base: str
    revision: str
    start: int
    end: int
    diff_config: str


DATA = "../data/"
LOAD_STMT = re.compile(r"\b(\w+)\s*(?:,\s*\w+\s*)?:?=\s*$")


def resolve_path(expr: str, reg: Registry) -> str:
    """The data/-relative file a Go path expression names, or Skip when it is computed."""
    expr = expr.strip()
    literal = go_string(expr)
    if literal is None:
        m = re.fullmatch(r"(\w+)\((.*)\)", expr, re.S)
        if m and m.group(1) in reg.data_dirs and go_string(m.group(2)) is not None:
            literal = f"{DATA}{reg.data_dirs[m.group(1)]}/{go_string(m.group(2))}"
    if literal is None:
        raise Skip("file name computed at run time (table-driven or formatted)")
    if not literal.startswith(DATA):
        raise Skip("spec file outside data/")
    return literal.removeprefix(DATA)


def load_of(call: Call, body: str, reg: Registry) -> Load | None:
    """The load a call performs (`open`, `l`, `load.NewSpecInfo`, `LoadFromFile`), if any."""
    args = split_args(call.args)
    if call.name == "open" or call.name.endswith(".LoadFromFile"):
        file = resolve_path(args[0], reg)
    elif call.name == "l" and len(args) >= 2 and args[1].isdigit():
        file = f"openapi-test{args[1]}.yaml"
    elif call.name == "load.NewSpecInfo":
        source = re.fullmatch(r"load\.NewSource\((.*)\)", args[1].strip(), re.S)
        if not source:
            raise Skip("spec built in Go code")
        file = resolve_path(source.group(1), reg)
    else:
        return None
    window = max(0, call.start - 60)
    m = LOAD_STMT.search(body[window:call.start])
    if not m:
        return None  # the loaded spec is not bound to a variable here (a helper's argument)
    return Load(m.group(1), file, window + m.start(1), call.end)


def spec_var(expr: str) -> str:
    """The variable behind a diff argument: `s1` or `&load.SpecInfo{Spec: s1}`."""
    m = re.fullmatch(r"&load\.SpecInfo\{\s*Spec:\s*(\w+)\s*,?[^}]*\}", expr.strip(), re.S)
    if m:
        return m.group(1)
    if not re.fullmatch(r"\w+", expr.strip()):
        raise Skip("diff of specs built in Go code")
    return expr.strip()


def latest(loads: list[Load], var: str, before: int) -> Load:
    """The last load of `var` before a position: the spec the variable holds there."""
    bound = [ld for ld in loads if ld.var == var and ld.start < before]
    if not bound:
        raise Skip("spec not loaded from a file (built in Go code or by a helper)")
    return bound[-1]


HELPER_RUNS = {"d": "numbered", "stabilityChanges": "stability", "nullableWrapChanges": "paths"}


def helper_run(call: Call, reg: Registry) -> Run | None:
    """A run done by a test helper that loads, diffs and checks in one call."""
    kind = HELPER_RUNS.get(call.name)
    args = split_args(call.args)
    if kind == "numbered" and len(args) >= 4 and args[2].isdigit() and args[3].isdigit():
        return Run(f"openapi-test{args[2]}.yaml", f"openapi-test{args[3]}.yaml",
                   call.start, call.end, args[1])
    if kind == "stability" and len(args) == 4:
        if args[3].strip() != f"checker.{DEFAULT_STABILITY}":
            raise Skip("non-default checker policy (stability level)")
        base, revision = (go_string(a) for a in args[1:3])
        if base is None or revision is None:
            raise Skip("file name computed at run time (table-driven or formatted)")
        return Run(f"stability/{base}", f"stability/{revision}", call.start, call.end,
                   "diff.NewConfig()")
    if kind == "paths" and len(args) == 3:
        return Run(resolve_path(args[1], reg), resolve_path(args[2], reg), call.start, call.end,
                   "diff.NewConfig()")
    return None


HELPER_CHECK = {"d": ("all", "WARN"), "stabilityChanges": ("all", "INFO"),
                "nullableWrapChanges": ("all", "INFO")}
DIFF = "diff.GetWithOperationsSourcesMap"


def runs(body: str, all_calls: list[Call], loads: list[Load], reg: Registry) -> list[Run]:
    """Every diff of two loaded specs in the body, in order."""
    found = []
    for call in all_calls:
        if call.name == DIFF:
            config, a, b = split_args(call.args)[:3]
            if config not in {"diff.NewConfig()", "&diff.Config{}"}:
                raise Skip("non-default diff config")
            base = latest(loads, spec_var(a), call.start)
            revision = latest(loads, spec_var(b), call.start)
            found.append(Run(base.file, revision.file, call.start, call.end, config))
        elif call.name in {"diff.GetPathsDiff", "loadFrom"}:
            raise Skip("composed mode (several specs a side)")
        elif (run := helper_run(call, reg)) is not None:
            if run.diff_config not in {"diff.NewConfig()", "&diff.Config{}"}:
                raise Skip("non-default diff config")
            found.append(run)
    return found


# --- modifications of the loaded specs ----------------------------------------------------

READERS = {"require.NoError", "require.Equal", "require.Len", "require.NotNil", "require.Nil",
           "require.True", "require.False", "require.Empty", "require.NotEmpty", "len"}


def modification(body: str, all_calls: list[Call], loads: list[Load], run_spans: set[int]) -> None:
    """Skip when Go code changes (or may change) a loaded spec before diffing it."""
    mask = masked(body)
    loaded = {ld.var for ld in loads}
    diff_args = [c for c in all_calls if c.name == DIFF or c.start in run_spans]
    for var in sorted(loaded):
        for m in re.finditer(rf"(?<![\w.]){re.escape(var)}\b", mask):
            pos = m.start()
            if any(ld.var == var and ld.start <= pos < ld.end for ld in loads):
                continue  # its own load statement
            if any(c.start <= pos < c.end for c in diff_args):
                continue  # handed to the diff
            after = mask[m.end():m.end() + 1]
            if after in {",", ")", "}"} and not enclosing_helper(all_calls, pos):
                continue  # `s1, err := ...` rebinding or an assertion argument
            raise Skip(modification_kind(mask, m.end(), all_calls, pos))


def enclosing_helper(all_calls: list[Call], pos: int) -> str | None:
    """The innermost non-assertion call whose arguments hold `pos`, if any."""
    inner = [c for c in all_calls if c.start < pos < c.end and c.name not in READERS]
    return inner[-1].name if inner else None


def modification_kind(mask: str, after: int, all_calls: list[Call], pos: int) -> str:
    """Why a use of a loaded spec counts as changing it (the skip reason)."""
    line_end = mask.find("\n", after)
    rest = mask[after:line_end if line_end >= 0 else len(mask)]
    helper = enclosing_helper(all_calls, pos)
    if helper in {"delete", "deleteParam", "deleteResponseHeader"} or re.search(
            r"\.(Delete|Set|Add|Remove)\w*\(", rest):
        return "modifies the loaded spec (delete or set call)"
    if re.search(r"(?<![=!<>:])=(?!=)", rest):
        return "modifies the loaded spec (assignment)"
    if helper:
        return "modifies the loaded spec (handed to a helper)"
    line_start = mask.rfind("\n", 0, pos) + 1
    if ":=" in mask[line_start:pos]:
        return "modifies the loaded spec (takes a reference into it)"
    return "reads the loaded spec in Go code"


# --- what a run asserts -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRun:
    """One checker call on a diff: the variable holding its result, which checks it runs
    (`all` or `single:<Check>`) and the lowest level it returns."""

    result: str | None
    scope: str
    level: str


POSITIVE = {"requireSingleApiChange", "requireApiChanges", "requireApiChange",
            "requireSingleChange", "requireChange", "require.Equal", "require.ElementsMatch",
            "require.Contains", "require.True", "require.NotNil", "assert.Equal",
            "assert.Contains", "assert.True", "require.Subset"}
NEGATIVE = {"requireNoChange", "require.NotContains", "require.False", "require.Nil",
            "require.NotEqual", "assert.NotContains", "assert.False", "require.Empty",
            "require.NotSubset", "checker.WithSeverityLevels"}
CHECK_CALL = re.compile(r"checker\.CheckBackwardCompatibility(UntilLevel)?$")
POLICY_OPTIONS = re.compile(r"checker\.With(Deprecation|SeverityLevels|StabilityLevel)\s*\(")


def config_text(expr: str, before: str) -> str:
    """A checker config expression, followed to its last definition when it is a variable
    (with any of its fields the test sets)."""
    expr = expr.strip()
    if not re.fullmatch(r"\w+", expr):
        return expr
    defs = re.findall(rf"(?<![\w.]){re.escape(expr)}\s*:?=\s*(.+)", before)
    if not defs:
        raise Skip("unrecognised checker config")
    sets = re.findall(rf"(?<![\w.]){re.escape(expr)}\.\w+\s*=[^=].*", before)
    return " ".join([defs[-1], *sets])


def policy(config: str) -> None:
    """Skip configs whose policy is not oasdiff's default (the verdict would differ)."""
    for m in POLICY_OPTIONS.finditer(config):
        if m.group(1) == "Deprecation" and re.match(r"\s*0\s*,\s*0\s*\)", config[m.end():]):
            continue
        raise Skip(f"non-default checker policy ({m.group(1)})")
    if re.search(r"\.(StabilityLevel|LogLevels|MinSunset\w*)\s*=", config):
        raise Skip("non-default checker policy (config field set)")


def scope_of(config: str) -> str:
    """`all` when every check runs, else `single:<Check>` (or several)."""
    singles = re.findall(r"singleCheckConfig\(\s*checker\.(\w+)", config)
    singles += re.findall(r"WithSingleCheck\(\s*checker\.(\w+)", config)
    if singles:
        return "single:" + ",".join(sorted(set(singles)))
    if "allChecksConfig" in config or "GetAllChecks()" in config:
        return "all"
    raise Skip("unrecognised checker config")


def checked(segment: str, seg_calls: list[Call], body: str, run: Run) -> list[CheckRun]:
    """The checker calls in a run's segment."""
    out = []
    for call in seg_calls:
        m = CHECK_CALL.fullmatch(call.name)
        if not m:
            continue
        args = split_args(call.args)
        config = config_text(args[0], body[:run.start] + segment[:call.start])
        policy(config)
        level = args[3].removeprefix("checker.") if m.group(1) else "WARN"
        if level not in LEVELS:
            raise Skip("checker level filter is not a constant")
        bound = re.search(r"(\w+)\s*:?=\s*$", segment[:call.start])
        out.append(CheckRun(bound.group(1) if bound else None, scope_of(config), level))
    return out


def helper_checked(run_call: Call, before: str) -> list[CheckRun]:
    """The checker call a run helper makes for the test, bound to the test's variable."""
    scope, level = HELPER_CHECK[run_call.name]
    bound = re.search(r"(\w+)\s*:?=\s*$", before)
    return [CheckRun(bound.group(1) if bound else None, scope, level)]


@dataclass
class Expected:
    """One id the test asserts, with its operation when the test names one."""

    id: str
    operation: str | None = None
    asserted_level: str | None = None


LITERAL = re.compile(r"checker\.(ApiChange|ComponentChange|SecurityChange)\s*\{")


def literal_fields(text: str) -> dict[str, str]:
    """The `Name: value` fields of a Go composite literal's body."""
    out = {}
    for part in split_args(text):
        m = re.match(r"(\w+)\s*:\s*(.*)", part, re.S)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def from_literals(segment: str, reg: Registry) -> tuple[list[Expected], list[tuple[int, int]]]:
    """Expected changes written as `checker.ApiChange{...}` literals (or slices of them), and
    where they are. An empty literal (`require.IsType(t, checker.ApiChange{}, ...)`) names none."""
    mask = masked(segment)
    found, spans = [], []
    for m in LITERAL.finditer(mask):
        end = closing(mask, m.end() - 1)
        inner = segment[m.end():end - 1]
        if mask[max(0, m.start() - 2):m.start()] == "[]":
            elements = [e.strip()[1:-1] for e in split_args(inner) if e.strip().startswith("{")]
        else:
            elements = [inner]
        for element in elements:
            fields = literal_fields(element)
            if "Id" not in fields:
                continue
            cid = reg.id_of(fields["Id"])
            if cid is None:
                raise Skip("change literal with an unknown id")
            op = operation(fields.get("Operation"), fields.get("Path"))
            level = fields.get("Level", "").removeprefix("checker.") or None
            found.append(Expected(cid, op, level))
        spans.append((m.start(), end))
    return found, spans


def operation(method: str | None, path: str | None) -> str | None:
    """`METHOD /path` from two Go string literals (either may be absent)."""
    method_s = go_string(method) if method else None
    path_s = go_string(path) if path else None
    if method_s and path_s:
        return f"{method_s} {path_s}"
    return None


ID_REF = re.compile(r"checker\.\w+Id\b|\"[a-z0-9]+(?:-[a-z0-9]+)+\"")


def id_refs(segment: str, mask: str, reg: Registry) -> Iterator[tuple[int, str]]:
    """Every position in the segment that names a check id, with that id."""
    for m in ID_REF.finditer(segment):
        cid = reg.id_of(m.group(0))
        if cid is not None and mask[m.start()] in "c\"":
            yield m.start(), cid


def classify(pos: int, seg_calls: list[Call], segment: str, mask: str) -> str:
    """`positive`, `negative`, `ignored` or `other`: how the assertions around an id use it."""
    around = [c for c in seg_calls if c.start < pos < c.end]
    names = [c.name for c in around]
    if any(n in NEGATIVE for n in names):
        return "negative"
    if any(n in POSITIVE for n in names):
        asserting = [c for c in around if c.name in POSITIVE][-1]
        return "other" if "||" in masked(asserting.args) else "positive"  # one of several
    if names and names[-1] in {"findChange", "containsId"}:
        return through_variable(pos, segment)
    return found_flag(pos, segment, mask)


def through_variable(pos: int, segment: str) -> str:
    """`c := findChange(errs, X)` followed by an assertion on `c`."""
    line_start = segment.rfind("\n", 0, pos) + 1
    m = re.match(r"\s*(\w+)\s*:?=", segment[line_start:pos])
    if not m:
        return "other"
    rest = segment[pos:]
    var = re.escape(m.group(1))
    if re.search(rf"require\.(NotNil|True)\(\s*t\s*,\s*{var}\b", rest):
        return "positive"
    if re.search(rf"require\.(Nil|False)\(\s*t\s*,\s*{var}\b", rest):
        return "negative"
    return "other"


FLAG_IF = re.compile(r"if\s+\w+\.GetId\(\)\s*==\s*$")


def found_flag(pos: int, segment: str, mask: str) -> str:
    """`if e.GetId() == X { found = true }` then `require.True(t, found)` (or a slice the
    block appends to, then `require.NotEmpty`): positive. The same `if` whose block only
    inspects the change, without asserting it exists, is ignored."""
    line_start = mask.rfind("\n", 0, pos) + 1
    if not FLAG_IF.search(mask[line_start:pos]):
        return "other"
    brace = mask.find("{", pos)
    if brace < 0 or mask[pos:brace].strip(" \t)\n").count("\n"):
        return "other"
    block_end = closing(mask, brace)
    flags = set(re.findall(r"(\w+)\s*=[^=]", mask[brace:block_end]))
    rest = mask[block_end:]
    for var in flags:
        v = re.escape(var)
        if re.search(rf"require\.(True|NotEmpty)\(\s*t\s*,\s*{v}\b", rest) or re.search(
                rf"require\.Len\(\s*t\s*,\s*{v}\s*,\s*[1-9]", rest):
            return "positive"
    return "ignored"


FIELD_EQ = re.compile(r"require\.Equal\(\s*t\s*,\s*(\"[^\"]*\"|checker\.\w+)\s*,"
                      r"\s*(\w+)\.(Id|Operation|Path)\s*\)")


def from_fields(segment: str, reg: Registry) -> list[Expected]:
    """Changes asserted field by field: `require.Equal(t, "GET", e0.Operation)` and so on."""
    per_var: dict[str, dict[str, str]] = {}
    for value, var, name in FIELD_EQ.findall(segment):
        per_var.setdefault(var, {})[name] = value
    out = []
    for fields in per_var.values():
        cid = reg.id_of(fields.get("Id", ""))
        if cid is not None:
            out.append(Expected(cid, operation(fields.get("Operation"), fields.get("Path"))))
    return out


@dataclass
class Asserted:
    """What a run's segment asserts: the expected ids, and which results it asserts to be
    empty or to hold exactly the changes it lists."""

    expected: list[Expected]
    empty: set[str]
    complete: set[str]


def assertions(segment: str, seg_calls: list[Call], reg: Registry) -> Asserted:
    """Read the assertions of a run's segment."""
    mask = masked(segment)
    expected, spans = from_literals(segment, reg)
    expected += from_fields(segment, reg)
    named = {e.id for e in expected}
    for pos, cid in id_refs(segment, mask, reg):
        kind = classify(pos, seg_calls, segment, mask)
        if kind == "other" and not any(a <= pos < b for a, b in spans):
            raise Skip("id used outside a recognised assertion")
        if kind == "positive" and cid not in named:
            expected.append(Expected(cid))
            named.add(cid)
    empty = {v for c in seg_calls if (v := emptied(c))}
    complete = {v for c in seg_calls if (v := completed(c))} | empty
    return Asserted(expected, empty, complete)


def length_of(call: Call) -> tuple[str, str] | None:
    """(result, count) when a call asserts a length: `require.Len(t, errs, 2)` or
    `require.Equal(t, 2, len(errs))`."""
    args = split_args(call.args)
    if call.name == "require.Len" and len(args) >= 3:
        return args[1], args[2]
    if call.name == "require.Equal" and len(args) >= 3:
        m = re.fullmatch(r"len\((\w+)\)", args[2])
        if m:
            return m.group(1), args[1]
    return None


def emptied(call: Call) -> str | None:
    """The result a call asserts to hold no changes, if it does."""
    args = split_args(call.args)
    if call.name in {"require.Empty", "require.Nil"} and len(args) >= 2:
        return args[1]
    length = length_of(call)
    return length[0] if length and length[1] == "0" else None


def completed(call: Call) -> str | None:
    """The result a call asserts in full (its exact contents or length), if it does."""
    args = split_args(call.args)
    if call.name == "requireSingleChange" and len(args) >= 2:
        return args[1]
    if call.name in {"requireSingleApiChange", "requireApiChanges"} and args:
        return args[-1]
    if call.name == "require.ElementsMatch" and len(args) >= 3:
        return args[2]
    if call.name == "require.Equal" and len(args) >= 3 and args[1].startswith("[]string{"):
        return args[2]
    length = length_of(call)
    return length[0] if length else None


# --- putting one test together ------------------------------------------------------------


def analyse(func: GoFunc, reg: Registry, corpus: set[str]) -> list[dict[str, Any]]:
    """The entries one Go test gives (one per diffed pair), or Skip with the reason."""
    body = func.body
    all_calls = calls(body)
    loads = [ld for c in all_calls if (ld := load_of(c, body, reg)) is not None]
    found = runs(body, all_calls, loads, reg)
    if not found:
        raise Skip("no pair of specs loaded from data/ files")
    helper_spans = {c.start for c in all_calls if c.name in HELPER_RUNS}
    modification(body, all_calls, loads, helper_spans)
    entries = []
    for i, run in enumerate(found):
        end = found[i + 1].start if i + 1 < len(found) else len(body)
        entries.append(entry(func, reg, corpus, run, body, run.start, end,
                             name=func.name if len(found) == 1 else f"{func.name}#{i + 1}"))
    return entries


def entry(func: GoFunc, reg: Registry, corpus: set[str], run: Run, body: str, start: int,
          end: int, name: str) -> dict[str, Any]:
    """One expectation: the pair, the checks run, the ids (and levels) the test asserts."""
    segment = body[start:end]
    seg_calls = calls(segment)
    helper = next((c for c in seg_calls if c.name in HELPER_CHECK and c.start == 0), None)
    if helper:
        checks = helper_checked(helper, body[max(0, start - 40):start])
    else:
        checks = checked(segment, seg_calls, body, run)
    if not checks:
        raise Skip("no checker run on the diff")
    asserted = assertions(segment, seg_calls, reg)
    results = {c.result for c in checks}
    if not asserted.expected and not asserted.empty & results:
        raise Skip("asserts nothing about which checks fire")
    expected = [expectation(e, reg) for e in dedupe(asserted.expected)]
    quiet = proves_quiet(checks, asserted, expected)
    if quiet and any(e["level"] != "INFO" for e in expected):
        raise Skip("contradictory assertions (read wrongly)")
    missing = tuple(f for f in (run.base, run.revision) if f not in corpus)
    if missing:
        raise Skip("spec file not in the shared corpus", missing)
    return {
        "test": name,
        "go_file": func.file,
        "line": func.line,
        "base": run.base,
        "revision": run.revision,
        "checks": "+".join(sorted({c.scope for c in checks})),
        "min_level": min((c.level for c in checks), key=LEVELS.index),
        "quiet": quiet,
        "expected": sorted(expected, key=lambda e: (e["id"], e.get("operation") or "")),
        **({"diff_config": run.diff_config} if run.diff_config != "diff.NewConfig()" else {}),
    }


def dedupe(expected: list[Expected]) -> list[Expected]:
    """One row per (id, operation); an id without operation is dropped when a row names one."""
    with_op = {e.id for e in expected if e.operation}
    seen: set[tuple[str, str | None]] = set()
    out = []
    for e in expected:
        key = (e.id, e.operation)
        if key in seen or (e.operation is None and e.id in with_op):
            continue
        seen.add(key)
        out.append(e)
    return out


def proves_quiet(checks: list[CheckRun], asserted: Asserted,
                 expected: list[dict[str, Any]]) -> bool:
    """Whether the test proves oasdiff reports no WARN or ERR change at all on the pair: a run
    of every check, returning WARN and up, asserted empty or complete with only INFO ids."""
    only_info = all(e["level"] == "INFO" for e in expected)
    return any(c.scope == "all" and LEVELS.index(c.level) <= LEVELS.index("WARN") and (
        c.result in asserted.empty or (c.result in asserted.complete and only_info))
        for c in checks)


def expectation(e: Expected, reg: Registry) -> dict[str, Any]:
    """One expected id as data: id, oasdiff's level for it, operation when named."""
    level = reg.levels.get(e.id)
    if level is None:
        raise Skip("expected id has no level in rules.go")
    if e.asserted_level and e.asserted_level != level:
        raise Skip("asserted level differs from rules.go")
    out: dict[str, Any] = {"id": e.id, "level": level}
    if e.operation:
        out["operation"] = e.operation
    return out


# --- the whole repository -----------------------------------------------------------------


def expectations(git_dir: Path, rev: str, corpus_dir: Path) -> dict[str, Any]:
    """Every kept expectation and the count of skipped tests by reason."""
    commit = git(git_dir, "rev-parse", rev).strip()
    sources = {p: git(git_dir, "show", f"{commit}:{p}") for p in checker_files(git_dir, commit)}
    reg = registry(sources)
    corpus = {p.relative_to(corpus_dir).as_posix() for p in corpus_dir.rglob("*") if p.is_file()}
    kept: list[dict[str, Any]] = []
    skipped: dict[str, list[str]] = {}
    missing: set[str] = set()
    tests = 0
    for path, text in sources.items():
        if not path.endswith("_test.go"):
            continue
        for func in functions(path, text):
            if not func.name.startswith("Test"):
                continue
            tests += 1
            try:
                kept += analyse(func, reg, corpus)
            except Skip as why:
                skipped.setdefault(str(why), []).append(func.name)
                missing.update(why.files)
    kept.sort(key=lambda e: (e["go_file"], e["line"], e["test"]))
    return {
        "source": {
            "repository": "https://github.com/oasdiff/oasdiff",
            "commit": commit,
            "license": "Apache-2.0",
            "files": "checker/*_test.go (assertions), checker/rules.go (levels)",
            "note": "Facts derived from oasdiff's tests by scripts/oasdiff_expectations.py; "
                    "no oasdiff code is copied. Spec files: ../shared/corpus/oasdiff-fixtures.",
        },
        "counts": {"tests": tests, "kept_tests": len({e["test"].split("#")[0] for e in kept}),
                   "entries": len(kept),
                   "skipped": {reason: len(names) for reason, names in sorted(skipped.items())},
                   "files_missing_from_corpus": sorted(missing)},
        "skipped_tests": {reason: sorted(names) for reason, names in sorted(skipped.items())},
        "entries": kept,
    }


def main(argv: list[str] | None = None) -> int:
    """Write the expectations file and print what was kept and skipped."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("git_dir", nargs="?", type=Path, default=DEFAULT_GIT)
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    for path, what in ((args.git_dir, "oasdiff git dir"), (args.corpus, "corpus")):
        if not path.is_dir():
            print(f"{path}: {what} not found", file=sys.stderr)
            return 2
    try:
        data = expectations(args.git_dir, args.rev, args.corpus)
    except subprocess.CalledProcessError as err:
        detail = (err.stderr or "").strip().splitlines() or ["no output"]
        print(f"{args.git_dir}: git failed: {detail[0]}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    counts = data["counts"]
    print(f"{counts['tests']} tests parsed, {counts['kept_tests']} kept "
          f"({counts['entries']} entries), {sum(counts['skipped'].values())} skipped:")
    for reason, n in sorted(counts["skipped"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4}  {reason}")
    if counts["files_missing_from_corpus"]:
        print("loaded unmodified by a usable test but not in the corpus:",
              " ".join(counts["files_missing_from_corpus"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
