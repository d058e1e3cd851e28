"""The list of stories (the home page) and one story's report."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import Response

from storydiff.web.catalog import cached_story_report, cached_story_version, list_stories, load_story_report
from storydiff.web.responses import cached_page, page
from storydiff.web.views import twin
from storydiff.web.views.reports import render_report

router = APIRouter()


async def story_list(request: Request) -> Response:
    """The stories of the database and the comparisons made here."""
    catalog = request.app.state.catalog
    # A plain SQL read: a thread of its own, not the compare pool (it must not wait
    # behind comparisons).
    stories = await anyio.to_thread.run_sync(list_stories, catalog.db) if catalog.db is not None else []
    data = {"ok": True, "stories": stories, "reports": await anyio.to_thread.run_sync(catalog.reports)}
    return page(request, "stories.html", {"nav": "stories", "has_db": catalog.db is not None}, data)


twin(router, "/", story_list, summary="The list of stories",
     description="Each story's size, outlets, span of publication dates and number of conflicts; "
     "then the comparisons made on this server.")


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
    """A story's report page, or the report as JSON (computed on first open, then cached by the store)."""
    db = request.app.state.catalog.require_db(story_id)
    # The hot path: a cached story whose page was rendered already is one small SQL read.
    version = await anyio.to_thread.run_sync(cached_story_version, db, story_id)
    if version is not None:
        kept = cached_page(request, version)
        if kept is not None:
            return kept
    report, revision = await story_report(request, story_id)
    return render_report(request, report, base=f"/stories/{story_id}", kind="story", version=revision)


twin(router, "/stories/{story_id}", story, summary="One story's report (storydiff.report/1)")


async def story_article(request: Request, story_id: str, article_id: str) -> Response:
    """One article of a story with its extractions highlighted, or them as JSON."""
    from storydiff.web.views.reports import render_article

    report, revision = await story_report(request, story_id)
    return render_article(request, report, article_id, base=f"/stories/{story_id}", version=revision)


twin(router, "/stories/{story_id}/articles/{article_id}", story_article,
     summary="One article of a story, with its entities, times, quotes and identifiers")
