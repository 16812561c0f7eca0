"""The gate's own inputs as they were at the base revision of a pull request.

A pull request can weaken the gate instead of announcing its changes: rewrite the ledger,
add an entry "announced" months ago that covers `*`, or edit the policy down to nothing.
`check --base-ref REF` (or `--ledger-base` / `--policy-base`) reads the ledger and the policy
at REF and reports every such edit; the GitHub Action passes the pull request's base branch
by default. A file the base revision does not have is not an error: the first pull request
that adds a ledger compares it with an empty one, and one that adds a policy with the
`default` pack that applied before it.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from itertools import product

from ..errors import InputError
from ..load import git
from ..model import Level
from ..rules import CATALOG
from .ledger import Ledger, append_only_problems, load_ledger
from .load import load_pack, load_policy
from .model import NoticeRule, Policy, Window, window_for

STABILITIES = (None, "draft", "alpha", "beta", "stable")
"""The stability levels a change can carry (None: not stated, judged as `stable`)."""
MAX_LINES = 5
"""Weakened rule ids reported one per line; the rest are counted on a last line."""


@dataclass(frozen=True)
class BaseFile:
    """A gate input at the base revision: its source text (`git:REF:PATH`) and whether it exists."""

    source: str
    exists: bool


def split_git(source: str) -> tuple[str, str] | None:
    """`(REF, PATH)` of a `git:REF:PATH` source, None for anything else."""
    if not source.startswith(git.PREFIX):
        return None
    ref, sep, path = source[len(git.PREFIX):].partition(":")
    if not sep or not ref or not path:
        raise InputError(source, "is not of the form git:REF:PATH (e.g. git:origin/main:notices.yaml)")
    return ref, path


def at(ref: str, path: str) -> BaseFile:
    """The file `path` (relative to the current directory) at revision `ref`."""
    source = f"{git.PREFIX}{ref}:{path}"
    place = git.parse(source)
    found = _git(source, "cat-file", "-e", f"{_commit(ref)}:{place.path}", check=False)
    return BaseFile(source, found is not None)


def revision_day(ref: str) -> dt.date:
    """The day (UTC) of the base revision's commit: announcements before it were not new."""
    text = _git(ref, "show", "-s", "--format=%cI", _commit(ref))
    try:
        return dt.datetime.fromisoformat((text or "").strip()).astimezone(dt.UTC).date()
    except ValueError:
        raise InputError(ref, f"git gave no commit date ({text!r})") from None


def _commit(ref: str) -> str:
    """The commit `ref` names, verified: a bad ref is the user's error, not an absent file."""
    if not ref or ref.startswith("-"):
        raise InputError(ref or "--base-ref", "is not a git revision")
    commit = _git(ref, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}",
                  check=False)
    if not commit:
        raise InputError(ref, "is not a revision of this git repository (fetch the base branch, "
                              "or check out with fetch-depth: 0)")
    return commit.strip()


def _git(name: str, *args: str, check: bool = True) -> str | None:
    """git's output as text, or None when it failed and `check` is off."""
    out = git.run(name, *args, check=check)
    return None if out is None else out.decode("utf-8", "replace")


def base_ledger(source: str) -> Ledger:
    """The ledger at `source`; a `git:REF:PATH` whose revision lacks the file is empty."""
    where = split_git(source)
    if where and not at(*where).exists:
        return Ledger(notices=[])
    return load_ledger(source)


def base_policy(source: str | None, ref: str | None) -> tuple[Policy, list[NoticeRule], str]:
    """The policy at the base revision, found there as `load_policy` finds it in the tree.

    `source` is an explicit `--policy-base`, else the `--policy` path read at `ref`; with
    neither, `nosurprises.yaml` then `pyproject.toml` at `ref`, then the `default` pack.
    """
    if source and not split_git(source):
        return (*load_policy(source), source)
    where = split_git(source) if source else None
    candidates = [where] if where else [(ref, "nosurprises.yaml"), (ref, "pyproject.toml")]
    for revision, path in candidates:
        found = at(revision, path)
        if not found.exists:
            continue
        if path.endswith("pyproject.toml") and where is None:
            try:
                return (*load_policy(found.source), found.source)
            except InputError as exc:  # a pyproject without a policy table is skipped
                if "has no [tool.nosurprises.policy] table" not in exc.problem:
                    raise
                continue
        return (*load_policy(found.source), found.source)
    return Policy(), list(load_pack("default").rules), "the default policy"


