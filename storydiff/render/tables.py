"""Findings and stories as flat rows, written as CSV or JSON Lines.

What a spreadsheet or a notebook takes directly (datasette-style exports): one row per
finding with its status, kind, values, articles and evidence (text and offsets), and one
row per story. ``finding_rows`` works on the ``storydiff.report/1`` dict, so the command
line (``compare``/``report --format csv|jsonl``) and the web app's ``.csv``/``.jsonl``
twins write the same rows from the same code.

In JSON Lines a row keeps its lists (``evidence`` is a list of objects); in CSV a list
becomes one cell: values, articles and outlets joined by ``" | "``, evidence texts one
per line, offsets as ``a1:120-245``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from storydiff.render.labels import article_labels

#: The columns of a finding row, in order. A finding field beyond these (``relation``,
#: ``newer``, a review's ``review_status``, ...) is appended after them, so an export
#: grows with the report contract and never drops what it holds.
FINDING_COLUMNS = (
    "story", "finding", "status", "kind", "summary", "values", "articles", "outlets",
    "evidence_text", "evidence_offsets",
)

#: Finding fields that the columns above already hold (or that are lists of article
#: voices, already named by ``articles``); a ``review`` becomes :data:`REVIEW_COLUMNS`.
_FINDING_SHOWN = {"id", "status", "kind", "summary", "evidence", "voices", "review"}

#: The columns of a person's review (``storydiff.review``), present when the report was
#: read with its reviews: the verdict, the note, who and when.
REVIEW_COLUMNS = ("review", "review_note", "reviewer", "reviewed_at")

#: The columns of a story row (``storydiff stories --format csv``).
STORY_COLUMNS = ("id", "title", "size", "outlets", "first_published", "last_published", "conflicts")

#: How list cells are joined in CSV: ``" | "`` reads well in a spreadsheet and seldom
#: occurs in outlet names or normalised values.
LIST_JOIN = " | "

#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def finding_rows(report: dict[str, Any], *, story: str | None = None) -> list[dict[str, Any]]:
    """One row per finding of a report, in the report's order.

    Args:
        report: a ``storydiff.report/1`` dict (``report_to_dict`` or the web app's).
        story: the story id to put in each row (default: ``report["story"]["id"]``, else None).

    Returns:
        JSON-ready dicts with the keys of :data:`FINDING_COLUMNS` (lists where a finding
        has several values, articles or outlets), ``evidence`` as a list of
        ``{article, outlet, start, end, text, value}``, and every other field the finding
        carries.
    """
    if story is None:
        story = (report.get("story") or {}).get("id")
    labels = article_labels(report.get("articles", []))
    rows = []
    for finding in report.get("findings", []):
        evidence = [
            {
                "article": item.get("article"),
                "outlet": labels.get(item.get("article"), item.get("article")),
                "start": item.get("start"),
                "end": item.get("end"),
                "text": item.get("text", ""),
                "value": item.get("value"),
            }
            for item in finding.get("evidence", [])
        ]
        articles = list(dict.fromkeys(item["article"] for item in evidence))
        row = {
            "story": story,
            "finding": finding.get("id"),
            "status": finding.get("status"),
            "kind": finding.get("kind"),
            "summary": finding.get("summary", ""),
            "values": list(dict.fromkeys(item["value"] for item in evidence if item["value"])),
            "articles": articles,
            "outlets": [labels.get(article, article) for article in articles],
            "evidence": evidence,
        }
        for key, value in finding.items():
            if key not in _FINDING_SHOWN and key not in row:
                row[key] = value
        if "key" in finding:  # read with its reviews: every row says whether it has one
            review = finding.get("review") or {}
            row.update(zip(REVIEW_COLUMNS, (review.get("verdict"), review.get("note"),
                                            review.get("reviewer"), review.get("at"))))
        rows.append(row)
    return rows


def _finding_csv_row(row: dict[str, Any]) -> dict[str, Any]:
    evidence = row.get("evidence") or []
    flat = {key: value for key, value in row.items() if key != "evidence"}
    flat["evidence_text"] = "\n".join(f"[{item['outlet']}] {item['text']}" for item in evidence)
    flat["evidence_offsets"] = "; ".join(f"{item['article']}:{item['start']}-{item['end']}" for item in evidence)
    return flat


def finding_columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    """The CSV columns of some finding rows: :data:`FINDING_COLUMNS`, then any further
    field a finding carries, in the order first met."""
    columns = list(FINDING_COLUMNS)
    for row in rows:
        for key in row:
            if key not in columns and key != "evidence":
                columns.append(key)
    return columns


def findings_csv(rows: list[dict[str, Any]]) -> str:
    """Finding rows (from :func:`finding_rows`) as CSV text with a header line."""
    return to_csv([_finding_csv_row(row) for row in rows], finding_columns(rows))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_JOIN.join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _cell(value: Any) -> str:
    """One CSV cell: lists joined by :data:`LIST_JOIN`, objects as JSON, None empty, and
    a cell that a spreadsheet would run as a formula prefixed with ``'`` (a number such as
    ``-3`` is left as it is). Article text is untrusted, so this is not optional."""
    text = _text(value)
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


#: Characters that make a CSV field quoted: the delimiter, the quote and line ends, as
#: ``csv.writer``'s default dialect (QUOTE_MINIMAL) decides.
_QUOTED = re.compile(r'[,"\r\n]')


def _field(value: Any) -> str:
    """:func:`_cell` written as a CSV field, quoted as ``csv.writer`` quotes it.

    The common cells (a plain string, a whole number, None) take a short path: the 10,000
    rows of the stories list's CSV (90,000 cells) took 271 ms through ``_cell`` and
    ``csv.writer``, 178 ms this way (median of 7 interleaved runs, load 6-7 on 2 cores).
    """
    kind = value.__class__
    if kind is str:
        text = value
    elif value is None:
        return ""
    elif kind is int:
        return str(value)  # digits and a sign: never a formula, never quoted
    else:
        text = _text(value)
    if text.startswith(_FORMULA_START):
        text = _cell(text)
    if _QUOTED.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(rows: Iterable[dict[str, Any]], columns: Iterable[str]) -> str:
    """Rows as CSV text (RFC 4180, ``\\r\\n`` line ends, a header line), quoted as
    ``csv.writer`` quotes (tests/test_web_fast_paths.py compares the two).

    Args:
        rows: dicts; a missing key is an empty cell.
        columns: the header, in order.

    Returns:
        The CSV text.
    """
    columns = list(columns)
    lines = [",".join([_field(column) for column in columns]) or ('""' if len(columns) == 1 else "")]
    for row in rows:
        get = row.get
        line = ",".join([_field(get(column)) for column in columns])
        # csv.writer writes a row of one empty field as "" (a bare empty line would read
        # back as no row at all).
        lines.append(line if line or len(columns) != 1 else '""')
    lines.append("")
    return "\r\n".join(lines)


#: One encoder for every JSON Lines row: ``json.dumps`` with options builds a new encoder
#: per call (the stories list's 10,000 rows: 205 ms that way, 145 ms with one encoder,
#: median of 7 interleaved runs, load 6-7 on 2 cores).
_JSONL = json.JSONEncoder(ensure_ascii=False, default=str)


def to_jsonl(rows: Iterable[dict[str, Any]]) -> str:
    """Rows as JSON Lines: one compact JSON object per line, UTF-8 kept readable."""
    encode = _JSONL.encode
    return "".join([encode(row) + "\n" for row in rows])


__all__ = [
    "FINDING_COLUMNS", "LIST_JOIN", "REVIEW_COLUMNS", "STORY_COLUMNS", "finding_columns", "finding_rows", "findings_csv",
    "to_csv", "to_jsonl",
]
