"""HTML or JSON for one page, and the one shape every error has.

Every page has a JSON twin, datasette-style: the same path with a ``.json`` suffix, or the
plain path with ``Accept: application/json``. HTML responses carry a
``Link: <...json>; rel="alternate"; type="application/json"`` header and JSON responses the
reverse link to their page. Errors are ``{"ok": false, "error": ..., "status": ...}`` as
JSON, or the error page as HTML.
"""

from __future__ import annotations

import json
from typing import Any

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


def page(request: Request, template: str, context: dict[str, Any], data: Any, status: int = 200) -> Response:
    """Answer with the page, or its JSON twin, linking each to the other.

    Args:
        request: the request being answered.
        template: the template that renders the HTML page.
        context: what the template needs beyond ``data`` (presenter output).
        data: what the JSON twin holds (a report dict for report pages).
        status: the HTTP status of either form.

    Returns:
        An ``HTMLResponse`` or ``JSONResponse`` with a ``Link`` header to the other form.
    """
    if wants_json(request):
        response: Response = json_response(data, status)
        response.headers["Link"] = f'<{html_path(request)}>; rel="alternate"; type="text/html"'
        response.headers["Vary"] = "Accept"
        return response
    env = request.app.state.templates
    html = env.get_template(template).render(
        request=request, data=data, json_url=json_path(request), **context
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Link"] = f'<{json_path(request)}>; rel="alternate"; type="application/json"'
    response.headers["Vary"] = "Accept"
    return response


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
