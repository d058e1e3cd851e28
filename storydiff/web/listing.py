"""Search, filter, sort and paginate a list (stories, a report's findings), and the
``.csv``/``.jsonl`` exports of it.

The page, its JSON twin and its exports read the same query parameters, datasette-style:
``q`` (words that must all occur), ``status``, ``kind``, ``outlet``, ``sort``, ``limit``
and ``offset``. The JSON twin says the ``total`` that matched and the URL of the ``next``
page; an export holds every matching row unless ``limit`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from storydiff.errors import InputError
from storydiff.render.tables import to_csv, to_jsonl

#: Most rows one page or JSON twin returns: a 1,000-row page is ~1 MB of HTML, the most a
#: phone renders without stalling (measured on the stories page in Chromium at 390 px).
MAX_LIMIT = 1000

#: Export suffixes and their media types.
EXPORTS = {".csv": "text/csv; charset=utf-8", ".jsonl": "application/x-ndjson; charset=utf-8"}


@dataclass
class Query:
    """The list parameters of one request (empty strings: not given)."""

    q: str = ""
    status: str = ""
    kind: str = ""
    outlet: str = ""
    sort: str = ""
    limit: int | None = None
    offset: int = 0
    reviewed: str = ""
    terms: list[str] = field(default_factory=list)

    def params(self, **changes: Any) -> dict[str, Any]:
        """The non-empty parameters, with ``changes`` applied (for links to other pages)."""
        values = {"q": self.q, "status": self.status, "kind": self.kind, "outlet": self.outlet,
                  "reviewed": self.reviewed, "sort": self.sort, "limit": self.limit, "offset": self.offset or None}
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None, 0)}

    def url(self, path: str, **changes: Any) -> str:
        """``path`` with these parameters (and ``changes``) as its query string."""
        params = self.params(**changes)
        return f"{path}?{urlencode(params)}" if params else path

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.status or self.kind or self.outlet or self.reviewed)


def _one(request: Request, name: str, choices: tuple[str, ...] | None = None) -> str:
    value = " ".join(request.query_params.get(name, "").split())[:200]
    if value and choices is not None and value not in choices:
        raise InputError(name, f"{value!r} is not one of {', '.join(choices)}")
    return value


def _number(request: Request, name: str, low: int, high: int | None) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InputError(name, f"{raw[:40]!r} is not a whole number") from None
    if value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise InputError(name, f"{value} is out of range: give a number {bound}")
    return value


#: ``reviewed`` on a findings list: any review, none yet, or one verdict.
REVIEWED = ("yes", "no", "confirmed", "dismissed", "unsure")


def parse_query(request: Request, *, statuses: tuple[str, ...], kinds: tuple[str, ...] | None,
                sorts: tuple[str, ...], reviewed: bool = False) -> Query:
    """The list parameters of a request, checked.

    Args:
        request: the request.
        statuses: the values ``status`` may take.
        kinds: the values ``kind`` may take (None: any).
        sorts: the values ``sort`` may take; the first is the default.
        reviewed: the list takes ``reviewed`` (:data:`REVIEWED`).

    Returns:
        The query; ``terms`` holds ``q`` as lower-case words.

    Raises:
        InputError: a parameter has a value the list does not know (the message lists
            the values it does).
    """
    query = Query(
        q=_one(request, "q"),
        status=_one(request, "status", statuses),
        kind=_one(request, "kind", kinds),
        outlet=_one(request, "outlet"),
        sort=_one(request, "sort", sorts),
        limit=_number(request, "limit", 1, MAX_LIMIT),
        offset=_number(request, "offset", 0, None) or 0,
        reviewed=_one(request, "reviewed", REVIEWED) if reviewed else "",
    )
    query.terms = query.q.lower().split()
    return query


def matches(terms: list[str], *texts: Any) -> bool:
    """Whether every term occurs in one of ``texts`` (case-insensitive substrings)."""
    if not terms:
        return True
    haystack = " ".join(" ".join(t) if isinstance(t, (list, tuple)) else str(t or "") for t in texts).lower()
    return all(term in haystack for term in terms)


@dataclass
class Window:
    """One page of a filtered list."""

    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int | None
    next: str | None
    previous: str | None

    def meta(self) -> dict[str, Any]:
        """What the JSON twin says about the page: ``total``, ``offset``, ``limit``,
        ``next`` and ``previous`` (URLs, or None)."""
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "next": self.next, "previous": self.previous}


def window(rows: list[dict[str, Any]], query: Query, path: str, *, default_limit: int | None) -> Window:
    """The page ``query`` asks for out of the filtered, sorted ``rows``.

    Args:
        rows: every matching row, in order.
        query: the request's parameters.
        path: the page's own path, for the ``next``/``previous`` links.
        default_limit: rows per page when ``limit`` is not given (None: all).

    Returns:
        The page, with links to its neighbours (keeping every other parameter).
    """
    limit = query.limit if query.limit is not None else default_limit
    start = min(query.offset, len(rows))
    end = len(rows) if limit is None else min(len(rows), start + limit)
    following = query.url(path, offset=end) if end < len(rows) else None
    preceding = query.url(path, offset=max(0, start - limit)) if limit and start > 0 else None
    return Window(rows=rows[start:end], total=len(rows), offset=start, limit=limit,
                  next=following, previous=preceding)


def export_suffix(request: Request) -> str | None:
    """``".csv"`` or ``".jsonl"`` when the request is for an export, else None."""
    path = request.url.path
    return next((suffix for suffix in EXPORTS if path.endswith(suffix)), None)


def export_body(suffix: str, rows: list[dict[str, Any]], *, columns: list[str] | None = None,
                csv_rows: Callable[[list[dict[str, Any]]], str] | None = None) -> bytes:
    """Rows as the UTF-8 body of a CSV or JSON Lines export.

    Args:
        suffix: from :func:`export_suffix`.
        rows: the rows (JSON-ready dicts).
        columns: the CSV header (when ``csv_rows`` is not given).
        csv_rows: a writer of CSV text for rows of a richer shape (findings).
    """
    if suffix == ".csv":
        body = csv_rows(rows) if csv_rows is not None else to_csv(rows, columns or [])
    else:
        body = to_jsonl(rows)
    return body.encode("utf-8")


def body_response(suffix: str, body: bytes, *, name: str) -> Response:
    """An export's body (:func:`export_body`) as a response, named ``name`` + suffix for a
    download."""
    headers = {"Content-Disposition": f'inline; filename="{name}{suffix}"'}
    return Response(body, media_type=EXPORTS[suffix], headers=headers)


def export_response(suffix: str, rows: list[dict[str, Any]], *, columns: list[str] | None = None,
                    csv_rows: Callable[[list[dict[str, Any]]], str] | None = None, name: str) -> Response:
    """Rows as a CSV or JSON Lines response, named ``name`` + suffix for a download
    (:func:`export_body` and :func:`body_response`)."""
    return body_response(suffix, export_body(suffix, rows, columns=columns, csv_rows=csv_rows), name=name)


__all__ = ["EXPORTS", "MAX_LIMIT", "REVIEWED", "Query", "Window", "body_response", "export_body", "export_response",
           "export_suffix", "matches", "parse_query", "window"]
