"""The web app of ``storydiff serve`` (needs the ``web`` extra: pip install 'storydiff[web]').

``create_app(db)`` builds it; see ``docs/web.md`` for the pages, the JSON API, auth and
limits.
"""

from storydiff.web.app import create_app

__all__ = ["create_app"]
