"""API usage targeting: which customers each change reaches, from request logs.

    import nosurprises.targeting as targeting
    calls = targeting.read_requests("access.log")                    # CLF, JSON lines, CSV, Parquet
    found = targeting.reach(report, targeting.spec_templates(old, new), calls)
    targeting.changes_for(found, report, "acme")                     # what acme's notice tells

`requests.py` reads the logs (the exact scan), `engine.py` reads large ones with DuckDB,
`paths.py` matches logged paths to the spec's templates, `reached.py` says whom each change
reaches, `report.py` is what `diff --requests` writes.
"""

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .engine import read_requests
    from .paths import Templates, spec_templates
    from .reached import Caller, ChangeReach, CustomerReach, OperationReach, Reach, changes_for, reach
    from .report import ReachReport, window_of, with_requests
    from .requests import Call, Fields, Requests, Tally, Window, calls

__getattr__, __dir__ = exports(__name__, {
    "read_requests": ".engine:read_requests",
    "Templates": ".paths:Templates",
    "spec_templates": ".paths:spec_templates",
    **{name: ".reached:" + name for name in ("Caller", "ChangeReach", "CustomerReach", "OperationReach",
                                            "Reach", "changes_for", "reach")},
    **{name: ".report:" + name for name in ("ReachReport", "window_of", "with_requests")},
    **{name: ".requests:" + name for name in ("Call", "Fields", "Requests", "Tally", "Window", "calls")},
}, globals())

__all__ = [
    "Call",
    "Caller",
    "ChangeReach",
    "CustomerReach",
    "Fields",
    "OperationReach",
    "Reach",
    "ReachReport",
    "Requests",
    "Tally",
    "Templates",
    "Window",
    "calls",
    "changes_for",
    "reach",
    "read_requests",
    "spec_templates",
    "window_of",
    "with_requests",
]
