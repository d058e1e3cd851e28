"""The findings tables of the store and what reads them: people's reviews, the change
signature, full-text search over stories, and outlets across stories.

:class:`FindingRows` is the part of ``storydiff.store.Store`` that reads and writes them
(``Store`` is the class to use). ``findings`` and ``evidence`` hold each cached report's
findings as rows of their own (:func:`save_findings`, called where a report is cached),
so any SQLite tool (Datasette) browses and joins them; ``reviews`` holds people's
verdicts by finding key (``storydiff.review``); ``story_search`` is an FTS5 index over
each story's titles, outlets and texts.
"""

from __future__ import annotations

import json
import sqlite3

from storydiff.errors import StoreError
from storydiff.review import Review, finding_key


def save_findings(db: sqlite3.Connection, story_id: str, revision: int, report: dict) -> None:
    """Replace a story's rows in ``findings`` and ``evidence`` with its report's (inside
    the caller's transaction)."""
    db.execute("DELETE FROM evidence WHERE story_id = ?", (story_id,))
    db.execute("DELETE FROM findings WHERE story_id = ?", (story_id,))
    known = {int(row[0]) for row in db.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ?", (story_id,))}
    for finding in report.get("findings", []):
        db.execute(
            "INSERT INTO findings (story_id, id, key, revision, status, kind, summary, subject) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (story_id, finding["id"], finding_key(finding), revision, finding.get("status", ""),
             finding.get("kind", ""), finding.get("summary", ""), finding.get("subject")),
        )
        for position, item in enumerate(finding.get("evidence", [])):
            article = str(item.get("article", ""))
            # Only the story's own stored articles: their ids are the articles table's.
            if not article.isdigit() or int(article) not in known:
                continue
            db.execute(
                'INSERT INTO evidence (story_id, finding_id, position, article_id, start, "end", text, value) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (story_id, finding["id"], position, int(article), item.get("start", 0), item.get("end", 0),
                 item.get("text", ""), item.get("value")),
            )


def search_terms(word: str) -> list[str]:
    """The FTS5 terms of one typed word: its letters and digits, lower-cased (the index's
    unicode61 tokenizer splits the same way, so a quote or a dash cannot break the query)."""
    return [part for part in "".join(c.lower() if c.isalnum() else " " for c in word).split() if part]