def weakened(base: tuple[Policy, list[NoticeRule]], new: tuple[Policy, list[NoticeRule]]
             ) -> list[str]:
    """One sentence per rule id that the new policy gives less notice than the base did.

    Every rule id of the catalog is probed at every level, stability and audience either
    policy names (a change for `all` too): less notice is a shorter minimum, a later or
    dropped maximum, or calendar days where the base counted business days. A stricter
    policy passes.
    """
    (base_policy, base_rules), (new_policy, new_rules) = base, new
    problems = []
    if base_policy.days == "business" and new_policy.days == "calendar":
        problems.append("`days` changed from business to calendar: every window is shorter.")
    audiences = sorted({"all", "api"} | {a for r in base_rules + new_rules for a in r.audience or []})
    stabilities = list(STABILITIES) + sorted({s for r in base_rules + new_rules
                                              for s in r.stability or []} - set(STABILITIES))
    found: list[str] = []
    for rule_id in CATALOG:
        sentence = _weaker_for(rule_id, base_policy, base_rules, new_policy, new_rules,
                               audiences, stabilities)
        if sentence:
            found.append(sentence)
    problems += found[:MAX_LINES]
    if len(found) > MAX_LINES:
        problems.append(f"... and {len(found) - MAX_LINES} more rule id(s) get less notice.")
    return problems


def _weaker_for(rule_id: str, base_policy: Policy, base_rules: list[NoticeRule],
                new_policy: Policy, new_rules: list[NoticeRule], audiences: list[str],
                stabilities: list[str | None]) -> str | None:
    """The first probe of `rule_id` that gets less notice, as a sentence; None if none does."""
    old_rules = [r for r in base_rules if _globs(r, rule_id)]
    now_rules = [r for r in new_rules if _globs(r, rule_id)]
    if not old_rules:
        return None
    default = CATALOG[rule_id].level  # probed first: the sentence names the usual case
    levels = [default, *(lv for lv in Level if lv is not default)]
    for level, stability, audience in product(levels, stabilities, audiences):
        before = window_for(old_rules, rule_id, level, [audience], stability, base_policy.days)
        after = window_for(now_rules, rule_id, level, [audience], stability, new_policy.days)
        if _looser(before, after):
            return (f"The policy gives `{rule_id}` ({level.value}, stability "
                    f"{stability or 'unstated'}, audience {audience}) less notice than at the base "
                    f"revision: {_say(before)} before, {_say(after)} now.")
    return None


def _globs(rule: NoticeRule, rule_id: str) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in rule.match)


def _looser(before: Window, after: Window) -> bool:
    if after.min_days < before.min_days:
        return True
    return before.max_days is not None and (after.max_days is None or after.max_days > before.max_days)


def _say(window: Window) -> str:
    if window.max_days is not None:
        return f"{window.min_days} to {window.max_days} days"
    return "no notice" if window.min_days == 0 else f"at least {window.min_days} days"


def base_problems(*, ledger: Ledger | None, ledger_source: str | None, policy: Policy,
                  rules: list[NoticeRule], policy_path: str | None, policy_label: str,
                  ledger_base: str | None = None, policy_base: str | None = None,
                  base_ref: str | None = None) -> tuple[list[str], list[str]]:
    """`file: sentence` for every edit that weakens the gate: the ledger's, then the policy's.

    `ledger_base`/`policy_base` name the files as they were; `base_ref` reads both at that
    revision where they are not named (the ledger at the same path, the policy at the path
    given with `--policy`, else found there as in the tree).
    """
    ledger_problems: list[str] = []
    policy_problems: list[str] = []
    where = split_git(ledger_source) if ledger_source else None
    ledger_path = where[1] if where else (ledger_source or "notices.yaml")
    source = ledger_base or (f"{git.PREFIX}{base_ref}:{ledger_path}" if base_ref else None)
    if source:
        if ledger_base and ledger is None:
            raise InputError("--ledger-base", "needs a ledger to compare (--ledger FILE)")
        ref = (split_git(source) or (None, None))[0]
        since = revision_day(ref) if ref else None
        found = append_only_problems(base_ledger(source), ledger or Ledger(notices=[]), since,
                                     revision=f"the base revision {ref}")
        ledger_problems += [f"{ledger_source or ledger_path}: {p}" for p in found]
    if policy_base or base_ref:
        if policy_base:
            old = base_policy(policy_base, None)
        else:
            explicit = policy_path and not policy_path.startswith(git.PREFIX)
            old = base_policy(f"{git.PREFIX}{base_ref}:{policy_path}" if explicit else None,
                              base_ref)
        policy_problems += [f"{policy_label}: {p}" for p in weakened(old[:2], (policy, rules))]
    return ledger_problems, policy_problems
