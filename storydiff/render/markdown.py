"""The report as Markdown: what a journalist reads in a terminal or pastes into a ticket.

Order (issue 6): the articles, conflicts first (both values, both sentences), then
corroborated and complementary facts, then single-source facts by outlet, entities with
roles and coverage by article, a timeline in UTC and local zones, quotes with speakers,
and notes. Only presentation: every word comes from the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from storydiff.model import Article, Evidence, Finding, Report
from storydiff.render.matrix import coverage, ordered_entities, ordered_findings, shorten, story_title
from storydiff.render.timeline import build_timeline

#: Section titles per status, in the order they are printed.
STATUS_TITLES = {
    "conflict": "Conflicts",
    "corroborated": "Corroborated",
    "complementary": "Complementary",
    "single_source": "Single source",
}


# (singular, plural) of each status in the summary line.
_COUNT_WORDS = {
    "conflict": ("conflict", "conflicts"),
    "corroborated": ("corroborated", "corroborated"),
    "complementary": ("complementary", "complementary"),
    "single_source": ("single-source", "single-source"),
}


_BLOCK_START = re.compile(r"^(?:[#+=-]|\d{1,9}[.)])")
_CLOSING_HASHES = re.compile(r"(?:^| )(#+)$")
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


#: Characters escaped with a backslash in running text: each starts emphasis, a code span,
#: a link or image, strikethrough, a table cell or an escape in CommonMark/GFM.
_BACKSLASHED = "\\`*[]|~"


def _inline(text: str) -> str:
    """Article text on one line, safe inside Markdown: no raw HTML, no table breaks, no
    markup; a Markdown parser gives back the text itself (tests/test_fuzz_render.py)."""
    flat = " ".join(text.split())
    # An "&" that starts an entity first: a literal "&lt;" in an article must stay "&lt;",
    # not become "<"; a lone "&" (AT&T) is text already and stays readable.
    flat = _ENTITY_START.sub("&amp;", flat).replace("<", "&lt;").replace(">", "&gt;")
    flat = "".join("\\" + char if char in _BACKSLASHED else char for char in flat)
    # An underscore inside a word (America/New_York) is no emphasis in CommonMark: keep it.
    flat = _EDGE_UNDERSCORE.sub(r"\\_", flat)
    # Text that opens a line ("- " + a quote) must not open a block: a heading, a nested
    # list, a setext underline; and a closing "#" would be cut from a heading.
    start = _BLOCK_START.match(flat)
    if start:
        flat = flat[: start.end() - 1] + "\\" + flat[start.end() - 1:]
    closing = _CLOSING_HASHES.search(flat)
    if closing:
        flat = flat[: closing.start(1)] + "\\" + flat[closing.start(1):]
    return flat


def _code(value: str) -> str:
    """A value as a code span that its own backticks cannot close: the fence is one
    backtick longer than the longest run inside (CommonMark 6.1), padded with a space
    when the value starts or ends with one, which the parser strips again. Whitespace is
    flattened so a newline cannot start a block (an HTML block, a heading) mid-list."""
    flat = " ".join(str(value).split())
    if not flat:
        return "` `"
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _published(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return "unknown"
    return value.isoformat()


def _article_label(article: Article) -> str:
    return f"{article.id} ({_inline(article.outlet or article.source or article.id)})"


def _evidence_lines(evidence: Iterable[Evidence], by_id: dict[str, Article]) -> list[str]:
    lines = []
    for item in evidence:
        article = by_id.get(item.article)
        label = _article_label(article) if article else item.article
        value = f" — value {_code(item.value)}" if item.value else ""
        lines.append(f"  - **{label}**{value}: “{_inline(item.text)}”")
    return lines


def _finding_block(finding: Finding, by_id: dict[str, Article]) -> list[str]:
    if len(finding.evidence) == 1 and not finding.evidence[0].value:
        # A one-sentence fact whose summary is that sentence: print the sentence once.
        only = finding.evidence[0]
        sentence = " ".join(only.text.split())
        if sentence and " ".join(finding.summary.split()).startswith(sentence[:50].rstrip("…")):
            article = by_id.get(only.article)
            label = _article_label(article) if article else only.article
            return [f"- **{finding.id}** · {finding.kind} · **{label}**: “{_inline(only.text)}”"]
    head = f"- **{finding.id}** · {finding.kind} · {_inline(finding.summary)}"
    if finding.voices:
        head += f" _(voices: {', '.join(finding.voices)})_"
    return [head, *_evidence_lines(finding.evidence, by_id)]


def _title(article: Article) -> str:
    """The article's title, else its opening words in italics (so the row says which it is)."""
    if article.title:
        return _inline(article.title)
    return f"_{_inline(shorten(article.text, 60))}_" if article.text.strip() else ""


def _articles_table(report: Report) -> list[str]:
    lines = ["| id | outlet | title | published | voice | source |", "|---|---|---|---|---|---|"]
    for article in report.articles:
        lines.append(
            f"| {_inline(article.id)} | {_inline(article.outlet)} | {_title(article)} | "
            f"{_published(article.published)} | {_inline(article.voice or '')} | {_inline(article.source)} |"
        )
    return lines


