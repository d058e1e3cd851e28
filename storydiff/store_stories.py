"""The story tables of the store: clustering state, membership, merges and cached reports.

:class:`StoryRows` is the part of ``storydiff.store.Store`` that reads and writes them
(``Store`` is the class to use). A story's membership, its clustering state and the
index counters are written in ONE transaction per batch (:meth:`StoryRows.save_clustering`,
from the typed record :class:`storydiff.model.StoryChanges`), so after a kill -9 the file
holds a consistent clustering and a re-run goes on from it. Nothing here computes: the
index is loaded by ``storydiff.stream.load_story_index`` and a story's report by
``storydiff.reports.story_report``, both from what these methods read.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from storydiff.errors import NotFound, StoreError
from storydiff.model import Article, StoryChanges
from storydiff.serialize import article_from_dict
from storydiff.store_findings import save_findings
from storydiff.store_schema import day_to_text, now_text

# The position after a story's last member (one parameter: the story id). Not COUNT(*):
# positions have gaps where reassigned articles left.
_NEXT_POSITION = "SELECT COALESCE(MAX(position) + 1, 0) FROM story_articles WHERE story_id = ?"


class StoryRows:
    """The story tables; mixed into ``Store``, whose ``db``, ``path`` and ``transaction``
    it uses."""

    db: sqlite3.Connection
    path: str
    readonly: bool

    def story_index_meta(self) -> dict[str, Any] | None:
        """The story index's saved counters and settings (``StoryIndex.meta``), or None
        when no story was ever saved."""
        row = self.db.execute("SELECT value FROM story_meta WHERE key = 'index'").fetchone()
        return None if row is None else json.loads(row["value"])

    def story_terms(self) -> dict[str, int]:
        """In how many articles each term of story clustering occurs (as last saved)."""
        return {r["term"]: r["df"] for r in self.db.execute("SELECT term, df FROM story_terms")}

    def story_recent(self) -> list[tuple[str, dict[str, Any]]]:
        """``(article id, Contribution.to_dict())`` of the articles whose second look is
        still to come, in the order they were added."""
        return [(r["article_id"], json.loads(r["data"]))
                for r in self.db.execute("SELECT article_id, data FROM story_recent ORDER BY seq")]

    def story_states(self, ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """Saved states (``StoryState.to_dict()``) of the given stories, or of all."""
        if ids is None:
            yield from (json.loads(r["state"]) for r in self.db.execute("SELECT state FROM stories"))
            return
        # In chunks: SQLite limits the parameters of one statement (999 in old builds).
        for n in range(0, len(ids), 500):
            chunk = ids[n : n + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT state FROM stories WHERE id IN ({marks})", chunk):
                yield json.loads(r["state"])

    def story_spans(self) -> list[dict[str, Any]]:
        """Per saved story what decides whether it is held in memory: ``id``, ``title``,
        ``last_day``, ``undated`` and ``article_ids``.

        One pass reading only those fields (SQLite's JSON functions, no Python object
        per term), so that listing a long stream's stories does not load their states.
        """
        rows = self.db.execute(
            "SELECT id, title, json_extract(state, '$.last_day') AS last_day, "
            "json_extract(state, '$.undated') AS undated, json_extract(state, '$.article_ids') AS ids FROM stories"
        ).fetchall()
        return [{"id": r["id"], "title": r["title"], "last_day": r["last_day"], "undated": r["undated"],
                 "article_ids": json.loads(r["ids"])} for r in rows]

    def retired_story_states(self, start: float, end: float) -> list[dict]:
        """Saved states of the stories whose span meets ``[start, end)`` (days since the epoch).

        What :meth:`StoryIndex.revive` takes for an article dated before the retirement
        horizon (:meth:`StoryIndex.revival_window` gives the days). Live stories may be
        among them; ``revive`` ignores those.

        Args:
            start: stories whose newest article is at or after this day...
            end: ...and whose oldest is before this day.

        Returns:
            ``StoryState.to_dict()`` forms.
        """
        # The columns hold the span to the second (_day_to_text); widened by a day so
        # rounding never leaves a story out (an extra one is harmless: revived, it takes
        # no article it could not take anyway and is retired again).
        rows = self.db.execute(
            "SELECT state FROM stories WHERE last_published >= ? AND first_published < ?",
            (day_to_text(start - 1), day_to_text(end + 1)),
        )
        return [json.loads(r["state"]) for r in rows]

    def save_clustering(self, changes: StoryChanges) -> None:
        """Write what story clustering changed, new members included, atomically.

        Stories merged into others (``changes.merged``) leave the ``stories`` table; their
        articles move to the end of the story that took them, and ``story_merges`` keeps
        where each went (:meth:`resolve_story`). Articles moved (``changes.moved``) move
        to the end of their new story. What the recent articles added to their stories
        (``changes.recent_added``) is kept until their second look is over
        (``changes.recent_dropped``).

        Args:
            changes: the record ``StoryIndex.changes()`` made since the last save; its
                ``assigned`` are the articles added since, with the story each joined.

        Raises:
            StoreError: the file cannot be written.
        """
        merged = dict(changes.merged)

        def final(story_id: str) -> str:
            while story_id in merged:
                story_id = merged[story_id]
            return story_id

        now = now_text()
        try:
            with self.transaction():
                for story in changes.stories:
                    days = [story["first_day"], story["last_day"]]
                    first, last = (None if d is None else day_to_text(d) for d in days)
                    self.db.execute(
                        """INSERT INTO stories (id, title, size, first_published, last_published, revision, state, updated_at)
                           VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                           ON CONFLICT(id) DO UPDATE SET size = excluded.size,
                               first_published = excluded.first_published, last_published = excluded.last_published,
                               revision = stories.revision + 1, state = excluded.state, updated_at = excluded.updated_at""",
                        (story["id"], story["title"], len(story["article_ids"]), first, last, json.dumps(story), now),
                    )
                # Merges first, in the order they happened: a merged story's saved members
                # go to the end of the story that took them, as in its state.
                for source, target in changes.merged:
                    count = self.db.execute(_NEXT_POSITION, (target,)).fetchone()[0]
                    self.db.execute("UPDATE story_articles SET story_id = ?, position = position + ? "
                                    "WHERE story_id = ?", (target, count, source))
                    self.db.execute("DELETE FROM reports WHERE story_id = ?", (source,))
                    self.db.execute("DELETE FROM stories WHERE id = ?", (source,))
                    self.db.execute("INSERT OR REPLACE INTO story_merges (id, into_id, merged_at) VALUES (?, ?, ?)",
                                    (source, target, now))
                for article_id, story_id in changes.assigned:
                    story_id = final(story_id)
                    self.db.execute(
                        "INSERT OR IGNORE INTO story_articles (article_id, story_id, position) "
                        f"VALUES (?, ?, ({_NEXT_POSITION}))",
                        (int(article_id), story_id, story_id),
                    )
                # Moves last: an article added and moved since the last save is in place.
                for article_id, _, target in changes.moved:
                    self.db.execute(
                        f"UPDATE story_articles SET story_id = ?, position = ({_NEXT_POSITION}) WHERE article_id = ?",
                        (target, target, int(article_id)),
                    )
                if changes.moved:
                    # Consolidation folds splinters again after moving articles: positions
                    # as the index orders members, whatever order merges and moves came in.
                    self.db.executemany(
                        "UPDATE story_articles SET position = ? WHERE article_id = ? AND story_id = ?",
                        [(n, int(a), story["id"]) for story in changes.stories
                         for n, a in enumerate(story["article_ids"])],
                    )
                self.db.executemany("DELETE FROM story_recent WHERE article_id = ?",
                                    [(a,) for a in changes.recent_dropped])
                self.db.executemany(
                    "INSERT OR REPLACE INTO story_recent (article_id, data) VALUES (?, ?)",
                    [(a, json.dumps(data)) for a, data in changes.recent_added],
                )
                self.db.executemany(
                    "INSERT INTO story_terms (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = excluded.df",
                    list(changes.df.items()),
                )
                self.db.execute(
                    "INSERT INTO story_meta (key, value) VALUES ('index', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (json.dumps(changes.meta),),
                )
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot store stories ({error}); check free disk space") from None

    def list_stories(self) -> list[dict]:
        """Every story with what `storydiff stories` shows, largest first.

        Returns:
            Dicts with ``id, title, size, outlets, first_published, last_published,
            revision, conflicts, outlet_names`` (``conflicts`` is None when no up-to-date
            report is cached). The first and last publication are the members' own
            ``published`` values, so a date-only article stays a date (the stories table
            keeps a day number, which places a date at noon UTC); ``outlet_names`` lists
            the distinct outlets, alphabetically.
        """
        # Two plain reads, both from covering indexes (migration 8: a story's row holds
        # its clustering state, an article's its text, and reading either row was most
        # of the time at 10,000 stories, bench/web_pages.py), grouped here.
        members: dict[str, tuple[set[str], list[str]]] = {}
        for story_id, outlet, published in self.db.execute(
                "SELECT m.story_id, a.outlet, a.published FROM story_articles m "
                "JOIN articles a INDEXED BY articles_list ON a.id = m.article_id"):
            outlets, dates = members.setdefault(story_id, (set(), []))
            outlets.add(outlet)
            if published:
                dates.append(published)
        rows = self.db.execute(
            """SELECT s.id, s.title, s.size, s.revision, s.first_published, s.last_published,
                      r.conflicts AS conflicts, r.revision AS report_revision
               FROM stories s INDEXED BY stories_list LEFT JOIN reports r ON r.story_id = s.id
               ORDER BY s.size DESC, CAST(SUBSTR(s.id, 2) AS INTEGER)"""
        )
        out = []
        for row in rows:
            item = dict(row)
            if item.pop("report_revision") != item["revision"]:
                item["conflicts"] = None
            outlets, dates = members.get(item["id"], (set(), []))
            if dates:
                item["first_published"], item["last_published"] = min(dates), max(dates)
            item["outlets"] = len(outlets)
            item["outlet_names"] = sorted(name for name in outlets if name)
            out.append(item)
        return out

    def story_articles(self, story_id: str) -> list[Article]:
        """A story's analysed articles, in the order they joined it.

        Raises:
            NotFound: no story has that id.
        """
        story_id = self.resolve_story(story_id)
        if self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is None:
            raise NotFound(f"{self.path}: no story with id {story_id!r}; list them with `storydiff stories --db {self.path}`")
        rows = self.db.execute(
            "SELECT n.analysis FROM story_articles m JOIN analyses n ON n.article_id = m.article_id "
            "WHERE m.story_id = ? ORDER BY m.position",
            (story_id,),
        )
        return [article_from_dict(json.loads(row["analysis"])) for row in rows]

    def story_membership(self, story_id: str) -> list[str]:
        """Ids of a story's articles in the order they joined it (empty for no such story)."""
        story_id = self.resolve_story(story_id)
        rows = self.db.execute("SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position", (story_id,))
        return [str(row[0]) for row in rows]

    def resolve_story(self, story_id: str) -> str:
        """The id a story goes by now: itself, or the story it was merged into (see
        ``StoryIndex.consolidate``), followed to the end; unknown ids come back as given."""
        seen = {story_id}
        while True:
            row = self.db.execute("SELECT into_id FROM story_merges WHERE id = ?", (story_id,)).fetchone()
            if row is None or row["into_id"] in seen:
                return story_id
            story_id = row["into_id"]
            seen.add(story_id)

    def story_of(self, article_id: int | str) -> str | None:
        """The story an article belongs to, or None."""
        if not str(article_id).isdigit():
            return None
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (int(article_id),)).fetchone()
        return None if row is None else row["story_id"]

    def story_revision(self, story_id: str) -> tuple[str, str, int]:
        """A story's id now (:meth:`resolve_story`), title and revision (+1 each time it
        changes).

        Raises:
            NotFound: no story has that id.
        """
        story_id = self.resolve_story(story_id)
        row = self.db.execute("SELECT title, revision FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFound(f"{self.path}: no story with id {story_id!r}; list them with `storydiff stories --db {self.path}`")
        return story_id, row["title"], int(row["revision"])

    def cached_report(self, story_id: str) -> tuple[dict, str, int] | None:
        """The cached report of one story when it is up to date; never computes one.

        A plain read, so the web app serves it without queueing behind comparisons.

        Args:
            story_id: the story's id (a merged story's old id is followed).

        Returns:
            ``(report dict, story id, revision)``, or None when no report is cached for the
            story's current revision.

        Raises:
            NotFound: no story has that id.
        """
        fresh = self.cached_revision(story_id)
        if fresh is None:
            return None
        story_id, revision = fresh
        row = self.db.execute("SELECT report FROM reports WHERE story_id = ?", (story_id,)).fetchone()
        return json.loads(row["report"]), story_id, revision

    def cached_revision(self, story_id: str) -> tuple[str, int] | None:
        """``(story id, revision)`` when the story's cached report is up to date, else None;
        reads no report (the web app's rendered pages are kept under it).

        Raises:
            NotFound: no story has that id.
        """
        story_id = self.resolve_story(story_id)
        row = self.db.execute(
            "SELECT s.revision AS revision, r.revision AS cached FROM stories s "
            "LEFT JOIN reports r ON r.story_id = s.id WHERE s.id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFound(f"{self.path}: no story with id {story_id!r}; list them with `storydiff stories --db {self.path}`")
        if row["cached"] is None or row["cached"] != row["revision"]:
            return None
        return story_id, int(row["revision"])

    def cache_report(self, story_id: str, revision: int, report: dict[str, Any], conflicts: int) -> None:
        """Keep a story's report, computed at ``revision``, with its count of conflicts
        (what :meth:`list_stories` shows while the revision holds); a file opened read-only
        keeps nothing."""
        if self.readonly:
            return
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO reports (story_id, revision, conflicts, report, computed_at) VALUES (?, ?, ?, ?, ?)",
                (story_id, revision, conflicts, json.dumps(report, ensure_ascii=False), now_text()),
            )
            save_findings(self.db, story_id, revision, report)
