"""The report of a stored story: computed from the store's analyses, cached in the store.

The store keeps analyses and reports but computes nothing; this layer, above it, reads a
story's analysed articles, compares them (:func:`storydiff.compare.compare`) and caches
the report with the story's revision, so a story that gains an article gets a new one
(a store opened read-only computes it each time).
"""

from __future__ import annotations

from storydiff.compare import compare
from storydiff.model import Report, Story
from storydiff.render.json import report_from_dict, report_to_dict
from storydiff.store import Store


def story_report(store: Store, story_id: str) -> Report:
    """The report of one story, from the cache when the story has not changed since.

    Args:
        store: an open store.
        story_id: the story's id ("s3"); an id merged into another leads to that one.

    Returns:
        The report, its ``story`` set.

    Raises:
        NotFound: no story has that id.
    """
    story_id, title, revision = store.story_revision(story_id)
    cached = store.cached_report(story_id)
    if cached is not None:
        return report_from_dict(cached[0])
    articles = store.story_articles(story_id)
    report = compare(articles)
    report.story = Story(id=story_id, article_ids=[a.id for a in articles], title=title)
    conflicts = sum(1 for f in report.findings if f.status == "conflict")
    store.cache_report(story_id, revision, report_to_dict(report), conflicts)
    return report
