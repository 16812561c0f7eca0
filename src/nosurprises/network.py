"""What every connection the tool makes keeps to (SMTP, webhooks, the GitHub API): clear text
only to this machine, and no redirect followed, since a redirect would carry a token or a
customer's notice on to wherever it points."""

from __future__ import annotations

import urllib.request
from typing import Any

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
"""The hosts that are this machine: the only ones spoken to in clear text."""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx is answered as it is, an `HTTPError`: never followed."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
