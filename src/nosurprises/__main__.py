"""`python -m nosurprises` is the `nosurprises` command (works without the script on PATH)."""

from .cli import run

run()
