"""Where the web app finds stories and reports: the SQLite store, plus this server's own
comparisons.

A request only ever names an *id*; ids are checked against :data:`ID_PATTERN` and looked
up here, never joined into a path, so no part of a request reaches the file system.

Stories and their reports come from ``storydiff.store.Store`` (each call opens its own
connection, so it can run in a worker thread). Comparisons made in the browser are kept
in the store's ``comparisons`` table when the server has a database (``--db``), so they
outlive a restart; without one they are kept in memory, the newest :attr:`Catalog.keep`.
Either way each has a URL, ``/reports/c-<hex>``.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

from storydiff.errors import InputError, NotFound
from storydiff.model import Report
from storydiff.render.json import report_from_dict, report_to_dict
from storydiff.reports import story_report
from storydiff.review import Review, attach_reviews, check_review
from storydiff.store import Store
from storydiff.web import presenters

#: What an id in a URL may look like. Store ids and our own ``c-<hex>`` ids fit; anything
#: else (dots, slashes, percent-escapes) is refused before any lookup.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:-]{0,63}$")


def check_id(value: str, what: str) -> str:
    """Return ``value`` when it is a well-formed id, else raise ``NotFound``.

    Args:
        value: the id as it came in the URL.
        what: "story", "report" or "article", for the message.

    Returns:
        The id unchanged.

    Raises:
        NotFound: the id is malformed (it cannot name anything).
    """
    if not ID_PATTERN.match(value):
        raise NotFound(f"no {what} with id {value[:80]!r}: ids are letters, digits, '-', '_' and ':'")
    return value


def as_report_dict(report: Report | dict[str, Any]) -> dict[str, Any]:
    """Any report as the ``storydiff.report/1`` dict the pages are rendered from.

    Args:
        report: a ``Report``, or a dict already in the contract's form (from the store or
            a JSON file). A dict without the derived ``matrix``/``timeline`` is read back and
            written again so every page gets them.

    Returns:
        The dict, as ``storydiff.render.json.report_to_dict`` writes it.
    """
    if isinstance(report, Report):
        return report_to_dict(report)
    if "matrix" in report and "timeline" in report:
        return report
    return report_to_dict(report_from_dict(report))


def summarize(report_id: str, report: dict[str, Any], *, kind: str) -> dict[str, Any]:
    """One line of the list page: size, outlets, span and conflicts of a report.

    Args:
        report_id: the story or report id.
        report: its report dict.
        kind: ``"story"`` or ``"report"`` (a comparison made here).

    Returns:
        ``{"id", "kind", "title", "size", "outlets", "start", "end", "conflicts", "findings"}``.
    """
    articles = report.get("articles", [])
    story = report.get("story") or {}
    start, end = presenters.span_of_dates(articles)
    title = story.get("title") or next((a.get("title") for a in articles if a.get("title")), "") or ""
    return {
        "id": report_id,
        "kind": kind,
        "title": title,
        "size": len(articles),
        "outlets": list(dict.fromkeys(presenters.article_label(a) for a in articles)),
        "start": start,
        "end": end,
        "conflicts": presenters.status_counts(report).get("conflict", 0),
        "findings": len(report.get("findings", [])),
    }


#: Lists derived from a store, kept until the store's signature changes: (db, list name)
#: -> (signature, rows). At 10,000 stories the stories list's grouped query takes most of
#: a second on a busy 2-core machine (bench/web_pages.py), the signature a millisecond.
_DERIVED: OrderedDict[tuple[str, str], tuple[str, Any]] = OrderedDict()
_DERIVED_LOCK = threading.Lock()
_MISSING = object()


def _kept(table: OrderedDict, entry: tuple[str, str], signature: str) -> Any:
    """What ``table`` keeps for ``entry`` under ``signature`` (now the most recently
    used), or ``_MISSING``."""
    with _DERIVED_LOCK:
        found = table.get(entry)
        if found is None or found[0] != signature:
            return _MISSING
        table.move_to_end(entry)
        return found[1]


def _keep(table: OrderedDict, entry: tuple[str, str], signature: str, value: Any, bound: int | None = None) -> None:
    """Keep ``value`` for ``entry`` under ``signature``; past ``bound`` entries, drop the
    least recently used."""
    with _DERIVED_LOCK:
        table[entry] = (signature, value)
        table.move_to_end(entry)
        while bound is not None and len(table) > bound:
            table.popitem(last=False)


def _derived(db: Path, name: str, compute) -> Any:
    """``compute(store)``, or what it gave last time while the store has not changed."""
    with Store.for_reading(db) as store:
        signature = store.signature()
        value = _kept(_DERIVED, (str(db), name), signature)
        if value is not _MISSING:
            return value
        value = compute(store)
    _keep(_DERIVED, (str(db), name), signature, value)
    return value


#: Export bodies kept: (db, export key) -> (signature, body), newest last. The stories
#: list's CSV at 10,000 stories is 2.3 MB and took 674 ms to write on a busy 2-core
#: machine (docs/benchmarks.md); a repeated download of the same query costs the
#: signature read instead. Four bodies: ~10 MB at that size, enough for the plain list's
#: CSV and JSON Lines and a couple of searches.
EXPORTS_KEPT = 4
_EXPORTS: OrderedDict[tuple[str, str], tuple[str, bytes]] = OrderedDict()


def kept_export(db: Path, key: str, compute: Callable[[], bytes]) -> bytes:
    """``compute()`` (an export's encoded body), or the body it gave last time for ``key``
    while the store's signature has not changed. At most :data:`EXPORTS_KEPT` bodies are
    kept, the least recently used dropped first.

    The signature is read before ``compute`` runs, so a body is never kept under a
    signature newer than the data it was written from: the first read after a change
    writes the body afresh.

    Args:
        db: the store.
        key: what identifies the export within the store (its suffix and query).
        compute: writes the body (opens its own connections).
    """
    with Store.for_reading(db) as store:
        signature = store.signature()
    body = _kept(_EXPORTS, (str(db), key), signature)
    if body is _MISSING:
        body = compute()
        _keep(_EXPORTS, (str(db), key), signature, body, EXPORTS_KEPT)
    return body


def list_stories(db: Path) -> list[dict[str, Any]]:
    """Summaries of the stories in ``db`` for the list page (opens its own connection, so
    it can run in any thread; kept while the store does not change). Treat them as
    read-only: the next request gets the same dicts.

    Returns:
        One dict per story: ``id, kind, title, size, outlets`` (how many), ``outlet_names``, ``start, end``
        (first and last publication), ``conflicts`` (None until the story's report is
        computed), largest story first as ``Store.list_stories`` orders them.
    """
    return _derived(db, "stories", lambda store: _story_rows(store.list_stories()))


def _story_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "kind": "story",
            "title": " ".join((row.get("title") or "").split()),
            "size": row["size"],
            "outlets": row.get("outlets"),
            "outlet_names": row.get("outlet_names", []),
            "start": row.get("first_published"),
            "end": row.get("last_published"),
            "conflicts": row.get("conflicts"),
        }
        for row in rows
    ]


def load_story_report(db: Path, story_id: str) -> dict[str, Any]:
    """One story's report from ``db`` as a ``storydiff.report/1`` dict, each finding with
    its ``key`` and, where a person reviewed it, its ``review``.

    ``storydiff.reports.story_report`` serves it from the store's cache when the story has
    not changed, and otherwise runs the compare stage (seconds), so callers run this off the event loop
    (``CompareRunner.call``). It opens its own connection: safe in a worker thread or
    process.

    Raises:
        NotFound: no story with that id.
    """
    check_id(story_id, "story")
    try:
        with Store.for_reading(db) as store:
            report = as_report_dict(story_report(store, story_id))
            # People's reviews, attached by finding key: kept apart from the cached
            # report, so they outlive its recomputation (storydiff.review).
            return attach_reviews(report, store.reviews())
    except NotFound:
        raise _no_story(story_id) from None


def _no_story(story_id: str) -> NotFound:
    # The store's message names its file and a command; a browser user gets neither.
    return NotFound(f"no story with id {story_id!r}; the stories are listed at /")


def cached_story_report(db: Path, story_id: str) -> tuple[dict[str, Any], str] | None:
    """A story's report (with its reviews) when the store has it cached for the story's
    current revision, with a key that changes with the revision and with any review (for
    the rendered-page cache); None when it must be computed. A plain SQL read: callers
    run it in a thread of its own, never in the compare pool, so cached reads never wait
    behind comparisons.

    Raises:
        NotFound: no story with that id.
    """
    check_id(story_id, "story")
    try:
        with Store.for_reading(db) as store:
            found = store.cached_report(story_id)
            if found is None:
                return None
            data, current, revision = found
            return (attach_reviews(as_report_dict(data), store.reviews()),
                    f"{current}@{revision}/{store.reviews_version()}")
    except NotFound:
        raise _no_story(story_id) from None


def cached_story_version(db: Path, story_id: str) -> str | None:
    """The key of a story's rendered pages (``s1@4/2:7``: its id, its revision and the
    reviews' version) when the store has its report cached and up to date, else None.
    Small SQL reads, in a thread.

    Raises:
        NotFound: no story with that id.
    """
    check_id(story_id, "story")
    try:
        with Store.for_reading(db) as store:
            found = store.cached_revision(story_id)
            return None if found is None else f"{found[0]}@{found[1]}/{store.reviews_version()}"
    except NotFound:
        raise _no_story(story_id) from None


class Catalog:
    """Stories and reports for the web app.

    Args:
        db: the SQLite file of ``storydiff ingest`` (None: no stories, comparisons in memory).
        keep: how many comparisons the list page shows, newest first; without a database,
            also how many are kept at all (oldest dropped first). A database keeps them all.
    """

    def __init__(self, db: Path | None, keep: int = 100):
        self.db = db
        self.keep = keep
        self._memory: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        #: The database cannot be written (a read-only file or disk): its stories are
        #: served, and comparisons made here are kept in memory.
        self.readonly = False
        if db is not None:
            # Opened once now, so a file that is not a storydiff store stops the server
            # at start with one line rather than answering 500 on every page.
            with Store.for_reading(db) as store:
                self.readonly = store.readonly

    def save_review(self, story_id: str, key: str, verdict: str, note: str, reviewer: str) -> dict[str, Any]:
        """Keep a person's review of one finding of a story (in the store: reviews need a
        database, so they outlive the server).

        Returns:
            The review as ``{key, verdict, note, reviewer, at, scope}``.

        Raises:
            NotFound: this server has no database.
            InputError: the verdict or note is not acceptable.
        """
        db = self.require_db(story_id)
        if self.readonly:
            raise InputError("review", "this server's database is read-only, so a review cannot be kept")
        verdict, note, reviewer = check_review(verdict, note, reviewer)
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        review = Review(key=key, verdict=verdict, note=note, reviewer=reviewer, at=at)
        with Store(db) as store:
            store.save_review(review, story_id=story_id)
        return review.to_dict()

    def require_db(self, story_id: str) -> Path:
        """The database path, or ``NotFound`` when this server has none."""
        check_id(story_id, "story")
        if self.db is None:
            raise NotFound(f"no story {story_id!r}: this server has no database of stories; "
                           "compare articles at /compare")
        return self.db

    # -- comparisons made here ----------------------------------------------------------
    # With a database these read and write SQLite: views call them in a worker thread.
    def save_report(self, report: Report | dict[str, Any]) -> str:
        """Keep a comparison's report and return its id (``c-`` and 12 hex digits).

        Raises:
            StoreError: the database cannot be written.
        """
        data = as_report_dict(report)
        report_id = "c-" + secrets.token_hex(6)
        if self.db is not None and not self.readonly:
            summary = summarize(report_id, data, kind="report")
            with Store(self.db) as store:
                store.save_comparison(report_id, data, summary)
            return report_id
        with self._lock:
            self._memory[report_id] = data
            while len(self._memory) > self.keep:
                self._memory.popitem(last=False)
        return report_id

    def report(self, report_id: str) -> dict[str, Any]:
        """A comparison's report by id.

        Raises:
            NotFound: no such report (without a database: it may have been dropped).
        """
        check_id(report_id, "report")
        with self._lock:
            data = self._memory.get(report_id)
        if data is not None:
            return data
        if self.db is not None:
            try:
                with Store.for_reading(self.db) as store:
                    return store.comparison(report_id)
            except NotFound:
                raise NotFound(f"no comparison {report_id!r} in this server's database; "
                               "run the comparison again at /compare") from None
        raise NotFound(
            f"no comparison {report_id!r}: it was never made here, or the server was restarted "
            "and keeps comparisons only while it runs; run the comparison again at /compare"
        )

    def reports(self) -> list[dict[str, Any]]:
        """Summaries of the newest :attr:`keep` comparisons, newest first."""
        with self._lock:
            items = list(self._memory.items())
        made = [summarize(rid, data, kind="report") for rid, data in reversed(items)]
        if self.db is not None:
            with Store.for_reading(self.db) as store:
                made += [{key: value for key, value in row.items() if key != "created_at"}
                         for row in store.list_comparisons(limit=self.keep)]
        return made[: self.keep]


def list_outlets(db: Path) -> list[dict[str, Any]]:
    """Every outlet in ``db`` with its articles, stories and findings by status, and the
    share of its findings that rest on it alone (``single_share``, 0..1, None without
    findings). Findings come from the stories whose report was computed."""
    return _derived(db, "outlets", lambda store: [_with_share(row) for row in store.outlets()])


def outlet_detail(db: Path, name: str) -> dict[str, Any]:
    """One outlet: its counts (as :func:`list_outlets`), its stories, and the outlets it
    conflicts with.

    Raises:
        NotFound: no article in ``db`` has that outlet.
    """
    with Store.for_reading(db) as store:
        rows = store.outlets(name)
        if not rows:
            raise NotFound(f"no outlet named {name[:120]!r}; the outlets are listed at /outlets")
        return {**_with_share(rows[0]), "stories_list": store.outlet_stories(name),
                "conflicts_with": store.outlet_conflicts(name)}


def _with_share(row: dict[str, Any]) -> dict[str, Any]:
    findings = row.get("findings") or 0
    return {**row, "single_share": round(row["single_source"] / findings, 3) if findings else None}


def search_stories(db: Path, words: list[str]) -> list[str]:
    """Ids of the stories of ``db`` whose title, outlets or articles hold every word
    (SQLite FTS5, ``Store.search_stories``)."""
    with Store.for_reading(db) as store:
        return store.search_stories(words)
