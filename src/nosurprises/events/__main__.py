"""`python -m nosurprises.events docs/events.md`: regenerate the reference of the page."""

import sys

from .schema import main

raise SystemExit(main(sys.argv[1:]))
