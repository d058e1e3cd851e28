"""The list of stories (the home page) and one story's report."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import Response

from storydiff.web.catalog import cached_story_report, cached_story_version, list_stories, load_story_report
from storydiff.web.listing import Query, export_response, export_suffix, matches, parse_query, window
from storydiff.web.responses import cached_page, page
from storydiff.web.views import twin
from storydiff.web.views.reports import render_findings, render_report

router = APIRouter()

#: ``status`` on the stories list: stories with a conflict, or whose report is not
#: computed yet (their conflicts are unknown).
STORY_STATUSES = ("conflict", "unchecked")

#: ``sort`` on the stories list; the first is the default (largest story first).
STORY_SORTS = ("size", "newest", "oldest", "conflicts", "title")

#: Stories per page when ``limit`` is not given: a screenful and a half on a laptop.
STORIES_PER_PAGE = 50

#: The columns of the stories list's CSV, as its JSON twin names them.
STORY_LIST_COLUMNS = ["id", "kind", "title", "size", "outlets", "outlet_names", "start", "end", "conflicts"]


def _outlets(row: dict[str, Any]) -> list[str]:
    names = row.get("outlet_names")
    if names is None and isinstance(row.get("outlets"), list):
        names = row["outlets"]
    return list(names or [])


def select_stories(rows: list[dict[str, Any]], query: Query) -> list[dict[str, Any]]:
    """The stories that match ``query`` (title, id and outlets for ``q``), in its order."""
    outlet = query.outlet.lower()
    chosen = [
        row for row in rows
        if matches(query.terms, row.get("title"), row.get("id"), _outlets(row))
        and (not outlet or any(outlet == name.lower() for name in _outlets(row)))
        and (query.status != "conflict" or (row.get("conflicts") or 0) > 0)
        and (query.status != "unchecked" or row.get("conflicts") is None)
    ]
    sort = query.sort or STORY_SORTS[0]
    if sort == "newest":
        chosen.sort(key=lambda row: row.get("end") or "", reverse=True)
    elif sort == "oldest":
        chosen.sort(key=lambda row: (row.get("start") is None, row.get("start") or ""))
    elif sort == "conflicts":
        chosen.sort(key=lambda row: -(row.get("conflicts") or 0))
    elif sort == "title":
        chosen.sort(key=lambda row: (row.get("title") or "").lower())
    return chosen  # "size": the store's own order, largest first


async def story_list(request: Request) -> Response:
    """The stories of the database and the comparisons made here, searched, filtered,
    sorted and a page at a time."""
    catalog = request.app.state.catalog
    query = parse_query(request, statuses=STORY_STATUSES, kinds=None, sorts=STORY_SORTS)
    # A plain SQL read: a thread of its own, not the compare pool (it must not wait
    # behind comparisons).
    stories = await anyio.to_thread.run_sync(list_stories, catalog.db) if catalog.db is not None else []
    chosen = select_stories(stories, query)
    suffix = export_suffix(request)
    if suffix:
        rows = window(chosen, query, "/", default_limit=None).rows
        return export_response(suffix, rows, columns=STORY_LIST_COLUMNS, name="stories")
    shown = window(chosen, query, "/", default_limit=STORIES_PER_PAGE)
    reports = await anyio.to_thread.run_sync(catalog.reports)
    if query.filtered:
        reports = select_stories(reports, Query(q=query.q, outlet=query.outlet, terms=query.terms,
                                                status=query.status if query.status == "conflict" else ""))
    data = {"ok": True, "stories": shown.rows, **shown.meta(), "reports": reports}
    context = {"nav": "stories", "has_db": catalog.db is not None, "query": query, "window": shown,
               "statuses": STORY_STATUSES, "sorts": STORY_SORTS, "in_store": len(stories)}
    return page(request, "stories.html", context, data)


twin(router, "/", story_list, summary="The list of stories",
     description="Each story's size, outlets, span of publication dates and number of conflicts; "
     "then the comparisons made on this server. Parameters: q (words in the title or outlets), "
     "status (conflict, unchecked), outlet, sort (size, newest, oldest, conflicts, title), "
     "limit and offset; the answer says the total and the next page.",
     exports="the stories")


async def story_report(request: Request, story_id: str) -> tuple[dict, str | None]:
    """A story's report, and the key of its revision when it came from the store's cache.

    A cached report is read in a thread of its own: 50 parallel readers of a cached story
    waited in the compare pool behind comparisons and most got 503. Only a report that
    must be computed (the compare stage, seconds) queues there.
    """
    db = request.app.state.catalog.require_db(story_id)
    cached = await anyio.to_thread.run_sync(cached_story_report, db, story_id)
    if cached is not None:
        return cached
    return await request.app.state.runner.call(load_story_report, db, story_id), None


async def story(request: Request, story_id: str) -> Response:
    """A story's report page, or the report as JSON (computed on first open, then cached by
    the store); its ``.csv``/``.jsonl`` twins are its findings."""
    exporting = export_suffix(request)
    if not exporting:
        db = request.app.state.catalog.require_db(story_id)
        # The hot path: a cached story whose page was rendered already is one small SQL read.
        version = await anyio.to_thread.run_sync(cached_story_version, db, story_id)
        if version is not None:
            kept = cached_page(request, version)
            if kept is not None:
                return kept
    report, revision = await story_report(request, story_id)
    if exporting:
        return render_findings(request, report, base=f"/stories/{story_id}", kind="story")
    return render_report(request, report, base=f"/stories/{story_id}", kind="story", version=revision)


twin(router, "/stories/{story_id}", story, summary="One story's report (storydiff.report/1)",
     exports="the story's findings")


async def story_findings(request: Request, story_id: str) -> Response:
    """A story's findings, searched, filtered, sorted and a page at a time."""
    report, _ = await story_report(request, story_id)
    return render_findings(request, report, base=f"/stories/{story_id}", kind="story")


twin(router, "/stories/{story_id}/findings", story_findings, summary="One story's findings",
     description="Parameters: q (words in the summary, values, evidence or outlets), status, kind, "
     "outlet, sort (status, kind, outlet), limit and offset; the answer says the total and the next page.",
     exports="the story's findings")


async def story_article(request: Request, story_id: str, article_id: str) -> Response:
    """One article of a story with its extractions highlighted, or them as JSON."""
    from storydiff.web.views.reports import render_article

    report, revision = await story_report(request, story_id)
    return render_article(request, report, article_id, base=f"/stories/{story_id}", version=revision)


twin(router, "/stories/{story_id}/articles/{article_id}", story_article,
     summary="One article of a story, with its entities, times, quotes and identifiers")
