"""Loading: safe readers and lazy `$ref` resolution (the first stage of the flow)."""

from .refs import Node, Resolver
from .source import MAX_BYTES, Document, load_document, parse_bytes, read_file

__all__ = ["MAX_BYTES", "Document", "Node", "Resolver", "load_document", "parse_bytes", "read_file"]
