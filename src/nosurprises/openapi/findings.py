"""What a schema comparison yields: a change inside a schema, relative to that schema.

A `SchemaFinding` names its kind (`rules.SchemaKind`: one kind, a rule in each direction)
and the property path from the compared schema; `operation.py` makes it a `Finding` of one
operation (`finding.py`) by the place the schema has in it. Memoised per schema pair and
direction, one comparison serves every operation that reaches the schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..finding import milder
from ..model import Level

if TYPE_CHECKING:
    from .rules import SchemaKind


@dataclass(frozen=True, slots=True)
class SchemaFinding:
    """A change inside a schema, relative to the schema that was compared."""

    kind: SchemaKind
    path: tuple[str, ...]
    location: str
    before: Any = None
    after: Any = None
    value: Any = None
    cap: Level | None = None
    """The most severe level this may have (a draft property's changes are info)."""
    document: Literal["old", "new"] | None = None
    """The document `location` points into (a keyword only the old schema writes, such as a
    removed `format`, is in the old one); None: the one its rule says."""

    def under(self, step: str, cap: Level | None = None) -> SchemaFinding:
        """The same finding seen from the parent schema, one `step` further out."""
        return SchemaFinding(self.kind, (step, *self.path), self.location, self.before,
                             self.after, self.value, milder(self.cap, cap), self.document)
