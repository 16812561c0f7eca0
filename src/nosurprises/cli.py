"""The `nosurprises` command: thin, it parses arguments and calls the public API.

Exit codes (every command): 0 done, 1 the requested gate failed, 2 bad input or usage,
with one line on stderr naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import re
import sys
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__, config
from .delivery.cli import add_parser as add_send_parser
from .errors import InputError
from .formats import DETAILS, FOLD, FORMATS
from .formats.budget import MIN_BUDGET
from .formats.color import CHOICES as COLOR_CHOICES
from .formats.color import STYLE, paint, use_color
from .i18n import LOCALES, check_locale
from .kinds import KINDS, REQUESTS_OPTIONS, kind_options
from .lazy import LazyMap
from .levels import Level
from .load.limits import MAX_BYTES
from .notices.channels import CHANNELS
from .notices.channels import DEFAULT as DEFAULT_CHANNELS
from .output import write_file, write_files, write_stdout

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .directory import Directory
    from .kinds import Pair
    from .model import Report
    from .notices import Notice
    from .notices.outbox import Mail
    from .rules import Rule

# What a command needs beyond parsing its arguments is imported in the command itself: `--help`
# and `rules` import no comparer, a diff no notice channel, Babel only for another language.


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"nosurprises: {message} (see `{self.prog} --help`)\n")


def _date(text: str) -> dt.date:
    from .bounds import out_of_range

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
    problem = out_of_range(day)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return day


def utc_today() -> dt.date:
    """Today in UTC, the default `--on` and `--date`: `bounds.today`, the one clock."""
    from .bounds import today

    return today()


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    number, unit = (text[:-1], text[-1].lower()) if text[-1:].lower() in units else (text, "")
    try:
        value = int(number) * units.get(unit, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size (like 64M): {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"size must be positive: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nosurprises", description="Find the changes that hurt customers.")
    parser.add_argument("--version", action="version", version=f"nosurprises {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    diff = sub.add_parser("diff", help="compare two OpenAPI documents or price books",
                          description="Compare two OpenAPI documents (3.0, 3.1 or Swagger 2.0, "
                                      "YAML or JSON) or two price books (YAML, JSON or CSV) and "
                                      "report every change.")
    diff_options(diff)

    check = sub.add_parser("check", help="check that every change was announced early enough",
                           description="Compare two documents, then give every change a verdict "
                                       "under the notice policy and the announcement ledger. "
                                       "Exit 1 when a change may not ship yet.")
    _report_options(check, formats=("text", "json", "markdown", "github", "sarif", "junit", "html"),
                    optional=True, batch=True)
    _batch_options(check)
    _detail_option(check)
    _budget_option(check)
    _policy_options(check)
    check.add_argument("--ledger", metavar="FILE",
                       help="the announcement ledger (default: notices.yaml if present)")
    check.add_argument("--ledger-base", metavar="SOURCE",
                       help="the ledger as it was (e.g. git:origin/main:notices.yaml): refuse "
                            "removed, backdated or pulled-in entries")
    check.add_argument("--policy-base", metavar="SOURCE",
                       help="the policy as it was (e.g. git:origin/main:nosurprises.yaml): refuse "
                            "a policy that gives any change less notice")
    check.add_argument("--base-ref", metavar="REF",
                       help="the revision a pull request starts from (e.g. origin/main): compare "
                            "the ledger and the policy with theirs at REF, and refuse new entries "
                            "announced before REF's commit day")
    check.add_argument("--on", type=_date, metavar="YYYY-MM-DD",
                       help="the day the changes take effect (default: today in UTC)")
    check.add_argument("--require-delivery", action="append", default=[], metavar="PATH",
                       help="count a ledger entry as announced only once `nosurprises send` delivered it "
                            "to every customer its outbox addressed, from the day of the last delivery: "
                            "PATH is an outbox folder (outbox.json and its deliveries.jsonl) or a "
                            "delivery journal (repeatable)")

    plan = sub.add_parser("plan", help="propose effective dates and a draft ledger entry",
                          description="For an announcement on a given day, give the earliest "
                                      "day each change may take effect and a draft ledger entry.")
    _report_options(plan, formats=("text", "json"), optional=True)
    _policy_options(plan)
    plan.add_argument("--announce", type=_date, metavar="YYYY-MM-DD", required=True,
                      help="the day customers are told")
    plan.add_argument("--entry-id", metavar="ID", help="id of the drafted ledger entry")

    notice = sub.add_parser(
        "notice", help="write the notices customers are owed (e-mail, changelog, feed, calendar, headers)",
        description="Compare two documents and write the announcement of their changes for each "
                    "channel, from a plan (--announce) or from a ledger entry (--ledger, --entry).")
    _report_options(notice, formats=(), optional=True)
    _policy_options(notice)
    when = notice.add_mutually_exclusive_group(required=True)
    when.add_argument("--announce", type=_date, metavar="YYYY-MM-DD",
                      help="the day customers are told; the changes take effect on the earliest "
                           "day the policy allows, or on --effective")
    when.add_argument("--entry", metavar="ID", help="render the ledger entry ID (see --ledger)")
    notice.add_argument("--effective", type=_date, metavar="YYYY-MM-DD",
                        help="with --announce: a later effective day than the earliest allowed")
    notice.add_argument("--summary", metavar="TEXT", help="with --announce: one paragraph for customers")
    notice.add_argument("--ledger", metavar="FILE",
                        help="with --entry: the announcement ledger (default: notices.yaml)")
    notice.add_argument("--product", metavar="NAME",
                        help="what customers call the product (default: the OpenAPI info.title)")
    notice.add_argument("--channel", action="append", choices=[*CHANNELS, "all"], metavar="NAME",
                        help=f"one of {', '.join(CHANNELS)} or all (repeatable; default: the "
                             f"entry's channels, else {' and '.join(DEFAULT_CHANNELS)})")
    notice.add_argument("--out", metavar="DIR", help="write one file per channel into DIR")
    notice.add_argument("--release", metavar="VERSION",
                        help="the version the changes ship in: the changelog's `## [VERSION] - date` heading")
    notice.add_argument("--changelog", metavar="FILE",
                        help="add the changelog section to FILE (a Keep a Changelog CHANGELOG.md, made "
                             "if missing) in place, under VERSION's heading when it has one; earlier "
                             "entries are left as they are")
    notice.add_argument("--url", metavar="URL", help="where customers read the details")
    notice.add_argument("--contact", metavar="TEXT", help="who customers can write to")
    notice.add_argument("--from", dest="sender", metavar="ADDRESS",
                        help="the e-mail's From, e.g. 'Acme API <api@acme.example>'")
    notice.add_argument("--to", action="append", default=[], metavar="ADDRESS",
                        help="the e-mail's To (repeatable; default: none, the mail system sets it)")
    notice.add_argument("--dated", action="store_true",
                        help="give the e-mail a Date (the announcement day, 00:00 UTC) and a Message-ID "
                             "<notice-id@domain-of-From> (needs --from); the same bytes every run")
    notice.add_argument("--unsubscribe", metavar="URL",
                        help="an optional notice (every change info): its List-Unsubscribe link "
                             "(https:// or mailto:); refused for a service notice")
    notice.add_argument("--locale", "--lang", dest="locale", default="en", metavar="LOCALE",
                        help="the customers' language and region (words, dates, money): "
                             + ", ".join(LOCALES) + ", or a region such as en_GB or de_AT (default: en)")
    notice.add_argument("--level", choices=[lv.value for lv in Level], default="warning",
                        help="the least severe changes told (default: warning)")
    notice.add_argument("--usage", metavar="FILE",
                        help="price books: also one e-mail per affected customer, with what the change "
                             "costs them at their usage in FILE (needs --out)")
    notice.add_argument("--customers", metavar="FILE",
                        help="the customer directory (CSV, JSON lines, YAML, JSON: customer, email, "
                             "locale, plan, name, tags, notice_days): also one e-mail per customer in "
                             "the notice's audience, in their language, to their addresses (needs --out)")
    _requests_options(notice)

    history = sub.add_parser(
        "history", help="the changelog of every version of a spec in git",
        description="Walk the git history of one spec (or a folder of specs) and report the "
                    "changes of every version pair: at each release tag when there are tags, "
                    "else at each commit that changed it; newest first.")
    history.add_argument("spec", help="the spec (or folder of specs) in this git repository")
    history.add_argument("--since", metavar="REF",
                         help="only versions after REF (a tag, branch or commit), compared from REF")
    history.add_argument("--format", "-f", choices=list(FORMATS), default="text",
                         help="output format (default: text)")
    history.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE")
    for option, what in (("--ignore", "leave out rules matching this glob (repeatable)"),
                         ("--set-level", "report matching rules at this level, RULE_GLOB=LEVEL "
                                         "(repeatable)")):
        history.add_argument(option, action="append", default=[], metavar="RULE_GLOB", help=what)
    history.add_argument("--match-path", metavar="REGEX", help="only changes to operations whose "
                                                               "path matches")
    history.add_argument("--unmatch-path", metavar="REGEX",
                         help="leave out changes to operations whose path matches")
    history.add_argument("--level", choices=[lv.value for lv in Level], default="info",
                         help="only show changes at this level or worse (default: info, all)")
    history.add_argument("--max-bytes", type=_size, default=MAX_BYTES, metavar="SIZE",
                         help="largest document read (default: 64M)")
    history.add_argument("--lang", "--locale", dest="lang", default="en", metavar="LOCALE",
                         help="the language of the sentences (default: en)")
    history.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                         help="compare on N processes (0: every core; default: 1)")
    _detail_option(history)
    _budget_option(history)
    _color_option(history)
    history.set_defaults(accept=None, fail_on=None)

    rules = sub.add_parser("rules", help="list the rule catalog or explain one rule")
    rules.add_argument("pattern", nargs="?", default="*",
                       help="only rules whose id matches this glob (e.g. 'api.schema.*')")
    rules.add_argument("--explain", metavar="ID", help="explain one rule")
    rules.add_argument("--format", "-f", choices=["text", "json", "markdown"], default="text",
                       help="markdown gives the rule reference page of the docs")
    _color_option(rules)

    schema = sub.add_parser("schema", help="print the JSON Schema of a report or an input file")
    schema.add_argument("what", nargs="?", choices=sorted(SCHEMAS), default="report",
                        help="which schema (default: report)")
    add_send_parser(sub)  # delivery/cli.py: `send`'s options and command
    return parser


def diff_options(p: argparse.ArgumentParser, documents: bool = True) -> None:
    """The options of `diff`; without `documents`, not OLD and NEW (the pre-commit hook,
    `precommit.py`, takes file names instead and gives `diff` the pairs itself)."""
    _report_options(p, batch=True, documents=documents)
    _batch_options(p)
    _detail_option(p)
    _budget_option(p)
    p.add_argument("--fail-on", choices=[lv.value for lv in Level if lv is not Level.INFO],
                   help="exit 1 when a change at this level or worse is found")
    p.add_argument("--level", choices=[lv.value for lv in Level], default="info",
                   help="only show changes at this level or worse (default: info, all)")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="today's date for sunset checks (default: today in UTC)")
    p.add_argument("--usage", metavar="FILE",
                   help="price books: who is affected at the usage of FILE (CSV, JSON lines, Parquet, "
                        "YAML or JSON)")
    _requests_options(p)
    p.add_argument("--redline", metavar="FILE",
                   help="terms: also write a redline of the changed sections to FILE "
                        "(HTML when FILE ends in .html or .htm, else Markdown)")


def _requests_options(p: argparse.ArgumentParser) -> None:
    """OpenAPI documents: whom each change reaches, from request logs (docs/targeting.md)."""
    p.add_argument("--requests", metavar="FILE",
                   help="OpenAPI: which customers called each changed operation, from the request log "
                        "FILE (common or combined log format, JSON lines, CSV, Parquet)")
    p.add_argument("--customer-key", metavar="FIELD_OR_REGEX",
                   help="with --requests: the field naming the customer (JSON lines, CSV, Parquet: e.g. "
                        "headers.x-account-id; logs: authuser, the default), or a pattern with a group "
                        "(?P<customer>...) applied to each log line")
    p.add_argument("--requests-format", choices=("clf", "jsonl", "csv", "parquet", "duckdb"),
                   help="with --requests: the log's format (default: from its name and first line)")
    p.add_argument("--requests-table", metavar="TABLE",
                   help="with --requests and a DuckDB database: the table or view of calls (default: "
                        "the database's only one)")
    p.add_argument("--requests-field", action="append", default=[], metavar="ROLE=FIELD",
                   help="with --requests: where method, path, time or params are in a JSON line or row "
                        "(repeatable; e.g. path=request.uri)")
    p.add_argument("--requests-since", metavar="YYYY-MM-DD|NNd",
                   help="with --requests: only calls from this day (UTC), or of the last NN days up to "
                        "--date")
    p.add_argument("--requests-until", metavar="YYYY-MM-DD",
                   help="with --requests: only calls up to and including this day (UTC)")
    p.add_argument("--requests-strip-prefix", metavar="PATH",
                   help="with --requests: the base path before the spec's paths in the log (default: "
                        "the path of the spec's servers; '' for none)")


def _refuse_lone_requests_options(args: argparse.Namespace) -> None:
    """Refuses an option of `--requests` given without it, in every command that takes them
    (`diff` and `notice`, one pair or many), before any work is done."""
    if not hasattr(args, "requests") or args.requests:
        return
    for option in REQUESTS_OPTIONS[1:]:
        if getattr(args, option.replace("-", "_")) not in (None, []):
            raise InputError(f"--{option}", "applies with --requests FILE only")


def _request_settings(args: argparse.Namespace) -> tuple[Any, Any] | None:
    """The fields and window of `--requests` (None without it), read from their options
    before any document is: a bad `--requests-since` is told before a large comparison."""
    if not args.requests:
        return None
    from dataclasses import replace

    from .targeting.report import window_of
    from .targeting.requests import parse_field_options, parse_fields

    fields = replace(parse_fields(args.customer_key, parse_field_options(args.requests_field)),
                     table=args.requests_table)
    return fields, window_of(args.requests_since, args.requests_until,
                             getattr(args, "date", None) or utc_today())


def _with_requests(args: argparse.Namespace, shown: Report, pair: Pair | None,
                   settings: tuple[Any, Any] | None) -> Report:
    """`diff --requests`: the report with whom each shown change reaches."""
    if settings is None or pair is None:
        return shown
    from .targeting.report import with_requests

    fields, window = settings
    return with_requests(shown, pair.old.value, pair.new.value, args.requests, fmt=args.requests_format,
                         fields=fields, window=window, prefix=args.requests_strip_prefix,
                         max_bytes=args.max_bytes)


SCHEMAS: Mapping[str, type[BaseModel]] = ChainMap(LazyMap({
    "report": "nosurprises.model:Report", "check": "nosurprises.policy:CheckReport",
    "notice": "nosurprises.notices:Notice", "policy": "nosurprises.policy.model:PolicyFile",
    "ledger": "nosurprises.policy.ledger:Ledger", "events": "nosurprises.events.model:EventsFile",
    "batch": "nosurprises.batch:BatchReport", "outbox": "nosurprises.notices.outbox:Outbox",
    "journal": "nosurprises.deliveries:Delivery"}),
    *(kind.schemas for kind in KINDS.values()))
"""Every format a user writes or a tool reads, by name, for `nosurprises schema` (each kind
of document brings its own: the price book, its report and usage files); each model is
imported when its schema is asked for."""


def _report_options(p: argparse.ArgumentParser, formats: Sequence[str] = tuple(sorted(FORMATS)),
                    optional: bool = False, batch: bool = False, documents: bool = True) -> None:
    """What every comparing command shares: the inputs, the selection and the output.

    With `optional`, OLD and NEW may both be left out when `--events` declares the changes
    (a sale or a shutdown has no document to diff). With `batch`, OLD and NEW may be two
    directories or two glob patterns, or left out for `--pairs FILE` (many specs in one run)."""
    either = {"nargs": "?", "default": None} if optional or batch else {}
    alone = "; leave both out to judge --events alone" if optional else ""
    many = ("; or two directories or quoted glob patterns ('old/**/*.yaml'), whose documents "
            "are paired by relative path; leave both out with --pairs FILE") if batch else ""
    if documents:
        p.add_argument("old", help=f"the old document (path or git:REF:PATH){alone}{many}", **either)
        p.add_argument("new", help="the new document (path or git:REF:PATH)", **either)
    p.add_argument("--kind", choices=["auto", *KINDS], default="auto",
                   help="what the documents are (default: detected from the old one)")
    if formats:
        p.add_argument("--format", "-f", choices=list(formats), default="text",
                       help="output format (default: text)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE")
    _color_option(p)
    p.add_argument("--events", metavar="FILE",
                   help="also report the declared events of FILE (sale, shutdown, migration, ...)")
    p.add_argument("--validate", action="store_true",
                   help="validate both documents with openapi-spec-validator first")
    p.add_argument("--max-bytes", type=_size, default=MAX_BYTES, metavar="SIZE",
                   help="largest document read (default: 64M)")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE_GLOB",
                   help="leave out rules matching this glob (repeatable), e.g. 'api.*.documentation-*'")
    p.add_argument("--set-level", action="append", default=[], metavar="RULE_GLOB=LEVEL",
                   help="report matching rules at this level (repeatable)")
    p.add_argument("--match-path", metavar="REGEX",
                   help="only changes to operations whose path matches this regular expression")
    p.add_argument("--unmatch-path", metavar="REGEX",
                   help="leave out changes to operations whose path matches this regular expression")
    p.add_argument("--filter-extension", metavar="REGEX",
                   help="OpenAPI: leave out path items and operations carrying an extension whose "
                        "name matches (e.g. 'x-internal'), with a true value")
    p.add_argument("--strip-prefix-base", metavar="PREFIX",
                   help="OpenAPI: take PREFIX off the old document's paths to pair them")
    p.add_argument("--strip-prefix-revision", metavar="PREFIX",
                   help="OpenAPI: take PREFIX off the new document's paths to pair them")
    p.add_argument("--config", metavar="FILE",
                   help="the configuration file of every option (default: nosurprises.yaml, "
                        "then [tool.nosurprises] of pyproject.toml, when they set options)")
    p.add_argument("--accept", metavar="FILE",
                   help="changes reviewed and accepted (rule, operation or origin, reason, "
                        "optional expiry): gates pass over them until they expire; reports "
                        "mark them accepted")
    p.add_argument("--successor", action="append", default=[], metavar="OLD=NEW",
                   help="price books: customers of plan OLD move to plan NEW (repeatable)")
    if formats:  # notice has its own --locale, the customers' language
        p.add_argument("--lang", "--locale", dest="lang", default="en", metavar="LOCALE",
                       help="the language of the report's sentences: " + ", ".join(LOCALES)
                            + " (default: en); the JSON's rule ids and fields stay the same")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a number of processes is 0 (every core) or more: {text!r}")
    return value


def _batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pairs", metavar="FILE",
                   help="compare every pair FILE lists: `OLD NEW` per line, or YAML/JSON "
                        "`- {old: A, new: B, name: N}`; paths relative to FILE")
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="with two directories: the file names paired (repeatable; default: "
                        "*.yaml, *.yml, *.json)")
    p.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                   help="compare many pairs on N processes (0: every core; default: 1)")


def _detail_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--detail", choices=DETAILS, default=None,
                   help="groups: one entry per root cause, naming the operations it affects "
                        f"(the first {FOLD}, then how many more); operations: one entry per "
                        "change and operation (default: groups; json lists every change "
                        "unless --detail groups)")


def _budget(text: str) -> int:
    value = _size(text)
    if value < MIN_BUDGET:
        raise argparse.ArgumentTypeError(f"a budget holds the report's head: at least 4K, not {text!r}")
    return value


def _budget_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--budget", type=_budget, default=None, metavar="SIZE",
                   help="markdown: the most bytes the report takes, whole rows left out past it "
                        "(the least severe first) and said so; 64K fits a pull-request comment "
                        "(default: 1M, GitHub's job summary limit; other formats are not cut)")


def _color_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                   help="colour the text output: auto (on a terminal, unless NO_COLOR is set; "
                        "FORCE_COLOR forces it), always or never (default: auto)")


def _color(args: argparse.Namespace) -> bool:
    """Colour for the text output: on a terminal as `use_color` says; a file only if `always`."""
    return use_color(args.color, None if getattr(args, "output", None) else sys.stdout)


def _stdin_documents(args: argparse.Namespace) -> None:
    """`-` as OLD or NEW is standard input, read once here (a pipe cannot be read twice)."""
    from .load.source import read_stdin

    names = [name for name in ("old", "new") if getattr(args, name, None) == "-"]
    if len(names) == 2:
        raise InputError("-", "standard input can be read once: give `-` as OLD or as NEW, "
                              "not both")
    for name in names:
        setattr(args, name, read_stdin(getattr(args, "max_bytes", MAX_BYTES)))


def _policy_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="FILE",
                   help="the notice policy (default: nosurprises.yaml, then [tool.nosurprises] "
                        "in pyproject.toml, then the `default` pack)")


_KEPT: list[Any] | None = None
"""With `run`, what each command built (its documents, its report), kept until the process
ends: freeing millions of parsed nodes one by one is work nobody waits for (about a tenth of
a large diff), and the operating system takes the whole heap back at once."""


FEW_FULL_COLLECTIONS = (700, 10, 100_000)
"""The collector's thresholds for the command (`gc.set_threshold`). A command builds millions
of objects that live until it ends (parsed documents, price books, models) and makes almost
no reference cycles; Python walks every live object in a full collection, started each time
the heap has grown by a quarter, which was half of a 10,000-plan price book diff and 40% of
`diff --usage` over a million customers. Young objects are still collected as Python does
(the first two thresholds are its defaults); only the full collections become rare."""


def run() -> NoReturn:
    """The `nosurprises` command: `main`, then the streams flushed and the process ended without
    tearing down what it built (see `_KEPT`); nothing of ours runs at interpreter exit."""
    global _KEPT
    _KEPT = []
    # pydantic looks for plugins in every installed package's entry points when it builds its
    # first model (a tenth of a small diff); the command has none to offer them. A user who
    # sets the variable keeps their own value.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.set_threshold(*FEW_FULL_COLLECTIONS)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: already said, if need be
            stream.flush()
    os._exit(code)


def _keep(value: Any) -> Any:
    """`value`, kept until the process ends when run as a command (`run`)."""
    if _KEPT is not None:
        _KEPT.append(value)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit:  # --help and --version print: a full standard output is one line too
        try:
            write_stdout("")
        except InputError as exc:
            print(f"nosurprises: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        raise
    try:
        if args.command in config.COMMANDS:
            found = config.find(args.config)
            args = (config.apply(parser, args.command, argv, *found) if found else None) or args
        _refuse_lone_requests_options(args)
        _stdin_documents(args)
        if args.command == "diff":
            return _diff(args)
        if args.command == "check":
            return _check(args)
        if args.command == "plan":
            return _plan(args)
        if args.command == "notice":
            return _notice(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "history":
            return _history(args)
        if args.command == "send":
            from .delivery.cli import run as send

            return send(args)
        return _schema(args)
    except InputError as exc:
        from .untrusted import one_line

        print(one_line(f"nosurprises: {exc}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nosurprises: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: still one line, and a way to see more
        if os.environ.get("NOSURPRISES_TRACEBACK"):
            raise
        inputs = " and ".join(getattr(args, name) for name in ("old", "new")
                              if getattr(args, name, None))
        print(f"nosurprises: internal error{f' on {inputs}' if inputs else ''}: "
              f"{type(exc).__name__}: {exc} (please report it; set NOSURPRISES_TRACEBACK=1 "
              "for details)", file=sys.stderr)
        return 2


def _schema(args: argparse.Namespace) -> int:
    import orjson

    return _print(orjson.dumps(SCHEMAS[args.what].model_json_schema(),
                               option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n")


def _report(args: argparse.Namespace, today: dt.date | None, pair: Pair | None) -> Report:
    """Compare, add declared events, then select: the report every command starts from."""
    from .kinds import Options
    from .load import cyclic_gc_paused
    from .model import Report

    _levels(args)  # a bad --set-level is refused before any work
    if pair is None:
        report = Report.from_changes([])
    else:
        with cyclic_gc_paused():
            report = _keep(pair.compare(Options(
                today=today, max_bytes=args.max_bytes, validate=args.validate,
                successors=_successors(args), strip_prefix_base=args.strip_prefix_base,
                strip_prefix_revision=args.strip_prefix_revision,
                filter_extension=args.filter_extension)))
    if args.events:
        from .events import event_changes, load_events

        extra = event_changes(load_events(args.events), args.events)
        report = Report.from_changes(report.changes + extra, report.warnings)
    return _finish(args, report, today)


def _levels(args: argparse.Namespace) -> dict[str, Level]:
    from .selection import parse_level_override

    return dict(parse_level_override(text) for text in args.set_level)


def _finish(args: argparse.Namespace, report: Report, today: dt.date | None) -> Report:
    """The selection, the acceptances and the language of one compared report."""
    from .selection import select

    levels = _levels(args)
    report = select(report, ignore=args.ignore, levels=levels, match_path=args.match_path,
                    unmatch_path=args.unmatch_path)
    if args.accept:
        from .accept import accept, load_acceptances

        name, acceptances = load_acceptances(args.accept)
        report = accept(report, acceptances, today or utc_today(), name)
    lang = getattr(args, "lang", "en")
    if lang == "en":
        return report
    from .language import in_language

    return in_language(report, check_locale(lang, "--lang"))


def _has_documents(args: argparse.Namespace) -> bool:
    """Whether OLD and NEW were given; neither is allowed only with `--events` alone."""
    if (args.old is None) != (args.new is None):
        raise InputError(args.old or args.new, "is one document: give OLD and NEW, or neither "
                                               "to judge the declared events of --events alone")
    if args.old is not None:
        return True
    if not args.events:
        raise InputError("OLD NEW", "give two documents to compare, or --events FILE to judge "
                                    "declared events alone")
    for option, given in (("kind", args.kind != "auto"), *_kind_options(args).items()):
        if given:
            raise InputError(f"--{option}", "applies to the documents OLD and NEW, and none were "
                                            "given")
    return False


def _kind_options(args: argparse.Namespace) -> dict[str, bool]:
    """Whether each option that applies to some kinds only was given (absent from a command:
    not given)."""
    return {option: bool(getattr(args, option.replace("-", "_"), None)) for option in kind_options()}


def _pair(args: argparse.Namespace) -> Pair | None:
    """OLD and NEW, each read and parsed once, of the kind `--kind` says or they show (None
    with `--events` alone); an option of another kind is refused here, before any work."""
    from .kinds import load_pair, refuse_options

    if not _has_documents(args):
        return None
    pair = _keep(load_pair(args.old, args.new, kind=args.kind, max_bytes=args.max_bytes))
    refuse_options(pair.kind, _kind_options(args))
    return pair


def _successors(args: argparse.Namespace) -> dict[str, str]:
    pairs = {}
    for text in args.successor:
        old, sep, new = text.partition("=")
        if not sep or not old or not new:
            raise InputError("--successor", f"{text!r} is not OLD=NEW (two plan ids)")
        pairs[old] = new
    return pairs


def _many(args: argparse.Namespace) -> bool:
    """Whether the run compares many pairs (`--pairs`, two directories or globs); `--include`
    with one pair is refused here, for every command that takes both."""
    from .pairs import is_batch

    many = bool(args.pairs) or is_batch(args.old, args.new)
    if not many and args.include:
        raise InputError("--include", "applies to two directories, not to two documents")
    return many


def _diff(args: argparse.Namespace) -> int:
    if _many(args):
        return _diff_batch(args)
    if args.old is None or args.new is None:
        alone = "; declared events alone are judged by check, plan and notice" if args.events else ""
        raise InputError("OLD NEW", "are required: give two documents (or two directories) to "
                                    f"compare, or --pairs FILE{alone}")
    from .formats import render_report
    from .formats.detail import Filtered
    from .model import Report

    settings = _request_settings(args)
    pair = _pair(args)
    assert pair is not None  # diff requires OLD and NEW
    report = _report(args, args.date or utc_today(), pair)
    shown = report
    if args.level != "info":
        shown = Report.from_changes(report.at_least(Level(args.level)), report.warnings)
    if args.usage:
        from .pricing.impacts import impact_text, with_usage
        from .untrusted import shown as safe_copy

        shown = with_usage(shown, pair.old.value, pair.new.value, args.usage,
                           successors=_successors(args), max_bytes=args.max_bytes)
    shown = _with_requests(args, shown, pair, settings)
    total = Filtered(Level(args.level), report.summary)  # the counts say what --level left out
    if args.format == "text":
        from .formats.text import render_text

        text = render_text(shown, pair.new.name, color=_color(args), detail=args.detail or "groups",
                           total=total)
    else:
        text = render_report(args.format, shown, pair.new.name, pair.old.name, args.detail,
                             total=total, budget=args.budget)
    if args.requests and args.format == "text":
        from .formats.reach import reach_text

        text += reach_text(shown)
    _write(args, text + impact_text(safe_copy(shown)) if args.usage and args.format == "text" else text)
    if args.redline:
        from .terms.redline import redline

        fmt = "html" if args.redline.lower().endswith((".html", ".htm")) else "markdown"
        page = redline(pair.old.value, pair.new.value, fmt=fmt, max_bytes=args.max_bytes)
        write_file(args.redline, page)
    if args.fail_on and report.blocking(Level(args.fail_on)):
        return 1
    return 0


def _diff_batch(args: argparse.Namespace) -> int:
    """`diff` of many pairs: one report, a section per spec, one exit code (2 when a spec could
    not be read, after the others were reported)."""
    from .batch import compare_all, default_jobs

    tasks = _batch_tasks(args)
    today = args.date or utc_today()
    batch = _keep(compare_all(tasks, _options(args, today), args.jobs or default_jobs(),
                              lambda report: _finish(args, report, today)))
    return _write_batch(args, batch)


def _batch_tasks(args: argparse.Namespace) -> list[Any]:
    """The pairs of `--pairs FILE`, or of two directories or glob patterns; what applies to
    one pair only is refused first."""
    from .pairs import tasks_for, tasks_from_list

    if args.pairs and (args.old or args.new):
        raise InputError("--pairs", "lists the pairs itself: leave OLD and NEW out")
    for option, given in (("--events", args.events), ("--usage", getattr(args, "usage", None)),
                          ("--requests", getattr(args, "requests", None)),
                          ("--redline", getattr(args, "redline", None)), ("-", "-" in (args.old, args.new))):
        if given:
            raise InputError(option, "applies to one pair of documents, not to many")
    _levels(args)
    return (tasks_from_list(args.pairs, args.kind) if args.pairs
            else tasks_for(args.old, args.new, args.include, args.kind))


def _options(args: argparse.Namespace, today: dt.date) -> Any:
    from .kinds import Options

    return Options(today=today, max_bytes=args.max_bytes, validate=args.validate,
                   successors=_successors(args), strip_prefix_base=args.strip_prefix_base,
                   strip_prefix_revision=args.strip_prefix_revision,
                   filter_extension=args.filter_extension)


def _write_batch(args: argparse.Namespace, batch: Any) -> int:
    """A batch in the format asked for, its unreadable pairs on stderr; the exit code."""
    from .formats import batch as joined
    from .formats import render_report
    from .formats.text import Filtered, render_text
    from .model import Report

    level = Level(args.level)
    budget = _budget_share(args, batch)

    def one(report: Report, spec: Any) -> str:
        total = Filtered(level, report.summary)
        if level is not Level.INFO:
            report = Report.from_changes(report.at_least(level), report.warnings)
        new, old = spec.new or spec.old, spec.old or spec.new
        if args.format == "text":
            return render_text(report, new, color=_color(args), detail=args.detail or "groups",
                               total=total)
        return render_report(args.format, report, new, old, args.detail, total=total, budget=budget)

    text = (joined.render_json(batch, args.detail == "groups") if args.format == "json"
            else joined.JOINS[args.format](batch, one))
    _write(args, text)
    return _batch_exit(batch, bool(args.fail_on) and batch.blocking(Level(args.fail_on)))


def _budget_share(args: argparse.Namespace, batch: Any) -> int | None:
    """`--budget` split evenly among the pairs a joined Markdown shows (at least the minimum)."""
    if not args.budget:
        return None
    shown = sum(1 for s in batch.specs if s.report is not None and s.report.changes)
    return max(MIN_BUDGET, args.budget // max(1, shown))


def _batch_exit(batch: Any, failed: bool) -> int:
    """Each unreadable pair as one line on stderr, then the exit code: 2 when there was one
    (the others are reported all the same), else 1 when the gate failed."""
    from .untrusted import one_line

    errors = [spec for spec in batch.specs if spec.status == "error"]
    for spec in errors:
        print(one_line(f"nosurprises: {spec.problem}"), file=sys.stderr)
    return 2 if errors else 1 if failed else 0


def _history(args: argparse.Namespace) -> int:
    """The changelog of every version pair of a spec (or folder) in git."""
    from .batch import compare_all, default_jobs
    from .history import tasks
    from .kinds import Options

    folder = os.path.isdir(args.spec)
    if not folder and not os.path.isfile(args.spec):
        raise InputError(args.spec, "no such file or folder")
    _levels(args)
    today = utc_today()
    options = Options(today=today, max_bytes=args.max_bytes)
    batch = _keep(compare_all(tasks(args.spec, args.since, folder=folder), options,
                              args.jobs or default_jobs(), lambda report: _finish(args, report, today)))
    return _write_batch(args, batch)


def _check(args: argparse.Namespace) -> int:
    from .policy import check, load_policy
    from .policy.base import base_problems
    from .policy.ledger import load_ledger
    from .policy.load import policy_label
    from .untrusted import one_line

    on = args.on or utc_today()
    if args.detail == "groups" and args.format == "json":
        raise InputError("--detail groups", "the JSON of check gives a verdict for each change; "
                                            "leave --detail out, or choose another --format")
    many = _many(args)
    policy, rules = load_policy(args.policy)
    ledger_source = args.ledger or ("notices.yaml" if Path("notices.yaml").exists() else None)
    ledger = load_ledger(ledger_source) if ledger_source else None
    ledger_problems, policy_problems = base_problems(
        ledger=ledger, ledger_source=ledger_source, policy=policy, rules=rules, policy_path=args.policy,
        policy_label=policy_label(args.policy), ledger_base=args.ledger_base, policy_base=args.policy_base,
        base_ref=args.base_ref)

    proofs = _proofs(args.require_delivery) if args.require_delivery else None

    def verdicts(report: Report) -> Any:
        # The verdicts rest on a rewritten ledger or a weakened policy: every format says so.
        return check(report, policy, rules, ledger, on, proofs).model_copy(update={
            "ledger_problems": ledger_problems, "policy_problems": policy_problems})

    if many:
        code = _check_batch(args, on, verdicts)
    else:
        pair = _pair(args)
        result = verdicts(_report(args, on, pair))
        new, old = (pair.new.name, pair.old.name) if pair else (args.new, args.old)
        _write(args, _check_text(args, result, new, old, args.budget))
        code = 1 if result.failed else 0
    for problem in ledger_problems + policy_problems:
        print(one_line(f"nosurprises: {problem}"), file=sys.stderr)
    return 1 if code == 0 and (ledger_problems or policy_problems) else code


def _proofs(paths: list[str]) -> Mapping[str, Any]:
    """What the outboxes and delivery journals at `paths` prove, by ledger entry id."""
    from .deliveries import JOURNAL, outcomes, read_journal
    from .notices.outbox import read_outbox
    from .policy.proof import entry_proofs, who

    owed: list[tuple[str, str]] = []
    ended: list[Any] = []
    for path in map(Path, paths):
        if path.is_dir():
            outbox = read_outbox(path)
            owed += [(m.notice, who(m.customer, m.key)) for m in outbox.messages]
            journal = path / JOURNAL
            if not journal.exists():
                continue  # nothing was sent yet: every customer is owed, none reached
        elif path.exists():
            journal = path
        else:
            raise InputError(str(path), "no such outbox folder or delivery journal (--require-delivery)")
        ended += outcomes(read_journal(journal)).values()
    return entry_proofs(owed, ended)


def _check_text(args: argparse.Namespace, result: Any, new: str | None, old: str | None,
                budget: int | None) -> str:
    """One check's verdicts in the format asked for."""
    from .formats import render_report
    from .formats.check import check_github, check_json, check_markdown, check_text, gate_report
    from .formats.check_pages import check_html, check_junit

    detail = args.detail or "groups"
    if args.format == "github":
        return check_github(result, new, old, detail=detail)
    if args.format in ("junit", "html"):  # the verdicts, each change at its own level
        return (check_html if args.format == "html" else check_junit)(result, new, old, detail=detail)
    if args.format == "sarif":
        return render_report(args.format, gate_report(result), new, old, detail)
    render = {"text": partial(check_text, color=_color(args), detail=detail), "json": check_json,
              "markdown": partial(check_markdown, detail=detail, **({"budget": budget} if budget else {}))}
    return render[args.format](result)


