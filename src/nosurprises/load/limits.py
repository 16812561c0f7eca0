"""The size limits of what is read, in a module that imports nothing: the command line's
parser states them in its help without importing a parser of documents."""

MAX_BYTES = 64 * 1024 * 1024
"""Largest document read by default (the biggest real spec in the corpus is 13 MB)."""
LINES_MAX_BYTES = 4 * 1024 * 1024
"""Largest document whose lines are looked up for annotations (`load/lines.py`)."""
MAX_DEPTH = 256
"""Deepest nesting of YAML mappings and sequences accepted (real specs stay below 40)."""
