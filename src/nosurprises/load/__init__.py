"""Loading: safe readers and lazy `$ref` resolution (the first stage of the flow)."""

from .gcpause import cyclic_gc_paused
from .refs import Node, Resolver
from .source import MAX_BYTES, Document, load_document, parse_bytes, read_file

__all__ = ["MAX_BYTES", "Document", "Node", "Resolver", "cyclic_gc_paused", "load_document",
           "parse_bytes", "read_file"]
