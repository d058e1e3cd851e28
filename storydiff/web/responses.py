"""HTML or JSON for one page, and the one shape every error has.

Every page has a JSON twin, datasette-style: the same path with a ``.json`` suffix, or the
plain path with ``Accept: application/json``. HTML responses carry a
``Link: <...json>; rel="alternate"; type="application/json"`` header and JSON responses the
reverse link to their page. Errors are ``{"ok": false, "error": ..., "status": ...}`` as
JSON, or the error page as HTML.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any, Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

JSON_TYPE = "application/json"


def wants_json(request: Request) -> bool:
    """Whether this request asked for the JSON twin (``.json`` path or ``Accept``).

    ``Accept`` counts only when JSON is preferred over HTML, so a browser's
    ``text/html,...,*/*`` never gets JSON.
    """
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    if not accept:
        return False
    best_json, best_html = -1.0, -1.0
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        kind, q = pieces[0].lower(), 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if kind == JSON_TYPE:
            best_json = max(best_json, q)
        elif kind in ("text/html", "application/xhtml+xml"):
            best_html = max(best_html, q)
    return best_json > 0 and best_json >= best_html


def html_path(request: Request) -> str:
    """The path of the HTML page for this request (without any ``.json``)."""
    path = request.url.path
    if path == "/index.json":
        return "/"
    return path[: -len(".json")] if path.endswith(".json") else path


def json_path(request: Request) -> str:
    """The path of this page's JSON twin (``/index.json`` for ``/``)."""
    path = html_path(request)
    return "/index.json" if path == "/" else path + ".json"


class PageCache:
    """Rendered bodies of pages that never change (a saved comparison's report and
    articles), newest ``size`` kept. Rendering a 50-finding report takes ~50 ms of CPU;
    under bench/web_load.py's 20 readers that queued requests for seconds, and a cached
    body is served in about a millisecond. A story's page is kept under its revision
    (ingest may add to the story, which gives it a new one).
    """

    def __init__(self, size: int = 256):
        self.size = size
        self._bodies: OrderedDict[tuple[str, bool], tuple[bytes, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, bool]) -> tuple[bytes, int] | None:
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
            return found

    def put(self, key: tuple[str, bool], body: bytes, status: int) -> None:
        with self._lock:
            self._bodies[key] = (body, status)
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)


def _cache_key(request: Request, version: str | None) -> tuple[str, bool]:
    return (html_path(request) + (f"#{version}" if version else ""), wants_json(request))


def cached_page(request: Request, version: str | None = None) -> Response | None:
    """This page's kept body (``page(..., cache=True)`` rendered it before), or None."""
    pages: PageCache | None = getattr(request.app.state, "pages", None)
    if pages is None:
        return None
    key = _cache_key(request, version)
    found = pages.get(key)
    if found is None:
        return None
    body, status = found
    as_json = key[1]
    media = "application/json" if as_json else "text/html; charset=utf-8"
    return _linked(Response(body, status_code=status, media_type=media), request, as_json)


def _linked(response: Response, request: Request, as_json: bool) -> Response:
    if as_json:
        response.headers["Link"] = f'<{html_path(request)}>; rel="alternate"; type="text/html"'
    else:
        response.headers["Link"] = f'<{json_path(request)}>; rel="alternate"; type="application/json"'
    response.headers["Vary"] = "Accept"
    return response


def page(
    request: Request, template: str, context: dict[str, Any] | Callable[[], dict[str, Any]], data: Any,
    status: int = 200, *, cache: bool = False, version: str | None = None,
) -> Response:
    """Answer with the page, or its JSON twin, linking each to the other.

    Args:
        request: the request being answered.
        template: the template that renders the HTML page.
        context: what the template needs beyond ``data`` (presenter output).
        data: what the JSON twin holds (a report dict for report pages).
        status: the HTTP status of either form.
        cache: the page never changes: keep its rendered body in ``app.state.pages``
            (``data`` may then be a function of no arguments and ``context`` a function
            of the data, called only when the page is rendered).
        version: part of the cache key: what the page is of (a story's revision), so a
            changed story is rendered anew.

    Returns:
        An ``HTMLResponse`` or ``JSONResponse`` with a ``Link`` header to the other form.
    """
    as_json = wants_json(request)
    cache_key = _cache_key(request, version)
    pages: PageCache | None = getattr(request.app.state, "pages", None) if cache else None
    if pages is not None:
        found = cached_page(request, version)
        if found is not None:
            return found
    if callable(data):
        data = data()
    if as_json:
        response: Response = json_response(data, status)
    else:
        if callable(context):
            context = context(data)
        env = request.app.state.templates
        html = env.get_template(template).render(
            request=request, data=data, json_url=json_path(request), **context
        )
        response = HTMLResponse(html, status_code=status)
    if pages is not None:
        pages.put(cache_key, response.body, status)
    return _linked(response, request, as_json)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """JSON with non-ASCII kept readable (article texts are full of curly quotes)."""
    return _ReadableJSON(data, status_code=status, headers=headers)


class _ReadableJSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The one error shape: JSON ``{"ok": false, "error", "status"}`` or the error page.

    Args:
        request: the request that failed.
        status: its HTTP status.
        message: one line for a person, saying what to do.
        headers: extra headers (``WWW-Authenticate`` for 401).

    Returns:
        A response in the form the request asked for.
    """
    body = {"ok": False, "error": message, "status": status}
    if wants_json(request) or request.url.path.startswith("/api/"):
        return json_response(body, status, headers)
    env = request.app.state.templates
    html = env.get_template("error.html").render(request=request, error=message, status=status, json_url=None)
    return HTMLResponse(html, status_code=status, headers=headers)
