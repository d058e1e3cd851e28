"""The list of stories (the home page) and one story's report."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from storydiff.errors import InputError, NotFound
from storydiff.web.catalog import (
    cached_story_report,
    cached_story_version,
    check_id,
    kept_export,
    list_stories,
    load_story_report,
    search_stories,
)
from storydiff.web.listing import Query, body_response, export_body, export_suffix, matches, parse_query, window
from storydiff.web.responses import cached_page, json_response, page, wants_json
from storydiff.web.views import twin
from storydiff.web.views.reports import REVIEWER_COOKIE, render_article, render_findings, render_report

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


def select_stories(rows: list[dict[str, Any]], query: Query, found: set[str] | None = None) -> list[dict[str, Any]]:
    """The stories that match ``query``, in its order.

    Args:
        rows: the stories.
        query: the parameters.
        found: the ids full-text search found for ``q`` (over titles, outlets and the
            articles' text); None: ``q`` is matched in the title, id and outlets.
    """
    outlet = query.outlet.lower()
    chosen = [
        row for row in rows
        if (row.get("id") in found if found is not None and query.terms
            else matches(query.terms, row.get("title"), row.get("id"), _outlets(row)))
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


def _story_export(db, query: Query, suffix: str) -> bytes:
    """The stories of ``db`` that match ``query`` as an export's body (in a thread)."""
    stories = list_stories(db) if db is not None else []
    found = set(search_stories(db, query.terms)) if query.terms and db is not None else None
    rows = window(select_stories(stories, query, found), query, "/", default_limit=None).rows
    return export_body(suffix, rows, columns=STORY_LIST_COLUMNS)


async def story_list(request: Request) -> Response:
    """The stories of the database and the comparisons made here, searched, filtered,
    sorted and a page at a time."""
    catalog = request.app.state.catalog
    query = parse_query(request, statuses=STORY_STATUSES, kinds=None, sorts=STORY_SORTS)
    suffix = export_suffix(request)
    if suffix:
        # The whole export (read, filter, encode: most of a second at 10,000 stories) runs
        # in a thread, and its body is kept while the store does not change.
        if catalog.db is None:
            body = _story_export(None, query, suffix)
        else:
            body = await anyio.to_thread.run_sync(
                kept_export, catalog.db, query.url(suffix), lambda: _story_export(catalog.db, query, suffix))
        return body_response(suffix, body, name="stories")
    # A plain SQL read: a thread of its own, not the compare pool (it must not wait
    # behind comparisons).
    stories = await anyio.to_thread.run_sync(list_stories, catalog.db) if catalog.db is not None else []
    found = None
    if query.terms and catalog.db is not None:
        found = set(await anyio.to_thread.run_sync(search_stories, catalog.db, query.terms))
    chosen = select_stories(stories, query, found)
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
     "then the comparisons made on this server. Parameters: q (words in the title, the outlets or the "
     "articles' text, entity names included: SQLite full-text search), "
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


#: The form fields of a review, and the largest form accepted (a note of MAX_NOTE
#: characters, a name, a verdict and the way back, with room for percent-escaping).
REVIEW_FIELDS = 5


async def review_finding(request: Request, story_id: str, key: str) -> Response:
    """Keep a person's review of one finding: from the findings page's form (303 back to
    the finding) or as JSON (``{"verdict", "note", "reviewer"}``; 201 with the review)."""
    check_id(key, "finding")
    as_json = wants_json(request) or request.headers.get("content-type", "").startswith("application/json")
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:
            raise InputError("review", "the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise InputError("review", 'send {"verdict": "confirmed", "note": "...", "reviewer": "..."}')
        fields = {name: str(body.get(name) or "") for name in ("verdict", "note", "reviewer")}
        back = ""
    else:
        form = await request.form(max_files=0, max_fields=REVIEW_FIELDS)
        fields = {name: str(form.get(name) or "") for name in ("verdict", "note", "reviewer")}
        back = str(form.get("back") or "")
    report, _ = await story_report(request, story_id)
    if not any(f.get("key") == key for f in report.get("findings", [])):
        raise NotFound(f"story {story_id!r} has no finding {key!r} now; its report may have changed: reload it")
    review = await anyio.to_thread.run_sync(
        request.app.state.catalog.save_review, story_id, key, fields["verdict"], fields["note"], fields["reviewer"])
    if as_json:
        return json_response({"ok": True, "story": story_id, "review": review}, 201)
    # Back to the page the form was on, and only to a page of this story.
    target = back if back.startswith(f"/stories/{story_id}") and "//" not in back else f"/stories/{story_id}/findings"
    response = RedirectResponse(f"{target.split('#')[0]}#{key}", status_code=303)
    response.set_cookie(REVIEWER_COOKIE, review["reviewer"], max_age=365 * 86400, samesite="strict", httponly=True)
    return response


for suffix in (".json", ""):
    router.add_api_route(
        "/stories/{story_id}/findings/{key}/review" + suffix, review_finding, methods=["POST"],
        include_in_schema=bool(suffix), status_code=201 if suffix else 303,
        summary="Review one finding of a story: confirmed, dismissed or unsure, with a note",
        description='Form fields or a JSON body: verdict (confirmed, dismissed, unsure), note, reviewer. '
        "The finding is named by its key (findings[].key); the review is kept in the store and shown "
        "with the finding on every page and export.",
        name="review_finding" + suffix.replace(".", "_"),
    )


async def story_article(request: Request, story_id: str, article_id: str) -> Response:
    """One article of a story with its extractions highlighted, or them as JSON."""
    report, revision = await story_report(request, story_id)
    return render_article(request, report, article_id, base=f"/stories/{story_id}", version=revision)


twin(router, "/stories/{story_id}/articles/{article_id}", story_article,
     summary="One article of a story, with its entities, times, quotes and identifiers")
