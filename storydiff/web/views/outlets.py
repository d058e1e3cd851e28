"""Outlets across stories: how often each is the single source, with whom it conflicts."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import Response

from storydiff.errors import NotFound
from storydiff.web.catalog import list_outlets, outlet_detail
from storydiff.web.listing import export_response, export_suffix, matches, parse_query, window
from storydiff.web.responses import page
from storydiff.web.views import twin

router = APIRouter()

#: ``sort`` on the outlets list; the first is the default.
OUTLET_SORTS = ("articles", "single_share", "conflicts", "name")

#: The columns of the outlets list's CSV, as its JSON twin names them.
OUTLET_COLUMNS = ["outlet", "articles", "stories", "findings", "conflict", "corroborated", "complementary",
                  "single_source", "single_share"]

#: Longest outlet name accepted in a URL (the longest in the corpora is under 80).
MAX_NAME = 200


def _db(request: Request):
    db = request.app.state.catalog.db
    if db is None:
        raise NotFound("this server has no database of stories, so it knows no outlets; compare articles at /compare")
    return db


async def outlets(request: Request) -> Response:
    """Every outlet: articles, stories, findings by status and its single-source share."""
    query = parse_query(request, statuses=(), kinds=None, sorts=OUTLET_SORTS)
    db = _db(request)
    rows = await anyio.to_thread.run_sync(list_outlets, db)
    chosen = [row for row in rows if matches(query.terms, row["outlet"])]
    sort = query.sort or OUTLET_SORTS[0]
    if sort == "single_share":
        chosen.sort(key=lambda row: -(row["single_share"] or 0))
    elif sort == "conflicts":
        chosen.sort(key=lambda row: -row["conflict"])
    elif sort == "name":
        chosen.sort(key=lambda row: row["outlet"].lower())
    suffix = export_suffix(request)
    if suffix:
        return export_response(suffix, window(chosen, query, "/outlets", default_limit=None).rows,
                               columns=OUTLET_COLUMNS, name="outlets")
    shown = window(chosen, query, "/outlets", default_limit=100)
    data = {"ok": True, "outlets": shown.rows, **shown.meta()}
    return page(request, "outlets.html", {"nav": "outlets", "query": query, "window": shown,
                                          "sorts": OUTLET_SORTS}, data)


twin(router, "/outlets", outlets, summary="The outlets",
     description="Each outlet's articles, stories and findings by status, and the share of its findings "
     "that rest on it alone (stories whose report was computed). Parameters: q, sort (articles, "
     "single_share, conflicts, name), limit, offset.", exports="the outlets")


async def outlet(request: Request, name: str) -> Response:
    """One outlet: its counts, its stories, and the outlets it conflicts with."""
    if len(name) > MAX_NAME:
        raise NotFound("no outlet with so long a name; the outlets are listed at /outlets")
    data = {"ok": True, **await anyio.to_thread.run_sync(outlet_detail, _db(request), name)}
    return page(request, "outlet.html", {"nav": "outlets"}, data)


twin(router, "/outlets/{name}", outlet, summary="One outlet",
     description="Its articles, stories, findings by status, single-source share, and conflicts by other outlet.")