def _single_source_by_outlet(findings: list[Finding], report: Report, by_id: dict[str, Article]) -> list[str]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        first = finding.evidence[0].article if finding.evidence else ""
        groups.setdefault(first, []).append(finding)
    lines: list[str] = []
    for article in report.articles:
        if article.id not in groups:
            continue
        lines += ["", f"### {_article_label(article)}", ""]
        for finding in groups.pop(article.id):
            lines += _finding_block(finding, by_id)
    for rest in groups.values():  # evidence naming an article not in the report
        for finding in rest:
            lines += _finding_block(finding, by_id)
    return lines


def _entities(report: Report) -> list[str]:
    ids = [article.id for article in report.articles]
    covered = coverage(report)
    lines = [
        "| entity | type | roles | " + " | ".join(ids) + " |",
        "|---|---|---|" + "---|" * len(ids),
    ]
    for entity in ordered_entities(report):
        roles: dict[str, list[str]] = {}
        for role in entity.roles:
            roles.setdefault(role.role, [])
            if role.article not in roles[role.role]:
                roles[role.role].append(role.article)
        role_text = "; ".join(f"{_inline(name)} ({', '.join(arts)})" for name, arts in roles.items())
        name = _inline(entity.name)
        if entity.aliases:
            name += " _aka " + ", ".join(_inline(alias) for alias in entity.aliases) + "_"
        marks = " | ".join("✓" if article_id in covered.get(entity.id, []) else "—" for article_id in ids)
        lines.append(f"| {name} | {_inline(entity.type)} | {role_text} | {marks} |")
    return lines


def _timeline(report: Report) -> list[str]:
    timeline = build_timeline(report)
    lines: list[str] = []
    if timeline.marks:
        lines += ["| UTC | local | as written | article | findings |", "|---|---|---|---|---|"]
        for mark in timeline.marks:
            flag = ", ".join(mark.findings) + (f" ({mark.status})" if mark.status else "")
            lines.append(
                f"| {_inline(mark.utc)} | {_inline(mark.local or '')} | {_inline(mark.text)} | {_inline(mark.article)} "
                f"| {_inline(flag)} |"
            )
    if timeline.dates:
        lines += ["", "Dates and durations: " + "; ".join(
            f"{_inline(mark.text)} = {_code(mark.value)} ({_inline(mark.article)})" for mark in timeline.dates
        )]
    return lines or ["No time expressions."]


def _quotes(report: Report) -> list[str]:
    names = {entity.id: entity.name for entity in report.entities}
    lines = []
    for article in report.articles:
        for quote in article.quotes:
            speaker = names.get(quote.speaker_entity or "") or (quote.speaker.text if quote.speaker else "unknown")
            cue = f", {_inline(quote.cue.text)}" if quote.cue else ""
            reported = "" if quote.direct else "_(reported)_ "
            lines.append(f"- {reported}{_inline(quote.text)} — **{_inline(speaker)}** ({article.id}{cue})")
    return lines or ["No quotes."]


def _notes(report: Report) -> list[str]:
    lines = []
    for article_id, note in report.notes:
        where = f" “{_inline(note.text)}”" if note.text else ""
        suggestion = f" → {_inline(note.suggestion)}" if note.suggestion else ""
        message = f": {_inline(note.message)}" if note.message else ""
        lines.append(f"- {_inline(article_id)} · {_inline(note.kind)}{where}{suggestion}{message}")
    noted = {article_id for article_id, note in report.notes if note.kind == "boilerplate"}
    for article in report.articles:
        if article.removed and article.id not in noted:
            lines.append(
                f"- {article.id} · removed boilerplate: " + "; ".join(f"“{_inline(line)}”" for line in article.removed)
            )
    return lines or ["No notes."]


def render_markdown(report: Report) -> str:
    """The report as a Markdown document.

    Args:
        report: the report.

    Returns:
        Markdown text ending in a newline. Article text is escaped so it cannot inject
        HTML or break a table.
    """
    by_id = {article.id: article for article in report.articles}
    title = story_title(report)
    findings = ordered_findings(report)
    counts = {status: sum(1 for f in findings if f.status == status) for status in STATUS_TITLES}
    summary = ", ".join(f"{counts[s]} {_COUNT_WORDS[s][counts[s] != 1]}" for s in STATUS_TITLES)
    heading = title if title.endswith(" compared") else f"{title}: {len(report.articles)} articles compared"
    lines = [f"# {_inline(heading)}", "", f"Findings: {summary}.", ""]
    lines += _articles_table(report)
    for status in ("conflict", "corroborated", "complementary"):
        group = [f for f in findings if f.status == status]
        lines += ["", f"## {STATUS_TITLES[status]} ({len(group)})", ""]
        for finding in group:
            lines += _finding_block(finding, by_id)
        if not group:
            lines.append("None." if status != "conflict" else "No conflicts found.")
    single = [f for f in findings if f.status == "single_source"]
    lines += ["", f"## Single source, by outlet ({len(single)})"]
    lines += _single_source_by_outlet(single, report, by_id) or ["", "None."]
    lines += ["", "## Entities", ""] + _entities(report)
    lines += ["", "## Timeline", ""] + _timeline(report)
    lines += ["", "## Quotes", ""] + _quotes(report)
    lines += ["", "## Notes", ""] + _notes(report)
    return "\n".join(lines) + "\n"


__all__ = ["render_markdown"]
