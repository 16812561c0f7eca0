"""Terms of service and policy documents: sections, sentence-level changes, topic classification."""

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .compare import compare_terms
    from .document import Section, parse_sections

__getattr__, __dir__ = exports(__name__, {
    "compare_terms": ".compare:compare_terms",
    "Section": ".document:Section",
    "parse_sections": ".document:parse_sections",
}, globals())

__all__ = ["Section", "compare_terms", "parse_sections"]
