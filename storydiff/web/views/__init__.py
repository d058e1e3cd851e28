"""The pages, one module per family (as ``datasette/views/``).

Every page is registered twice by :func:`twin`: ``PATH.json`` (listed in the OpenAPI
description, the API) and ``PATH`` (HTML, or JSON with ``Accept: application/json``).
The ``.json`` route is registered first so ``/stories/s1.json`` never reaches the HTML
route as the id ``s1.json``.
"""

from __future__ import annotations

from typing import Any, Callable

from fastapi import APIRouter


def twin(router: APIRouter, path: str, endpoint: Callable[..., Any], *, summary: str, description: str = "",
         exports: str = "") -> None:
    """Register ``endpoint`` at ``path + ".json"`` (in the API docs) and at ``path`` (the page).

    Args:
        router: the router of the page's module.
        path: the page's path, e.g. ``"/stories/{story_id}"``.
        endpoint: the view; it answers both forms through ``responses.page``.
        summary: one line for the API docs.
        description: more for the API docs.
        exports: what the page's ``.csv`` and ``.jsonl`` twins hold ("the stories",
            "the findings"); when given, they are registered too (``/index.csv`` for
            ``/``) and the endpoint answers them (``storydiff.web.listing``).
    """
    router.add_api_route(
        path.rstrip("/") + ".json" if path != "/" else "/index.json",
        endpoint,
        methods=["GET"],
        summary=summary,
        description=description,
        name=endpoint.__name__ + "_json",
    )
    for suffix, form in ((".csv", "CSV"), (".jsonl", "JSON Lines")) if exports else ():
        router.add_api_route(
            path.rstrip("/") + suffix if path != "/" else "/index" + suffix,
            endpoint,
            methods=["GET"],
            summary=f"{summary}: {exports} as {form}",
            description=f"{exports[:1].upper()}{exports[1:]}, one row each, with the page's filters "
            "(q, status, kind, outlet, sort, limit, offset).",
            name=endpoint.__name__ + suffix.replace(".", "_"),
        )
    router.add_api_route(path, endpoint, methods=["GET"], include_in_schema=False, name=endpoint.__name__)
