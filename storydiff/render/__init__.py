"""Render a report: the contract JSON, Markdown, or one self-contained HTML page.

``render(report, "md"|"json"|"html")`` is what the ``compare`` and ``report`` commands
call; the modules below are the pieces the web app reuses:

- ``json``: ``report_to_dict`` / ``report_from_dict`` / ``to_json`` (``storydiff.report/1``)
- ``markdown``: ``render_markdown``
- ``html``: ``render_html``, ``html_context``, ``environment`` (templates and partials)
- ``timeline``, ``matrix``: the data of the timeline and of the fact-by-article matrix
- ``timeline_svg``, ``highlight``: the timeline picture and the marked-up article texts
- ``tables``: findings and stories as rows, written as CSV or JSON Lines (``"csv"``,
  ``"jsonl"``: one row per finding)
- ``labels``: how an article is named (its outlet, with a badge when an outlet has two)
"""

from __future__ import annotations

from storydiff.model import Report
from storydiff.render.html import render_html
from storydiff.render.json import report_to_dict, to_json
from storydiff.render.markdown import render_markdown
from storydiff.render.tables import finding_rows, findings_csv, to_jsonl

#: Output formats, as the ``--format`` option spells them.
FORMATS = ("md", "json", "html", "csv", "jsonl")


def render(report: Report, fmt: str = "md") -> str:
    """The report in one of ``FORMATS``.

    Args:
        report: the report.
        fmt: ``"md"`` (Markdown), ``"json"`` (``storydiff.report/1``), ``"html"``, or
            ``"csv"``/``"jsonl"`` (the findings, one row each: ``storydiff.render.tables``).

    Returns:
        The rendered text.

    Raises:
        ValueError: ``fmt`` is not one of ``FORMATS``.
    """
    if fmt == "md":
        return render_markdown(report)
    if fmt == "json":
        return to_json(report) + "\n"
    if fmt == "html":
        return render_html(report)
    if fmt in ("csv", "jsonl"):
        rows = finding_rows(report_to_dict(report))
        return findings_csv(rows) if fmt == "csv" else to_jsonl(rows)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render"]
