"""The pre-commit hook: each spec being committed, compared with its version at a revision.

`python -m nosurprises.precommit [--against REF] [diff options] FILE...` is the `entry` of
`.pre-commit-hooks.yaml`. pre-commit hands a hook the names of the files being committed
(their staged content is what the working tree holds while hooks run), after the hook's
`args`. `diff` compares OLD with NEW, so this module pairs each FILE with `git:REF:FILE` (a
file REF lacks is a new spec, compared with an empty document of its version, as every run
of many pairs does) and runs `diff --pairs` once over all of them: one report, one exit code.

Every option of `diff` is taken and passed on; `--against REF` (default `HEAD`: what the
commit changes) is this hook's own, named so it does not take the meaning of `check
--base-ref` or the Action's `base`. The gate defaults to `--fail-on breaking`, set here
rather than in the hook's `args`, because a user's `args` replace the hook's: giving
`--against origin/main` must not switch the gate off. A configuration file's `fail-on`
(`nosurprises.yaml`, `[tool.nosurprises]`) is honoured as `diff` honours it.

It sits on top with `cli.py`, whose parser and `main` it uses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import cli, config
from .errors import InputError
from .load import git
from .untrusted import one_line

DEFAULT_AGAINST = "HEAD"
DEFAULT_FAIL_ON = "breaking"
REFUSED = ("--pairs", "--include")
"""`diff` options the hook gives itself or that pair directories: refused, not overridden."""


def parser() -> cli._Parser:
    p = cli._Parser(prog="python -m nosurprises.precommit",
                    description="Compare each FILE with its version at --against REF (the "
                                "pre-commit hook); exit 1 on breaking changes by default.")
    p.add_argument("--against", default=DEFAULT_AGAINST, metavar="REF",
                   help="the revision each file is compared with (default: HEAD, what the "
                        "commit changes; e.g. origin/main for everything the branch changes)")
    cli.diff_options(p, documents=False)
    p.add_argument("files", nargs="*", metavar="FILE", help="the specs (pre-commit gives them)")
    return p


def pairs(files: Sequence[str], against: str) -> list[dict[str, str]]:
    """One `--pairs` row per file: `git:REF:FILE` when REF has the file, the file itself when
    the working tree has it (pre-commit passes files that exist)."""
    if git.run(".", "rev-parse", "--git-dir", check=False) is None:
        raise InputError(os.getcwd(), "is not inside a git repository: the hook compares each "
                                      "file with its version at a revision")
    commit = git.run(against, "rev-parse", "--verify", "--quiet", f"{against}^{{commit}}", check=False)
    if commit is None and against != DEFAULT_AGAINST:
        raise InputError(against, "is not a revision of this repository (--against REF)")
    rows = []
    for name in dict.fromkeys(files):
        row = {"name": name}
        here = os.path.relpath(name) if os.path.isabs(name) else name  # git paths are relative
        if commit is not None and git.run(name, "cat-file", "-e", f"{against}:./{here}",
                                          check=False) is not None:
            row["old"] = f"{git.PREFIX}{against}:{here}"
        if os.path.isfile(name):
            row["new"] = os.path.abspath(name)
        elif "old" not in row:
            raise InputError(name, f"no such file, here or at {against}")
        rows.append(row)
    return rows  # HEAD with no commit yet (the first commit): every file is new


def _fail_on_configured(args: argparse.Namespace, options: list[str]) -> bool:
    """Whether a configuration file gives `diff` its `fail-on` (the command line did not)."""
    found = config.find(args.config)
    if not found:
        return False
    configured = config.apply(cli.build_parser(), "diff", ["diff", *options], *found)
    return bool(configured and configured.fail_on)


def diff_argv(argv: Sequence[str]) -> tuple[list[str], argparse.Namespace]:
    """The `diff` command line for the hook's arguments (the pairs file left to add), and the
    hook's arguments parsed. The options are passed on as written, so `diff` reads them (and
    a configuration file beneath them) exactly as it reads its own command line."""
    argv = list(argv)
    args = parser().parse_intermixed_args(argv)
    for option in REFUSED:
        if any(a == option or a.startswith(option + "=") for a in argv):
            raise InputError(option, "the hook pairs each FILE with its version at --against "
                                     "REF: leave it out")
    if not args.files:
        raise InputError("FILE", "give the spec files to compare (pre-commit gives the ones "
                                 "being committed)")
    count = len(args.files)
    if argv[-count:] != args.files:
        raise InputError(args.files[0], "give the options before the files, as pre-commit does")
    options = _without_against(argv[:-count])
    if args.fail_on is None and not _fail_on_configured(args, options):
        options += ["--fail-on", DEFAULT_FAIL_ON]
    return ["diff", *options], args


def _without_against(options: list[str]) -> list[str]:
    """The options less `--against REF`, which is the hook's, not `diff`'s."""
    out: list[str] = []
    skip = False
    for option in options:
        if skip:
            skip = False
        elif option == "--against":
            skip = True
        elif not option.startswith("--against="):
            out.append(option)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """`diff`'s exit codes: 0 nothing at the gate's level, 1 the gate failed, 2 bad input."""
    try:
        command, args = diff_argv(sys.argv[1:] if argv is None else argv)
        rows = pairs(args.files, args.against)
    except InputError as exc:
        print(one_line(f"nosurprises: {exc}"), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="nosurprises-precommit-") as folder:
        listed = Path(folder) / "pairs.json"
        listed.write_text(json.dumps(rows), encoding="utf-8")
        return cli.main([*command, "--pairs", str(listed)])


if __name__ == "__main__":
    sys.exit(main())
