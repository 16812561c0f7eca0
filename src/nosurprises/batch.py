"""Many document pairs in one run: an API platform's hundreds of specs, paired by their path.

`diff` takes two directories (files paired by their path relative to each), two glob patterns
(`'old/**/*.yaml' 'new/**/*.yaml'`, paired by the path below each pattern's fixed part), or a
list file (`--pairs FILE`). Each pair is compared as `diff OLD NEW` would compare it, in this
process or on `--jobs N` processes, and the results form one `BatchReport`: a section per
spec, one summary, one exit code. One process instead of one per pair is what makes it fast:
a pair of small specs takes milliseconds to compare and a few hundred to start Python for.

A spec in the old tree only was removed: its customers lose every operation, so it is compared
with an empty document of its version (every operation reported removed); one in the new tree
only is compared the other way (every operation added). A file that is no document nosurprises
compares (a config file beside the specs) is skipped and said so; one that cannot be read is an
error of its own entry (one line naming it) and the others are still compared.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from .errors import InputError
from .kinds import KINDS, Options, kind_of_data, load_pair
from .load.source import load_document
from .model import Report, Summary
from .pairs import Task as Task  # re-exported: what compare_one takes

Status = Literal["compared", "added", "removed", "skipped", "error"]


class SpecResult(BaseModel):
    """One pair of a batch: its name, both sides as given, and what came of comparing them."""

    name: str = Field(description="The pair's name: its path relative to the compared trees, "
                                  "or the list file's `name` (else the new document's path).")
    old: str | None = Field(description="The old document, or None when the spec is new.")
    new: str | None = Field(description="The new document, or None when the spec was removed.")
    status: Status = Field(description="`compared` (both sides), `added` (compared with an "
                           "empty document: every operation added), `removed` (every operation "
                           "removed), `skipped` (not a document nosurprises compares) or "
                           "`error` (could not be read; see `problem`).")
    report: Report | None = Field(default=None, description="The report of this pair, as "
                                  "`nosurprises diff OLD NEW --format json` gives it.")
    problem: str | None = Field(default=None, description="Why the pair was skipped or failed, "
                                "in one line naming the file.")


class BatchCounts(BaseModel):
    """How many pairs came to each end."""

    specs: int = 0
    changed: int = Field(default=0, description="Pairs with at least one change.")
    unchanged: int = 0
    added: int = 0
    removed: int = 0
    skipped: int = 0
    errors: int = 0


class BatchReport(BaseModel):
    """Every pair of one run and the totals over all of them (`nosurprises schema batch`)."""

    specs: list[SpecResult] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary, description="The changes of every pair, "
                             "counted per level as one report's summary counts them.")
    counts: BatchCounts = Field(default_factory=BatchCounts)

    @classmethod
    def of(cls, results: Sequence[SpecResult]) -> BatchReport:
        reports = [r.report for r in results if r.report is not None]
        total = Summary(**{field: sum(getattr(r.summary, field) for r in reports)
                           for field in Summary.model_fields})
        counts = BatchCounts(
            specs=len(results), added=sum(r.status == "added" for r in results),
            removed=sum(r.status == "removed" for r in results),
            skipped=sum(r.status == "skipped" for r in results),
            errors=sum(r.status == "error" for r in results),
            changed=sum(bool(r.report.changes) for r in results if r.report is not None),
            unchanged=sum(not r.report.changes for r in results if r.report is not None))
        return cls(specs=list(results), summary=total, counts=counts)

    def blocking(self, level: Any) -> bool:
        """Whether any pair holds a change at `level` or worse that no acceptance waives."""
        return any(r.report.blocking(level) for r in self.specs if r.report is not None)


# --- comparing them ----------------------------------------------------------------------------


def compare_one(task: Task, options: Options) -> SpecResult:
    """One pair, compared as `diff OLD NEW` compares it; a problem with its files is its own
    entry's `problem`, so one broken spec does not hide the report of the others."""
    try:
        if task.old is not None and task.new is not None:
            status: Status = "compared"
            pair = load_pair(task.old, task.new, kind=task.kind, max_bytes=options.max_bytes)
        else:
            present = task.old if task.old is not None else task.new
            assert present is not None
            status = "removed" if task.new is None else "added"
            doc = load_document(present, max_bytes=options.max_bytes)
            found = kind_of_data(doc.data) if task.kind == "auto" else task.kind
            if found != "openapi":
                return _skipped(task, present, found)
            empty = _empty_like(doc.data)
            sides = (doc, empty) if status == "removed" else (empty, doc)
            pair = load_pair(*sides, kind="openapi", max_bytes=options.max_bytes)
        if task.kind == "auto" and status == "compared" and not _known(pair):
            for side in (task.old, task.new):  # unreadable is an error, not "not a spec"
                load_document(side, max_bytes=options.max_bytes)
            return _skipped(task, task.new or "", None)
        report = pair.compare(options)
    except InputError as exc:
        return SpecResult(name=task.name, old=task.old, new=task.new, status="error",
                          problem=str(exc))
    return SpecResult(name=task.name, old=task.old, new=task.new, status=status, report=report)


def _known(pair: Any) -> bool:
    """Whether the documents are of the kind they were compared as (not a YAML file of another
    tool, compared as OpenAPI for want of a kind)."""
    value = pair.new.value
    data = getattr(value, "data", None)
    return pair.kind.name != "openapi" or kind_of_data(data) == "openapi"


def _skipped(task: Task, path: str, kind: str | None) -> SpecResult:
    what = KINDS[kind].what if kind else "no document nosurprises compares"
    why = ("is only on one side, and only OpenAPI documents are compared with an empty one"
           if kind else "is " + what)
    return SpecResult(name=task.name, old=task.old, new=task.new, status="skipped",
                      problem=f"{path}: {why}")


def _empty_like(data: Any) -> dict[str, Any]:
    """An OpenAPI document of the same version and title with no operation: what a removed
    spec is compared with, so each of its operations is reported removed."""
    version = {key: data[key] for key in ("openapi", "swagger") if key in data}
    return {**version, "info": data.get("info") or {"title": "", "version": ""}, "paths": {}}


def compare_all(tasks: Sequence[Task], options: Options, jobs: int = 1,
                finish: Callable[[Report], Report] = lambda r: r) -> BatchReport:
    """Every pair, on `jobs` processes (1: this one), then `finish` (the selection of
    `--ignore`, `--set-level`, acceptances) applied to each report, in the pairs' order."""
    results = list(_run(tasks, options, jobs))
    finished = [r.model_copy(update={"report": finish(r.report)}) if r.report is not None else r
                for r in results]
    return BatchReport.of(finished)


def _run(tasks: Sequence[Task], options: Options, jobs: int) -> Iterable[SpecResult]:
    if jobs <= 1 or len(tasks) <= 1:
        return [compare_one(task, options) for task in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # imported here: most runs have one pair

    # fork: each worker starts with this process's imports done (a worker that imports them
    # again costs more than the small pairs it compares); the pairs go in chunks.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                          else None)
    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(compare_one, tasks, [options] * len(tasks),
                             chunksize=max(1, len(tasks) // (workers * 4))))


def default_jobs() -> int:
    """`--jobs 0`: as many processes as this process may use cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
