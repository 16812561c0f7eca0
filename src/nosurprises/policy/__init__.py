"""Notice policy: windows per change, packs, the announcement ledger, the gate and plans."""

from .gate import CheckReport, Status, Verdict, check
from .load import load_pack, load_policy, pack_names
from .model import NoticeRule, Policy, Window, window_for
from .plan import Plan, plan

__all__ = ["CheckReport", "NoticeRule", "Plan", "Policy", "Status", "Verdict", "Window", "check",
           "load_pack", "load_policy", "pack_names", "plan", "window_for"]
