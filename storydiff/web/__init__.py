"""The web app of ``storydiff serve`` (needs the ``web`` extra: pip install 'storydiff[web]').

``create_app(db)`` builds it; see ``docs/web.md`` for the pages, the JSON API, auth and
limits. It is imported on first use, so ``storydiff.web.hosts`` (which the command line
needs before it knows whether the extra is installed) imports without FastAPI.
"""

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        # FastAPI is the optional extra storydiff[web] (see the module docstring).
        from storydiff.web.app import create_app

        return create_app
    raise AttributeError(f"module 'storydiff.web' has no attribute {name!r}")
