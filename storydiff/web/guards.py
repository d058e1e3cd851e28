"""ASGI middleware that stands in front of every route: bearer-token auth, body size.

Both are plain ASGI (not ``BaseHTTPMiddleware``) so they can refuse a request before its
body is read, and count body bytes as they stream in (a client that lies in
``Content-Length`` or sends chunks is cut off at the limit, never buffered whole).
"""

from __future__ import annotations

import hmac
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storydiff.web.hosts import host_of, is_loopback
from storydiff.web.responses import error_response

#: The cookie the login page sets, so a browser can carry the token on page loads.
TOKEN_COOKIE = "storydiff_token"
#: Paths anyone may load without the token: the login page, the health check, the CSS/JS.
OPEN_PREFIXES = ("/login", "/health", "/static/")


def token_matches(given: str | None, token: str) -> bool:
    """Compare in constant time, so the token cannot be guessed byte by byte from timings."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def request_token(request: Request) -> str | None:
    """The token a request carries: ``Authorization: Bearer T``, else the login cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(TOKEN_COOKIE)


class TokenAuth:
    """Refuse every request without the bearer token (401), except :data:`OPEN_PREFIXES`."""

    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if token_matches(request_token(request), self.token):
            await self.app(scope, receive, send)
            return
        response = error_response(
            request,
            401,
            "this server needs its access token: send 'Authorization: Bearer TOKEN' "
            "or sign in at /login",
            headers={"WWW-Authenticate": 'Bearer realm="storydiff"'},
        )
        await response(scope, receive, send)


class BodyTooLarge(Exception):
    """Raised from inside ``receive`` when a body passes the limit while streaming."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"request body is larger than {limit} bytes")


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before or while reading them."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        megabytes = self.limit / 1_000_000
        response = error_response(
            Request(scope),
            413,
            f"the upload is larger than this server's limit of {megabytes:g} MB in all; "
            "send fewer or shorter articles",
        )
        await response(scope, receive, send)



#: Sent with every response. The pages need nothing from elsewhere (no CDN), so the
#: policy allows only this origin; inline scripts are refused, a second wall behind the
#: escaping of article text. ``frame-ancestors 'none'`` stops the pages being framed.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    # "same-origin", not "no-referrer": with no-referrer browsers send ``Origin: null`` on
    # the compare form's own POST, and :class:`SameOrigin` could not tell it from a
    # cross-site one. Other sites still get no referrer.
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)


class LoopbackHost:
    """On a server without a token, refuse a request whose ``Host`` is not a loopback name
    or address (400).

    Such a server trusts whoever can connect, which is this machine only: but a page on
    ``attacker.example`` whose name the attacker re-points at 127.0.0.1 (DNS rebinding)
    makes the browser connect here with ``Host: attacker.example`` and read the answers
    as same-origin. The name in ``Host`` is the one thing the attacker cannot make look
    like this machine's own. A server with a token needs no such check: the page has no
    token, and the login cookie is bound to the real name.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            host = request.headers.get("host")
            # No Host at all is HTTP/1.0 from a script; a browser always sends one.
            if host is not None and not is_loopback(host_of(host)):
                response = error_response(
                    request, 400,
                    f"this server has no token, so it answers only to localhost and loopback addresses, "
                    f"not {host[:100]!r}; open it at http://127.0.0.1:PORT/, or start it with --token "
                    "to serve other names",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _authority(origin: str) -> str:
    """``http://127.0.0.1:8000`` -> ``127.0.0.1:8000`` (lower case; ``null`` stays ``null``)."""
    return origin.strip().split("://", 1)[-1].split("/", 1)[0].lower()


class SameOrigin:
    """Refuse a POST that a browser sends from another site (403).

    Without it any web page a user visits could make their browser post a form to a
    storydiff server on their own machine (no token on loopback): comparisons that eat
    the CPU, URLs fetched on the page's behalf. Browsers say where a request comes from
    (``Sec-Fetch-Site``, and ``Origin`` on every cross-site POST); either one naming
    another site refuses the request. Scripts and curl send neither and are not
    affected. ``Origin`` is compared with ``Host``, which :class:`LoopbackHost` has
    checked on a server without a token (a rebound name passes this check, not that one).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            request = Request(scope)
            origin = request.headers.get("origin")
            host = request.headers.get("host", "")
            site = request.headers.get("sec-fetch-site")
            foreign = (site is not None and site.strip().lower() not in ("same-origin", "none")) or (
                origin is not None and _authority(origin) != host.strip().lower()
            )
            if foreign:
                where = origin[:100] if origin else f"another site (Sec-Fetch-Site: {(site or '')[:40]})"
                response = error_response(
                    request, 403, f"a form from {where} cannot post to this server; open it at http://{host[:100]}/"
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class HeadAsGet:
    """Answer ``HEAD`` on every page as ``GET`` without the body (RFC 9110 9.3.2).

    The routes are declared for GET only and FastAPI, unlike Starlette's own routes, does
    not add HEAD, so link checkers and ``curl -I`` got 405. The headers, the status and
    ``Content-Length`` are the GET's.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
