"""A report page (a story's, or a comparison made here) and an article page.

Both render from the ``storydiff.report/1`` dict; the JSON twin of a report page is that
dict unchanged, and the article page's twin is the article with its own extractions.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import Response

from storydiff.errors import NotFound
from storydiff.render.tables import finding_rows, findings_csv
from storydiff.render.timeline import STATUS_ORDER
from storydiff.render.timeline_svg import timeline_svg_of
from storydiff.web import presenters
from storydiff.web.catalog import check_id
from storydiff.web.listing import REVIEWED, Query, export_response, export_suffix, matches, parse_query, window
from storydiff.web.responses import page
from storydiff.web.views import twin

router = APIRouter()

#: ``sort`` on a findings list; the first is the default (conflicts first, as the report).
FINDING_SORTS = ("status", "kind", "outlet")

#: The cookie that remembers a reviewer's name between reviews (the pages need no script).
REVIEWER_COOKIE = "storydiff_reviewer"

#: Findings per page when ``limit`` is not given: the largest report of the example
#: corpora has under 100 findings, so a report reads on one page.
FINDINGS_PER_PAGE = 100


def report_title(report: dict[str, Any]) -> str:
    """A heading for a report: the story's title, else the first article title, else outlets."""
    story = report.get("story") or {}
    if story.get("title"):
        return story["title"]
    for article in report.get("articles", []):
        if article.get("title"):
            return article["title"]
    outlets = [presenters.article_label(a) for a in report.get("articles", [])]
    return "Comparison of " + ", ".join(outlets) if outlets else "Empty report"


def render_report(request: Request, report: dict[str, Any], *, base: str, kind: str, cache: bool = False,
                  version: str | None = None) -> Response:
    """The report page (or its JSON twin, the report itself).

    Args:
        request: the request.
        report: the ``storydiff.report/1`` dict.
        base: the page's own path; article pages are ``{base}/articles/{id}``.
        kind: ``"story"`` or ``"report"``.
        cache: the report never changes (a saved comparison): keep the rendered page.
        version: the story revision the report is of (a story's cached report): keep the
            rendered page under it, so a story that changes is rendered anew.

    Returns:
        The response.
    """
    return page(request, "report.html", lambda _: report_context(report, base=base, kind=kind), report,
                cache=cache or version is not None, version=version)


def report_context(report: dict[str, Any], *, base: str, kind: str) -> dict[str, Any]:
    """What the report template needs beyond the report itself."""
    conflicts = [
        {"finding": f, "sides": presenters.conflict_sides(f, report)}
        for f in presenters.sorted_findings(report)
        if f.get("status") == "conflict"
    ]
    context = {
        "title": report_title(report),
        "kind": kind,
        "base": base,
        "counts": presenters.status_counts(report),
        "conflicts": conflicts,
        "timeline_svg": timeline_svg_of(report),
        "timeline_marks": presenters.timeline_marks(report),
        "matrix": (report.get("matrix") or {}).get("rows", []),
        "entities": presenters.entity_rows(report),
        "quotes": presenters.quote_rows(report),
        "voices": report.get("voices") or {},
        "names": presenters.labels_of(report),
        "reviewable": kind == "story",
        "nav": "stories",
    }
    return context


def select_findings(rows: list[dict[str, Any]], query: Query) -> list[dict[str, Any]]:
    """The finding rows (``storydiff.render.tables.finding_rows``) that match ``query``:
    ``q`` in the summary, kind, values, outlets or evidence; ``outlet`` among the
    finding's outlets (by name, with or without its badge)."""
    outlet = query.outlet.lower()
    chosen = [
        row for row in rows
        if (not query.status or row.get("status") == query.status)
        and (not query.kind or row.get("kind") == query.kind)
        and (not outlet or any(name.lower() == outlet or name.lower().rsplit(" #", 1)[0] == outlet
                               for name in row.get("outlets", [])))
        and matches(query.terms, row.get("summary"), row.get("kind"), row.get("values"), row.get("outlets"),
                    [item.get("text", "") for item in row.get("evidence", [])], row.get("review_note"))
        and _reviewed(row, query.reviewed)
    ]
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    by_status = lambda row: rank.get(row.get("status"), len(rank))  # noqa: E731
    sort = query.sort or FINDING_SORTS[0]
    if sort == "kind":
        chosen.sort(key=lambda row: (row.get("kind") or "", by_status(row)))
    elif sort == "outlet":
        chosen.sort(key=lambda row: ((row.get("outlets") or [""])[0].lower(), by_status(row)))
    else:
        chosen.sort(key=by_status)
    return chosen


def _reviewed(row: dict[str, Any], wanted: str) -> bool:
    """Whether a finding row passes the ``reviewed`` filter (yes, no, or a verdict)."""
    if not wanted:
        return True
    if wanted in ("yes", "no"):
        return (row.get("review") is not None) == (wanted == "yes")
    return row.get("review") == wanted