def _check_batch(args: argparse.Namespace, on: dt.date, verdicts: Callable[[Report], Any]) -> int:
    """`check` of many pairs: each pair's verdicts under the one policy and ledger, joined as
    `diff` joins its reports; exit 1 when any change may not ship, 2 when a pair is unreadable."""
    import orjson

    from .batch import compare_all, default_jobs
    from .formats import batch as joined

    tasks = _batch_tasks(args)
    batch = _keep(compare_all(tasks, _options(args, on), args.jobs or default_jobs(),
                              lambda report: _finish(args, report, on)))
    results = {spec.name: verdicts(spec.report) for spec in batch.specs if spec.report is not None}
    budget = _budget_share(args, batch)
    if args.format == "json":
        text = orjson.dumps({"specs": [
            {"name": s.name, "old": s.old, "new": s.new, "status": s.status, "problem": s.problem,
             "check": orjson.loads(_check_text(args, results[s.name], s.new, s.old, None))
             if s.name in results else None} for s in batch.specs],
            "failed": sum(bool(r.failed) for r in results.values())},
            option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"
    else:
        text = joined.JOINS[args.format](batch, lambda _report, spec: _check_text(
            args, results[spec.name], spec.new or spec.old, spec.old or spec.new, budget))
    _write(args, text)
    return _batch_exit(batch, any(r.failed for r in results.values()))


def _plan(args: argparse.Namespace) -> int:
    from .formats.check import plan_json, plan_text
    from .policy import load_policy, plan

    policy, rules = load_policy(args.policy)
    result = plan(_report(args, args.announce, _pair(args)), policy, rules, args.announce,
                  args.entry_id)
    _write(args, plan_text(result) if args.format == "text" else plan_json(result))
    return 0


def _notice(args: argparse.Namespace) -> int:
    """Build one `Notice`, then write it for each channel asked for."""
    from email.utils import getaddresses

    from .directory import load_directory
    from .notices import mail
    from .notices.channels import render as render_channel
    from .notices.customers import customer_mails
    from .notices.data import FILE as NOTICE_DATA
    from .notices.outbox import FILE as OUTBOX
    from .notices.outbox import Mail, outbox_of
    from .policy import load_policy
    from .pricing.impacts import with_usage
    from .terms.redline import redline
    from .untrusted import one_line

    if args.entry and (args.effective or args.summary):
        raise InputError("--entry", "takes its dates and summary from the ledger; drop --effective/--summary")
    if args.announce and args.ledger:
        raise InputError("--ledger", "goes with --entry; with --announce the dates come from the plan")
    for option in ("usage", "customers"):  # before any work, and before --changelog is written
        if getattr(args, option) and not args.out:
            raise InputError(f"--{option}", "writes one e-mail per customer: give --out DIR")
    if args.requests and not args.customers:
        raise InputError("--requests", "tells each customer only what their calls touch: give the "
                                       "customer directory too (--customers FILE)")
    settings = _request_settings(args)
    directory = load_directory(args.customers, max_bytes=args.max_bytes) if args.customers else None
    pair = _pair(args)
    policy, rules = load_policy(args.policy)
    notice, report, recorded, told_in = _build_notice(args, pair, policy, rules)
    for held in notice.later:
        print(one_line(f"nosurprises: not in this notice: [{held.change.rule}] {held.change.item or ''} "
                       f"takes effect on {held.effective}; announce it from {held.announce_from}"),
              file=sys.stderr)
    if not notice.changes:
        raise InputError(f"{args.old} -> {args.new}" if args.old else args.events,
                         f"has no change at level {args.level} or above to announce")
    if args.release:
        if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}", args.release):
            raise InputError("--release", f"{args.release!r} is not a version (letters, digits, "
                             "`.`, `+`, `_`, `-`, e.g. 2.1.0)")
        notice = notice.model_copy(update={"release": args.release})
    channels = _channels(args.channel, recorded)
    if args.changelog:
        _update_changelog(Path(args.changelog), notice)
        channels = [c for c in channels if c != "changelog"]
        if not channels:
            return 0
    if not args.out and len(channels) > 1:
        raise InputError("--channel", f"{len(channels)} channels ({', '.join(channels)}) need --out DIR "
                                      "(one file each); or choose one with --channel")
    # Terms: customers should read the changed words, not only a summary of them.
    attachments = [("redline.html", redline(pair.old.value, pair.new.value, fmt="html",
                                            max_bytes=args.max_bytes))
                   ] if pair and "redline" in pair.kind.options else []
    headers = mail.Headers(tuple(args.to), args.dated, args.unsubscribe)
    files = [(mail.FILE, mail.render(notice, attachments, args.sender, headers)) if c == "email"
             else render_channel(notice, c) for c in channels]
    if not args.out:
        _write(args, files[0][1])
        return 0
    files += attachments
    mails: list[Mail] = []  # what `send` delivers
    if args.usage and pair:
        impacts = with_usage(report, pair.old.value, pair.new.value, args.usage,
                             successors=_successors(args), max_bytes=args.max_bytes).impact
        mails = customer_mails(notice, impacts, args.sender, headers, directory, told_in)
        _unaddressed(mails, directory)
    elif directory is not None:
        mails = _directory_mails(args, notice, directory, told_in, attachments, headers, policy,
                                 _touches(args, report, pair, directory, settings))
    files += [(m.file, m.text) for m in mails]
    to = tuple(address for _, address in getaddresses(list(headers.to)) if address)  # bare, for SMTP
    general = [Mail(None, name, text, to, notice.locale) for name, text in files if name == mail.FILE and to]
    if mails or general:  # someone to deliver to: the outbox `send` reads
        data = NOTICE_DATA if any(name == NOTICE_DATA for name, _ in files) else None
        outbox = outbox_of(notice.id, notice.announced, notice.effective, general + mails, data)
        files.append((OUTBOX, outbox.model_dump_json(indent=2) + "\n"))
    _write_files(Path(args.out), files)
    return 0


