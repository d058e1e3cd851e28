"""How an article is named to a reader: by its outlet, never by a row id.

One outlet may bring two articles into one story (an update, a live blog and its
summary). Both then get the outlet's name and a short badge, ``#1`` and ``#2`` in report
order, so two columns never both read "NPR". Articles without an outlet fall back to
their title, then to the last part of their source (a file name or URL path), and only
then to their id. A finding's status is named by :data:`STATUS_LABELS`, for the static
report and the web pages alike.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from storydiff.model import Report

#: A finding's status as a reader sees it, lower case (a heading capitalises it).
STATUS_LABELS = {
    "conflict": "conflict",
    "single_source": "single source",
    "complementary": "complementary",
    "corroborated": "corroborated",
}


def status_label(status: str, *, capital: bool = False) -> str:
    """The reader's name of a finding status (an unknown status as it is).

    Args:
        status: ``"conflict"``, ``"single_source"``, ...
        capital: capitalise the first letter, for a heading or a chip.

    Returns:
        e.g. ``"single source"``, or ``"Single source"`` with ``capital``.
    """
    label = STATUS_LABELS.get(status)
    if label is None:
        return status
    return label.capitalize() if capital else label


def base_label(article: dict[str, Any]) -> str:
    """An article's name before any badge: its outlet, else its title, else the last part
    of its source, else its id.

    Args:
        article: one entry of a report's ``articles`` (the ``storydiff.report/1`` dict).

    Returns:
        A non-empty, single-line label.
    """
    for key in ("outlet", "title"):
        value = " ".join(str(article.get(key) or "").split())
        if value:
            return value
    source = str(article.get("source") or "").rstrip("/")
    tail = source.rsplit("/", 1)[-1]
    return tail or str(article.get("id") or "?")


def article_badges(articles: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Article id -> its badge (``"#2"``) where its outlet brought more than one article,
    else ``""``.

    Args:
        articles: a report's ``articles``, in report order.

    Returns:
        A badge for every article id.
    """
    articles = list(articles)
    names = [base_label(article) for article in articles]
    seen: dict[str, int] = {}
    badges = {}
    for article, name in zip(articles, names):
        seen[name] = seen.get(name, 0) + 1
        badges[str(article.get("id"))] = f"#{seen[name]}" if names.count(name) > 1 else ""
    return badges


def article_labels(articles: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Article id -> the label a page, a CSV or a Markdown table shows: ``"NPR"``, or
    ``"NPR #2"`` when the outlet has two articles in the report.

    Args:
        articles: a report's ``articles``, in report order.

    Returns:
        A label for every article id, unique within the report when outlets differ or
        badges tell them apart.
    """
    articles = list(articles)
    badges = article_badges(articles)
    return {
        str(article.get("id")): f"{base_label(article)} {badges[str(article.get('id'))]}".strip()
        for article in articles
    }


def report_labels(report: "Report") -> dict[str, str]:
    """:func:`article_labels` of a ``Report``'s articles (the dataclasses)."""
    return article_labels({"id": a.id, "outlet": a.outlet, "title": a.title, "source": a.source}
                          for a in report.articles)


def report_keys(report: "Report") -> dict[str, str]:
    """Article id -> the short key of its coloured badge in the HTML report: the id when
    the comparison named it (``a1``), else the article's position (a store's ids are row
    numbers, which mean nothing to a reader)."""
    return {a.id: a.id if not a.id.isdigit() else str(i) for i, a in enumerate(report.articles, start=1)}


#: An article named by its id inside a finding's summary: "19:00 UTC (a1: 2200 Moscow time)".
_ARTICLE_REF = re.compile(r"\(([A-Za-z0-9_-]+): ")


def name_articles(text: str, labels: dict[str, str]) -> str:
    """A finding's summary for a reader: each ``(ID: …)`` that names one of the report's
    articles by its id reads ``(Outlet: …)`` instead (a store's ids are row numbers).

    Args:
        text: the summary.
        labels: article id -> label (:func:`article_labels`).

    Returns:
        The text, with only those references replaced.
    """
    return _ARTICLE_REF.sub(lambda m: f"({labels[m.group(1)]}: " if m.group(1) in labels else m.group(0), text)


__all__ = ["article_badges", "article_labels", "base_label", "name_articles", "report_keys", "report_labels"]
