"""Terms of service and policy documents: sections, sentence-level changes, topic classification."""

from .compare import compare_terms
from .document import Section, parse_sections

__all__ = ["Section", "compare_terms", "parse_sections"]