def _touches(args: argparse.Namespace, report: Report, pair: Pair | None, directory: Directory,
             settings: tuple[Any, Any] | None) -> dict[str, list[Any]] | None:
    """`notice --requests`: customer -> the changes their calls touch (None without a log)."""
    if settings is None:
        return None
    from .notices.audience import change_key
    from .targeting.reached import customers_of
    from .untrusted import one_line

    reached = _with_requests(args, report, pair, settings).reach  # type: ignore[attr-defined]
    touches = {customer: [change_key(report.changes[i]) for i in found]
               for customer, found in customers_of(reached).items()}
    missing = [c for c in touches if directory.get(c) is None]
    if missing:
        print(one_line(f"nosurprises: warning: {len(missing):,} customer(s) of {args.requests} that the "
                       f"changes reach are not in {directory.name} and get no copy: {_listed(missing)}"),
              file=sys.stderr)
    return touches


def _directory_mails(args: argparse.Namespace, notice: Notice, directory: Directory,
                     told_in: Callable[[str], Notice], attachments: list[tuple[str, str]],
                     headers: Any, policy: Any, touches: Mapping[str, list[Any]] | None = None
                     ) -> list[Any]:
    """The e-mail of each customer of the directory in the notice's audience, in their
    language, to their addresses; customers left out, and customers with no address (whose
    e-mail has no `To`), are said on standard error."""
    from .notices.audience import audience, audience_mails
    from .policy.days import days_between
    from .untrusted import one_line

    chosen = audience(notice, directory, in_locale=told_in, touches=touches,
                      everyone=lambda change: policy.tells_everyone(change.rule),
                      days=lambda a, b: days_between(a, b, policy.days))
    mails = audience_mails(chosen, attachments, args.sender, headers)
    for customer, days in chosen.short:
        print(one_line(f"nosurprises: warning: customer {customer}'s contract promises {days} days' notice; "
                       f"this notice gives {notice.notice_days} (effective {notice.effective})"),
              file=sys.stderr)
    if not chosen.recipients and not chosen.not_touched:
        print(one_line(f"nosurprises: warning: no customer of {directory.name} is in the notice's audience "
                       f"({', '.join(notice.audience)}): no customer gets a copy"), file=sys.stderr)
    if touches is not None and chosen.not_touched:
        print(one_line(f"nosurprises: {len(chosen.not_touched):,} customer(s) of {directory.name} call none "
                       f"of the affected operations in {args.requests} and are not told: "
                       f"{_listed(chosen.not_touched)}"), file=sys.stderr)
    if chosen.unreachable:
        print(one_line(f"nosurprises: warning: {len(chosen.unreachable):,} customer(s) of {directory.name} "
                       f"have no e-mail address; their e-mails have no To: {_listed(chosen.unreachable)}"),
              file=sys.stderr)
    return mails


