"""Generated parts of hand-written docs pages: the text between two markers.

Reference tables (policy, price book, events, ledger) are rendered from the models, so
they cannot drift from the code; the prose around them stays hand-written. The drift tests
compare `generated_part(page, name)` with what the code renders now.
"""

from __future__ import annotations

END = "<!-- END GENERATED -->"


def begin(name: str) -> str:
    """The opening marker of the block rendered by function `name` (e.g. `policy_reference`)."""
    return f"<!-- BEGIN GENERATED: {name}() -->"


def generated_part(text: str, name: str) -> str:
    """What sits between the markers of block `name` in a page."""
    return text.split(begin(name), 1)[1].split(END, 1)[0].strip("\n") + "\n"


def with_generated(text: str, name: str, rendered: str) -> str:
    """The page with block `name` replaced by `rendered`, the rest as written."""
    head, marker, rest = text.partition(begin(name))
    _, end, tail = rest.partition(END)
    if not marker or not end:
        raise ValueError(f"the page has no generated block for {name}() (BEGIN/END markers)")
    return f"{head}{marker}\n\n{rendered.rstrip(chr(10))}\n{END}{tail}"


def cell(text: str) -> str:
    """A Markdown table cell: a `|` would end the cell, a newline the row."""
    return text.replace("|", "\\|").replace("\n", " ")


def rewrite_page(path: str, name: str, rendered: str) -> None:
    """Regenerate block `name` of the page at `path` in place (the docs' regeneration step)."""
    from pathlib import Path

    page = Path(path)
    page.write_text(with_generated(page.read_text(encoding="utf-8"), name, rendered), encoding="utf-8")
