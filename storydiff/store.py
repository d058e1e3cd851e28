"""The SQLite store: the only module that writes SQL.

One file, WAL mode, readable by any SQLite tool. ``articles`` holds one row per distinct
article, keyed by the content hash of its cleaned text, so ingesting the same content again
is a no-op (idempotent). Each call to :meth:`Store.add_articles` writes its articles in
transactions of ``settings.STORE_BATCH_SIZE``: a process killed mid-ingest keeps every
committed batch, and running the ingest again adds the rest. Writers take the write
lock up front (``BEGIN IMMEDIATE``) and wait for each other (``busy_timeout``), so two
processes ingesting into one file at once lose nothing.

Schema versions live in ``PRAGMA user_version``; :data:`MIGRATIONS` lists one function per
version. To change the schema, append a function (never edit a released one): opening an
older file runs the missing ones in order, each in its own transaction.

Voices are kept across runs: each article's MinHash signature and LSH band keys
(``storydiff.ingest.voices``) are stored, so a new article joins the voice of an
earlier near copy already in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from storydiff import settings
from storydiff.errors import NotFound, StoreError
from storydiff.ingest.text import content_hash
from storydiff.ingest.voices import NEAR_COPY_THRESHOLD, NearDuplicateKey, near_duplicate_key, similarity
from storydiff.model import Article, Problem, StoryChanges


def _migration_1(db: sqlite3.Connection) -> None:
    """Articles, their near-duplicate keys, and failed inputs."""
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            outlet TEXT NOT NULL,
            title TEXT NOT NULL,
            published TEXT,            -- ISO 8601: a date, or a date-time with its offset
            authors TEXT NOT NULL,     -- JSON list
            url TEXT,
            language TEXT,
            location TEXT,
            voice TEXT NOT NULL,
            text TEXT NOT NULL,
            original TEXT,
            offset_map TEXT NOT NULL,  -- JSON list of [clean, original] breakpoints
            removed TEXT NOT NULL,     -- JSON list of removed boilerplate lines
            problems TEXT NOT NULL,    -- JSON list of {stage, code, message}
            signature BLOB NOT NULL,   -- MinHash signature (little-endian uint64s)
            ingested_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX articles_voice ON articles(voice)")
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute(
        """
        CREATE TABLE article_bands (
            band TEXT NOT NULL,        -- "band:hash" LSH key
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, article_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """
    )


def _migration_2(db: sqlite3.Connection) -> None:
    """Analyses, stories, story membership, clustering state and cached reports."""
    db.execute(
        """
        CREATE TABLE analyses (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,      -- storydiff.serialize.VERSION
            analysis TEXT NOT NULL,        -- JSON: serialize.article_to_dict, every span
            analyzed_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,           -- "s1", "s2", ... from storydiff.stories
            title TEXT NOT NULL,
            size INTEGER NOT NULL,
            first_published TEXT,
            last_published TEXT,
            revision INTEGER NOT NULL,     -- +1 each time an article joins
            state TEXT NOT NULL,           -- JSON: stories.StoryState.to_dict
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE story_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories(id),
            position INTEGER NOT NULL      -- order in which articles joined the story
        )
        """
    )
    db.execute("CREATE INDEX story_articles_story ON story_articles(story_id, position)")
    db.execute("CREATE TABLE story_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE story_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")
    db.execute(
        """
        CREATE TABLE reports (
            story_id TEXT PRIMARY KEY REFERENCES stories(id),
            revision INTEGER NOT NULL,     -- the story's revision the report was computed at
            conflicts INTEGER NOT NULL,
            report TEXT NOT NULL,          -- JSON: storydiff.report/1
            computed_at TEXT NOT NULL
        )
        """
    )


def _migration_3(db: sqlite3.Connection) -> None:
    """Comparisons made in the web app (``storydiff serve --db``), kept across restarts.

    Not in ``reports``: those are keyed by story and recomputed when the story changes; a
    comparison is of the articles someone gave, fixed once made.
    """
    db.execute(
        """
        CREATE TABLE comparisons (
            id TEXT PRIMARY KEY,           -- "c-" and 12 hex digits, the id in its URL
            created_at TEXT NOT NULL,
            summary TEXT NOT NULL,         -- JSON: the list page's line (storydiff.web.catalog.summarize)
            report TEXT NOT NULL           -- JSON: storydiff.report/1
        )
        """
    )


def _migration_4(db: sqlite3.Connection) -> None:
    """Stories merged into others (``StoryIndex.consolidate``): the old id leads on.

    An id someone noted ("s17") stays usable after its articles moved to another story.
    """
    db.execute(
        """
        CREATE TABLE story_merges (
            id TEXT PRIMARY KEY,           -- the merged story's id, no longer in stories
            into_id TEXT NOT NULL,         -- the story that took its articles (may be merged later)
            merged_at TEXT NOT NULL
        )
        """
    )


def _migration_5(db: sqlite3.Connection) -> None:
    """What each article not yet reassigned added to its story (``storydiff.reassign``):
    a run killed before its end reassigns them on the next run."""
    db.execute(
        """
        CREATE TABLE story_recent (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order the articles were added in
            article_id TEXT NOT NULL UNIQUE,
            data TEXT NOT NULL             -- JSON: reassign.Contribution.to_dict
        )
        """
    )


def _migration_6(db: sqlite3.Connection) -> None:
    """People's reviews of findings (``storydiff.review``), kept apart from the cached
    reports so recomputing a report keeps them: one per finding key and scope."""
    db.execute(
        """
        CREATE TABLE reviews (
            scope TEXT NOT NULL,          -- '' for the store's stories, else a comparison's id
            finding_key TEXT NOT NULL,    -- storydiff.review.finding_key
            story_id TEXT,                -- the story it was made on (its id may later be merged)
            verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'dismissed', 'unsure')),
            note TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            reviewed_at TEXT NOT NULL,
            PRIMARY KEY (scope, finding_key)
        )
        """
    )


def _migration_7(db: sqlite3.Connection) -> None:
    """The cached reports' findings and evidence as tables of their own, with foreign keys
    to stories and articles, so any SQLite tool (Datasette) can browse and join them;
    filled from the reports already cached."""
    db.execute(
        """
        CREATE TABLE findings (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            id TEXT NOT NULL,              -- the finding's id in its report ("f3")
            key TEXT NOT NULL,             -- storydiff.review.finding_key: stable across recomputation
            revision INTEGER NOT NULL,     -- the story's revision the report was computed at
            status TEXT NOT NULL,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL,
            subject TEXT,
            PRIMARY KEY (story_id, id)
        )
        """
    )
    db.execute("CREATE INDEX findings_status ON findings(status, kind)")
    db.execute("CREATE INDEX findings_key ON findings(key)")
    db.execute(
        """
        CREATE TABLE evidence (
            story_id TEXT NOT NULL,
            finding_id TEXT NOT NULL,
            position INTEGER NOT NULL,     -- order within the finding
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,        -- offsets into articles.text
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,            -- exactly articles.text[start:end]
            value TEXT,
            PRIMARY KEY (story_id, finding_id, position),
            FOREIGN KEY (story_id, finding_id) REFERENCES findings(story_id, id) ON DELETE CASCADE
        )
        """
    )
    db.execute("CREATE INDEX evidence_article ON evidence(article_id)")
    for row in db.execute("SELECT story_id, revision, report FROM reports").fetchall():
        _save_findings(db, row[0], row[1], json.loads(row[2]))


def _save_findings(db: sqlite3.Connection, story_id: str, revision: int, report: dict) -> None:
    """Replace a story's rows in ``findings`` and ``evidence`` with its report's (inside
    the caller's transaction)."""
    from storydiff.review import finding_key

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


def _migration_8(db: sqlite3.Connection) -> None:
    """Full-text search over stories (SQLite FTS5): each story's title, outlets, and its
    articles' titles and texts, which hold the names of its entities. Filled on the first
    search and brought up to date with each story's revision (``Store.search_stories``).
    And covering indexes for the lists that read every story."""
    # A story's row in the index has the rowid of its row in story_search_state, so a
    # search maps matches to story ids there, without reading the indexed text back.
    db.execute("CREATE VIRTUAL TABLE story_search USING fts5("
               "title, outlets, body, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("CREATE TABLE story_search_state (doc INTEGER PRIMARY KEY, story_id TEXT NOT NULL UNIQUE, "
               "revision INTEGER NOT NULL)")
    # Covering indexes for the lists and the change signature: a story's row holds its
    # clustering state and an article's its text, so reading the rows themselves cost most
    # of a stories list at 10,000 stories (bench/web_pages.py).
    db.execute("CREATE INDEX stories_list ON stories(id, revision, size, title, first_published, last_published)")
    db.execute("CREATE INDEX articles_list ON articles(id, outlet, published)")
    db.execute("CREATE INDEX reports_list ON reports(story_id, revision, conflicts)")


#: One function per schema version, in order; ``PRAGMA user_version`` is how many ran.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migration_1, _migration_2, _migration_3, _migration_4, _migration_5, _migration_6, _migration_7,
    _migration_8,
]


# The position after a story's last member (one parameter: the story id). Not COUNT(*):
# positions have gaps where reassigned articles left.
_NEXT_POSITION = "SELECT COALESCE(MAX(position) + 1, 0) FROM story_articles WHERE story_id = ?"


def _search_terms(word: str) -> list[str]:
    """The FTS5 terms of one typed word: its letters and digits, lower-cased (the index's
    unicode61 tokenizer splits the same way, so a quote or a dash cannot break the query)."""
    return [part for part in "".join(c.lower() if c.isalnum() else " " for c in word).split() if part]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _published_to_text(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day_to_text(day: float) -> str:
    """Days since the epoch (storydiff.stories) as an ISO UTC time."""
    return dt.datetime.fromtimestamp(day * 86400.0, dt.timezone.utc).isoformat(timespec="seconds")


def _published_from_text(value: str | None) -> dt.date | dt.datetime | None:
    if not value:
        return None
    if "T" in value:
        return dt.datetime.fromisoformat(value)
    return dt.date.fromisoformat(value)


class Store:
    """An open storydiff SQLite file.

    Args:
        path: the database file (created when missing; its folder must exist), or ``":memory:"``.
        readonly: open an existing file for reading only (a file the user may not write,
            on a read-only disk): nothing is migrated, and reports computed are not cached.

    Raises:
        StoreError: the file cannot be opened, is not a SQLite database, or was written
            by a newer storydiff; its folder does not exist.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        if self.path != ":memory:" and not Path(self.path).parent.is_dir():
            # Never created: a typo in --db would otherwise leave folders behind silently.
            raise StoreError(f"{self.path}: the folder {Path(self.path).parent} does not exist; "
                             "create it first or give another --db file")
        try:
            if readonly:
                uri = "file:" + urllib.parse.quote(str(Path(self.path).absolute())) + "?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=settings.STORE_BUSY_TIMEOUT_MS / 1000,
                                          isolation_level=None, check_same_thread=False)
            else:
                self.db = sqlite3.connect(self.path, timeout=settings.STORE_BUSY_TIMEOUT_MS / 1000,
                                          isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {int(settings.STORE_BUSY_TIMEOUT_MS)}")
            if readonly:
                self._check_readable()
                return
            self._wal()
            self.db.execute("PRAGMA foreign_keys = ON")
            # NORMAL is durable across process crashes in WAL mode (only a power cut can
            # lose the last commits); FULL would fsync every commit for no gain here.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot be used as a storydiff store ({error}); "
                             "give another --db file or check its permissions") from None

    @classmethod
    def for_reading(cls, path: str | Path) -> "Store":
        """Open ``path`` to read it: read-only when this process may not write the file."""
        return cls(path, readonly=Path(path).is_file() and not os.access(path, os.W_OK))

    def _check_readable(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version != len(MIGRATIONS):
            raise StoreError(f"{self.path}: is read-only and has schema {version}, this storydiff reads "
                             f"{len(MIGRATIONS)}; open it once where it can be written, or upgrade storydiff")

    def _wal(self) -> None:
        # Switching a new file to WAL needs it to itself, and SQLite answers "database is
        # locked" at once, without the busy timeout, while another process creates the
        # same file (tests/test_store.py, two writers at once, failed so under load).
        # Retry for as long as the busy timeout would have waited.
        deadline = time.monotonic() + settings.STORE_BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # -- schema ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: was written by a newer storydiff (schema {version}, "
                             f"this one knows {len(MIGRATIONS)}); upgrade storydiff")
        for number in range(version, len(MIGRATIONS)):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                if self.db.execute("PRAGMA user_version").fetchone()[0] > number:
                    self.db.execute("COMMIT")
                    continue
                MIGRATIONS[number](self.db)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def transaction(self):
        """A context manager for one write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``).

        Later migrations and other stages' tables use it to write atomically.
        """
        return _Transaction(self.db)

    # -- articles ---------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article], *, batch_size: int | None = None) -> list[tuple[str, bool]]:
        """Store articles; the same content again is the same article.

        Sets each article's ``id`` and ``voice`` from the store (an article already stored
        gets the stored id and voice back).

        Args:
            articles: the articles, in input order.
            batch_size: articles per transaction; ``settings.STORE_BATCH_SIZE`` by default.

        Returns:
            ``(id, is_new)`` per article, in order.

        Raises:
            StoreError: the file cannot be written.
        """
        size = batch_size or settings.STORE_BATCH_SIZE
        pending = list(articles)
        for article in pending:
            if not article.content_hash:  # built by hand rather than by storydiff.ingest
                article.content_hash = content_hash(article.text)
        result: list[tuple[str, bool]] = []
        for start in range(0, len(pending), size):
            chunk = pending[start:start + size]
            keys = [near_duplicate_key(a) for a in chunk]  # outside the lock: CPU work
            try:
                with self.transaction():
                    for article, key in zip(chunk, keys):
                        result.append(self._add_one(article, key))
            except sqlite3.DatabaseError as error:
                raise StoreError(f"{self.path}: cannot store articles ({error}); "
                                 "check free disk space and that no other program locks the file") from None
        return result

    def _add_one(self, article: Article, key: NearDuplicateKey) -> tuple[str, bool]:
        row = self.db.execute("SELECT id, voice FROM articles WHERE content_hash = ?",
                              (article.content_hash,)).fetchone()
        if row is not None:
            article.id, article.voice = str(row["id"]), row["voice"]
            return article.id, False
        voice = self._voice_for(key)
        cursor = self.db.execute(
            """INSERT INTO articles (content_hash, source, outlet, title, published, authors, url,
                   language, location, voice, text, original, offset_map, removed, problems,
                   signature, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (article.content_hash, article.source, article.outlet, article.title,
             _published_to_text(article.published), json.dumps(article.authors), article.url,
             article.language, article.location, voice, article.text, article.original,
             json.dumps(article.offset_map), json.dumps(article.removed),
             json.dumps([{"stage": p.stage, "code": p.code, "message": p.message} for p in article.problems]),
             key.to_bytes(), _now()),
        )
        article_id = int(cursor.lastrowid)
        self.db.executemany("INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)",
                            [(band, article_id) for band in key.bands])
        article.id, article.voice = str(article_id), voice
        return article.id, True

    def _voice_for(self, key: NearDuplicateKey) -> str:
        """The voice of the most similar stored near copy, else a new voice."""
        marks = ",".join("?" * len(key.bands))
        rows = self.db.execute(
            f"SELECT DISTINCT a.id, a.voice, a.signature FROM article_bands b "
            f"JOIN articles a ON a.id = b.article_id WHERE b.band IN ({marks}) ORDER BY a.id",
            key.bands,
        ).fetchall()
        best, best_score = None, 0.0
        for row in rows:
            score = similarity(key.signature, NearDuplicateKey.signature_from_bytes(row["signature"]))
            if score >= NEAR_COPY_THRESHOLD and score > best_score:
                best, best_score = row["voice"], score
        if best is not None:
            return best
        count = self.db.execute("SELECT COUNT(DISTINCT voice) FROM articles").fetchone()[0]
        return f"v{count + 1}"

    def _article(self, row: sqlite3.Row) -> Article:
        return Article(
            text=row["text"], id=str(row["id"]), source=row["source"], outlet=row["outlet"],
            title=row["title"], published=_published_from_text(row["published"]),
            authors=json.loads(row["authors"]), url=row["url"], language=row["language"],
            location=row["location"], voice=row["voice"], removed=json.loads(row["removed"]),
            original=row["original"], offset_map=[tuple(p) for p in json.loads(row["offset_map"])],
            content_hash=row["content_hash"],
            problems=[Problem(**p) for p in json.loads(row["problems"])],
        )

    def get_article(self, article_id: int | str) -> Article:
        """One stored article.

        Args:
            article_id: its id (as :meth:`add_articles` returned it).

        Returns:
            The Article, with ``id`` and ``voice`` set.

        Raises:
            NotFound: no article has that id.
        """
        row = None
        if str(article_id).isdigit():
            row = self.db.execute("SELECT * FROM articles WHERE id = ?", (int(article_id),)).fetchone()
        if row is None:
            raise NotFound(f"{self.path}: no article with id {article_id!r}; "
                           "list them with `storydiff stories` or check the id")
        return self._article(row)

    def iter_articles(self, *, voice: str | None = None) -> Iterator[Article]:
        """Every stored article in the order it was stored.

        Args:
            voice: only the articles of this voice.

        Yields:
            Articles.
        """
        if voice is None:
            rows = self.db.execute("SELECT * FROM articles ORDER BY id")
        else:
            rows = self.db.execute("SELECT * FROM articles WHERE voice = ? ORDER BY id", (voice,))
        for row in rows:
            yield self._article(row)

    def count(self) -> int:
        """How many distinct articles are stored."""
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def voices(self) -> dict[str, list[str]]:
        """Article ids per voice, voices in first-seen order.

        Returns:
            ``{"v1": ["1", "4"], "v2": ["2"], ...}``.
        """
        result: dict[str, list[str]] = {}
        for row in self.db.execute("SELECT id, voice FROM articles ORDER BY id"):
            result.setdefault(row["voice"], []).append(str(row["id"]))
        return result

    # -- failures ---------------------------------------------------------------------------

    def record_failure(self, source: str, code: str, message: str) -> None:
        """Keep an input that could not be read, with why.

        Args:
            source: the input (path, URL, ``-``).
            code: the error's code (``storydiff.errors``), e.g. ``binary``.
            message: the one-line message shown to the user.
        """
        with self.transaction():
            self.db.execute("INSERT INTO failures (source, code, message, at) VALUES (?, ?, ?, ?)",
                            (source, code, message, _now()))

    def failures(self) -> list[dict[str, str]]:
        """Every recorded failure, oldest first."""
        return [dict(row) for row in self.db.execute("SELECT source, code, message, at FROM failures ORDER BY id")]

    # --- stories and analyses ------------------------------------------------------------
    # Written by the stories engineer (issue 7). Analyses are stored per article as JSON
    # (storydiff.serialize); a story's membership, its clustering state and the index
    # counters are written in ONE transaction per batch (save_clustering), so after a
    # kill -9 the file holds a consistent clustering and a re-run goes on from it.

    def save_analyses(self, articles: Iterable[Article]) -> int:
        """Store analysed articles (one transaction); an article analysed again is replaced.

        Args:
            articles: analysed articles whose ``id`` is a stored article id.

        Returns:
            How many were written.

        Raises:
            StoreError: the file cannot be written.
        """
        from storydiff.serialize import VERSION, article_to_dict

        rows = [(int(a.id), VERSION, json.dumps(article_to_dict(a), ensure_ascii=False), _now()) for a in articles]
        try:
            with self.transaction():
                self.db.executemany(
                    "INSERT OR REPLACE INTO analyses (article_id, version, analysis, analyzed_at) VALUES (?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot store analyses ({error}); check free disk space") from None
        return len(rows)

    def get_analysis(self, article_id: int | str) -> Article | None:
        """The stored analysed article, or None when it has not been analysed yet."""
        from storydiff.serialize import article_from_dict

        if not str(article_id).isdigit():
            return None
        row = self.db.execute("SELECT analysis FROM analyses WHERE article_id = ?", (int(article_id),)).fetchone()
        return None if row is None else article_from_dict(json.loads(row["analysis"]))

    def unanalyzed_ids(self) -> list[str]:
        """Ids of stored articles that have no analysis yet, in the order they were stored."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE n.article_id IS NULL ORDER BY a.id"
        )
        return [str(row[0]) for row in rows]

    def unclustered_ids(self) -> list[str]:
        """Ids of analysed articles not yet in a story, in the order they were stored."""
        rows = self.db.execute(
            "SELECT n.article_id FROM analyses n LEFT JOIN story_articles s ON s.article_id = n.article_id "
            "WHERE s.article_id IS NULL ORDER BY n.article_id"
        )
        return [str(row[0]) for row in rows]

    def load_story_index(self, *, retire_after_days: float | None | str = "saved", embedder: Any = None):
        """The story index as last saved, ready to go on (an empty one for a new file).

        With retirement on, only the stories of the last ``retire_after_days`` (and those
        with undated members) are loaded whole; older ones are listed by id, members and
        title only (:meth:`StoryIndex.from_state`'s ``retired``), so memory follows the
        recent weeks of the stream, not its length. :meth:`retired_story_states` gives
        them back when a late article needs them (``storydiff.stream`` does that).

        Args:
            retire_after_days: days behind the newest article after which a saved story
                leaves memory; None never retires; "saved" (default) keeps what the file
                was last written with (None for a file from before the option).
            embedder: texts -> unit vectors (default: storydiff's embedding model).

        Returns:
            A :class:`storydiff.stories.StoryIndex`.

        Raises:
            ValueError: ``retire_after_days`` is below the index's ``max_gap_days``.
        """
        from storydiff.stories import StoryIndex

        row = self.db.execute("SELECT value FROM story_meta WHERE key = 'index'").fetchone()
        if row is None:
            keep = None if retire_after_days == "saved" else retire_after_days
            return StoryIndex(embedder=embedder, retire_after_days=keep)
        meta = json.loads(row["value"])
        if retire_after_days != "saved":
            meta["retire_after_days"] = retire_after_days
        keep = meta.get("retire_after_days")
        df = {r["term"]: r["df"] for r in self.db.execute("SELECT term, df FROM story_terms")}
        recent = [(r["article_id"], json.loads(r["data"]))
                  for r in self.db.execute("SELECT article_id, data FROM story_recent ORDER BY seq")]
        if keep is None:
            states = (json.loads(r["state"]) for r in self.db.execute("SELECT state FROM stories"))
            return StoryIndex.from_state(meta, states, df=df, embedder=embedder, recent=recent)
        # One pass reading only what decides retirement (SQLite's JSON functions, no
        # Python object per term), then the whole state of the stories kept live.
        rows = self.db.execute(
            "SELECT id, title, json_extract(state, '$.last_day') AS last_day, "
            "json_extract(state, '$.undated') AS undated, json_extract(state, '$.article_ids') AS ids FROM stories"
        ).fetchall()
        newest = max((r["last_day"] for r in rows if r["last_day"] is not None), default=None)
        retired, live = [], []
        for r in rows:
            # The rule of StoryIndex._retire_old: dated, no undated member, older than the horizon.
            if newest is not None and r["last_day"] is not None and not r["undated"] and r["last_day"] < newest - keep:
                retired.append({"id": r["id"], "article_ids": json.loads(r["ids"]), "title": r["title"],
                                "last_day": r["last_day"]})
            else:
                live.append(r["id"])
        del rows
        return StoryIndex.from_state(meta, self._story_states(live), df=df, embedder=embedder, retired=retired,
                                     recent=recent)

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
            (_day_to_text(start - 1), _day_to_text(end + 1)),
        )
        return [json.loads(r["state"]) for r in rows]

    def _story_states(self, ids: list[str]) -> Iterator[dict]:
        # In chunks: SQLite limits the parameters of one statement (999 in old builds).
        for n in range(0, len(ids), 500):
            chunk = ids[n : n + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT state FROM stories WHERE id IN ({marks})", chunk):
                yield json.loads(r["state"])

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

        now = _now()
        try:
            with self.transaction():
                for story in changes.stories:
                    days = [story["first_day"], story["last_day"]]
                    first, last = (None if d is None else _day_to_text(d) for d in days)
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
        from storydiff.serialize import article_from_dict

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

    def report(self, story_id: str):
        """The report of one story, from the cache when the story has not changed since.

        Computed with :func:`storydiff.compare.compare` on the story's stored analyses and
        cached with the story's revision; a story that gains an article gets a new one.

        Args:
            story_id: the story's id ("s3").

        Returns:
            A :class:`storydiff.model.Report` whose ``story`` is set.

        Raises:
            NotFound: no story has that id.
        """
        from storydiff.compare import compare
        from storydiff.model import Story
        from storydiff.render.json import report_from_dict, report_to_dict

        story_id = self.resolve_story(story_id)
        row = self.db.execute("SELECT title, revision FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFound(f"{self.path}: no story with id {story_id!r}; list them with `storydiff stories --db {self.path}`")
        cached = self.db.execute("SELECT revision, report FROM reports WHERE story_id = ?", (story_id,)).fetchone()
        if cached is not None and cached["revision"] == row["revision"]:
            return report_from_dict(json.loads(cached["report"]))
        articles = self.story_articles(story_id)
        report = compare(articles)
        report.story = Story(id=story_id, article_ids=[a.id for a in articles], title=row["title"])
        data = report_to_dict(report)
        conflicts = sum(1 for f in report.findings if f.status == "conflict")
        if self.readonly:
            return report  # computed, not cached: the file cannot be written
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO reports (story_id, revision, conflicts, report, computed_at) VALUES (?, ?, ?, ?, ?)",
                (story_id, row["revision"], conflicts, json.dumps(data, ensure_ascii=False), _now()),
            )
            _save_findings(self.db, story_id, row["revision"], data)
        return report

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
        from storydiff.review import Review

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
        terms = [term for word in words for term in _search_terms(word)]
        if not terms:
            return []
        expression = " ".join(f'"{term}"*' for term in terms)
        # No ORDER BY rank: the callers filter a list they sort themselves, so computing
        # bm25 for every match would be wasted.
        rows = self.db.execute(
            "SELECT x.story_id FROM story_search f JOIN story_search_state x ON x.doc = f.rowid "
            "WHERE story_search MATCH ?", (expression,))
        return [row[0] for row in rows]

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

    # -- comparisons (web app) -----------------------------------------------------------------

    def save_comparison(self, comparison_id: str, report: dict, summary: dict) -> None:
        """Keep a comparison made in the web app.

        Args:
            comparison_id: its id (unique; the id in its URL).
            report: the ``storydiff.report/1`` dict.
            summary: its line on the list page (JSON-serialisable).

        Raises:
            StoreError: the id is taken or the file cannot be written.
        """
        try:
            with self.transaction():
                self.db.execute("INSERT INTO comparisons (id, created_at, summary, report) VALUES (?, ?, ?, ?)",
                                (comparison_id, _now(), json.dumps(summary, ensure_ascii=False),
                                 json.dumps(report, ensure_ascii=False)))
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot keep comparison {comparison_id} ({error}); "
                             "check the disk and the file's permissions") from None

    def comparison(self, comparison_id: str) -> dict:
        """A kept comparison's ``storydiff.report/1`` dict.

        Raises:
            NotFound: none has that id.
        """
        row = self.db.execute("SELECT report FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
        if row is None:
            raise NotFound(f"{self.path}: no comparison with id {comparison_id!r}")
        return json.loads(row["report"])

    def list_comparisons(self, limit: int | None = None) -> list[dict]:
        """The kept comparisons' summaries, newest first, each with ``id`` and ``created_at``.

        Args:
            limit: at most this many (None: all).
        """
        rows = self.db.execute("SELECT id, created_at, summary FROM comparisons ORDER BY rowid DESC LIMIT ?",
                               (-1 if limit is None else limit,)).fetchall()
        return [{**json.loads(row["summary"]), "id": row["id"], "created_at": row["created_at"]} for row in rows]

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")
