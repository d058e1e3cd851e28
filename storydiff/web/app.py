"""The web app: ``create_app(db)`` builds the FastAPI application ``storydiff serve`` runs.

The app is a client of the library (STYLE.md section 2): pages read stories and reports
through :class:`storydiff.web.catalog.Catalog` (the store), comparisons run the library's
ingest, analyze and compare stages in :class:`storydiff.web.jobs.CompareRunner`, and
every page is rendered from the ``storydiff.report/1`` dict it also serves as JSON.

Pages live in ``storydiff/web/views/``, one module per page family; templates and the
one stylesheet and script are package data, loaded by name (nothing is served from a
path a request names).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, AsyncIterator

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from storydiff import __version__
from storydiff.errors import Busy, InputError, InputTooLarge, NotFound, PipelineError, StorydiffError
from storydiff.render.labels import name_articles
from storydiff.web import presenters
from storydiff.web.catalog import Catalog
from storydiff.web.guards import BodyLimit, HeadAsGet, LoopbackHost, SameOrigin, SecurityHeaders, TokenAuth
from storydiff.web.inputs import Limits
from storydiff.web.jobs import CompareRunner
from storydiff.web.responses import PageCache, error_response
from storydiff.web.views import compare, meta, outlets, reports, stories

#: HTTP status of each library error a request can cause.
ERROR_STATUS: dict[type[StorydiffError], int] = {
    NotFound: 404,
    InputTooLarge: 413,
    InputError: 400,
    Busy: 503,
    PipelineError: 500,
}


def templates() -> jinja2.Environment:
    """The Jinja environment: package templates, autoescaping on for every template.

    Autoescape is unconditional (not by file extension): article text is untrusted, and
    a ``<script>`` in an article must show as text on every page.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storydiff.web", "templates"),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, label=presenters.article_label, labels=presenters.STATUS_LABELS)
    env.filters["nice_value"] = presenters.nice_value
    env.filters["when"] = presenters.when
    env.filters["named"] = name_articles
    return env


def static_files() -> dict[str, tuple[bytes, str]]:
    """The stylesheet and script, read once from the package: name -> (bytes, media type).

    The stylesheet ends with the timeline's rules from the HTML report's templates: one
    drawing (render/timeline_svg.py), one set of rules for it.
    """
    media = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
    folder = resources.files("storydiff.web") / "static"
    files = {}
    for entry in folder.iterdir():
        suffix = Path(entry.name).suffix
        if suffix in media:
            files[entry.name] = (entry.read_bytes(), media[suffix])
    timeline = (resources.files("storydiff.render") / "templates" / "_timeline.css").read_bytes()
    body, kind = files["style.css"]
    files["style.css"] = (body + timeline, kind)
    return files


def create_app(
    db: Path | None = None,
    *,
    token: str | None = None,
    limits: Limits | None = None,
    workers: int = 1,
    processes: bool = False,
    runner: CompareRunner | None = None,
) -> FastAPI:
    """Build the web app.

    Args:
        db: the SQLite file of ``storydiff ingest`` (its stories are listed); None for a
            server that only compares. Comparisons made here are kept in it, or in memory
            without one (:class:`storydiff.web.catalog.Catalog`).
        token: when given, every request but ``/login``, ``/health`` and ``/static/`` must
            carry it (``Authorization: Bearer TOKEN`` or the cookie ``/login`` sets).
        limits: upload count and size limits (:class:`storydiff.web.inputs.Limits`).
        workers: threads or processes that run comparisons (see :mod:`storydiff.web.jobs`).
        processes: run comparisons in worker processes (``storydiff serve`` does) rather
            than threads of this process.
        runner: a ready :class:`CompareRunner` to share (tests and benchmarks reuse one
            loaded pipeline across apps).

    Returns:
        The FastAPI application, ready for uvicorn.
    """
    limits = limits or Limits()
    own_runner = runner is None
    runner = runner or CompareRunner(workers=workers, processes=processes)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if own_runner:
            runner.close()

    app = FastAPI(
        title="storydiff",
        version=__version__,
        description="Compare how several outlets reported one event, fact by fact.",
        # FastAPI's /docs and /redoc pull their JavaScript from a CDN; ours is a page
        # rendered here from the OpenAPI description (views/meta.py), so it works offline.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.templates = templates()
    app.state.catalog = Catalog(db)
    app.state.limits = limits
    app.state.runner = runner
    app.state.static = static_files()
    app.state.token = token
    app.state.pages = PageCache()

    for module in (meta, stories, reports, compare, outlets):
        app.include_router(module.router)

    _install_error_handlers(app)
    # Outermost first: the body limit wraps the app, auth wraps the body limit, so an
    # unauthenticated client cannot make the server read even a byte of its upload.
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit, limit=limits.max_request_bytes)
    if token:
        app.add_middleware(TokenAuth, token=token)
    app.add_middleware(SameOrigin)
    if not token:
        app.add_middleware(LoopbackHost)
    app.add_middleware(SecurityHeaders)
    return app


def _public(message: str, db: Path | None) -> str:
    """A library message fit for a browser: the server's database file is not named (its
    path says where the server keeps its data, and the reader cannot act on it)."""
    if db is not None:
        for form in {str(db), str(Path(db).resolve())}:
            message = message.replace(form, "the story database")
    return message


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StorydiffError)
    async def library_error(request: Request, error: StorydiffError) -> Any:
        status = next((code for cls, code in ERROR_STATUS.items() if isinstance(error, cls)), 500)
        headers = {"Retry-After": "5"} if isinstance(error, Busy) else None
        return error_response(request, status, _public(str(error), request.app.state.catalog.db), headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Any:
        messages = {
            404: f"no page at {request.url.path[:200]}; the stories are at / and comparisons at /compare",
            405: f"{request.method} is not allowed on {request.url.path[:200]}",
        }
        message = messages.get(error.status_code) or str(error.detail)
        return error_response(request, error.status_code, message, getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Any:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error_response(request, 422, f"invalid request: {where or 'body'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Any:
        return error_response(
            request, 500, f"internal error ({type(error).__name__}); the server log has the details"
        )
