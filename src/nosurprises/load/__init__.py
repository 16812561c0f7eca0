"""Loading: safe readers and lazy `$ref` resolution (the first stage of the flow)."""

from typing import TYPE_CHECKING

from ..lazy import exports
from .gcpause import cyclic_gc_paused
from .limits import MAX_BYTES

if TYPE_CHECKING:
    from .refs import Node, Resolver
    from .source import Document, load_document, parse_bytes, read_file

__getattr__, __dir__ = exports(__name__, {
    "Node": ".refs:Node", "Resolver": ".refs:Resolver",
    **{name: f".source:{name}" for name in ("Document", "load_document", "parse_bytes", "read_file")}},
    globals())

__all__ = ["MAX_BYTES", "Document", "Node", "Resolver", "cyclic_gc_paused", "load_document",
           "parse_bytes", "read_file"]