def _unaddressed(mails: list[Mail], directory: Directory | None) -> None:
    """The price e-mails written to no address (`notice --usage --customers`): customers of
    the usage file the directory lacks, and listed ones without an address (a customer id
    that is itself an address is written to it)."""
    if directory is None:
        return
    from .untrusted import one_line

    nowhere = [m.customer for m in mails if not m.to and m.customer is not None]
    missing = [c for c in nowhere if directory.get(c) is None]
    if missing:
        print(one_line(f"nosurprises: warning: {len(missing):,} affected customer(s) are not in "
                       f"{directory.name}; their e-mails have no To: {_listed(missing)}"), file=sys.stderr)
    bare = [c for c in nowhere if directory.get(c) is not None]
    if bare:
        print(one_line(f"nosurprises: warning: {len(bare):,} affected customer(s) of {directory.name} "
                       f"have no e-mail address; their e-mails have no To: {_listed(bare)}"),
              file=sys.stderr)


def _listed(names: list[str]) -> str:
    from .words import fold

    return fold(names, 10)


def _update_changelog(path: Path, notice: Notice) -> None:
    """The notice's changelog section added to `path` in place (made if missing); printed."""
    from .notices import changelog

    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else None
    except UnicodeDecodeError:
        raise InputError(str(path), "is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    text = changelog.new_file(notice) if existing is None else changelog.merge(existing, notice)
    write_file(path, text)
    _print(f"{path}\n")


def _build_notice(args: argparse.Namespace, pair: Pair | None, policy: Any, rules: list[Any]
                  ) -> tuple[Notice, Report, list[str] | None, Callable[[str], Notice]]:
    """The notice (from the ledger entry or a plan), the report it tells, the entry's channels,
    and the same notice in another locale (for each customer's language: not compared again)."""
    from .notices import from_entry, from_plan
    from .policy import plan
    from .policy.ledger import load_ledger

    locale, level = check_locale(args.locale, "--locale"), Level(args.level)
    product = args.product or _product(pair)
    if args.entry:
        source = args.ledger or "notices.yaml"
        entry = load_ledger(source).entry(args.entry)
        if entry is None:
            raise InputError(source, f"has no entry with id {args.entry!r}")
        report = _report(args, entry.effective, pair)

        def told_in(loc: str) -> Notice:
            return from_entry(report, entry, product=product, url=args.url, contact=args.contact,
                              locale=loc, level=level)

        notice = told_in(locale)
        _warn_short(notice, entry, policy, rules)
        return notice, report, list(entry.channels), told_in
    report = _report(args, args.announce, pair)
    result = plan(report, policy, rules, args.announce)

    def planned_in(loc: str) -> Notice:
        return from_plan(report, result, product=product, effective=args.effective, summary=args.summary,
                         url=args.url, contact=args.contact, locale=loc, level=level, days=policy.days)

    return planned_in(locale), report, None, planned_in


def _warn_short(notice: Notice, entry: Any, policy: Any, rules: list[Any]) -> None:
    """A notice that gives less time than the policy asks would itself be a surprise: it is
    still rendered (it may already have gone out), with a line saying what `check` will say."""
    from .model import Report
    from .policy import check
    from .policy.ledger import Ledger
    from .untrusted import one_line

    told = Report.from_changes([c.change for c in notice.changes])
    for v in check(told, policy, rules, Ledger(notices=[entry]), entry.effective).failed:
        print(one_line(f"nosurprises: warning: entry {entry.id}, [{v.change.rule}] "
                       f"{v.change.operation or v.change.item or ''}: {v.status.value} ({v.reason}); "
                       "`check` will fail on it"), file=sys.stderr)


def _channels(asked: list[str] | None, recorded: list[str] | None) -> list[str]:
    if asked:
        return list(CHANNELS) if "all" in asked else list(dict.fromkeys(asked))
    known = [c for c in recorded or [] if c in CHANNELS]
    return known or list(DEFAULT_CHANNELS)


def _product(pair: Pair | None) -> str:
    """The product name customers know: an OpenAPI `info.title`, or a price book's `product`
    (else its `provider`)."""
    name = pair.product() if pair else None
    if name:
        return name
    raise InputError("--product", "say what customers call the product, e.g. --product 'Pets API'")


def _write_files(folder: Path, files: list[tuple[str, str]]) -> None:
    _print("".join(f"{path}\n" for path in write_files(folder, files)))


def _write(args: argparse.Namespace, text: str) -> None:
    if not args.output:
        _print(text)
        return
    write_file(args.output, text)


def _rules(args: argparse.Namespace) -> int:
    import orjson

    from .rules import CATALOG, match_rules

    if args.explain:
        rule = CATALOG.get(args.explain)
        if rule is None:
            close = [r.id for r in match_rules(f"*{args.explain.split('.')[-1]}*")][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise InputError(args.explain, f"no such rule{hint}")
        return _print(explain(rule) if args.format == "text" else
                      orjson.dumps(_rule_dict(rule), option=orjson.OPT_INDENT_2).decode() + "\n")
    rules = match_rules(args.pattern)
    if not rules:
        raise InputError(args.pattern, "no rule id matches this pattern")
    if args.format == "json":
        return _print(orjson.dumps([_rule_dict(r) for r in rules],
                                   option=orjson.OPT_INDENT_2).decode() + "\n")
    if args.format == "markdown":
        return _print(rules_markdown(rules))
    width = max(len(r.id) for r in rules)
    color = _color(args)
    return _print("".join(f"{r.id:<{width}}  {paint(f'{r.level.value:<8}', STYLE[r.level], color)}  "
                          f"{r.title}\n" for r in rules))


def explain(rule: Rule) -> str:
    """A rule's page: what it detects, why it matters, what to do, an example."""
    return (f"{rule.id} ({rule.level.value})\n\n{rule.title}.\n\n"
            f"What it detects: {rule.message.format_map(_Placeholders())}\n\n"
            f"Why it matters: {rule.why}\n\nWhat to do: {rule.hint}\n\nExample: {rule.example}\n\n"
            f"Customers read: {_sentence(rule.customer)}\n\n"
            f"What customers can do: {rule.todo.format_map(_Placeholders())}\n")


def rules_markdown(rules: list[Rule]) -> str:
    """The rule reference of the docs, generated from the catalog so it cannot drift."""
    from . import docgen

    lines = ["# Rule reference", "",
             "Generated by `nosurprises rules --format markdown > docs/rules.md`; do not edit.",
             "", f"{len(rules)} rules. Levels: `breaking` (an existing customer loses something "
             "without doing anything), `warning` (may hurt some customers), `info` (harmless).",
             "", "How they score against oasdiff's own checker tests, level by level, and where "
             "they deliberately differ from it and why: [Compared with oasdiff](oasdiff.md).",
             "", "| Rule | Level | Title |", "|---|---|---|"]
    lines += [f"| [`{r.id}`](#{r.id.replace('.', '')}) | {r.level.value} | {r.title} |"
              for r in rules]
    for r in rules:
        lines += ["", f"## {r.id}", "", f"**{r.title}** — default level `{r.level.value}`.", "",
                  f"*What it detects:* {r.message.format_map(_Placeholders())}", "",
                  f"*Why it matters:* {r.why}", "", f"*What to do:* {r.hint}", "",
                  f"*Example:* {r.example}", "",
                  f"*Customers read:* {_sentence(r.customer)}", "",
                  f"*What customers can do:* {r.todo.format_map(_Placeholders())}"]
    return docgen.literal_angles("\n".join(lines)) + "\n"


def _sentence(template: str) -> str:
    """A template with its facts as placeholders, starting as a sentence does."""
    text = template.format_map(_Placeholders())
    return text[:1].upper() + text[1:]


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        # `reason` and `others` are optional clauses ("; the provider gains ..."), absent here.
        known = {"operation": "an operation", "target": "a schema", "reason": "", "others": ""}
        return known.get(key, f"<{key}>")


def _rule_dict(rule: Rule) -> dict[str, str]:
    return {"id": rule.id, "level": rule.level.value, "subject": rule.subject.value,
            "title": rule.title, "why": rule.why, "hint": rule.hint, "example": rule.example,
            "scope": rule.scope, "effect": rule.effect.value, "document": rule.document,
            "customer": rule.customer, "todo": rule.todo}


def _print(text: str) -> int:
    write_stdout(text)
    return 0


if __name__ == "__main__":
    run()
