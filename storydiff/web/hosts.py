"""Which host names are this machine's own: the listening address check of ``storydiff
serve`` and the ``Host`` check of a server without a token (:class:`storydiff.web.guards.LoopbackHost`).

No FastAPI here: the command line checks ``--host`` before it imports the web app.
"""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 in brackets or not) is this machine only."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_of(header: str) -> str:
    """The host part of a ``Host`` header or an origin's authority: ``[::1]:8000`` -> ``[::1]``."""
    value = header.strip()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value