class FindingRows:
    """Reviews, search, outlets and the change signature; mixed into ``Store``, whose
    ``db``, ``path``, ``readonly`` and ``transaction`` it uses."""

    db: sqlite3.Connection
    path: str
    readonly: bool

    # -- reviews ------------------------------------------------------------------------------

    def save_review(self, review, *, story_id: str | None = None) -> None:
        """Keep a person's review of a finding (a later one of the same finding replaces it).

        Args:
            review: a :class:`storydiff.review.Review`.
            story_id: the story it was made on, for the record.

        Raises:
            StoreError: the database cannot be written.
        """
        try:
            with self.transaction():
                self.db.execute(
                    "INSERT OR REPLACE INTO reviews (scope, finding_key, story_id, verdict, note, reviewer, reviewed_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (review.scope, review.key, story_id, review.verdict, review.note, review.reviewer, review.at),
                )
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot store the review ({error}); check free disk space") from None

    def reviews_version(self) -> str:
        """A short string that changes with every review saved (a replaced review gets a
        new rowid), for keeping pages that show reviews."""
        row = self.db.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM reviews").fetchone()
        return f"{row[0]}:{row[1]}"

    def reviews(self, scope: str = "") -> dict:
        """Every review in one scope ('' for the store's stories), by finding key.

        Returns:
            finding key -> :class:`storydiff.review.Review`.
        """
        rows = self.db.execute(
            "SELECT finding_key, verdict, note, reviewer, reviewed_at FROM reviews WHERE scope = ?", (scope,))
        return {row[0]: Review(key=row[0], verdict=row[1], note=row[2], reviewer=row[3], at=row[4], scope=scope)
                for row in rows}

    def signature(self) -> str:
        """A short string that changes whenever a story changes (an article joins, a merge)
        or a report is computed: a reader may keep what it derived from the stories until
        it changes (the web app's stories and outlets lists do)."""
        # Revisions only grow, and a merge removes a story: count and sum move on every
        # change. Only columns stored before the rows' large JSON are read (updated_at and
        # computed_at come after it: reading them made this 360 ms at 10,000 stories).
        row = self.db.execute(
            """SELECT (SELECT COUNT(*) || ':' || COALESCE(SUM(revision), 0) FROM stories),
                      (SELECT COUNT(*) || ':' || COALESCE(SUM(revision), 0) FROM reports)""").fetchone()
        return f"{row[0]}|{row[1]}"

    # -- search ---------------------------------------------------------------------------------

    def search_stories(self, words: list[str]) -> list[str]:
        """The ids of the stories whose title, outlets or articles hold every word (each
        word also matches as the start of a longer one: "putin" finds "Putin's").

        The index is brought up to date first: stories new or changed since the last
        search are (re)indexed, stories gone are dropped.

        Args:
            words: the words, as a user typed them (any punctuation is a separator).

        Returns:
            Story ids, in no particular order.
        """
        if not self.readonly:  # a read-only file is searched as it was last indexed
            self._refresh_search()
        terms = [term for word in words for term in search_terms(word)]
        if not terms:
            return []
        expression = " ".join(f'"{term}"*' for term in terms)
        # No ORDER BY rank: the callers filter a list they sort themselves, so computing
        # bm25 for every match would be wasted. The ids come back as one JSON array built
        # inside SQLite: a word in every one of 10,000 stories took 79 ms as 10,000 rows
        # stepped one by one from Python, the index lookup itself ~1 ms (bench/web_pages.py).
        (found,) = self.db.execute(
            "SELECT json_group_array(x.story_id) FROM story_search f JOIN story_search_state x ON x.doc = f.rowid "
            "WHERE story_search MATCH ?", (expression,)).fetchone()
        return json.loads(found)

    def _refresh_search(self) -> None:
        # Up to date when the indexed revisions add up to the stories' (see signature()).
        now = self.db.execute("SELECT COUNT(*), COALESCE(SUM(revision), 0) FROM stories").fetchone()
        indexed = self.db.execute("SELECT COUNT(*), COALESCE(SUM(revision), 0) FROM story_search_state").fetchone()
        if tuple(now) == tuple(indexed):
            return
        stale = self.db.execute(
            """SELECT s.id, s.revision, s.title FROM stories s LEFT JOIN story_search_state x ON x.story_id = s.id
               WHERE x.revision IS NULL OR x.revision != s.revision""").fetchall()
        gone = [row[0] for row in self.db.execute(
            "SELECT story_id FROM story_search_state WHERE story_id NOT IN (SELECT id FROM stories)")]
        if not stale and not gone:
            return
        try:
            with self.transaction():
                for story_id in gone + [row[0] for row in stale]:
                    doc = self.db.execute("SELECT doc FROM story_search_state WHERE story_id = ?", (story_id,)).fetchone()
                    if doc is not None:
                        self.db.execute("DELETE FROM story_search WHERE rowid = ?", (doc[0],))
                        self.db.execute("DELETE FROM story_search_state WHERE doc = ?", (doc[0],))
                for story_id, revision, title in stale:
                    parts = self.db.execute(
                        """SELECT GROUP_CONCAT(DISTINCT a.outlet), GROUP_CONCAT(a.title || char(10) || a.text, char(10))
                           FROM story_articles m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?""",
                        (story_id,)).fetchone()
                    doc = self.db.execute("INSERT INTO story_search_state (story_id, revision) VALUES (?, ?)",
                                          (story_id, revision)).lastrowid
                    self.db.execute("INSERT INTO story_search (rowid, title, outlets, body) VALUES (?, ?, ?, ?)",
                                    (doc, title, parts[0] or "", parts[1] or ""))
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot update the search index ({error}); check free disk space") from None

    # -- outlets --------------------------------------------------------------------------------

    def outlets(self, name: str | None = None) -> list[dict]:
        """Each outlet's share of the store: articles, stories, and findings by status
        (from the findings table: stories whose report was computed).

        Args:
            name: only this outlet (None: all).

        Returns:
            ``{"outlet", "articles", "stories", "findings", "conflict", "corroborated",
            "complementary", "single_source"}`` per outlet, most articles first.
        """
        where, args = ("WHERE a.outlet = ?", (name,)) if name is not None else ("", ())
        rows = self.db.execute(
            f"""SELECT a.outlet, COUNT(*) AS articles, COUNT(DISTINCT m.story_id) AS stories
                FROM articles a LEFT JOIN story_articles m ON m.article_id = a.id {where}
                GROUP BY a.outlet ORDER BY articles DESC, a.outlet""", args).fetchall()
        out = {row[0]: {"outlet": row[0], "articles": row[1], "stories": row[2], "findings": 0,
                        "conflict": 0, "corroborated": 0, "complementary": 0, "single_source": 0} for row in rows}
        counted = self.db.execute(
            f"""SELECT a.outlet, f.status, COUNT(DISTINCT f.story_id || '/' || f.id)
                FROM evidence e JOIN articles a ON a.id = e.article_id
                JOIN findings f ON f.story_id = e.story_id AND f.id = e.finding_id {where}
                GROUP BY a.outlet, f.status""", args)
        for outlet, status, count in counted:
            if outlet in out:
                out[outlet][status] = out[outlet].get(status, 0) + count
                out[outlet]["findings"] += count
        return list(out.values())

    def outlet_conflicts(self, name: str) -> list[dict]:
        """The outlets that ``name`` conflicts with, and in how many findings.

        Returns:
            ``{"outlet", "conflicts"}``, most conflicts first.
        """
        rows = self.db.execute(
            """SELECT b.outlet, COUNT(DISTINCT f.story_id || '/' || f.id) AS conflicts
               FROM evidence e JOIN articles a ON a.id = e.article_id AND a.outlet = ?
               JOIN findings f ON f.story_id = e.story_id AND f.id = e.finding_id AND f.status = 'conflict'
               JOIN evidence o ON o.story_id = f.story_id AND o.finding_id = f.id
               JOIN articles b ON b.id = o.article_id AND b.outlet != a.outlet
               GROUP BY b.outlet ORDER BY conflicts DESC, b.outlet""", (name,))
        return [{"outlet": row[0], "conflicts": row[1]} for row in rows]

    def outlet_stories(self, name: str) -> list[dict]:
        """The stories an outlet has articles in: ``{"id", "title", "size", "articles"}``,
        the largest first."""
        rows = self.db.execute(
            """SELECT s.id, s.title, s.size, COUNT(*) AS articles
               FROM articles a JOIN story_articles m ON m.article_id = a.id JOIN stories s ON s.id = m.story_id
               WHERE a.outlet = ? GROUP BY s.id ORDER BY s.size DESC, s.id""", (name,))
        return [dict(row) for row in rows]
