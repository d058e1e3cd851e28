"""The SQLite store: the only module that writes SQL.

One file, WAL mode, readable by any SQLite tool. ``articles`` holds one row per distinct
article, keyed by the content hash of its cleaned text, so ingesting the same content again
is a no-op (idempotent). Each call to :meth:`Store.add_articles` writes its articles in
transactions of ``settings.STORE_BATCH_SIZE``: a process killed mid-ingest keeps every
committed batch, and running the ingest again adds the rest. Writers take the write
lock up front (``BEGIN IMMEDIATE``) and wait for each other (``busy_timeout``), so two
processes ingesting into one file at once lose nothing.

Schema versions live in ``PRAGMA user_version``; :data:`MIGRATIONS` lists one function per
version (``storydiff.store_schema``). To change the schema, append a function (never edit a
released one): opening an older file runs the missing ones in order, each in its own
transaction. The story tables are read and written by ``storydiff.store_stories``, mixed in.

Voices are kept across runs: each article's MinHash signature and LSH band keys
(``storydiff.ingest.voices``) are stored, so a new article joins the voice of an
earlier near copy already in the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from storydiff import settings
from storydiff.errors import NotFound, StoreError
from storydiff.ingest.text import content_hash
from storydiff.ingest.voices import NEAR_COPY_THRESHOLD, NearDuplicateKey, near_duplicate_key, similarity
from storydiff.model import Article, Problem
from storydiff.serialize import VERSION, article_from_dict, article_to_dict
from storydiff.store_schema import (
    migration_1,
    migration_2,
    migration_3,
    migration_4,
    migration_5,
    migration_6,
    migration_7,
    migration_8,
    now_text,
    published_from_text,
    published_to_text,
)
from storydiff.store_findings import FindingRows
from storydiff.store_stories import StoryRows

#: One function per schema version, in order (``storydiff.store_schema``);
#: ``PRAGMA user_version`` is how many ran.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    migration_1, migration_2, migration_3, migration_4, migration_5, migration_6, migration_7, migration_8,
]


class Store(StoryRows, FindingRows):
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
             published_to_text(article.published), json.dumps(article.authors), article.url,
             article.language, article.location, voice, article.text, article.original,
             json.dumps(article.offset_map), json.dumps(article.removed),
             json.dumps([{"stage": p.stage, "code": p.code, "message": p.message} for p in article.problems]),
             key.to_bytes(), now_text()),
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
            title=row["title"], published=published_from_text(row["published"]),
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
                            (source, code, message, now_text()))

    def failures(self) -> list[dict[str, str]]:
        """Every recorded failure, oldest first."""
        return [dict(row) for row in self.db.execute("SELECT source, code, message, at FROM failures ORDER BY id")]

    # --- analyses ------------------------------------------------------------------------
    # Stored per article as JSON (storydiff.serialize), every span kept.

    def save_analyses(self, articles: Iterable[Article]) -> int:
        """Store analysed articles (one transaction); an article analysed again is replaced.

        Args:
            articles: analysed articles whose ``id`` is a stored article id.

        Returns:
            How many were written.

        Raises:
            StoreError: the file cannot be written.
        """
        rows = [(int(a.id), VERSION, json.dumps(article_to_dict(a), ensure_ascii=False), now_text()) for a in articles]
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
                                (comparison_id, now_text(), json.dumps(summary, ensure_ascii=False),
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