def render_findings(request: Request, report: dict[str, Any], *, base: str, kind: str) -> Response:
    """A report's findings, filtered and a page at a time: the findings page, its JSON twin,
    or (``.csv``/``.jsonl``) every matching finding as one row each.

    Raises:
        InputError: a parameter has a value the list does not know.
    """
    reviewable = kind == "story"  # reviews are kept in the store, with its stories
    query = parse_query(request, statuses=STATUS_ORDER, kinds=None, sorts=FINDING_SORTS, reviewed=reviewable)
    owner = base.rsplit("/", 1)[-1]
    rows = finding_rows(report, story=owner)
    chosen = select_findings(rows, query)
    suffix = export_suffix(request)
    if suffix:
        return export_response(suffix, window(chosen, query, base, default_limit=None).rows,
                               csv_rows=findings_csv, name=f"{owner}-findings")
    path = f"{base}/findings"
    shown = window(chosen, query, path, default_limit=FINDINGS_PER_PAGE)
    data = {"ok": True, kind: owner, "title": report_title(report), "findings": shown.rows, **shown.meta(),
            "counts": presenters.status_counts(report)}
    labels = presenters.labels_of(report)
    context = {
        "title": report_title(report), "kind": kind, "base": base, "path": path, "query": query,
        "window": shown, "statuses": STATUS_ORDER, "sorts": FINDING_SORTS,
        "kinds": sorted({row.get("kind") or "" for row in rows} - {""}),
        "outlets": list(dict.fromkeys(presenters.base_label(a) for a in report.get("articles", []))),
        "names": labels, "nav": "stories", "reviewable": reviewable, "reviewed_choices": REVIEWED,
        "reviewer": request.cookies.get(REVIEWER_COOKIE, ""),
    }
    return page(request, "findings.html", context, data)


def article_data(report: dict[str, Any], article_id: str) -> dict[str, Any]:
    """One article of a report with its own extractions (the article page's JSON twin).

    Raises:
        NotFound: the report has no such article.
    """
    check_id(article_id, "article")
    article = presenters.articles_by_id(report).get(article_id)
    if article is None:
        ids = ", ".join(a["id"] for a in report.get("articles", []))
        raise NotFound(f"no article {article_id!r} in this report; its articles are {ids}")
    mine = lambda key: [item for item in report.get(key, []) if item.get("article") == article_id]  # noqa: E731
    entities = []
    for entity in report.get("entities", []):
        mentions = [m for m in entity.get("mentions", []) if m.get("article") == article_id]
        if mentions:
            roles = [r["role"] for r in entity.get("roles", []) if r.get("article") == article_id]
            entities.append({"id": entity["id"], "name": entity.get("name", ""), "type": entity.get("type", ""),
                             "roles": list(dict.fromkeys(roles)), "mentions": mentions})
    return {
        "ok": True,
        "article": article,
        "entities": entities,
        "timexes": mine("timexes"),
        "quantities": mine("quantities"),
        "identifiers": mine("identifiers"),
        "quotes": mine("quotes"),
        "notes": mine("notes"),
        "highlights": presenters.article_spans(report, article_id),
    }


def render_article(
    request: Request, report: dict[str, Any], article_id: str, *, base: str, cache: bool = False,
    version: str | None = None,
) -> Response:
    """The article page: its text with every extraction highlighted, and lists beside it.

    Raises:
        NotFound: the report has no such article.
    """
    check_id(article_id, "article")
    if article_id not in presenters.articles_by_id(report):
        article_data(report, article_id)  # raises NotFound with the article ids

    def context(data: dict[str, Any]) -> dict[str, Any]:
        spans = data["highlights"]
        return {
            "article": data["article"],
            "name": presenters.labels_of(report).get(article_id) or presenters.article_label(data["article"]),
            "base": base,
            "report_title": report_title(report),
            "segments": presenters.segments(data["article"].get("text", ""), spans),
            "kinds": presenters.HIGHLIGHT_KINDS,
            "counts": {kind: sum(1 for s in spans if s["kind"] == kind) for kind in presenters.HIGHLIGHT_KINDS},
            "times": data["timexes"],
            "entities": data["entities"],
            "quantities": data["quantities"],
            "identifiers": data["identifiers"],
            "notes": data["notes"],
            "quotes": presenters.quote_rows({**report, "quotes": data["quotes"]}),
            "nav": "stories",
        }

    return page(request, "article.html", context, lambda: article_data(report, article_id),
                cache=cache or version is not None, version=version)


async def comparison(request: Request, report_id: str) -> Response:
    """A comparison made on this server: its report page, or the report as JSON."""
    report = await anyio.to_thread.run_sync(request.app.state.catalog.report, report_id)
    if export_suffix(request):
        return render_findings(request, report, base=f"/reports/{report_id}", kind="report")
    return render_report(request, report, base=f"/reports/{report_id}", kind="report", cache=True)


twin(router, "/reports/{report_id}", comparison, summary="A comparison's report (storydiff.report/1)",
     exports="the comparison's findings")


async def comparison_findings(request: Request, report_id: str) -> Response:
    """A comparison's findings, searched, filtered, sorted and a page at a time."""
    report = await anyio.to_thread.run_sync(request.app.state.catalog.report, report_id)
    return render_findings(request, report, base=f"/reports/{report_id}", kind="report")


twin(router, "/reports/{report_id}/findings", comparison_findings, summary="A comparison's findings",
     description="Parameters: q (words in the summary, values, evidence or outlets), status, kind, "
     "outlet, sort (status, kind, outlet), limit and offset; the answer says the total and the next page.",
     exports="the comparison's findings")


async def comparison_article(request: Request, report_id: str, article_id: str) -> Response:
    """One article of a comparison with its extractions highlighted, or them as JSON."""
    report = await anyio.to_thread.run_sync(request.app.state.catalog.report, report_id)
    return render_article(request, report, article_id, base=f"/reports/{report_id}", cache=True)


twin(router, "/reports/{report_id}/articles/{article_id}", comparison_article,
     summary="One article of a comparison, with its entities, times, quotes and identifiers")
