"""Proof of notice: what the delivery journals say reached whom, per ledger entry.

The ledger's `announced` date is the provider's own claim. `check --require-delivery` asks the
journals that `nosurprises send` writes instead: an entry counts as announced to a customer
from the day a delivery to them succeeded, and as announced at all only once it reached every
customer its outbox addressed (the last of them starts the clock). A customer whose every
delivery failed, or whose delivery never happened or ended with an unknown outcome, keeps the
entry from announcing anything, and is named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..deliveries import Outcome
from .gate import Delivered, Failed


@dataclass(frozen=True, slots=True)
class EntryProof:
    """The deliveries of one ledger entry's outbox."""

    entry: str
    owed: tuple[str, ...]
    """Every customer the outbox addressed (the general copy counts as one, by its key)."""
    delivered: Mapping[str, dt.datetime]
    """Customer -> the first time a delivery to them succeeded (aware, UTC)."""
    failed: Mapping[str, str]
    """Customer -> the last error, for customers never reached whose deliveries failed."""

    @property
    def owed_count(self) -> int:
        return len(self.owed)

    @property
    def never_sent(self) -> list[str]:
        return [c for c in self.owed if c not in self.delivered and c not in self.failed]

    @property
    def last_delivered(self) -> dt.date | None:
        """The day (UTC) the last owed customer was reached; None while anyone is not."""
        if not self.owed or any(c not in self.delivered for c in self.owed):
            return None
        return max(self.delivered[c] for c in self.owed).astimezone(dt.UTC).date()

    def summary(self) -> Delivered:
        failed = [Failed(customer=c, error=self.failed[c]) for c in self.owed
                  if c not in self.delivered and c in self.failed]
        return Delivered(entry=self.entry, owed=len(self.owed),
                         delivered=sum(c in self.delivered for c in self.owed),
                         last_delivered=self.last_delivered, failed=failed, never_sent=self.never_sent)


def who(customer: str | None, key: str) -> str:
    """How a message's addressee is named: the customer, else (the general copy) its key."""
    return customer if customer else key


def entry_proofs(owed: Iterable[tuple[str, str]], ended: Iterable[Outcome]) -> dict[str, EntryProof]:
    """The proof of each entry: `owed` holds (notice id, addressee) for every message the
    outboxes addressed (an addressee the journal alone names is owed too); `ended` how each
    message's deliveries ended (`deliveries.outcomes`). A customer counts as reached from
    the first success of any of their messages, on any channel."""
    owing: dict[str, dict[str, None]] = {}
    for notice, name in owed:
        owing.setdefault(notice, {})[name] = None
    reached: dict[str, dict[str, dt.datetime]] = {}
    failed: dict[str, dict[str, str]] = {}
    for o in ended:
        name = who(o.customer, o.key)
        owing.setdefault(o.notice, {})[name] = None
        if o.sent_at is not None:
            mine = reached.setdefault(o.notice, {})
            mine[name] = min(mine.get(name, o.sent_at), o.sent_at)
        elif o.last_state == "failed":
            failed.setdefault(o.notice, {})[name] = o.error or "failed"
    return {notice: EntryProof(notice, tuple(names), reached.get(notice, {}),
                               {c: e for c, e in failed.get(notice, {}).items()
                                if c not in reached.get(notice, {})})
            for notice, names in owing.items()}
