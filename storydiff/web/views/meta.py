"""Pages about the server itself: health, the stylesheet and script, API docs, sign-in."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storydiff.web.guards import TOKEN_COOKIE, token_matches
from storydiff.web.responses import error_response, json_response, page
from storydiff.web.views import twin

router = APIRouter()


@router.get("/health", summary="Liveness check", description='Answers {"ok": true} (no token needed).')
async def health() -> Any:
    """Liveness: {"ok": true}."""
    return json_response({"ok": True})


@router.get("/static/{name}", include_in_schema=False)
async def static(request: Request, name: str) -> Response:
    """The stylesheet or script, by name, from memory."""
    # A name, looked up in the files read at start-up: never a path on disk.
    found = request.app.state.static.get(name)
    if found is None:
        return error_response(request, 404, f"no static file {name[:80]!r}")
    body, media_type = found
    return Response(body, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI description's operations as rows for the docs page."""
    rows = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = []
            content = (op.get("requestBody") or {}).get("content", {})
            for media in content:
                body.append(media)
            rows.append(
                {
                    "method": method,
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "body": body,
                }
            )
    return rows


async def docs(request: Request) -> Response:
    """The API reference, rendered here from the OpenAPI description."""
    spec = request.app.openapi()
    rows = operations(spec)
    data = {"ok": True, "openapi": "/openapi.json", "operations": [{k: r[k] for k in ("method", "path", "summary")} for r in rows]}
    return page(request, "docs.html", {"spec": spec, "operations": rows, "nav": "docs",
                                       "auth": bool(request.app.state.token)}, data)


twin(router, "/docs", docs, summary="This API's endpoints",
     description="The operations of /openapi.json, as a page rendered on the server (no CDN).")


@router.get("/login", include_in_schema=False)
async def login_page(request: Request) -> HTMLResponse:
    """The sign-in form for browsers on a server started with --token."""
    html = request.app.state.templates.get_template("login.html").render(request=request, json_url=None, failed=False)
    return HTMLResponse(html)


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    """Check the token and set the HttpOnly, SameSite=Strict cookie that carries it."""
    token = request.app.state.token
    form = await request.form(max_files=0, max_fields=2)
    given = str(form.get("token") or "")
    if not token or not token_matches(given, token):
        html = request.app.state.templates.get_template("login.html").render(request=request, json_url=None, failed=True)
        return HTMLResponse(html, status_code=401)
    response = RedirectResponse("/", status_code=303)
    # HttpOnly: page scripts cannot read it; SameSite=Strict: other sites cannot make the
    # browser send it (so a form on another site cannot start a comparison here).
    response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response
