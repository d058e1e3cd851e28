"""The schema of the SQLite store: one migration per version, and the column formats.

Schema versions live in ``PRAGMA user_version``; ``storydiff.store.MIGRATIONS`` lists the
functions below in order. To change the schema, append a function (never edit a released
one): opening an older file runs the missing ones in order, each in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from storydiff.serialize import moment_from_iso
from storydiff.store_findings import save_findings


def migration_1(db: sqlite3.Connection) -> None:
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


def migration_2(db: sqlite3.Connection) -> None:
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


def migration_3(db: sqlite3.Connection) -> None:
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


def migration_4(db: sqlite3.Connection) -> None:
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


def migration_5(db: sqlite3.Connection) -> None:
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


#: One function per schema version, in order; ``PRAGMA user_version`` is how many ran.


def migration_6(db: sqlite3.Connection) -> None:
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


def migration_7(db: sqlite3.Connection) -> None:
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
        save_findings(db, row[0], row[1], json.loads(row[2]))


def migration_8(db: sqlite3.Connection) -> None:
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


def now_text() -> str:
    """Now, as the store writes times (ISO 8601 UTC, to the second)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def published_to_text(value: dt.date | dt.datetime | None) -> str | None:
    """A publication date or time as the ``published`` column keeps it (ISO 8601)."""
    return value.isoformat() if value is not None else None


def published_from_text(value: str | None) -> dt.date | dt.datetime | None:
    """Inverse of :func:`published_to_text`: a date stays a date."""
    return moment_from_iso(value) if value else None


def day_to_text(day: float) -> str:
    """Days since the epoch (``storydiff.stories.published_day``) as an ISO UTC time."""
    return dt.datetime.fromtimestamp(day * 86400.0, dt.timezone.utc).isoformat(timespec="seconds")
