"""The fact-by-article matrix and entity coverage: data shared by Markdown, HTML and the web.

Rows are findings (conflicts first), columns are articles, a cell is what that article
says about the fact (its normalised value, else its sentence) with the finding's status.
Only presentation: the findings come from the compare stage unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storydiff.model import Entity, Finding, Report
from storydiff.render.timeline import STATUS_ORDER

#: How many characters of an evidence sentence a matrix cell shows when the article gives no
#: normalised value. Chosen so a two-article matrix row fits about three lines of a 1280 px
#: page (checked on the example's screenshot); the full sentence is one click away.
SNIPPET_CHARS = 140


@dataclass(slots=True)
class MatrixCell:
    """What one article says about one finding's fact; empty ``anchors`` = says nothing."""

    article: str
    status: str | None = None  # the finding's status where the article has evidence
    values: list[str] = field(default_factory=list)  # normalised values it gives
    snippets: list[str] = field(default_factory=list)  # its evidence, shortened
    anchors: list[str] = field(default_factory=list)  # ids of its evidence sentences


@dataclass(slots=True)
class MatrixRow:
    """One finding across every article."""

    finding: str
    status: str
    kind: str
    summary: str
    cells: list[MatrixCell] = field(default_factory=list)


@dataclass(slots=True)
class Matrix:
    """Rows = findings in ``STATUS_ORDER``, columns = ``articles`` (ids, report order)."""

    articles: list[str] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)


def anchor(article: str, start: int, end: int) -> str:
    """The HTML id of one evidence span: ``"a1-120-245"`` (stable across renders)."""
    return f"{article}-{start}-{end}"


def shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters + "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def ordered_findings(report: Report) -> list[Finding]:
    """The findings, conflicts first, then corroborated, complementary, single-source;
    report order inside each status."""
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    return sorted(report.findings, key=lambda f: rank.get(f.status, len(rank)))


def build_matrix(report: Report) -> Matrix:
    """The fact-by-article matrix of a report.

    Args:
        report: the report.

    Returns:
        A ``Matrix`` with one row per finding and one cell per article in every row.
    """
    ids = [article.id for article in report.articles]
    matrix = Matrix(articles=ids)
    for finding in ordered_findings(report):
        cells = {article_id: MatrixCell(article=article_id) for article_id in ids}
        for evidence in finding.evidence:
            cell = cells.get(evidence.article)
            if cell is None:
                continue
            cell.status = finding.status
            if evidence.value and evidence.value not in cell.values:
                cell.values.append(evidence.value)
            cell.snippets.append(shorten(evidence.text))
            cell.anchors.append(anchor(evidence.article, evidence.start, evidence.end))
        matrix.rows.append(
            MatrixRow(
                finding=finding.id,
                status=finding.status,
                kind=finding.kind,
                summary=finding.summary,
                cells=[cells[article_id] for article_id in ids],
            )
        )
    return matrix


#: Entity types in the order a reader looks for them: people first, then organisations,
#: places and facilities, then the rest (spaCy's labels).
TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "NORP")


def ordered_entities(report: Report) -> list[Entity]:
    """The entities people first (``TYPE_ORDER``), then by how many articles mention them
    and how often; report order breaks ties."""
    covered = coverage(report)
    rank = {kind: i for i, kind in enumerate(TYPE_ORDER)}
    return sorted(
        report.entities,
        key=lambda e: (rank.get(e.type, len(rank)), -len(covered.get(e.id, [])), -len(e.mentions)),
    )


def story_title(report: Report) -> str:
    """A title for the report: the story's, else the first article title given, else
    ``"N articles compared"`` (an article's first sentence is no headline)."""
    if report.story and report.story.title:
        return report.story.title
    for article in report.articles:
        if article.title:
            return article.title
    count = len(report.articles)
    return f"{count} article{'' if count == 1 else 's'} compared"


def coverage(report: Report) -> dict[str, list[str]]:
    """Entity id -> ids of the articles that mention it (report order).

    Args:
        report: the report.

    Returns:
        The compare stage's own ``report.coverage`` when it set one, else the articles
        of each entity's mentions.
    """
    if report.coverage is not None:
        return {str(key): list(value) for key, value in report.coverage.items()}
    order = {article.id: i for i, article in enumerate(report.articles)}
    return {
        entity.id: sorted(entity.articles, key=lambda article_id: order.get(article_id, len(order)))
        for entity in report.entities
    }


__all__ = [
    "Matrix", "MatrixCell", "MatrixRow", "anchor", "build_matrix", "coverage", "ordered_entities",
    "ordered_findings", "shorten", "story_title",
]
