"""A person's review of a finding: confirmed, dismissed or unsure, with a note, who and when.

Findings are machine guesses; a review is what a journalist decided about one. It is
stored apart from the report (``Store.save_review``) and attached whenever a report is
shown or exported, so recomputing a story's report keeps it.

A review is attached by the finding's **key**, not its ``id``: ``f1``, ``f2`` number the
findings of one computation and may shift when a story gains an article or the compare
stage changes. The key is a hash of what the finding is about and rests on: its ``kind``,
its ``subject`` and its evidence spans (article id, start, end). It stays the same while
those do; when the evidence changes, the finding is a new one and asks for a new review.
A store's article ids are its row ids, stable for the life of the file, so a story's
keys survive merges of stories too.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any

from storydiff.errors import InputError

#: What a reviewer may decide about a finding.
VERDICTS = ("confirmed", "dismissed", "unsure")

#: Longest note kept: a paragraph (longer text belongs in the newsroom's own notes).
MAX_NOTE = 2000


@dataclass(slots=True)
class Review:
    """One person's decision about one finding."""

    key: str
    verdict: str
    note: str
    reviewer: str
    at: str  # ISO 8601 UTC, seconds
    scope: str = ""  # "" for a store's stories; a comparison's id for a comparison

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def finding_key(finding: dict[str, Any]) -> str:
    """The stable key of a finding (a ``storydiff.report/1`` finding dict).

    Args:
        finding: one entry of ``report["findings"]``.

    Returns:
        ``"k"`` and 12 hex digits of a SHA-256 over kind, subject and evidence spans.
    """
    spans = sorted((str(e.get("article")), int(e.get("start", 0)), int(e.get("end", 0)))
                   for e in finding.get("evidence", []))
    text = "|".join([str(finding.get("kind") or ""), str(finding.get("subject") or "")]
                    + [f"{a}:{s}-{e}" for a, s, e in spans])
    return "k" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def check_review(verdict: str, note: str, reviewer: str) -> tuple[str, str, str]:
    """A review's fields, cleaned: the verdict checked, the note and name trimmed.

    Raises:
        InputError: the verdict is not one of :data:`VERDICTS`, or the note is too long.
    """
    if verdict not in VERDICTS:
        raise InputError("review", f"{verdict!r} is not a verdict: use one of {', '.join(VERDICTS)}")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InputError("review", f"the note is {len(note)} characters; keep it under {MAX_NOTE}")
    reviewer = " ".join(reviewer.split())[:120] or "anonymous"
    return verdict, note, reviewer


def attach_reviews(report: dict[str, Any], reviews: dict[str, Review]) -> dict[str, Any]:
    """A copy of a report dict whose findings carry their ``key`` and, where one was
    made, their ``review`` (``{verdict, note, reviewer, at}``).

    Args:
        report: a ``storydiff.report/1`` dict (left unchanged).
        reviews: finding key -> its review.

    Returns:
        The report with each finding extended (the contract's fields keep their names).
    """
    findings = []
    for finding in report.get("findings", []):
        key = finding_key(finding)
        extended = {**finding, "key": key}
        review = reviews.get(key)
        if review is not None:
            extended["review"] = {"verdict": review.verdict, "note": review.note,
                                  "reviewer": review.reviewer, "at": review.at}
        findings.append(extended)
    return {**report, "findings": findings}


__all__ = ["MAX_NOTE", "VERDICTS", "Review", "attach_reviews", "check_review", "finding_key"]
